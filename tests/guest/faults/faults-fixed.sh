#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A fault test on a newer kernel: Debian's linux-source of that kernel with
# driver/patches/ (as tests/guest/devloop/fixed-kernel.sh), the accel
# driver.  Usage: faults-fixed.sh ras|boot|aer 6.12|newest
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/../bringup/bringup-common.sh"
# shellcheck source=tests/guest/faults/faults-host.sh
source "$here/faults-host.sh"

usage='usage: faults-fixed.sh ras|boot|aer 6.12|newest'
test=faults-${1:?$usage}
kernel=${2:?$usage}
# minimum requests and guest checks, runner arguments: as faults-<test>.sh
case $test in
faults-ras) want=(20 40) topo=("${FAULT_TOPOLOGY[@]}") ;;
faults-boot) want=(20 80) topo=() ;;
faults-aer) want=(1 20) topo=("${FAULT_TOPOLOGY[@]}") ;;
*) echo "$usage" >&2; exit 2 ;;
esac
bm=(--kernel "$kernel")
for p in "$top"/driver/patches/*.patch; do bm+=(--patch "$p"); done
ko=$("$top/driver/kmod/build-module.sh" "${bm[@]}" | tail -n 1)
build_root=${GOYA_BUILD_ROOT:-$top/build}
img=$(mktemp -d "${TMPDIR:-/tmp}/goya-$test-$kernel.XXXXXX")
trap 'rm -rf "$img"' EXIT
FAULT_KERNEL=$kernel run_fault_test "$test" "${want[@]}" --image "$img" \
	--module "$ko" --firmware "$build_root/firmware-stub" \
	--tools "$build_root/guest-tools" ${topo[@]+"${topo[@]}"}
