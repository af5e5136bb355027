#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bring-up (one boot): rmmod/insmod twice, a sysfs hard reset and a sysfs
# soft reset, each back to Operational with a clean kernel log and a
# verified DMA after the resets.  Prints the reload/reset times.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/bringup-common.sh"
need_qemu

run_guest bringup-reset 6.1 --tests bringup-reset --timeout 300

check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "guest test bringup-reset passed"     log_has 'GOYA-GUEST: TEST-PASS bringup-reset'
guest_checks 30
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
print_figures
finish
