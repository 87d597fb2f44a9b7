"""The support team's back office (/admin): sign-in (auth.py), its state and page (state.py,
page.py), list queries (queries.py), signed attachment downloads (files.py), the deflection
figures (reporting.py), and retention and erasure (privacy.py)."""
