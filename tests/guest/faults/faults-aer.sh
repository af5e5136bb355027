#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Resets from the PCIe side (one boot, see faults-aer): a PCI reset under
# the 6.1 driver, a fatal AER error injected over QMP, and the way back by
# remove + rescan; the device behind a root port (the accel driver:
# faults-aer-6.12.sh, faults-aer-newest.sh).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/../bringup/bringup-common.sh"
# shellcheck source=tests/guest/faults/faults-host.sh
source "$here/faults-host.sh"
run_fault_test faults-aer 1 20 "${FAULT_TOPOLOGY[@]}"
