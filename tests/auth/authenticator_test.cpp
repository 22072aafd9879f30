// The authenticator end to end: requests are signed here the way a client signs them (SigV4
// header and presigned query, SigV2 header and presigned query), then checked, tampered with,
// expired or skewed. The AWS documentation examples are replayed with their published signatures.
#include "auth/authenticator.h"

#include "auth/crypto.h"
#include "auth/sigv2.h"
#include "auth/sigv4.h"
#include "auth/uri_encode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

namespace s3emu::auth {
namespace {

using namespace std::chrono;

constexpr const char* access_key = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* empty_sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* host = "examplebucket.s3.amazonaws.com";

const TimePoint may24 = sys_days{year{2013} / 5 / 24};  // 20130524T000000Z
const TimePoint mar27_2007 = TimePoint(seconds(1175024202));  // Tue, 27 Mar 2007 19:36:42 +0000

// A request as it comes off the wire: path and query still percent-encoded, header names lower case.
struct Request {
    Request() = default;
    Request(std::string m, std::string p, std::string q = {}, HeaderList h = {})
        : method(std::move(m)), path(std::move(p)), raw_query(std::move(q)), headers(std::move(h)) {}

    std::string method = "GET";
    std::string path = "/examplebucket/test.txt";
    std::string raw_query;
    HeaderList headers;
    QueryParams query;

    // The server's view; decodes the query as the server does. Keep `this` alive while it is used.
    HttpRequestView view() {
        query = parse_query(raw_query);
        return HttpRequestView{method, path, query, headers};
    }
    void set(const std::string& name, const std::string& value) {
        for (auto& [n, v] : headers)
            if (n == name) {
                v = value;
                return;
            }
        headers.emplace_back(name, value);
    }
};

Authenticator make_authenticator(AuthOptions options = {}) {
    Credentials credentials;
    credentials.add(access_key, secret);
    credentials.add("OTHERKEY", "other-secret");
    return Authenticator(std::move(credentials), std::move(options));
}

AuthResult authenticate(Request& r, TimePoint now, AuthOptions options = {}) {
    return make_authenticator(std::move(options)).authenticate(r.view(), now);
}

std::string field(const AuthResult& r, const std::string& name) {
    for (const auto& [n, v] : r.fields)
        if (n == name) return v;
    return "<missing " + name + ">";
}

std::string encode_query(const QueryParams& params) {
    std::string out;
    for (const auto& [n, v] : params) {
        if (!out.empty()) out += '&';
        out += uri_encode(n, false) + "=" + uri_encode(v, false);
    }
    return out;
}

// How a client signs with SigV4 in the Authorization header: every header it sends is signed.
struct V4Client {
    std::string key = access_key;
    std::string secret_key = secret;
    std::string region = "us-east-1";
    std::string service = "s3";
    std::string amz_date = "20130524T000000Z";
    std::string scope_date;                           // default: the day of amz_date
    std::optional<std::string> payload = empty_sha;  // x-amz-content-sha256; nullopt: not sent
    std::optional<std::string> canonical_uri;        // default: the path exactly as sent

    // What the client computed, for comparison with the server's error fields.
    std::string canonical_request, string_to_sign, signature;

    void sign(Request& r) {
        r.set("host", host);
        r.set("x-amz-date", amz_date);
        if (payload) r.set("x-amz-content-sha256", *payload);
        std::vector<std::string> names;
        for (const auto& [n, v] : r.headers) names.push_back(n);
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        std::string signed_headers;
        for (const auto& n : names) signed_headers += (signed_headers.empty() ? "" : ";") + n;

        HttpRequestView view = r.view();
        std::string headers, missing;
        EXPECT_TRUE(sigv4::canonical_headers(view, names, headers, missing));
        canonical_request = sigv4::canonical_request(r.method, canonical_uri.value_or(r.path),
                                                     sigv4::canonical_query(r.query), headers, signed_headers,
                                                     payload.value_or("UNSIGNED-PAYLOAD"));
        std::string date8 = scope_date.empty() ? amz_date.substr(0, 8) : scope_date;
        std::string scope = sigv4::scope(date8, region, service);
        string_to_sign = sigv4::string_to_sign(amz_date, scope, canonical_request);
        signature = sigv4::signature(sigv4::signing_key(secret_key, date8, region, service), string_to_sign);
        r.set("authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/" + scope + ", SignedHeaders=" +
                                   signed_headers + ", Signature=" + signature);
    }
};

// How a client presigns a URL with SigV4: only host is signed, the payload is UNSIGNED-PAYLOAD.
struct V4Presigner {
    std::string key = access_key;
    std::string secret_key = secret;
    std::string region = "us-east-1";
    std::string amz_date = "20130524T000000Z";
    std::string expires = "3600";
    std::string scope_date;  // default: the day of amz_date
    std::string omit;        // a parameter left out of the URL, for the error cases
    std::string signature;

