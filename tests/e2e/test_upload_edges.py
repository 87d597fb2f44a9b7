"""Uploads sent straight to the server, past the browser's checks: refused before being stored."""

import json
import re

from playwright.sync_api import Page, expect

from alma_widget.contact.state import ContactState
from alma_widget.storage.files import file_store
from tests.e2e.conftest import drop_expected
from tests.support.steps import open_conformity_form, stored_names

HANDLER = f"{ContactState.get_full_name()}.add_files"
POST_FILES = """async ({handler, files, keyed = true}) => {
  const form = new FormData();
  for (const [name, size, head] of files) {
    const bytes = new Uint8Array(size);
    bytes.set(Array.from(head, c => c.charCodeAt(0)).slice(0, size));
    form.append("files", new Blob([bytes]), name);
  }
  // The page's key to its files (contact/uploads.py), as the page sends it.
  if (keyed) form.append("__reflex_event_args", JSON.stringify({key: window.almaFilesKey()}));
  const response = await fetch("/_upload", {method: "POST", body: form, headers: {
    "Reflex-Client-Token": sessionStorage.getItem("token"), "Reflex-Event-Handler": handler}});
  return [response.status, await response.text()];
}"""


def contact_delta(body: str) -> dict:
    """The contact form's state as the upload's streamed answer set it."""
    merged: dict = {}
    for line in body.splitlines():
        if line.strip():
            for state, values in json.loads(line).get("delta", {}).items():
                if state.endswith("contact_state"):
                    merged.update(values)
    return merged


PNG_HEAD = "\x89PNG\r\n\x1a\n"


def server_has_the_form_open(page: Page) -> None:
    """The page reveals the form at once; the server opens it (and gives the submission key)
    once the choice reaches it. A file posted before that is not for an open form."""
    key = re.compile(r"^[0-9a-f]{32}$")
    expect(page.locator("#contact-form")).to_have_attribute("data-submission-key", key)


def test_crafted_uploads_are_refused_on_the_server(widget: Page, upload_dir):
    open_conformity_form(widget)
    server_has_the_form_open(widget)
    store = file_store(upload_dir)
    before = stored_names(store)
    # Without the page's key (contact/uploads.py), nothing is taken at all.
    unkeyed = {"handler": HANDLER, "files": [["cle.png", 64, PNG_HEAD]], "keyed": False}
    assert widget.evaluate(POST_FILES, unkeyed)[0] == 200
    assert stored_names(store) == before
    files = [
        ["grosse.png", 5 * 1024 * 1024 + 1, PNG_HEAD],  # over 5 MB (the browser would stop it)
        ["photo.png", 64, "MZ\x90\x00"],  # a program under an image's name
        ["vide.png", 0, ""],  # empty
        ["../../../etc/evil.png", 64, PNG_HEAD],  # a path in the name: accepted, name cleaned
    ]
    status, body = widget.evaluate(POST_FILES, {"handler": HANDLER, "files": files})
    assert status == 200
    # The upload's answer streams the state back (the page applies it from the response).
    state = contact_delta(body)
    refusal = state["errors_rx_state_"]["attachments"]
    assert "« grosse.png » dépasse 5 Mo." in refusal
    assert "« photo.png » n'est pas une image" in refusal
    assert "« vide.png » est vide." in refusal
    assert [f["original_name"] for f in state["files_rx_state_"]] == ["evil.png"]
    stored = stored_names(store) - before
    assert len(stored) == 1
    [name] = stored
    assert re.fullmatch(r"[0-9a-f]{32}\.png", name)


def test_a_body_over_the_limit_is_refused_before_it_is_read(widget: Page, browser_errors):
    open_conformity_form(widget)
    server_has_the_form_open(widget)
    files = [["enorme.png", 16 * 1024 * 1024, PNG_HEAD]]
    status, body = widget.evaluate(POST_FILES, {"handler": HANDLER, "files": files})
    assert status == 413 and "5 Mo" in json.loads(body)["detail"]
    drop_expected(browser_errors, r"status of 413")  # the browser reports the 413 it was given
