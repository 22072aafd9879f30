#!/usr/bin/env bash
# Compat suite: s3cmd against a fresh s3emu, in three passes:
#   1. SigV4 (s3cmd's default), path style          (host_bucket = 127.0.0.1:PORT)
#   2. SigV2 (--signature-v2), path style
#   3. SigV4, virtual-hosted style                   (host_bucket = %(bucket)s.localhost:PORT)
# '*.localhost' does not resolve through getaddrinfo here, so pass 3 sets s3cmd's proxy_host /
# proxy_port to s3emu itself: s3cmd then sends absolute-form requests
# ("PUT http://BUCKET.localhost:PORT/key") with "Host: BUCKET.localhost:PORT", which s3emu
# serves as virtual-hosted requests. No DNS lookup of a *.localhost name is made.
# Every s3cmd command runs with --debug so the suite can prove which signature and which URL
# form each request used (s3cmd silently falls back to SigV2 on some errors).
# Prints "ok - ..." / "not ok - ..." per assertion and ends with "N passed, N failed".
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh disable=SC1091
source "$here/../lib/server.sh"

S3CMD="${S3CMD:-s3cmd}"
work="$(s3emu_tmpdir)" || exit 1

# --- an isolated environment: nothing from the user's config leaks in -----------------------
# s3cmd reads AWS_* credentials and http_proxy from the environment when its config lacks them,
# and ~/.s3cfg without -c: clear the variables, point HOME at an empty dir, always pass -c.
while IFS='=' read -r name _; do
  case "$name" in AWS_* | S3CMD_* | S3_*) unset "$name" ;; esac
done < <(env)
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy NO_PROXY no_proxy
mkdir -p "$work/home"
export HOME="$work/home"
export LC_ALL=C.UTF-8 PYTHONUTF8=1 PYTHONIOENCODING=utf-8 TZ=UTC

# --- assertions: lib/checks.sh ---------------------------------------------------------------
# shellcheck source=../lib/checks.sh disable=SC1091
source "$here/../lib/checks.sh"
after_restart() { write_configs; }

# S ARGS...: s3cmd with the current pass's config and flags, always with --debug. The debug
# lines go to $work/debug (and are appended to $work/pass-debug); err keeps the other lines.
cfg="" pass_flags=()
S() {
  check_server
  last_cmd="$(printf '%q ' "$S3CMD" -c "$cfg" "${pass_flags[@]}" "$@")"
  timeout 120 "$S3CMD" -c "$cfg" --debug "${pass_flags[@]}" "$@" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  out="$(cat "$work/stdout")"
  grep -a '^DEBUG: ' "$work/stderr" >"$work/debug"
  cat "$work/debug" >>"$work/pass-debug"
  # Debug records span several lines; keep s3cmd's own messages (and the tail on a failure).
  err="$(grep -aE '^(ERROR|WARNING|INFO|Traceback|[A-Za-z]*Error): ' "$work/stderr")"
  if [[ $rc -ne 0 && -z "$err" ]]; then err="$(tail -n 30 "$work/stderr")"; fi
  check_server
}

expect_out_has() { # expect_out_has DESC SUBSTRING: the last command succeeded and printed it
  if [[ $rc -eq 0 && "$out" == *"$2"* ]]; then ok "$1"; else not_ok "$1" "expected stdout to contain [$2]"; fi
}
expect_s3cmd_error() { # expect_s3cmd_error DESC CODE: the last s3cmd failed with that S3 code
  if [[ $rc -ne 0 && "$err" == *"($2)"* ]]; then ok "$1"; else not_ok "$1" "expected failure with ($2)"; fi
}

# info_field NAME: the value of "NAME: value" in the last `s3cmd info` output.
info_field() { printf '%s\n' "$out" | sed -n "s/^ *$1: *//p" | head -n1; }

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

# --- configs --------------------------------------------------------------------------------------
port="" cfg_path="$work/s3cfg-path" cfg_vhost="$work/s3cfg-vhost" cfg_badkey="$work/s3cfg-badkey"