    void sign(Request& r) {
        r.set("host", host);
        QueryParams params = parse_query(r.raw_query);  // the client's own parameters
        std::string date8 = scope_date.empty() ? amz_date.substr(0, 8) : scope_date;
        std::string scope = sigv4::scope(date8, region, "s3");
        params.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        params.emplace_back("X-Amz-Credential", key + "/" + scope);
        params.emplace_back("X-Amz-Date", amz_date);
        params.emplace_back("X-Amz-Expires", expires);
        params.emplace_back("X-Amz-SignedHeaders", "host");
        std::string creq = sigv4::canonical_request(r.method, r.path, sigv4::canonical_query(params),
                                                    std::string("host:") + host + "\n", "host", "UNSIGNED-PAYLOAD");
        signature = sigv4::signature(sigv4::signing_key(secret_key, date8, region, "s3"),
                                     sigv4::string_to_sign(amz_date, scope, creq));
        params.emplace_back("X-Amz-Signature", signature);
        std::erase_if(params, [&](const auto& p) { return p.first == omit; });
        r.raw_query = encode_query(params);
    }
};

// ---------------------------------------------------------------------------------------------
// SigV4, Authorization header

TEST(AuthenticatorV4Header, AwsDocGetObjectExample) {
    Request r{"GET", "/test.txt", "",
              {{"host", host},
               {"range", "bytes=0-9"},
               {"x-amz-content-sha256", empty_sha},
               {"x-amz-date", "20130524T000000Z"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders="
                "host;range;x-amz-content-sha256;x-amz-date,Signature="
                "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"}}};
    AuthResult res = authenticate(r, may24);
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
    EXPECT_FALSE(res.anonymous);
    EXPECT_EQ(res.access_key, access_key);
    EXPECT_EQ(res.payload, PayloadMode::sha256);
    EXPECT_EQ(res.payload_sha256, empty_sha);
}

TEST(AuthenticatorV4Header, AwsDocPutObjectExampleWithDollarInKey) {
    std::string payload_hash = sha256_hex("Welcome to Amazon S3.");
    // The client sent '$' unescaped but signed it as %24.
    Request r{"PUT", "/test$file.text", "",
              {{"host", host},
               {"date", "Fri, 24 May 2013 00:00:00 GMT"},
               {"x-amz-date", "20130524T000000Z"},
               {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
               {"x-amz-content-sha256", payload_hash},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders="
                "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature="
                "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"}}};
    AuthResult res = authenticate(r, may24 + minutes(1));
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
    EXPECT_EQ(res.payload, PayloadMode::sha256);
    EXPECT_EQ(res.payload_sha256, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST(AuthenticatorV4Header, AwsDocListObjectsExample) {
    Request r{"GET", "/", "max-keys=2&prefix=J",
              {{"host", host},
               {"x-amz-date", "20130524T000000Z"},
               {"x-amz-content-sha256", empty_sha},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders="
                "host;x-amz-content-sha256;x-amz-date,Signature="
                "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"}}};
    AuthResult res = authenticate(r, may24);
    EXPECT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
}

TEST(AuthenticatorV4Header, ValidWithHexPayloadHash) {
    Request r{"PUT", "/examplebucket/hello.txt"};
    r.set("content-type", "text/plain");
    V4Client c;
    c.payload = sha256_hex("hello");
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
    EXPECT_FALSE(res.anonymous);
    EXPECT_EQ(res.access_key, access_key);
    EXPECT_EQ(res.payload, PayloadMode::sha256);
    EXPECT_EQ(res.payload_sha256, sha256_hex("hello"));
    // What a streaming body's chunk signatures would chain from.
    EXPECT_EQ(res.seed_signature, c.signature);
    EXPECT_EQ(res.amz_date, "20130524T000000Z");
    EXPECT_EQ(res.scope, "20130524/us-east-1/s3/aws4_request");
    EXPECT_EQ(res.signing_key, sigv4::signing_key(secret, "20130524", "us-east-1", "s3"));
}

TEST(AuthenticatorV4Header, ValidWithUnsignedPayload) {
    Request r{"PUT", "/examplebucket/k"};
    V4Client c;
    c.payload = "UNSIGNED-PAYLOAD";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_TRUE(res.ok) << res.message;
    EXPECT_EQ(res.payload, PayloadMode::unchecked);
    EXPECT_EQ(res.payload_sha256, "");
}

TEST(AuthenticatorV4Header, ValidWithStreamingPayloads) {
    const std::pair<const char*, PayloadMode> modes[] = {
        {"STREAMING-AWS4-HMAC-SHA256-PAYLOAD", PayloadMode::streaming_signed},
        {"STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", PayloadMode::streaming_signed_trailer},
        {"STREAMING-UNSIGNED-PAYLOAD-TRAILER", PayloadMode::streaming_unsigned_trailer},
    };
    for (const auto& [value, mode] : modes) {
        Request r{"PUT", "/examplebucket/k"};
        r.set("content-encoding", "aws-chunked");
        r.set("x-amz-decoded-content-length", "66560");
        V4Client c;
        c.payload = value;
        c.sign(r);
        AuthResult res = authenticate(r, may24);
        ASSERT_TRUE(res.ok) << value << ": " << res.message;
        EXPECT_EQ(res.payload, mode) << value;
        EXPECT_EQ(res.seed_signature, c.signature) << value;
        EXPECT_EQ(res.scope, "20130524/us-east-1/s3/aws4_request") << value;
        EXPECT_EQ(res.signing_key.size(), 32u) << value;
    }
}

TEST(AuthenticatorV4Header, AuthorizationWithoutSpacesAfterCommas) {
    Request r;
    V4Client c;
    c.sign(r);
    std::string auth = *r.view().header("authorization");
    std::string compact;
    for (std::size_t i = 0; i < auth.size(); ++i)
        if (!(auth[i] == ' ' && i > 0 && auth[i - 1] == ',')) compact += auth[i];
    r.set("authorization", compact);
    EXPECT_TRUE(authenticate(r, may24).ok);
}

TEST(AuthenticatorV4Header, WrongSecretIsSignatureDoesNotMatch) {
    Request r{"GET", "/examplebucket/photos/a.jpg", "versionId=3"};
    V4Client c;
    c.secret_key = "not-the-secret";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::SignatureDoesNotMatch);
    // The server computed the same canonical request and string to sign; only the key differs.
    EXPECT_EQ(res.canonical_request, c.canonical_request);
    EXPECT_EQ(res.string_to_sign, c.string_to_sign);
    EXPECT_EQ(field(res, "StringToSign"), c.string_to_sign);
    EXPECT_EQ(field(res, "CanonicalRequest"), c.canonical_request);
    EXPECT_EQ(field(res, "SignatureProvided"), c.signature);
    EXPECT_EQ(field(res, "AWSAccessKeyId"), access_key);
    EXPECT_EQ(field(res, "StringToSignBytes").substr(0, 11), "41 57 53 34");  // "AWS4"
}

TEST(AuthenticatorV4Header, UpperCasedSignatureIsSignatureDoesNotMatch) {
    // The signature is lower-case hex; the same digits in upper case are a different signature.
    Request r{"GET", "/examplebucket/k"};
    V4Client c;
    c.sign(r);
    std::string upper = c.signature;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    ASSERT_NE(upper, c.signature);
    std::string authorization = *r.view().header("authorization");
    authorization.replace(authorization.find(c.signature), c.signature.size(), upper);
    r.set("authorization", authorization);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::SignatureDoesNotMatch);
}

TEST(AuthenticatorV4Header, ChangedSignedHeaderIsSignatureDoesNotMatch) {
    Request r{"PUT", "/examplebucket/k"};
    r.set("x-amz-meta-color", "red");
    V4Client c;
    c.sign(r);
    r.set("x-amz-meta-color", "blue");
    AuthResult res = authenticate(r, may24);
    EXPECT_EQ(res.error, AuthError::SignatureDoesNotMatch);
    EXPECT_FALSE(res.ok);
}

TEST(AuthenticatorV4Header, ChangedPathOrMethodIsSignatureDoesNotMatch) {
    Request r;
    V4Client c;
    c.sign(r);
    Request other_path = r;
    other_path.path = "/examplebucket/other.txt";
    EXPECT_EQ(authenticate(other_path, may24).error, AuthError::SignatureDoesNotMatch);
    Request other_method = r;
    other_method.method = "DELETE";
    EXPECT_EQ(authenticate(other_method, may24).error, AuthError::SignatureDoesNotMatch);
    Request other_query = r;
    other_query.raw_query = "acl";
    EXPECT_EQ(authenticate(other_query, may24).error, AuthError::SignatureDoesNotMatch);
}

TEST(AuthenticatorV4Header, UnsignedHeaderMayChange) {
    Request r;
    V4Client c;
    c.sign(r);
    r.headers.emplace_back("user-agent", "added-after-signing");
    EXPECT_TRUE(authenticate(r, may24).ok);
}

// S3 refuses x-amz-* headers that the signature does not cover, so that nobody can add, say,
// x-amz-acl or x-amz-copy-source to a signed request: AccessDenied "There were headers present
// in the request which were not signed", naming them in HeadersNotSigned.
TEST(AuthenticatorV4Header, UnsignedAmzHeaderIsAccessDenied) {
    Request r{"PUT", "/examplebucket/k"};
    V4Client c;
    c.sign(r);
    r.headers.emplace_back("x-amz-acl", "public-read");
    r.headers.emplace_back("x-amz-meta-added", "later");
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AccessDenied);
    EXPECT_EQ(res.message, "There were headers present in the request which were not signed");
    EXPECT_NE(field(res, "HeadersNotSigned").find("x-amz-acl"), std::string::npos);
    EXPECT_NE(field(res, "HeadersNotSigned").find("x-amz-meta-added"), std::string::npos);
}

