"""The attachments' store, the same contract on a local folder and on an S3-compatible bucket
(moto's server on loopback): written once under a name, read, listed, deleted; the bucket
down is an error the callers can say plainly."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlmodel import select

from alma_widget.admin.privacy import Retention, erase, purge
from alma_widget.contact.attachments import discard, save
from alma_widget.storage.files import (
    STORE_ERRORS,
    FileExists,
    check_main,
    file_store,
    store_error_name,
)
from alma_widget.storage.tables import Attachment
from harness.s3 import LocalS3
from tests.support.records import PNG, add_request


@pytest.fixture(params=["folder", "bucket"])
def location(request, tmp_path, configure):
    """Where the store is: a folder, or s3://bucket/prefix on a local S3 server."""
    if request.param == "folder":
        yield str(tmp_path / "uploads")
        return
    with LocalS3() as s3:
        configure(**s3.env())
        yield s3.env()["ALMA_ATTACHMENTS_URL"]


def test_a_file_is_written_once_read_listed_and_deleted(location):
    store = file_store(location)
    store.put_new("a" * 32 + ".png", PNG, "image/png")
    with pytest.raises(FileExists):
        store.put_new("a" * 32 + ".png", b"other", "image/png")  # never overwritten
    assert store.read("a" * 32 + ".png") == PNG
    assert store.read("b" * 32 + ".png") is None
    assert [(item.name, item.size) for item in store.listing()] == [("a" * 32 + ".png", len(PNG))]
    store.check()
    assert store.delete("a" * 32 + ".png") is True
    assert store.delete("a" * 32 + ".png") is False
    assert list(store.listing()) == []


def test_the_form_the_purge_and_the_erasure_go_through_the_store(session_factory, location):
    kept_id, kept = add_request(session_factory, location, email="garde@exemple.fr", key="k")
    _, erased = add_request(session_factory, location, email="efface@exemple.fr", key="e")
    taken_back = save("retire.png", PNG, location).stored_name
    assert discard(taken_back, location) is True
    store = file_store(location)
    assert sorted(item.name for item in store.listing()) == sorted([kept, erased])
    with session_factory() as session:
        assert erase(session=session, email="efface@exemple.fr", upload_dir=location).files == 1
        purge(session=session, retention=Retention(), upload_dir=location)
        assert [a.request_id for a in session.exec(select(Attachment))] == [kept_id]
    assert [item.name for item in store.listing()] == [kept]


def test_a_bucket_out_of_reach_raises_an_error_callers_can_name(configure):
    with LocalS3() as s3:
        configure(**s3.env())
        location = s3.env()["ALMA_ATTACHMENTS_URL"]
    # The server is gone: every operation fails with one of STORE_ERRORS, quickly.
    with pytest.raises(STORE_ERRORS) as refused:
        save("photo.png", PNG, location)
    assert store_error_name(refused.value) == "EndpointConnectionError"
    with pytest.raises(STORE_ERRORS):
        file_store(location).check()


