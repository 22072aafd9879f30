"""Object tagging (Put/Get/DeleteObjectTagging, x-amz-tagging on PUT and COPY) and GetObjectAttributes."""
import base64
import hashlib
import os
import unittest

from s3emu_boto3 import MiB, BucketCase, checksum_b64, md5_hex


def tagset(response):
    return sorted((t["Key"], t["Value"]) for t in response["TagSet"])


class TaggingTests(BucketCase):
    bucket_prefix = "tagging"

    def test_tags_on_put_and_tag_operations(self):
        key = self.key("/tagged ü.txt")
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"tagged", Tagging="project=s3emu&env=test%20x")
        self.assertEqual(tagset(self.s3.get_object_tagging(Bucket=self.bucket, Key=key)),
                         [("env", "test x"), ("project", "s3emu")])
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["TagCount"], 2)

        self.s3.put_object_tagging(Bucket=self.bucket, Key=key, Tagging={"TagSet": [
            {"Key": "only", "Value": "one ✓"}, {"Key": "empty", "Value": ""}]})
        self.assertEqual(tagset(self.s3.get_object_tagging(Bucket=self.bucket, Key=key)),
                         [("empty", ""), ("only", "one ✓")])
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key=key).get("ResponseMetadata")
                         ["HTTPHeaders"].get("x-amz-tagging-count"), "2")

        deleted = self.s3.delete_object_tagging(Bucket=self.bucket, Key=key)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(self.s3.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"], [])
        self.assertNotIn("TagCount", self.s3.get_object(Bucket=self.bucket, Key=key))
        # Tagging never changes the object's bytes or ETag.
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key=key)["ETag"], '"%s"' % md5_hex(b"tagged"))

    def test_tagging_missing_key(self):
        missing = self.key("/missing")
        self.assertS3Error("NoSuchKey", 404, self.s3.get_object_tagging, Bucket=self.bucket, Key=missing)
        self.assertS3Error("NoSuchKey", 404, self.s3.put_object_tagging, Bucket=self.bucket, Key=missing,
                           Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})

    def test_invalid_tags(self):
        key = self.key()
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"x")
        eleven = [{"Key": "k%d" % i, "Value": "v"} for i in range(11)]
        self.assertS3Error("InvalidTag", 400, self.s3.put_object_tagging, Bucket=self.bucket, Key=key,
                           Tagging={"TagSet": eleven})
        self.assertS3Error("InvalidTag", 400, self.s3.put_object_tagging, Bucket=self.bucket, Key=key,
                           Tagging={"TagSet": [{"Key": "dup", "Value": "1"}, {"Key": "dup", "Value": "2"}]})
        self.assertS3Error("InvalidTag", 400, self.s3.put_object_tagging, Bucket=self.bucket, Key=key,
                           Tagging={"TagSet": [{"Key": "k" * 129, "Value": "v"}]})
        self.assertEqual(self.s3.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"], [])

    def test_copy_tagging_directive(self):
        src = self.key("/src")
        self.s3.put_object(Bucket=self.bucket, Key=src, Body=b"src", Tagging="a=1")
        kept = self.key("/kept")
        self.s3.copy_object(Bucket=self.bucket, Key=kept, CopySource={"Bucket": self.bucket, "Key": src})
        self.assertEqual(tagset(self.s3.get_object_tagging(Bucket=self.bucket, Key=kept)), [("a", "1")])
        replaced = self.key("/replaced")
        self.s3.copy_object(Bucket=self.bucket, Key=replaced, CopySource={"Bucket": self.bucket, "Key": src},
                            TaggingDirective="REPLACE", Tagging="b=2&c=3")
        self.assertEqual(tagset(self.s3.get_object_tagging(Bucket=self.bucket, Key=replaced)), [("b", "2"), ("c", "3")])


class ObjectAttributesTests(BucketCase):
    bucket_prefix = "attributes"

    def attributes(self, key, *names, **kwargs):
        return self.s3.get_object_attributes(Bucket=self.bucket, Key=key, ObjectAttributes=list(names), **kwargs)

    def test_single_part_object(self):
        key = self.key()
        body = b"attributes " * 100
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ChecksumAlgorithm="SHA256")
        response = self.attributes(key, "ETag", "Checksum", "ObjectSize", "StorageClass")
        self.assertEqual(response["ETag"], md5_hex(body))  # unquoted in this response
        self.assertEqual(response["ObjectSize"], len(body))
        self.assertEqual(response["StorageClass"], "STANDARD")
        self.assertEqual(response["Checksum"]["ChecksumSHA256"], checksum_b64("SHA256", body))
        self.assertIn("LastModified", response)
        only_size = self.attributes(key, "ObjectSize")
        self.assertEqual(only_size["ObjectSize"], len(body))
        self.assertNotIn("ETag", only_size)

    def test_storage_class_is_the_objects(self):
        key = self.key()
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"ia", StorageClass="STANDARD_IA")
        self.assertEqual(self.attributes(key, "StorageClass")["StorageClass"], "STANDARD_IA")

    def test_multipart_object_parts(self):
        key = self.key("/mp")
        upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key,
                                                    ChecksumAlgorithm="SHA256")["UploadId"]
        bodies = [os.urandom(5 * MiB), b"tail" * 10]
        parts = []
        for number, body in enumerate(bodies, start=1):
            r = self.s3.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body,
                                    ChecksumAlgorithm="SHA256")
            parts.append({"PartNumber": number, "ETag": r["ETag"], "ChecksumSHA256": r["ChecksumSHA256"]})
        self.s3.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id,
                                          MultipartUpload={"Parts": parts})
        response = self.attributes(key, "ObjectParts", "ObjectSize", "Checksum")
        self.assertEqual(response["ObjectSize"], sum(len(b) for b in bodies))
        composite = hashlib.sha256(b"".join(hashlib.sha256(b).digest() for b in bodies)).digest()
        self.assertEqual(response["Checksum"]["ChecksumSHA256"], base64.b64encode(composite).decode() + "-2")
        object_parts = response["ObjectParts"]
        self.assertEqual(object_parts["TotalPartsCount"], 2)
        self.assertEqual([(p["PartNumber"], p["Size"]) for p in object_parts["Parts"]],
                         [(1, len(bodies[0])), (2, len(bodies[1]))])
        self.assertEqual([p.get("ChecksumSHA256") for p in object_parts["Parts"]],
                         [checksum_b64("SHA256", b) for b in bodies])
        page = self.attributes(key, "ObjectParts", MaxParts=1)["ObjectParts"]
        self.assertTrue(page["IsTruncated"])
        self.assertEqual([p["PartNumber"] for p in page["Parts"]], [1])
        self.assertEqual(int(page["NextPartNumberMarker"]), 1)
        rest = self.attributes(key, "ObjectParts", MaxParts=1, PartNumberMarker=1)["ObjectParts"]
        self.assertEqual([p["PartNumber"] for p in rest["Parts"]], [2])
        self.assertFalse(rest["IsTruncated"])

    def test_missing_object(self):
        self.assertS3Error("NoSuchKey", 404, self.attributes, self.key("/missing"), "ETag")


if __name__ == "__main__":
    unittest.main()
