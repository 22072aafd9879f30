"""Signed S3 requests for the benchmark, made with botocore (the PATH python3's boto3/botocore).

Two kinds of output:
- raw HTTP/1.1 requests (bytes) that wrk replays as they are: SigV4 in the Authorization
  header, or presigned (SigV4 in the query string). A SigV4 signature stays valid for 15
  minutes (x-amz-date skew), so the bench signs each batch right before wrk sends it, and
  replaying the same signed bytes many times is what a client retrying would do: no server
  here refuses a replay (S3 does not either).
- presigned URLs for curl (large objects, LIST pages, populating the peers).

Every request is path style (http://127.0.0.1:PORT/bucket/key), so one Host header serves
all servers alike. Keys in this bench are plain ASCII, so the path needs no encoding.
"""

import os
from urllib.parse import quote, urlsplit

# Keep the user's ~/.aws out of it: only what is passed here signs the requests.
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
for _name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
              "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION"):
    os.environ.pop(_name, None)

import botocore.session  # noqa: E402  (after the environment is cleaned)
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

PRESIGN_SECONDS = 3600


class Signer:
    """Signs requests for one server (endpoint) with one key pair."""

    def __init__(self, endpoint, access_key, secret_key, region):
        self.endpoint = endpoint.rstrip("/")
        self.netloc = urlsplit(self.endpoint).netloc
        self.region = region
        self.credentials = Credentials(access_key, secret_key)
        session = botocore.session.get_session()
        self.client = session.create_client(
            "s3", endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                          retries={"max_attempts": 1}, read_timeout=600, connect_timeout=10,
                          # Only what the request needs: no extra checksum headers or trailers.
                          request_checksum_calculation="when_required",
                          response_checksum_validation="when_required"))

    # --- raw requests for wrk ---------------------------------------------------------------

    def header_signed(self, method, path, body=b"", query=""):
        """A raw request signed with SigV4 in the Authorization header.

        botocore signs the body's SHA-256 (x-amz-content-sha256) over plain http, so the
        server hashes every PUT body to check it: the work a real SDK client causes.
        """
        url = self.endpoint + path + ("?" + query if query else "")
        request = AWSRequest(method=method, url=url, data=body, headers={})
        S3SigV4Auth(self.credentials, "s3", self.region).add_auth(request)
        headers = [(name, value) for name, value in request.headers.items()]
        return raw_request(method, path + ("?" + query if query else ""), self.netloc, headers, body)

    def presigned(self, method, path_and_query, body=b""):
        """A raw request for a presigned path (from presign_path)."""
        return raw_request(method, path_and_query, self.netloc, [], body)

    # --- presigned URLs -----------------------------------------------------------------------

    def presign_path(self, method, path, params=None):
        """The path and query of a presigned URL (SigV4 in the query, UNSIGNED-PAYLOAD).

        Signs with botocore's S3SigV4QueryAuth directly: what generate_presigned_url does
        underneath, without a client call per URL (~1.4 ms each), so that 10k URLs for
        populating a peer take a second, not fifteen.
        """
        query = "&".join(f"{quote(k, safe='')}={quote(str(v), safe='')}" for k, v in (params or {}).items())
        request = AWSRequest(method=method, url=self.endpoint + path + ("?" + query if query else ""))
        S3SigV4QueryAuth(self.credentials, "s3", self.region, expires=PRESIGN_SECONDS).add_auth(request)
        parts = urlsplit(request.url)
        return parts.path + "?" + parts.query

    def presign_url(self, method, path, params=None):
        return self.endpoint + self.presign_path(method, path, params)


def raw_request(method, target, netloc, headers, body):
    lines = [f"{method} {target} HTTP/1.1", f"Host: {netloc}"]
    lines += [f"{name}: {value}" for name, value in headers if name.lower() not in ("host", "content-length")]
    if body or method in ("PUT", "POST"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def write_request_file(path, requests):
    """Length-prefixed records ("<n>\\n<n bytes>") that bench/replay.lua reads."""
    with open(path, "wb") as f:
        for request in requests:
            f.write(b"%d\n" % len(request))
            f.write(request)
