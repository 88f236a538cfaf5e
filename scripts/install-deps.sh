#!/bin/sh
# Installs the Debian packages ftmpi needs to build and test, when they are
# missing.  As root it runs apt-get; otherwise it says what to install.
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh bench    also Open MPI and MPICH, for bench/
set -e
pkgs="build-essential cmake pkg-config libcmocka-dev iproute2 procps gdb bsdutils"
if [ "$1" = bench ]; then
  pkgs="$pkgs openmpi-bin libopenmpi-dev mpich libmpich-dev"
fi
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ftmpi: missing Debian packages:$missing" >&2
  echo "ftmpi: install them with: sudo apt-get install$missing" >&2
  exit 1
fi
echo "ftmpi: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
