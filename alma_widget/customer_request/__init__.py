"""What a customer's request is, below every package that handles one: the request model
with every validation rule (model.py: the address, the phone, the message, an answer), the
only place where they are written, and the request's details (details.py: the order
reference), each declared once. `contact` (the form), `identity`
(a token's address), `storage`, the conversation and the back office all look down on it."""
