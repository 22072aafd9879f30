"""ListObjectsV2, ListObjects (v1) and ListObjectVersions, checked against a reference model of
S3's listing (UTF-8 byte order, prefix, delimiter, CommonPrefixes counting toward MaxKeys)."""
import math
import unittest
import urllib.parse

from s3emu_boto3 import BucketCase, md5_hex

KEYS = [
    "a/1.txt", "a/2.txt", "a/b/3.txt", "a/b/c/4.txt", "a-b", "a-c/5", "b.txt", "c d.txt", "c+d.txt",
    "Z-upper", "\u00e9-accent", "\U0001F600-emoji", "\uFFFD-replacement", "~tilde", "x/y-z/w",
    "sp ace/in prefix", "%41-percent",
]


def body_of(key):
    return (key * 2).encode("utf-8")


def reference(prefix="", delimiter="", start_after=""):
    """The entries S3 lists, in order: ("key", k) and ("prefix", p), sorted by UTF-8 bytes."""
    entries = []
    seen_prefixes = set()
    for key in sorted(KEYS, key=lambda k: k.encode("utf-8")):
        if not key.startswith(prefix) or key.encode() <= start_after.encode():
            continue
        rest = key[len(prefix):]
        if delimiter and delimiter in rest:
            common = prefix + rest[:rest.index(delimiter) + len(delimiter)]
            if common not in seen_prefixes:
                seen_prefixes.add(common)
                entries.append(("prefix", common))
        else:
            entries.append(("key", key))
    return entries


def entries_of(page):
    """A page's keys and prefixes merged into S3's order."""
    merged = [("key", o["Key"]) for o in page.get("Contents", [])]
    merged += [("prefix", p["Prefix"]) for p in page.get("CommonPrefixes", [])]
    return sorted(merged, key=lambda e: e[1].encode("utf-8"))


