"""Nothing personal reaches a new connection before the page has proved who it is (#30).

Reflex answers every (re)connection with the whole state (its hydrate snapshot) before any
handler of ours runs, and the socket's token is all that ties a connection to a state. That
token travels in the websocket's address (so in proxies' logs) and the state outlives the tab
on the server: a copied token would receive what the last connection left, and act as the
customer it had identified. So at every connection, before the snapshot is taken, each state
that holds something personal forgets it (`forget_at_connection`): the customer's identity and
« Mes demandes », what was typed, the back office's screen unless the cookie's session is
live. The page hands back what is its own: the host's identity token, which assets/host.js
keeps in memory and sends again at each connection, and what the customer typed, which the
browser keeps (assets/client_flow.js).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.constants import CompileVars
from reflex_base.event import Event, get_event

if TYPE_CHECKING:
    from reflex.app import App

CONNECTION_EVENTS = (CompileVars.HYDRATE, CompileVars.HYDRATE_AND_LOAD)


def loaded_states(state: BaseState) -> Iterator[BaseState]:
    """The state and every substate loaded under it: what the snapshot will carry."""
    yield state
    for substate in state.substates.values():
        yield from loaded_states(substate)


def forget_personal_data(state: BaseState) -> None:
    """Each loaded state drops what is personal (a state says what, in forget_at_connection)."""
    for loaded in loaded_states(state):
        forget = getattr(loaded, "forget_at_connection", None)
        if callable(forget):
            forget()


class ConnectionGuard(Middleware):
    """Runs before Reflex's own handling of each event; acts on connections only."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        if event.name in {get_event(state, name) for name in CONNECTION_EVENTS}:
            forget_personal_data(state)
        return None  # Reflex goes on: the snapshot it sends is taken after this
