# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Host-side checks of goya-scale's results in $log (sourced after
# tests/guest/lib.sh by scale-dram.sh, scale-more.sh and the fixed
# kernels' fidelity boot).

# goya-scale dram kill
scale_dram_checks() {
	check "goya-scale: 0 failed"                  log_has 'goya-scale: 16 passed, 0 failed'
	check "no failed check in the guest"          log_lacks '^not ok'
	check "224 zones byte exact"                  log_has 'x 2 MiB byte exact through all 224 zones (0 differ)'
	check "DRAM back after SIGKILL"               log_has 'free after the Killed'
	check "DRAM back after SIGSEGV"               log_has 'free after the Segmentation fault'
	check "no H/W errors, RAZWI, MMU faults"      log_lacks 'habanalabs.*(Received H/W interrupt|RAZWI|page fault)'
	check "no CS timeouts or resets"              log_lacks 'habanalabs.*(has not finished|timed out|Going to reset|hard reset)'
}

# goya-scale cpucp huge debug
scale_more_checks() {
	check "goya-scale: 0 failed"                  log_has 'goya-scale: 12 passed, 0 failed'
	check "no failed check in the guest"          log_lacks '^not ok'
	check "16384 CPU-CP queries answered"         log_has '16384 consecutive CPU-CP queries'
	check "huge pages byte exact"                 log_has 'huge pages host -> DRAM -> host byte exact'
	check "no coresight timeouts in the log"      log_lacks 'Timeout while waiting for coresight|Failed to (enable|disable) (ETF|ETR|STM)|halt (ETF|ETR) failed'
	check "no CPU-CP packet timeouts"             log_lacks 'Device CPU packet timeout|failed to get'
	check "no CS timeouts or resets"              log_lacks 'habanalabs.*(has not finished|timed out|Going to reset|hard reset)'
}