class ListingTests(BucketCase):
    bucket_prefix = "listing"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etags = {}
        for key in KEYS:
            cls.etags[key] = cls.s3.put_object(Bucket=cls.bucket, Key=key, Body=body_of(key))["ETag"]

    def v2(self, **kwargs):
        return self.s3.list_objects_v2(Bucket=self.bucket, **kwargs)

    def test_all_keys_in_utf8_byte_order_with_attributes(self):
        page = self.v2()
        expected = sorted(KEYS, key=lambda k: k.encode("utf-8"))
        self.assertEqual([o["Key"] for o in page["Contents"]], expected)
        self.assertEqual(page["KeyCount"], len(KEYS))
        self.assertFalse(page["IsTruncated"])
        self.assertEqual(page["Name"], self.bucket)
        self.assertEqual(page["MaxKeys"], 1000)
        for obj in page["Contents"]:
            self.assertEqual(obj["Size"], len(body_of(obj["Key"])))
            self.assertEqual(obj["ETag"], '"%s"' % md5_hex(body_of(obj["Key"])))
            self.assertEqual(obj["StorageClass"], "STANDARD")
            self.assertNotIn("Owner", obj)
        # UTF-8 byte order puts U+1F600 after U+FFFD (UTF-16 order would not).
        self.assertLess(expected.index("\uFFFD-replacement"), expected.index("\U0001F600-emoji"))

    def test_prefix_and_delimiters(self):
        for prefix, delimiter in [("a/", ""), ("", "/"), ("a/", "/"), ("", "-"), ("a", "-"), ("x/", "-"),
                                  ("sp ace/", "/"), ("c", " "), ("", "/c/"), ("nothing", "/"),
                                  ("\u00e9", "-")]:
            with self.subTest(prefix=prefix, delimiter=delimiter):
                kwargs = {"Prefix": prefix}
                if delimiter:
                    kwargs["Delimiter"] = delimiter
                page = self.v2(**kwargs)
                expected = reference(prefix, delimiter)
                self.assertEqual(entries_of(page), expected)
                self.assertEqual(page["KeyCount"], len(expected))
                self.assertEqual(page.get("Prefix", ""), prefix)
                if delimiter:
                    self.assertEqual(page["Delimiter"], delimiter)

    def test_common_prefixes_with_slash(self):
        page = self.v2(Delimiter="/")
        self.assertEqual([p["Prefix"] for p in page["CommonPrefixes"]], ["a-c/", "a/", "sp ace/", "x/"])
        nested = self.v2(Prefix="a/", Delimiter="/")
        self.assertEqual([o["Key"] for o in nested["Contents"]], ["a/1.txt", "a/2.txt"])
        self.assertEqual([p["Prefix"] for p in nested["CommonPrefixes"]], ["a/b/"])

    def paginate_v2(self, max_keys, **kwargs):
        pages, token = [], None
        for _ in range(50):
            params = dict(kwargs, MaxKeys=max_keys)
            if token:
                params["ContinuationToken"] = token
            page = self.v2(**params)
            if token:
                self.assertEqual(page["ContinuationToken"], token)
            pages.append(page)
            self.assertLessEqual(page["KeyCount"], max_keys)
            self.assertEqual(page["KeyCount"], len(entries_of(page)))
            if not page["IsTruncated"]:
                self.assertNotIn("NextContinuationToken", page)
                break
            token = page["NextContinuationToken"]
            self.assertTrue(token)
        return pages

    def test_max_keys_pagination_with_continuation_token(self):
        for max_keys, kwargs in [(3, {}), (1, {"Prefix": "a/"}), (2, {"Delimiter": "/"}),
                                 (2, {"Delimiter": "-", "Prefix": "a"}), (4, {"StartAfter": "b.txt"})]:
            with self.subTest(max_keys=max_keys, **kwargs):
                pages = self.paginate_v2(max_keys, **kwargs)
                expected = reference(kwargs.get("Prefix", ""), kwargs.get("Delimiter", ""),
                                     kwargs.get("StartAfter", ""))
                got = [e for page in pages for e in entries_of(page)]
                self.assertEqual(got, expected)
                self.assertEqual(len(pages), max(1, math.ceil(len(expected) / max_keys)))

    def test_paginator(self):
        paginator = self.s3.get_paginator("list_objects_v2")
        keys = [o["Key"] for page in paginator.paginate(Bucket=self.bucket, PaginationConfig={"PageSize": 4})
                for o in page.get("Contents", [])]
        self.assertEqual(keys, sorted(KEYS, key=lambda k: k.encode("utf-8")))

    def test_start_after(self):
        for start_after in ["b.txt", "c", "a/b/", "\uFFFD", "~~~~"]:
            with self.subTest(start_after=start_after):
                page = self.v2(StartAfter=start_after)
                self.assertEqual(entries_of(page), reference(start_after=start_after))
                self.assertEqual(page["StartAfter"], start_after)

    def test_max_keys_zero(self):
        page = self.v2(MaxKeys=0)
        self.assertNotIn("Contents", page)
        self.assertEqual(page["KeyCount"], 0)
        self.assertEqual(page["MaxKeys"], 0)
        self.assertFalse(page["IsTruncated"])

    def test_fetch_owner(self):
        page = self.v2(FetchOwner=True, Prefix="a/")
        for obj in page["Contents"]:
            self.assertTrue(obj["Owner"]["ID"])

    def test_encoding_type_url(self):
        # Passing EncodingType ourselves stops botocore from decoding: we see S3's encoded values.
        page = self.v2(EncodingType="url")
        self.assertEqual(page["EncodingType"], "url")
        raw_keys = [o["Key"] for o in page["Contents"]]
        for raw in raw_keys:
            self.assertTrue(raw.isascii() and " " not in raw, raw)
        self.assertEqual([urllib.parse.unquote_plus(k) for k in raw_keys],
                         sorted(KEYS, key=lambda k: k.encode("utf-8")))
        self.assertIn("c%2Bd.txt", raw_keys)   # a literal '+' must be encoded, or it would decode to ' '
        prefixed = self.v2(EncodingType="url", Prefix="sp ace/", Delimiter="/", StartAfter="sp ace/a")
        self.assertEqual(urllib.parse.unquote_plus(prefixed["Prefix"]), "sp ace/")
        self.assertNotIn(" ", prefixed["Prefix"])
        self.assertEqual(urllib.parse.unquote_plus(prefixed["StartAfter"]), "sp ace/a")
        self.assertEqual([urllib.parse.unquote_plus(o["Key"]) for o in prefixed["Contents"]], ["sp ace/in prefix"])
        grouped = self.v2(EncodingType="url", Delimiter=" ")
        self.assertEqual(urllib.parse.unquote_plus(grouped["Delimiter"]), " ")
        self.assertEqual(sorted(urllib.parse.unquote_plus(p["Prefix"]) for p in grouped["CommonPrefixes"]),
                         ["c ", "sp "])

    def test_default_listing_decodes_keys(self):
        # boto3 asks for url encoding on its own and decodes: the keys come back as stored.
        page = self.v2(Prefix="c")
        self.assertEqual([o["Key"] for o in page["Contents"]], ["c d.txt", "c+d.txt"])

    def test_invalid_continuation_token(self):
        self.assertS3Error("InvalidArgument", 400, self.v2, ContinuationToken="not a token!")

    def test_list_objects_v1_marker(self):
        expected = [k for _, k in reference()]
        collected, marker, pages = [], None, 0
        while pages < 20:
            params = {"MaxKeys": 4}
            if marker is not None:
                params["Marker"] = marker
            page = self.s3.list_objects(Bucket=self.bucket, **params)
            pages += 1
            self.assertEqual(page.get("Marker", ""), marker or "")
            keys = [o["Key"] for o in page.get("Contents", [])]
            self.assertLessEqual(len(keys), 4)
            collected += keys
            # Without a delimiter S3 sends no NextMarker; the client continues from the last key.
            self.assertNotIn("NextMarker", page)
            if not page["IsTruncated"]:
                break
            marker = keys[-1]
        self.assertEqual(collected, expected)
        self.assertEqual(pages, math.ceil(len(expected) / 4))

    def test_list_objects_v1_delimiter_next_marker(self):
        expected = reference(delimiter="/")
        collected, marker = [], None
        for _ in range(20):
            params = {"MaxKeys": 2, "Delimiter": "/"}
            if marker is not None:
                params["Marker"] = marker
            page = self.s3.list_objects(**params, Bucket=self.bucket)
            entries = entries_of(page)
            collected += entries
            if not page["IsTruncated"]:
                break
            self.assertEqual(page["NextMarker"], entries[-1][1])
            marker = page["NextMarker"]
        self.assertEqual(collected, expected)

    def test_list_objects_v1_prefix_delimiter(self):
        page = self.s3.list_objects(Bucket=self.bucket, Prefix="a/", Delimiter="/")
        self.assertEqual(entries_of(page), reference("a/", "/"))
        self.assertEqual(page["Prefix"], "a/")
        self.assertFalse(page["IsTruncated"])

    def test_list_object_versions(self):
        page = self.s3.list_object_versions(Bucket=self.bucket, Prefix="a/")
        versions = page["Versions"]
        self.assertEqual([v["Key"] for v in versions], ["a/1.txt", "a/2.txt", "a/b/3.txt", "a/b/c/4.txt"])
        for v in versions:
            self.assertEqual(v["VersionId"], "null")
            self.assertTrue(v["IsLatest"])
            self.assertEqual(v["Size"], len(body_of(v["Key"])))
            self.assertEqual(v["ETag"], self.etags[v["Key"]])
        self.assertEqual(page.get("DeleteMarkers", []), [])
        grouped = self.s3.list_object_versions(Bucket=self.bucket, Delimiter="/")
        self.assertEqual([p["Prefix"] for p in grouped["CommonPrefixes"]], ["a-c/", "a/", "sp ace/", "x/"])

    def test_list_object_versions_pagination(self):
        expected = [k for _, k in reference()]
        collected, params = [], {"MaxKeys": 5}
        for _ in range(20):
            page = self.s3.list_object_versions(Bucket=self.bucket, **params)
            keys = [v["Key"] for v in page.get("Versions", [])]
            self.assertLessEqual(len(keys), 5)
            collected += keys
            if not page["IsTruncated"]:
                break
            self.assertEqual(page["NextKeyMarker"], keys[-1])
            params = {"MaxKeys": 5, "KeyMarker": page["NextKeyMarker"]}
            if page.get("NextVersionIdMarker"):
                params["VersionIdMarker"] = page["NextVersionIdMarker"]
        self.assertEqual(collected, expected)


if __name__ == "__main__":
    unittest.main()
