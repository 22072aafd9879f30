#!/usr/bin/env bash
# Installs the Debian packages s3emu needs to build and run; with --test, also what the
# compat suites drive (boto3 and pytest for Debian's python3, s3cmd, rclone, Node.js); with
# --bench, what bench/run.sh measures with (wrk, nginx, iperf3, gnuplot, Node.js for s3rver).
# Idempotent: when every package is already installed it only checks and returns.
set -euo pipefail

packages=(
  cmake g++ ninja-build
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpugixml-dev libsqlite3-dev libssl-dev zlib1g-dev libmimalloc-dev
  libgtest-dev libgmock-dev
  awscli curl python3
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3-boto3 python3-pytest s3cmd rclone)
  # Any Node.js with npm will do (the machine image may ship its own build of it).
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi
if [[ "${1:-}" == "--bench" ]]; then
  # util-linux gives taskset and setpriv; nginx-light serves the static-file baseline; iperf3 the TCP one.
  packages+=(wrk nginx-light iperf3 gnuplot-nox util-linux openssl)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: not root and sudo is not available; install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
  --no-install-recommends "${missing[@]}"
