#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Malformed submissions, part 2: bad internal-queue (MME/TPC) jobs, which the
# driver does not parse at all: unknown opcodes, a self-referencing CP_DMA
# chain, protected WREGs, page faults, an unsatisfied fence.  Each
# device case must end in an error event and/or a CS timeout, a compute
# reset, and a device that works again with nothing outside the target
# buffers changed (asserted in the guest by goya-errors).
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

run_guest errors-int 6.1 --tests errors-int --timeout 300 \
	--modparams "timeout_locked=5"

check "guest finished (GOYA-GUEST-EXIT)"   log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"         [ "$rc" = 0 ]
check "goya-errors passed in the guest"    log_has 'GOYA-GUEST: TEST-PASS errors-int'
check "goya-errors ran all its checks"     log_lacks 'not ok - '
check "no hard reset happened"             log_lacks 'Going to reset device|Successfully finished resetting'
check "no Oops/BUG/panic/GPF in the log"   no_kernel_errors
finish
