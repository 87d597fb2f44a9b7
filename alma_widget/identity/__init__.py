"""Who a signed-in customer is: the identity token Alma's account backend signs (token.py)
and the widget's state that holds what it says (state.py)."""
