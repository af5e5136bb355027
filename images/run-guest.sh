#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boot the Goya guest image in QEMU (q35, -device goya), run the guest tests
# named with --tests, and return the guest's exit status (parsed from the
# "GOYA-GUEST-EXIT <n>" line on the serial console).
#
#   images/run-guest.sh [options] [-- extra QEMU args]
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

qemu=${GOYA_QEMU:-}
series=6.1
image=
module=
firmware=${GOYA_FIRMWARE:-}
tools=
tests=smoke
modparams=
append_extra=
log=
timeout=120
memory=2G
smp=1
ndev=1
rebuild=0
console=0
qmp=
incoming=
extra_qemu=()

usage() {
	cat <<EOF
usage: $prog [options] [-- extra QEMU args]
  --qemu BIN          qemu-system-x86_64 with the goya device (env GOYA_QEMU;
                      default: scripts/build-qemu.sh --print-binary)
  --kernel K          guest kernel: 6.1 (default), 6.12 or newest
  --image DIR         guest image dir (default build/guest/<kernel>; built
                      with images/build-image.sh if missing)
  --module FILE       use this habanalabs.ko (image rebuilt into
                      build/guest/<kernel>-custom unless --image is given)
  --firmware DIR      firmware for an image (re)build (env GOYA_FIRMWARE)
  --tools DIR         guest tools for an image (re)build (-> /opt/goya)
  --rebuild           rebuild the image even if it exists
  --tests a,b         guest tests (default smoke; see images/init)
  --modparams "k=v .." habanalabs module parameters
  --append STR        extra kernel command line
  --devices N         number of goya devices (default 1)
  --no-device         no goya device
  -m, --memory SIZE   guest RAM (default 2G)
  --smp N             vCPUs (default 1)
  --timeout SEC       kill QEMU and fail after SEC seconds (default 120)
  --log FILE          serial console log (default build/guest/logs/<kernel>.log)
  --console           also stream the serial console to stdout
  --qmp PATH          QMP server on the unix socket PATH (-qmp unix:PATH,...)
  --incoming URI      wait for a migration stream (QEMU -incoming URI); the
                      guest's output continues in this run's --log
Env: GOYA_ACCEL=tcg|kvm forces the accelerator (default: KVM if it works);
GOYA_PVH=0 boots the bzImage instead of its payload through PVH.
Exit status: the guest's, or 124 on timeout, 125 on runner errors.
EOF
}

msg() { echo "==> $prog: $*" >&2; }
die() { echo "error: $prog: $*" >&2; exit 125; }
need_arg() { [ "$2" -ge 2 ] || die "$1 needs an argument"; }

while [ $# -gt 0 ]; do
	case $1 in
	--qemu) need_arg "$1" $#; qemu=$2; shift 2 ;;
	--kernel) need_arg "$1" $#; series=$2; shift 2 ;;
	--image) need_arg "$1" $#; image=$2; shift 2 ;;
	--module) need_arg "$1" $#; module=$2; shift 2 ;;
	--firmware) need_arg "$1" $#; firmware=$2; shift 2 ;;
	--tools) need_arg "$1" $#; tools=$2; shift 2 ;;
	--rebuild) rebuild=1; shift ;;
	--tests) need_arg "$1" $#; tests=$2; shift 2 ;;
	--modparams) need_arg "$1" $#; modparams=$2; shift 2 ;;
	--append) need_arg "$1" $#; append_extra=$2; shift 2 ;;
	--devices) need_arg "$1" $#; ndev=$2; shift 2 ;;
	--no-device) ndev=0; shift ;;
	-m|--memory) need_arg "$1" $#; memory=$2; shift 2 ;;
	--smp) need_arg "$1" $#; smp=$2; shift 2 ;;
	--qmp) need_arg "$1" $#; qmp=$2; shift 2 ;;
	--timeout) need_arg "$1" $#; timeout=$2; shift 2 ;;
	--log) need_arg "$1" $#; log=$2; shift 2 ;;
	--console) console=1; shift ;;
	--incoming) need_arg "$1" $#; incoming=$2; shift 2 ;;
	--) shift; extra_qemu=("$@"); break ;;
	--*=*) v=${1#*=}; k=${1%%=*}; shift; set -- "$k" "$v" "$@" ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
done

case $series in 6.1|6.12|newest) ;; *) die "unknown --kernel '$series': expected 6.1, 6.12 or newest (Debian unstable)" ;; esac
[[ $ndev =~ ^[0-9]+$ ]] || die "--devices needs a number (got '$ndev')"
{ [[ $timeout =~ ^[0-9]+$ ]] && [ "$timeout" -gt 0 ]; } || die "--timeout needs a positive number of seconds"
[[ $tests =~ ^[A-Za-z0-9_.,+-]+$ ]] || die "--tests: names may use [A-Za-z0-9_.+-], comma separated"
case $modparams in *'"'*) die "--modparams must not contain double quotes" ;; esac

