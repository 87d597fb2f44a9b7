"""The widget's content (category tree and every customer-facing text) as validated data.

Content lives in TOML files under `alma_widget/content/`, one per locale, edited by the
support team. Everything is checked here when the app starts, so a bad edit stops the
start with one readable message instead of showing customers a broken widget.
"""

from __future__ import annotations

import typing
import unicodedata
import zoneinfo
from datetime import date, time
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from alma_widget.identifiers import STABLE_ID, matches


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("le texte est vide")
    return text


def _absolute_https(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or " " in url:
        raise ValueError(f"« {url} » n'est pas une adresse absolue en https://")
    return url


def _stable_id(value: str) -> str:
    if not matches(STABLE_ID, value):
        raise ValueError(
            f"« {value} » n'est pas un identifiant valide "
            "(lettres minuscules sans accent, chiffres et tirets, 64 au plus)"
        )
    return value


def _has_paragraphs(paragraphs: list[str]) -> list[str]:
    if not paragraphs:
        raise ValueError("le sujet n'a pas de texte d'aide")
    return paragraphs


Text = Annotated[str, AfterValidator(_not_blank)]
HttpsUrl = Annotated[str, AfterValidator(_absolute_https)]
StableId = Annotated[str, AfterValidator(_stable_id)]

# The two intros that precede the contact form: purchase/order questions ask for the
# order's email and phone, account questions for the account's email.
IntroKind = Literal["purchase", "account"]
# The drawing on a category's card (components/icons.py draws each, inline: nothing fetched).
IconName = Literal["card", "calendar", "parcel", "person", "question"]


class Strict(BaseModel):
    """Base for content models: unknown keys are refused, a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class UiTexts(Strict):
    """Labels, questions and announcements of the widget; `{name}` marks a placeholder."""

    # The language's own name, on the switch that selects it ("Français", "English").
    locale_name: Text
    language_label: Text
    title: Text
    category_question: Text
    topic_question: Text
    faq_link: Text
    faq_link_hint: Text
    merchant_question: Text
    merchant_reminder: Text
    helped_question: Text
    helped_thanks: Text
    not_helped: Text
    yes: Text
    no: Text
    contact_button: Text
    back: Text
    start_over: Text
    email_label: Text
    email_hint: Text
    # A signed-in customer's email, locked (alma_widget/identity), and the way out of it.
    email_signed_in_hint: Text
    not_you: Text
    phone_label: Text
    phone_hint: Text
    optional: Text
    message_label: Text
    message_hint: Text
    honeypot_label: Text
    submit: Text
    sending: Text
    error_summary_title: Text
    confirmation_title: Text
    confirmation_reference: Text
    new_request: Text
    privacy_notice: Text
    privacy_link: Text
    privacy_url: HttpsUrl
    new_tab: Text
    attachments_label: Text
    attachments_hint: Text
    attachments_button: Text
    attachments_remove: Text
    announce_topics: Text
    announce_help: Text
    announce_form: Text
    announce_start: Text
    search_label: Text
    search_results_label: Text
    search_results: Text
    search_one_result: Text
    search_no_result: Text
    search_suggestion: Text
    search_dismiss: Text
    connection_lost: Text
    service_unavailable: Text


class ErrorTexts(Strict):
    """Every refusal a customer may read; `{name}` placeholders are filled by the code."""

    required: Text
    invalid: Text
    type: Text
    bidi: Text
    control: Text
    email_required: Text
    email_invalid: Text
    email_too_long: Text
    email_mixed_script: Text
    phone_required: Text
    phone_invalid: Text
    message_required: Text
    message_too_short: Text
    message_too_long: Text
    topic_required: Text
    save_failed: Text
    identity_expired: Text
    too_many_requests: Text
    attachment_empty: Text
    attachment_too_large: Text
    attachment_wrong_type: Text
    attachments_too_many: Text
    attachments_too_fast: Text
    attachments_unavailable: Text


class MailTexts(Strict):
    """The acknowledgement mailed to the customer (the support team's mail stays French)."""

    acknowledgement_subject: Text
    acknowledgement_body: Text
    # « Suivre une demande »: {reference}, and {link} the one-time link.
    tracking_subject: Text
    tracking_body: Text
    # The satisfaction mail (ALMA_CSAT_MAIL): {reference}, and {link} to the request.
    csat_subject: Text
    csat_body: Text


class RequestsTexts(Strict):
    """« Mes demandes »: a signed-in customer's requests and their statuses in their words."""

    link: Text
    title: Text
    empty: Text
    close: Text
    sent_on: Text
    status_label: Text
    what_you_sent: Text
    attachments: Text
    back_to_list: Text
    # « Suivre une demande », for a customer not signed in.
    track_link: Text
    track_title: Text
    track_intro: Text
    track_reference_label: Text
    track_reference_hint: Text
    track_submit: Text
    track_sent: Text
    track_reference_invalid: Text
    track_too_many: Text
    track_link_unusable: Text
    tracked_title: Text
    # The conversation of an opened request (alma_widget/conversation/): its heading, who
    # wrote each message, {date} and {time} of a message, what shows when Zendesk could not
    # be read.
    thread_title: Text
    thread_team: Text
    thread_you: Text
    thread_at: Text
    thread_stale: Text
    # Before a file's name on its download button (read by screen readers).
    download: Text
    # Beside a request the team replied to since the customer last opened it.
    new_reply: Text
    # « Mon problème est résolu » (conversation/solve.py): the button, its confirmation, the
    # answer when Zendesk took it or not.
    solve_button: Text
    solve_question: Text
    solve_confirm: Text
    solve_cancel: Text
    solve_done: Text
    solve_failed: Text
    # « Répondre » under the conversation (conversation/answering.py): the form, its button,
    # what shows once stored; on a closed request the same form makes « Nouvelle demande
    # liée » ({reference}: the new request's); beside an answer not yet on the ticket.
    answer_title: Text
    answer_label: Text
    answer_submit: Text
    answer_sending: Text
    answer_done: Text
    answer_failed: Text
    answer_signed_out: Text
    follow_up_title: Text
    follow_up_intro: Text
    follow_up_submit: Text
    follow_up_done: Text
    reply_pending: Text
    reply_failed: Text
    # « Êtes-vous satisfait de la réponse ? » once per resolution (conversation/
    # satisfaction_state.py): Oui / Non, on Non a reason (one text per storage/satisfaction.py
    # REASONS) and a comment.
    csat_question: Text
    csat_yes: Text
    csat_no: Text
    csat_reason_label: Text
    csat_reason_unsolved: Text
    csat_reason_slow: Text
    csat_reason_unclear: Text
    csat_reason_other: Text
    csat_comment_label: Text
    csat_submit: Text
    csat_reason_required: Text
    csat_thanks: Text
    csat_failed: Text
    received: Text
    in_progress: Text
    waiting_for_you: Text
    solved: Text
    closed: Text


class DetailTexts(Strict):
    """A detail of the request (alma_widget/customer_request/details.py) in the customer's
    words: its label (« (facultatif) » is added), its hint, and what a wrong one is told."""

    label: Text
    hint: Text
    invalid: Text


class LoaderTexts(Strict):
    """The few words of the loader on the host page (launcher button, panel, iframe title)."""

    launcher: Text
    close: Text
    frame_title: Text
    dialog_label: Text


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = typing.get_args(Weekday)


class OpeningHours(Strict):
    """One day's opening: from and until, « HH:MM »."""

    opens: time
    closes: time

    @model_validator(mode="after")
    def _in_order(self) -> OpeningHours:
        if self.closes <= self.opens:
            raise ValueError("l'heure de fermeture doit suivre l'heure d'ouverture")
        return self


class SearchWords(Strict):
    """What the help search skips besides the stop words its library ships for the language:
    the words customers write that say nothing of their problem (greetings, thanks)."""

    filler_words: list[str] = []


class HoursTexts(Strict):
    """The team's business hours and public holidays (in their time zone), and how the
    expected reply time is said (alma_widget/conversation/reply_time.py): `{duration}` a
    median in business time, `{day}` `{time}` the next opening, `few_replies` when the data
    is too thin for a figure."""

    time_zone: str
    open: dict[Weekday, OpeningHours]
    holidays: list[date] = []
    typical: Text
    outside: Text
    few_replies: Text
    minutes: Text
    hours: Text
    days: Text
    day_names: list[Text]
    # A time of day: {hour}, {minute} (two digits; « 9 h 00 » is said « 9 h »).
    clock: Text

    @model_validator(mode="after")
    def _known(self) -> HoursTexts:
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"fuseau horaire inconnu : {self.time_zone}") from None
        if len(self.day_names) != 7:
            raise ValueError("day_names : les sept jours, du lundi au dimanche")
        if not self.open:
            raise ValueError("open : au moins un jour ouvré")
        return self


class Intros(Strict):
    """The paragraph shown above the contact form, per kind of category."""

    purchase: Text
    account: Text


def _keywords(words: list[str]) -> list[str]:
    """Customers' own words for a topic (search): a few, short, each once."""
    if len(words) < 3:
        raise ValueError("au moins 3 mots-clés, dans les mots des clients")
    seen = set()
    for word in words:
        if not word.strip() or len(word) > 40:
            raise ValueError(f"mot-clé vide ou trop long (40 caractères au plus) : « {word} »")
        folded = unicodedata.normalize("NFD", word.casefold().strip())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        if folded in seen:
            raise ValueError(f"mot-clé en double : « {word} »")
        seen.add(folded)
    return words


class Topic(Strict):
    """A precise question inside a category, with the help text that answers it."""

    id: StableId
    label: Text
    # What customers type for it (« cb », « colis »...): the search matches these too.
    keywords: Annotated[list[str], AfterValidator(_keywords)]
    help: Annotated[list[Text], AfterValidator(_has_paragraphs)]
    faq_url: HttpsUrl
    # The help text tells the customer to contact the merchant first (delivery, conformity).
    ask_merchant_first: bool = False
    # The contact form offers attachments (photos of the item, a PDF invoice).
    accepts_attachments: bool = False


class Category(Strict):
    """A top-level choice: what the request is about."""

    id: StableId
    label: Text
    intro: IntroKind
    icon: IconName = "question"
    topics: list[Topic]

    @property
    def asks_for_order(self) -> bool:
        """The purchase rule, in one place: a purchase or order question (its intro is the
        purchase one) asks for the phone used for the order, and offers its reference."""
        return self.intro == "purchase"

    @model_validator(mode="after")
    def _has_topics(self) -> Category:
        if not self.topics:
            raise ValueError("la catégorie n'a aucun sujet")
        return self


class Catalog(Strict):
    """The whole content of one locale."""

    ui: UiTexts
    errors: ErrorTexts
    mail: MailTexts
    requests: RequestsTexts
    loader: LoaderTexts
    intros: Intros
    hours: HoursTexts
    details: dict[str, DetailTexts]
    search: SearchWords = SearchWords()
    categories: list[Category]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Catalog:
        if not self.categories:
            raise ValueError("aucune catégorie")
        seen: set[str] = set()
        for category in self.categories:
            for item_id in [category.id, *(t.id for t in category.topics)]:
                if item_id in seen:
                    raise ValueError(f"l'identifiant « {item_id} » est utilisé deux fois")
                seen.add(item_id)
        return self

    def category(self, category_id: str) -> Category | None:
        """The category with this id, or None."""
        return next((c for c in self.categories if c.id == category_id), None)

    def find_topic(self, topic_id: str) -> tuple[Category, Topic] | None:
        """The category and topic of a topic id, wherever it is in the tree."""
        for category in self.categories:
            for topic in category.topics:
                if topic.id == topic_id:
                    return category, topic
        return None

    def labels(self, category_id: str, topic_id: str) -> tuple[str, str]:
        """The category's and the topic's labels; their ids where the content no longer has
        them (a request stored before the content changed)."""
        category, topic = self.category(category_id), self.topic(category_id, topic_id)
        return (category.label if category else category_id, topic.label if topic else topic_id)

    def topic(self, category_id: str, topic_id: str) -> Topic | None:
        """The topic with this id inside this category, or None."""
        category = self.category(category_id)
        if category is None:
            return None
        return next((t for t in category.topics if t.id == topic_id), None)

    def tree(self) -> dict[str, list[str]]:
        """Category ids with their topic ids: what every locale must have alike."""
        return {c.id: [t.id for t in c.topics] for c in self.categories}
