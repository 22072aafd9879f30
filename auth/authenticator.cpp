#include "auth/authenticator.h"

#include "auth/crypto.h"
#include "auth/sigv2.h"
#include "auth/sigv4.h"

#include <algorithm>
#include <charconv>

namespace s3emu::auth {

namespace {

constexpr std::int64_t max_presigned_expiry = 604800;  // one week, S3's limit for SigV4 URLs

AuthResult fail(AuthError error, std::string message, std::vector<std::pair<std::string, std::string>> fields = {}) {
    AuthResult r;
    r.error = error;
    r.message = std::move(message);
    r.fields = std::move(fields);
    return r;
}

std::string spaced_hex_bytes(std::string_view s) {
    std::string hex = to_hex(s), out;
    out.reserve(hex.size() * 3 / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (i) out += ' ';
        out.append(hex, i, 2);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> parts;
    while (true) {
        auto pos = s.find(sep);
        parts.emplace_back(s.substr(0, pos));
        if (pos == std::string_view::npos) return parts;
        s.remove_prefix(pos + 1);
    }
}

bool parse_int(std::string_view s, std::int64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size() && !s.empty();
}

bool is_hex64(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

// Maps x-amz-content-sha256 to a payload mode; false for a value S3 refuses.
bool payload_mode_of(std::string_view value, PayloadMode& mode) {
    if (value == "UNSIGNED-PAYLOAD") mode = PayloadMode::unchecked;
    else if (value == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") mode = PayloadMode::streaming_signed;
    else if (value == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER") mode = PayloadMode::streaming_signed_trailer;
    else if (value == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") mode = PayloadMode::streaming_unsigned_trailer;
    else if (is_hex64(value)) mode = PayloadMode::sha256;
    else return false;
    return true;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string iso(TimePoint t) { return format_iso8601_ms(t); }

// The credential scope "AK/date/region/service/aws4_request", split and checked.
struct Scope {
    std::string access_key, date8, region, service;
};

bool parse_scope(std::string_view credential, Scope& out) {
    auto parts = split(credential, '/');
    if (parts.size() != 5 || parts[4] != "aws4_request" || parts[0].empty()) return false;
    out = {parts[0], parts[1], parts[2], parts[3]};
    return true;
}

}  // namespace

Authenticator::Authenticator(Credentials credentials, AuthOptions options)
    : credentials_(std::move(credentials)), options_(std::move(options)) {}

AuthResult Authenticator::authenticate(const HttpRequestView& request, TimePoint now) const {
    auto authorization = request.header("authorization");
    bool v4_query = request.query_param("X-Amz-Algorithm") || request.query_param("X-Amz-Signature") ||
                    request.query_param("X-Amz-Credential");
    bool v2_query = request.query_param("Signature") && request.query_param("AWSAccessKeyId");
    if (authorization && (v4_query || v2_query))
        return fail(AuthError::InvalidArgument,
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query "
                    "string parameter or the Authorization header should be specified",
                    {{"ArgumentName", "Authorization"}, {"ArgumentValue", *authorization}});
    if (authorization) {
        std::string_view value = *authorization;
        if (value.starts_with("AWS4-HMAC-SHA256 ")) return sigv4_header(request, value, now);
        if (value.starts_with("AWS ")) return sigv2_header(request, value, now);
        return fail(AuthError::InvalidArgument, "Unsupported Authorization Type",
                    {{"ArgumentName", "Authorization"}, {"ArgumentValue", std::string(value)}});
    }
    if (v4_query) return sigv4_query(request, now);
    if (v2_query) return sigv2_query(request, now);
    AuthResult anonymous;
    anonymous.ok = true;
    anonymous.anonymous = true;
    return anonymous;
}

// Shared by header and query SigV4 once the parts are parsed: scope checks, canonical request, compare.
namespace {

struct V4Parts {
    Scope scope;
    std::string amz_date;
    std::vector<std::string> signed_headers;
    std::string signed_headers_text;
    std::string signature;
    std::string payload_hash;
    bool presigned = false;
};

}  // namespace

// `key` is the signing key derived from the secret and the request's scope.
static AuthResult verify_v4(const HttpRequestView& request, const V4Parts& parts, std::string key,
                            const AuthOptions& options) {
    const char* malformed = parts.presigned ? "Error parsing the X-Amz-Credential parameter; "
                                            : "The authorization header is malformed; ";
    AuthError malformed_code =
        parts.presigned ? AuthError::AuthorizationQueryParametersError : AuthError::AuthorizationHeaderMalformed;
    if (parts.scope.date8 != std::string_view(parts.amz_date).substr(0, 8))
        return fail(malformed_code, std::string(malformed) + "Invalid credential date. Date is not the same as X-Amz-Date.");
    if (parts.scope.service != "s3")
        return fail(malformed_code, std::string(malformed) + "incorrect service '" + parts.scope.service +
                                        "'. This endpoint belongs to 's3'.");
    if (options.strict_region && parts.scope.region != options.region)
        return fail(malformed_code,
                    std::string(malformed) + "the region '" + parts.scope.region + "' is wrong; expecting '" +
                        options.region + "'",
                    {{"Region", options.region}});

    // S3 refuses x-amz-* headers the signature does not cover; x-amz-content-sha256 is exempt.
    std::string unsigned_headers;
    for (const auto& [name, value] : request.headers) {
        if (!name.starts_with("x-amz-") || name == "x-amz-content-sha256") continue;
        if (std::find(parts.signed_headers.begin(), parts.signed_headers.end(), name) != parts.signed_headers.end())
            continue;
        if (unsigned_headers.find(name) != std::string::npos) continue;
        if (!unsigned_headers.empty()) unsigned_headers += ", ";
        unsigned_headers += name;
    }
    if (!unsigned_headers.empty())
        return fail(AuthError::AccessDenied, "There were headers present in the request which were not signed",
                    {{"HeadersNotSigned", unsigned_headers}});

    std::string headers, missing;
    bool have_headers = sigv4::canonical_headers(request, parts.signed_headers, headers, missing);
    std::string query = sigv4::canonical_query(request.query, parts.presigned ? "X-Amz-Signature" : "");
    std::string scope = sigv4::scope(parts.scope.date8, parts.scope.region, parts.scope.service);

    auto attempt = [&](const std::string& uri, std::string& creq, std::string& sts) {
        creq = sigv4::canonical_request(request.method, uri, query, headers, parts.signed_headers_text,
                                        parts.payload_hash);
        sts = sigv4::string_to_sign(parts.amz_date, scope, creq);
        return have_headers && constant_time_equal(sigv4::signature(key, sts), parts.signature);
    };
    std::string creq, sts;
    std::string uri = sigv4::canonical_uri(request.raw_path);
    bool ok = attempt(uri, creq, sts);
    // A client that signed the path exactly as it sent it (say with %2F in a key) also matches.
    if (!ok && std::string_view(uri) != request.raw_path && !request.raw_path.empty()) {
        std::string creq2, sts2;
        ok = attempt(std::string(request.raw_path), creq2, sts2);
    }
    if (!ok) {
        AuthResult r = fail(AuthError::SignatureDoesNotMatch,
                            "The request signature we calculated does not match the signature you provided. Check "
                            "your key and signing method.",
                            {{"AWSAccessKeyId", parts.scope.access_key},
                             {"StringToSign", sts},
                             {"SignatureProvided", parts.signature},
                             {"StringToSignBytes", spaced_hex_bytes(sts)},
                             {"CanonicalRequest", creq},
                             {"CanonicalRequestBytes", spaced_hex_bytes(creq)}});
        r.canonical_request = creq;
        r.string_to_sign = sts;
        return r;
    }
    AuthResult r;
    r.ok = true;
    r.access_key = parts.scope.access_key;
    r.seed_signature = parts.signature;
    r.signing_key = std::move(key);
    r.amz_date = parts.amz_date;
    r.scope = std::move(scope);
    return r;
}

AuthResult Authenticator::sigv4_header(const HttpRequestView& request, std::string_view authorization,
                                       TimePoint now) const {
    V4Parts parts;
    std::string credential;
    bool have_credential = false, have_signed = false, have_signature = false;
    for (const auto& item : split(authorization.substr(sigv4::algorithm.size() + 1), ',')) {
        std::string_view kv = trim(item);
        auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view name = kv.substr(0, eq), value = kv.substr(eq + 1);
        if (name == "Credential") credential = value, have_credential = true;
        else if (name == "SignedHeaders") parts.signed_headers_text = value, have_signed = true;
        else if (name == "Signature") parts.signature = value, have_signature = true;
    }
    const std::string malformed = "The authorization header is malformed; ";
    if (!have_credential || !have_signed || !have_signature)
        return fail(AuthError::AuthorizationHeaderMalformed,
                    malformed + "the authorization header requires three components: Credential, SignedHeaders, and "
                                "Signature.");
    if (!parse_scope(credential, parts.scope))
        return fail(AuthError::AuthorizationHeaderMalformed,
                    malformed + "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/"
                                "aws4_request\".");
    parts.signed_headers = split(parts.signed_headers_text, ';');

    auto secret = credentials_.secret_for(parts.scope.access_key);
    if (!secret)
        return fail(AuthError::InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.",
                    {{"AWSAccessKeyId", parts.scope.access_key}});

    std::optional<TimePoint> when;
    if (auto amz = request.header("x-amz-date")) {
        parts.amz_date = *amz;
        when = parse_amz_date(*amz);
    } else if (auto date = request.header("date")) {
        when = parse_rfc1123(*date);
        if (when) parts.amz_date = format_amz_date(*when);
    }
    if (!when)
        return fail(AuthError::AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
    if (*when > now + options_.max_skew || *when < now - options_.max_skew)
        return fail(AuthError::RequestTimeTooSkewed,
                    "The difference between the request time and the current time is too large.",
                    {{"RequestTime", parts.amz_date},
                     {"ServerTime", iso(now)},
                     {"MaxAllowedSkewMilliseconds",
                      std::to_string(std::chrono::milliseconds(options_.max_skew).count())}});

    auto content_sha = request.header("x-amz-content-sha256");
    if (!content_sha)
        return fail(AuthError::InvalidRequest, "Missing required header for this request: x-amz-content-sha256");
    PayloadMode mode;
    if (!payload_mode_of(*content_sha, mode))
        return fail(AuthError::InvalidArgument,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                    "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid "
                    "sha256 value.",
                    {{"ArgumentName", "x-amz-content-sha256"}, {"ArgumentValue", *content_sha}});
    parts.payload_hash = *content_sha;

    AuthResult r = verify_v4(
        request, parts, cached_signing_key(*secret, parts.scope.date8, parts.scope.region, parts.scope.service),
        options_);
    if (r.ok) {
        r.payload = mode;
        if (mode == PayloadMode::sha256) r.payload_sha256 = lower(*content_sha);
    }
    return r;
}

AuthResult Authenticator::sigv4_query(const HttpRequestView& request, TimePoint now) const {
    const std::string* algorithm = request.query_param("X-Amz-Algorithm");
    const std::string* credential = request.query_param("X-Amz-Credential");
    const std::string* date = request.query_param("X-Amz-Date");
    const std::string* expires = request.query_param("X-Amz-Expires");
    const std::string* signed_headers = request.query_param("X-Amz-SignedHeaders");
    const std::string* signature = request.query_param("X-Amz-Signature");
    if (!algorithm || !credential || !date || !expires || !signed_headers || !signature)
        return fail(AuthError::AuthorizationQueryParametersError,
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                    "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    if (*algorithm != sigv4::algorithm)
        return fail(AuthError::AuthorizationQueryParametersError,
                    "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    std::int64_t expiry = 0;
    if (!parse_int(*expires, expiry))
        return fail(AuthError::AuthorizationQueryParametersError,
                    "X-Amz-Expires should be a number");
    if (expiry < 0)
        return fail(AuthError::AuthorizationQueryParametersError, "X-Amz-Expires must be non-negative");
    if (expiry > max_presigned_expiry)
        return fail(AuthError::AuthorizationQueryParametersError,
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    auto when = parse_amz_date(*date);
    if (!when)
        return fail(AuthError::AuthorizationQueryParametersError,
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");

    V4Parts parts;
    parts.presigned = true;
    if (!parse_scope(*credential, parts.scope))
        return fail(AuthError::AuthorizationQueryParametersError,
                    "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                    "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    auto secret = credentials_.secret_for(parts.scope.access_key);
    if (!secret)
        return fail(AuthError::InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.",
                    {{"AWSAccessKeyId", parts.scope.access_key}});

    TimePoint expires_at = *when + std::chrono::seconds(expiry);
    if (now > expires_at)
        return fail(AuthError::AccessDenied, "Request has expired",
                    {{"X-Amz-Expires", *expires}, {"Expires", iso(expires_at)}, {"ServerTime", iso(now)}});
    if (*when > now + options_.max_skew)
        return fail(AuthError::AccessDenied, "Request is not valid yet");

    parts.amz_date = *date;
    parts.signed_headers_text = *signed_headers;
    parts.signed_headers = split(*signed_headers, ';');
    parts.signature = *signature;
    // A presigned URL binds no body unless the client also signed x-amz-content-sha256.
    PayloadMode mode = PayloadMode::unchecked;
    auto content_sha = request.header("x-amz-content-sha256");
    if (content_sha && !payload_mode_of(*content_sha, mode))
        return fail(AuthError::InvalidArgument, "x-amz-content-sha256 must be a valid sha256 value.",
                    {{"ArgumentName", "x-amz-content-sha256"}, {"ArgumentValue", *content_sha}});
    parts.payload_hash = content_sha ? *content_sha : "UNSIGNED-PAYLOAD";

    AuthResult r = verify_v4(
        request, parts, cached_signing_key(*secret, parts.scope.date8, parts.scope.region, parts.scope.service),
        options_);
    if (r.ok) {
        r.payload = mode;
        if (mode == PayloadMode::sha256) r.payload_sha256 = lower(*content_sha);
    }
    return r;
}

static AuthResult verify_v2(const HttpRequestView& request, const std::string& access_key, const std::string& secret,
                            std::string_view date_line, std::string_view provided) {
    std::string sts = sigv2::string_to_sign(request, date_line);
    bool ok = constant_time_equal(sigv2::signature(secret, sts), provided);
    // A path-style request naming only a bucket ("/bucket") may be signed as "/bucket/", as
    // botocore signs it and S3 accepts.
    std::string_view path = request.raw_path;
    if (!ok && path.size() > 1 && path.find('/', 1) == std::string_view::npos && request.virtual_bucket.empty()) {
        std::string with_slash = std::string(path) + "/";
        HttpRequestView slashed{request.method, with_slash, request.query, request.headers, {}};
        ok = constant_time_equal(sigv2::signature(secret, sigv2::string_to_sign(slashed, date_line)), provided);
    }
    if (ok) {
        AuthResult r;
        r.ok = true;
        r.access_key = access_key;
        return r;
    }
    AuthResult r = fail(AuthError::SignatureDoesNotMatch,
                        "The request signature we calculated does not match the signature you provided. Check your "
                        "key and signing method.",
                        {{"AWSAccessKeyId", access_key},
                         {"StringToSign", sts},
                         {"SignatureProvided", std::string(provided)},
                         {"StringToSignBytes", spaced_hex_bytes(sts)}});
    r.string_to_sign = sts;
    return r;
}

AuthResult Authenticator::sigv2_header(const HttpRequestView& request, std::string_view authorization,
                                       TimePoint now) const {
    std::string_view rest = authorization.substr(4);
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return fail(AuthError::InvalidArgument, "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
                    {{"ArgumentName", "Authorization"}, {"ArgumentValue", std::string(authorization)}});
    std::string access_key(trim(rest.substr(0, colon)));
    std::string provided(trim(rest.substr(colon + 1)));
    auto secret = credentials_.secret_for(access_key);
    if (!secret)
        return fail(AuthError::InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.",
                    {{"AWSAccessKeyId", access_key}});

    // With x-amz-date present, SigV2 signs an empty Date line.
    std::optional<TimePoint> when;
    std::string date_line;
    if (auto amz = request.header("x-amz-date")) {
        when = parse_rfc1123(*amz);
        if (!when) when = parse_amz_date(*amz);
    } else if (auto date = request.header("date")) {
        when = parse_rfc1123(*date);
        date_line = *date;
    }
    if (!when)
        return fail(AuthError::AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
    if (*when > now + options_.max_skew || *when < now - options_.max_skew)
        return fail(AuthError::RequestTimeTooSkewed,
                    "The difference between the request time and the current time is too large.",
                    {{"RequestTime", format_rfc1123(*when)},
                     {"ServerTime", iso(now)},
                     {"MaxAllowedSkewMilliseconds",
                      std::to_string(std::chrono::milliseconds(options_.max_skew).count())}});
    return verify_v2(request, access_key, *secret, date_line, provided);
}

AuthResult Authenticator::sigv2_query(const HttpRequestView& request, TimePoint now) const {
    const std::string& access_key = *request.query_param("AWSAccessKeyId");
    const std::string& provided = *request.query_param("Signature");
    const std::string* expires = request.query_param("Expires");
    std::int64_t expires_epoch = 0;
    if (!expires || !parse_int(*expires, expires_epoch))
        return fail(AuthError::AccessDenied,
                    "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    auto secret = credentials_.secret_for(access_key);
    if (!secret)
        return fail(AuthError::InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.",
                    {{"AWSAccessKeyId", access_key}});
    TimePoint expires_at = TimePoint(std::chrono::seconds(expires_epoch));
    if (now > expires_at)
        return fail(AuthError::AccessDenied, "Request has expired",
                    {{"Expires", iso(expires_at)}, {"ServerTime", iso(now)}});
    return verify_v2(request, access_key, *secret, *expires, provided);
}

std::string Authenticator::cached_signing_key(const std::string& secret, std::string_view date8,
                                              std::string_view region, std::string_view service) const {
    std::string id = secret;
    id.append("\n").append(date8).append("\n").append(region).append("\n").append(service);
    std::lock_guard lock(key_cache_mutex_);
    if (auto it = key_cache_.find(id); it != key_cache_.end()) return it->second;
    // Clients sign with a handful of dates and regions; start over rather than grow without bound.
    if (key_cache_.size() >= 64) key_cache_.clear();
    return key_cache_[id] = sigv4::signing_key(secret, date8, region, service);
}

}  // namespace s3emu::auth
