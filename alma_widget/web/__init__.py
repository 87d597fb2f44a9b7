"""The widget as a web server: one prerendered page per language and context
(page_variants.py) rewritten for its first paint at build (first_paint.py), response headers
(headers.py), the upload size cap (upload_limit.py), /health (health.py), the handler of
errors raised by events (event_errors.py) and the logs' format (logs.py)."""
