#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Device MMU and device memory through the real 6.1 driver, in one boot:
# userptr buffers of many sizes/alignments as DMA source and destination,
# device-memory alloc/map/unmap/free cycles, all user DRAM allocated and
# every 2 MiB page touched, page faults reported and recovered from, stale
# mappings after unmap unreachable, no negative caching (goya-mmu in the
# guest asserts all of it byte for byte).
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

run_guest mmu 6.1 --tests mmu --timeout 300 --modparams "timeout_locked=5"

check "guest finished (GOYA-GUEST-EXIT)"     log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"           [ "$rc" = 0 ]
check "goya-mmu passed in the guest"         log_has 'GOYA-GUEST: TEST-PASS mmu'
check "no failed check in the guest"         log_lacks 'not ok - '
check "driver reported the page faults"      log_has 'MMU page fault on va 0x2100000003000'
check "no hard reset happened"               log_lacks 'Going to reset device|Successfully finished resetting'
check "no Oops/BUG/panic/GPF in the log"     no_kernel_errors
# figures (not asserted)
tr -d '\r' <"$log" | grep -F '# figure' || true
finish
