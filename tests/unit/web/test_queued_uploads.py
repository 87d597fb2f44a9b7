from pathlib import Path

import pytest
import reflex_base

from alma_widget.web.queued_uploads import UPLOAD_HELPER, UploadHelperChanged, queue_uploads

INSTALLED_HELPER = Path(reflex_base.__file__).parent / ".templates" / "web" / UPLOAD_HELPER


def test_the_installed_reflex_helper_waits_instead_of_dropping():
    changed = queue_uploads(INSTALLED_HELPER.read_text(encoding="utf-8"))
    assert "Upload already in progress" not in changed
    assert "while (refs[upload_ref_name])" in changed


def test_a_second_build_leaves_the_changed_helper_as_it_is():
    once = queue_uploads(INSTALLED_HELPER.read_text(encoding="utf-8"))
    assert queue_uploads(once) == once


def test_a_reflex_without_those_lines_stops_the_build_plainly():
    with pytest.raises(UploadHelperChanged, match="a changé"):
        queue_uploads("export const uploadFiles = async () => {};")
