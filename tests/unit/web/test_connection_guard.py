"""What every new connection forgets before Reflex's first snapshot
(alma_widget/web/connection_guard.py): in each loaded state, however deep."""

from alma_widget.contact.state import ContactState
from alma_widget.flow.state import WidgetState
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.web.connection_guard import forget_personal_data


def test_each_loaded_state_forgets_what_is_personal_and_the_others_are_left_alone():
    flow, form, requests = WidgetState(), ContactState(), MyRequestsState()
    flow.topic_id = "order-not-compliant"  # the flow is not personal: it stays
    form.email, form.message = "client@exemple.fr", "Mon colis est arrivé cassé."
    requests.shown, requests.items = True, [{"reference": "ALM-0000TEST"}]
    # The tree as Reflex holds it: the flow (no forget_at_connection) above the others.
    flow.substates = {"contact_state": form}
    form.substates = {"my_requests_state": requests}
    forget_personal_data(flow)
    assert (form.email, form.message) == ("", "")
    assert (requests.shown, requests.items) == (False, [])
    assert flow.topic_id == "order-not-compliant"
