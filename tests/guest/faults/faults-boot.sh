#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot failures (one boot, see faults-boot): the host arms each fault over
# QMP, the guest reloads the 6.1 driver and checks its error message, a
# device that is not usable, and the recovery after clearing the fault.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/../bringup/bringup-common.sh"
# shellcheck source=tests/guest/faults/faults-host.sh
source "$here/faults-host.sh"
need_qemu

run_fault_guest faults-boot 6.1 --tests faults-boot --timeout 880 \
	--append no_timer_check

check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "guest test faults-boot passed"        log_has 'GOYA-GUEST: TEST-PASS faults-boot'
check "host served all requests ($served)"  [ "$served" -ge 16 ]
guest_checks 60
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
check "no WARNING/Call Trace in the log"    log_lacks 'WARNING:|Call Trace'

finish
