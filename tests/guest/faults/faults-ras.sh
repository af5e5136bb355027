#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection at run time (one boot, see faults-ras): the host injects
# over QMP while the guest's 6.1 driver runs; the guest checks the driver's
# reaction and recovery.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/../bringup/bringup-common.sh"
# shellcheck source=tests/guest/faults/faults-host.sh
source "$here/faults-host.sh"
need_qemu

run_fault_guest faults-ras 6.1 --tests faults-ras --timeout 880 \
	--append no_timer_check "${FAULT_TOPOLOGY[@]}"

check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "guest test faults-ras passed"        log_has 'GOYA-GUEST: TEST-PASS faults-ras'
check "host served all requests ($served)"  [ "$served" -ge 20 ]
guest_checks 40
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
finish
