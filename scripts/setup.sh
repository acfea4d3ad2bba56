#!/usr/bin/env bash
# Installs every Debian package tt-llc needs to build and test. Idempotent: does nothing
# when all of them are already installed. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config python3 git
  llvm-19-dev llvm-19-tools clang-19 libclang-19-dev libclang-cpp19-dev lld-19 liblld-19-dev
  libclang-rt-19-dev
  libunicorn-dev libfmt-dev libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang-format
  pybind11-dev python3-dev python3-numpy python3-pytest python3-torch
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
