#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Malformed submissions, part 1: what the driver's CS parser refuses, and
# bad external-queue (DMA) jobs that reach the device (page faults, RAZWI
# on MSG_LONG into the device's own BARs, an unsatisfied fence).  Each
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
	--modparams "timeout_locked=5" -- -trace goya_ub_dma_own_bar -D "$trace"

check "guest finished (GOYA-GUEST-EXIT)"   log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"         [ "$rc" = 0 ]
check "goya-errors passed in the guest"    log_has 'GOYA-GUEST: TEST-PASS errors-parser-ext'
check "goya-errors ran all its checks"     log_lacks 'not ok - '
# QEMU side: the MSG_LONGs into BAR0 and BAR4 were refused as own-BAR DMA
check "QEMU refused the DMA into its own BAR0" grep -q 'into own BAR0' "$trace"
check "QEMU refused the DMA into its own BAR4" grep -q 'into own BAR4' "$trace"
check "no hard reset happened"             log_lacks 'Going to reset device|Successfully finished resetting'
check "no Oops/BUG/panic/GPF in the log"   no_kernel_errors
finish