def test_a_widget_on_a_local_folder_never_loads_boto3(tmp_path):
    # boto3 and botocore weigh tens of megabytes per worker: loaded for a bucket only.
    script = (
        "import sys\n"
        "from alma_widget.contact.attachments import save\n"
        "from alma_widget.delivery import zendesk\n"
        f"save('photo.png', {PNG!r}, {str(tmp_path)!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert answer.stdout.strip() == "[]"


def test_the_start_check_says_in_one_line_when_the_bucket_is_out_of_reach(configure, capsys):
    with LocalS3() as s3:
        configure(**s3.env())
        assert check_main() == 0
    assert check_main() == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("Pièces jointes : s3://") and "injoignable" in line


def test_a_bucket_keeps_each_file_s_content_type(configure):
    """A browser or a tool reading the bucket directly gets the type the upload was judged by."""
    with LocalS3() as s3:
        configure(**s3.env())
        store = file_store(s3.env()["ALMA_ATTACHMENTS_URL"])
        store.put_new("c" * 32 + ".png", PNG, "image/png")
        head = store.client.head_object(Bucket=store.bucket, Key=store.prefix + "c" * 32 + ".png")
        assert head["ContentType"] == "image/png"


def test_a_bucket_lists_only_its_own_prefix_and_no_deeper_name(configure):
    """Another application's files in the same bucket (another prefix, a folder below ours)
    are never listed: the purge would delete them."""
    with LocalS3() as s3:
        configure(**s3.env())
        store = file_store(s3.env()["ALMA_ATTACHMENTS_URL"])
        store.put_new("d" * 32 + ".png", PNG, "image/png")
        assert store.prefix  # the bucket is shared: ours is a prefix in it
        foreign_keys = ("facture-d-une-autre-application.pdf", "autre/facture.pdf")
        for foreign in (*foreign_keys, store.prefix + "archives/vieux.pdf"):
            store.client.put_object(Bucket=store.bucket, Key=foreign, Body=b"x")
        assert [item.name for item in store.listing()] == ["d" * 32 + ".png"]


def test_the_start_check_makes_a_missing_nested_folder(tmp_path):
    folder = tmp_path / "donnees" / "pieces-jointes"
    file_store(str(folder)).check()
    assert folder.is_dir() and list(folder.iterdir()) == []  # the probe is gone


@pytest.mark.parametrize(
    ("address", "key_of"),
    [
        ("s3://{bucket}", ""),
        ("s3://{bucket}/", ""),
        ("s3://{bucket}//pieces/jointes/", "pieces/jointes/"),
    ],
)
def test_a_bucket_s_prefix_is_read_from_its_address_whatever_its_slashes(
    configure, address, key_of
):
    with LocalS3() as s3:
        configure(**s3.env())
        store = file_store(address.format(bucket=s3.bucket))
        store.put_new("e" * 32 + ".pdf", b"%PDF-1.7", "application/pdf")
        keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=s3.bucket)["Contents"]]
        assert keys == [key_of + "e" * 32 + ".pdf"]
        assert [item.name for item in store.listing()] == ["e" * 32 + ".pdf"]


def test_a_provider_named_by_its_host_name_is_reached_on_the_path_style(configure):
    """MinIO, Scaleway, OVHcloud…: ALMA_S3_ENDPOINT_URL names a host, and the bucket is in
    the path (bucket.localhost would name no machine here)."""
    with LocalS3() as s3:
        configure(**{**s3.env(), "ALMA_S3_ENDPOINT_URL": f"http://localhost:{s3.port}"})
        store = file_store()
        store.put_new("f" * 32 + ".png", PNG, "image/png")
        assert store.read("f" * 32 + ".png") == PNG
        store.check()


def test_an_error_is_named_by_its_class_or_the_bucket_s_error():
    from alma_widget.storage.files import StoreUnreachable

    assert store_error_name(PermissionError(13, "Permission denied: /data")) == "PermissionError"
    assert store_error_name(StoreUnreachable("EndpointConnectionError")) == (
        "EndpointConnectionError"
    )
    assert store_error_name(StoreUnreachable()) == "StoreUnreachable"


def test_the_start_check_names_what_to_verify(configure, capsys):
    with LocalS3() as s3:
        configure(**s3.env())
    assert check_main() == 1
    line = capsys.readouterr().err.strip()
    assert line == (
        f"Pièces jointes : {s3.env()['ALMA_ATTACHMENTS_URL']} est injoignable ou en lecture "
        "seule (EndpointConnectionError) ; vérifiez ALMA_ATTACHMENTS_URL, ALMA_S3_ENDPOINT_URL "
        "et les variables AWS_*."
    )


def test_a_folder_is_made_with_its_parents_at_the_first_file(tmp_path):
    store = file_store(str(tmp_path / "donnees" / "pieces-jointes"))
    store.put_new("g" * 32 + ".png", PNG, "image/png")
    assert store.read("g" * 32 + ".png") == PNG
    with pytest.raises(FileExists, match=r"g{32}"):
        store.put_new("g" * 32 + ".png", PNG, "image/png")
