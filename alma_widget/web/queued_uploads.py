"""A Reflex build plugin: a file chosen while the previous upload is still closing waits
for it, instead of being dropped.

Reflex's client sends one upload at a time per drop zone and silently drops a second one
started before the first request has ended ("Upload already in progress"). The first
request's answer (the file in the list) arrives before the request ends, so a customer who
takes a file back and chooses another at once, or adds two files one after the other, could
lose the second without a word (seen in CI on the production stack). The build's copy of
Reflex's upload helper is changed so the second waits its turn.
"""

from __future__ import annotations

from reflex_base.plugins import Plugin

UPLOAD_HELPER = "utils/helpers/upload.js"

_DROPPED = """  if (refs[upload_ref_name]) {
    console.log("Upload already in progress for ", upload_id);
    return false;
  }"""

_QUEUED = """  // alma_widget (web/queued_uploads.py): wait for the upload in progress, never drop.
  while (refs[upload_ref_name]) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }"""


class UploadHelperChanged(RuntimeError):
    """Reflex's upload helper no longer has the lines this plugin changes."""


def queue_uploads(source: str) -> str:
    """The upload helper with the one-at-a-time guard waiting instead of dropping."""
    if _QUEUED in source:  # an earlier build already changed it
        return source
    if _DROPPED not in source:
        raise UploadHelperChanged(
            f"{UPLOAD_HELPER} de Reflex a changé : revoir alma_widget/web/queued_uploads.py"
        )
    return source.replace(_DROPPED, _QUEUED, 1)


class QueuedUploads(Plugin):
    """Changes the build's upload helper (see the module's docstring)."""

    def pre_compile(self, **context) -> None:
        context["add_modify_task"](UPLOAD_HELPER, queue_uploads)