TEST(AuthenticatorV4Header, UnknownAccessKeyIsInvalidAccessKeyId) {
    Request r;
    V4Client c;
    c.key = "AKIDUNKNOWN";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::InvalidAccessKeyId);
    EXPECT_EQ(field(res, "AWSAccessKeyId"), "AKIDUNKNOWN");
}

TEST(AuthenticatorV4Header, SecondKeyWorksWithItsOwnSecret) {
    Request r;
    V4Client c;
    c.key = "OTHERKEY";
    c.secret_key = "other-secret";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_TRUE(res.ok) << res.message;
    EXPECT_EQ(res.access_key, "OTHERKEY");
}

TEST(AuthenticatorV4Header, SkewBeyondFifteenMinutesIsRequestTimeTooSkewed) {
    for (auto now : {may24 + minutes(16), may24 - minutes(16), may24 + hours(24 * 30)}) {
        Request r;
        V4Client c;
        c.sign(r);
        AuthResult res = authenticate(r, now);
        ASSERT_FALSE(res.ok);
        EXPECT_EQ(res.error, AuthError::RequestTimeTooSkewed);
        EXPECT_EQ(field(res, "ServerTime").substr(0, 19), format_iso8601_ms(now).substr(0, 19));
        EXPECT_EQ(field(res, "RequestTime"), "20130524T000000Z");
        EXPECT_EQ(field(res, "MaxAllowedSkewMilliseconds"), "900000");
    }
}

