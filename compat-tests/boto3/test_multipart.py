"""Multipart uploads: create, UploadPart, UploadPartCopy, ListParts, ListMultipartUploads,
Complete (ETag, checksums, part errors), Abort, and GetObject/HeadObject by part number."""
import base64
import hashlib
import os
import unittest
import zlib

from botocore.exceptions import ClientError

from s3emu_boto3 import (MiB, BucketCase, checksum_b64, extra_headers, has_param, header, md5_hex,
                         multipart_etag)

PART = 5 * MiB


class MultipartTests(BucketCase):
    bucket_prefix = "multipart"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part1 = os.urandom(PART)
        cls.part2 = os.urandom(PART)
        cls.tail = os.urandom(1000)

    def create(self, key, **kwargs):
        response = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key, **kwargs)
        self.assertEqual(response["Key"], key)
        self.assertEqual(response["Bucket"], self.bucket)
        self.assertTrue(response["UploadId"])
        return response["UploadId"]

    def upload(self, key, upload_id, number, body, **kwargs):
        response = self.s3.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number,
                                       Body=body, **kwargs)
        self.assertEqual(response["ETag"], '"%s"' % md5_hex(body))
        return {"PartNumber": number, "ETag": response["ETag"]}, response

    def complete(self, key, upload_id, parts, **kwargs):
        return self.s3.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id,
                                                 MultipartUpload={"Parts": parts}, **kwargs)

    def test_upload_list_complete_and_read_by_part(self):
        key = self.key("/three parts ü.bin")
        upload_id = self.create(key, ContentType="application/x-multi", Metadata={"kind": "multipart"})
        uploads = self.s3.list_multipart_uploads(Bucket=self.bucket, Prefix=key)["Uploads"]
        self.assertEqual([(u["Key"], u["UploadId"]) for u in uploads], [(key, upload_id)])
        bodies = [self.part1, self.part2, self.tail]
        parts = [self.upload(key, upload_id, n, body)[0] for n, body in enumerate(bodies, start=1)]

        page1 = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id, MaxParts=2)
        self.assertEqual([p["PartNumber"] for p in page1["Parts"]], [1, 2])
        self.assertTrue(page1["IsTruncated"])
        self.assertEqual(int(page1["NextPartNumberMarker"]), 2)
        self.assertEqual(page1["MaxParts"], 2)
        self.assertEqual([p["Size"] for p in page1["Parts"]], [PART, PART])
        self.assertEqual([p["ETag"] for p in page1["Parts"]], [p["ETag"] for p in parts[:2]])
        page2 = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id, MaxParts=2,
                                   PartNumberMarker=page1["NextPartNumberMarker"])
        self.assertEqual([(p["PartNumber"], p["Size"]) for p in page2["Parts"]], [(3, 1000)])
        self.assertFalse(page2["IsTruncated"])

        done = self.complete(key, upload_id, parts)
        expected_etag = multipart_etag(bodies)
        self.assertEqual(done["ETag"], expected_etag)
        self.assertEqual(done["Key"], key)
        self.assertEqual(done["Bucket"], self.bucket)

        total = 2 * PART + 1000
        head = self.s3.head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(head["ContentLength"], total)
        self.assertEqual(head["ETag"], expected_etag)
        self.assertEqual(head["ContentType"], "application/x-multi")
        self.assertEqual(head["Metadata"], {"kind": "multipart"})
        whole = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        self.assertEqual(hashlib.sha256(whole).digest(), hashlib.sha256(b"".join(bodies)).digest())

        second = self.s3.get_object(Bucket=self.bucket, Key=key, PartNumber=2)
        self.assertEqual(second["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(second["ContentRange"], "bytes %d-%d/%d" % (PART, 2 * PART - 1, total))
        self.assertEqual(second["PartsCount"], 3)
        self.assertEqual(second["ContentLength"], PART)
        self.assertEqual(second["Body"].read(), self.part2)
        third = self.s3.head_object(Bucket=self.bucket, Key=key, PartNumber=3)
        self.assertEqual(third["ContentLength"], 1000)
        self.assertEqual(third["PartsCount"], 3)
        self.assertEqual(header(third, "content-range"), "bytes %d-%d/%d" % (2 * PART, total - 1, total))
        self.assertS3Error("InvalidPartNumber", 416, self.s3.get_object, Bucket=self.bucket, Key=key, PartNumber=4)

        # Completed: the upload is gone.
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=self.bucket, Prefix=key).get("Uploads", []), [])
        self.assertS3Error("NoSuchUpload", 404, self.s3.list_parts, Bucket=self.bucket, Key=key, UploadId=upload_id)

    def test_upload_part_copy_with_ranges(self):
        source = self.key("/copy source")
        data = self.part1 + self.tail
        self.s3.put_object(Bucket=self.bucket, Key=source, Body=data)
        key = self.key("/assembled")
        upload_id = self.create(key)
        parts = []
        for number, (first, last) in enumerate([(0, PART - 1), (PART, len(data) - 1)], start=1):
            response = self.s3.upload_part_copy(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number,
                                                CopySource={"Bucket": self.bucket, "Key": source},
                                                CopySourceRange="bytes=%d-%d" % (first, last))
            etag = response["CopyPartResult"]["ETag"]
            self.assertEqual(etag, '"%s"' % md5_hex(data[first:last + 1]))
            parts.append({"PartNumber": number, "ETag": etag})
        listed = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id)["Parts"]
        self.assertEqual([p["Size"] for p in listed], [PART, 1000])
        done = self.complete(key, upload_id, parts)
        self.assertEqual(done["ETag"], multipart_etag([data[:PART], data[PART:]]))
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), data)

    def test_upload_part_copy_range_outside_source(self):
        source = self.key("/small source")
        self.s3.put_object(Bucket=self.bucket, Key=source, Body=b"0123456789")
        key = self.key("/bad range")
        upload_id = self.create(key)
        with self.assertRaises(ClientError) as cm:
            self.s3.upload_part_copy(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=1,
                                     CopySource={"Bucket": self.bucket, "Key": source},
                                     CopySourceRange="bytes=5-20")
        error = cm.exception.response
        # AWS answers 400 InvalidArgument ("Range specified is not valid for source object of size").
        self.assertIn((error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]),
                      [("InvalidArgument", 400), ("InvalidRange", 416)])
        self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def test_invalid_part(self):
        key = self.key()
        upload_id = self.create(key)
        part1, _ = self.upload(key, upload_id, 1, self.part1)
        part2, _ = self.upload(key, upload_id, 2, self.tail)
        wrong_etag = dict(part2, ETag='"%s"' % md5_hex(b"not the part"))
        self.assertS3Error("InvalidPart", 400, self.complete, key, upload_id, [part1, wrong_etag])
        never_uploaded = {"PartNumber": 3, "ETag": part2["ETag"]}
        self.assertS3Error("InvalidPart", 400, self.complete, key, upload_id, [part1, never_uploaded])
        # The upload is still there and completes with the right list.
        self.assertEqual(self.complete(key, upload_id, [part1, part2])["ETag"],
                         multipart_etag([self.part1, self.tail]))

    def test_invalid_part_order(self):
        # Both parts are 5 MiB, so the order is the only thing wrong with the list.
        key = self.key()
        upload_id = self.create(key)
        part1, _ = self.upload(key, upload_id, 1, self.part1)
        part2, _ = self.upload(key, upload_id, 2, self.part2)
        self.assertS3Error("InvalidPartOrder", 400, self.complete, key, upload_id, [part2, part1])
        self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=key)
        self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def test_entity_too_small(self):
        key = self.key()
        upload_id = self.create(key)
        part1, _ = self.upload(key, upload_id, 1, b"a" * 1024)
        part2, _ = self.upload(key, upload_id, 2, b"b" * 1024)
        self.assertS3Error("EntityTooSmall", 400, self.complete, key, upload_id, [part1, part2])
        # A single small part is fine: only parts before the last must be >= 5 MiB.
        self.assertEqual(self.complete(key, upload_id, [part1])["ETag"], multipart_etag([b"a" * 1024]))
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"a" * 1024)

    def test_abort(self):
        key = self.key()
        upload_id = self.create(key)
        self.upload(key, upload_id, 1, b"aborted part")
        response = self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertS3Error("NoSuchUpload", 404, self.s3.list_parts, Bucket=self.bucket, Key=key, UploadId=upload_id)
        self.assertS3Error("NoSuchUpload", 404, self.s3.upload_part, Bucket=self.bucket, Key=key,
                           UploadId=upload_id, PartNumber=2, Body=b"late")
        self.assertS3Error("NoSuchUpload", 404, self.complete, key, upload_id,
                           [{"PartNumber": 1, "ETag": '"%s"' % md5_hex(b"aborted part")}])
        self.assertS3Error("NoSuchUpload", 404, self.s3.abort_multipart_upload, Bucket=self.bucket, Key=key,
                           UploadId=upload_id)
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=self.bucket, Prefix=key).get("Uploads", []), [])
        self.assertS3Error("404", 404, self.s3.head_object, Bucket=self.bucket, Key=key)

    def test_unknown_upload_id(self):
        self.assertS3Error("NoSuchUpload", 404, self.s3.upload_part, Bucket=self.bucket, Key=self.key(),
                           UploadId="no-such-upload-id", PartNumber=1, Body=b"x")

    def test_list_multipart_uploads_pagination(self):
        prefix = self._testMethodName + "/"
        created = sorted((prefix + name, self.create(prefix + name)) for name in ("a", "b", "c"))
        seen = []
        kwargs = {"Bucket": self.bucket, "Prefix": prefix, "MaxUploads": 1}
        for _ in range(5):
            page = self.s3.list_multipart_uploads(**kwargs)
            seen += [(u["Key"], u["UploadId"]) for u in page.get("Uploads", [])]
            self.assertLessEqual(len(page.get("Uploads", [])), 1)
            if not page["IsTruncated"]:
                break
            kwargs["KeyMarker"] = page["NextKeyMarker"]
            kwargs["UploadIdMarker"] = page["NextUploadIdMarker"]
        self.assertEqual(seen, created)
        for key, upload_id in created:
            self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def test_sha256_composite_checksum(self):
        key = self.key("/sha256")
        created = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key, ChecksumAlgorithm="SHA256")
        self.assertEqual(created.get("ChecksumAlgorithm"), "SHA256")
        upload_id = created["UploadId"]
        bodies = [self.part1, self.tail]
        parts = []
        for number, body in enumerate(bodies, start=1):
            part, response = self.upload(key, upload_id, number, body, ChecksumAlgorithm="SHA256")
            self.assertEqual(response["ChecksumSHA256"], checksum_b64("SHA256", body))
            parts.append(dict(part, ChecksumSHA256=response["ChecksumSHA256"]))
        listed = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id)
        self.assertEqual([p.get("ChecksumSHA256") for p in listed["Parts"]], [p["ChecksumSHA256"] for p in parts])
        done = self.complete(key, upload_id, parts)
        composite = hashlib.sha256(b"".join(hashlib.sha256(b).digest() for b in bodies)).digest()
        expected = base64.b64encode(composite).decode() + "-2"
        self.assertEqual(done["ETag"], multipart_etag(bodies))
        self.assertEqual(done.get("ChecksumSHA256"), expected)
        head = self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        self.assertEqual(head.get("ChecksumSHA256"), expected)
        self.assertEqual(header(head, "x-amz-checksum-type"), "COMPOSITE")

    def test_sha256_part_with_wrong_algorithm_refused(self):
        key = self.key()
        upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key,
                                                    ChecksumAlgorithm="SHA256")["UploadId"]
        self.assertS3Error("InvalidRequest", 400, self.s3.upload_part, Bucket=self.bucket, Key=key,
                           UploadId=upload_id, PartNumber=1, Body=b"x", ChecksumAlgorithm="SHA1")
        self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def test_crc32_full_object_checksum(self):
        key = self.key("/crc32-full")
        params, raw = {"ChecksumAlgorithm": "CRC32"}, {}
        if has_param(self.s3, "CreateMultipartUpload", "ChecksumType"):
            params["ChecksumType"] = "FULL_OBJECT"
        else:
            raw["x-amz-checksum-type"] = "FULL_OBJECT"
        with extra_headers(self.s3, "CreateMultipartUpload", raw):
            upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key, **params)["UploadId"]
        bodies = [self.part1, self.part2, self.tail]
        parts = []
        for number, body in enumerate(bodies, start=1):
            part, response = self.upload(key, upload_id, number, body, ChecksumAlgorithm="CRC32")
            self.assertEqual(response["ChecksumCRC32"], checksum_b64("CRC32", body))
            parts.append(dict(part, ChecksumCRC32=response["ChecksumCRC32"]))
        done = self.complete(key, upload_id, parts)
        whole = (zlib.crc32(b"".join(bodies)) & 0xFFFFFFFF).to_bytes(4, "big")
        expected = base64.b64encode(whole).decode()
        self.assertEqual(done.get("ChecksumCRC32"), expected)
        head = self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        self.assertEqual(head.get("ChecksumCRC32"), expected)
        self.assertEqual(header(head, "x-amz-checksum-type"), "FULL_OBJECT")


if __name__ == "__main__":
    unittest.main()
