"""The contact form: its Reflex state (state.py: typed values, errors, submission), the
request model that holds every validation rule (request.py) and attachments
(attachments.py). Its rate limits are in alma_widget/rate_limits.py."""
