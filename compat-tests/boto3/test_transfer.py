"""boto3's managed transfers (s3transfer): upload_file / download_file of a 20 MB file in 5 MB parts."""
import hashlib
import os
import shutil
import tempfile
import unittest

from boto3.s3.transfer import TransferConfig

from s3emu_boto3 import MiB, BucketCase, md5_hex, multipart_etag

SIZE = 20 * MiB
CHUNK = 5 * MiB


class TransferTests(BucketCase):
    bucket_prefix = "transfer"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="s3emu-boto3-")
        cls.src = os.path.join(cls.tmp, "twenty.bin")
        with open(cls.src, "wb") as f:
            f.write(os.urandom(SIZE))
        with open(cls.src, "rb") as f:
            cls.data = f.read()
        cls.config = TransferConfig(multipart_threshold=CHUNK, multipart_chunksize=CHUNK, max_concurrency=4)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def test_upload_file_and_download_file_multipart(self):
        key = self.key("/twenty MB ü.bin")
        self.s3.upload_file(self.src, self.bucket, key, Config=self.config,
                            ExtraArgs={"ContentType": "application/x-twenty", "Metadata": {"size": "20MB"}})
        head = self.s3.head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(head["ContentLength"], SIZE)
        chunks = [self.data[i:i + CHUNK] for i in range(0, SIZE, CHUNK)]
        self.assertEqual(len(chunks), 4)
        self.assertEqual(head["ETag"], multipart_etag(chunks))
        self.assertEqual(head["ContentType"], "application/x-twenty")
        self.assertEqual(head["Metadata"], {"size": "20MB"})
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key=key, PartNumber=1)["PartsCount"], 4)

        dst = os.path.join(self.tmp, "download.bin")
        self.s3.download_file(self.bucket, key, dst, Config=self.config)
        with open(dst, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), hashlib.sha256(self.data).hexdigest())
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=self.bucket).get("Uploads", []), [])

    def test_upload_file_below_threshold_is_single_put(self):
        key = self.key("/small.bin")
        small = os.path.join(self.tmp, "small.bin")
        with open(small, "wb") as f:
            f.write(self.data[:MiB])
        self.s3.upload_file(small, self.bucket, key, Config=self.config)
        head = self.s3.head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(head["ETag"], '"%s"' % md5_hex(self.data[:MiB]))
        dst = os.path.join(self.tmp, "small.down")
        self.s3.download_file(self.bucket, key, dst, Config=self.config)
        with open(dst, "rb") as f:
            self.assertEqual(f.read(), self.data[:MiB])

    def test_upload_fileobj_and_download_fileobj(self):
        import io
        key = self.key("/fileobj.bin")
        self.s3.upload_fileobj(io.BytesIO(self.data[:12 * MiB]), self.bucket, key, Config=self.config)
        out = io.BytesIO()
        self.s3.download_fileobj(self.bucket, key, out, Config=self.config)
        self.assertEqual(hashlib.md5(out.getvalue()).digest(), hashlib.md5(self.data[:12 * MiB]).digest())


if __name__ == "__main__":
    unittest.main()
