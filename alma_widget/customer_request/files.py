"""A file a customer sent, as the store holds it: what the request (or an answer) keeps of it.
Checked and written by contact/attachments.py; stored with its request by storage/."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class StoredFile:
    """A file accepted and written to the store under a generated name."""

    stored_name: str
    original_name: str
    content_type: str
    size: int


# The contact form's hidden field that carries the page's key to the files it chose
# (contact/uploads.py) with the request: the socket that sends it may be newer than the
# last upload, so the request claims its files itself.
FILES_KEY_FIELD = "files_key"
