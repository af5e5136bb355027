#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bring-up (one boot, ~35 s): 20 s idle with the driver's heartbeat every
# 5 s; the device stays Operational and the heartbeat packets
# (CPUCP_PACKET_TEST, opcode 18) reach the device CPU (QEMU trace).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/guest/lib.sh
source "$here/../lib.sh"
# shellcheck source=tests/guest/bringup/bringup-common.sh
source "$here/bringup-common.sh"
need_qemu

trace=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}/bringup-idle.trace
mkdir -p "$(dirname "$trace")"
rm -f "$trace"
run_guest bringup-idle 6.1 --tests bringup-idle --timeout 300 \
	-- -trace goya_fw_pkt -D "$trace"

check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"          [ "$rc" = 0 ]
check "guest test bringup-idle passed"      log_has 'GOYA-GUEST: TEST-PASS bringup-idle'
guest_checks 7
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
# The trace has every CPU-CP packet of the boot; heartbeats are op 18.
# 20 s of idling at one every 5 s: about 4 (plus those sent before);
# ask for at least 3 so a slow TCG host does not make it flaky.
hb=$(grep -c 'packet op 18 ' "$trace" 2>/dev/null || true)
echo "heartbeat packets (CPUCP_PACKET_TEST) in the QEMU trace: ${hb:-0}"
check "at least 3 heartbeat packets reached the device CPU (${hb:-0})" \
	[ "${hb:-0}" -ge 3 ]
finish
