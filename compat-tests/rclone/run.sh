#!/usr/bin/env bash
# Compat suite: rclone (s3 backend, provider Other) against a fresh s3emu, in two passes:
#   1. path style, ListObjects v1           (remote "emu":  force_path_style = true,
#                                            endpoint http://127.0.0.1:PORT, list_version = 1)
#   2. virtual-hosted style, ListObjectsV2  (remote "vemu": force_path_style = false,
#                                            endpoint http://localhost:PORT, list_version = 2)
# '*.localhost' does not resolve here, so pass 2 runs rclone with HTTP_PROXY pointing at s3emu
# itself: Go then sends absolute-form requests ("GET http://BUCKET.localhost:PORT/key") with
# "Host: BUCKET.localhost:PORT" and never resolves that name; s3emu serves them as
# virtual-hosted requests. (Go never proxies plain "localhost" or 127.0.0.1.)
# Every rclone command runs with --dump headers so the suite can prove the Host and path of each
# request, and counts them against the s3emu request log.
# Prints "ok - ..." / "not ok - ..." per assertion and ends with "N passed, N failed".
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh disable=SC1091
source "$here/../lib/server.sh"

RCLONE="${RCLONE:-rclone}"
work="$(s3emu_tmpdir)" || exit 1

# --- an isolated environment: nothing from the user's config leaks in -----------------------
# RCLONE_* variables set flags and remotes; the AWS SDK inside rclone reads AWS_* (a CA bundle,
# profiles, shared config); proxies would divert the traffic.
while IFS='=' read -r name _; do
  case "$name" in AWS_* | RCLONE_*) unset "$name" ;; esac
done < <(env)
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy NO_PROXY no_proxy
mkdir -p "$work/home" "$work/cache"
: >"$work/aws-config"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/cache"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-config"
export AWS_EC2_METADATA_DISABLED=true
export RCLONE_CONFIG="$work/rclone.conf" RCLONE_CACHE_DIR="$work/cache"
export LC_ALL=C.UTF-8 TZ=UTC

# --- assertions: lib/checks.sh ---------------------------------------------------------------
# shellcheck source=../lib/checks.sh disable=SC1091
source "$here/../lib/checks.sh"
after_restart() { write_config; }

# R ARGS...: rclone with --dump headers (which implies -vv) and no retries, under the current
# pass's environment (pass_env). The "HOST METHOD PATH" of each request is appended to
# $work/pass-requests; err keeps rclone's NOTICE/ERROR lines (the whole tail on a failure).
pass_env=()
R() {
  check_server
  last_cmd="$(printf '%q ' "${pass_env[@]}" "$RCLONE" "$@")"
  timeout 120 env "${pass_env[@]}" "$RCLONE" --dump headers --retries 1 --low-level-retries 1 \
    "$@" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  out="$(cat "$work/stdout")"
  awk '/ DEBUG : [A-Z]+ [^ ]+ HTTP\/1\.1\r?$/ { req = $5 " " $6; getline; sub(/\r$/, "");
         if ($1 == "Host:") print $2 " " req }' "$work/stderr" >>"$work/pass-requests"
  err="$(grep -aE ' (NOTICE|ERROR) ?: ' "$work/stderr" | grep -av 'Automatically setting -vv')"
  if [[ $rc -ne 0 ]]; then err="$err
$(grep -av ' DEBUG : ' "$work/stderr" | tail -n 30)"; fi
  check_server
}

# expect_check DESC FILES: the last `rclone check` exited 0 and reported 0 differences, FILES matching.
expect_check() {
  if [[ $rc -eq 0 && "$err" == *": 0 differences found"* && "$err" == *": $2 matching files"* ]]; then
    ok "$1"
  else
    not_ok "$1" "expected '0 differences found' and '$2 matching files'"
  fi
}

# local_md5s DIR: "md5  relative/path" for every file under DIR, sorted (rclone md5sum's format).
local_md5s() {
  (cd "$1" && find . -type f -print0 | xargs -0 md5sum | sed 's#  \./#  #' | LC_ALL=C sort -k2)
}

