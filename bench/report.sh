#!/usr/bin/env bash
# bench/report.sh [RESULTS_DIR]: (re)generates docs/benchmarks.md and docs/benchmarks.png from a
# bench/run.sh results dir (default: bench/results/latest, the last run). Needs python3 and
# gnuplot (scripts/install-deps.sh --bench). The page's text about the misses comes from
# bench/analysis.md; everything else from the results files.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
results="${1:-$bench/results/latest}"
[[ -f "$results/results.json" ]] || { echo "bench/report.sh: no results.json in $results" >&2; exit 1; }
command -v gnuplot >/dev/null || "$bench/../scripts/install-deps.sh" --bench
exec python3 "$bench/report.py" "$(cd "$results" && pwd)" --docs "$bench/../docs"