TEST(AuthenticatorV4Header, SkewWithinFifteenMinutesIsAccepted) {
    for (auto now : {may24 + minutes(14), may24 - minutes(14), may24 + seconds(1)}) {
        Request r;
        V4Client c;
        c.sign(r);
        EXPECT_TRUE(authenticate(r, now).ok);
    }
}

TEST(AuthenticatorV4Header, MissingContentSha256IsInvalidRequest) {
    Request r;
    V4Client c;
    c.payload.reset();
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::InvalidRequest);
    EXPECT_NE(res.message.find("x-amz-content-sha256"), std::string::npos) << res.message;
}

TEST(AuthenticatorV4Header, BadContentSha256IsInvalidArgument) {
    for (const char* bad : {"abc", "UNSIGNED", "STREAMING-AWS4-HMAC-SHA256", "zz" "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8"}) {
        Request r;
        V4Client c;
        c.payload = bad;
        c.sign(r);
        AuthResult res = authenticate(r, may24);
        ASSERT_FALSE(res.ok) << bad;
        EXPECT_EQ(res.error, AuthError::InvalidArgument) << bad;
        EXPECT_EQ(field(res, "ArgumentName"), "x-amz-content-sha256") << bad;
        EXPECT_EQ(field(res, "ArgumentValue"), bad);
    }
}

TEST(AuthenticatorV4Header, MalformedAuthorizationIsAuthorizationHeaderMalformed) {
    const char* cred = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
    const std::string sig = "Signature=" + std::string(64, 'a');
    const std::string malformed[] = {
        std::string("AWS4-HMAC-SHA256 ") + cred + ", " + sig,                           // no SignedHeaders
        std::string("AWS4-HMAC-SHA256 ") + cred + ", SignedHeaders=host",               // no Signature
        "AWS4-HMAC-SHA256 SignedHeaders=host, " + sig,                                  // no Credential
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3, SignedHeaders=host, " + sig,
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, " +
            sig,
        "AWS4-HMAC-SHA256 Credential=/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, " + sig,
        "AWS4-HMAC-SHA256 garbage",
    };
    for (const auto& value : malformed) {
        Request r;
        V4Client c;
        c.sign(r);
        r.set("authorization", value);
        AuthResult res = authenticate(r, may24);
        ASSERT_FALSE(res.ok) << value;
        EXPECT_EQ(res.error, AuthError::AuthorizationHeaderMalformed) << value;
    }
}

TEST(AuthenticatorV4Header, UnsupportedAuthorizationTypeIsInvalidArgument) {
    Request r;
    V4Client c;
    c.sign(r);
    r.set("authorization", "Bearer abc");
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::InvalidArgument);
    EXPECT_EQ(field(res, "ArgumentName"), "Authorization");
}

TEST(AuthenticatorV4Header, CredentialDateDifferentFromAmzDateIsMalformed) {
    Request r;
    V4Client c;
    c.scope_date = "20130523";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AuthorizationHeaderMalformed);
    EXPECT_NE(res.message.find("X-Amz-Date"), std::string::npos) << res.message;
}

