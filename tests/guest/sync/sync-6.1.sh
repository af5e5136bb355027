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

# res_ok <fixed string>: an "ok - ..." line of goya-sync-test contains it
# (grep >/dev/null, not grep -q: see log_has in lib.sh)
res_ok() { tr -d '\r' <"$log" | grep -E '^ok - ' | grep -F -- "$1" >/dev/null; }

run_guest sync-6.1 6.1 --tests goya-sync-test --timeout 600 -m 3G

check "guest finished (GOYA-GUEST-EXIT)"      log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"            [ "$rc" = 0 ]
check "goya-sync-test: 0 failed"              log_has ' passed, 0 failed'
check "no 'not ok' lines"                     log_lacks '^not ok'
check "pipeline as one CS"                    res_ok 'pipeline (one CS)'
check "pipeline as 4 CSs, waiters first"      res_ok 'pipeline (4 CSs, waiters first)'
check "waiters stay busy until the source"    res_ok 'stay busy until queue 1'
check "8 threads"                             res_ok '8 threads x'
check "64 threads"                            res_ok '64 threads x'
check "512 threads"                           res_ok '512 threads x'
check "ping-pong MME, CB in SRAM (CP_DMA)"    res_ok 'MME -> DMA q3, SRAM CB'
check "ping-pong MME, CB in DRAM"             res_ok 'MME -> DMA q3, DRAM CB'
check "ping-pong TPC2, CB in SRAM (CP_DMA)"   res_ok 'TPC2 -> DMA q3, SRAM CB'
check "ping-pong TPC2, CB in DRAM"            res_ok 'TPC2 -> DMA q3, DRAM CB'
check "no habanalabs errors or warnings"      log_lacks 'habanalabs.*([Ee]rror|[Ff]ail|[Ww]arn|RAZWI|page fault|timed out|has not finished|reset|Received H/W interrupt)'
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors
echo "--- goya-sync-test results"
tr -d '\r' <"$log" | grep -E '^(ok|not ok|#|goya-sync-test) ' | sed 's/^/  /' || true
finish
