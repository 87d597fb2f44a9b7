"""The guided flow: category, topic, help, form. `machine.py` is the state machine (steps and
checked transitions, free of Reflex); `snapshot.py` checks what the browser reports of it;
`state.py` is the Reflex state that follows the browser and counts the steps; `beacon.py`
counts the choices of a page that left before it connected."""
