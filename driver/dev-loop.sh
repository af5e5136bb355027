#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Driver development without hardware: from a (changed) habanalabs source
# to a test verdict in one command.
#
#   1. build habanalabs.ko out of tree (incremental) from your tree, or
#      Debian's source, optionally with patches    driver/kmod/build-module.sh
#   2. a guest image with that module             images/build-image.sh
#   3. boot it with -device goya, load the module with your parameters and
#      run the chosen guest tests                 images/run-guest.sh
#   4. summary: per test verdict, probe result, kernel-log health, timings,
#      and (--coverage) which driver functions ran   driver/coverage.py
#
# Needs the emulator built once (./goya-emu build): QEMU with -device goya,
# the firmware files and the guest tools in the meson build directory.
set -euo pipefail

prog=${0##*/}
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${GOYA_BUILD:-$top/build}

series=6.1
src=
patches=()
tests=
modparams=
coverage=0
compare=
devices=1
timeout=
console=0
out=
log=
unreached=goya
runner_extra=()

usage() {
	cat <<EOF
usage: $prog [options] [-- extra run-guest.sh args]
Source (default: Debian's unmodified linux-source of the kernel):
  --src DIR            your kernel tree or partial copy with
                       drivers/misc/habanalabs (6.1) or
                       drivers/accel/habanalabs (6.12, newest)
  --patch FILE         apply FILE to a copy of the source (repeatable)
  --kernel K           guest kernel: 6.1 (default), 6.12 or newest
                       (Debian unstable's, module built in a chroot)
Run:
  --tests a,b          guest tests (default: smoke,devloop-iface); names
                       from /opt/goya/tests or the built-ins of images/init
  --modparams "k=v .." habanalabs module parameters
  --devices N          Goya devices (default 1)
  --timeout SEC        guest time limit (default 300, 900 with --coverage)
  --console            stream the serial console
  --log FILE           serial log (default build/guest/logs/dev-loop-<kernel>.log)
  --out DIR            guest image dir (default build/guest/<kernel>-dev)
Coverage:
  --coverage           record the driver functions the run executed
                       (ftrace) and print the report
  --compare LOG        with --coverage: compare with an earlier run's log
  --unreached all|goya|none  never-reached functions to list (default goya)
Env: GOYA_BUILD (meson build dir, default build/), GOYA_CACHE, GOYA_ACCEL.
Exit status: 0 when the module built, the guest passed every test and the
kernel log is clean; else non-zero.
EOF
}

msg() { echo "==> $prog: $*" >&2; }
die() { echo "error: $prog: $*" >&2; exit 2; }
need_arg() { [ "$2" -ge 2 ] || die "$1 needs an argument"; }

while [ $# -gt 0 ]; do
	case $1 in
	--src) need_arg "$1" $#; src=$2; shift 2 ;;
	--patch) need_arg "$1" $#; patches+=("$2"); shift 2 ;;
	--kernel) need_arg "$1" $#; series=$2; shift 2 ;;
	--tests) need_arg "$1" $#; tests=$2; shift 2 ;;
	--modparams) need_arg "$1" $#; modparams=$2; shift 2 ;;
	--devices) need_arg "$1" $#; devices=$2; shift 2 ;;
	--timeout) need_arg "$1" $#; timeout=$2; shift 2 ;;
	--console) console=1; shift ;;
	--log) need_arg "$1" $#; log=$2; shift 2 ;;
	--out) need_arg "$1" $#; out=$2; shift 2 ;;
	--coverage) coverage=1; shift ;;
	--compare) need_arg "$1" $#; compare=$2; shift 2 ;;
	--unreached) need_arg "$1" $#; unreached=$2; shift 2 ;;
	--) shift; runner_extra=("$@"); break ;;
	--*=*) v=${1#*=}; k=${1%%=*}; shift; set -- "$k" "$v" "$@" ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
done
case $series in 6.1|6.12|newest) ;; *) die "unknown --kernel '$series': expected 6.1, 6.12 or newest (Debian unstable)" ;; esac
[ -z "$compare" ] || [ -f "$compare" ] || die "--compare $compare: no such file"
[ -z "$compare" ] || [ $coverage = 1 ] || die "--compare needs --coverage"
[ -n "$tests" ] || tests=smoke,devloop-iface
[ -n "$timeout" ] || { [ $coverage = 1 ] && timeout=900 || timeout=300; }
[ -n "$out" ] || out=$build/guest/$series-dev
[ -n "$log" ] || log=$build/guest/logs/dev-loop-$series.log
mkdir -p "$(dirname "$log")"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_all=$(now)

# --- prerequisites: QEMU, firmware, guest tools ------------------------------
qemu=${GOYA_QEMU:-$("$top/scripts/build-qemu.sh" --print-binary 2>/dev/null || true)}
fw=$build/firmware-stub
tools=$build/guest-tools
if [ -z "$qemu" ] || [ ! -x "$qemu" ] || [ ! -f "$build/build.ninja" ]; then
	die "the emulator is not built (QEMU: '${qemu:-none}', meson build: $build); run ./goya-emu build first"
fi
# keep the guest tools and firmware current (a no-op when nothing changed)
ninja -C "$build" >/dev/null 2>&1 || die "ninja -C $build failed (run it to see why)"
[ -f "$fw/goya-fit.itb" ] || die "$fw/goya-fit.itb missing (./goya-emu build)"
[ -d "$tools" ] || die "$tools missing (./goya-emu build)"