# --- QEMU binary ------------------------------------------------------------
if [ -z "$qemu" ] && [ -x "$top/scripts/build-qemu.sh" ]; then
	qemu=$("$top/scripts/build-qemu.sh" --print-binary 2>/dev/null || true)
fi
[ -n "$qemu" ] || die "no QEMU: pass --qemu BIN or set GOYA_QEMU (built by scripts/build-qemu.sh)"
[ -x "$qemu" ] || die "QEMU binary $qemu does not exist or is not executable (build it with scripts/build-qemu.sh, or set GOYA_QEMU / --qemu)"
if [ "$ndev" -gt 0 ] && ! "$qemu" -nodefaults -device help 2>/dev/null | grep -q '"goya"'; then
	die "$qemu has no 'goya' device (use the QEMU from scripts/build-qemu.sh, or --no-device)"
fi

# --- guest image ------------------------------------------------------------
if [ -z "$image" ]; then
	image=$top/build/guest/$series
	[ -z "$module" ] || image=$top/build/guest/$series-custom
fi
if [ -n "$module" ] || [ "$rebuild" = 1 ] ||
	[ ! -f "$image/vmlinuz" ] || [ ! -f "$image/initramfs.cpio" ]; then
	args=(--kernel "$series" --out "$image" -q)
	[ -z "$module" ] || args+=(--module "$module")
	[ -z "$firmware" ] || args+=(--firmware "$firmware")
	[ -z "$tools" ] || args+=(--tools "$tools")
	msg "building guest image in $image"
	"$here/build-image.sh" "${args[@]}" >/dev/null || die "guest image build failed"
fi
want_series=$(sed -n 's/^kernel_series=//p' "$image/image.conf" 2>/dev/null || true)
[ -z "$want_series" ] || [ "$want_series" = "$series" ] ||
	die "$image holds a $want_series image but --kernel $series was asked for"

# --- accelerator --------------------------------------------------------------
# A real probe: a 64 KiB BIOS whose reset vector writes 1 to isa-debug-exit
# (QEMU then exits with status 3), with the same -cpu host as the real run:
# /dev/kvm existing is not enough (on some hosts KVM starts but setting the
# host CPU's MSRs fails).
kvm_works() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	local d rc=0
	d=$(mktemp -d)
	# 0xFFF0: mov al,1; out 0xf4,al; hlt; jmp $-1
	{ head -c 65520 /dev/zero; printf '\xb0\x01\xe6\xf4\xf4\xeb\xfd'; head -c 9 /dev/zero; } >"$d/bios.bin"
	timeout 15 "$qemu" -accel kvm -cpu host -M q35 -nodefaults -no-user-config \
		-display none -bios "$d/bios.bin" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-serial none -monitor none >/dev/null 2>&1 || rc=$?
	rm -rf "$d"
	[ "$rc" = 3 ]
}
accel=${GOYA_ACCEL:-}
case $accel in
kvm|tcg) ;;
'')
	# stderr off: bash reports an aborting probe as "Aborted"
	if kvm_works 2>/dev/null; then
		accel=kvm
	else
		accel=tcg
		msg "note: KVM not usable here, using TCG (set GOYA_ACCEL=kvm to force)"
	fi
	;;
*) die "GOYA_ACCEL must be tcg or kvm (got '$accel')" ;;
esac

