# Shared assertions of the shell compat suites (awscli, s3cmd, rclone): TAP-like "ok - ..." /
# "not ok - ..." lines, one command's result kept for the checks, and the closing summary.
# Source it after lib/server.sh and after setting `work` (a temp dir of the suite):
#   source "$here/../lib/checks.sh"
# A suite may define after_restart, run once s3emu has been restarted after a crash (to point
# its client configs at the new port).

passed=0
failed=0
last_cmd="" rc=0 out="" err="" status=""

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { # not_ok DESC [DETAIL]
  failed=$((failed + 1))
  echo "not ok - $1"
  [[ -n "${2:-}" ]] && printf '%s\n' "$2" | sed 's/^/#   /'
  echo "#   command: $last_cmd"
  echo "#   exit status: $rc"
  if [[ -n "$out" ]]; then printf '%s\n' "$out" | head -c 4000 | sed 's/^/#   stdout| /'; fi
  if [[ -n "$err" ]]; then printf '%s\n' "$err" | head -c 4000 | sed 's/^/#   stderr| /'; fi
}

# check_server: if s3emu died, count it as a failure, show its log, and restart it on the same
# data dir (on a new port) so the remaining checks still say something.
check_server() {
  [[ -n "${S3EMU_PID:-}" ]] || return 0
  s3emu_alive && return 0
  local pid="$S3EMU_PID" log="$S3EMU_LOG" code
  sleep 0.2
  wait "$pid" 2>/dev/null
  code=$?
  S3EMU_PID=""
  failed=$((failed + 1))
  echo "not ok - s3emu stays up: pid $pid exited with status $code$( ((code > 128)) && echo " (signal $((code - 128)))") during or before: $last_cmd"
  tail -n 20 "$log" | sed 's/^/#   log| /'
  restart_s3emu 2>"$work/restart.err"
  sed 's/^/#   /' "$work/restart.err"
  if s3emu_alive; then
    echo "# s3emu restarted after the crash: $S3EMU_ENDPOINT (pid $S3EMU_PID)"
    if declare -F after_restart >/dev/null; then after_restart; fi
  else
    echo "# s3emu could not be restarted; stopping the suite"
    finish
  fi
}

# run CMD...: runs a command, keeping its exit status, stdout and stderr for the checks.
run() {
  check_server
  last_cmd="$(printf '%q ' "$@")"
  "$@" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  out="$(cat "$work/stdout")"
  err="$(cat "$work/stderr")"
  check_server
}

# http OUTFILE URL [curl args]: sets status (HTTP code) and out (body, when not binary).
http() {
  local outfile="$1" url="$2"; shift 2
  run curl -sS -g --noproxy '*' --max-time 60 -o "$outfile" -w '%{http_code}' "$@" "$url"
  status="$out"
  out="HTTP $status; body: $(head -c 2000 "$outfile" 2>/dev/null | tr -d '\0')"
}

xml_field() { # xml_field NAME FILE: the text of the first <NAME> element
  grep -o "<$1>[^<]*</$1>" "$2" 2>/dev/null | head -n1 | sed "s:<$1>\(.*\)</$1>:\1:"
}

expect_success() { # expect_success DESC: the last command exited 0
  if [[ $rc -eq 0 ]]; then ok "$1"; else not_ok "$1"; fi
}
expect_eq() { # expect_eq DESC ACTUAL EXPECTED
  if [[ "$2" == "$3" ]]; then ok "$1"; else not_ok "$1" "expected [$3], got [$2]"; fi
}
expect_same_file() { # expect_same_file DESC EXPECTED ACTUAL: the last command succeeded, cmp equal
  local diffs
  if [[ $rc -eq 0 ]] && diffs="$(cmp "$2" "$3" 2>&1)"; then ok "$1"; else not_ok "$1" "cmp: ${diffs:-}"; fi
}
expect_same_tree() { # expect_same_tree DESC EXPECTED_DIR ACTUAL_DIR
  local diffs
  if [[ $rc -eq 0 ]] && diffs="$(diff -r "$2" "$3" 2>&1)"; then
    ok "$1"
  else
    not_ok "$1" "diff -r $2 $3:
$(printf '%s\n' "${diffs:-}" | head -n 40)"
  fi
}
expect_s3_error() { # expect_s3_error DESC BODYFILE STATUS CODE [MESSAGE-SUBSTRING]
  local code message
  code="$(xml_field Code "$2")"
  message="$(xml_field Message "$2")"
  if [[ "$status" == "$3" && "$code" == "$4" && ( -z "${5:-}" || "$message" == *"$5"* ) ]]; then
    ok "$1"
  else
    # shellcheck disable=SC2016  # the quotes are literal text in the message
    not_ok "$1" "expected HTTP $3 <Code>$4</Code>${5:+ with message containing '$5'}; got HTTP $status <Code>$code</Code> <Message>$message</Message>"
  fi
}

# finish: the s3emu log's tail if anything failed, the summary line, and the exit status.
finish() {
  if [[ $failed -gt 0 && -n "${S3EMU_LOG:-}" && -f "$S3EMU_LOG" ]]; then
    echo "# last lines of the s3emu log ($S3EMU_LOG):"
    tail -n 60 "$S3EMU_LOG" | sed 's/^/#   log| /'
  fi
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
}

md5_of() { md5sum "$1" | cut -d' ' -f1; }

# multipart_etag FILE PART_BYTES: the S3 ETag (unquoted) of FILE uploaded in PART_BYTES parts,
# "MD5(MD5(part 1) || MD5(part 2) || ...)-N".
multipart_etag() {
  python3 - "$1" "$2" <<'PY'
import hashlib, sys
part = int(sys.argv[2])
digests = []
with open(sys.argv[1], "rb") as f:
    while chunk := f.read(part):
        digests.append(hashlib.md5(chunk).digest())
print("%s-%d" % (hashlib.md5(b"".join(digests)).hexdigest(), len(digests)))
PY
}

# log_count PATTERN: how many s3emu request-log lines match the extended regex.
log_count() { grep -cE -- "$1" "$S3EMU_LOG" 2>/dev/null || true; }
