"""The database: its tables (tables.py), the engine's settings (database.py) and the small
keyword-only functions that read and write them (queries.py)."""
