"""The support team's back office (/admin)."""
