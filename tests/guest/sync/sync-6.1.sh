#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The sync manager through the real 6.1 driver, in one guest boot:
# goya-sync-test (tests/guest/sync/goya-sync-test.c) runs the contract
# §17.1 pipeline over four DMA queues, 8/64/512 threads of one process
# handing copies over through SOBs and monitors, and DMA <-> MME/TPC
# ping-pongs with engine CBs in SRAM (via CP_DMA) and DRAM; data compared
# byte for byte in the guest.  Here: its results and the kernel log.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

# shellcheck source=tests/guest/sync/sync-checks.sh
source "$(dirname "$(readlink -f "$0")")/sync-checks.sh"

run_guest sync-6.1 6.1 --tests goya-sync-test --timeout 600 -m 3G

check "guest finished (GOYA-GUEST-EXIT)"      log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"            [ "$rc" = 0 ]
sync_checks
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors
echo "--- goya-sync-test results"
tr -d '\r' <"$log" | grep -E '^(ok|not ok|#|goya-sync-test) ' | sed 's/^/  /' || true
finish
