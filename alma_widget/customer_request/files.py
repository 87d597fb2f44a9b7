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
