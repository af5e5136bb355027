#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Malformed submissions, part 1: what the driver's CS parser refuses, and
# bad external-queue (DMA) jobs that reach the device (page faults, also
# for MSG_LONG aimed at the device's own BARs: a user's MSG_LONG is
# translated by the MMU; an unsatisfied fence).  Each
# device case must end in an error event and/or a CS timeout, a compute
# reset, and a device that works again with nothing outside the target
# buffers changed (asserted in the guest by goya-errors).
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

trace=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}/errors-parser-ext.trace
mkdir -p "$(dirname "$trace")"
rm -f "$trace"
run_guest errors-parser-ext 6.1 --tests errors-parser-ext --timeout 300 \
	--modparams "timeout_locked=5" \
	-- -trace goya_ub_dma_own_bar -trace goya_ub_mmu_unmapped -D "$trace"

check "guest finished (GOYA-GUEST-EXIT)"   log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"         [ "$rc" = 0 ]
check "goya-errors passed in the guest"    log_has 'GOYA-GUEST: TEST-PASS errors-parser-ext'
check "goya-errors ran all its checks"     log_lacks 'not ok - '
# QEMU side: DMA QMAN 1's MSG_LONGs at HOST_PHYS_BASE + BAR0/BAR4 were
# translated (non-secure, docs/fidelity.md) and faulted; nothing reached a BAR
check "QEMU: MSG_LONGs at the BARs faulted in the MMU" \
	grep -Eq 'initiator 1 asid [0-9]+ va 0x80[0-9a-f]{8} not mapped' "$trace"
check "QEMU: no DMA reached its own BARs"  sh -c "! grep -q 'into own BAR' '$trace'"
check "no hard reset happened"             log_lacks 'Going to reset device|Successfully finished resetting'
check "no Oops/BUG/panic/GPF in the log"   no_kernel_errors
finish
