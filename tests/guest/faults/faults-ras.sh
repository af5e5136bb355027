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
# timeout_locked=5 (the driver's own parameter, 30 s by default): the CS
# stuck behind the QMAN error times out after 5 s instead of 30.
run_fault_test faults-ras 20 40 --modparams "timeout_locked=5" \
	"${FAULT_TOPOLOGY[@]}"
