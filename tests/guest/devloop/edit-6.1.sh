#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The edit-to-result loop on a changed driver: export Debian's 6.1 driver
# source, add a harmless log line at probe (in a copy), and run
# driver/dev-loop.sh on it.  The new line must show up in the guest's
# kernel log, in order, and the device must still reach Operational.
# Also: the build's refusals for trees that do not fit (no boot).
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

bm=$top/driver/kmod/build-module.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/goya-devloop-edit.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/linux
"$bm" --kernel 6.1 --export-src "$tree" >/dev/null
drv=$tree/drivers/misc/habanalabs/common/habanalabs_drv.c
check "exported Debian's driver source" test -f "$drv"

# The change: one dev_info() right after the "device found" line.
marker='goya-emu devloop: probe marker'
awk -v m="$marker" '
	{ print }
	/\(int\)pdev->vendor, \(int\)pdev->device, \(int\)pdev->revision\);/ && !done {
		print "\tdev_info(&pdev->dev, \"" m " (%s)\\n\", pci_name(pdev));"
		done = 1 }' "$drv" >"$drv.new"
mv "$drv.new" "$drv"
check "the change applied to the copy" grep -qF "$marker" "$drv"

# Refusals, each naming what was found.
out=$("$bm" --kernel 6.12 --src "$tree" 2>&1 || true)
echo "$out" | tail -n 1
check "6.12 + misc tree: layout mismatch named" \
	grep -q 'layout mismatch.*drivers/misc/habanalabs.*--kernel 6.12' <<<"$out"
mkdir -p "$work/empty/drivers/misc"
out=$("$bm" --kernel 6.1 --src "$work/empty" 2>&1 || true)
echo "$out" | tail -n 1
check "tree without the driver: refused, naming what was found" \
	grep -q 'has no habanalabs driver: found .*drivers/ has misc' <<<"$out"
out=$("$bm" --kernel 6.1 --src "$tree/drivers/misc/habanalabs" 2>&1 || true)
check "driver directory given instead of the tree: refused" \
	grep -q 'the habanalabs driver directory itself' <<<"$out"

logdir=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}
mkdir -p "$logdir"
log=$logdir/devloop-edit-6.1.log
rc=0
GOYA_BUILD=${GOYA_BUILD_ROOT:-$top/build} "$top/driver/dev-loop.sh" --src "$tree" \
	--tests smoke,devloop-iface --modparams "timeout_locked=30" \
	--out "$work/image" --log "$log" >"$work/summary.txt" 2>&1 || rc=$?
cat "$work/summary.txt"
check "dev-loop verdict PASS (exit $rc)"            test "$rc" = 0
check "summary has the verdict line" grep -q '^dev-loop: PASS' "$work/summary.txt"
check "module params reached insmod" log_has 'insmod habanalabs (timeout_locked=30)'
check "the new line is in the kernel log"           log_has "$marker (0000:"
check "... after 'device found'"                    log_order 'device found [1da3:0001]' "$marker"
check "... before 'Successfully added device'"      log_order "$marker" 'Successfully added device'
check "still Operational (sysfs status)" \
	log_has 'ok - sysfs /sys/class/habanalabs/hl0/status is Operational'
check "module was built from the edited tree (src- cache key)" \
	grep -q '^--- module: .*/src-[0-9a-f]*/habanalabs.ko' "$work/summary.txt"
check "no Oops/BUG/panic/GPF in the log"            no_kernel_errors
finish
