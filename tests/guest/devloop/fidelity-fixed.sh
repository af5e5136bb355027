#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The fidelity programs (issue 9; docs/fidelity.md) on a fixed kernel:
# Debian's 6.12 or unstable's newest with driver/patches/, i.e. the accel
# driver.  One boot per kernel runs what sync-6.1, scale-dram, scale-more
# and protect-6.1 run on 6.1, with the same host-side checks per section
# of the serial log:
#   goya-sync-test  §17.1 pipeline over 4 queues, 8/64/512 threads,
#                   DMA <-> MME/TPC ping-pong (CBs in SRAM and DRAM)
#   scale-dram      all user DRAM, 448 malloc'ed buffers, killed holders
#   scale-more      16k CPU-CP queries + hwmon, huge pages, coresight
#   protect         register protection; last, since every blocked case
#                   ends in a hard reset on this driver (see goya-protect.c)
# Usage: fidelity-fixed.sh 6.12|newest (fidelity-fixed-6.12.sh, -newest.sh)
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu
# shellcheck source=tests/guest/sync/sync-checks.sh
source "$top/tests/guest/sync/sync-checks.sh"
# shellcheck source=tests/guest/scale/scale-checks.sh
source "$top/tests/guest/scale/scale-checks.sh"
# shellcheck source=tests/guest/protect/protect-checks.sh
source "$top/tests/guest/protect/protect-checks.sh"

kernel=${1:?usage: fidelity-fixed.sh KERNEL}
echo "# building habanalabs.ko: linux-source of --kernel $kernel + driver/patches"
ko=$(fixed_module "$kernel")
check "module built from linux-source ($kernel) + driver/patches" test -f "$ko"

build_root=${GOYA_BUILD_ROOT:-$top/build}
img=$(mktemp -d "${TMPDIR:-/tmp}/goya-fidelity-$kernel.XXXXXX")
trap 'rm -rf "$img"' EXIT
trace=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}/fidelity-fixed-$kernel.trace
mkdir -p "$(dirname "$trace")"
rm -f "$trace"
tests=goya-sync-test,scale-dram,scale-more,protect
run_guest "fidelity-fixed-$kernel" "$kernel" --image "$img" --module "$ko" \
	--firmware "$build_root/firmware-stub" --tools "$build_root/guest-tools" \
	--tests "$tests" --timeout 900 -m 3G --append goya.hugepages=32 \
	-- -trace 'goya_ub_protect_*' -D "$trace"

check "guest finished (GOYA-GUEST-EXIT)"      log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"            [ "$rc" = 0 ]
check "interface: accel"                      log_has '# driver interface accel, debugfs /sys/kernel/debug/accel/'
for t in ${tests//,/ }; do
	check "guest test $t passed"           log_has "GOYA-GUEST: TEST-PASS $t"
done
in_section goya-sync-test sync_checks
in_section scale-dram scale_dram_checks
in_section scale-more scale_more_checks
in_section protect protect_checks "$trace"
check "no process killed by a reset"          log_lacks 'Killing user process'
check "no failed or refused reset"            log_lacks 'habanalabs.*(Failed to reset|NOT usable|Failed to kill)'
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors
tr -d '\r' <"$log" | grep -E '^(ok|not ok|#|goya-[a-z-]+:) ' | sed 's/^/  /' || true
finish