TEST(AuthenticatorV4Header, WrongServiceIsMalformed) {
    Request r;
    V4Client c;
    c.service = "ec2";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AuthorizationHeaderMalformed);
}

TEST(AuthenticatorV4Header, StrictRegionRefusesAnotherRegion) {
    AuthOptions strict;
    strict.region = "us-east-1";
    strict.strict_region = true;
    Request r;
    V4Client c;
    c.region = "eu-west-1";
    c.sign(r);
    AuthResult res = authenticate(r, may24, strict);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AuthorizationHeaderMalformed);
    EXPECT_EQ(field(res, "Region"), "us-east-1");
    EXPECT_NE(res.message.find("eu-west-1"), std::string::npos) << res.message;

    Request ok;
    V4Client same;
    same.sign(ok);
    EXPECT_TRUE(authenticate(ok, may24, strict).ok);
}

TEST(AuthenticatorV4Header, NonStrictAcceptsAnyRegion) {
    for (const char* region : {"eu-west-1", "ap-southeast-2", "auto", "us-east-1"}) {
        Request r;
        V4Client c;
        c.region = region;
        c.sign(r);
        AuthResult res = authenticate(r, may24);
        ASSERT_TRUE(res.ok) << region << ": " << res.message;
        EXPECT_EQ(res.scope, std::string("20130524/") + region + "/s3/aws4_request");
    }
}

TEST(AuthenticatorV4Header, MissingDateIsAccessDenied) {
    Request r;
    V4Client c;
    c.sign(r);
    std::erase_if(r.headers, [](const auto& h) { return h.first == "x-amz-date"; });
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AccessDenied);
}

// Keys as clients send them: percent-encoded on the wire, signed in S3's canonical form.

TEST(AuthenticatorV4Header, KeyWithSpacePlusAndUnicode) {
    // Key "my file+name/ü.txt".
    Request r{"PUT", "/examplebucket/my%20file%2Bname/%C3%BC.txt"};
    V4Client c;
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    EXPECT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
}

TEST(AuthenticatorV4Header, KeyWithReservedCharacters) {
    // Key "a=b&c?d#e;f,g:h@i" encoded the way SDKs encode object keys.
    Request r{"GET", "/examplebucket/a%3Db%26c%3Fd%23e%3Bf%2Cg%3Ah%40i"};
    V4Client c;
    c.sign(r);
    EXPECT_TRUE(authenticate(r, may24).ok);
}

TEST(AuthenticatorV4Header, RawPlusAndBangSignedInCanonicalForm) {
    // Sent unescaped, signed as UriEncode would write them.
    Request r{"GET", "/examplebucket/a+b!c(1)"};
    V4Client c;
    c.canonical_uri = "/examplebucket/a%2Bb%21c%281%29";
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    EXPECT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
}

TEST(AuthenticatorV4Header, PathSignedExactlyAsSent) {
    Request r{"GET", "/examplebucket/a+b"};
    V4Client c;  // canonical URI is the raw path itself
    c.sign(r);
    EXPECT_TRUE(authenticate(r, may24).ok);

    // An encoded slash inside a key, signed as sent.
    Request s{"GET", "/examplebucket/dir%2Ffile"};
    V4Client d;
    d.sign(s);
    EXPECT_TRUE(authenticate(s, may24).ok);
}

TEST(AuthenticatorV4Header, LowerCaseEscapesOnTheWire) {
    Request r{"GET", "/examplebucket/%c3%bc"};
    V4Client c;
    c.canonical_uri = "/examplebucket/%C3%BC";
    c.sign(r);
    EXPECT_TRUE(authenticate(r, may24).ok);
}

TEST(AuthenticatorV4Header, QueryWithEncodedValues) {
    Request r{"GET", "/examplebucket", "list-type=2&prefix=a%20b%2Fc&delimiter=%2F&start-after=%E2%82%AC"};
    V4Client c;
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    EXPECT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
}

// ---------------------------------------------------------------------------------------------
// SigV4, presigned query

TEST(AuthenticatorV4Query, AwsDocPresignedExample) {
    Request r{"GET", "/test.txt",
              "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
              "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-"
              "Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
              {{"host", host}}};
    AuthResult res = authenticate(r, may24 + hours(23));
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
    EXPECT_EQ(res.access_key, access_key);
    EXPECT_EQ(res.payload, PayloadMode::unchecked);
}

TEST(AuthenticatorV4Query, Valid) {
    Request r{"GET", "/examplebucket/photos/cat%20pic.jpg", "response-content-type=image%2Fjpeg"};
    V4Presigner p;
    p.sign(r);
    AuthResult res = authenticate(r, may24 + minutes(30));
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.canonical_request;
    EXPECT_FALSE(res.anonymous);
    EXPECT_EQ(res.access_key, access_key);
    EXPECT_EQ(res.payload, PayloadMode::unchecked);
}

