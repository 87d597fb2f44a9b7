"""« Suivre une demande », for a customer who is not signed in: the reference and the address
that sent it earn a one-time link by mail (links.py), and the link opens that request in the
widget (state.py, the form and what a link opens). Signed-in customers have « Mes demandes »
instead (identity/)."""
