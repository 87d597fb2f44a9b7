"""An S3-compatible server on loopback for the tests and the bench: moto's standalone server,
which speaks the S3 REST API (the widget talks to it through boto3 as to AWS or MinIO)."""

from __future__ import annotations

import logging

import boto3
import httpx
from moto.server import ThreadedMotoServer

from harness.smtp import free_port

ACCESS_KEY = "alma-test-access-key"
SECRET_KEY = "alma-test-secret-key"
REGION = "eu-west-3"


class LocalS3:
    """start() / stop(), or a context manager; `bucket` exists once started."""

    def __init__(self, bucket: str = "alma-widget-attachments", prefix: str = "uploads") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.bucket = bucket
        self.prefix = prefix
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def env(self) -> dict[str, str]:
        """The widget's environment for this bucket (the standard AWS_* variables)."""
        return {
            "ALMA_ATTACHMENTS_URL": f"s3://{self.bucket}/{self.prefix}",
            "ALMA_S3_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": REGION,
        }

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def object_keys(self) -> list[str]:
        """The object keys in the bucket, under the prefix."""
        answer = self.client().list_objects_v2(Bucket=self.bucket, Prefix=self.prefix + "/")
        return [item["Key"] for item in answer.get("Contents", [])]

    def start(self) -> LocalS3:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request
        self._server.start()
        # moto keeps its buckets per process, across servers: each server starts empty.
        httpx.post(f"{self.url}/moto-api/reset", timeout=10).raise_for_status()
        self.client().create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return self

    def stop(self) -> None:
        self._server.stop()

    def pause(self) -> None:
        """The storage service goes away (nothing answers on its port)..."""
        self._server.stop()

    def resume(self) -> None:
        """...and comes back with the same objects (moto keeps them in this process)."""
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()

    def __enter__(self) -> LocalS3:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
