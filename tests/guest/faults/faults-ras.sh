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
run_fault_test faults-ras 20 40 "${FAULT_TOPOLOGY[@]}"