# --- 1. module ---------------------------------------------------------------
t=$(now)
bm=(--kernel "$series")
[ -z "$src" ] || bm+=(--src "$src")
for p in "${patches[@]}"; do bm+=(--patch "$p"); done
bmlog=$(mktemp)
trap 'rm -f "$bmlog"' EXIT
msg "[1/4] building habanalabs.ko (${src:-Debian linux-source-$series}${patches[*]:+ + ${#patches[@]} patch(es)}, kernel $series)"
if ! ko=$("$top/driver/kmod/build-module.sh" "${bm[@]}" 2>"$bmlog" | tail -n 1) || [ -z "$ko" ]; then
	cat "$bmlog" >&2
	echo "dev-loop: FAIL (module build)"
	exit 1
fi
grep -E 'built in|cached:|changed since|applying|error' "$bmlog" | sed 's/^==> build-module.sh: /    /' >&2 || true
t_build=$(since "$t")

# --- 2. image ----------------------------------------------------------------
t=$(now)
msg "[2/4] guest image $out"
images_args=(--kernel "$series" --module "$ko" --firmware "$fw" --tools "$tools" --out "$out" -q)
"$top/images/build-image.sh" "${images_args[@]}" >/dev/null ||
	{ echo "dev-loop: FAIL (image build)"; exit 1; }
t_image=$(since "$t")

# --- 3. boot + tests -----------------------------------------------------------
t=$(now)
msg "[3/4] booting ($series, $devices device(s), tests: $tests${modparams:+, modparams: $modparams}$([ $coverage = 0 ] || echo ", coverage"))"
rargs=(--qemu "$qemu" --kernel "$series" --image "$out" --tests "$tests"
	--timeout "$timeout" --log "$log" --devices "$devices")
[ -z "$modparams" ] || rargs+=(--modparams "$modparams")
[ $coverage = 0 ] || rargs+=(--append goya.coverage=1)
[ $console = 0 ] || rargs+=(--console)
rc=0
"$top/images/run-guest.sh" "${rargs[@]}" ${runner_extra[@]+-- "${runner_extra[@]}"} \
	>"$log.runner" 2>&1 || rc=$?
t_boot=$(since "$t")

# --- 4. summary ----------------------------------------------------------------
msg "[4/4] summary"
# (a file, not a pipe: grep -q closing early must not fail the pipeline)
clog=$(mktemp)
trap 'rm -f "$bmlog" "$clog"' EXIT
tr -d '\r' <"$log" >"$clog"
clean() { cat "$clog"; }
echo "--- driver"
clean | grep -E 'habanalabs.*(device found|Successfully added device|Fatal error|Failed|failed|error)' | grep -v 'module verification failed' |
	sed 's/^\[ *[0-9.]*\] //' | awk '!seen[$0]++' | head -n 20 || true
echo "--- tests"
npass=0 nfail=0
for name in $(echo "$tests" | tr ',' ' '); do
	if grep -qx "GOYA-GUEST: TEST-PASS $name" "$clog"; then
		echo "PASS $name"; npass=$((npass + 1))
	elif grep -q "^GOYA-GUEST: FAIL $name " "$clog"; then
		echo "FAIL $name"; nfail=$((nfail + 1))
		clean | sed -n "/^GOYA-GUEST: TEST-BEGIN $name\$/,/^GOYA-GUEST: FAIL $name /p" |
			grep -E '^(not ok|Bail out|FAIL|error)' | head -n 10 | sed 's/^/     /' || true
	else
		echo "NOT RUN $name"; nfail=$((nfail + 1))
	fi
done
if grep -q '^GOYA-GUEST: FAIL kernel-log' "$clog"; then
	echo "FAIL kernel log (Oops/BUG/WARNING/panic):"
	clean | grep -E 'Oops|BUG:|Kernel panic|WARNING:|general protection' | head -n 5 | sed 's/^/     /' || true
	nfail=$((nfail + 1))
fi
if grep -q '^GOYA-GUEST: FAIL module-load' "$clog"; then
	echo "FAIL module load"; nfail=$((nfail + 1))
fi
if ! grep -q '^GOYA-GUEST-EXIT ' "$clog"; then
	echo "guest did not finish (runner exit $rc):"
	tail -n 5 "$log.runner" | sed 's/^/     /'
	nfail=$((nfail + 1))
fi
if [ $coverage = 1 ]; then
	echo "--- coverage"
	cov=(--ko "$ko" --unreached "$unreached")
	[ -z "$compare" ] || cov+=(--compare "$compare")
	python3 "$top/driver/coverage.py" "$log" "${cov[@]}" --json "$log.coverage.json" ||
		{ echo "coverage report failed"; nfail=$((nfail + 1)); }
fi
echo "--- times: module $t_build s, image $t_image s, boot+tests $t_boot s, total $(since "$t_all") s"
echo "--- module: $ko"
echo "--- serial log: $log"
if [ "$nfail" = 0 ] && [ "$rc" = 0 ]; then
	echo "dev-loop: PASS ($npass test(s))"
	exit 0
fi
echo "dev-loop: FAIL ($npass passed, $nfail failed; guest exit $rc)"
[ "$rc" != 0 ] || rc=1
exit "$rc"