# --- kernel -------------------------------------------------------------------
# The bzImage's payload, decompressed once and cached beside the image, boots
# through PVH (the kernel's Xen PVH entry, CONFIG_PVH): no in-guest
# decompression of the kernel, which costs seconds under TCG.  Falls back to
# the bzImage when the payload is not a PVH-capable ELF.
pvh_vmlinux() {
	local vmlinuz=$1 out=$2 setup start len magic tmp
	[ -s "$out" ] && [ "$out" -nt "$vmlinuz" ] && return 0
	# boot protocol: setup_sects at 0x1f1, payload_offset/length at 0x248
	setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$vmlinuz" | tr -d ' ')
	[ "$setup" != 0 ] || setup=4
	read -r start len < <(od -An -tu4 -j $((0x248)) -N8 "$vmlinuz")
	[ -n "$len" ] && [ "$len" -gt 0 ] || return 1
	start=$(((setup + 1) * 512 + start))
	magic=$(od -An -tx1 -j "$start" -N4 "$vmlinuz" | tr -d ' ')
	tmp=$(mktemp "$out.XXXXXX")
	# the payload ends with the 4-byte uncompressed size
	payload() { tail -c +$((start + 1)) "$vmlinuz" | head -c $((len - 4)); }
	case $magic in
	fd377a58) payload | xz -dc --single-stream >"$tmp" 2>/dev/null ;;
	28b52ffd) payload | zstd -qdc >"$tmp" 2>/dev/null ;;
	1f8b*) payload | gzip -dc >"$tmp" 2>/dev/null ;;
	*) false ;;
	esac
	# XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry point
	if [ "$(head -c 4 "$tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] &&
		readelf -n "$tmp" 2>/dev/null | grep -E 'Xen[[:space:]]+0x[0-9a-f]+[[:space:]]+(Unknown note type: \(0x00000012\)|XEN_ELFNOTE_PHYS32_ENTRY)' >/dev/null; then
		chmod 0644 "$tmp"
		mv "$tmp" "$out"
		return 0
	fi
	rm -f "$tmp"
	return 1
}
kernel_file=$image/vmlinuz
if [ "${GOYA_PVH:-1}" = 1 ] && pvh_vmlinux "$image/vmlinuz" "$image/vmlinux.pvh"; then
	kernel_file=$image/vmlinux.pvh
fi

# --- command line -------------------------------------------------------------
[ -n "$log" ] || log=$top/build/guest/logs/$series.log
mkdir -p "$(dirname "$log")"
: >"$log"

# no_timer_check: on a loaded host a TCG guest can miss the IO-APIC timer
# check's deadline and panic ("IO-APIC + timer doesn't work").
# rcupdate.rcu_cpu_stall_suppress_at_boot=1: on a starved host the boot
# clock (counted ticks) falls behind, and the switch to the TSC (host time)
# jumps it forward by tens of seconds, which RCU reports as a stall with a
# stack trace; only until init starts, so a real stall is still reported.
cmdline="console=ttyS0,115200 panic=-1 loglevel=7 no_timer_check"
cmdline+=" rcupdate.rcu_cpu_stall_suppress_at_boot=1 goya.tests=$tests"
[ -z "$modparams" ] || cmdline+=" goya.modparams=\"$modparams\""
[ -z "$append_extra" ] || cmdline+=" $append_extra"

qargs=(-M q35 -nodefaults -no-user-config -display none -no-reboot
	-m "$memory" -smp "$smp"
	-chardev "file,id=con0,path=$log" -serial chardev:con0
	-kernel "$kernel_file" -initrd "$image/initramfs.cpio" -append "$cmdline")
# Firmware ROMs from Debian's packages (QEMU built with --disable-install-blobs):
# bios-256k.bin in seabios, kvmvapic.bin/linuxboot_dma.bin in qemu-system-data,
# efi-*.rom (NIC option ROMs, unused with -nodefaults) in ipxe-qemu.
for d in /usr/share/seabios /usr/share/qemu /usr/lib/ipxe/qemu; do
	[ -d "$d" ] && qargs+=(-L "$d")
done
[ -f /usr/share/seabios/bios-256k.bin ] ||
	die "/usr/share/seabios/bios-256k.bin missing: install package seabios (scripts/deps.sh)"
[ -f /usr/share/qemu/linuxboot_dma.bin ] ||
	die "/usr/share/qemu/linuxboot_dma.bin missing: install package qemu-system-data (scripts/deps.sh)"
if [ "$accel" = kvm ]; then
	qargs+=(-accel kvm -cpu host)
else
	qargs+=(-accel tcg -cpu max)
fi
for ((i = 0; i < ndev; i++)); do
	qargs+=(-device "goya,id=goya$i")
done
[ -z "$qmp" ] || qargs+=(-qmp "unix:$qmp,server=on,wait=off")
[ -z "$incoming" ] || qargs+=(-incoming "$incoming")
qargs+=("${extra_qemu[@]}")

