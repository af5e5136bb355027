#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel matrix: Debian's linux-source-X.Y of the kernel (6.12, or newest:
# Debian unstable's) with driver/patches/ (the Goya dmmu.pgt_size fix and
# FOP_UNSIGNED_OFFSET on the accel fops), applied to a copy by
# build-module.sh, against that stock kernel.  The device must reach
# Operational and the interface-neutral guest tests must pass through the
# accel interface (/dev/accel/accel0, DRM ioctls, sysfs on the PCI device).
# tests/guest/stock-<kernel>.sh pins the unpatched failure.
# Usage: fixed-kernel.sh 6.12|newest (fixed-6.12.sh, fixed-newest.sh)
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

kernel=${1:?usage: fixed-kernel.sh KERNEL}
patches=("$top"/driver/patches/*.patch)
echo "# building habanalabs.ko: linux-source of --kernel $kernel + ${#patches[@]} patch(es)"
ko=$(fixed_module "$kernel")
check "module built from linux-source ($kernel) + driver/patches" test -f "$ko"
check "module is the accel driver (depends on drm)" \
	sh -c "modinfo -F depends '$ko' | grep -qw drm"

build_root=${GOYA_BUILD_ROOT:-$top/build}
img=$(mktemp -d "${TMPDIR:-/tmp}/goya-fixed-$kernel.XXXXXX")
trap 'rm -rf "$img"' EXIT
# Interface-neutral tests only (bringup-info reads the attributes where the
# driver generation puts them; mmu-vm is the MMU suite without faults):
# error-injection tests (errors-*, the fault
# part of mmu) are 6.1-specific, >= 6.12 kills the process holding the device
# when a CS times out (hl_device_cond_reset() makes it a hard reset unless
# the process registered an eventfd; goya-protect does, see
# fidelity-fixed.sh).
# bringup-reset before the suites whose rejected submissions log errors
tests=smoke,devloop-iface,bringup-lib,bringup-info,bringup-reset,goya-dma-test,mmu-vm,hl-bench-quick
run_guest "fixed-$kernel" "$kernel" --image "$img" --module "$ko" \
	--firmware "$build_root/firmware-stub" --tools "$build_root/guest-tools" \
	--tests "$tests" --timeout 300

check "guest finished with status 0"          test "$rc" = 0
check "driver: device found [1da3:0001]"      log_has 'device found [1da3:0001]'
check "driver: Successfully added device"     log_has 'Successfully added device'
check "no 'Failed to add memory to page gen pool'" log_lacks 'Failed to add memory to page gen pool'
check "no 'Failed to initialize MMU S/W structures'" log_lacks 'Failed to initialize MMU S/W structures'
check "DRM accel device registered"           log_has '[drm] Initialized habanalabs'
check "interface seen by the guest: accel"    log_has '# interface: accel'
check "sysfs status Operational on the PCI device" \
	log_has 'ok - sysfs /sys/class/accel/accel0/device/status is Operational'
for t in ${tests//,/ }; do
	check "guest test $t passed"           log_has "GOYA-GUEST: TEST-PASS $t"
done
check "no drm_open_helper WARNING (FOP_UNSIGNED_OFFSET)" log_lacks 'drm_open_helper'
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors

# Two devices in one guest, on the accel driver too.
run_guest "fixed-$kernel-multi" "$kernel" --image "$img" --module "$ko" \
	--firmware "$build_root/firmware-stub" --tools "$build_root/guest-tools" \
	--tests bringup-multi --devices 2 --timeout 200
check "two devices: guest finished with status 0" test "$rc" = 0
check "two devices: bringup-multi passed"      log_has 'GOYA-GUEST: TEST-PASS bringup-multi'
check "two devices: no Oops/BUG/panic/GPF"     no_kernel_errors
finish
