"""The signed-in customer, as the host page's identity token says (checked on the server).

The token comes from the host by postMessage (assets/host.js), is checked here and is not
kept: only what it says is, in this state (the server's memory, or Redis), until the token's
own expiry, « Ce n'est pas vous ? » (ContactState.not_me) or the host's logout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from alma_widget import metrics
from alma_widget.flow.state import WidgetState
from alma_widget.identity.token import Identity, IdentityRefused, parse_secrets, verify
from alma_widget.page_calls import emit
from alma_widget.settings import settings
from alma_widget.storage.tables import utc_now

logger = logging.getLogger(__name__)


@cache
def identity_secrets() -> dict[str, bytes]:
    """ALMA_IDENTITY_SECRETS by kid (ValueError in French when malformed: checked at start)."""
    value = settings().identity_secrets
    return parse_secrets(value.get_secret_value() if value else None)


class IdentityState(WidgetState):  # pragma: no mutate block
    """Who the customer is, when the host page said so with a valid token."""

    # The account's email, shown locked in the form; "" for an anonymous customer.
    signed_in_email: str = ""
    _identity: Identity | None = None
    # The customer whose unverified address was suggested in the form: once, not again at
    # each reconnection (the customer may have changed it since; the page keeps what they typed).
    _suggested_for: str = ""

    def current(self) -> Identity | None:
        """The identity, if there is one and it has not expired."""
        if self._identity is not None and self._identity.expired(utc_now()):
            return None
        return self._identity

    def had_one(self) -> bool:
        """An identity was given, current or expired."""
        return self._identity is not None

    def drop(self) -> None:
        self._identity = None
        self.signed_in_email = ""

    def forget_at_connection(self) -> None:
        """Every connection starts as nobody: the page sends the host's token again
        (alma_widget/web/connection_guard.py); a copied socket token has none to send."""
        self.drop()

    @rx.event
    async def identify(self, token: Any):
        """A token from the host page (identify() or init's identityToken)."""
        try:
            identity = verify(
                token,
                identity_secrets(),
                audience=settings().identity_audience,
                issuer=settings().identity_issuer,
            )
        except IdentityRefused as exc:
            # Which check failed, for whoever runs the widget; never the token. Whoever was
            # identified before is not any more: the host no longer vouches for them.
            logger.warning("identity refused: %s", exc)
            metrics.identity_result(exc.kind)
            await self.forget_customer_data()
            return emit("error", {"code": "identity_refused"})
        metrics.identity_result("accepted")
        previous = self._identity
        if previous is not None and previous.customer_id != identity.customer_id:
            await self.forget_customer_data()  # another customer in this tab sees none of it
        self._identity = identity
        if identity.email_verified:
            self.signed_in_email = identity.email  # locked: the request goes from it
        else:
            # An address Alma has not verified is only a suggestion the customer may change.
            self.signed_in_email = ""
            if self._suggested_for != identity.customer_id:
                self._suggested_for = identity.customer_id
                for suggest in ADDRESS_SUGGESTED:
                    await suggest(self, identity.email)
        unread = await self._unread()
        replied = [] if unread is None else [emit("replied", {"count": unread})]
        return [emit("identified", {}), *replied]

    async def _unread(self) -> int | None:
        """How many of the customer's requests have a reply they have not opened (the
        host's badge); nothing personal leaves, a count. The store out of reach: no badge,
        the customer signed in all the same."""
        from alma_widget.identity.my_requests import unread_count

        identity = self._identity
        if identity is None:
            return None
        try:
            return await asyncio.to_thread(unread_count, identity.customer_id)
        except SQLAlchemyError as exc:
            logger.warning("unread replies not counted: %s", type(exc).__name__)
            return None

    # The states below build on this one (they import it): asked for by class here.
    async def forget_customer_data(self, *, signed_out: bool = False) -> None:
        """Nobody is identified any more: the identity, its locked address and « Mes
        demandes » go; `signed_out` (the host's logout): the suggestion made to them too."""
        from alma_widget.identity.my_requests import MyRequestsState

        self.drop()
        if signed_out:
            self._suggested_for = ""
        (await self.get_state(MyRequestsState)).forget()


# What the states above do with an address Alma has not verified (contact/state.py offers it
# in the form): they register here, so that this package never imports them.
ADDRESS_SUGGESTED: list[Callable[[IdentityState, str], Awaitable[None]]] = []


def when_address_suggested(
    handler: Callable[[IdentityState, str], Awaitable[None]],
) -> Callable[[IdentityState, str], Awaitable[None]]:
    """Register `handler(identity_state, address)`, called once per signed-in customer."""
    ADDRESS_SUGGESTED.append(handler)
    return handler