TEST(AuthenticatorV4Query, UnicodeKey) {
    Request r{"PUT", "/examplebucket/%E6%97%A5%E6%9C%AC/a%20b%2Bc.txt"};
    V4Presigner p;
    p.sign(r);
    EXPECT_TRUE(authenticate(r, may24).ok);
}

TEST(AuthenticatorV4Query, ExpiredIsAccessDenied) {
    Request r;
    V4Presigner p;
    p.sign(r);
    EXPECT_TRUE(authenticate(r, may24 + seconds(3599)).ok);
    AuthResult res = authenticate(r, may24 + seconds(3601));
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AccessDenied);
    EXPECT_EQ(res.message, "Request has expired");
    EXPECT_EQ(field(res, "X-Amz-Expires"), "3600");
    EXPECT_EQ(field(res, "Expires").substr(0, 19), "2013-05-24T01:00:00");
    EXPECT_EQ(field(res, "ServerTime").substr(0, 19), "2013-05-24T01:00:01");
}

TEST(AuthenticatorV4Query, LongLivedUrlIsNotSubjectToSkew) {
    Request r;
    V4Presigner p;
    p.expires = "604800";
    p.sign(r);
    EXPECT_TRUE(authenticate(r, may24 + hours(24 * 6)).ok);
}

TEST(AuthenticatorV4Query, ExpiresOverAWeekIsAuthorizationQueryParametersError) {
    Request r;
    V4Presigner p;
    p.expires = "604801";
    p.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AuthorizationQueryParametersError);
}

TEST(AuthenticatorV4Query, NonNumericOrNegativeExpires) {
    for (const char* expires : {"abc", "-1", "", "10s"}) {
        Request r;
        V4Presigner p;
        p.expires = expires;
        p.sign(r);
        AuthResult res = authenticate(r, may24);
        ASSERT_FALSE(res.ok) << expires;
        EXPECT_EQ(res.error, AuthError::AuthorizationQueryParametersError) << expires;
    }
}

TEST(AuthenticatorV4Query, MissingParameterIsAuthorizationQueryParametersError) {
    for (const char* omit : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                             "X-Amz-SignedHeaders", "X-Amz-Signature"}) {
        Request r;
        V4Presigner p;
        p.omit = omit;
        p.sign(r);
        AuthResult res = authenticate(r, may24);
        ASSERT_FALSE(res.ok) << omit;
        EXPECT_EQ(res.error, AuthError::AuthorizationQueryParametersError) << omit;
    }
}

TEST(AuthenticatorV4Query, WrongAlgorithmOrDate) {
    Request r;
    V4Presigner p;
    p.sign(r);
    Request algo = r;
    algo.raw_query.replace(algo.raw_query.find("AWS4-HMAC-SHA256"), 16, "AWS4-HMAC-SHA512");
    EXPECT_EQ(authenticate(algo, may24).error, AuthError::AuthorizationQueryParametersError);
    Request date = r;
    date.raw_query.replace(date.raw_query.find("20130524T000000Z"), 16, "2013-05-24T0000");
    EXPECT_EQ(authenticate(date, may24).error, AuthError::AuthorizationQueryParametersError);
}

TEST(AuthenticatorV4Query, TamperedQueryIsSignatureDoesNotMatch) {
    Request r{"GET", "/examplebucket/k", "response-content-disposition=inline"};
    V4Presigner p;
    p.sign(r);
    ASSERT_TRUE(authenticate(r, may24).ok);

    Request changed = r;
    changed.raw_query.replace(changed.raw_query.find("inline"), 6, "attachment");
    AuthResult res = authenticate(changed, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::SignatureDoesNotMatch);
    EXPECT_NE(field(res, "CanonicalRequest").find("response-content-disposition=attachment"), std::string::npos);

    Request added = r;
    added.raw_query += "&x-id=GetObject";
    EXPECT_EQ(authenticate(added, may24).error, AuthError::SignatureDoesNotMatch);

    Request longer = r;
    longer.raw_query.replace(longer.raw_query.find("X-Amz-Expires=3600"), 18, "X-Amz-Expires=7200");
    EXPECT_EQ(authenticate(longer, may24).error, AuthError::SignatureDoesNotMatch);

    Request method = r;
    method.method = "PUT";
    EXPECT_EQ(authenticate(method, may24).error, AuthError::SignatureDoesNotMatch);
}

TEST(AuthenticatorV4Query, WrongSecretOrUnknownKey) {
    Request r;
    V4Presigner p;
    p.secret_key = "nope";
    p.sign(r);
    EXPECT_EQ(authenticate(r, may24).error, AuthError::SignatureDoesNotMatch);

    Request u;
    V4Presigner q;
    q.key = "AKIDUNKNOWN";
    q.sign(u);
    AuthResult res = authenticate(u, may24);
    EXPECT_EQ(res.error, AuthError::InvalidAccessKeyId);
    EXPECT_EQ(field(res, "AWSAccessKeyId"), "AKIDUNKNOWN");
}