# write_cfg FILE HOST_BASE HOST_BUCKET SECRET [PROXY_PORT]
write_cfg() {
  cat >"$1" <<EOF
[default]
access_key = $S3EMU_TEST_ACCESS_KEY
secret_key = $4
access_token =
host_base = $2
host_bucket = $3
bucket_location = $S3EMU_TEST_REGION
use_https = False
check_ssl_certificate = True
signature_v2 = False
proxy_host = ${5:+127.0.0.1}
proxy_port = ${5:-3128}
progress_meter = False
max_retries = 1
socket_timeout = 60
multipart_chunk_size_mb = 15
preserve_attrs = True
EOF
}

write_configs() {
  port="${S3EMU_ENDPOINT##*:}"
  # Path style: a host_bucket without %(bucket)s makes s3cmd put the bucket in the path.
  write_cfg "$cfg_path" "127.0.0.1:$port" "127.0.0.1:$port" "$S3EMU_TEST_SECRET_KEY"
  write_cfg "$cfg_badkey" "127.0.0.1:$port" "127.0.0.1:$port" "wrong-secret-key-for-the-test"
  write_cfg "$cfg_vhost" "localhost:$port" "%(bucket)s.localhost:$port" "$S3EMU_TEST_SECRET_KEY" "$port"
}

# --- start --------------------------------------------------------------------------------------
if ! command -v "$S3CMD" >/dev/null 2>&1; then
  last_cmd="command -v $S3CMD"; rc=1; out=""; err=""
  not_ok "s3cmd is installed"
  finish
fi
echo "# s3cmd: $(command -v "$S3CMD") ($("$S3CMD" --version 2>&1 | head -n1))"

if start_s3emu; then
  echo "# s3emu: $S3EMU_ENDPOINT (pid $S3EMU_PID, data $S3EMU_DATA)"
  ok "s3emu starts and prints its listening line"
else
  last_cmd="start_s3emu"; rc=1; out=""; err=""
  not_ok "s3emu starts and prints its listening line"
  finish
fi
write_configs

make_tree "$work/tree-orig"
tree_files="$(find "$work/tree-orig" -type f | wc -l)"
echo "# sync tree: $tree_files files"

printf 'hello from s3cmd\nsecond line\n' >"$work/small.txt"
small_md5="$(md5_of "$work/small.txt")"
head -c $((12 * 1024 * 1024 + 12345)) /dev/urandom >"$work/big.bin"
big_md5="$(md5_of "$work/big.bin")"
big_etag="$(multipart_etag "$work/big.bin" $((5 * 1024 * 1024)))"