# compare_lsjson DIR: compares $out (rclone lsjson -R --hash --files-only) with the files under
# DIR (path, size, md5); prints the differences, nothing when they agree.
compare_lsjson() {
  printf '%s' "$out" | python3 -c '
import hashlib, json, os, sys
root = sys.argv[1]
local = {}
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        with open(p, "rb") as fh:
            local[os.path.relpath(p, root)] = (os.path.getsize(p), hashlib.md5(fh.read()).hexdigest())
try:
    entries = json.load(sys.stdin)
except Exception as e:
    print("lsjson output is not JSON: %s" % e)
    sys.exit()
remote = {e["Path"]: (e.get("Size"), (e.get("Hashes") or {}).get("md5")) for e in entries}
for p in sorted(set(local) | set(remote)):
    if local.get(p) != remote.get(p):
        print("%s: local %s, remote %s" % (p, local.get(p), remote.get(p)))
' "$1"
}

# --- the sync tree: ~70 files with awkward names -------------------------------------------------
make_tree() { # make_tree DIR
  local d="$1" i n
  local names=(
    'café/résumé é.txt' 'café/naïve façade.txt' 'über/grüße ü.txt' 'über/Ärger/öl.txt'
    '日本/日本語 ファイル.txt' '日本/東京/駅.txt' 'emoji/😀 smile 🎉.txt' 'emoji/🚀/rocket 🌍.txt'
    'spaces/a file with spaces.txt' 'spaces/two  spaces  inside.txt' 'dir with spaces/inner file.txt'
    'special/plus+sign+.txt' 'special/percent%20literal.txt' 'special/100%.txt'
    'special/amp&ersand.txt' 'special/equals=sign.txt' 'special/hash#tag.txt'
    'special/question?mark.txt' 'special/tilde~file.txt' "special/it's quoted.txt"
    'special/(parens) and [brackets].txt' 'special/semi;colon,comma.txt' 'special/at@dollar$.txt'
    'special/mixed +&=#?~ (all).txt' 'special/+leading plus.txt'
    'deep/l1/l2/l3/l4/l5/leaf.txt' 'top-level.txt'
  )
  for n in "${names[@]}"; do
    mkdir -p "$d/$(dirname "$n")"
    printf 'content of %s\n' "$n" >"$d/$n"
  done
  mkdir -p "$d/empty" "$d/bin"
  : >"$d/empty/zero-byte.bin"
  for ((i = 1; i <= 40; i++)); do
    n="$(printf 'bulk/group%d/file%03d.txt' $((i % 4)) "$i")"
    mkdir -p "$d/$(dirname "$n")"
    { printf 'bulk file %d\n' "$i"; head -c $((i * 37)) /dev/zero | tr '\0' x; } >"$d/$n"
  done
  head -c 200000 /dev/urandom >"$d/bin/random 200k.bin"
}

# --- config --------------------------------------------------------------------------------------
port=""
write_config() {
  port="${S3EMU_ENDPOINT##*:}"
  cat >"$RCLONE_CONFIG" <<EOF
[emu]
type = s3
provider = Other
env_auth = false
access_key_id = $S3EMU_TEST_ACCESS_KEY
secret_access_key = $S3EMU_TEST_SECRET_KEY
region = $S3EMU_TEST_REGION
endpoint = http://127.0.0.1:$port
force_path_style = true
list_version = 1

[vemu]
type = s3
provider = Other
env_auth = false
access_key_id = $S3EMU_TEST_ACCESS_KEY
secret_access_key = $S3EMU_TEST_SECRET_KEY
region = $S3EMU_TEST_REGION
endpoint = http://localhost:$port
force_path_style = false
list_version = 2
EOF
}

# --- start --------------------------------------------------------------------------------------
if ! command -v "$RCLONE" >/dev/null 2>&1; then
  last_cmd="command -v $RCLONE"; rc=1; out=""; err=""
  not_ok "rclone is installed"
  finish
fi
echo "# rclone: $(command -v "$RCLONE") ($("$RCLONE" version 2>&1 | head -n1))"

if start_s3emu; then
  echo "# s3emu: $S3EMU_ENDPOINT (pid $S3EMU_PID, data $S3EMU_DATA)"
  ok "s3emu starts and prints its listening line"