TEST(AuthenticatorV4Query, UnsignedAmzHeaderIsAccessDenied) {
    Request r{"PUT", "/examplebucket/k"};
    V4Presigner p;
    p.sign(r);
    ASSERT_TRUE(authenticate(r, may24).ok);
    r.headers.emplace_back("x-amz-acl", "public-read");
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AccessDenied);
    EXPECT_EQ(res.message, "There were headers present in the request which were not signed");
    EXPECT_EQ(field(res, "HeadersNotSigned"), "x-amz-acl");
}

TEST(AuthenticatorV4Query, CredentialDateDifferentFromXAmzDate) {
    Request r;
    V4Presigner p;
    p.scope_date = "20130523";
    p.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AuthorizationQueryParametersError);
}

TEST(AuthenticatorV4Query, NotYetValidIsAccessDenied) {
    Request r;
    V4Presigner p;
    p.amz_date = "20130524T010000Z";
    p.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AccessDenied);
}

TEST(AuthenticatorV4Query, StrictRegion) {
    AuthOptions strict;
    strict.strict_region = true;
    Request r;
    V4Presigner p;
    p.region = "eu-central-1";
    p.sign(r);
    AuthResult res = authenticate(r, may24, strict);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AuthorizationQueryParametersError);
    EXPECT_EQ(field(res, "Region"), "us-east-1");
    EXPECT_TRUE(authenticate(r, may24).ok);
}

// ---------------------------------------------------------------------------------------------
// SigV2

