"""Virtual-hosted-style addressing: botocore builds http://BUCKET.localhost:PORT/KEY from an
endpoint of http://localhost:PORT, and s3emu (--domain localhost, the default) reads the bucket from
the Host header.

BUCKET.localhost does not resolve through glibc's 'files dns' on most machines, so unless it does,
this class makes it resolve to 127.0.0.1 inside this process only (see localhost_subdomains_resolve);
the requests still carry the real Host header and go to s3emu over loopback."""
import unittest
import urllib.parse

from s3emu_boto3 import (ENDPOINT, BucketCase, delete_bucket_quietly, http, localhost_subdomains_resolve,
                         make_client, md5_hex, resolves_to_loopback, unique_bucket)


class VirtualHostedStyleTests(BucketCase):
    bucket_prefix = "vhost"

    @classmethod
    def setUpClass(cls):
        port = urllib.parse.urlsplit(ENDPOINT).port
        cls.vendpoint = "http://localhost:%d" % port
        cls._resolver = None
        probe = unique_bucket("probe") + ".localhost"
        if not resolves_to_loopback(probe):
            cls._resolver = localhost_subdomains_resolve()
            cls._resolver.__enter__()
            if not resolves_to_loopback(probe):
                cls._resolver.__exit__(None, None, None)
                raise unittest.SkipTest("BUCKET.localhost does not resolve to loopback here, even in-process")
        super().setUpClass()
        cls.v = make_client(addressing_style="virtual", endpoint=cls.vendpoint)

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            if cls._resolver is not None:
                cls._resolver.__exit__(None, None, None)

    def sent_hosts(self, client, operation):
        hosts = []

        def capture(request, **_):
            hosts.append(urllib.parse.urlsplit(request.url).netloc)

        client.meta.events.register("before-send.s3.%s" % operation, capture, unique_id="vhost-%s" % id(hosts))
        self.addCleanup(client.meta.events.unregister, "before-send.s3.%s" % operation,
                        unique_id="vhost-%s" % id(hosts))
        return hosts

    def test_object_round_trip(self):
        hosts = self.sent_hosts(self.v, "PutObject")
        key = "virtual/a b+c ü ✓.txt"
        body = b"served by Host: bucket.localhost"
        put = self.v.put_object(Bucket=self.bucket, Key=key, Body=body, Metadata={"style": "virtual"})
        self.assertEqual(hosts, ["%s.localhost:%d" % (self.bucket, urllib.parse.urlsplit(ENDPOINT).port)])
        self.assertEqual(put["ETag"], '"%s"' % md5_hex(body))
        got = self.v.get_object(Bucket=self.bucket, Key=key)
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["Metadata"], {"style": "virtual"})
        # The same object through path style: one bucket, two addressing styles.
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), body)
        ranged = self.v.get_object(Bucket=self.bucket, Key=key, Range="bytes=0-5")
        self.assertEqual(ranged["Body"].read(), body[:6])
        self.assertEqual(self.v.head_object(Bucket=self.bucket, Key=key)["ContentLength"], len(body))

    def test_bucket_operations(self):
        name = unique_bucket("vhost-new")
        hosts = self.sent_hosts(self.v, "CreateBucket")
        try:
            self.assertEqual(self.v.create_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"], 200)
            self.assertTrue(hosts[0].startswith(name + ".localhost:"), hosts)
            self.assertEqual(self.v.head_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"], 200)
            self.assertIsNone(self.v.get_bucket_location(Bucket=name).get("LocationConstraint"))
            self.assertIn(name, [b["Name"] for b in self.v.list_buckets()["Buckets"]])
            self.v.put_object(Bucket=name, Key="x", Body=b"x")
            self.assertS3Error("BucketNotEmpty", 409, self.v.delete_bucket, Bucket=name)
            self.v.delete_object(Bucket=name, Key="x")
            self.assertEqual(self.v.delete_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"], 204)
            self.assertS3Error("404", 404, self.v.head_bucket, Bucket=name)
        finally:
            delete_bucket_quietly(self.s3, name)

    def test_listing_copy_and_delete_objects(self):
        keys = ["list/one", "list/two ü", "list/sub/three"]
        for k in keys:
            self.v.put_object(Bucket=self.bucket, Key=k, Body=k.encode())
        page = self.v.list_objects_v2(Bucket=self.bucket, Prefix="list/", Delimiter="/")
        self.assertEqual([o["Key"] for o in page["Contents"]], ["list/one", "list/two ü"])
        self.assertEqual([p["Prefix"] for p in page["CommonPrefixes"]], ["list/sub/"])
        v1 = self.v.list_objects(Bucket=self.bucket, Prefix="list/")
        self.assertEqual([o["Key"] for o in v1["Contents"]], sorted(keys))
        copied = self.v.copy_object(Bucket=self.bucket, Key="list/copy", CopySource={"Bucket": self.bucket,
                                                                                    "Key": "list/two ü"})
        self.assertEqual(copied["CopyObjectResult"]["ETag"], '"%s"' % md5_hex("list/two ü".encode()))
        deleted = self.v.delete_objects(Bucket=self.bucket, Delete={
            "Objects": [{"Key": k} for k in keys + ["list/copy"]]})
        self.assertEqual(sorted(d["Key"] for d in deleted["Deleted"]), sorted(keys + ["list/copy"]))
        self.assertEqual(self.v.list_objects_v2(Bucket=self.bucket, Prefix="list/")["KeyCount"], 0)

    def test_multipart(self):
        key = "virtual/multipart"
        upload_id = self.v.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]
        part = self.v.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=b"only part")
        listed = self.v.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id)["Parts"]
        self.assertEqual([(p["PartNumber"], p["ETag"]) for p in listed], [(1, part["ETag"])])
        done = self.v.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id,
                                                MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
        self.assertTrue(done["ETag"].endswith('-1"'))
        self.assertEqual(self.v.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"only part")

    def test_presigned_urls(self):
        key = "virtual/presigned ü.txt"
        body = b"virtual presigned"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        for version in ("s3v4", "s3"):
            with self.subTest(signature_version=version):
                client = make_client(addressing_style="virtual", endpoint=self.vendpoint, signature_version=version)
                url = client.generate_presigned_url("get_object", Params={"Bucket": self.bucket, "Key": key})
                self.assertTrue(url.startswith("http://%s.localhost:" % self.bucket), url)
                result = http(url)
                self.assertEqual(result.status, 200, result.body[:300])
                self.assertEqual(result.body, body)

    def test_wrong_secret(self):
        bad = make_client(addressing_style="virtual", endpoint=self.vendpoint, secret_key="wrong-secret")
        self.assertS3Error("SignatureDoesNotMatch", 403, bad.list_objects_v2, Bucket=self.bucket)


if __name__ == "__main__":
    unittest.main()
