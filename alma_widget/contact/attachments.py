"""Attachments: judged by their content (magic bytes), limited on the server, stored safely.

Reflex's upload limits are enforced in the browser only; everything here runs on the server.
Files are stored under generated names in the file store (alma_widget/storage/files.py):
ALMA_UPLOAD_DIR outside the web root, or the bucket of ALMA_ATTACHMENTS_URL.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
import unicodedata
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

import filetype

from alma_widget.content.loading import catalog
from alma_widget.customer_request.files import StoredFile
from alma_widget.settings import settings
from alma_widget.storage.files import FileStore, file_store, store_location

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
ALLOWED = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


class AttachmentRefused(ValueError):
    """A file that cannot be accepted: an error code of the content's [errors], and its name."""

    def __init__(self, code: str, name: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.name = name

    def message(self, locale: str = "fr") -> str:
        """The refusal in the customer's language."""
        template = getattr(catalog(locale).errors, self.code)
        return template.format(name=self.name, max=MAX_FILES)


def display_name(name: str) -> str:
    """The file's own name without any folder, control or bidi character; 255 at most."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return (cleaned or "fichier")[:255]


def check(name: str, data: bytes) -> str:
    """The content type of an acceptable file, or AttachmentRefused."""
    label = display_name(name)
    if not data:
        raise AttachmentRefused("attachment_empty", label)
    if len(data) > MAX_BYTES:
        raise AttachmentRefused("attachment_too_large", label)
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ALLOWED:
        raise AttachmentRefused("attachment_wrong_type", label)
    return kind.mime


# The names `save` gives: nothing else in the store is ever touched by `discard` or the purge.
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(?:" + "|".join(ALLOWED.values()) + ")")


def store_usage(store: FileStore) -> int:
    """Bytes held by the stored attachments (one listing of the whole store)."""
    return sum(item.size for item in store.listing() if STORED_NAME.fullmatch(item.name))


# How long a count of the store's bytes is trusted: listing a bucket on every upload is one
# LIST per thousand files, each billed and slow. Between counts, this process adds what it
# stores (other workers' files, and deletions, show at the next count: the quota is a guard
# against filling the disk or the bill, not an exact figure).
USAGE_RECOUNT_SECONDS = 300


@dataclasses.dataclass
class _Usage:
    total: int
    counted_at: float


_usage: dict[str, _Usage] = {}
_usage_lock = threading.Lock()


def _reserve(store: FileStore, location: str, size: int) -> bool:
    """Count `size` more bytes in the store if the quota allows them."""
    with _usage_lock:
        known = _usage.get(location)
        if known is None or time.monotonic() - known.counted_at > USAGE_RECOUNT_SECONDS:
            known = _usage[location] = _Usage(store_usage(store), time.monotonic())
        if known.total + size > settings().upload_quota_mb * 1024 * 1024:
            return False
        known.total += size
        return True


def _release(location: str, size: int) -> None:
    with _usage_lock:
        if location in _usage:
            _usage[location].total -= size


def save(name: str, data: bytes, location: str | Path | None = None) -> StoredFile:
    """Check and store one file under a generated name; never overwrites. The store
    unreachable raises one of STORE_ERRORS (the caller says so plainly)."""
    content_type = check(name, data)
    store, where = file_store(location), store_location(location)
    if not _reserve(store, where, len(data)):
        raise AttachmentRefused("attachments_unavailable", display_name(name))
    stored_name = f"{uuid.uuid4().hex}.{ALLOWED[content_type]}"
    try:
        store.put_new(stored_name, data, content_type)
    except BaseException:
        _release(where, len(data))  # not stored: not counted
        raise
    return StoredFile(stored_name, display_name(name), content_type, len(data))


def discard(stored_name: str, location: str | Path | None = None) -> bool:
    """Delete a stored file taken back before sending (its name is checked: only files
    `save` wrote are ever deleted). True when a file was removed."""
    if not STORED_NAME.fullmatch(stored_name):
        return False
    return file_store(location).delete(stored_name)
