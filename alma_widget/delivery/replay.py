"""Failed deliveries sent again, once their cause is fixed (docs/operations.md):
`alma-widget-replay [KIND] [--reference ALM-…]`.

A row the outbox gave up on (`failed`: refused, or out of attempts) goes back to `pending`,
due now, with its attempts counted from zero; its request is pending again until every
channel has delivered it. The channels' own guards keep it exactly once: a ticket that was
created after all is found by its reference, an answer by its mark.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import reflex as rx
import sqlalchemy as sa
from sqlmodel import Session, col, select

from alma_widget.delivery import kind_labels
from alma_widget.storage.tables import OutboxMessage, SupportRequest, utc_now


def replay_failed(
    *, session: Session, kind: str | None = None, reference: str | None = None
) -> int:
    """Put failed rows (of this kind, of this request) back in the outbox; how many."""
    failed = select(OutboxMessage.id, OutboxMessage.request_id).where(
        OutboxMessage.status == "failed"
    )
    if kind:
        failed = failed.where(OutboxMessage.kind == kind)
    if reference:
        failed = failed.join(
            SupportRequest, col(SupportRequest.id) == col(OutboxMessage.request_id)
        ).where(SupportRequest.reference == reference)
    rows = session.exec(failed).all()
    if not rows:
        return 0
    session.execute(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id).in_([row_id for row_id, _ in rows]))
        .where(col(OutboxMessage.status) == "failed")
        .values(status="pending", attempts=0, next_attempt_at=utc_now(), last_error=None)
    )
    session.execute(
        sa.update(SupportRequest)
        .where(col(SupportRequest.id).in_({request_id for _, request_id in rows}))
        .where(col(SupportRequest.delivery_status) == "failed")
        .values(delivery_status="pending")
    )
    session.commit()
    return len(rows)


def main(
    argv: list[str] | None = None, *, session_factory: Callable[[], Session] = rx.session
) -> int:
    """Console command: replay failed deliveries, all of them or of one kind or request
    (`session_factory`: the app's database, or a test's)."""
    parser = argparse.ArgumentParser(
        prog="alma-widget-replay",
        description="Renvoie les remises en échec, une fois leur cause corrigée.",
    )
    parser.add_argument("kind", nargs="?", help=f"une sorte : {', '.join(kind_labels())}")
    parser.add_argument("--reference", help="une seule demande (ALM-…)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.kind and args.kind not in kind_labels():
        print(
            f"Sorte inconnue « {args.kind} » ; possibles : {', '.join(kind_labels())}.",
            file=sys.stderr,
        )
        return 2
    with session_factory() as session:
        count = replay_failed(session=session, kind=args.kind, reference=args.reference)
    print(f"Remises relancées : {count}.")
    return 0
