#!/usr/bin/env bash
# Compat suite: real boto3 against a fresh s3emu, with two boto3 generations:
#   (a) Debian's /usr/bin/python3 (python3-boto3 1.26) under pytest (python3-pytest);
#   (b) the first other `python3` on PATH that has boto3 (e.g. 1.43, which sends CRC32 checksums
#       by default), under `python3 -m unittest` since nothing can be installed into it.
# The tests are unittest.TestCase classes (test_*.py), so both runners collect the same tests.
# Each runner gets its own fresh s3emu. Prints each runner's summary, then "N passed, N failed"
# over both runs; exits non-zero if either fails. (b) is skipped, visibly, when no such interpreter
# exists. Set BOTO3_SECOND_PYTHON to choose (b)'s interpreter.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh disable=SC1091
source "$here/../lib/server.sh"

DEBIAN_PYTHON=/usr/bin/python3
work="$(s3emu_tmpdir)" || exit 1

# --- an isolated AWS environment: nothing from the user's config leaks into boto3 ---------------
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ENDPOINT_URL \
  AWS_ENDPOINT_URL_S3 AWS_CA_BUNDLE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_ACCESS_KEY_ID \
  AWS_SECRET_ACCESS_KEY AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI \
  AWS_REGION AWS_DEFAULT_REGION AWS_USE_DUALSTACK_ENDPOINT AWS_USE_FIPS_ENDPOINT \
  AWS_S3_US_EAST_1_REGIONAL_ENDPOINT AWS_REQUEST_CHECKSUM_CALCULATION \
  AWS_RESPONSE_CHECKSUM_VALIDATION AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS \
  HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy PYTHONPATH
: >"$work/aws-config"
: >"$work/aws-credentials"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
export AWS_EC2_METADATA_DISABLED=true
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export LC_ALL=C.UTF-8 PYTHONUTF8=1 PYTHONIOENCODING=utf-8 PYTHONDONTWRITEBYTECODE=1
export S3EMU_TEST_ACCESS_KEY S3EMU_TEST_SECRET_KEY S3EMU_TEST_REGION

total_passed=0
total_failed=0
summaries=()

# has_boto3 PYTHON: prints "boto3 X / botocore Y" when that interpreter imports boto3.
has_boto3() {
  "$1" -c 'import boto3, botocore; print("boto3 %s / botocore %s" % (boto3.__version__, botocore.__version__))' \
    2>/dev/null
}

# find_second_python: the first python3 on PATH (or BOTO3_SECOND_PYTHON) that is not Debian's and has boto3.
find_second_python() {
  local candidate debian seen="" real
  debian="$(readlink -f "$DEBIAN_PYTHON" 2>/dev/null || echo "$DEBIAN_PYTHON")"
  for candidate in ${BOTO3_SECOND_PYTHON:-} $(type -ap python3 2>/dev/null); do
    [[ -x "$candidate" ]] || continue
    # A pyenv shim is a script: ask the interpreter itself where it lives.
    real="$("$candidate" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null)" || continue
    [[ "$real" == "$debian" ]] && continue
    case " $seen " in *" $real "*) continue ;; esac
    seen+=" $real"
    if has_boto3 "$candidate" >/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# count_pytest LOG: sets p_passed / p_failed / p_skipped from pytest's last summary line.
count_pytest() {
  local line
  line="$(grep -E '^=+ .*(passed|failed|error|skipped|no tests ran).* in [0-9.]+s' "$1" | tail -n 1)"
  p_passed="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)"
  p_failed=$(( $(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0) \
             + $(grep -oE '[0-9]+ errors?' <<<"$line" | grep -oE '[0-9]+' || echo 0) ))
  p_skipped="$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+' || echo 0)"
  [[ -n "$line" ]]
}

_ut_field() { grep -oE "$1=[0-9]+" <<<"$2" | grep -oE '[0-9]+' || echo 0; }