TEST(AuthenticatorV2Header, AwsDocExample) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg", "",
              {{"host", "johnsmith.s3.amazonaws.com"},
               {"date", "Tue, 27 Mar 2007 19:36:42 +0000"},
               {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="}}};
    AuthResult res = authenticate(r, mar27_2007 + minutes(2));
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.string_to_sign;
    EXPECT_FALSE(res.anonymous);
    EXPECT_EQ(res.access_key, access_key);
    EXPECT_EQ(res.payload, PayloadMode::unchecked);
}

TEST(AuthenticatorV2Header, AwsDocUnicodeExample) {
    Request r{"GET", "/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", "",
              {{"host", "s3.amazonaws.com"},
               {"date", "Wed, 28 Mar 2007 01:49:49 +0000"},
               {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:DNEZGsoieTZ92F3bUfSPQcbGmlM="}}};
    AuthResult res = authenticate(r, *parse_rfc1123("Wed, 28 Mar 2007 01:49:49 +0000"));
    EXPECT_TRUE(res.ok) << res.message << "\n" << res.string_to_sign;
}

TEST(AuthenticatorV2Header, XAmzDateReplacesDate) {
    Request r{"DELETE", "/johnsmith/photos/puppy.jpg", "",
              {{"date", "Tue, 27 Mar 2007 21:20:27 +0000"},
               {"x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000"},
               {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:R4dJ53KECjStyBO5iTBJZ4XVOaI="}}};
    AuthResult res = authenticate(r, *parse_rfc1123("Tue, 27 Mar 2007 21:20:26 +0000"));
    EXPECT_TRUE(res.ok) << res.message << "\n" << res.string_to_sign;
}

TEST(AuthenticatorV2Header, WrongSignatureIsSignatureDoesNotMatch) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg", "",
              {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"},
               {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:AAAAs1WEIj+Ydj0vQ697zp+IXMU="}}};
    AuthResult res = authenticate(r, mar27_2007);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::SignatureDoesNotMatch);
    EXPECT_EQ(res.string_to_sign, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
    EXPECT_EQ(field(res, "StringToSign"), res.string_to_sign);
    EXPECT_EQ(field(res, "SignatureProvided"), "AAAAs1WEIj+Ydj0vQ697zp+IXMU=");
    EXPECT_EQ(field(res, "AWSAccessKeyId"), access_key);
}

TEST(AuthenticatorV2Header, SignedByTheClientHelperWithSubResource) {
    Request r{"PUT", "/bucket/my%20key", "acl", {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"},
                                                {"content-type", "text/plain"},
                                                {"x-amz-acl", "private"}}};
    std::string sts = "PUT\n\ntext/plain\nTue, 27 Mar 2007 19:36:42 +0000\nx-amz-acl:private\n/bucket/my%20key?acl";
    r.set("authorization", std::string("AWS ") + access_key + ":" + sigv2::signature(secret, sts));
    EXPECT_TRUE(authenticate(r, mar27_2007).ok);
    r.set("content-type", "text/html");
    EXPECT_EQ(authenticate(r, mar27_2007).error, AuthError::SignatureDoesNotMatch);
}

TEST(AuthenticatorV2Header, UnknownKeySkewMalformedAndMissingDate) {
    Request unknown{"GET", "/b/k", "",
                    {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"}, {"authorization", "AWS NOSUCHKEY:abc="}}};
    AuthResult res = authenticate(unknown, mar27_2007);
    EXPECT_EQ(res.error, AuthError::InvalidAccessKeyId);
    EXPECT_EQ(field(res, "AWSAccessKeyId"), "NOSUCHKEY");

    Request skewed{"GET", "/johnsmith/photos/puppy.jpg", "",
                   {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"},
                    {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="}}};
    res = authenticate(skewed, mar27_2007 + minutes(16));
    EXPECT_EQ(res.error, AuthError::RequestTimeTooSkewed);
    EXPECT_EQ(field(res, "ServerTime").substr(0, 19), "2007-03-27T19:52:42");

    Request malformed{"GET", "/b/k", "",
                      {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"}, {"authorization", "AWS AKIAIOSFODNN7EXAMPLE"}}};
    EXPECT_EQ(authenticate(malformed, mar27_2007).error, AuthError::InvalidArgument);

    Request no_date{"GET", "/b/k", "", {{"authorization", "AWS AKIAIOSFODNN7EXAMPLE:abc="}}};
    EXPECT_EQ(authenticate(no_date, mar27_2007).error, AuthError::AccessDenied);
}

TEST(AuthenticatorV2Query, AwsDocExample) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg",
              "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
              {{"host", "johnsmith.s3.amazonaws.com"}}};
    AuthResult res = authenticate(r, TimePoint(seconds(1175139620 - 600)));
    ASSERT_TRUE(res.ok) << res.message << "\n" << res.string_to_sign;
    EXPECT_EQ(res.access_key, access_key);
    EXPECT_EQ(res.payload, PayloadMode::unchecked);
    // Presigned URLs are not subject to the 15-minute skew: only Expires counts.
    EXPECT_TRUE(authenticate(r, TimePoint(seconds(1175139620 - 86400))).ok);
}

TEST(AuthenticatorV2Query, ExpiredIsAccessDenied) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg",
              "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"};
    AuthResult res = authenticate(r, TimePoint(seconds(1175139621)));
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::AccessDenied);
    EXPECT_EQ(res.message, "Request has expired");
    EXPECT_EQ(field(res, "Expires").substr(0, 19), "2007-03-29T03:40:20");
}

TEST(AuthenticatorV2Query, WrongSignatureOrTamperedPath) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg",
              "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=AAAACjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"};
    AuthResult res = authenticate(r, mar27_2007);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::SignatureDoesNotMatch);
    EXPECT_EQ(field(res, "StringToSign"), "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg");

    Request other{"GET", "/johnsmith/photos/kitten.jpg",
                  "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"};
    EXPECT_EQ(authenticate(other, mar27_2007).error, AuthError::SignatureDoesNotMatch);

    Request later{"GET", "/johnsmith/photos/puppy.jpg",
                  "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139999"};
    EXPECT_EQ(authenticate(later, mar27_2007).error, AuthError::SignatureDoesNotMatch);
}

TEST(AuthenticatorV2Query, MissingExpiresOrUnknownKey) {
    Request no_expires{"GET", "/b/k", "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=abc%3D"};
    EXPECT_EQ(authenticate(no_expires, mar27_2007).error, AuthError::AccessDenied);
    Request unknown{"GET", "/b/k", "AWSAccessKeyId=NOSUCHKEY&Signature=abc%3D&Expires=1175139620"};
    EXPECT_EQ(authenticate(unknown, mar27_2007).error, AuthError::InvalidAccessKeyId);
}

// ---------------------------------------------------------------------------------------------
// Neither, or both

TEST(Authenticator, NoCredentialsIsAnonymous) {
    Request r{"GET", "/examplebucket/public.txt", "versionId=1", {{"host", host}}};
    AuthResult res = authenticate(r, may24);
    EXPECT_TRUE(res.ok);
    EXPECT_TRUE(res.anonymous);
    EXPECT_EQ(res.access_key, "");
    EXPECT_EQ(res.payload, PayloadMode::unchecked);
}

TEST(Authenticator, HeaderAndQuerySignatureTogetherIsInvalidArgument) {
    Request r{"GET", "/examplebucket/k"};
    V4Presigner p;
    p.sign(r);
    V4Client c;
    c.sign(r);
    AuthResult res = authenticate(r, may24);
    ASSERT_FALSE(res.ok);
    EXPECT_EQ(res.error, AuthError::InvalidArgument);
    EXPECT_EQ(field(res, "ArgumentName"), "Authorization");

    Request v2{"GET", "/johnsmith/photos/puppy.jpg",
               "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
               {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"},
                {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="}}};
    EXPECT_EQ(authenticate(v2, mar27_2007).error, AuthError::InvalidArgument);
}

}  // namespace
}  // namespace s3emu::auth
