#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The unmodified 6.1 habanalabs driver (built by driver/kmod) binds to the
# emulated Goya: PCI ID seen by the guest and the driver, no kernel errors.
# The full bring-up checks are in tests/guest/bringup/; this is the quick
# one: the driver probes, loads the firmware and adds the device.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
need_qemu

run_guest smoke-6.1 6.1 --tests smoke

check "guest reached /init"                 log_has 'GOYA-GUEST: init started'
check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "log mentions habanalabs"             log_has 'habanalabs'
check "driver: device found [1da3:0001]"    log_has 'device found [1da3:0001]'
check "guest lspci -nn shows 1da3:0001"     lspci_has '1da3:0001'
check "firmware loaded"                     log_has 'Successfully loaded firmware to device'
check "driver: Successfully added device"   log_has 'Successfully added device'
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
finish