# count_unittest LOG: the same from unittest's "Ran N tests", "OK"/"FAILED (...)" and FAIL:/ERROR:
# lines. unittest counts every failing subTest; a test counts once here, as pytest counts it.
count_unittest() {
  local ran status
  ran="$(grep -oE '^Ran [0-9]+ tests?' "$1" | tail -n 1 | grep -oE '[0-9]+')"
  status="$(grep -E '^(OK|FAILED)( \(.*\))?$' "$1" | tail -n 1)"
  [[ -n "$ran" && -n "$status" ]] || return 1
  p_failed="$(grep -E '^(FAIL|ERROR): ' "$1" | sed -E 's/^(FAIL|ERROR): ([^ ]+ \([^)]*\)).*/\2/' | sort -u | wc -l)"
  p_failed=$((p_failed + $(_ut_field 'unexpected successes' "$status")))
  p_skipped=$(( $(_ut_field skipped "$status") + $(_ut_field 'expected failures' "$status") ))
  p_passed=$(( ran - p_failed - p_skipped ))
  ((p_passed >= 0)) || p_passed=0
  # FAILED with no FAIL:/ERROR: line found (an unexpected format) still counts as a failure.
  if [[ "$status" == FAILED* && $p_failed -eq 0 ]]; then p_failed=1; fi
}

# run_runner NAME KIND(pytest|unittest) PYTHON: one run against its own fresh s3emu.
run_runner() {
  local name="$1" kind="$2" python="$3" log rc
  log="$work/$kind.log"
  echo
  echo "=== boto3 $name: $python ($(has_boto3 "$python")) under $kind ==="
  if ! start_s3emu; then
    echo "not ok - $name: s3emu did not start"
    total_failed=$((total_failed + 1))
    summaries+=("$name: s3emu did not start")
    return
  fi
  echo "# s3emu $S3EMU_ENDPOINT (pid $S3EMU_PID)"
  if [[ "$kind" == pytest ]]; then
    (cd "$here" && S3EMU_ENDPOINT="$S3EMU_ENDPOINT" timeout 300 "$python" -m pytest -p no:cacheprovider \
      --rootdir "$here" -v -rfEs --tb=short --color=no .) 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    count_pytest "$log" || { p_passed=0; p_failed=0; p_skipped=0; }
  else
    (cd "$here" && S3EMU_ENDPOINT="$S3EMU_ENDPOINT" timeout 300 "$python" -m unittest discover \
      -s "$here" -t "$here" -p 'test_*.py' -v) 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    count_unittest "$log" || { p_passed=0; p_failed=0; p_skipped=0; }
  fi
  if ! s3emu_alive; then
    echo "not ok - $name: s3emu (pid $S3EMU_PID) died during the run"
    p_failed=$((p_failed + 1))
  fi
  # A runner that failed without counting a failure (crash, timeout, collection error) counts one.
  if [[ $rc -ne 0 && $p_failed -eq 0 ]]; then
    echo "not ok - $name: $kind exited with status $rc"
    p_failed=1
  fi
  if [[ $p_failed -gt 0 && -f "${S3EMU_LOG:-}" ]]; then
    # Many tests expect 4xx answers, so show the last error lines and anything the server said
    # that is not a request line (crash reports, warnings).
    echo "# s3emu log, last error lines (many are expected refusals):"
    grep -E ' error=| status=5[0-9][0-9] |^[^0-9]' "$S3EMU_LOG" | tail -n 25 | cut -c1-400 | sed 's/^/#   log| /'
  fi
  stop_s3emu
  total_passed=$((total_passed + p_passed))
  total_failed=$((total_failed + p_failed))
  summaries+=("$name ($kind): $p_passed passed, $p_failed failed, $p_skipped skipped")
}

# (a) Debian's boto3 under pytest.
if ! has_boto3 "$DEBIAN_PYTHON" >/dev/null; then
  echo "not ok - (a) $DEBIAN_PYTHON has no boto3: install python3-boto3"
  total_failed=$((total_failed + 1))
  summaries+=("(a) Debian boto3: missing python3-boto3")
elif ! "$DEBIAN_PYTHON" -m pytest --version >/dev/null 2>&1; then
  echo "not ok - (a) $DEBIAN_PYTHON has no pytest: install python3-pytest"
  total_failed=$((total_failed + 1))
  summaries+=("(a) Debian boto3: missing python3-pytest")
else
  run_runner "(a) Debian boto3" pytest "$DEBIAN_PYTHON"
fi

# (b) The other boto3 generation under unittest.
if second="$(find_second_python)"; then
  run_runner "(b) PATH boto3" unittest "$second"
else
  echo
  echo "=== boto3 (b): SKIPPED: no python3 other than $DEBIAN_PYTHON with boto3 on PATH ==="
  summaries+=("(b) PATH boto3: skipped (no second python3 with boto3)")
fi

echo
echo "=== boto3 summary ==="
printf '%s\n' "${summaries[@]}"
echo "$total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 ]]
