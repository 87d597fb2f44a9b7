"""The /admin page: sign-in, then the list, one request, and the deflection figures."""

import reflex as rx
from reflex_components_core.el.elements.base import BaseHTML

from alma_widget.admin.queries import DELIVERY_LABELS, STATUS_LABELS
from alma_widget.admin.reporting import RATES_EXPLAINED
from alma_widget.admin.session_endpoint import SIGN_IN_PATH, SIGN_OUT_PATH
from alma_widget.admin.state import AdminState
from alma_widget.content.loading import catalog


def _field(name: str, label: str, kind: str = "text") -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"admin-{name}"),
        rx.el.input(id=f"admin-{name}", name=name, type=kind),
        class_name="field",
    )


def _table(headers: list[str], items, cells, caption: str = "", **attrs) -> rx.Component:
    """A table of `items`, one row each, `cells(item)` giving the row's cells in order."""
    return rx.el.table(
        *([rx.el.caption(caption)] if caption else []),
        rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in headers])),
        rx.el.tbody(rx.foreach(items, lambda item: rx.el.tr(*[rx.el.td(c) for c in cells(item)]))),
        **attrs,
    )


class NativeForm(BaseHTML):
    """A <form> the browser itself submits (rx.el.form always prevents that, to send the
    fields as an event instead)."""

    tag = "form"
    action: rx.Var[str]
    method: rx.Var[str]


def _sign_in() -> rx.Component:
    # A plain post: the answer sets the session's HttpOnly cookie (admin/session_endpoint.py),
    # which no script, React's included, could set.
    return NativeForm.create(
        rx.el.h2("Connexion"),
        _field("user", "Identifiant"),
        _field("password", "Mot de passe", "password"),
        rx.el.button("Se connecter", type="submit", class_name="primary"),
        action=SIGN_IN_PATH,
        method="post",
        aria_label="Connexion au back office",
    )


def _select(name: str, label: str, options: list[tuple[str, str]]) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"filter-{name}"),
        rx.el.select(
            rx.el.option("Tous", value=""),
            *[rx.el.option(text, value=value) for value, text in options],
            id=f"filter-{name}",
            name=name,
        ),
        class_name="field",
    )


def _filters() -> rx.Component:
    content = catalog()
    return rx.el.form(
        rx.el.div(
            _select("status", "Statut", list(STATUS_LABELS.items())),
            _select("delivery", "Remise", list(DELIVERY_LABELS.items())),
            _select("category_id", "Catégorie", [(c.id, c.label) for c in content.categories]),
            _select(
                "topic_id", "Sujet", [(t.id, t.label) for c in content.categories for t in c.topics]
            ),
            _field("merchant", "Marchand"),
            _field("since", "Depuis le", "date"),
            _field("until", "Jusqu'au", "date"),
            _field("search", "Référence ou email"),
            class_name="filters",
        ),
        rx.el.button("Filtrer", type="submit"),
        rx.el.button("Exporter en CSV", type="button", on_click=AdminState.export_csv),
        on_submit=AdminState.apply_filters,
        reset_on_submit=False,
        aria_label="Filtres",
    )


def _list() -> rx.Component:
    header = ["Référence", "Reçue le", "Sujet", "Email", "Marchand", "Statut", "Remise"]
    return rx.el.section(
        rx.el.h2("Demandes (", AdminState.total, ")"),
        _filters(),
        _table(
            header,
            AdminState.rows,
            lambda row: [
                rx.el.button(
                    row["reference"],
                    type="button",
                    class_name="link-button",
                    on_click=AdminState.open_request(row["reference"]),
                ),
                row["created_at"],
                row["topic"],
                row["email"],
                row["merchant"],
                row["status"],
                row["delivery"],
            ],
            id="requests",
        ),
        rx.el.div(
            rx.el.button("Page précédente", type="button", on_click=AdminState.turn_page(-1)),
            rx.el.span(" Page ", AdminState.page, " "),
            rx.el.button("Page suivante", type="button", on_click=AdminState.turn_page(1)),
            class_name="nav",
        ),
        aria_label="Demandes",
    )


def _deliveries() -> rx.Component:
    """Each way the request was sent (mail, Zendesk), its state and its last failure."""
    return _table(
        ["Canal", "État", "Essais", "Erreur"],
        AdminState.deliveries,
        lambda d: [d["kind"], d["status"], d["attempts"], d["error"]],
        caption="Remise",
        id="deliveries",
    )


