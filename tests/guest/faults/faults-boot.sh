#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot failures (one boot, see faults-boot): the host arms each fault over
# QMP, the guest reloads the 6.1 driver and checks its error message, a
# device that is not usable, and the recovery after clearing the fault
# (the accel driver: faults-boot-6.12.sh, faults-boot-newest.sh).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/../bringup/bringup-common.sh"
# shellcheck source=tests/guest/faults/faults-host.sh
source "$here/faults-host.sh"
run_fault_test faults-boot 20 80
