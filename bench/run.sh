#!/usr/bin/env bash
# bench/run.sh [--quick|--full]: s3emu side by side with s3rver, moto and this machine's
# limits (nginx, openssl speed, iperf3, disk), in one run; prints one table with ratios and
# writes bench/results/<date>-<mode>/ (results.md, results.csv, results.json, meta.json).
# bench/report.sh then turns a results dir into docs/benchmarks.md and docs/benchmarks.png.
#
# --quick (default) takes under 3 minutes; --full (1 GiB objects, 5 GiB RSS run, 1M-key LIST,
# 10 s per wrk run) takes much longer and is for docs/benchmarks.md on a quiet machine.
#
# Environment:
#   S3EMU_BUILD_DIR   use s3emu and s3emu_bench_populate from this CMake build dir (built or
#                     brought up to date here); default: build/ through scripts/build.sh
#   S3EMU_BENCH_RESULTS   results dir (default bench/results/<date>-<mode>)
#   S3EMU_BENCH_SKIP_DEPS=1   do not run scripts/install-deps.sh --bench
#   S3EMU_BENCH_SECONDS   seconds per wrk run instead of the mode's (1 quick, 10 full)
#   TMPDIR            where the temp data dirs go (they are removed at the end)
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"

mode=quick
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $arg (use --quick or --full)" >&2; exit 2 ;;
  esac
done

say() { echo "bench: $*" >&2; }
t0=$SECONDS

if [[ "${S3EMU_BENCH_SKIP_DEPS:-}" != 1 ]]; then
  "$root/scripts/install-deps.sh" --bench
fi

# Build: the lead's build/ through scripts/build.sh, or the given build dir.
if [[ -n "${S3EMU_BUILD_DIR:-}" ]]; then
  build="$S3EMU_BUILD_DIR"
  if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$build" --target s3emu s3emu_bench_populate >/dev/null
else
  build="$root/build"
  "$root/scripts/build.sh" >/dev/null
fi
for bin in "$build/s3emu" "$build/bench/s3emu_bench_populate"; do
  [[ -x "$bin" ]] || { say "missing $bin after the build"; exit 1; }
done

# s3rver, pinned by bench/package-lock.json, into bench/node_modules (npm ci when missing or
# when the installed version is not the locked one).
if ! (cd "$bench" && node -e '
  const lock = require("./package-lock.json").packages["node_modules/s3rver"].version;
  process.exit(require("./node_modules/s3rver/package.json").version === lock ? 0 : 1);' 2>/dev/null); then
  (cd "$bench" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# moto_server of the PATH python3 (the one with boto3): its script, not a pyenv shim, so
# that start-up time is moto's own.
python=python3
moto_server="$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/moto_server"
if [[ ! -x "$moto_server" ]]; then
  moto_server="$(command -v moto_server || true)"
fi
[[ -n "$moto_server" ]] || { say "moto_server not found (pip install 'moto[server]' for $python)"; exit 1; }

results="${S3EMU_BENCH_RESULTS:-$bench/results/$(date -u +%Y%m%d-%H%M%S)-$mode}"
say "prepared in $((SECONDS - t0)) s"
command_line="bench/run.sh --$mode"
[[ -n "${S3EMU_BENCH_SECONDS:-}" ]] && command_line="S3EMU_BENCH_SECONDS=$S3EMU_BENCH_SECONDS $command_line"
# bench.py stops its servers on INT/TERM/HUP; it runs in the background here so that a TERM
# or HUP sent to this script reaches it at once (bash would act on it only after a foreground
# child exits), and this script waits for its cleanup.
"$python" "$bench/bench.py" --mode "$mode" --s3emu "$build/s3emu" \
  --populate "$build/bench/s3emu_bench_populate" --moto-server "$moto_server" \
  --results "$results" --command "$command_line" \
  ${S3EMU_BENCH_SECONDS:+--small-seconds "$S3EMU_BENCH_SECONDS"} &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM HUP
trap 'kill -INT "$child" 2>/dev/null' INT
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do wait "$child" || status=$?; done
trap - TERM HUP INT
if ((status != 0)); then
  say "bench.py failed or was interrupted (status $status)"
  exit "$status"
fi
if [[ "$(dirname "$results")" == "$bench/results" ]]; then
  ln -sfn "$(basename "$results")" "$bench/results/latest"
fi
say "total $((SECONDS - t0)) s; docs: bench/report.sh $results"