# --- one pass: buckets, objects, multipart, info, signurl, sync, delete ---------------------------
# object_pass LABEL BUCKET STYLE(path|vhost)
object_pass() {
  local label="$1" bucket="$2" style="$3" t="[$1]"
  local big_key='big dir/big 12MB.bin' small_key='small.txt' url tampered n

  : >"$work/pass-debug"
  local log_before curls=0
  log_before="$(log_count " bucket=\"$bucket\" ")"

  S mb "s3://$bucket"
  expect_out_has "$t mb creates s3://$bucket" "Bucket 's3://$bucket/' created"

  S ls
  if [[ $rc -eq 0 ]] && grep -qE " s3://$bucket\$" <<<"$out"; then ok "$t ls lists s3://$bucket"; else not_ok "$t ls lists s3://$bucket"; fi

  # small object with a content type and user metadata
  S put "$work/small.txt" "s3://$bucket/$small_key" --mime-type=text/plain \
    --add-header=x-amz-meta-color:blue
  expect_out_has "$t put of a small file" "upload: '$work/small.txt' -> 's3://$bucket/$small_key'"

  S info "s3://$bucket/$small_key"
  if [[ $rc -eq 0 ]]; then
    expect_eq "$t info shows the MD5 sum" "$(info_field 'MD5 sum')" "$small_md5"
    expect_eq "$t info shows the file size" "$(info_field 'File size')" "$(stat -c %s "$work/small.txt")"
    expect_eq "$t info shows the MIME type" "$(info_field 'MIME type')" "text/plain"
    expect_eq "$t info shows x-amz-meta-color" "$(info_field 'x-amz-meta-color')" "blue"
    expect_eq "$t info shows s3cmd's attrs metadata with the MD5" \
      "$(info_field 'x-amz-meta-s3cmd-attrs' | grep -o "md5:$small_md5")" "md5:$small_md5"
  else
    not_ok "$t info of the small object"
  fi

  rm -f "$work/small.down"
  S get "s3://$bucket/$small_key" "$work/small.down"
  expect_same_file "$t get of the small file returns the same bytes" "$work/small.txt" "$work/small.down"

  # multipart: 12 MB in 5 MB parts (3 parts)
  local parts_before complete_before
  parts_before="$(log_count " UploadPart bucket=\"$bucket\" key=\"$big_key\" status=200 ")"
  complete_before="$(log_count " CompleteMultipartUpload bucket=\"$bucket\" key=\"$big_key\" status=200 ")"
  S put --multipart-chunk-size-mb=5 "$work/big.bin" "s3://$bucket/$big_key"
  expect_out_has "$t put of a 12 MB file with --multipart-chunk-size-mb=5" "upload: '$work/big.bin' -> 's3://$bucket/$big_key'"
  expect_eq "$t the 12 MB put is 3 UploadPart requests and one CompleteMultipartUpload (s3emu log)" \
    "$(($(log_count " UploadPart bucket=\"$bucket\" key=\"$big_key\" status=200 ") - parts_before)) $(($(log_count " CompleteMultipartUpload bucket=\"$bucket\" key=\"$big_key\" status=200 ") - complete_before))" \
    "3 1"

  S ls "s3://$bucket/$big_key"
  if [[ $rc -eq 0 ]] && grep -qE "^.* $((12 * 1024 * 1024 + 12345)) +s3://$bucket/$big_key\$" <<<"$out"; then
    ok "$t ls shows the multipart object with its size"
  else
    not_ok "$t ls shows the multipart object with its size"
  fi

  S info "s3://$bucket/$big_key"
  expect_eq "$t info of the multipart object shows the whole file's MD5 sum" "$(info_field 'MD5 sum')" "$big_md5"
  # s3cmd shows its own MD5 (from x-amz-meta-s3cmd-attrs) for multipart objects; the raw
  # ETag is in the HEAD response headers of the debug output.
  if grep -qF "'etag': '\"$big_etag\"'" "$work/stderr"; then
    ok "$t HEAD of the multipart object answers ETag \"$big_etag\" (MD5 of the part MD5s, -3)"
  else
    not_ok "$t HEAD of the multipart object answers ETag \"$big_etag\" (MD5 of the part MD5s, -3)" \
      "etag headers seen: $(grep -o "'etag': '[^']*'" "$work/stderr" | tr '\n' ' ')"
  fi

  rm -f "$work/big.down"
  S get "s3://$bucket/$big_key" "$work/big.down"
  expect_same_file "$t get of the 12 MB object returns the same bytes" "$work/big.bin" "$work/big.down"
  rm -f "$work/big.down"

  S ls "s3://$bucket"
  if [[ $rc -eq 0 ]] && grep -qE "^ +DIR +s3://$bucket/big dir/\$" <<<"$out" &&
    grep -qE " $(stat -c %s "$work/small.txt") +s3://$bucket/$small_key\$" <<<"$out"; then
    ok "$t ls shows the small object and the 'big dir/' prefix"
  else
    not_ok "$t ls shows the small object and the 'big dir/' prefix"
  fi

  # signurl (s3cmd always signs these with SigV2)
  local resolve=()
  [[ "$style" == vhost ]] && resolve=(--resolve "$bucket.localhost:$port:127.0.0.1")
  S signurl "s3://$bucket/$small_key" +300
  url="$out"
  if [[ $rc -eq 0 && "$url" == *"Signature="* && "$url" == *"Expires="* ]]; then
    ok "$t signurl gives a SigV2 presigned URL"
  else
    not_ok "$t signurl gives a SigV2 presigned URL"
  fi
  if [[ "$style" == vhost ]]; then
    expect_eq "$t signurl uses the virtual-hosted URL" "${url%%\?*}" "http://$bucket.localhost:$port/$small_key"
  fi
  rm -f "$work/signed.down"
  http "$work/signed.down" "$url" "${resolve[@]}"
  curls=$((curls + 1))
  if [[ "$status" == 200 ]] && cmp -s "$work/small.txt" "$work/signed.down"; then
    ok "$t curl of the signurl URL returns the object"
  else
    not_ok "$t curl of the signurl URL returns the object"
  fi
  tampered="$(sed -E 's/([?&]Signature=)(.)/\1\2AAAA/' <<<"$url")"
  http "$work/tampered.xml" "$tampered" "${resolve[@]}"
  curls=$((curls + 1))
  expect_s3_error "$t a tampered signurl URL is refused: 403 SignatureDoesNotMatch" \
    "$work/tampered.xml" 403 SignatureDoesNotMatch
  S signurl "s3://$bucket/$small_key" "$(($(date +%s) - 60))"
  http "$work/expired.xml" "$out" "${resolve[@]}"
  curls=$((curls + 1))
  expect_s3_error "$t an expired signurl URL is refused: 403 AccessDenied" \
    "$work/expired.xml" 403 AccessDenied "expired"

  # --- sync ---
  local src="$work/$label-src" down1="$work/$label-down1" down2="$work/$label-down2"
  rm -rf "$src" "$down1" "$down2"
  cp -a "$work/tree-orig" "$src"
  mkdir -p "$down1" "$down2"

  S sync "$src/" "s3://$bucket/tree/"
  n="$(grep -c "^upload: " <<<"$out")"
  if [[ $rc -eq 0 && "$n" == "$tree_files" ]]; then ok "$t sync up uploads all $tree_files files"; else not_ok "$t sync up uploads all $tree_files files" "upload lines: $n"; fi

  S ls -r "s3://$bucket/tree/"
  n="$(grep -c " s3://$bucket/tree/" <<<"$out")"
  expect_eq "$t ls -r lists $tree_files objects under tree/" "$n" "$tree_files"
  if grep -qF " s3://$bucket/tree/special/mixed +&=#?~ (all).txt" <<<"$out" &&
    grep -qF " s3://$bucket/tree/emoji/😀 smile 🎉.txt" <<<"$out" &&
    grep -qE "^.* 0 +s3://$bucket/tree/empty/zero-byte.bin\$" <<<"$out"; then
    ok "$t ls -r shows the awkward keys as they are, and the zero-byte object"
  else
    not_ok "$t ls -r shows the awkward keys as they are, and the zero-byte object"
  fi

  S sync "s3://$bucket/tree/" "$down1/"
  expect_same_tree "$t sync down to an empty dir gives the same tree (diff -r)" "$src" "$down1"

  S sync "$src/" "s3://$bucket/tree/"
  if [[ $rc -eq 0 ]] && ! grep -q "^upload: " <<<"$out"; then
    ok "$t a second sync up with no change uploads nothing"
  else
    not_ok "$t a second sync up with no change uploads nothing"
  fi

  # change the tree: modify one file, delete one, add one
  printf 'modified content, longer than before: %s\n' "$label" >"$src/special/hash#tag.txt"
  rm -rf "$src/日本/東京" # its only file: S3 has no directories, so sync down won't make it
  mkdir -p "$src/new dir"
  printf 'added after the first sync\n' >"$src/new dir/added ✓ +&.txt"

  S sync --delete-removed "$src/" "s3://$bucket/tree/"
  if [[ $rc -eq 0 ]] && grep -qF "delete: 's3://$bucket/tree/日本/東京/駅.txt'" <<<"$out" &&
    [[ "$(grep -c '^upload: ' <<<"$out")" == 2 ]]; then
    ok "$t sync --delete-removed uploads the 2 changed files and deletes the removed one"
  else
    not_ok "$t sync --delete-removed uploads the 2 changed files and deletes the removed one"
  fi

  S ls -r "s3://$bucket/tree/"
  if [[ $rc -eq 0 ]] && ! grep -qF "s3://$bucket/tree/日本/東京/駅.txt" <<<"$out" &&
    grep -qF "s3://$bucket/tree/new dir/added ✓ +&.txt" <<<"$out" &&
    [[ "$(grep -c " s3://$bucket/tree/" <<<"$out")" == "$tree_files" ]]; then
    ok "$t after the sync the removed key is gone and the added key is listed"
  else
    not_ok "$t after the sync the removed key is gone and the added key is listed"
  fi

  rm -f "$work/modified.down"
  S get "s3://$bucket/tree/special/hash#tag.txt" "$work/modified.down"
  expect_same_file "$t the modified file has its new content remotely" "$src/special/hash#tag.txt" "$work/modified.down"

  S sync --delete-removed "s3://$bucket/tree/" "$down1/"
  # s3cmd deletes the file but leaves its emptied directory: not the server's business.
  find "$down1" -mindepth 1 -type d -empty -delete
  expect_same_tree "$t sync --delete-removed down updates the earlier copy (diff -r)" "$src" "$down1"

  S sync "s3://$bucket/tree/" "$down2/"
  expect_same_tree "$t sync down of the changed tree to an empty dir (diff -r)" "$src" "$down2"

  # --- delete ---
  S del "s3://$bucket/$small_key"
  expect_out_has "$t del removes the small object" "delete: 's3://$bucket/$small_key'"
  S ls "s3://$bucket/$small_key"
  if [[ $rc -eq 0 && -z "$out" ]]; then ok "$t ls no longer shows the deleted object"; else not_ok "$t ls no longer shows the deleted object"; fi
  # s3cmd get starts with a HEAD: a 404 without a body, which s3cmd reports as "does not exist".
  S get "s3://$bucket/$small_key" "$work/gone.down"
  if [[ $rc -ne 0 && "$err" == *"'s3://$bucket/$small_key' does not exist"* ]]; then
    ok "$t get of the deleted object fails: 404, does not exist"
  else
    not_ok "$t get of the deleted object fails: 404, does not exist"
  fi

  S del --recursive --force "s3://$bucket/"
  S rb "s3://$bucket"
  expect_out_has "$t del --recursive then rb removes the bucket" "Bucket 's3://$bucket/' removed"
  S ls
  if [[ $rc -eq 0 ]] && ! grep -qE " s3://$bucket\$" <<<"$out"; then ok "$t ls no longer lists the bucket"; else not_ok "$t ls no longer lists the bucket"; fi

  # --- what went over the wire ---
  local v4 v2 fb
  v4="$(grep -c '^DEBUG: signature-v4 headers:' "$work/pass-debug")"
  v2="$(grep -c '^DEBUG: SignHeaders:' "$work/pass-debug")"
  fb="$(grep -c 'Falling back to signature v2' "$work/pass-debug")"
  last_cmd="(the pass's s3cmd --debug output)" rc=0 out="" err=""
  if [[ "${pass_flags[*]:-}" == *--signature-v2* ]]; then
    if [[ $v2 -gt 20 && $v4 -eq 0 ]]; then ok "$t every request was signed with SigV2 ($v2 signatures)"; else not_ok "$t every request was signed with SigV2" "v2=$v2 v4=$v4"; fi
  else
    if [[ $v4 -gt 20 && $v2 -eq 0 && $fb -eq 0 ]]; then
      ok "$t every request was signed with SigV4, no fallback to SigV2 ($v4 signatures)"
    else
      not_ok "$t every request was signed with SigV4, no fallback to SigV2" "v4=$v4 v2=$v2 fallbacks=$fb"
    fi
  fi

  local uris vh pathish served
  uris="$(grep -c '^DEBUG: format_uri(): ' "$work/pass-debug")"
  # s3emu's log lines for the bucket, less the signurl requests curl made
  served=$(($(log_count " bucket=\"$bucket\" ") - log_before - curls))
  if [[ "$style" == vhost ]]; then
    # Absolute-form URIs through the proxy setting: the bucket is in the host, not the path.
    vh="$(grep -cF "DEBUG: format_uri(): http://$bucket.localhost:$port/" "$work/pass-debug")"
    pathish="$(grep -E '^DEBUG: format_uri\(\): ' "$work/pass-debug" | grep -cE "^DEBUG: format_uri\(\): (http://[^/]*)?/$bucket(/|\$)")"
    if [[ $vh -gt 20 && $pathish -eq 0 && $served -eq $vh ]]; then
      ok "$t all $vh requests for the bucket were virtual-hosted (http://$bucket.localhost:$port/KEY), and s3emu logged $served requests for it"
    else
      not_ok "$t all requests for the bucket were virtual-hosted" \
        "virtual-hosted URIs: $vh, path-style URIs: $pathish, all URIs: $uris, s3emu log lines for the bucket: $served"
    fi
  else
    pathish="$(grep -cE "^DEBUG: format_uri\(\): /$bucket(/|\$)" "$work/pass-debug")"
    if [[ $pathish -gt 20 && $served -eq $pathish ]]; then
      ok "$t all $pathish requests for the bucket were path style (/$bucket/KEY), and s3emu logged $served requests for it"
    else
      not_ok "$t all requests for the bucket were path style" \
        "path-style URIs: $pathish, all URIs: $uris, s3emu log lines for the bucket: $served"
    fi
  fi

  # a wrong secret key is refused in this signature mode
  local saved_cfg="$cfg"
  if [[ "$style" == path ]]; then
    cfg="$cfg_badkey"
    S ls "s3://$bucket"
    expect_s3cmd_error "$t a wrong secret key is refused with SignatureDoesNotMatch" SignatureDoesNotMatch
    cfg="$saved_cfg"
  fi
}

echo "# --- pass 1: SigV4, path style ---"
cfg="$cfg_path" pass_flags=()
object_pass sigv4-path s3cmd-v4-path path

echo "# --- pass 2: SigV2 (--signature-v2), path style ---"
cfg="$cfg_path" pass_flags=(--signature-v2)
object_pass sigv2-path s3cmd-v2-path path

echo "# --- pass 3: SigV4, virtual-hosted style (s3cmd proxy setting -> s3emu) ---"
cfg="$cfg_vhost" pass_flags=()
object_pass sigv4-vhost s3cmd-v4-vhost vhost

# SigV2 signs "/bucket/key" as its resource even when the bucket is in the Host header.
echo "# --- pass 4: SigV2, virtual-hosted style (short) ---"
cfg="$cfg_vhost" pass_flags=(--signature-v2)
: >"$work/pass-debug"
bucket=s3cmd-v2-vhost t="[sigv2-vhost]" awkward='special/mixed +&=#?~ (all) ✓.txt'
S mb "s3://$bucket"
expect_out_has "$t mb creates s3://$bucket" "Bucket 's3://$bucket/' created"
S put "$work/small.txt" "s3://$bucket/$awkward" --add-header=x-amz-meta-color:green
expect_out_has "$t put under an awkward key" "-> 's3://$bucket/$awkward'"
S info "s3://$bucket/$awkward"
expect_eq "$t info shows the MD5 sum and the metadata" \
  "$(info_field 'MD5 sum') $(info_field 'x-amz-meta-color')" "$small_md5 green"
rm -f "$work/v2vh.down"
S get "s3://$bucket/$awkward" "$work/v2vh.down"
expect_same_file "$t get returns the same bytes" "$work/small.txt" "$work/v2vh.down"
S ls -r "s3://$bucket"
if [[ $rc -eq 0 ]] && grep -qF " s3://$bucket/$awkward" <<<"$out"; then ok "$t ls -r lists the key"; else not_ok "$t ls -r lists the key"; fi
S del "s3://$bucket/$awkward"
expect_out_has "$t del removes the object" "delete: 's3://$bucket/$awkward'"
S rb "s3://$bucket"
expect_out_has "$t rb removes the bucket" "Bucket 's3://$bucket/' removed"
v4="$(grep -c '^DEBUG: signature-v4 headers:' "$work/pass-debug")"
v2="$(grep -c '^DEBUG: SignHeaders:' "$work/pass-debug")"
vh="$(grep -cF "DEBUG: format_uri(): http://$bucket.localhost:$port/" "$work/pass-debug")"
last_cmd="(the pass's s3cmd --debug output)" rc=0 out="" err=""
if [[ $v4 -eq 0 && $v2 -ge 7 && $vh -ge 7 ]]; then
  ok "$t every request was SigV2-signed ($v2) and virtual-hosted ($vh requests for the bucket)"
else
  not_ok "$t every request was SigV2-signed and virtual-hosted" "v2=$v2 v4=$v4 virtual-hosted URIs=$vh"
fi

finish