def _detail() -> rx.Component:
    return rx.cond(
        AdminState.detail_reference != "",
        rx.el.section(
            rx.el.h2("Demande ", AdminState.detail_reference),
            rx.el.dl(
                rx.foreach(
                    AdminState.detail,
                    lambda pair: rx.fragment(
                        rx.el.dt(pair[0]), rx.el.dd(pair[1], class_name="as-text")
                    ),
                )
            ),
            rx.cond(
                AdminState.ticket_url != "",
                rx.el.p(
                    rx.el.a(
                        AdminState.ticket_label,
                        rx.el.span(" (nouvel onglet)", class_name="visually-hidden"),
                        href=AdminState.ticket_url,
                        target="_blank",
                        rel="noopener noreferrer",
                    )
                ),
            ),
            _deliveries(),
            rx.el.ul(
                rx.foreach(
                    AdminState.attachments,
                    lambda file: rx.el.li(
                        rx.el.button(
                            "Télécharger ",
                            file["name"],
                            type="button",
                            on_click=AdminState.download(file["stored_name"]),
                        )
                    ),
                ),
                aria_label="Pièces jointes",
            ),
            rx.el.div(
                *[
                    rx.el.button(
                        f"Marquer « {label} »",
                        type="button",
                        on_click=AdminState.change_status(value),
                    )
                    for value, label in STATUS_LABELS.items()
                ],
                class_name="nav",
            ),
            aria_label="Détail de la demande",
        ),
    )


def _figures() -> rx.Component:
    header = [
        "Sujet",
        "Aide vue",
        "Oui",
        "Non",
        "Formulaire",
        "Demande",
        "Par la recherche",
        "Sans formulaire",
        "« Oui »",
        "Avis",
        "Satisfaits",
    ]
    return rx.el.section(
        rx.el.h2("Déviation par sujet"),
        rx.el.form(
            _field("since", "Depuis le", "date"),
            _field("until", "Jusqu'au", "date"),
            rx.el.button("Calculer", type="submit"),
            on_submit=AdminState.load_figures,
            reset_on_submit=False,
            aria_label="Période",
        ),
        _table(
            header,
            AdminState.figures,
            lambda row: [
                row["topic"],
                row["shown"],
                row["yes"],
                row["no"],
                row["form"],
                row["sent"],
                row["search"],
                rx.fragment(
                    rx.el.span(class_name="bar", style={"width": row["bar"]}, aria_hidden="true"),
                    row["solved"],
                ),
                row["yes_rate"],
                row["rated"],
                row["satisfaction"],
            ],
            id="figures",
            aria_describedby="figures-explained",
        ),
        rx.el.p(RATES_EXPLAINED, id="figures-explained", class_name="hint"),
        _satisfaction(),
        _misses(),
        aria_label="Déviation",
    )


def _satisfaction() -> rx.Component:
    """« Êtes-vous satisfait de la réponse ? », answered after a resolution, per category."""
    return rx.el.section(
        rx.el.h3("Satisfaction par catégorie", id="satisfaction-heading"),
        _table(
            ["Catégorie", "Avis", "Satisfaits", "Taux"],
            AdminState.satisfaction,
            lambda row: [row["category"], row["rated"], row["satisfied"], row["rate"]],
            id="satisfaction",
        ),
        aria_labelledby="satisfaction-heading",
    )


def _misses() -> rx.Component:
    """What customers searched for without a match (personal data removed, 90 days)."""
    return _table(
        ["Recherche", "Fois"],
        AdminState.misses,
        lambda pair: [pair[0], pair[1]],
        caption="Recherches sans résultat (90 derniers jours)",
        id="search-misses",
    )


def _erasure() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Effacer les données d'un client"),
        rx.el.form(
            _field("email", "Adresse email", "email"),
            rx.el.button("Tout effacer pour cette adresse", type="submit"),
            on_submit=AdminState.erase_customer,
            reset_on_submit=True,
            aria_label="Effacement",
        ),
        aria_label="Effacement",
    )


def admin_page() -> rx.Component:
    """The whole back office; nothing but the sign-in form before signing in."""
    return rx.el.main(
        rx.el.h1("Back office · demandes"),
        rx.cond(
            AdminState.notice != "", rx.el.p(AdminState.notice, role="status", class_name="notice")
        ),
        rx.cond(
            AdminState.signed_in,
            rx.fragment(
                rx.el.p(
                    "Connecté : ",
                    AdminState.user,
                    " · contenu en ligne : ",
                    AdminState.version,
                    " ",
                    NativeForm.create(
                        rx.el.button("Se déconnecter", type="submit"),
                        action=SIGN_OUT_PATH,
                        method="post",
                        class_name="inline-form",
                    ),
                ),
                _list(),
                _detail(),
                _figures(),
                _erasure(),
            ),
            _sign_in(),
        ),
        class_name="widget admin",
        aria_label="Back office",
    )
