#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Register protection (contract 17.2): user and internal CBs whose writes
# silicon blocks (DMA macro range registers, protection bits) end in an
# error event, a CS timeout and a compute reset, with the target register
# unchanged; writes nothing protects still work (asserted in the guest by
# goya-protect).  On the QEMU side every blocked access is traced.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

trace=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}/protect-6.1.trace
mkdir -p "$(dirname "$trace")"
rm -f "$trace"
run_guest protect-6.1 6.1 --tests protect --timeout 300 \
	--modparams "timeout_locked=5" -- -trace 'goya_ub_protect_*' -D "$trace"

check "guest finished (GOYA-GUEST-EXIT)"   log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"         [ "$rc" = 0 ]
check "goya-protect passed in the guest"   log_has 'GOYA-GUEST: TEST-PASS protect'
check "goya-protect ran all its checks"    log_lacks 'not ok - '
# QEMU side: each mechanism blocked something
check "LBW range blocked the DMA channel"  grep -q 'blocked (1: 0 protection bit, 1 LBW range)' "$trace"
check "a protection bit blocked the TPC"   grep -q 'blocked (0: 0 protection bit, 1 LBW range)' "$trace"
check "HBW range 1 blocked a write"        grep -q 'blocked by HBW range 1 (write 1)' "$trace"
check "HBW range 1 blocked a read"         grep -q 'blocked by HBW range 1 (write 0)' "$trace"
# Only the expected error lines: events, RAZWI lines, CS timeouts
check "no unexpected habanalabs errors"    log_lacks 'hl0: (MMU page fault|Illegal read from LBW)|Going to reset device|Successfully finished resetting'
check "no Oops/BUG/panic/GPF in the log"   no_kernel_errors
finish
