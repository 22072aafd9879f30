// The XML bodies, parsed back with pugixml: element names, order and values.
#include "server/xml_responses.h"

#include "auth/uri_encode.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>
#include <vector>

namespace s3emu::server {
namespace {

constexpr const char* s3_ns = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr storage::EpochMillis may24_ms = 1369353600000;  // 2013-05-24T00:00:00Z

struct Parsed {
    pugi::xml_document doc;
    pugi::xml_node root;
};

std::unique_ptr<Parsed> parse(const std::string& xml) {
    auto p = std::make_unique<Parsed>();
    pugi::xml_parse_result ok = p->doc.load_string(xml.c_str());
    EXPECT_TRUE(ok) << ok.description() << "\n" << xml;
    p->root = p->doc.document_element();
    return p;
}

std::vector<std::string> child_names(pugi::xml_node node) {
    std::vector<std::string> out;
    for (auto c : node.children()) out.emplace_back(c.name());
    return out;
}

std::string text(pugi::xml_node node, const char* name) { return node.child(name).text().as_string(); }

TEST(XmlResponses, ErrorHasCodeMessageFieldsResourceAndRequestId) {
    S3Error err(S3Code::SignatureDoesNotMatch, {},
                {{"AWSAccessKeyId", "AKID"}, {"StringToSign", "AWS4-HMAC-SHA256\n20130524T000000Z\n<&>\"'"}});
    std::string xml = error_xml(err, "/bucket/key with space", "REQ123", "HOST456");
    EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u) << xml;
    auto p = parse(xml);
    EXPECT_STREQ(p->root.name(), "Error");
    EXPECT_EQ(child_names(p->root), (std::vector<std::string>{"Code", "Message", "AWSAccessKeyId", "StringToSign",
                                                              "Resource", "RequestId", "HostId"}));
    EXPECT_EQ(text(p->root, "Code"), "SignatureDoesNotMatch");
    EXPECT_EQ(text(p->root, "Message"), std::string(info(S3Code::SignatureDoesNotMatch).message));
    EXPECT_EQ(text(p->root, "AWSAccessKeyId"), "AKID");
    EXPECT_EQ(text(p->root, "StringToSign"), "AWS4-HMAC-SHA256\n20130524T000000Z\n<&>\"'");
    EXPECT_EQ(text(p->root, "Resource"), "/bucket/key with space");
    EXPECT_EQ(text(p->root, "RequestId"), "REQ123");
    EXPECT_EQ(text(p->root, "HostId"), "HOST456");
}

TEST(XmlResponses, ErrorWithCustomMessage) {
    S3Error err(S3Code::NoSuchKey, "The specified key does not exist.", {{"Key", "a/b"}});
    auto p = parse(error_xml(err, "/b/a/b", "R", "H"));
    EXPECT_EQ(text(p->root, "Code"), "NoSuchKey");
    EXPECT_EQ(text(p->root, "Message"), "The specified key does not exist.");
    EXPECT_EQ(text(p->root, "Key"), "a/b");
}

TEST(XmlResponses, ListBuckets) {
    std::vector<storage::BucketInfo> buckets = {{"alpha", "us-east-1", may24_ms}, {"beta", "eu-west-1", may24_ms + 1500}};
    auto p = parse(list_buckets_xml(buckets, Owner{"ownerid", "s3emu"}));
    EXPECT_STREQ(p->root.name(), "ListAllMyBucketsResult");
    EXPECT_STREQ(p->root.attribute("xmlns").value(), s3_ns);
    EXPECT_EQ(text(p->root.child("Owner"), "ID"), "ownerid");
    EXPECT_EQ(text(p->root.child("Owner"), "DisplayName"), "s3emu");
    std::vector<pugi::xml_node> nodes;
    for (auto b : p->root.child("Buckets").children("Bucket")) nodes.push_back(b);
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_EQ(text(nodes[0], "Name"), "alpha");
    EXPECT_EQ(text(nodes[0], "CreationDate"), "2013-05-24T00:00:00.000Z");
    EXPECT_EQ(text(nodes[1], "Name"), "beta");
    EXPECT_EQ(text(nodes[1], "CreationDate"), "2013-05-24T00:00:01.500Z");
    EXPECT_EQ(text(nodes[1], "BucketRegion"), "eu-west-1");
}

TEST(XmlResponses, ListBucketsEmpty) {
    auto p = parse(list_buckets_xml({}, Owner{"id", "name"}));
    EXPECT_TRUE(p->root.child("Buckets"));
    EXPECT_FALSE(p->root.child("Buckets").child("Bucket"));
}

TEST(XmlResponses, LocationIsEmptyForUsEast1) {
    auto us = parse(location_xml("us-east-1"));
    EXPECT_STREQ(us->root.name(), "LocationConstraint");
    EXPECT_STREQ(us->root.attribute("xmlns").value(), s3_ns);
    EXPECT_STREQ(us->root.text().as_string(), "");
    auto eu = parse(location_xml("eu-west-1"));
    EXPECT_STREQ(eu->root.text().as_string(), "eu-west-1");
}

storage::ObjectMeta object(std::string key, std::uint64_t size, std::string etag, storage::EpochMillis modified) {
    storage::ObjectMeta m;
    m.key = std::move(key);
    m.size = size;
    m.etag = std::move(etag);
    m.last_modified = modified;
    return m;
}

storage::ListPage sample_page() {
    storage::ListPage page;
    page.objects.push_back(object("photos/a b+c.jpg", 1234, "0123456789abcdef0123456789abcdef", may24_ms + 7));
    page.objects.push_back(object("photos/\xC3\xBC.txt", 0, "d41d8cd98f00b204e9800998ecf8427e", may24_ms));
    page.prefixes = {"photos/2006/", "photos/x y/"};
    page.truncated = true;
    page.last = "photos/x y/";
    return page;
}

TEST(XmlResponses, ListObjectsV2) {
    storage::ListPage page = sample_page();
    ListingView v;
    v.bucket = "b";
    v.prefix = "photos/";
    v.delimiter = "/";
    v.max_keys = 4;
    v.page = &page;
    v.continuation_token = "prevtoken";
    v.next_continuation_token = "nexttoken";
    auto p = parse(list_objects_v2_xml(v));
    EXPECT_STREQ(p->root.name(), "ListBucketResult");
    EXPECT_STREQ(p->root.attribute("xmlns").value(), s3_ns);
    EXPECT_EQ(text(p->root, "Name"), "b");
    EXPECT_EQ(text(p->root, "Prefix"), "photos/");
    EXPECT_EQ(text(p->root, "Delimiter"), "/");
    EXPECT_EQ(text(p->root, "MaxKeys"), "4");
    EXPECT_EQ(text(p->root, "KeyCount"), "4");  // objects and common prefixes
    EXPECT_EQ(text(p->root, "IsTruncated"), "true");
    EXPECT_EQ(text(p->root, "ContinuationToken"), "prevtoken");
    EXPECT_EQ(text(p->root, "NextContinuationToken"), "nexttoken");
    EXPECT_FALSE(p->root.child("StartAfter"));
    EXPECT_FALSE(p->root.child("EncodingType"));
    EXPECT_FALSE(p->root.child("Marker"));

    std::vector<pugi::xml_node> contents;
    for (auto c : p->root.children("Contents")) contents.push_back(c);
    ASSERT_EQ(contents.size(), 2u);
    EXPECT_EQ(text(contents[0], "Key"), "photos/a b+c.jpg");
    EXPECT_EQ(text(contents[0], "LastModified"), "2013-05-24T00:00:00.007Z");
    EXPECT_EQ(text(contents[0], "ETag"), "\"0123456789abcdef0123456789abcdef\"");
    EXPECT_EQ(text(contents[0], "Size"), "1234");
    EXPECT_EQ(text(contents[0], "StorageClass"), "STANDARD");
    EXPECT_FALSE(contents[0].child("Owner"));  // only with fetch-owner
    EXPECT_EQ(text(contents[1], "Key"), "photos/\xC3\xBC.txt");
    EXPECT_EQ(text(contents[1], "Size"), "0");

    std::vector<std::string> prefixes;
    for (auto c : p->root.children("CommonPrefixes")) prefixes.push_back(text(c, "Prefix"));
    EXPECT_EQ(prefixes, (std::vector<std::string>{"photos/2006/", "photos/x y/"}));
}

TEST(XmlResponses, ListObjectsV2NotTruncatedHasNoNextToken) {
    storage::ListPage page;
    page.objects.push_back(object("k", 1, "e", may24_ms));
    ListingView v;
    v.bucket = "b";
    v.page = &page;
    v.start_after = "a";
    Owner owner{"oid", "oname"};
    v.owner = &owner;
    auto p = parse(list_objects_v2_xml(v));
    EXPECT_EQ(text(p->root, "IsTruncated"), "false");
    EXPECT_FALSE(p->root.child("NextContinuationToken"));
    EXPECT_FALSE(p->root.child("ContinuationToken"));
    EXPECT_FALSE(p->root.child("Delimiter"));
    EXPECT_EQ(text(p->root, "StartAfter"), "a");
    EXPECT_EQ(text(p->root, "KeyCount"), "1");
    EXPECT_EQ(text(p->root, "MaxKeys"), "1000");
    EXPECT_EQ(text(p->root.child("Contents").child("Owner"), "ID"), "oid");
    EXPECT_EQ(text(p->root.child("Contents").child("Owner"), "DisplayName"), "oname");
}

TEST(XmlResponses, ListObjectsV2UrlEncodingDecodesBackToTheKeys) {
    storage::ListPage page = sample_page();
    ListingView v;
    v.bucket = "b";
    v.prefix = "photos/";
    v.delimiter = "/";
    v.start_after = "photos/\xC3\xA0 b";
    v.url_encoded = true;
    v.page = &page;
    auto p = parse(list_objects_v2_xml(v));
    EXPECT_EQ(text(p->root, "EncodingType"), "url");

    auto decoded = [](const std::string& s) { return auth::percent_decode(s, false); };
    auto plain = [](const std::string& s) {
        for (unsigned char c : s)
            if (c == ' ' || c >= 0x80) return false;
        return true;
    };
    std::vector<std::string> keys;
    for (auto c : p->root.children("Contents")) keys.push_back(text(c, "Key"));
    ASSERT_EQ(keys.size(), 2u);
    for (const auto& k : keys) EXPECT_TRUE(plain(k)) << k;
    EXPECT_EQ(decoded(keys[0]), "photos/a b+c.jpg");
    EXPECT_EQ(decoded(keys[1]), "photos/\xC3\xBC.txt");
    EXPECT_EQ(keys[1], "photos/%C3%BC.txt");

    std::string start_after = text(p->root, "StartAfter");
    EXPECT_TRUE(plain(start_after)) << start_after;
    EXPECT_EQ(decoded(start_after), "photos/\xC3\xA0 b");
    std::vector<std::string> prefixes;
    for (auto c : p->root.children("CommonPrefixes")) prefixes.push_back(text(c, "Prefix"));
    ASSERT_EQ(prefixes.size(), 2u);
    EXPECT_TRUE(plain(prefixes[1])) << prefixes[1];
    EXPECT_EQ(decoded(prefixes[1]), "photos/x y/");
    EXPECT_EQ(decoded(text(p->root, "Prefix")), "photos/");
    EXPECT_EQ(decoded(text(p->root, "Delimiter")), "/");
}

TEST(XmlResponses, ListObjectsV1) {
    storage::ListPage page = sample_page();
    ListingView v;
    v.bucket = "b";
    v.prefix = "photos/";
    v.delimiter = "/";
    v.max_keys = 4;
    v.marker = "photos/0";
    v.next_marker = page.last;
    Owner owner{"oid", "oname"};
    v.owner = &owner;
    v.page = &page;
    auto p = parse(list_objects_xml(v));
    EXPECT_STREQ(p->root.name(), "ListBucketResult");
    EXPECT_STREQ(p->root.attribute("xmlns").value(), s3_ns);
    EXPECT_EQ(text(p->root, "Name"), "b");
    EXPECT_EQ(text(p->root, "Prefix"), "photos/");
    EXPECT_EQ(text(p->root, "Marker"), "photos/0");
    EXPECT_EQ(text(p->root, "NextMarker"), "photos/x y/");
    EXPECT_EQ(text(p->root, "MaxKeys"), "4");
    EXPECT_EQ(text(p->root, "Delimiter"), "/");
    EXPECT_EQ(text(p->root, "IsTruncated"), "true");
    EXPECT_FALSE(p->root.child("KeyCount"));
    EXPECT_FALSE(p->root.child("NextContinuationToken"));
    EXPECT_EQ(text(p->root.child("Contents").child("Owner"), "ID"), "oid");
    EXPECT_EQ(text(p->root.child("Contents"), "Key"), "photos/a b+c.jpg");
    int prefixes = 0;
    for ([[maybe_unused]] auto c : p->root.children("CommonPrefixes")) ++prefixes;
    EXPECT_EQ(prefixes, 2);
}

TEST(XmlResponses, ListObjectsV1EmptyMarkerAndNoNextMarker) {
    storage::ListPage page;
    ListingView v;
    v.bucket = "b";
    v.page = &page;
    auto p = parse(list_objects_xml(v));
    EXPECT_TRUE(p->root.child("Marker"));  // always present in v1, empty here
    EXPECT_EQ(text(p->root, "Marker"), "");
    EXPECT_FALSE(p->root.child("NextMarker"));
    EXPECT_EQ(text(p->root, "IsTruncated"), "false");
    EXPECT_FALSE(p->root.child("Contents"));
}

}  // namespace
}  // namespace s3emu::server
