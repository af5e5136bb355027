#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bring-up (one boot, two -device goya): both Operational, distinct
# serial numbers, PCI addresses and hwmon devices.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/bringup-common.sh"
need_qemu

run_guest bringup-multi 6.1 --tests bringup-multi --devices 2 --timeout 200

check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "guest test bringup-multi passed"     log_has 'GOYA-GUEST: TEST-PASS bringup-multi'
guest_checks 20
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
finish
