"""PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects: headers, checksums, ranges,
conditional requests and response-* overrides."""
import datetime
import gzip
import hashlib
import os
import socket
import unittest
import urllib.parse

from s3emu_boto3 import (BucketCase, captured_requests, checksum_b64, extra_headers, has_output,
                         has_param, header, md5_b64, md5_hex)

ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]
# What this botocore can compute itself without awscrt (the rest are sent as precomputed values).
SDK_COMPUTED = ["CRC32", "SHA1", "SHA256"]
EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e"


class PutObjectTests(BucketCase):
    bucket_prefix = "put"

    def put_with_checksum_value(self, key, body, algorithm, value):
        """PutObject with ChecksumAlgorithm and a precomputed x-amz-checksum-<alg> value (botocore
        cannot compute CRC32C/CRC64NVME without awscrt, but sends a value it is given). An older
        botocore that lacks the member (CRC64NVME) gets it as a signed raw header."""
        member = "Checksum" + algorithm
        if has_param(self.s3, "PutObject", member):
            return self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ChecksumAlgorithm=algorithm,
                                      **{member: value})
        with extra_headers(self.s3, "PutObject", {"x-amz-checksum-" + algorithm.lower(): value}):
            return self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)

    def returned_checksum(self, response, algorithm):
        member = "Checksum" + algorithm
        if member in response:
            return response[member]
        return header(response, "x-amz-checksum-" + algorithm.lower())

    def test_put_and_get_keep_content_headers_and_metadata(self):
        key = self.key(".txt.gz")
        body = gzip.compress(b"hello boto3 " * 100)
        expires = datetime.datetime(2031, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        put = self.s3.put_object(
            Bucket=self.bucket, Key=key, Body=body,
            Metadata={"k1": "v1", "Mixed-Case": "Some Value"},
            ContentType="text/plain; charset=utf-8", ContentEncoding="gzip",
            CacheControl="max-age=60", ContentDisposition='attachment; filename="a.txt"',
            ContentLanguage="en-GB", Expires=expires,
        )
        self.assertEqual(put["ETag"], '"%s"' % md5_hex(body))
        for op, response in (("GetObject", self.s3.get_object(Bucket=self.bucket, Key=key)),
                             ("HeadObject", self.s3.head_object(Bucket=self.bucket, Key=key))):
            with self.subTest(op=op):
                self.assertEqual(response["ETag"], put["ETag"])
                self.assertEqual(response["ContentLength"], len(body))
                # S3 stores metadata names lowercased.
                self.assertEqual(response["Metadata"], {"k1": "v1", "mixed-case": "Some Value"})
                self.assertEqual(response["ContentType"], "text/plain; charset=utf-8")
                self.assertEqual(response["ContentEncoding"], "gzip")
                self.assertEqual(response["CacheControl"], "max-age=60")
                self.assertEqual(response["ContentDisposition"], 'attachment; filename="a.txt"')
                self.assertEqual(response["ContentLanguage"], "en-GB")
                self.assertEqual(header(response, "expires"), "Thu, 02 Jan 2031 03:04:05 GMT")
                self.assertEqual(header(response, "accept-ranges"), "bytes")
                self.assertIsInstance(response["LastModified"], datetime.datetime)
        # The stored bytes come back as they were sent: S3 never decodes Content-Encoding.
        got = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        self.assertEqual(got, body)

    def test_default_content_type_and_empty_object(self):
        key = self.key()
        put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"")
        self.assertEqual(put["ETag"], '"%s"' % EMPTY_MD5)
        head = self.s3.head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(head["ContentType"], "binary/octet-stream")
        self.assertEqual(head["ContentLength"], 0)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"")

    def test_overwrite_replaces_bytes_and_metadata(self):
        key = self.key()
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"first", Metadata={"a": "1"})
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"second!", Metadata={"b": "2"})
        got = self.s3.get_object(Bucket=self.bucket, Key=key)
        self.assertEqual(got["Body"].read(), b"second!")
        self.assertEqual(got["Metadata"], {"b": "2"})
        self.assertEqual(got["ETag"], '"%s"' % md5_hex(b"second!"))

    def test_content_md5_right(self):
        key = self.key()
        body = b"content-md5 checked " * 50
        put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentMD5=md5_b64(body))
        self.assertEqual(put["ETag"], '"%s"' % md5_hex(body))

    def test_content_md5_wrong_is_bad_digest_and_stores_nothing(self):
        key = self.key()
        self.assertS3Error("BadDigest", 400, self.s3.put_object, Bucket=self.bucket, Key=key,
                           Body=b"the real body", ContentMD5=md5_b64(b"another body"))
        self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=key)

    def test_sdk_computed_checksum_algorithms(self):
        body = b"checksum me please\n" * 300
        for algorithm in SDK_COMPUTED:
            with self.subTest(algorithm=algorithm):
                key = self.key("-" + algorithm)
                put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ChecksumAlgorithm=algorithm)
                expected = checksum_b64(algorithm, body)
                self.assertEqual(put.get("Checksum" + algorithm), expected)
                got = self.s3.get_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
                self.assertEqual(got.get("Checksum" + algorithm), expected)
                self.assertEqual(got["Body"].read(), body)
                head = self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
                self.assertEqual(head.get("Checksum" + algorithm), expected)

    def test_precomputed_checksum_values_every_algorithm(self):
        body = b"precomputed checksums \x00\xff" * 40
        for algorithm in ALGORITHMS:
            with self.subTest(algorithm=algorithm):
                key = self.key("-" + algorithm)
                expected = checksum_b64(algorithm, body)
                put = self.put_with_checksum_value(key, body, algorithm, expected)
                self.assertEqual(self.returned_checksum(put, algorithm), expected)
                head = self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
                self.assertEqual(self.returned_checksum(head, algorithm), expected)
                self.assertEqual(header(head, "x-amz-checksum-type"), "FULL_OBJECT")

    def test_wrong_checksum_value_is_bad_digest(self):
        body = b"the body that is sent"
        for algorithm in ALGORITHMS:
            with self.subTest(algorithm=algorithm):
                key = self.key("-" + algorithm)
                wrong = checksum_b64(algorithm, b"a different body")
                self.assertS3Error("BadDigest", 400, self.put_with_checksum_value, key, body, algorithm, wrong)
                self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=key)

    def test_default_checksum_of_this_sdk(self):
        # boto3 >= 1.36 sends a CRC32 by default; older ones send none and S3 computes a CRC64NVME.
        key = self.key()
        body = b"default checksum behaviour " * 10
        with captured_requests(self.s3, "PutObject") as sent:
            put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        head = self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        if "x-amz-checksum-crc32" in sent[0] or sent[0].get("x-amz-trailer") == "x-amz-checksum-crc32":
            self.assertEqual(put["ChecksumCRC32"], checksum_b64("CRC32", body))
            self.assertEqual(head["ChecksumCRC32"], checksum_b64("CRC32", body))
        else:
            self.assertFalse([h for h in sent[0] if h.startswith("x-amz-checksum-")], sent[0])
            self.assertEqual(header(head, "x-amz-checksum-crc64nvme"), checksum_b64("CRC64NVME", body))

    def put_if(self, key, body, if_none_match=None, if_match=None):
        params = {}
        raw = {}
        for member, value, name in (("IfNoneMatch", if_none_match, "If-None-Match"),
                                    ("IfMatch", if_match, "If-Match")):
            if value is None:
                continue
            if has_param(self.s3, "PutObject", member):
                params[member] = value
            else:
                raw[name] = value
        with extra_headers(self.s3, "PutObject", raw):
            return self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, **params)

    def test_if_none_match_star(self):
        key = self.key()
        created = self.put_if(key, b"created once", if_none_match="*")
        self.assertEqual(created["ETag"], '"%s"' % md5_hex(b"created once"))
        self.assertS3Error("PreconditionFailed", 412, self.put_if, key, b"overwrite attempt", if_none_match="*")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"created once")

    def test_if_match(self):
        key = self.key()
        first = self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"v1")
        second = self.put_if(key, b"v2", if_match=first["ETag"])
        self.assertEqual(second["ETag"], '"%s"' % md5_hex(b"v2"))
        self.assertS3Error("PreconditionFailed", 412, self.put_if, key, b"v3", if_match=first["ETag"])
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"v2")
        self.assertS3Error("NoSuchKey", 404, self.put_if, self.key("-missing"), b"x", if_match=first["ETag"])

    def test_storage_class(self):
        key = self.key()
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"ia", StorageClass="STANDARD_IA")
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key=key)["StorageClass"], "STANDARD_IA")
        self.assertS3Error("InvalidStorageClass", 400, self.s3.put_object, Bucket=self.bucket, Key=self.key(),
                           Body=b"x", StorageClass="NOT_A_CLASS")

    def test_metadata_too_large(self):
        self.assertS3Error("MetadataTooLarge", 400, self.s3.put_object, Bucket=self.bucket, Key=self.key(),
                           Body=b"x", Metadata={"big": "v" * 2100})

    def test_special_keys_round_trip(self):
        names = ["dir one/a+b ünïcödé ✓.bin", "percent%20literal", "question?mark=1&x", "hash#tag",
                 "semi;colon,comma", "double//slash", "tilde~star*paren()", "emoji \U0001F600",
                 "quote'dq\"", "lt<gt>amp&", "trailing-dot.", " leading space", "back\\slash"]
        for name in names:
            with self.subTest(key=name):
                key = self.key("/" + name)
                body = name.encode("utf-8")
                self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
                self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), body)
                listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=key)
                self.assertEqual([o["Key"] for o in listed.get("Contents", [])], [key])
                self.s3.delete_object(Bucket=self.bucket, Key=key)
                self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=key)

    def test_key_too_long(self):
        self.assertS3Error("KeyTooLongError", 400, self.s3.put_object, Bucket=self.bucket, Key="k" * 1025,
                           Body=b"x")