# --- run ----------------------------------------------------------------------
msg "booting $series guest ($accel, $ndev goya device(s), tests: $tests), log: $log"
qerr=$(mktemp)
tail_pid=
# shellcheck disable=SC2317 # called via trap
cleanup() {
	[ -z "${qpid:-}" ] || kill "$qpid" 2>/dev/null || true
	[ -z "$tail_pid" ] || kill "$tail_pid" 2>/dev/null || true
	rm -f "$qerr"
}
trap cleanup EXIT

t_start=$(date +%s.%N)
"$qemu" "${qargs[@]}" </dev/null >"$qerr" 2>&1 &
qpid=$!
if [ "$console" = 1 ]; then
	tail -n +1 -f "$log" --pid "$qpid" &
	tail_pid=$!
fi

elapsed() { echo "$(date +%s.%N) $t_start" | awk '{ printf "%.1f", $1 - $2 }'; }
t_init=
t_exit=
timed_out=0
while kill -0 "$qpid" 2>/dev/null; do
	if [ -z "$t_init" ] && grep -q 'GOYA-GUEST: init started' "$log"; then
		t_init=$(elapsed)
	fi
	if [ -z "$t_exit" ] && grep -q '^GOYA-GUEST-EXIT ' "$log"; then
		t_exit=$(elapsed)
	fi
	e=$(elapsed)
	# The guest powers off right after the exit line; don't wait forever.
	if [ -n "$t_exit" ] && awk -v e="$e" -v x="$t_exit" 'BEGIN { exit !(e - x > 10) }'; then
		msg "QEMU still running 10 s after the guest's exit line; killing it"
		kill "$qpid" 2>/dev/null || true
		break
	fi
	if awk -v e="$e" -v t="$timeout" 'BEGIN { exit !(e >= t) }'; then
		timed_out=1
		kill "$qpid" 2>/dev/null || true
		sleep 1
		kill -9 "$qpid" 2>/dev/null || true
		break
	fi
	sleep 0.1
done
qrc=0
wait "$qpid" 2>/dev/null || qrc=$?
qpid=
[ -z "$tail_pid" ] || { wait "$tail_pid" 2>/dev/null || true; tail_pid=; }
t_total=$(elapsed)
[ -n "$t_init" ] || ! grep -q 'GOYA-GUEST: init started' "$log" || t_init=$t_total

guest_init=$(tr -d '\r' <"$log" | sed -n 's/^GOYA-GUEST: init started at \([0-9.]*\)s.*/\1/p' | head -n1)
status=$(tr -d '\r' <"$log" | sed -n 's/^GOYA-GUEST-EXIT \([0-9]*\)$/\1/p' | tail -n1)

msg "time to init: ${t_init:-never} s wall (guest clock ${guest_init:-?} s), total ${t_total} s ($accel)"

# On failure: the guest's own output (from /init on) with its dmesg dump
# cut to the last 150 lines; the boot log tail if /init never ran.
show_log() {
	echo "----- guest serial log ($log) -----" >&2
	if grep -q 'GOYA-GUEST: init started' "$log"; then
		tr -d '\r' <"$log" | awk '
			/^GOYA-GUEST: init started/ { on = 1 }
			!on { next }
			/^----- dmesg -----$/ { dump = 1; n = 0; print; next }
			/^----- end dmesg -----$/ {
				s = n > 150 ? n - 150 : 0
				if (s) print "[... " s " earlier dmesg lines in the log file ...]"
				for (i = s; i < n; i++) print buf[i]
				dump = 0; print; next }
			dump { buf[n++] = $0; next }
			{ print }' >&2
	else
		tr -d '\r' <"$log" | tail -n 200 >&2
	fi
	echo "----- end of guest log -----" >&2
	if [ -s "$qerr" ]; then
		echo "----- QEMU stderr -----" >&2
		cat "$qerr" >&2
	fi
}

if [ "$timed_out" = 1 ]; then
	show_log
	echo "error: $prog: timeout: guest did not finish within $timeout s" >&2
	exit 124
fi
if [ -z "$status" ]; then
	show_log
	echo "error: $prog: guest printed no GOYA-GUEST-EXIT line (QEMU exit status $qrc)" >&2
	exit 1
fi
if [ "$status" != 0 ]; then
	show_log
	echo "error: $prog: guest exit status $status" >&2
	exit "$status"
fi
[ ! -s "$qerr" ] || { echo "QEMU stderr:" >&2; cat "$qerr" >&2; }
msg "guest passed (GOYA-GUEST-EXIT 0)"
exit 0
