"""Shared helpers for the boto3 compat suite (not a test module).

The suite runs under two boto3 generations (Debian's 1.26 with pytest, and a current one with
unittest), so everything here is plain unittest and works with both botocore APIs.
run.sh passes the server through S3EMU_ENDPOINT, S3EMU_TEST_ACCESS_KEY, S3EMU_TEST_SECRET_KEY and
S3EMU_TEST_REGION.
"""
import base64
import contextlib
import hashlib
import os
import socket
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

try:
    ENDPOINT = os.environ["S3EMU_ENDPOINT"].rstrip("/")
    ACCESS_KEY = os.environ["S3EMU_TEST_ACCESS_KEY"]
    SECRET_KEY = os.environ["S3EMU_TEST_SECRET_KEY"]
except KeyError as missing:
    raise RuntimeError(
        "the boto3 compat suite needs %s; run it through compat-tests/boto3/run.sh" % missing
    ) from None
REGION = os.environ.get("S3EMU_TEST_REGION", "us-east-1")

MiB = 1024 * 1024
BOTOCORE_VERSION = tuple(int(p) for p in botocore.__version__.split(".")[:3])


# --- clients ---------------------------------------------------------------------------------
def make_client(addressing_style="path", endpoint=None, access_key=None, secret_key=None,
                signature_version=None, region=None):
    """A boto3 S3 client for s3emu: explicit credentials, no retries (a failure shows at once)."""
    kwargs = {
        "s3": {"addressing_style": addressing_style},
        "retries": {"total_max_attempts": 1, "mode": "standard"},
        "connect_timeout": 5,
        "read_timeout": 60,
    }
    if signature_version is not None:
        kwargs["signature_version"] = signature_version
    session = boto3.session.Session(
        aws_access_key_id=access_key or ACCESS_KEY,
        aws_secret_access_key=secret_key or SECRET_KEY,
        region_name=region or REGION,
    )
    return session.client("s3", endpoint_url=endpoint or ENDPOINT, config=Config(**kwargs))


def has_param(client, operation, member):
    """Whether this botocore's model knows a request member (e.g. PutObject ChecksumCRC64NVME)."""
    shape = client.meta.service_model.operation_model(operation).input_shape
    return member in shape.members


def has_output(client, operation, member):
    shape = client.meta.service_model.operation_model(operation).output_shape
    return member in shape.members


@contextlib.contextmanager
def extra_headers(client, operation, headers):
    """Adds raw headers to every `operation` call in the block, before signing (so they are signed).

    For headers an older botocore's model does not know (If-None-Match on PutObject, CRC64NVME)."""
    def add(request, **_):
        for name, value in headers.items():
            request.headers[name] = value

    event = "before-sign.s3.%s" % operation
    client.meta.events.register(event, add, unique_id="s3emu-extra-%s" % id(headers))
    try:
        yield
    finally:
        client.meta.events.unregister(event, unique_id="s3emu-extra-%s" % id(headers))


@contextlib.contextmanager
def captured_requests(client, operation):
    """Yields a list that receives the headers (a dict) of each `operation` request sent in the block."""
    seen = []

    def capture(request, **_):
        seen.append({k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()})

    event = "before-send.s3.%s" % operation
    client.meta.events.register(event, capture, unique_id="s3emu-capture-%s" % id(seen))
    try:
        yield seen
    finally:
        client.meta.events.unregister(event, unique_id="s3emu-capture-%s" % id(seen))


def unique_bucket(prefix):
    """A fresh valid bucket name: lowercase, digits and dashes, <= 63 characters."""
    return ("%s-%s" % (prefix, uuid.uuid4().hex[:12]))[:63]


def empty_bucket(client, bucket):
    """Best effort: aborts uploads and deletes every object (cleanup must not mask a test's result)."""
    try:
        for upload in client.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
            client.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    except ClientError:
        pass
    try:
        token = None
        while True:
            kwargs = {"Bucket": bucket}
            if token:
                kwargs["ContinuationToken"] = token
            page = client.list_objects_v2(**kwargs)
            for obj in page.get("Contents", []):
                client.delete_object(Bucket=bucket, Key=obj["Key"])
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                break
    except ClientError:
        pass


