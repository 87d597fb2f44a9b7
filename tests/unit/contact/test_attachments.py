"""Attachments judged by content, not name; limits on the server; safe storage."""

import pytest

from alma_widget.contact.attachments import (
    MAX_BYTES,
    MAX_FILES,
    AttachmentRefused,
    check,
    discard,
    display_name,
    save,
    store_usage,
)
from alma_widget.storage.files import LocalFolder

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "mime"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp"), (PDF, "application/pdf")],
)
def test_accepted_by_content(data, mime):
    assert check("photo.bin", data) == mime


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"", "« photo.jpg » est vide."),
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64, "pas une image"),  # an .exe named .jpg
        ("facture.pdf", b"<html><script>alert(1)</script></html>", "pas une image"),
        ("archive.png", b"PK\x03\x04" + b"\x00" * 64, "pas une image"),
        ("grosse.png", PNG + b"\x00" * MAX_BYTES, "dépasse 5 Mo"),
    ],
)
def test_refused_with_a_french_message(name, data, message):
    with pytest.raises(AttachmentRefused) as refused:
        check(name, data)
    assert message in refused.value.message("fr")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\moi\\photo.png", "photo.png"),
        ("photo\u202egnp.exe", "photognp.exe"),
        ("", "fichier"),
        ("a" * 400 + ".png", "a" * 255),
    ],
)
def test_display_name_has_no_path(name, shown):
    assert display_name(name) == shown


def test_saved_under_a_generated_name(tmp_path):
    stored = save("../../evil.png", PNG, tmp_path)
    assert stored.original_name == "evil.png"
    assert stored.stored_name.endswith(".png") and "evil" not in stored.stored_name
    assert (tmp_path / stored.stored_name).read_bytes() == PNG
    assert [p.name for p in tmp_path.iterdir()] == [stored.stored_name]


def test_refusal_in_english():
    with pytest.raises(AttachmentRefused) as refused:
        check("photo.jpg", b"")
    assert refused.value.message("en") == "“photo.jpg” is empty."


def test_discard_deletes_only_files_the_widget_stored(tmp_path):
    stored = save("scan.png", PNG, tmp_path)
    outside = tmp_path.parent / "secret.txt"
    outside.write_text("x")
    for crafted in ["../secret.txt", "scan.png", str(outside), "", "a" * 32 + ".exe"]:
        assert discard(crafted, tmp_path) is False
    assert outside.exists()
    assert discard(stored.stored_name, tmp_path) is True
    assert list(tmp_path.iterdir()) == []
    assert discard(stored.stored_name, tmp_path) is False  # twice: nothing to do


def test_a_full_upload_folder_refuses_plainly(tmp_path, configure):
    configure(ALMA_UPLOAD_QUOTA_MB="1")
    save("un.pdf", PDF + b"\x00" * 600_000, tmp_path)
    with pytest.raises(AttachmentRefused) as refused:
        save("deux.pdf", PDF + b"\x00" * 600_000, tmp_path)
    assert refused.value.message("fr").startswith("L'ajout de fichiers est momentanément")
    assert len(list(tmp_path.iterdir())) == 1


def test_the_store_is_counted_once_for_many_uploads(tmp_path, monkeypatch, configure):
    # A bucket's listing is billed and slow: the quota counts the store once in a while and
    # adds what this process stores in between, and still refuses past the quota.
    configure(ALMA_UPLOAD_QUOTA_MB="1")
    listings = []
    whole_listing = LocalFolder.listing

    def counted(self):
        listings.append(self.folder)
        return whole_listing(self)

    monkeypatch.setattr(LocalFolder, "listing", counted)
    for _ in range(3):
        save("page.pdf", PDF + b"\x00" * 300_000, tmp_path)
    assert len(listings) == 1
    with pytest.raises(AttachmentRefused):
        save("page.pdf", PDF + b"\x00" * 300_000, tmp_path)
    assert len(list(tmp_path.iterdir())) == 3


def test_a_file_the_store_refused_is_not_counted(tmp_path, monkeypatch, configure):
    configure(ALMA_UPLOAD_QUOTA_MB="1")

    def refused(self, name, data, content_type):
        raise OSError("disque plein")

    with monkeypatch.context() as patched:
        patched.setattr(LocalFolder, "put_new", refused)
        for _ in range(3):
            with pytest.raises(OSError):
                save("page.pdf", PDF + b"\x00" * 600_000, tmp_path)
    save("page.pdf", PDF + b"\x00" * 600_000, tmp_path)  # nothing was kept: room for it


def test_the_quota_counts_the_widget_s_files_only(tmp_path):
    """Another application's files in the same folder or bucket are not ours to count."""
    save("un.pdf", PDF, tmp_path)
    (tmp_path / "rapport-annuel.pdf").write_bytes(b"x" * 5000)
    (tmp_path / ("a" * 32 + ".exe")).write_bytes(b"x" * 7000)
    assert store_usage(LocalFolder(tmp_path)) == len(PDF)


def test_too_many_files_says_how_many_may_be_sent():
    refusal = AttachmentRefused("attachments_too_many").message("fr")
    assert refusal == f"{MAX_FILES} fichiers au plus."
