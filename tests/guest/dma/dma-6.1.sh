#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Command submission through the real 6.1 driver, in one guest boot:
# goya-dma-test (tests/guest/dma/goya-dma-test.c) copies every DMA direction
# the driver allows with sizes 1 B..256 MiB, memsets, keeps all five DMA
# queues busy, chains queues through the sync manager and runs CBs on the
# internal MME/TPC queues; every result is compared byte for byte in the
# guest.  Here: its TAP lines, its summary and the kernel log.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

# tap_ok <fixed string>: an "ok N - ..." line of goya-dma-test contains it
tap_ok() { tr -d '\r' <"$log" | grep -E '^ok [0-9]+ - ' | grep -F -- "$1" >/dev/null; }

run_guest dma-6.1 6.1 --tests goya-dma-test --timeout 300 -m 3G

check "guest finished (GOYA-GUEST-EXIT)"      log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"            [ "$rc" = 0 ]
check "goya-dma-test ran to its summary"      log_has 'goya-dma-test: '
check "goya-dma-test: 0 failed"               log_has ' passed, 0 failed'
check "no 'not ok' lines"                     log_lacks '^not ok'
check "1 B round trip passed"                 tap_ok 'host->DRAM->host 1 B '
check "256 MiB round trip passed"             tap_ok 'host->DRAM->host 268435456 B'
check "SRAM chain (all device directions)"    tap_ok 'host->SRAM->DRAM->DRAM->SRAM->host 1 B'
check "memset into host memory"               tap_ok 'memset host'
check "host source refused on queue 0"        tap_ok 'rejected with -EFAULT on queue 0'
check "5 CSs in flight on queues 0-4"         tap_ok '5 CSs in flight on queues 0-4'
check "SOB wait keeps a CS busy"              tap_ok 'stays busy while SOB'
check "write completion releases a fence"     tap_ok 'released by the DMA write completion'
check "cross-queue sync chain passed"         tap_ok 'chained by SOBs'
check "internal queues (MME+TPC) passed"      tap_ok 'internal queues MME+TPC0-7'
check "CP_DMA to the MME CMDQ passed"         tap_ok 'via CP_DMA to the CMDQ'
check "no H/W error events, RAZWI, MMU faults" log_lacks 'habanalabs.*(Received H/W interrupt|RAZWI|page fault|MMU)'
check "no CS timeouts or resets"              log_lacks 'habanalabs.*(has not finished|timed out|Going to reset|hard reset)'
check "parser rejections: only the expected"  [ "$(tr -d '\r' <"$log" | grep -c 'Failed to parse JOB')" = 4 ]
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors
echo "--- goya-dma-test results"
tr -d '\r' <"$log" | grep -E '^(ok|not ok|#) ' | sed 's/^/  /' || true
finish
