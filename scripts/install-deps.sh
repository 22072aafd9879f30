#!/usr/bin/env bash
# Installs the Debian packages s3emu needs to build, test and run.
# Idempotent: when every package is already installed it only checks and returns.
set -euo pipefail

packages=(
  cmake g++ ninja-build
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpugixml-dev libsqlite3-dev libssl-dev
  libgtest-dev libgmock-dev
  awscli curl python3
)

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
