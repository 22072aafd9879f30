# Shared helper for the compat suites: starts a fresh s3emu on a free loopback port and stops it.
# Source it from a suite (bash):  source "$(dirname "$0")/../lib/server.sh"
#
#   start_s3emu [extra s3emu args]   start on --port 0 with a fresh data dir; exports
#                                    S3EMU_ENDPOINT, S3EMU_PID, S3EMU_DATA, S3EMU_LOG
#   stop_s3emu                       stop exactly that process and wait for it
#   restart_s3emu [extra args]       stop, then start again on the same data dir (new port)
#   s3emu_alive                      whether that process is still running
#   s3emu_tmpdir                     a temp dir removed at exit (prints its path)
#
# Credentials: S3EMU_TEST_ACCESS_KEY / S3EMU_TEST_SECRET_KEY / S3EMU_TEST_REGION (set below
# unless already set) are passed to s3emu as flags. S3EMU_BIN overrides the binary.

S3EMU_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
S3EMU_BIN="${S3EMU_BIN:-$S3EMU_REPO_ROOT/build/s3emu}"
S3EMU_TEST_ACCESS_KEY="${S3EMU_TEST_ACCESS_KEY:-compat-access-key}"
S3EMU_TEST_SECRET_KEY="${S3EMU_TEST_SECRET_KEY:-compat-secret-key-0123456789}"
S3EMU_TEST_REGION="${S3EMU_TEST_REGION:-us-east-1}"
S3EMU_START_TIMEOUT="${S3EMU_START_TIMEOUT:-10}"
export S3EMU_BIN S3EMU_TEST_ACCESS_KEY S3EMU_TEST_SECRET_KEY S3EMU_TEST_REGION

# Every temp dir lives under one root made here, in the suite's own shell, so that the exit
# trap removes them all even when s3emu_tmpdir runs in a command substitution (a subshell).
_s3emu_root="$(mktemp -d "${TMPDIR:-/tmp}/s3emu-compat.XXXXXX")" || exit 1
_s3emu_extra_args=()
S3EMU_PID=""

s3emu_tmpdir() {
  mktemp -d "$_s3emu_root/tmp.XXXXXX"
}

_s3emu_cleanup() {
  stop_s3emu >/dev/null 2>&1
  [[ -n "$_s3emu_root" && -d "$_s3emu_root" ]] && rm -rf -- "$_s3emu_root"
}
trap _s3emu_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# _s3emu_launch DATA_DIR [extra args]: start the process and wait for its listening line.
_s3emu_launch() {
  local data="$1"; shift
  if [[ ! -x "$S3EMU_BIN" ]]; then
    echo "server.sh: s3emu binary not found at $S3EMU_BIN (build it with scripts/build.sh)" >&2
    return 1
  fi
  S3EMU_DATA="$data"
  S3EMU_LOG="$(dirname "$data")/s3emu.$(date +%s%N).log"
  # stdout (listening line, request log) and stderr go to the same log file.
  "$S3EMU_BIN" --host 127.0.0.1 --port 0 --data "$data" \
    --access-key "$S3EMU_TEST_ACCESS_KEY" --secret-key "$S3EMU_TEST_SECRET_KEY" \
    --region "$S3EMU_TEST_REGION" "$@" >"$S3EMU_LOG" 2>&1 </dev/null &
  S3EMU_PID=$!
  export S3EMU_PID S3EMU_DATA S3EMU_LOG

  local deadline=$((SECONDS + S3EMU_START_TIMEOUT)) line port
  while :; do
    line="$(grep -m1 -E '^s3emu listening on http://' "$S3EMU_LOG" 2>/dev/null || true)"
    if [[ -n "$line" ]]; then
      port="${line##*:}"
      port="${port%%[!0-9]*}"
      if [[ -n "$port" ]]; then
        export S3EMU_ENDPOINT="http://127.0.0.1:$port"
        return 0
      fi
    fi
    if ! kill -0 "$S3EMU_PID" 2>/dev/null; then
      echo "server.sh: s3emu exited before listening; log $S3EMU_LOG:" >&2
      sed 's/^/  | /' "$S3EMU_LOG" >&2
      wait "$S3EMU_PID" 2>/dev/null
      S3EMU_PID=""
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "server.sh: no 'listening' line from s3emu within ${S3EMU_START_TIMEOUT}s; log:" >&2
      sed 's/^/  | /' "$S3EMU_LOG" >&2
      stop_s3emu
      return 1
    fi
    sleep 0.05
  done
}

# s3emu_alive: whether the started s3emu is still running (a zombie counts as dead).
s3emu_alive() {
  [[ -n "${S3EMU_PID:-}" ]] || return 1
  kill -0 "$S3EMU_PID" 2>/dev/null || return 1
  local state
  state="$(awk '{print $3}' "/proc/$S3EMU_PID/stat" 2>/dev/null)"
  [[ "$state" != Z ]]
}

start_s3emu() {
  local base
  base="$(s3emu_tmpdir)" || return 1
  mkdir -p "$base/data"
  _s3emu_extra_args=("$@")
  _s3emu_launch "$base/data" "$@"
}

stop_s3emu() {
  [[ -n "${S3EMU_PID:-}" ]] || return 0
  local pid="$S3EMU_PID" i status
  S3EMU_PID=""
  if ! S3EMU_PID="$pid" s3emu_alive; then
    wait "$pid" 2>/dev/null
    status=$?
    echo "server.sh: s3emu (pid $pid) had already exited with status $status; log $S3EMU_LOG" >&2
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do
    S3EMU_PID="$pid" s3emu_alive || break
    sleep 0.1
  done
  if S3EMU_PID="$pid" s3emu_alive; then
    echo "server.sh: s3emu (pid $pid) ignored SIGTERM for 10s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

# Stops and starts on the same data dir; with no arguments reuses the previous extra args.
restart_s3emu() {
  local data="$S3EMU_DATA"
  stop_s3emu
  if [[ $# -gt 0 ]]; then _s3emu_extra_args=("$@"); fi
  _s3emu_launch "$data" "${_s3emu_extra_args[@]}"
}
