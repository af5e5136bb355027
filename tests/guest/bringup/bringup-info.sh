#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bring-up (one boot): the unmodified 6.1 habanalabs driver takes the
# emulated Goya to Operational: clean kernel log, /dev/hl0 and
# /dev/hl_controlD0, every sysfs attribute, hwmon sensors plausible and
# moving, hl-info --json consistent with sysfs (PCI and hwmon found).
# Prints the insmod -> Operational time.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/bringup-common.sh"
need_qemu

run_guest bringup-info 6.1 --tests bringup-info --timeout 200

check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "guest test bringup-info passed"      log_has 'GOYA-GUEST: TEST-PASS bringup-info'
guest_checks 60
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
print_figures
finish
