"""Named agents of the back office, and what they did (#20.10).

    alma-widget-agent add NAME       a new agent; the password is read (twice on a terminal,
                                     once from stdin), 12 characters at least, kept as scrypt
    alma-widget-agent disable NAME   no more sign-in; what they did keeps their name
    alma-widget-agent list           every agent, enabled or not

Statuses, exports and erasures record the agent who made them (`admin_action`, without any
personal data). The shared password (ALMA_ADMIN_USER / ALMA_ADMIN_PASSWORD_HASH) keeps working
for this release, with a warning in the log at each sign-in through it.
"""

from __future__ import annotations

import getpass
import logging
import re
import secrets
import sys
from functools import cache

from sqlmodel import Session, col, select

from alma_widget.admin.auth import hash_password, verify_password
from alma_widget.admin.sessions import current_user
from alma_widget.settings import settings
from alma_widget.storage.tables import AdminAction, Agent, utc_now

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
MIN_PASSWORD = 12
ACTIONS = ("export", "erase", "status")

logger = logging.getLogger(__name__)


class AgentRefused(ValueError):
    """A name or a password that cannot be used; the message says why, in French."""


def check_new_name(*, session: Session, name: str) -> None:
    """AgentRefused unless `name` is well formed and free (before asking for a password)."""
    if not NAME.fullmatch(name):
        raise AgentRefused(
            f"Nom invalide : « {name} » (2 à 64 caractères : minuscules, chiffres, . _ -)."
        )
    if session.get(Agent, name) is not None:
        raise AgentRefused(f"L'agent « {name} » existe déjà.")


def add(*, session: Session, name: str, password: str) -> None:
    """A new enabled agent."""
    check_new_name(session=session, name=name)
    if len(password) < MIN_PASSWORD:
        raise AgentRefused(f"Mot de passe trop court : {MIN_PASSWORD} caractères au moins.")
    session.add(Agent(name=name, password_hash=hash_password(password), created_at=utc_now()))
    session.commit()


def disable(*, session: Session, name: str) -> None:
    """No more sign-in; the agent's open sessions end at their next action (current_agent)."""
    agent = session.get(Agent, name)
    if agent is None:
        raise AgentRefused(f"Aucun agent « {name} ».")
    if agent.disabled_at is None:
        agent.disabled_at = utc_now()
        session.add(agent)
        session.commit()


def listing(*, session: Session) -> list[Agent]:
    return list(session.exec(select(Agent).order_by(Agent.name)))


def signs_in(*, session: Session, name: str, password: str) -> bool:
    """True for an enabled agent's right password; else, for this release, the shared
    password (warned about in the log). scrypt is slow: the caller runs this in a thread.

    Exactly one scrypt whatever the name (known, disabled, shared or unknown): the time of
    an answer says nothing of which names exist."""
    agent = session.get(Agent, name)
    if agent is not None:
        right = verify_password(password, agent.password_hash)
        return right and agent.disabled_at is None
    cfg = settings()
    shared = name == cfg.admin_user and bool(cfg.admin_password_hash)
    stored = cfg.admin_password_hash if shared else None
    right = verify_password(password, stored or _dummy_hash())
    if shared and right:
        logger.warning(
            "sign-in with the shared password (ALMA_ADMIN_PASSWORD_HASH): give each agent "
            "a name with alma-widget-agent add; the shared password goes in the next release"
        )
        return True
    return False


@cache
def _dummy_hash() -> str:
    """A hash no password matches (a random one), checked for names nobody has."""
    return hash_password(secrets.token_urlsafe(32))


def still_allowed(*, session: Session, user: str) -> bool:
    """A session's user may go on: an enabled agent, or the shared name while it is set."""
    agent = session.get(Agent, user)
    if agent is not None:
        return agent.disabled_at is None
    cfg = settings()
    return user == cfg.admin_user and bool(cfg.admin_password_hash)


def current_agent(*, session: Session, token: str) -> str | None:
    """Who a back-office cookie's session belongs to, checked at every action: None once the
    session is over or its agent disabled (the session then ends for good)."""
    return current_user(
        session=session, token=token, allowed=lambda user: still_allowed(session=session, user=user)
    )


def anyone_can_sign_in(*, session: Session) -> bool:
    """An enabled agent, or the shared password: else the back office is closed."""
    if settings().admin_password_hash:
        return True
    return session.exec(select(Agent).where(col(Agent.disabled_at).is_(None))).first() is not None


def record(*, session: Session, agent: str, action: str, detail: str = "") -> None:
    """One thing an agent did, by name (`detail`: counts or filter names, nothing personal)."""
    session.add(AdminAction(created_at=utc_now(), agent=agent, action=action, detail=detail[:200]))
    session.commit()


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first, second = getpass.getpass("Mot de passe : "), getpass.getpass("Encore : ")
    if first != second:
        raise AgentRefused("Les deux mots de passe diffèrent.")
    return first


def main(argv: list[str] | None = None) -> int:
    """Console command: alma-widget-agent add|disable|list."""
    import reflex as rx

    args = sys.argv[1:] if argv is None else argv
    usage = "usage : alma-widget-agent add NOM | disable NOM | list"
    if (
        not args
        or args[0] not in ("add", "disable", "list")
        or len(args) != (args[0] != "list") + 1
    ):
        print(usage, file=sys.stderr)
        return 2
    try:
        with rx.session() as session:
            if args[0] == "list":
                for agent in listing(session=session):
                    state = "désactivé" if agent.disabled_at else "actif"
                    print(f"{agent.name}\t{state}\tdepuis le {agent.created_at:%Y-%m-%d}")
                return 0
            if args[0] == "add":
                check_new_name(session=session, name=args[1])
                add(session=session, name=args[1], password=_password())
                print(f"Agent « {args[1]} » ajouté.")
            else:
                disable(session=session, name=args[1])
                print(f"Agent « {args[1]} » désactivé.")
    except AgentRefused as refused:
        print(str(refused), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