else
  last_cmd="start_s3emu"; rc=1; out=""; err=""
  not_ok "s3emu starts and prints its listening line"
  finish
fi
write_config

make_tree "$work/tree-orig"
tree_files="$(find "$work/tree-orig" -type f | wc -l)"
echo "# sync tree: $tree_files files"

printf 'hello from rclone\nsecond line\n' >"$work/small.txt"
small_md5="$(md5_of "$work/small.txt")"
big_size=$((12 * 1024 * 1024 + 12345))
head -c "$big_size" /dev/urandom >"$work/big.bin"
big_md5="$(md5_of "$work/big.bin")"

# --- one pass -------------------------------------------------------------------------------------
# remote_pass REMOTE BUCKET STYLE(path|vhost)
remote_pass() {
  local remote="$1" bucket="$2" style="$3" t="[$3]"
  local rb="$1:$2" big_key='big dir/big 12MB.bin' small_key='small +&=.txt' url tampered n diffs
  local curls=0 log_before
  : >"$work/pass-requests"
  log_before="$(log_count " bucket=\"$bucket\" ")"
  local resolve=()
  [[ "$style" == vhost ]] && resolve=(--resolve "$bucket.localhost:$port:127.0.0.1")

  R mkdir "$rb"
  expect_success "$t mkdir $rb"
  R lsd "$remote:"
  if [[ $rc -eq 0 ]] && grep -qE " $bucket\$" <<<"$out"; then ok "$t lsd lists the bucket"; else not_ok "$t lsd lists the bucket"; fi

  # small object
  R copyto "$work/small.txt" "$rb/$small_key"
  expect_success "$t copyto of a small file to '$small_key'"
  rm -f "$work/small.down"
  R copyto "$rb/$small_key" "$work/small.down"
  expect_same_file "$t copyto back returns the same bytes" "$work/small.txt" "$work/small.down"
  R cat "$rb/$small_key"
  expect_eq "$t cat prints the content" "$out" "$(cat "$work/small.txt")"

  # multipart: 12 MB with a 5 MB cutoff and 5 MB chunks (3 parts)
  local parts_before complete_before
  parts_before="$(log_count " UploadPart bucket=\"$bucket\" key=\"$big_key\" status=200 ")"
  complete_before="$(log_count " CompleteMultipartUpload bucket=\"$bucket\" key=\"$big_key\" status=200 ")"
  R copyto --s3-upload-cutoff 5M --s3-chunk-size 5M "$work/big.bin" "$rb/$big_key"
  expect_success "$t copyto of a 12 MB file with --s3-upload-cutoff 5M --s3-chunk-size 5M"
  expect_eq "$t the 12 MB upload is 3 UploadPart requests and one CompleteMultipartUpload (s3emu log)" \
    "$(($(log_count " UploadPart bucket=\"$bucket\" key=\"$big_key\" status=200 ") - parts_before)) $(($(log_count " CompleteMultipartUpload bucket=\"$bucket\" key=\"$big_key\" status=200 ") - complete_before))" \
    "3 1"
  rm -f "$work/big.down"
  R copyto "$rb/$big_key" "$work/big.down"
  expect_same_file "$t copyto back of the 12 MB object returns the same bytes" "$work/big.bin" "$work/big.down"
  rm -f "$work/big.down"

  R ls "$rb"
  if [[ $rc -eq 0 ]] && sed -E 's/^ +//' <<<"$out" | grep -qxF "$big_size $big_key" &&
    sed -E 's/^ +//' <<<"$out" | grep -qxF "$(stat -c %s "$work/small.txt") $small_key"; then
    ok "$t ls shows both objects with their sizes"
  else
    not_ok "$t ls shows both objects with their sizes"
  fi

  R md5sum "$rb"
  expect_eq "$t md5sum gives the local MD5s (the multipart one from rclone's metadata)" \
    "$(LC_ALL=C sort -k2 <<<"$out")" "$(printf '%s  %s\n%s  %s' "$big_md5" "$big_key" "$small_md5" "$small_key" | LC_ALL=C sort -k2)"
  R md5sum --download "$rb"
  expect_eq "$t md5sum --download (hashing the downloaded bytes) gives the local MD5s" \
    "$(LC_ALL=C sort -k2 <<<"$out")" "$(printf '%s  %s\n%s  %s' "$big_md5" "$big_key" "$small_md5" "$small_key" | LC_ALL=C sort -k2)"

  # presigned URL (rclone link: SigV4 query signature)
  R link --expire 5m "$rb/$big_key"
  url="$out"
  if [[ $rc -eq 0 && "$url" == *"X-Amz-Signature="* ]]; then ok "$t link gives a SigV4 presigned URL"; else not_ok "$t link gives a SigV4 presigned URL"; fi
  if [[ "$style" == vhost ]]; then
    expect_eq "$t link uses the virtual-hosted URL" "${url%%\?*}" "http://$bucket.localhost:$port/big%20dir/big%2012MB.bin"
  fi
  rm -f "$work/link.down"
  http "$work/link.down" "$url" "${resolve[@]}"
  curls=$((curls + 1))
  if [[ "$status" == 200 ]] && cmp -s "$work/big.bin" "$work/link.down"; then
    ok "$t curl of the link URL returns the 12 MB object"
  else
    not_ok "$t curl of the link URL returns the 12 MB object"
  fi
  rm -f "$work/link.down"
  tampered="$(python3 -c '
