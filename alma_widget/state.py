"""The map of the widget's Reflex state tree: the root and every substate, from one file.

Reflex keeps one tree of states per browser tab, on the server (memory, or Redis with
`make serve`); events name a state, and a handler reaches another with `get_state`. Each
state lives with the capability it serves; they are imported here so a newcomer sees the
whole machine at once (and so does the app: `alma_widget.alma_widget` imports this map).

    rx.State
    ├── WidgetState            flow/state.py: the steps of one customer's visit (the pure
    │   │                      machine is flow/machine.py): category, topic, help, form
    │   ├── HostState          embedding/host_state.py: what the host page said (language,
    │   │                      context, prefill) and each connection's start
    │   ├── IdentityState      identity/state.py: the signed-in customer (a checked token)
    │   ├── ContactState       contact/state.py: the form, its files, the submission
    │   ├── TrackingState      tracking/state.py: « Suivre une demande »
    │   ├── MyRequestsState    identity/my_requests.py: « Mes demandes », one request opened,
    │   │                      its conversation, « Mon problème est résolu »
    │   ├── AnswerState        conversation/answer_state.py: « Répondre » under it
    │   └── SatisfactionState  conversation/satisfaction_state.py: « Êtes-vous satisfait ? »
    └── AdminState             admin/state.py: the back office (its own page, /admin)

A state that holds something personal forgets it at each connection (`forget_at_connection`,
web/connection_guard.py): what the page proves again (the host's token, a tracking link) is
checked again, never trusted from a copied socket token. Private fields (a leading `_`)
never reach the browser.
"""

from __future__ import annotations

from alma_widget.admin.state import AdminState
from alma_widget.contact.state import ContactState
from alma_widget.conversation.answer_state import AnswerState
from alma_widget.conversation.satisfaction_state import SatisfactionState
from alma_widget.embedding.host_state import HostState
from alma_widget.flow.state import WidgetState
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.identity.state import IdentityState
from alma_widget.tracking.state import TrackingState

# The widget's states, root first, as the tree above draws them.
WIDGET_STATES = (
    WidgetState,
    HostState,
    IdentityState,
    ContactState,
    TrackingState,
    MyRequestsState,
    AnswerState,
    SatisfactionState,
)
BACK_OFFICE_STATES = (AdminState,)
