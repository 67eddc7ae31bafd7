#!/bin/sh
# Install the Debian 12 packages that rfplan's build, demo and tests need.
# Idempotent: quiet and quick when everything is already installed.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz|deb|all]   (default: test)
set -eu

set_name=${1:-test}

build_pkgs="build-essential pkg-config libgdal-dev libproj-dev libpng-dev libdeflate-dev libcsv-dev libjansson-dev libssl-dev libomp-dev"
test_pkgs="gdal-bin proj-bin python3-qgis parallel python3-yaml shellcheck"
# man-db/groff-base: the installed man pages render (test_install.sh); slurm-wlm,
# munge: the one-node Slurm cluster of test_slurm.sh.
test_pkgs="$test_pkgs man-db groff-base slurm-wlm munge"
bench_pkgs="splat time"
fuzz_pkgs="clang libclang-rt-14-dev valgrind"
# make deb: Debian's packaging tools (in the test set too: tests/cli/test_deb.sh
# builds the package).
deb_pkgs="debhelper devscripts lintian fakeroot dpkg-dev"

case "$set_name" in
  build) pkgs="$build_pkgs" ;;
  test)  pkgs="$build_pkgs $test_pkgs $deb_pkgs" ;;
  bench) pkgs="$build_pkgs $test_pkgs $deb_pkgs $bench_pkgs" ;;
  fuzz)  pkgs="$build_pkgs $fuzz_pkgs" ;;
  deb)   pkgs="$build_pkgs $deb_pkgs" ;;
  all)   pkgs="$build_pkgs $test_pkgs $bench_pkgs $fuzz_pkgs $deb_pkgs" ;;
  *) echo "install-deps.sh: unknown package set '$set_name' (build|test|bench|fuzz|deb|all)" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps.sh: missing packages:$missing, and no apt-get to install them (rfplan targets Debian 12)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps.sh: missing packages:$missing; run as root or install sudo" >&2; exit 1
  fi
fi
echo "install-deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
