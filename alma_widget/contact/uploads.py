"""Files a customer drops, taken one by one on the server: the count, the rate limit, the
type by content and the size (attachments.py), then stored. For the contact form and for
an answer under a conversation alike."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging

import reflex as rx

from alma_widget import metrics
from alma_widget import rate_limits as abuse
from alma_widget.contact import attachments
from alma_widget.contact.attachments import AttachmentRefused
from alma_widget.customer_request.files import StoredFile
from alma_widget.storage.files import STORE_ERRORS, store_error_name

logger = logging.getLogger(__name__)


async def take_uploads(
    uploads: list[rx.UploadFile], *, held: int, language: str, session_token: str, client_ip: str
) -> tuple[list[dict[str, str]], list[str]]:
    """(the files accepted, as the page lists them; what was refused, in `language`).
    `held`: how many files the form holds already."""
    accepted: list[dict[str, str]] = []
    problems: list[str] = []
    for upload in uploads:
        if held + len(accepted) >= attachments.MAX_FILES:
            metrics.attachment_result("refused")
            problems.append(AttachmentRefused("attachments_too_many").message(language))
            break
        if abuse.upload_refused(session_token=session_token, client_ip=client_ip):
            metrics.attachment_result("rate_limited")
            problems.append(AttachmentRefused("attachments_too_fast").message(language))
            break
        # Read one byte past the limit: enough to refuse, never the whole of a huge file.
        data = await upload.read(attachments.MAX_BYTES + 1)
        try:
            stored = await asyncio.to_thread(attachments.save, upload.name or "", data)
        except AttachmentRefused as exc:
            metrics.attachment_result("refused")
            problems.append(exc.message(language))
            continue
        except STORE_ERRORS as exc:
            # The disk or the bucket unreachable: said plainly; nothing was kept.
            logger.error("attachment not stored (%s)", store_error_name(exc))
            metrics.attachment_result("unavailable")
            problems.append(AttachmentRefused("attachments_unavailable").message(language))
            break
        metrics.attachment_result("stored")
        accepted.append(
            {
                "stored_name": stored.stored_name,
                "original_name": stored.original_name,
                "content_type": stored.content_type,
                "size": str(stored.size),
            }
        )
    return accepted, problems


async def discard(stored_name: str) -> None:
    """Delete a file not sent, now; one the store cannot delete is left for the purge."""
    try:
        await asyncio.to_thread(attachments.discard, stored_name)
    except STORE_ERRORS as exc:
        logger.error("attachment not deleted (%s)", store_error_name(exc))


def stored_files(files: list[dict[str, str]]) -> list[StoredFile]:
    """The files a form holds, as the store wrote them."""
    return [
        StoredFile(f["stored_name"], f["original_name"], f["content_type"], int(f["size"]))
        for f in files
    ]


# A form's files between connections. Reflex sends the whole state to every new connection,
# and its socket token (in the websocket's address, so in proxies' logs) is all that ties a
# connection to a state (alma_widget/web/connection_guard.py). So at each connection the
# form's `files` (the names shown) leave the state the snapshot carries for `_held_files`,
# and come back only to the page that chose them: it proves it with a key of its own
# (assets/client_flow.js's almaFilesKey, never in an address nor in the state), sent with
# each upload and again at each connection; the form keeps only its digest (`_files_key`).


def key_digest(key: object) -> str:
    """The digest a form keeps of the page's key; "" for no key or one not of its shape."""
    if not isinstance(key, str) or not 16 <= len(key) <= 128:
        return ""
    return hashlib.sha256(key.encode()).hexdigest()


def hold_files(form) -> None:
    """At a connection: the files leave what the snapshot carries, held for their page."""
    form._held_files = [*form._held_files, *form.files]
    form.files = []


async def claim_files(form, key: object) -> None:
    """The page that chose the held files gets them back; a page with another key gets none,
    and they are deleted (its customer could never send them). Without a key: nothing."""
    digest = key_digest(key)
    if not digest:
        return
    held, form._held_files = form._held_files, []
    if hmac.compare_digest(digest, form._files_key or ""):
        form.files = [*held, *form.files]
    else:
        for stored_name in (f["stored_name"] for f in held):
            await discard(stored_name)
    form._files_key = digest


async def drop_files(form) -> None:
    """Every file of the form, shown or held, deleted: the form starts afresh."""
    unsent = [f["stored_name"] for f in (*form.files, *form._held_files)]
    form.files, form._held_files = [], []
    for stored_name in unsent:
        await discard(stored_name)


async def take_into(form, uploads: list[rx.UploadFile], language: str, key: object) -> None:
    """Add what is accepted to a form's `files` and say the refusals in its
    errors["attachments"] (the contact form, an answer). Only for a page with its key."""
    if not key_digest(key):
        return
    await claim_files(form, key)
    browser = form.router.session
    accepted, problems = await take_uploads(
        uploads,
        held=len(form.files),
        language=language,
        session_token=browser.client_token,
        client_ip=browser.client_ip,
    )
    form.files = [*form.files, *accepted]
    errors = {k: v for k, v in form.errors.items() if k != "attachments"}
    if problems:
        errors["attachments"] = " ".join(problems)
    form.errors = errors


async def remove_from(form, stored_name: object) -> None:
    """Take a file back before sending: deleted at once (an ID or an invoice scan is not
    kept for nothing). Only a file of this form: never another one's."""
    if not any(f["stored_name"] == stored_name for f in form.files):
        return
    form.files = [f for f in form.files if f["stored_name"] != stored_name]
    await discard(str(stored_name))
