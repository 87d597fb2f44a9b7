"""The guided flow: category, topic, help, form. `machine.py` is the state machine (steps and
checked transitions, free of Reflex); `snapshot.py` checks what the browser reports of it;
`state.py` is the Reflex state that follows the browser and counts the steps. The choices of
a page that left before it connected arrive by web/flow_beacon.py (an HTTP endpoint: the
web layer's, which looks down on this one)."""
