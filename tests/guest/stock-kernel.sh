#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's stock 6.12 kernel (bookworm-backports) and unstable's (--kernel
# newest: whatever linux-image-amd64 depends on today, e.g. 7.2), each with
# its own shipped habanalabs.ko, fail Goya's MMU init (dmmu.pgt_size is
# never set; driver/patches/0001).  Pin exactly that failure: the day
# Debian ships a fixed driver this test turns red and says so.
# Usage: stock-kernel.sh 6.12|newest (stock-6.12.sh, stock-newest.sh)
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
need_qemu
kernel=${1:?usage: stock-kernel.sh KERNEL}

run_guest "stock-$kernel" "$kernel" --tests smoke
conf=${GOYA_GUEST_DIR:-$top/build/guest}/$kernel/image.conf
kpkg=$(sed -n 's/^kernel_package=//p' "$conf" 2>/dev/null || true)
kver=$(sed -n 's/^kernel_version=//p' "$conf" 2>/dev/null || true)
echo "# kernel: ${kpkg:-?} ${kver:-?} (--kernel $kernel)"

gen_pool='Failed to add memory to page gen pool'
mmu_sw='Failed to initialize MMU S/W structures'
check "guest reached /init"                 log_has 'GOYA-GUEST: init started'
check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "driver: device found [1da3:0001]"    log_has 'device found [1da3:0001]'
if log_has 'Successfully added device' && log_lacks "$gen_pool"; then
	fail "FIXED UPSTREAM? ${kpkg:-the $kernel kernel} ${kver:-} probes Goya without '$gen_pool': Debian now ships a working habanalabs driver. Check whether driver/patches/ is still needed and turn this test into a passing one"
fi
check "driver: '$gen_pool'"                 log_has "$gen_pool"
check "driver: '$mmu_sw'"                   log_has "$mmu_sw"
check "the gen pool error comes first"      log_order "$gen_pool" "$mmu_sw"
check "the device is reported NOT usable"   log_has 'is NOT usable'
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
finish
