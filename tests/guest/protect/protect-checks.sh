# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Host-side checks of goya-protect in $log and of QEMU's trace of the
# blocked accesses (sourced after tests/guest/lib.sh by protect-6.1.sh and
# the fixed kernels' fidelity boot).  The guest side asserts the registers,
# events, timeouts and resets; the reset differs by driver (see
# goya-protect.c), so the callers check their own reset lines.
# Usage: protect_checks <trace file of -trace 'goya_ub_protect_*'>
protect_checks() {
	local trace=$1

	check "goya-protect ran all its checks"    log_lacks 'not ok - '
	check "goya-protect: 0 failed"             log_matches '^goya-protect: [0-9]+ passed, 0 failed'
	# QEMU side: each mechanism blocked something
	check "LBW range blocked the DMA channel"  grep -q 'blocked (1: 0 protection bit, 1 LBW range)' "$trace"
	check "a protection bit blocked the TPC"   grep -q 'blocked (0: 0 protection bit, 1 LBW range)' "$trace"
	check "LBW range 7 blocked DMA QMAN 0's MSG_LONG" \
		grep -q 'initiator 0 write 0xc4b144 <- 0x00c0ffee blocked (1: 0 protection bit, 1 LBW range)' "$trace"
	check "HBW range 1 blocked a write"        grep -q 'blocked by HBW range 1 (write 1)' "$trace"
	check "HBW range 1 blocked a read"         grep -q 'blocked by HBW range 1 (write 0)' "$trace"
	# Only the expected error lines: events, RAZWI lines, CS timeouts
	check "no unexpected habanalabs errors"    log_lacks 'habanalabs.*(MMU page fault|Illegal read from LBW)'
}
