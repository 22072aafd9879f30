"""CopyObject: metadata directives, copies onto itself, conditions, across buckets."""
import datetime
import unittest

from s3emu_boto3 import BucketCase, checksum_b64, delete_bucket_quietly, has_param, md5_hex, unique_bucket


class CopyObjectTests(BucketCase):
    bucket_prefix = "copy"
    BODY = b"copy me " * 1000

    def source(self, name="src ü+.bin"):
        key = self.key("/" + name)
        put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=self.BODY, Metadata={"origin": "source"},
                                 ContentType="text/x-source", CacheControl="max-age=5")
        return key, put

    def copy_source(self, key, bucket=None):
        return {"Bucket": bucket or self.bucket, "Key": key}

    def test_copy_directive_keeps_metadata(self):
        src, put = self.source()
        dst = self.key("/dst ✓ copy.bin")
        response = self.s3.copy_object(Bucket=self.bucket, Key=dst, CopySource=self.copy_source(src))
        result = response["CopyObjectResult"]
        self.assertEqual(result["ETag"], put["ETag"])
        self.assertIsInstance(result["LastModified"], datetime.datetime)
        got = self.s3.get_object(Bucket=self.bucket, Key=dst)
        self.assertEqual(got["Body"].read(), self.BODY)
        self.assertEqual(got["Metadata"], {"origin": "source"})
        self.assertEqual(got["ContentType"], "text/x-source")
        self.assertEqual(got["CacheControl"], "max-age=5")
        self.assertEqual(got["ETag"], '"%s"' % md5_hex(self.BODY))
        # Explicit COPY, and new metadata on the request, are ignored with COPY.
        explicit = self.key("/explicit")
        self.s3.copy_object(Bucket=self.bucket, Key=explicit, CopySource=self.copy_source(src),
                            MetadataDirective="COPY", Metadata={"ignored": "yes"})
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key=explicit)["Metadata"], {"origin": "source"})

    def test_replace_directive_uses_request_metadata(self):
        src, _ = self.source()
        dst = self.key("/replaced")
        self.s3.copy_object(Bucket=self.bucket, Key=dst, CopySource=self.copy_source(src),
                            MetadataDirective="REPLACE", Metadata={"fresh": "value"}, ContentType="text/x-new")
        head = self.s3.head_object(Bucket=self.bucket, Key=dst)
        self.assertEqual(head["Metadata"], {"fresh": "value"})
        self.assertEqual(head["ContentType"], "text/x-new")
        self.assertNotIn("CacheControl", head)
        self.assertEqual(head["ContentLength"], len(self.BODY))

    def test_copy_onto_itself_without_replace_is_invalid(self):
        src, _ = self.source()
        self.assertS3Error("InvalidRequest", 400, self.s3.copy_object, Bucket=self.bucket, Key=src,
                           CopySource=self.copy_source(src))

    def test_copy_onto_itself_with_replace_updates_metadata(self):
        src, put = self.source()
        response = self.s3.copy_object(Bucket=self.bucket, Key=src, CopySource=self.copy_source(src),
                                       MetadataDirective="REPLACE", Metadata={"edited": "1"})
        self.assertEqual(response["CopyObjectResult"]["ETag"], put["ETag"])
        got = self.s3.get_object(Bucket=self.bucket, Key=src)
        self.assertEqual(got["Metadata"], {"edited": "1"})
        self.assertEqual(got["Body"].read(), self.BODY)

    def test_copy_source_conditions(self):
        src, put = self.source()
        modified = self.s3.head_object(Bucket=self.bucket, Key=src)["LastModified"]
        day = datetime.timedelta(days=1)
        call = self.s3.copy_object
        args = {"Bucket": self.bucket, "CopySource": self.copy_source(src)}
        self.assertS3Error("PreconditionFailed", 412, call, Key=self.key("/a"),
                           CopySourceIfMatch='"0123456789abcdef0123456789abcdef"', **args)
        self.assertS3Error("PreconditionFailed", 412, call, Key=self.key("/b"), CopySourceIfNoneMatch=put["ETag"],
                           **args)
        self.assertS3Error("PreconditionFailed", 412, call, Key=self.key("/c"),
                           CopySourceIfUnmodifiedSince=modified - day, **args)
        self.assertS3Error("PreconditionFailed", 412, call, Key=self.key("/d"),
                           CopySourceIfModifiedSince=modified + day, **args)
        ok = self.key("/ok")
        response = call(Key=ok, CopySourceIfMatch=put["ETag"], CopySourceIfModifiedSince=modified - day, **args)
        self.assertEqual(response["CopyObjectResult"]["ETag"], put["ETag"])
        # Nothing was written by the refused copies.
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=self._testMethodName + "/")
        self.assertEqual(sorted(o["Key"] for o in listed["Contents"]), sorted([src, ok]))

    def test_copy_missing_source(self):
        self.assertS3Error("NoSuchKey", 404, self.s3.copy_object, Bucket=self.bucket, Key=self.key(),
                           CopySource=self.copy_source("no/such/source"))

    def test_copy_across_buckets(self):
        src, put = self.source()
        other = unique_bucket("copy-dst")
        self.s3.create_bucket(Bucket=other)
        try:
            response = self.s3.copy_object(Bucket=other, Key="copied.bin", CopySource=self.copy_source(src))
            self.assertEqual(response["CopyObjectResult"]["ETag"], put["ETag"])
            self.assertEqual(self.s3.get_object(Bucket=other, Key="copied.bin")["Body"].read(), self.BODY)
        finally:
            delete_bucket_quietly(self.s3, other)

    def test_copy_with_checksum_algorithm(self):
        if not has_param(self.s3, "CopyObject", "ChecksumAlgorithm"):
            self.skipTest("this botocore has no CopyObject ChecksumAlgorithm")
        src, _ = self.source()
        dst = self.key("/sha")
        response = self.s3.copy_object(Bucket=self.bucket, Key=dst, CopySource=self.copy_source(src),
                                       ChecksumAlgorithm="SHA256")
        expected = checksum_b64("SHA256", self.BODY)
        self.assertEqual(response["CopyObjectResult"].get("ChecksumSHA256"), expected)
        head = self.s3.head_object(Bucket=self.bucket, Key=dst, ChecksumMode="ENABLED")
        self.assertEqual(head.get("ChecksumSHA256"), expected)


if __name__ == "__main__":
    unittest.main()
