"""What the customer reads: the category tree, help texts and words of the widget, one TOML
file per locale (fr.toml, en.toml), their pydantic models (models.py), and their loading and
checking (loading.py, `make check-content`)."""
