#!/usr/bin/env bash
# Compat suite: the AWS SDK for JavaScript v3 (the newest @aws-sdk/client-s3, lib-storage and
# s3-request-presigner, pinned in package-lock.json) against a fresh s3emu, under node's own test
# runner (node:test, one test/*.test.mjs file per theme).
#
# Installs the locked packages with `npm ci` when node_modules is missing or older than the lock
# file, starts s3emu through ../lib/server.sh, runs `node --test` with the spec reporter on stdout
# (node's own summary) and the TAP reporter into a file that is counted here. Ends with the line
# "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh disable=SC1091
source "$here/../lib/server.sh"

work="$(s3emu_tmpdir)" || exit 1

fail_early() {
  echo "not ok - $1"
  echo "0 passed, 1 failed"
  exit 1
}

# --- node and the locked packages ------------------------------------------------------------
command -v node >/dev/null 2>&1 || fail_early "node is not installed (the suite needs node >= 20 and npm)"
command -v npm >/dev/null 2>&1 || fail_early "npm is not installed"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)"
[[ "$node_major" =~ ^[0-9]+$ && "$node_major" -ge 20 ]] ||
  fail_early "node $(node --version 2>/dev/null) is too old: the suite needs node >= 20"

# npm writes node_modules/.package-lock.json on every install: it is stale when the lock file or
# package.json is newer, or when a package the tests import is missing.
deps_stale() {
  local hidden="$here/node_modules/.package-lock.json" pkg
  [[ -f "$hidden" ]] || return 0
  [[ "$here/package-lock.json" -nt "$hidden" || "$here/package.json" -nt "$hidden" ]] && return 0
  for pkg in @aws-sdk/client-s3 @aws-sdk/lib-storage @aws-sdk/s3-request-presigner; do
    [[ -f "$here/node_modules/$pkg/package.json" ]] || return 0
  done
  return 1
}

if deps_stale; then
  echo "# installing the locked packages: npm ci"
  if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1); then
    sed 's/^/#   npm| /' "$work/npm-ci.log" | tail -n 30
    fail_early "npm ci failed in $here"
  fi
fi

# --- an isolated AWS environment: nothing from the user's config reaches the SDK -------------
while IFS= read -r name; do
  unset "$name"
done < <(compgen -e | grep -E '^AWS_')
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy NODE_OPTIONS NODE_PATH
: >"$work/aws-config"
: >"$work/aws-credentials"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
export AWS_EC2_METADATA_DISABLED=true
export NO_PROXY=127.0.0.1,localhost,.localhost no_proxy=127.0.0.1,localhost,.localhost
export NODE_NO_WARNINGS=1
export S3EMU_TEST_ACCESS_KEY S3EMU_TEST_SECRET_KEY S3EMU_TEST_REGION

versions="$(cd "$here" && node -p '["client-s3","lib-storage","s3-request-presigner"].map(p => p + " " + require("@aws-sdk/" + p + "/package.json").version).join(", ")' 2>/dev/null)"
echo "=== aws-sdk-js v3 ($versions) on node $(node --version) ==="

# --- the run -----------------------------------------------------------------------------------
start_s3emu || fail_early "s3emu did not start"
echo "# s3emu $S3EMU_ENDPOINT (pid $S3EMU_PID)"

tap="$work/results.tap"
shopt -s nullglob
files=("$here"/test/*.test.mjs)
shopt -u nullglob
((${#files[@]} > 0)) || fail_early "no test files under $here/test"

(cd "$here" && S3EMU_ENDPOINT="$S3EMU_ENDPOINT" timeout 300 node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${files[@]}")
rc=$?

# node's TAP summary: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
tap_count() {
  local n
  n="$(grep -E "^# $1 [0-9]+$" "$tap" 2>/dev/null | tail -n 1 | awk '{print $3}')"
  echo "${n:-0}"
}
passed="$(tap_count pass)"
failed=$(( $(tap_count fail) + $(tap_count cancelled) ))
skipped="$(tap_count skipped)"
todo="$(tap_count todo)"

if ! s3emu_alive; then
  echo "not ok - s3emu (pid $S3EMU_PID) died during the run"
  failed=$((failed + 1))
fi
# A run that failed without a counted failure (crash, timeout, a file that did not load).
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  echo "not ok - node --test exited with status $rc"
  failed=1
fi
if ((failed > 0)) && [[ -f "${S3EMU_LOG:-}" ]]; then
  # Many tests expect 4xx answers: show the last error lines and anything that is not a request line.
  echo "# s3emu log, last error lines (many are expected refusals):"
  grep -E ' error=| status=5[0-9][0-9] |^[^0-9]' "$S3EMU_LOG" | tail -n 25 | cut -c1-400 | sed 's/^/#   log| /'
fi
stop_s3emu

echo
echo "=== aws-sdk-js summary ==="
((skipped > 0 || todo > 0)) && echo "# $skipped skipped, $todo todo (see the reasons above)"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
