"""The contact form: its Reflex state (state.py: typed values, errors, submission), the
request model that holds every validation rule (request.py), attachments (attachments.py)
and the rate limits on requests and sign-ins (limits.py)."""
