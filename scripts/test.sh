#!/usr/bin/env bash
# Installs, builds, runs the unit tests (ctest) and then every compat suite in compat-tests/.
# Each suite counts once; the last line is "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1

passed=0
failed=0
skipped=0
results=()

record() { # record NAME STATUS(0 = pass)
  if [[ "$2" -eq 0 ]]; then
    passed=$((passed + 1)); results+=("PASS: $1")
  else
    failed=$((failed + 1)); results+=("FAIL: $1 (exit $2)")
  fi
}

skip() {
  skipped=$((skipped + 1)); results+=("SKIP: $1 ($2)")
  echo "SKIP: $1: $2"
}

finish() {
  echo
  echo "=== summary ==="
  printf '%s\n' "${results[@]}"
  [[ $skipped -gt 0 ]] && echo "($skipped suite(s) skipped, not counted as passed)"
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
}

echo "=== build ==="
if ! scripts/install-deps.sh --test || ! scripts/build.sh; then
  record "build" 1
  finish
fi

echo
echo "=== unit tests (ctest) ==="
timeout 600 ctest --test-dir build --output-on-failure --timeout 120
record "unit tests (ctest)" $?

# aws CLI v1: the first `aws` on PATH (or in pyenv) that is not Debian's v2 at /usr/bin/aws.
find_aws_v1() {
  local candidate v2 seen=""
  v2="$(readlink -f /usr/bin/aws 2>/dev/null || echo /usr/bin/aws)"
  for candidate in $(type -ap aws 2>/dev/null) "$HOME/.pyenv/shims/aws" "$HOME/.local/bin/aws"; do
    [[ -x "$candidate" ]] || continue
    [[ "$(readlink -f "$candidate")" == "$v2" ]] && continue
    case " $seen " in *" $candidate "*) continue ;; esac
    seen+=" $candidate"
    if "$candidate" --version 2>&1 | grep -q '^aws-cli/1\.'; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

run_suite() { # run_suite NAME COMMAND...
  local name="$1"; shift
  echo
  echo "=== compat: $name ==="
  timeout 600 "$@"
  record "compat: $name" $?
}

for suite_dir in compat-tests/*/; do
  suite="$(basename "$suite_dir")"
  [[ "$suite" == lib ]] && continue
  [[ -x "$suite_dir/run.sh" ]] || continue
  if [[ "$suite" == awscli ]]; then
    if [[ -x /usr/bin/aws ]]; then
      run_suite "awscli v2 (/usr/bin/aws)" "$suite_dir/run.sh" /usr/bin/aws
    else
      skip "compat: awscli v2" "/usr/bin/aws not found"
    fi
    if aws_v1="$(find_aws_v1)"; then
      run_suite "awscli v1 ($aws_v1)" "$suite_dir/run.sh" "$aws_v1"
    else
      skip "compat: awscli v1" "no aws CLI v1 found on PATH (only /usr/bin/aws, which is v2)"
    fi
  else
    run_suite "$suite" "$suite_dir/run.sh"
  fi
done

finish
