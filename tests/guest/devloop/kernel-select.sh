#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel selection on the host, no guest: every --kernel resolves from
# Debian's package lists; bad input gets one clear message and a non-zero
# exit; and the project's kernel commands leave the host's kernel packages,
# /boot and /lib/modules exactly as they were (headers, images and source
# are downloaded and unpacked into the cache, never installed).
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
bm=$top/driver/kmod/build-module.sh
bi=$top/images/build-image.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/goya-kernel-select.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

host_kernel_state() {
	# (dpkg-query fails for a pattern no package matches)
	{ dpkg-query -W -f='${Package} ${Status} ${Version}\n' 'linux-image*' 'linux-headers*' \
		'linux-source*' 'linux-binary*' 'linux-modules*' 'linux-kbuild*' 2>/dev/null || true; } | sort
	ls -la --time-style=+%s /boot 2>/dev/null || true
	ls -1 /lib/modules 2>/dev/null || true
}
host_kernel_state >"$tmp/before"

# Versions resolved from the package lists of each suite.
for k in 6.1 6.12 newest; do
	out=$("$bm" --kernel "$k" --print-kver 2>"$tmp/err") || out=
	echo "# --kernel $k: ${out:-$(cat "$tmp/err")}"
	check "--kernel $k resolves to '<release> <debian version>'" \
		test "$(echo "$out" | wc -w)" = 2
done
check "--kernel 6.1 is a 6.1 kernel"   sh -c "'$bm' --kernel 6.1 --print-kver 2>/dev/null | grep -q '^6\.1\.'"
check "--kernel 6.12 is a 6.12 kernel" sh -c "'$bm' --kernel 6.12 --print-kver 2>/dev/null | grep -q '^6\.12\.'"

# Bad input: one message naming what was wrong, non-zero exit.
expect_error() {
	# expect_error <description> <message regex> <command...>
	local what=$1 re=$2 rc=0
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" != 0 ] && grep -Eq -- "$re" "$tmp/err"; then
		pass "$what (exit $rc: $(grep -E -- "$re" "$tmp/err" | head -n1))"
	else
		fail "$what: exit $rc, stderr: $(cat "$tmp/err")"
	fi
}
expect_error "build-module.sh --kernel 7.99 is refused" "unknown --kernel '7.99'.*newest" \
	"$bm" --kernel 7.99 --print-kver
expect_error "build-image.sh --kernel bogus is refused" "unknown --kernel 'bogus'" \
	"$bi" --kernel bogus --firmware "$tmp"
expect_error "run-guest.sh --kernel bogus is refused" "unknown --kernel 'bogus'" \
	"$top/images/run-guest.sh" --kernel bogus --qemu /bin/true
# a mainline-layout tree of another series than the newest kernel
mkdir -p "$tmp/tree/drivers/accel/habanalabs"
printf 'VERSION = 6\nPATCHLEVEL = 7\n' >"$tmp/tree/Makefile"
echo 'obj-m := habanalabs.o' >"$tmp/tree/drivers/accel/habanalabs/Makefile"
cache=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}
find "$cache/kmod" -maxdepth 2 -name 'src-*' 2>/dev/null | sort >"$tmp/src-before"
expect_error "--kernel newest --src <a Linux 6.7 tree> is refused" \
	"version mismatch: --src .* is Linux 6.7, the guest kernel --kernel newest is" \
	"$bm" --kernel newest --src "$tmp/tree"
mkdir -p "$tmp/misc/drivers/misc/habanalabs"
echo 'obj-m := habanalabs.o' >"$tmp/misc/drivers/misc/habanalabs/Makefile"
expect_error "--kernel newest --src <a misc-layout tree> is refused" \
	"layout mismatch: .*drivers/misc/habanalabs" "$bm" --kernel newest --src "$tmp/misc"
find "$cache/kmod" -maxdepth 2 -name 'src-*' 2>/dev/null | sort >"$tmp/src-after"
check "refused --src trees leave no cache entry" cmp -s "$tmp/src-before" "$tmp/src-after"

# An interrupted chroot build is never reused: the next run removes it.
if [ -d "$cache/chroot" ] && [ "$(id -u)" = 0 ]; then
	left=$(mktemp -d "$cache/chroot/.tmp-unstable-interrupted.XXXXXX")
	mkdir -p "$left/root/usr"
	"$top/scripts/kernel-chroot.sh" --kernel newest >"$tmp/chroot" 2>"$tmp/err" || true
	check "kernel-chroot.sh removes an interrupted build's leftover" test ! -e "$left"
	check "kernel-chroot.sh prints a complete chroot" \
		test -f "$(cat "$tmp/chroot")/.goya-chroot"
fi

# The commands that used to install kernel packages on the host.
check "build-module.sh --kernel 6.12 --print-uapi (libhl's accel uapi)" \
	sh -c "'$bm' --kernel 6.12 --print-uapi 2>/dev/null | xargs -I{} test -f {}/drm/habanalabs_accel.h"
check "build-module.sh --kernel 6.1 (Debian's linux-source-6.1)" \
	sh -c "'$bm' --kernel 6.1 2>'$tmp/bm.log' | tail -n 1 | grep -q 'habanalabs.ko$'"
if [ -n "${GOYA_FIRMWARE:-}" ]; then
	check "build-image.sh --kernel 6.12" \
		sh -c "'$bi' --kernel 6.12 --firmware '$GOYA_FIRMWARE' --out '$tmp/img' -q >/dev/null 2>'$tmp/bi.log'"
fi
host_kernel_state >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
	pass "host kernel packages, /boot and /lib/modules unchanged"
else
	fail "host kernel packages, /boot or /lib/modules changed:"
	diff "$tmp/before" "$tmp/after" | sed 's/^/#   /'
fi
finish
