#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Soak and storms (docs/reliability.md): random verified command
# submissions, sysfs hard resets in a row, SIGKILLs with CSs in flight,
# rmmod while the device is open.  CI counts are small; with
# GOYA_RELIABILITY_FULL=1 meson test -C build reliability-storm, the counts
# 10,000 submissions, 50 resets, 20 kills.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

if [ "${GOYA_RELIABILITY_FULL:-0}" = 1 ]; then
	soak=10000 resets=50 kills=20 timeout=5400
else
	soak=${GOYA_SOAK:-300} resets=${GOYA_RESETS:-3} kills=${GOYA_KILLS:-3} timeout=900
fi
run_guest reliability-storm 6.1 --tests reliability-storm \
	--append "no_timer_check goya.rel_soak=$soak goya.rel_resets=$resets goya.rel_kills=$kills" \
	--timeout "$timeout" -m 3G

check "guest finished (GOYA-GUEST-EXIT)"   log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"         [ "$rc" = 0 ]
check "no 'not ok' lines"                  log_lacks '^(BRINGUP: )?not ok'
check "soak: $soak submissions, 0 mismatches, 0 errors" \
	log_has "GOYA-RELIABILITY: soak $soak submissions, 0 mismatches, 0 errors"
check "reset storm: every reset followed by a verified DMA" \
	log_has "GOYA-RELIABILITY: reset storm $resets hard resets, $resets followed"
check "kill storm: Operational and DRAM back after every kill" \
	log_has "GOYA-RELIABILITY: kill storm $kills kills, $kills Operational, $kills DRAM back to start"
check "rmmod with the device open fails cleanly" log_has 'ok - rmmod with'
check "no Oops/BUG/panic/GPF in the log"   no_kernel_errors
echo "--- figures"
tr -d '\r' <"$log" | grep -E '^(GOYA-RELIABILITY|BRINGUP: figure|# soak|#   )' | sed 's/^/  /' || true
finish