def delete_bucket_quietly(client, bucket):
    empty_bucket(client, bucket)
    try:
        client.delete_bucket(Bucket=bucket)
    except ClientError:
        pass


class BucketCase(unittest.TestCase):
    """A test class with its own bucket (self.bucket) and path-style client (self.s3)."""

    bucket_prefix = "boto3"

    @classmethod
    def setUpClass(cls):
        cls.s3 = make_client()
        cls.bucket = unique_bucket(cls.bucket_prefix)
        cls.s3.create_bucket(Bucket=cls.bucket)

    @classmethod
    def tearDownClass(cls):
        delete_bucket_quietly(cls.s3, cls.bucket)

    def key(self, name=""):
        """A key unique to the running test."""
        return "%s/%s%s" % (self._testMethodName, uuid.uuid4().hex[:8], name)

    def assertS3Error(self, code, status, fn, *args, **kwargs):
        """fn(*args, **kwargs) must fail with that S3 error code and HTTP status; returns the error."""
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kwargs)
        response = cm.exception.response
        got_code = response.get("Error", {}).get("Code")
        got_status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        self.assertEqual(
            (got_code, got_status), (code, status),
            "expected %s %s, got %s %s: %s" % (status, code, got_status, got_code, response.get("Error")),
        )
        return cm.exception


def header(response, name):
    """A raw response header (lowercase name), or None."""
    return response["ResponseMetadata"]["HTTPHeaders"].get(name.lower())


# --- checksums, computed here so every assertion compares with an independent value ------------
def _reflected_table(poly):
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C_TABLE = _reflected_table(0x82F63B78)
_CRC64NVME_TABLE = _reflected_table(0x9A6C9329AC4BC9B5)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _CRC32C_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def crc64nvme(data):
    mask = 0xFFFFFFFFFFFFFFFF
    c = mask
    for b in data:
        c = _CRC64NVME_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ mask


def checksum_raw(algorithm, data):
    if algorithm == "CRC32":
        return (zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big")
    if algorithm == "CRC32C":
        return crc32c(data).to_bytes(4, "big")
    if algorithm == "CRC64NVME":
        return crc64nvme(data).to_bytes(8, "big")
    if algorithm == "SHA1":
        return hashlib.sha1(data).digest()
    if algorithm == "SHA256":
        return hashlib.sha256(data).digest()
    raise ValueError(algorithm)


def checksum_b64(algorithm, data):
    return base64.b64encode(checksum_raw(algorithm, data)).decode()


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def md5_b64(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def multipart_etag(parts):
    """S3's multipart ETag: MD5 of the concatenated binary part MD5s, '-N', quoted."""
    digests = b"".join(hashlib.md5(p).digest() for p in parts)
    return '"%s-%d"' % (hashlib.md5(digests).hexdigest(), len(parts))


# --- plain HTTP (presigned URLs) -------------------------------------------------------------
class HttpResult:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def xml_field(self, name):
        import xml.etree.ElementTree as ET
        try:
            root = ET.fromstring(self.body)
        except ET.ParseError:
            return None
        node = root.find(name)
        return node.text if node is not None else None


def http(url, method="GET", data=None, headers=None):
    """One request with urllib, never raising on HTTP errors; no proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return HttpResult(response.status, response.headers, response.read())
    except urllib.error.HTTPError as e:
        body = e.read()
        return HttpResult(e.code, e.headers, body)


# --- name resolution for virtual-hosted style ------------------------------------------------
def resolves_to_loopback(host):
    try:
        infos = socket.getaddrinfo(host, 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return False
    return any(info[4][0] in ("127.0.0.1", "::1") for info in infos)


@contextlib.contextmanager
def localhost_subdomains_resolve():
    """Within the block, NAME.localhost resolves to 127.0.0.1 in this process (RFC 6761 says
    *.localhost is loopback, but glibc's 'files dns' does not know it). Only this process's
    getaddrinfo changes; every connection still goes to s3emu on the loopback address."""
    original = socket.getaddrinfo

    def patched(host, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and (host == "localhost" or host.endswith(".localhost")):
            host = "127.0.0.1"
        return original(host, *args, **kwargs)

    socket.getaddrinfo = patched
    try:
        yield
    finally:
        socket.getaddrinfo = original
