"""The contact form's states, without a browser: each handler finds the others it asks for."""

import pytest

from alma_widget.contact import state as contact
from alma_widget.contact.state import ContactState
from alma_widget.flow.state import WidgetState
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.identity.state import IdentityState


@pytest.fixture
def my_requests() -> MyRequestsState:
    """« Mes demandes », closed."""
    return MyRequestsState()


@pytest.fixture
def form() -> ContactState:
    """The contact form, empty."""
    return ContactState()


@pytest.fixture
def identity(monkeypatch, my_requests, form) -> IdentityState:
    """The signed-in customer's state (nobody, until a test identifies someone); it finds
    « Mes demandes » when it asks for it."""

    async def get_state(self, cls):
        return {MyRequestsState: my_requests, ContactState: form}[cls]

    monkeypatch.setattr(IdentityState, "get_state", get_state)
    return IdentityState()


@pytest.fixture
def states(monkeypatch, identity, my_requests, form):
    """The flow at the form of an account question, and the form; handlers find each other."""
    flow = WidgetState()
    flow.sync(
        {
            "seq": 1,
            "actions": ["category", "topic", "form"],
            "step": "form",
            "category_id": "account",
            "topic_id": "customer-area-access",
        }
    )
    others = {IdentityState: identity, MyRequestsState: my_requests}

    async def get_state(self, cls):
        return others.get(cls, flow)

    monkeypatch.setattr(ContactState, "get_state", get_state)
    monkeypatch.setattr(contact.abuse, "refusal", lambda **kwargs: None)
    return flow, form
