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
# shellcheck source=tests/guest/protect/protect-checks.sh
source "$(dirname "$(readlink -f "$0")")/protect-checks.sh"

trace=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}/protect-6.1.trace
mkdir -p "$(dirname "$trace")"
rm -f "$trace"
run_guest protect-6.1 6.1 --tests protect --timeout 300 \
	--modparams "timeout_locked=5" -- -trace 'goya_ub_protect_*' -D "$trace"

check "guest finished (GOYA-GUEST-EXIT)"   log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"         [ "$rc" = 0 ]
check "goya-protect passed in the guest"   log_has 'GOYA-GUEST: TEST-PASS protect'
protect_checks "$trace"
# 6.1 resets the engines only (compute reset, checked in the guest)
check "no hard reset"                      log_lacks 'hl0: (Going to reset device|Successfully finished resetting)'
check "no Oops/BUG/panic/GPF in the log"   no_kernel_errors
finish