class GetObjectTests(BucketCase):
    bucket_prefix = "get"
    BODY = bytes(range(100))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.obj = "fixed/hundred-bytes.bin"
        cls.put = cls.s3.put_object(Bucket=cls.bucket, Key=cls.obj, Body=cls.BODY, ChecksumAlgorithm="SHA256",
                                    ContentType="application/x-test")
        cls.head = cls.s3.head_object(Bucket=cls.bucket, Key=cls.obj)

    def get(self, **kwargs):
        return self.s3.get_object(Bucket=self.bucket, Key=self.obj, **kwargs)

    def test_ranges(self):
        cases = [
            ("bytes=10-19", 10, 19),
            ("bytes=90-", 90, 99),
            ("bytes=-5", 95, 99),
            ("bytes=95-200", 95, 99),   # a last byte past the end is clamped
            ("bytes=-500", 0, 99),      # a suffix longer than the object is the whole object
            ("bytes=0-0", 0, 0),
        ]
        for spec, first, last in cases:
            with self.subTest(range=spec):
                response = self.get(Range=spec)
                self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 206)
                self.assertEqual(response["ContentRange"], "bytes %d-%d/100" % (first, last))
                self.assertEqual(response["ContentLength"], last - first + 1)
                self.assertEqual(response["Body"].read(), self.BODY[first:last + 1])
                self.assertEqual(response["ETag"], self.put["ETag"])

    def test_unsatisfiable_range(self):
        for spec in ("bytes=100-", "bytes=500-600"):
            with self.subTest(range=spec):
                self.assertS3Error("InvalidRange", 416, self.get, Range=spec)

    def test_head_with_range(self):
        head = self.s3.head_object(Bucket=self.bucket, Key=self.obj, Range="bytes=0-9")
        self.assertEqual(head["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(head["ContentLength"], 10)
        # boto3 1.26's HeadObject output has no ContentRange member: read the header itself.
        self.assertEqual(header(head, "content-range"), "bytes 0-9/100")

    def test_if_match_and_if_none_match(self):
        etag = self.put["ETag"]
        self.assertEqual(self.get(IfMatch=etag)["Body"].read(), self.BODY)
        self.assertS3Error("PreconditionFailed", 412, self.get, IfMatch='"0123456789abcdef0123456789abcdef"')
        err = self.assertS3Error("304", 304, self.get, IfNoneMatch=etag)
        self.assertEqual(err.response["ResponseMetadata"]["HTTPHeaders"].get("etag"), etag)
        self.assertEqual(self.get(IfNoneMatch='"0123456789abcdef0123456789abcdef"')["Body"].read(), self.BODY)
        self.assertS3Error("412", 412, self.s3.head_object, Bucket=self.bucket, Key=self.obj, IfMatch='"nope"')
        self.assertS3Error("304", 304, self.s3.head_object, Bucket=self.bucket, Key=self.obj, IfNoneMatch=etag)

    def test_if_modified_since_and_if_unmodified_since(self):
        modified = self.head["LastModified"]
        day = datetime.timedelta(days=1)
        self.assertEqual(self.get(IfModifiedSince=modified - day)["Body"].read(), self.BODY)
        self.assertS3Error("304", 304, self.get, IfModifiedSince=modified)
        self.assertS3Error("304", 304, self.get, IfModifiedSince=modified + day)
        self.assertEqual(self.get(IfUnmodifiedSince=modified + day)["Body"].read(), self.BODY)
        self.assertEqual(self.get(IfUnmodifiedSince=modified)["Body"].read(), self.BODY)
        self.assertS3Error("PreconditionFailed", 412, self.get, IfUnmodifiedSince=modified - day)
        # If-Match true wins over a failing If-Unmodified-Since (RFC 7232 / S3 precedence).
        self.assertEqual(self.get(IfMatch=self.put["ETag"], IfUnmodifiedSince=modified - day)["Body"].read(),
                         self.BODY)
        # If-None-Match false wins: If-Modified-Since is then ignored.
        self.assertEqual(self.get(IfNoneMatch='"other"', IfModifiedSince=modified + day)["Body"].read(), self.BODY)

    def test_response_overrides(self):
        expires = datetime.datetime(2030, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
        response = self.get(ResponseContentType="text/x-override", ResponseContentLanguage="fr",
                            ResponseCacheControl="no-cache", ResponseContentDisposition='inline; filename="o.txt"',
                            ResponseContentEncoding="identity", ResponseExpires=expires)
        self.assertEqual(response["ContentType"], "text/x-override")
        self.assertEqual(response["ContentLanguage"], "fr")
        self.assertEqual(response["CacheControl"], "no-cache")
        self.assertEqual(response["ContentDisposition"], 'inline; filename="o.txt"')
        self.assertEqual(response["ContentEncoding"], "identity")
        self.assertEqual(header(response, "expires"), "Mon, 06 May 2030 07:08:09 GMT")
        self.assertEqual(response["Body"].read(), self.BODY)
        # The override is per request: the stored type is unchanged.
        self.assertEqual(self.get()["ContentType"], "application/x-test")

    def test_checksum_mode_full_and_range(self):
        expected = checksum_b64("SHA256", self.BODY)
        self.assertEqual(self.put["ChecksumSHA256"], expected)
        full = self.get(ChecksumMode="ENABLED")
        self.assertEqual(full["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(full["ChecksumSHA256"], expected)
        if has_output(self.s3, "GetObject", "ChecksumType"):
            self.assertEqual(full["ChecksumType"], "FULL_OBJECT")
        partial = self.get(ChecksumMode="ENABLED", Range="bytes=0-9")
        self.assertEqual(partial["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertNotIn("ChecksumSHA256", partial)
        self.assertIsNone(header(partial, "x-amz-checksum-sha256"))
        self.assertEqual(partial["Body"].read(), self.BODY[:10])

    def test_checksum_absent_without_checksum_mode(self):
        # Without x-amz-checksum-mode S3 sends no checksum (boto3 >= 1.36 asks for it by default).
        with captured_requests(self.s3, "GetObject") as sent:
            response = self.get()
        if sent[0].get("x-amz-checksum-mode") != "ENABLED":
            self.assertIsNone(header(response, "x-amz-checksum-sha256"))
        else:
            self.assertEqual(header(response, "x-amz-checksum-sha256"), checksum_b64("SHA256", self.BODY))

    def test_part_number_on_single_part_object(self):
        response = self.get(PartNumber=1)
        self.assertEqual(response["Body"].read(), self.BODY)
        self.assertEqual(response["ContentLength"], 100)
        # "PartsCount ... is only returned if you specify partNumber in your request and the object
        # was uploaded as a multipart upload" (GetObject API reference).
        self.assertNotIn("PartsCount", response)
        self.assertS3Error("InvalidPartNumber", 416, self.get, PartNumber=2)

    def test_missing_object(self):
        self.assertS3Error("NoSuchKey", 404, self.s3.get_object, Bucket=self.bucket, Key="no/such/key")
        self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key="no/such/key")


class ClientGoneTests(BucketCase):
    bucket_prefix = "gone"

    def test_server_survives_clients_that_leave_mid_body(self):
        # A large body goes out with sendfile, which raises SIGPIPE on a connection the client
        # has reset. Each client here reads 1 MiB and closes with data unread, which sends RST.
        body = os.urandom(1024 * 1024) * 32
        self.s3.put_object(Bucket=self.bucket, Key="large", Body=body)
        url = urllib.parse.urlsplit(self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": "large"}, ExpiresIn=300))
        for _ in range(10):
            with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
                conn.sendall(("GET %s?%s HTTP/1.1\r\nHost: %s\r\n\r\n"
                              % (url.path, url.query, url.netloc)).encode())
                received = 0
                while received < 1024 * 1024:
                    chunk = conn.recv(256 * 1024)
                    self.assertTrue(chunk, "the server closed before 1 MiB")
                    received += len(chunk)
        response = self.s3.get_object(Bucket=self.bucket, Key="large")
        self.assertEqual(hashlib.md5(response["Body"].read()).hexdigest(), hashlib.md5(body).hexdigest())


class DeleteTests(BucketCase):
    bucket_prefix = "delete"

    def test_delete_object(self):
        key = self.key()
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"bye")
        response = self.s3.delete_object(Bucket=self.bucket, Key=key)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=key)
        # Deleting a key that does not exist is a success too.
        again = self.s3.delete_object(Bucket=self.bucket, Key=key)
        self.assertEqual(again["ResponseMetadata"]["HTTPStatusCode"], 204)

    def put_keys(self, count):
        keys = [self.key("-%d ü+" % i) for i in range(count)]
        for k in keys:
            self.s3.put_object(Bucket=self.bucket, Key=k, Body=k.encode())
        return keys

    def test_delete_objects_verbose(self):
        keys = self.put_keys(3)
        missing = self.key("-never-existed")
        with captured_requests(self.s3, "DeleteObjects") as sent:
            response = self.s3.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": k} for k in keys + [missing]]})
        # boto3 1.26 sends Content-MD5; boto3 >= 1.36 a CRC32 checksum instead. Either must be accepted.
        integrity = [h for h in sent[0] if h == "content-md5" or h.startswith("x-amz-checksum-")]
        self.assertTrue(integrity, sent[0])
        self.assertEqual(sorted(d["Key"] for d in response.get("Deleted", [])), sorted(keys + [missing]))
        self.assertEqual(response.get("Errors", []), [])
        for k in keys:
            self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=k)

    def test_delete_objects_quiet(self):
        keys = self.put_keys(4)
        response = self.s3.delete_objects(Bucket=self.bucket, Delete={
            "Objects": [{"Key": k} for k in keys], "Quiet": True})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(response.get("Deleted", []), [])
        self.assertEqual(response.get("Errors", []), [])
        prefix = self._testMethodName + "/"
        self.assertEqual(self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix)["KeyCount"], 0)

    def test_delete_objects_missing_bucket(self):
        self.assertS3Error("NoSuchBucket", 404, self.s3.delete_objects, Bucket=self.bucket + "-nope",
                           Delete={"Objects": [{"Key": "a"}]})


if __name__ == "__main__":
    unittest.main()
