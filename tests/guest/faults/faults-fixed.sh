#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# faults-ras on a newer kernel: Debian's linux-source of that kernel with
# driver/patches/ (as tests/guest/devloop/fixed-kernel.sh), the accel
# driver.  Usage: faults-ras-fixed.sh 6.12|newest
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/../bringup/bringup-common.sh"
# shellcheck source=tests/guest/faults/faults-host.sh
source "$here/faults-host.sh"

kernel=${1:?usage: faults-ras-fixed.sh 6.12|newest}
bm=(--kernel "$kernel")
for p in "$top"/driver/patches/*.patch; do bm+=(--patch "$p"); done
ko=$("$top/driver/kmod/build-module.sh" "${bm[@]}" | tail -n 1)
build_root=${GOYA_BUILD_ROOT:-$top/build}
img=$(mktemp -d "${TMPDIR:-/tmp}/goya-faults-$kernel.XXXXXX")
trap 'rm -rf "$img"' EXIT
FAULT_KERNEL=$kernel run_fault_test faults-ras 20 40 --image "$img" \
	--module "$ko" --firmware "$build_root/firmware-stub" \
	--tools "$build_root/guest-tools" "${FAULT_TOPOLOGY[@]}"
