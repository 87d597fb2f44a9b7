"""« Décrivez votre problème »: what the in-page search indexes (topics.py; the search itself
runs in the browser, search/) and the queries that found nothing, scrubbed (misses.py)."""
