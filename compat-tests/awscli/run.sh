#!/usr/bin/env bash
# Compat suite: the aws CLI (v1 or v2, given as the argument) against a fresh s3emu.
# Prints "ok - ..." / "not ok - ..." per assertion and ends with "N passed, N failed".
set -uo pipefail

AWS="${1:?usage: $0 AWS_BINARY (e.g. /usr/bin/aws)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh disable=SC1091
source "$here/../lib/server.sh"

BUCKET=compat-bucket
KEY='dir one/a+b ünïcödé ✓.bin'
META_KEY='meta/hello.txt'

work="$(s3emu_tmpdir)" || exit 1
# Helper computations (JSON, hashes, file trees) use the system Python, not whatever `python3`
# a pyenv shim resolves to.
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY="$(command -v python3)"

# --- an isolated aws CLI environment: nothing from the user's config leaks in ---------------
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ENDPOINT_URL \
  AWS_ENDPOINT_URL_S3 AWS_CA_BUNDLE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE \
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_REGION \
  AWS_USE_DUALSTACK_ENDPOINT AWS_USE_FIPS_ENDPOINT AWS_S3_US_EAST_1_REGIONAL_ENDPOINT \
  HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
: >"$work/aws-config"
: >"$work/aws-credentials"
export AWS_CONFIG_FILE="$work/aws-config"
export AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
export AWS_ACCESS_KEY_ID="$S3EMU_TEST_ACCESS_KEY"
export AWS_SECRET_ACCESS_KEY="$S3EMU_TEST_SECRET_KEY"
export AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export LC_ALL=C.UTF-8 PYTHONUTF8=1 PYTHONIOENCODING=utf-8

# --- assertions: lib/checks.sh ---------------------------------------------------------------
# shellcheck source=../lib/checks.sh disable=SC1091
source "$here/../lib/checks.sh"

