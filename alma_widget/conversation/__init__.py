"""The conversation of a request after « Envoyer »: the team's replies, read from Zendesk."""
