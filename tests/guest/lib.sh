# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the host-side guest tests (sourced).
# shellcheck shell=bash
#
# Env:
#   GOYA_QEMU          qemu-system-x86_64 with -device goya (required; the
#                      test is skipped, exit 77, when unset)
#   GOYA_GUEST_DIR     directory with the images, <dir>/<kernel>/{vmlinuz,
#                      initramfs.cpio} (default: build/guest; built if missing)
#   GOYA_FIRMWARE      firmware dir for building a missing image (default:
#                      $GOYA_BUILD_ROOT/firmware-stub if it has the files)
#   GOYA_BUILD_ROOT    meson build root (set by tests/guest/meson.build)
#   GOYA_GUEST_LOGDIR  where serial logs go (default: build/guest/logs)
#   GOYA_RUNNER_ARGS   extra run-guest.sh arguments (word-split)

top=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
runner=$top/images/run-guest.sh
if [ -z "${GOYA_FIRMWARE:-}" ] && [ -n "${GOYA_BUILD_ROOT:-}" ] &&
	[ -f "$GOYA_BUILD_ROOT/firmware-stub/goya-fit.itb" ]; then
	export GOYA_FIRMWARE=$GOYA_BUILD_ROOT/firmware-stub
fi
n_pass=0
n_fail=0

pass() { echo "ok - $*"; n_pass=$((n_pass + 1)); }
fail() { echo "not ok - $*"; n_fail=$((n_fail + 1)); }
check() {
	# check <description> <command...>
	local what=$1; shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

need_qemu() {
	if [ -z "${GOYA_QEMU:-}" ]; then
		echo "SKIP: GOYA_QEMU is not set (needs a QEMU with -device goya, from scripts/build-qemu.sh)"
		exit 77
	fi
	if [ ! -x "$GOYA_QEMU" ]; then
		echo "FAIL: GOYA_QEMU=$GOYA_QEMU is not an executable"
		exit 1
	fi
}

# run_guest <name> <kernel> [runner args...]: sets $log and $rc
run_guest() {
	local name=$1 kernel=$2; shift 2
	local logdir=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}
	local gdir=${GOYA_GUEST_DIR:-$top/build/guest}
	mkdir -p "$logdir"
	log=$logdir/$name.log
	rc=0
	# shellcheck disable=SC2086 # GOYA_RUNNER_ARGS is a word list
	"$runner" --qemu "$GOYA_QEMU" --kernel "$kernel" --image "$gdir/$kernel" \
		--log "$log" ${GOYA_RUNNER_ARGS:-} "$@" || rc=$?
	echo "runner exit status: $rc, serial log: $log"
}

# log_has <fixed string>
# (grep >/dev/null, not grep -q: with pipefail an early exit of grep -q
# would fail the pipeline through tr's SIGPIPE on long logs)
log_has() { tr -d '\r' <"$log" | grep -F -- "$1" >/dev/null; }
# log_lacks <extended regex>
log_lacks() { ! tr -d '\r' <"$log" | grep -E -- "$1" >/dev/null; }
# log_matches <extended regex>
log_matches() { tr -d '\r' <"$log" | grep -E -- "$1" >/dev/null; }
# log_order <first> <second>: both present, first line before second
log_order() {
	tr -d '\r' <"$log" | awk -v a="$1" -v b="$2" '
		index($0, a) && !fa { fa = NR }
		index($0, b) && !fb { fb = NR }
		END { exit !(fa && fb && fa < fb) }'
}
# lspci section of the smoke test (between "--- lspci -nn" and the next ---)
lspci_has() {
	tr -d '\r' <"$log" | awk '/^--- lspci -nn/ { on = 1; next } /^--- / { on = 0 } on' |
		grep -F -- "$1" >/dev/null
}
no_kernel_errors() { log_lacks 'Oops|BUG:|Kernel panic|general protection'; }
# res_ok <fixed string>: an "ok - ..." line of a guest program contains it
res_ok() { tr -d '\r' <"$log" | grep -E '^ok - ' | grep -F -- "$1" >/dev/null; }

# in_section <guest test> <command...>: run the command (checks on $log)
# on the part of the serial log from that test's TEST-BEGIN to the next
# test's TEST-BEGIN (or the end), for several tests in one boot.
in_section() {
	local name=$1 whole=$log rc=0; shift
	log=$(mktemp "${TMPDIR:-/tmp}/goya-section.XXXXXX")
	tr -d '\r' <"$whole" | awk -v b="GOYA-GUEST: TEST-BEGIN $name" '
		$0 == b { on = 1 }
		on && /^GOYA-GUEST: (TEST-BEGIN|done at)/ && $0 != b { on = 0 }
		on' >"$log"
	"$@" || rc=$?
	rm -f "$log"
	log=$whole
	return "$rc"
}

# fixed_module <kernel>: build (or take from the cache) habanalabs.ko from
# Debian's linux-source of <kernel> (6.12, newest) + driver/patches/, print
# its path.
fixed_module() {
	local p bm=(--kernel "$1")
	for p in "$top"/driver/patches/*.patch; do bm+=(--patch "$p"); done
	"$top/driver/kmod/build-module.sh" "${bm[@]}" | tail -n 1
}

# warn_context: the first kernel warning or stack trace of $log with the
# lines around it (what the splat was about), last so that a truncated
# report still shows it
warn_context() {
	tr -d '\r' <"$log" | awk '
		/WARNING:|Call Trace|rcu: INFO:|INFO: task / && !at { at = NR }
		{ line[NR] = $0 }
		END {
			if (!at)
				exit
			print "--- the first kernel warning or trace of the log:"
			for (i = (at > 5 ? at - 5 : 1); i <= NR && i < at + 35; i++)
				print line[i]
			print "---"
		}'
}

finish() {
	if [ "$n_fail" != 0 ] && [ -f "$log" ]; then
		echo "--- habanalabs / GOYA-GUEST lines of $log:"
		tr -d '\r' <"$log" | grep -E 'habanalabs|GOYA-GUEST|Oops|BUG:|Kernel panic|WARNING:|general protection' |
			awk '!seen[$0]++ && n++ < 60'
		echo "---"
		warn_context
	fi
	echo "$n_pass passed, $n_fail failed"
	[ "$n_fail" = 0 ]
}