# A ARGS...: the aws CLI against s3emu. A_env VAR=VALUE... -- ARGS...: with changed variables.
A() { run timeout 120 "$AWS" --endpoint-url "$S3EMU_ENDPOINT" "$@"; }
A_env() {
  local envs=()
  while [[ $# -gt 0 && "$1" != -- ]]; do envs+=("$1"); shift; done
  shift
  run timeout 120 env "${envs[@]}" "$AWS" --endpoint-url "$S3EMU_ENDPOINT" "$@"
}

# jget PYEXPR: evaluates a Python expression over d = the JSON in $out (prints '' on error).
jget() {
  printf '%s' "$out" | "$PY" -c '
import json, sys
try:
    d = json.load(sys.stdin)
except Exception:
    d = {}
try:
    v = eval(sys.argv[1])
except Exception:
    v = "<missing>"
print(json.dumps(v) if isinstance(v, (list, dict)) else v)' "$1"
}

expect_aws_error() { # expect_aws_error DESC CODE: the last aws command failed with that S3 code
  if [[ $rc -ne 0 && "$err" == *"($2)"* ]]; then ok "$1"; else not_ok "$1" "expected failure with ($2)"; fi
}
# The aws CLI's transfer defaults (s3 cp / sync; nothing in the isolated config changes them):
# files of multipart_threshold bytes or more go up as a multipart upload of multipart_chunksize
# parts, the last one shorter.
CLI_THRESHOLD=$((8 * 1024 * 1024))
CLI_CHUNK=$((8 * 1024 * 1024))

# urlpath KEY: the key percent-encoded for a URL path ('/' kept).
urlpath() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/"))' "$1"; }

# --- start --------------------------------------------------------------------------------------
if [[ ! -x "$AWS" ]] && ! command -v "$AWS" >/dev/null 2>&1; then
  echo "# aws binary not found: $AWS"
  last_cmd="test -x $AWS"; rc=1; out=""; err=""
  not_ok "aws binary is executable"
  finish
fi
echo "# aws: $AWS ($("$AWS" --version 2>&1 | head -n1))"

if start_s3emu; then
  echo "# s3emu: $S3EMU_ENDPOINT (pid $S3EMU_PID, data $S3EMU_DATA)"
  ok "s3emu starts and prints its listening line"
else
  last_cmd="start_s3emu"; rc=1; out=""; err=""
  not_ok "s3emu starts and prints its listening line"
  finish
fi

http "$work/health" "$S3EMU_ENDPOINT/_s3emu/health"
expect_eq "GET /_s3emu/health answers 200 ok without auth" "$status $(cat "$work/health" 2>/dev/null)" "200 ok"

# --- buckets ------------------------------------------------------------------------------------
A s3 mb "s3://$BUCKET"
if [[ $rc -eq 0 && "$out" == *"make_bucket: $BUCKET"* ]]; then ok "s3 mb creates $BUCKET"; else not_ok "s3 mb creates $BUCKET"; fi

A s3api head-bucket --bucket "$BUCKET"
expect_success "s3api head-bucket finds $BUCKET"

A s3 ls
if [[ $rc -eq 0 ]] && grep -qE " $BUCKET\$" <<<"$out"; then ok "s3 ls lists $BUCKET"; else not_ok "s3 ls lists $BUCKET"; fi

# --- a 5 MB object under an awkward key ---------------------------------------------------------
head -c 5242880 /dev/urandom >"$work/big.bin"
big_md5="$(md5sum "$work/big.bin" | cut -d' ' -f1)"

A s3 cp "$work/big.bin" "s3://$BUCKET/$KEY"
expect_success "s3 cp uploads 5 MB to '$KEY'"

A s3 ls "s3://$BUCKET/dir one/"
if [[ $rc -eq 0 && "$out" == *" 5242880 a+b ünïcödé ✓.bin"* ]]; then
  ok "s3 ls of the prefix shows the object with its size"
else
  not_ok "s3 ls of the prefix shows the object with its size"
fi

A s3api head-object --bucket "$BUCKET" --key "$KEY"
expect_eq "head-object ETag is the quoted MD5" "$(jget 'd["ETag"]')" "\"$big_md5\""
expect_eq "head-object ContentLength is 5242880" "$(jget 'd["ContentLength"]')" "5242880"

rm -f "$work/big.down"
A s3 cp "s3://$BUCKET/$KEY" "$work/big.down"
if [[ $rc -eq 0 ]] && cmp -s "$work/big.bin" "$work/big.down"; then
  ok "s3 cp downloads the same bytes"
else
  not_ok "s3 cp downloads the same bytes" "cmp: $(cmp "$work/big.bin" "$work/big.down" 2>&1)"
fi

# --- a ranged GET and a multipart upload (the CLI splits files over 8 MB into 8 MB parts) ----------
rm -f "$work/range.down"
A s3api get-object --bucket "$BUCKET" --key "$KEY" --range bytes=1000-1999 "$work/range.down"
expect_eq "get-object --range bytes=1000-1999 answers Content-Range" \
  "$(jget 'd["ContentRange"]')" "bytes 1000-1999/5242880"
if [[ $rc -eq 0 ]] && cmp -s <(tail -c +1001 "$work/big.bin" | head -c 1000) "$work/range.down"; then
  ok "get-object --range returns exactly those 1000 bytes"
else
  not_ok "get-object --range returns exactly those 1000 bytes"
fi

MP_KEY='multipart/seventeen MB.bin'
head -c $((17 * 1024 * 1024)) /dev/urandom >"$work/mp.bin"
mp_etag="\"$(multipart_etag "$work/mp.bin" "$CLI_CHUNK")\""
A s3 cp "$work/mp.bin" "s3://$BUCKET/$MP_KEY"
expect_success "s3 cp uploads 17 MB as a multipart upload"
A s3api head-object --bucket "$BUCKET" --key "$MP_KEY"
expect_eq "head-object of the multipart object: ETag is the MD5 of the part MD5s, -3" \
  "$(jget 'd["ETag"]')" "$mp_etag"
rm -f "$work/mp.down"
A s3 cp "s3://$BUCKET/$MP_KEY" "$work/mp.down"
if [[ $rc -eq 0 ]] && cmp -s "$work/mp.bin" "$work/mp.down"; then
  ok "s3 cp downloads the multipart object's bytes"
else
  not_ok "s3 cp downloads the multipart object's bytes" "cmp: $(cmp "$work/mp.bin" "$work/mp.down" 2>&1)"
fi
rm -f "$work/mp.bin" "$work/mp.down"

# --- metadata and content type --------------------------------------------------------------------
printf 'hello from the aws CLI\n' >"$work/hello.txt"
hello_md5="$(md5sum "$work/hello.txt" | cut -d' ' -f1)"
A s3api put-object --bucket "$BUCKET" --key "$META_KEY" --body "$work/hello.txt" \
  --metadata k1=v1 --content-type text/plain
expect_eq "put-object with metadata returns the MD5 ETag" "$(jget 'd["ETag"]')" "\"$hello_md5\""

A s3api head-object --bucket "$BUCKET" --key "$META_KEY"
expect_eq "head-object returns the user metadata k1=v1" "$(jget 'd["Metadata"]')" '{"k1": "v1"}'
expect_eq "head-object returns Content-Type text/plain" "$(jget 'd["ContentType"]')" "text/plain"

# --- listing --------------------------------------------------------------------------------------
list_keys=(list/a.txt list/b.txt list/c.txt list/sub1/d.txt list/sub2/e.txt)
all_put=1
for k in "${list_keys[@]}"; do
  A s3api put-object --bucket "$BUCKET" --key "$k" --body "$work/hello.txt"
  [[ $rc -eq 0 ]] || { all_put=0; break; }
done
if [[ $all_put -eq 1 ]]; then ok "put-object of 5 keys under list/"; else not_ok "put-object of 5 keys under list/"; fi

# --no-paginate: the CLI's auto-pagination drops KeyCount from its merged result.
A s3api list-objects-v2 --bucket "$BUCKET" --prefix list/ --no-paginate
expect_eq "list-objects-v2 --prefix list/ returns the 5 keys in order" \
  "$(jget '" ".join(o["Key"] for o in d["Contents"])')" "${list_keys[*]}"
expect_eq "list-objects-v2 --prefix list/ KeyCount is 5" "$(jget 'd["KeyCount"]')" "5"

A s3api list-objects-v2 --bucket "$BUCKET" --prefix list/ --delimiter /
expect_eq "list-objects-v2 --delimiter / returns the direct keys" \
  "$(jget '" ".join(o["Key"] for o in d["Contents"])')" "list/a.txt list/b.txt list/c.txt"
expect_eq "list-objects-v2 --delimiter / returns CommonPrefixes" \
  "$(jget '" ".join(p["Prefix"] for p in d["CommonPrefixes"])')" "list/sub1/ list/sub2/"

A s3api list-objects-v2 --bucket "$BUCKET" --delimiter /
expect_eq "list-objects-v2 --delimiter / at the root groups every prefix (incl. 'dir one/')" \
  "$(jget '"|".join(p["Prefix"] for p in d["CommonPrefixes"])')" "dir one/|list/|meta/|multipart/"

# Server-side pages of 2, following NextContinuationToken.
collected=() pages=0 token="" page_ok=1
while ((pages < 10)); do
  args=(s3api list-objects-v2 --bucket "$BUCKET" --prefix list/ --max-keys 2 --no-paginate)
  [[ -n "$token" ]] && args+=(--continuation-token "$token")
  A "${args[@]}"
  [[ $rc -eq 0 ]] || { page_ok=0; break; }
  pages=$((pages + 1))
  read -r -a page_keys <<<"$(jget '" ".join(o["Key"] for o in d.get("Contents", []))')"
  collected+=("${page_keys[@]}")
  if [[ ${#page_keys[@]} -gt 2 ]]; then page_ok=0; break; fi
  truncated="$(jget 'd.get("IsTruncated")')"
  token="$(jget 'd.get("NextContinuationToken") or ""')"
  if [[ "$truncated" == True ]]; then
    [[ -n "$token" ]] || { page_ok=0; break; }
  else
    break
  fi
done
if [[ $page_ok -eq 1 && $pages -eq 3 && "${collected[*]}" == "${list_keys[*]}" ]]; then
  ok "list-objects-v2 --max-keys 2 pages through NextContinuationToken (3 pages, 5 keys)"
else
  not_ok "list-objects-v2 --max-keys 2 pages through NextContinuationToken (3 pages, 5 keys)" \
    "pages=$pages keys=[${collected[*]}]"
fi

# With a delimiter, CommonPrefixes count toward max-keys too.
entries=() pages=0 token="" page_ok=1
while ((pages < 10)); do
  args=(s3api list-objects-v2 --bucket "$BUCKET" --prefix list/ --delimiter / --max-keys 2 --no-paginate)
  [[ -n "$token" ]] && args+=(--continuation-token "$token")
  A "${args[@]}"
  [[ $rc -eq 0 ]] || { page_ok=0; break; }
  pages=$((pages + 1))
  read -r -a page_entries <<<"$(jget '" ".join(sorted([o["Key"] for o in d.get("Contents", [])] + [p["Prefix"] for p in d.get("CommonPrefixes", [])]))')"
  entries+=("${page_entries[@]}")
  token="$(jget 'd.get("NextContinuationToken") or ""')"
  [[ "$(jget 'd.get("IsTruncated")')" == True && -n "$token" ]] || break
done
if [[ $page_ok -eq 1 && $pages -eq 3 && "${entries[*]}" == "list/a.txt list/b.txt list/c.txt list/sub1/ list/sub2/" ]]; then
  ok "list-objects-v2 --delimiter / --max-keys 2 pages over keys and CommonPrefixes (3 pages)"
else
  not_ok "list-objects-v2 --delimiter / --max-keys 2 pages over keys and CommonPrefixes (3 pages)" \
    "pages=$pages entries=[${entries[*]}]"
fi

A s3api list-objects-v2 --bucket "$BUCKET" --prefix list/ --start-after list/b.txt
expect_eq "list-objects-v2 --start-after list/b.txt returns the keys after it" \
  "$(jget '" ".join(o["Key"] for o in d["Contents"])')" "list/c.txt list/sub1/d.txt list/sub2/e.txt"

# Client-side pagination: --max-items / --page-size / --starting-token.
collected=() pages=0 token="" page_ok=1
while ((pages < 10)); do
  args=(s3api list-objects-v2 --bucket "$BUCKET" --prefix list/ --max-items 2 --page-size 2)
  [[ -n "$token" ]] && args+=(--starting-token "$token")
  A "${args[@]}"
  [[ $rc -eq 0 ]] || { page_ok=0; break; }
  pages=$((pages + 1))
  read -r -a page_keys <<<"$(jget '" ".join(o["Key"] for o in d.get("Contents", []))')"
  collected+=("${page_keys[@]}")
  token="$(jget 'd.get("NextToken") or ""')"
  [[ -n "$token" ]] || break
done
if [[ $page_ok -eq 1 && "${collected[*]}" == "${list_keys[*]}" ]]; then
  ok "list-objects-v2 --max-items 2 --page-size 2 with --starting-token returns the 5 keys"
else
  not_ok "list-objects-v2 --max-items 2 --page-size 2 with --starting-token returns the 5 keys" \
    "pages=$pages keys=[${collected[*]}]"
fi

# --- presigned URLs -------------------------------------------------------------------------------
presign_style() { if [[ "$1" == *X-Amz-Signature=* ]]; then echo SigV4; elif [[ "$1" == *Signature=* ]]; then echo SigV2; else echo unknown; fi; }

A s3 presign "s3://$BUCKET/$KEY" --expires-in 300
url="$out"
style="$(presign_style "$url")"
if [[ $rc -eq 0 && "$url" == "$S3EMU_ENDPOINT/"* && "$style" != unknown ]]; then
  ok "s3 presign gives a $style URL on the endpoint"
else
  not_ok "s3 presign gives a presigned URL on the endpoint"
fi

rm -f "$work/presigned.down"
http "$work/presigned.down" "$url"
if [[ "$status" == 200 ]] && cmp -s "$work/big.bin" "$work/presigned.down"; then
  ok "curl of the $style presigned URL returns the same bytes"
else
  not_ok "curl of the $style presigned URL returns the same bytes"
fi

tampered="$("$PY" - "$url" <<'PY'
import re, sys
u = sys.argv[1]
m = re.search(r'[?&](?:X-Amz-Signature|Signature)=(.)', u)
if not m:
    print(u)
else:
    c = '1' if m.group(1) == '0' else '0'
    print(u[:m.start(1)] + c + u[m.end(1):])
PY
)"
http "$work/tampered.xml" "$tampered"
expect_s3_error "a tampered $style presigned URL is refused: 403 SignatureDoesNotMatch" \
  "$work/tampered.xml" 403 SignatureDoesNotMatch

A s3 presign "s3://$BUCKET/$KEY" --expires-in 1
expired_url="$out"
sleep 2
http "$work/expired.xml" "$expired_url"
expect_s3_error "an expired $(presign_style "$expired_url") presigned URL is refused: 403 AccessDenied 'Request has expired'" \
  "$work/expired.xml" 403 AccessDenied "Request has expired"

# --- refusals -------------------------------------------------------------------------------------
A_env AWS_SECRET_ACCESS_KEY=wrong-secret-key -- s3api list-objects-v2 --bucket "$BUCKET"
expect_aws_error "a wrong secret key is refused with SignatureDoesNotMatch" SignatureDoesNotMatch

printf 'should never be stored\n' >"$work/intruder.txt"
A_env AWS_SECRET_ACCESS_KEY=wrong-secret-key -- s3 cp "$work/intruder.txt" "s3://$BUCKET/intruder.txt"
expect_aws_error "an upload with a wrong secret key is refused with SignatureDoesNotMatch" SignatureDoesNotMatch
A s3api head-object --bucket "$BUCKET" --key intruder.txt
if [[ $rc -ne 0 ]]; then ok "the refused upload stored nothing"; else not_ok "the refused upload stored nothing"; fi

A_env AWS_ACCESS_KEY_ID=AKIAUNKNOWNKEY000000 -- s3api list-objects-v2 --bucket "$BUCKET"
expect_aws_error "an unknown access key is refused with InvalidAccessKeyId" InvalidAccessKeyId

http "$work/anon.xml" "$S3EMU_ENDPOINT/$BUCKET/$(urlpath "$KEY")"
expect_s3_error "an anonymous GET of the object is refused: 403 AccessDenied" "$work/anon.xml" 403 AccessDenied

http "$work/anon-list.xml" "$S3EMU_ENDPOINT/$BUCKET?list-type=2"
expect_s3_error "an anonymous ListObjectsV2 is refused: 403 AccessDenied" "$work/anon-list.xml" 403 AccessDenied

A s3 rb "s3://$BUCKET"
expect_aws_error "s3 rb of a non-empty bucket fails with BucketNotEmpty" BucketNotEmpty

# --- durability across a restart ------------------------------------------------------------------
old_endpoint="$S3EMU_ENDPOINT"
if restart_s3emu; then
  ok "s3emu restarts on the same data dir"
  echo "# s3emu restarted: $old_endpoint -> $S3EMU_ENDPOINT (pid $S3EMU_PID)"
else
  last_cmd="restart_s3emu"; rc=1; out=""; err=""
  not_ok "s3emu restarts on the same data dir"
  finish
fi

rm -f "$work/big.down2"
A s3 cp "s3://$BUCKET/$KEY" "$work/big.down2"
if [[ $rc -eq 0 ]] && cmp -s "$work/big.bin" "$work/big.down2"; then
  ok "after the restart, s3 cp downloads the same bytes"
else
  not_ok "after the restart, s3 cp downloads the same bytes"
fi

A s3api head-object --bucket "$BUCKET" --key "$META_KEY"
expect_eq "after the restart, head-object still returns metadata and content type" \
  "$(jget 'd["Metadata"].get("k1"), d["ContentType"]')" "('v1', 'text/plain')"

# --- a 100 MB multipart upload and download ----------------------------------------------------
HUGE_KEY='huge/hundred MB ✓.bin'
HUGE_SIZE=$((100 * 1024 * 1024))
head -c "$HUGE_SIZE" /dev/urandom >"$work/huge.bin"
huge_parts=$(((HUGE_SIZE + CLI_CHUNK - 1) / CLI_CHUNK))
huge_etag="\"$(multipart_etag "$work/huge.bin" "$CLI_CHUNK")\""
last_cmd="multipart_etag huge.bin $CLI_CHUNK"; rc=0; out="$huge_etag"; err=""
if ((HUGE_SIZE >= CLI_THRESHOLD)) && [[ $huge_parts -eq 13 && "$huge_etag" == *-13\" ]]; then
  ok "100 MB in the CLI's $CLI_CHUNK-byte parts makes 13 parts (local ETag $huge_etag)"
else
  not_ok "100 MB in the CLI's $CLI_CHUNK-byte parts makes 13 parts" "parts=$huge_parts etag=$huge_etag"
fi

A s3 cp "$work/huge.bin" "s3://$BUCKET/$HUGE_KEY" --no-progress
if [[ $rc -eq 0 && "$out" == *"upload: "* ]]; then ok "s3 cp uploads 100 MB (multipart)"; else not_ok "s3 cp uploads 100 MB (multipart)"; fi

A s3api head-object --bucket "$BUCKET" --key "$HUGE_KEY"
expect_eq "head-object of the 100 MB object: ContentLength $HUGE_SIZE" "$(jget 'd["ContentLength"]')" "$HUGE_SIZE"
expect_eq "head-object of the 100 MB object: ETag is the MD5 of the $huge_parts part MD5s, -$huge_parts" \
  "$(jget 'd["ETag"]')" "$huge_etag"

rm -f "$work/huge.down"
A s3 cp "s3://$BUCKET/$HUGE_KEY" "$work/huge.down" --no-progress
if [[ $rc -eq 0 ]] && cmp -s "$work/huge.bin" "$work/huge.down"; then
  ok "s3 cp downloads the 100 MB object's bytes"
else
  not_ok "s3 cp downloads the 100 MB object's bytes" "cmp: $(cmp "$work/huge.bin" "$work/huge.down" 2>&1)"
fi
rm -f "$work/huge.bin" "$work/huge.down"

# --- s3 sync both ways of 500 files with awkward names ----------------------------------------------
SYNC_PREFIX='sync tree/'
tree="$work/tree"
"$PY" - "$tree" <<'EOF'
import os, random, sys, time
root, total = sys.argv[1], 500
rnd = random.Random(500)
names_ = ["space name", "plus+sign", "100%", "%41%2F", "amp&and", "k=v", "hash#tag", "what?",
          "tilde~", "it's", "paren(1)", "bang!", "at@home", "dollar$", "café", "über", "日本語",
          "emoji 😀🎉", "a..b", "-leading-dash", "mixed +%&=#?~'(!@$ é ü 日本語 😀"]
dirs = ["", "sub dir/", "nested/deeper/deepest/", "日本語 フォルダ/", "ünï cödé/", "dots..in..dir/",
        "-dash dir/", "plus+amp&eq=/", "pct%25 hash#/", "emoji 🎉/", "q?t~'(!@$/x/"]
names = ["zero-byte empty.txt"] + [d + n for d in dirs for n in names_]
i = 0
while len(names) < total:
    names.append("%s%03d %s.dat" % (dirs[i % len(dirs)], i, names_[(i * 7) % len(names_)]))
    i += 1
assert len(set(names)) == total
# Older than any upload: S3's LastModified has whole seconds, and sync re-sends a local file
# whose mtime is newer than the object's.
old = time.time() - 86400
for n in names:
    p = os.path.join(root, n)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        if n != "zero-byte empty.txt":
            f.write(rnd.randbytes(rnd.randint(1, 3000)))
    os.utime(p, (old, old))
EOF
local_keys() { (cd "$tree" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }
# remote_keys: the keys under SYNC_PREFIX in `s3 ls --recursive` output ($out), prefix cut.
remote_keys() {
  printf '%s\n' "$out" | "$PY" -c '
import sys
prefix = sys.argv[1]
keys = []
for line in sys.stdin.read().splitlines():
    parts = line.split(None, 3)
    if len(parts) == 4 and parts[3].startswith(prefix):
        keys.append(parts[3][len(prefix):])
for k in sorted(keys, key=lambda k: k.encode()):
    print(k)' "$SYNC_PREFIX"
}
# same_keys DESC COUNT: the listing in $out has COUNT keys, exactly the local files.
same_keys() {
  local remote local_ n
  remote="$(remote_keys)"
  local_="$(local_keys)"
  n="$(printf '%s' "$remote" | grep -c '')"
  if [[ $rc -eq 0 && $n -eq $2 && "$remote" == "$local_" ]]; then
    ok "$1"
  else
    not_ok "$1" "$n keys listed; differences (< remote, > local): $(diff <(printf '%s\n' "$remote") <(printf '%s\n' "$local_") | head -n 20)"
  fi
}
last_cmd="generate $tree"; rc=0; out=""; err=""
n_files="$(find "$tree" -type f | wc -l)"
n_empty="$(find "$tree" -type f -empty | wc -l)"
expect_eq "500 local files with awkward names, one of them empty" "$n_files $n_empty" "500 1"

A s3 sync "$tree" "s3://$BUCKET/$SYNC_PREFIX" --no-progress
expect_eq "s3 sync up uploads 500 files" "$rc $(grep -c '^upload: ' <<<"$out")" "0 500"

A s3 ls --recursive "s3://$BUCKET/$SYNC_PREFIX"
same_keys "s3 ls --recursive lists the 500 keys, each the file's relative path" 500
if grep -qE "^[0-9-]+ [0-9:]+ +0 ${SYNC_PREFIX}zero-byte empty\.txt\$" <<<"$out"; then
  ok "s3 ls --recursive shows the zero-byte file with size 0"
else
  not_ok "s3 ls --recursive shows the zero-byte file with size 0"
fi

rm -rf "$work/tree.down"
mkdir "$work/tree.down"
A s3 sync "s3://$BUCKET/$SYNC_PREFIX" "$work/tree.down" --no-progress
expect_eq "s3 sync down into an empty dir downloads 500 files" "$rc $(grep -c '^download: ' <<<"$out")" "0 500"
diff_out="$(diff -r "$tree" "$work/tree.down" 2>&1)"
if [[ $rc -eq 0 && -z "$diff_out" ]]; then
  ok "diff -r: the downloaded tree equals the uploaded one"
else
  not_ok "diff -r: the downloaded tree equals the uploaded one" "$(head -n 20 <<<"$diff_out")"
fi
rm -rf "$work/tree.down"

A s3 sync "$tree" "s3://$BUCKET/$SYNC_PREFIX" --no-progress
expect_eq "a second s3 sync up transfers nothing (empty output)" "$rc [$out]" "0 []"

gone=("a..b" "hash#tag" "nested/deeper/deepest/emoji 😀🎉")
for f in "${gone[@]}"; do rm -f -- "$tree/$f"; done
A s3 sync "$tree" "s3://$BUCKET/$SYNC_PREFIX" --delete --no-progress
deleted="$(sed -n 's|^delete: s3://[^/]*/||p' <<<"$out" | LC_ALL=C sort | tr '\n' '|')"
expected_deleted="$(printf "${SYNC_PREFIX//%/%%}%s\n" "${gone[@]}" | LC_ALL=C sort | tr '\n' '|')"
expect_eq "s3 sync --delete after removing 3 local files deletes exactly those 3 keys" \
  "$rc $deleted" "0 $expected_deleted"

A s3 ls --recursive "s3://$BUCKET/$SYNC_PREFIX"
same_keys "after sync --delete, s3 ls --recursive lists 497 keys, the remaining files" 497

# --- s3api: copy, range, tagging, listing, versions, batch delete ------------------------------------
SRC_KEY='api/src ü+%&=.txt'
seq 1 200 >"$work/src.txt"
src_size="$(stat -c %s "$work/src.txt")"
src_md5="$(md5sum "$work/src.txt" | cut -d' ' -f1)"
A s3api put-object --bucket "$BUCKET" --key "$SRC_KEY" --body "$work/src.txt" \
  --metadata color=blue,shape=round --content-type text/plain
expect_eq "put-object of the copy source returns its MD5 ETag" "$(jget 'd["ETag"]')" "\"$src_md5\""

A s3api copy-object --bucket "$BUCKET" --key api/copy-replace.txt --copy-source "$BUCKET/$SRC_KEY" \
  --metadata-directive REPLACE --metadata color=red,size=xl --content-type application/json
expect_eq "copy-object --metadata-directive REPLACE returns the source's ETag" \
  "$(jget 'd["CopyObjectResult"]["ETag"]')" "\"$src_md5\""
A s3api head-object --bucket "$BUCKET" --key api/copy-replace.txt
expect_eq "the REPLACE copy has the new metadata and content type, the same size" \
  "$(jget 'sorted(d["Metadata"].items()), d["ContentType"], d["ContentLength"]')" \
  "([('color', 'red'), ('size', 'xl')], 'application/json', $src_size)"

A s3api copy-object --bucket "$BUCKET" --key api/copy-keep.txt --copy-source "$BUCKET/$SRC_KEY" \
  --metadata-directive COPY
expect_eq "copy-object --metadata-directive COPY returns the source's ETag" \
  "$(jget 'd["CopyObjectResult"]["ETag"]')" "\"$src_md5\""
A s3api head-object --bucket "$BUCKET" --key api/copy-keep.txt
expect_eq "the COPY copy keeps the source's metadata and content type" \
  "$(jget 'sorted(d["Metadata"].items()), d["ContentType"], d["ETag"]')" \
  "([('color', 'blue'), ('shape', 'round')], 'text/plain', '\"$src_md5\"')"

rm -f "$work/range10.down"
# --debug: the CLI hides the HTTP status, its log line shows it.
A s3api get-object --bucket "$BUCKET" --key "$SRC_KEY" --range bytes=10-19 "$work/range10.down" --debug
range_status="$(grep -oE 'HTTP/1\.1" [0-9]{3}' <<<"$err" | tail -n1 | cut -d' ' -f2)"
err="$(grep -E 'HTTP/1\.1" [0-9]{3}|Traceback|Error' <<<"$err" | head -n 20)"
expect_eq "get-object --range bytes=10-19 answers 206 with ContentRange and ContentLength 10" \
  "$rc $range_status $(jget 'd["ContentRange"], d["ContentLength"]')" "0 206 ('bytes 10-19/$src_size', 10)"
if cmp -s <(tail -c +11 "$work/src.txt" | head -c 10) "$work/range10.down"; then
  ok "get-object --range bytes=10-19 writes exactly those 10 bytes"
else
  not_ok "get-object --range bytes=10-19 writes exactly those 10 bytes" "got: $(od -c "$work/range10.down" 2>&1 | head -n 3)"
fi

A s3api put-object-tagging --bucket "$BUCKET" --key "$SRC_KEY" \
  --tagging '{"TagSet": [{"Key": "team", "Value": "s3 emu+"}, {"Key": "env", "Value": "dev"}]}'
expect_success "put-object-tagging sets two tags"
A s3api get-object-tagging --bucket "$BUCKET" --key "$SRC_KEY"
expect_eq "get-object-tagging returns both tags" \
  "$(jget 'sorted((t["Key"], t["Value"]) for t in d["TagSet"])')" '[["env", "dev"], ["team", "s3 emu+"]]'
A s3api delete-object-tagging --bucket "$BUCKET" --key "$SRC_KEY"
expect_success "delete-object-tagging succeeds"
A s3api get-object-tagging --bucket "$BUCKET" --key "$SRC_KEY"
expect_eq "get-object-tagging after delete-object-tagging returns an empty TagSet" \
  "$rc $(jget 'd["TagSet"]')" "0 []"

A s3api put-object --bucket "$BUCKET" --key api/tagged/ab.txt --body "$work/hello.txt" --tagging 'a=1&b=2'
expect_success "put-object --tagging 'a=1&b=2'"
A s3api get-object-tagging --bucket "$BUCKET" --key api/tagged/ab.txt
expect_eq "get-object-tagging shows a=1 and b=2 from put-object --tagging" \
  "$(jget 'sorted((t["Key"], t["Value"]) for t in d["TagSet"])')" '[["a", "1"], ["b", "2"]]'

# --- s3api: multipart upload by hand -------------------------------------------------------------
MPU_KEY='api/mp/by hand ✓.bin'
ABORT_KEY='api/mp/aborted.bin'
head -c $((5 * 1024 * 1024)) /dev/urandom >"$work/part1.bin"
head -c 1234 /dev/urandom >"$work/part2.bin"
cat "$work/part1.bin" "$work/part2.bin" >"$work/parts.bin"
p1_md5="$(md5sum "$work/part1.bin" | cut -d' ' -f1)"
p2_md5="$(md5sum "$work/part2.bin" | cut -d' ' -f1)"
mpu_etag="\"$(multipart_etag "$work/parts.bin" $((5 * 1024 * 1024)))\""

A s3api create-multipart-upload --bucket "$BUCKET" --key "$MPU_KEY" \
  --content-type application/x-test --metadata stage=mpu
upload_id="$(jget 'd["UploadId"]')"
if [[ $rc -eq 0 && -n "$upload_id" && "$upload_id" != "<missing>" && "$(jget 'd["Key"]')" == "$MPU_KEY" ]]; then
  ok "create-multipart-upload returns an UploadId and the key"
else
  not_ok "create-multipart-upload returns an UploadId and the key"
fi

A s3api upload-part --bucket "$BUCKET" --key "$MPU_KEY" --upload-id "$upload_id" --part-number 1 \
  --body "$work/part1.bin"
p1_etag="$(jget 'd["ETag"]')"
expect_eq "upload-part 1 (5 MiB) returns the part's MD5 ETag" "$p1_etag" "\"$p1_md5\""
A s3api upload-part --bucket "$BUCKET" --key "$MPU_KEY" --upload-id "$upload_id" --part-number 2 \
  --body "$work/part2.bin"
p2_etag="$(jget 'd["ETag"]')"
expect_eq "upload-part 2 (1234 bytes) returns the part's MD5 ETag" "$p2_etag" "\"$p2_md5\""

A s3api list-parts --bucket "$BUCKET" --key "$MPU_KEY" --upload-id "$upload_id"
expect_eq "list-parts shows parts 1 and 2 with their sizes and ETags" \
  "$(jget '[(p["PartNumber"], p["Size"], p["ETag"]) for p in d["Parts"]]')" \
  "[[1, 5242880, \"\\\"$p1_md5\\\"\"], [2, 1234, \"\\\"$p2_md5\\\"\"]]"

A s3api create-multipart-upload --bucket "$BUCKET" --key "$ABORT_KEY"
abort_id="$(jget 'd["UploadId"]')"
expect_eq "a second create-multipart-upload returns another UploadId" \
  "$rc $([[ -n "$abort_id" && "$abort_id" != "<missing>" && "$abort_id" != "$upload_id" ]] && echo new)" "0 new"

A s3api list-multipart-uploads --bucket "$BUCKET" --prefix api/mp/
expect_eq "list-multipart-uploads shows both uploads in progress" \
  "$(jget 'sorted((u["Key"], u["UploadId"]) for u in d["Uploads"])')" \
  "$("$PY" -c 'import json, sys; print(json.dumps(sorted([(sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])])))' \
    "$MPU_KEY" "$upload_id" "$ABORT_KEY" "$abort_id")"

"$PY" - "$p1_etag" "$p2_etag" >"$work/parts.json" <<'EOF'
import json, sys
print(json.dumps({"Parts": [{"PartNumber": 1, "ETag": sys.argv[1]}, {"PartNumber": 2, "ETag": sys.argv[2]}]}))
EOF
A s3api complete-multipart-upload --bucket "$BUCKET" --key "$MPU_KEY" --upload-id "$upload_id" \
  --multipart-upload "file://$work/parts.json"
expect_eq "complete-multipart-upload returns the key and the ETag MD5(part MD5s)-2" \
  "$rc $(jget 'd["Key"], d["ETag"]')" "0 ('$MPU_KEY', '$mpu_etag')"

A s3api abort-multipart-upload --bucket "$BUCKET" --key "$ABORT_KEY" --upload-id "$abort_id"
expect_success "abort-multipart-upload of the second upload"

# --no-paginate: the paginated output of an empty listing is empty (v2) or partial (v1).
A s3api list-multipart-uploads --bucket "$BUCKET" --prefix api/mp/ --no-paginate
expect_eq "list-multipart-uploads no longer shows either upload" \
  "$rc $(jget 'd["Bucket"], d["Prefix"], d["IsTruncated"], d.get("Uploads", [])')" "0 ('$BUCKET', 'api/mp/', False, [])"

rm -f "$work/mpu.down"
A s3api get-object --bucket "$BUCKET" --key "$MPU_KEY" "$work/mpu.down"
if [[ $rc -eq 0 ]] && cmp -s "$work/parts.bin" "$work/mpu.down" &&
  [[ "$(jget 'd["ContentLength"], d["ETag"], d["ContentType"], d["Metadata"]')" == "($((5 * 1024 * 1024 + 1234)), '$mpu_etag', 'application/x-test', {'stage': 'mpu'})" ]]; then
  ok "get-object of the completed upload: both parts' bytes, its ETag, content type and metadata"
else
  not_ok "get-object of the completed upload: both parts' bytes, its ETag, content type and metadata" \
    "cmp: $(cmp "$work/parts.bin" "$work/mpu.down" 2>&1)"
fi
rm -f "$work/part1.bin" "$work/part2.bin" "$work/parts.bin" "$work/mpu.down"

# --- s3api: listing with a delimiter, versions, batch delete, a missing key ---------------------
A s3api list-objects-v2 --bucket "$BUCKET" --prefix api/ --delimiter /
expect_eq "list-objects-v2 --prefix api/ --delimiter / returns the direct keys" \
  "$(jget '[o["Key"] for o in d["Contents"]]')" \
  "$("$PY" -c 'import json, sys; print(json.dumps(sys.argv[1:]))' api/copy-keep.txt api/copy-replace.txt "$SRC_KEY")"
expect_eq "list-objects-v2 --prefix api/ --delimiter / returns the CommonPrefixes (no aborted upload)" \
  "$(jget '[p["Prefix"] for p in d["CommonPrefixes"]]')" '["api/mp/", "api/tagged/"]'

A s3api list-object-versions --bucket "$BUCKET" --prefix api/
expect_eq "list-object-versions lists each object once as the latest version 'null'" \
  "$(jget '[(v["Key"], v["VersionId"], v["IsLatest"]) for v in d["Versions"]]')" \
  "$("$PY" -c 'import json, sys; print(json.dumps([(k, "null", True) for k in sys.argv[1:]]))' \
    api/copy-keep.txt api/copy-replace.txt "$MPU_KEY" "$SRC_KEY" api/tagged/ab.txt)"

"$PY" - "$SRC_KEY" >"$work/delete.json" <<'EOF'
import json, sys
keys = ["api/copy-keep.txt", "api/copy-replace.txt", sys.argv[1], "api/tagged/ab.txt", "api/never-existed.txt"]
print(json.dumps({"Objects": [{"Key": k} for k in keys], "Quiet": False}))
EOF
A s3api delete-objects --bucket "$BUCKET" --delete "file://$work/delete.json"
expect_eq "delete-objects of 5 keys (one never existed) reports all 5 Deleted, no Errors" \
  "$rc $(jget 'sorted(o["Key"] for o in d["Deleted"]), d.get("Errors", [])')" \
  "0 $("$PY" -c 'import sys; print((sorted(sys.argv[1:]), []))' \
    api/copy-keep.txt api/copy-replace.txt "$SRC_KEY" api/tagged/ab.txt api/never-existed.txt)"

A s3api list-objects-v2 --bucket "$BUCKET" --prefix api/
expect_eq "after delete-objects only the multipart object is left under api/" \
  "$(jget '[o["Key"] for o in d["Contents"]]')" "$("$PY" -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$MPU_KEY")"

A s3api head-object --bucket "$BUCKET" --key api/copy-keep.txt
if [[ $rc -ne 0 && "$err" == *"(404)"* && "$err" == *"Not Found"* ]]; then
  ok "head-object of a deleted key fails with 404 Not Found"
else
  not_ok "head-object of a deleted key fails with 404 Not Found"
fi

# --- clean up -------------------------------------------------------------------------------------
A s3 rm "s3://$BUCKET" --recursive
expect_success "s3 rm --recursive deletes the objects"

A s3api list-objects-v2 --bucket "$BUCKET"
expect_eq "the bucket is empty afterwards" "$rc $(jget 'len(d.get("Contents", []))')" "0 0"

A s3 rb "s3://$BUCKET"
if [[ $rc -eq 0 && "$out" == *"remove_bucket: $BUCKET"* ]]; then ok "s3 rb removes the empty bucket"; else not_ok "s3 rb removes the empty bucket"; fi

A s3 ls
if [[ $rc -eq 0 ]] && ! grep -qE " $BUCKET\$" <<<"$out"; then ok "s3 ls no longer lists $BUCKET"; else not_ok "s3 ls no longer lists $BUCKET"; fi

A s3api head-bucket --bucket "$BUCKET"
if [[ $rc -ne 0 && "$err" == *404* ]]; then ok "head-bucket of the removed bucket gives 404"; else not_ok "head-bucket of the removed bucket gives 404"; fi

finish
