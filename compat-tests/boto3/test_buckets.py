"""CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation."""
import datetime
import unittest

from s3emu_boto3 import BucketCase, delete_bucket_quietly, header, unique_bucket


class BucketTests(BucketCase):
    bucket_prefix = "buckets"

    def setUp(self):
        self.created = []

    def tearDown(self):
        for name in self.created:
            delete_bucket_quietly(self.s3, name)

    def new_bucket(self, prefix="b", **kwargs):
        name = unique_bucket(prefix)
        self.created.append(name)
        response = self.s3.create_bucket(Bucket=name, **kwargs)
        return name, response

    def test_create_bucket_without_location_constraint(self):
        name, response = self.new_bucket()
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(response["Location"], "/" + name)
        location = self.s3.get_bucket_location(Bucket=name)
        # us-east-1 is the absence of a constraint: an empty element, which boto3 reads as None.
        self.assertIsNone(location.get("LocationConstraint"))
        head = self.s3.head_bucket(Bucket=name)
        self.assertEqual(head["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(header(head, "x-amz-bucket-region"), "us-east-1")

    def test_create_bucket_with_location_constraint(self):
        name, response = self.new_bucket(CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.s3.get_bucket_location(Bucket=name)["LocationConstraint"], "eu-west-1")
        head = self.s3.head_bucket(Bucket=name)
        self.assertEqual(header(head, "x-amz-bucket-region"), "eu-west-1")

    def test_create_bucket_with_us_east_1_constraint_is_invalid(self):
        name = unique_bucket("b")
        self.created.append(name)
        self.assertS3Error("InvalidLocationConstraint", 400, self.s3.create_bucket, Bucket=name,
                           CreateBucketConfiguration={"LocationConstraint": "us-east-1"})

    def test_recreating_own_bucket_in_us_east_1_answers_200(self):
        # S3 keeps the legacy behaviour in us-east-1: no BucketAlreadyOwnedByYou, a plain 200.
        name, _ = self.new_bucket()
        again = self.s3.create_bucket(Bucket=name)
        self.assertEqual(again["ResponseMetadata"]["HTTPStatusCode"], 200)
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertEqual(names.count(name), 1)

    def test_invalid_bucket_names(self):
        for bad in ["ab", "Upper-Case-Bucket", "under_score", "a..b", "-leading-dash", "trailing-dash-",
                    "192.168.5.4", "x" * 64]:
            with self.subTest(bucket=bad):
                self.assertS3Error("InvalidBucketName", 400, self.s3.create_bucket, Bucket=bad)
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertNotIn("ab", names)

    def test_head_bucket_missing_is_404(self):
        self.assertS3Error("404", 404, self.s3.head_bucket, Bucket=unique_bucket("missing"))

    def test_list_buckets(self):
        before = datetime.datetime.now(datetime.timezone.utc)
        first, _ = self.new_bucket("list-a")
        second, _ = self.new_bucket("list-b")
        response = self.s3.list_buckets()
        buckets = {b["Name"]: b for b in response["Buckets"]}
        self.assertIn(first, buckets)
        self.assertIn(second, buckets)
        self.assertIn(self.bucket, buckets)
        names = [b["Name"] for b in response["Buckets"]]
        self.assertEqual(names, sorted(names), "ListBuckets is sorted by name")
        for name in (first, second):
            created = buckets[name]["CreationDate"]
            self.assertLess(abs((created - before).total_seconds()), 300, created)
        self.assertTrue(response["Owner"]["ID"])

    def test_delete_bucket(self):
        name, _ = self.new_bucket()
        response = self.s3.delete_bucket(Bucket=name)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertS3Error("404", 404, self.s3.head_bucket, Bucket=name)
        self.assertNotIn(name, [b["Name"] for b in self.s3.list_buckets()["Buckets"]])
        self.assertS3Error("NoSuchBucket", 404, self.s3.delete_bucket, Bucket=name)

    def test_delete_bucket_not_empty(self):
        name, _ = self.new_bucket()
        self.s3.put_object(Bucket=name, Key="keep.txt", Body=b"x")
        self.assertS3Error("BucketNotEmpty", 409, self.s3.delete_bucket, Bucket=name)
        self.assertEqual(self.s3.head_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.s3.delete_object(Bucket=name, Key="keep.txt")
        self.assertEqual(self.s3.delete_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"], 204)

    def test_get_bucket_location_missing_bucket(self):
        self.assertS3Error("NoSuchBucket", 404, self.s3.get_bucket_location, Bucket=unique_bucket("missing"))

    def test_operations_on_missing_bucket(self):
        missing = unique_bucket("missing")
        self.assertS3Error("NoSuchBucket", 404, self.s3.put_object, Bucket=missing, Key="k", Body=b"x")
        self.assertS3Error("NoSuchBucket", 404, self.s3.list_objects_v2, Bucket=missing)


if __name__ == "__main__":
    unittest.main()