import re, sys
u = sys.argv[1]
m = re.search(r"X-Amz-Signature=([0-9a-f])", u)
print(u if not m else u[:m.start(1)] + ("1" if m.group(1) == "0" else "0") + u[m.end(1):])' "$url")"
  http "$work/tampered.xml" "$tampered" "${resolve[@]}"
  curls=$((curls + 1))
  expect_s3_error "$t a tampered link URL is refused: 403 SignatureDoesNotMatch" "$work/tampered.xml" 403 SignatureDoesNotMatch

  # delete
  R deletefile "$rb/$small_key"
  expect_success "$t deletefile removes '$small_key'"
  R lsf "$rb"
  if [[ $rc -eq 0 ]] && ! grep -qxF "$small_key" <<<"$out" && grep -qxF "big dir/" <<<"$out"; then
    ok "$t lsf no longer shows the deleted object"
  else
    not_ok "$t lsf no longer shows the deleted object"
  fi
  # rclone takes a path that is not an object for a directory; the HEAD it makes must be a 404.
  R lsjson --stat "$rb/$small_key"
  if [[ $rc -eq 0 && "$out" == *'"IsDir": true'* ]] &&
    [[ "$(awk '/ DEBUG : HEAD [^ ]*small%20%2B%26%3D\.txt HTTP\/1\.1/ { want = 1; next }
               want && / DEBUG : HTTP\/1\.1 [0-9]+/ { print $6; exit }' "$work/stderr")" == 404 ]]; then
    ok "$t HEAD of the deleted object answers 404 (rclone no longer sees an object)"
  else
    not_ok "$t HEAD of the deleted object answers 404 (rclone no longer sees an object)" \
      "$(grep -aE ' DEBUG : ([A-Z]+ [^ ]+ HTTP/1\.1|HTTP/1\.1 [0-9]+)' "$work/stderr" | head -n 10)"
  fi

  # --- sync ---
  local src="$work/$style-src" down1="$work/$style-down1" down2="$work/$style-down2"
  rm -rf "$src" "$down1" "$down2"
  cp -a "$work/tree-orig" "$src"
  mkdir -p "$down1" "$down2"

  R sync "$src" "$rb/tree"
  n="$(grep -c ': Copied (new)$' "$work/stderr")"
  if [[ $rc -eq 0 && "$n" == "$tree_files" ]]; then ok "$t sync up copies all $tree_files files"; else not_ok "$t sync up copies all $tree_files files" "'Copied (new)' lines: $n"; fi

  R check "$src" "$rb/tree"
  expect_check "$t check (size and MD5) reports 0 differences" "$tree_files"
  R check --download "$src" "$rb/tree"
  expect_check "$t check --download (byte comparison) reports 0 differences" "$tree_files"

  R md5sum "$rb/tree"
  diffs="$(diff <(LC_ALL=C sort -k2 <<<"$out") <(local_md5s "$src"))"
  if [[ $rc -eq 0 && -z "$diffs" ]]; then ok "$t md5sum of the tree agrees with the local md5sum"; else not_ok "$t md5sum of the tree agrees with the local md5sum" "$diffs"; fi

  R lsjson -R --hash --files-only "$rb/tree"
  diffs="$(compare_lsjson "$src")"
  if [[ $rc -eq 0 && -z "$diffs" ]]; then ok "$t lsjson -R --hash lists every file with its size and MD5"; else not_ok "$t lsjson -R --hash lists every file with its size and MD5" "$diffs"; fi

  R lsf -R --files-only "$rb/tree"
  if [[ $rc -eq 0 ]] && grep -qxF 'special/mixed +&=#?~ (all).txt' <<<"$out" &&
    grep -qxF 'emoji/😀 smile 🎉.txt' <<<"$out" && grep -qxF 'empty/zero-byte.bin' <<<"$out"; then
    ok "$t lsf -R shows the awkward names as they are, and the zero-byte file"
  else
    not_ok "$t lsf -R shows the awkward names as they are, and the zero-byte file"
  fi

  R sync "$rb/tree" "$down1"
  expect_same_tree "$t sync down to an empty dir gives the same tree (diff -r)" "$src" "$down1"

  R sync "$src" "$rb/tree"
  n="$(grep -c ': Copied (' "$work/stderr")"
  if [[ $rc -eq 0 && "$n" == 0 ]]; then ok "$t a second sync with no change copies nothing"; else not_ok "$t a second sync with no change copies nothing" "'Copied' lines: $n"; fi

  # change the tree: modify one file, delete one, add one
  printf 'modified content, longer than before: %s\n' "$style" >"$src/special/hash#tag.txt"
  rm -rf "$src/日本/東京" # its only file
  mkdir -p "$src/new dir"
  printf 'added after the first sync\n' >"$src/new dir/added ✓ +&.txt"

  R sync "$src" "$rb/tree"
  if [[ $rc -eq 0 ]] &&
    grep -qF 'special/hash#tag.txt: Copied (replaced existing)' "$work/stderr" &&
    grep -qF 'new dir/added ✓ +&.txt: Copied (new)' "$work/stderr" &&
    grep -qF '日本/東京/駅.txt: Deleted' "$work/stderr"; then
    ok "$t sync after changes replaces the modified file, copies the new one, deletes the removed one"
  else
    not_ok "$t sync after changes replaces the modified file, copies the new one, deletes the removed one" \
      "$(grep -E ': (Copied|Deleted)' "$work/stderr" | head -n 10)"
  fi

  R lsf -R --files-only "$rb/tree"
  if [[ $rc -eq 0 ]] && ! grep -qxF '日本/東京/駅.txt' <<<"$out" && grep -qxF 'new dir/added ✓ +&.txt' <<<"$out" &&
    [[ "$(grep -c . <<<"$out")" == "$tree_files" ]]; then
    ok "$t after the sync the removed key is gone and the added key is listed"
  else
    not_ok "$t after the sync the removed key is gone and the added key is listed"
  fi
  R cat "$rb/tree/special/hash#tag.txt"
  expect_eq "$t the modified file has its new content remotely" "$out" "$(cat "$src/special/hash#tag.txt")"

  R check "$src" "$rb/tree"
  expect_check "$t check after the changes reports 0 differences" "$tree_files"
  R check --download "$src" "$rb/tree"
  expect_check "$t check --download after the changes reports 0 differences" "$tree_files"

  R sync "$rb/tree" "$down1"
  # rclone removes the file; an emptied local directory is the client's business, not the server's.
  find "$down1" -mindepth 1 -type d -empty -delete
  expect_same_tree "$t sync down updates the earlier copy (diff -r)" "$src" "$down1"
  R sync "$rb/tree" "$down2"
  expect_same_tree "$t sync down of the changed tree to an empty dir (diff -r)" "$src" "$down2"

  # --- what went over the wire ---
  local total bucket_reqs wrong served
  total="$(grep -c . "$work/pass-requests")"
  served=$(($(log_count " bucket=\"$bucket\" ") - log_before - curls))
  last_cmd="(the pass's rclone --dump headers output)" rc=0 out="" err=""
  if [[ "$style" == vhost ]]; then
    bucket_reqs="$(grep -cE "^$bucket\.localhost:$port [A-Z]+ /" "$work/pass-requests")"
    # anything else than virtual-hosted requests for the bucket and ListBuckets on localhost
    wrong="$(grep -vE "^$bucket\.localhost:$port [A-Z]+ /" "$work/pass-requests" | grep -vE "^localhost:$port GET /\$" | head -n 5)"
    wrong+="$(grep -E "^[^ ]+ [A-Z]+ /$bucket([/?]|\$)" "$work/pass-requests" | head -n 5)"
    if [[ $bucket_reqs -gt 50 && -z "$wrong" && $served -eq $bucket_reqs ]]; then
      ok "$t all $bucket_reqs requests for the bucket were virtual-hosted (Host: $bucket.localhost:$port), and s3emu logged $served requests for it"
    else
      not_ok "$t all requests for the bucket were virtual-hosted" \
        "virtual-hosted requests: $bucket_reqs of $total; s3emu log lines for the bucket: $served; others: $wrong"
    fi
  else
    bucket_reqs="$(grep -cE "^127\.0\.0\.1:$port [A-Z]+ /$bucket([/?]|\$)" "$work/pass-requests")"
    # anything else than path-style requests for the bucket and ListBuckets
    wrong="$(grep -vE "^127\.0\.0\.1:$port [A-Z]+ /$bucket([/?]|\$)" "$work/pass-requests" | grep -vE "^127\.0\.0\.1:$port GET /\$" | head -n 5)"
    if [[ $bucket_reqs -gt 50 && -z "$wrong" && $served -eq $bucket_reqs ]]; then
      ok "$t all $bucket_reqs requests for the bucket were path style (/$bucket/...), and s3emu logged $served requests for it"
    else
      not_ok "$t all requests for the bucket were path style" \
        "path-style requests: $bucket_reqs of $total; s3emu log lines for the bucket: $served; others: $wrong"
    fi
  fi

  # listing API: the path remote lists with ListObjects (v1), the virtual-hosted one with V2
  local want_list=ListObjects other_list=ListObjectsV2
  [[ "$style" == vhost ]] && want_list=ListObjectsV2 other_list=ListObjects
  local lists_want lists_other
  lists_want="$(log_count " GET $want_list bucket=\"$bucket\" key=\"\" status=200 ")"
  lists_other="$(log_count " GET $other_list bucket=\"$bucket\" ")"
  if [[ $lists_want -ge 10 && $lists_other -eq 0 ]]; then
    ok "$t rclone listed with $want_list only ($lists_want requests, s3emu log)"
  else
    not_ok "$t rclone listed with $want_list only" "$want_list: $lists_want, $other_list: $lists_other"
  fi

  # a wrong secret key, through rclone's per-remote environment override of the config
  local upper saved_env=("${pass_env[@]}")
  upper="$(tr '[:lower:]' '[:upper:]' <<<"$remote")"
  pass_env+=("RCLONE_CONFIG_${upper}_SECRET_ACCESS_KEY=wrong-secret-key-for-the-test")
  R lsf "$rb"
  pass_env=("${saved_env[@]}")
  if [[ $rc -ne 0 && "$err" == *SignatureDoesNotMatch* ]]; then
    ok "$t a wrong secret key is refused with SignatureDoesNotMatch"
  else
    not_ok "$t a wrong secret key is refused with SignatureDoesNotMatch"
  fi

  R purge "$rb"
  expect_success "$t purge removes the bucket and its objects"
  R lsd "$remote:"
  if [[ $rc -eq 0 ]] && ! grep -qE " $bucket\$" <<<"$out"; then ok "$t lsd no longer lists the bucket"; else not_ok "$t lsd no longer lists the bucket"; fi
}

echo "# --- pass 1: path style, ListObjects v1 ---"
pass_env=()
remote_pass emu rclone-path path

echo "# --- pass 2: virtual-hosted style (HTTP_PROXY -> s3emu, list_version 2) ---"
pass_env=("HTTP_PROXY=http://127.0.0.1:$port")
remote_pass vemu rclone-vhost vhost

finish
