# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Host-side checks of goya-sync-test's results in $log (sourced after
# tests/guest/lib.sh by sync-6.1.sh and the fixed kernels' fidelity boot).
sync_checks() {
	check "goya-sync-test: 0 failed"              log_has 'goya-sync-test: 10 passed, 0 failed'
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
}
