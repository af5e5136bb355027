#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# DMA benchmark (figures only, nothing asserted), run by `./goya-emu bench`:
#  - boots the 6.1 guest once with hl-bench (driver/tools/hl-bench.c):
#    LIN_DMA host->DRAM (queue 1) and DRAM->host (queue 2), 4 KiB..256 MiB,
#    as the guest sees it (CS submit -> wait wall time), the guest's own
#    memcpy, and tiny-submission round trips per second;
#  - the same boot traces goya_dma_start/goya_dma_done with timestamps:
#    the device engine's own copy rate (tests/bench/engine-rate.py);
#  - host memcpy on this machine (tests/bench/host-memcpy.c), the reference
#    for the engine, whose copies are memcpy()s in the QEMU process;
#  - small I/O: a second guest with -device goya AND -device nvme (null-co
#    backend): one-NOP CS round trips beside NVMe 4 KiB QD1 reads/writes,
#    alternating, then the device-side latency (doorbell -> MSI-X) from
#    QEMU's trace, switched on over QMP for that phase only.
#
# usage: tests/bench/run-bench.sh [--quick] [--small-io] [--image DIR]
#                                 [--qemu BIN] [--out FILE] [--update-doc]
#   --quick       sizes up to 16 MiB, 0.2 s per figure
#   --small-io    only the small-I/O run
#   --out FILE    also write the markdown tables to FILE
#   --update-doc  replace the measured tables in docs/performance.md
# Exit status 1 when a figure cannot be measured (too little memory, no
# usable device in the guest, a failed guest run).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
top=$(cd "$here/../.." && pwd)
image=${GOYA_GUEST_DIR:-$top/build/guest}/6.1
qemu=${GOYA_QEMU:-}
quick=0
out=
update_doc=0
small_io_only=0

while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1; shift ;;
	--small-io) small_io_only=1; shift ;;
	--image) image=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--update-doc) update_doc=1; shift ;;
	-h|--help) sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [ -z "$qemu" ]; then
	qemu=$("$top/scripts/build-qemu.sh" --print-binary)
fi

work=$(mktemp -d /tmp/goya-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "run-bench.sh: $*" >&2; exit 1; }

# Each guest gets 2 GiB; refuse to measure a swapping machine.
need_kib=$((3 << 20))
avail_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
[ "${avail_kib:-0}" -ge "$need_kib" ] ||
	die "not enough memory: $((${avail_kib:-0} >> 10)) MiB available, a 2 GiB guest needs $((need_kib >> 10)) MiB"

# --- small I/O: Goya CS vs NVMe in one guest ----------------------------------
# The guest image plus a layer: the kernel's nvme modules (from the kernel
# package the image was built from), tests/bench/small-io and nvme-qd1.
declare -A ko_seen=()
add_ko() {      # add_ko MODDIR DEST NAME: NAME and its dependencies, in load order
	local f d dst
	[ -z "${ko_seen[$3]:-}" ] || return 0
	ko_seen[$3]=1
	f=$(find "$1" \( -name "$3.ko*" -o -name "${3//_/-}.ko*" \) -type f | head -n1)
	[ -n "$f" ] || die "module $3 not found in $1"
	dst=$2/$3.ko
	case $f in
	*.ko.xz) xz -dc "$f" >"$dst" ;;
	*.ko.zst) zstd -qdc "$f" >"$dst" ;;
	*.ko.gz) gzip -dc "$f" >"$dst" ;;
	*) cp "$f" "$dst" ;;
	esac
	for d in $(modinfo -F depends "$dst" | tr ',' ' '); do
		add_ko "$1" "$2" "${d//-/_}"
	done
	echo "$3" >>"$2/load.list"
}

# trace_events SOCKET on|off EVENT...: switch QEMU trace events (name
# patterns) over QMP, with QEMU's own QMP client (python/qemu/qmp of the
# QEMU source tree: GOYA_QEMU_SRC, else the goya-emu cache).
trace_events() {
	local py=${GOYA_QEMU_SRC:-${GOYA_CACHE:-$HOME/.cache/goya-emu}/qemu/src}/python
	PYTHONPATH=$py${PYTHONPATH:+:$PYTHONPATH} python3 - "$@" <<'PY' ||
import sys
from qemu.qmp.legacy import QEMUMonitorProtocol
qmp = QEMUMonitorProtocol(sys.argv[1])
qmp.connect()
try:
    for name in sys.argv[3:]:
        r = qmp.cmd_raw('trace-event-set-state',
                        {'name': name, 'enable': sys.argv[2] == 'on'})
        if 'error' in r:
            sys.exit(f"{name}: {r['error']['desc']}")
finally:
    qmp.close()
PY
		{ echo "run-bench.sh: trace events ${*:2} failed" >&2; return 1; }
}

small_io() {
	local conf=$image/image.conf kver kpkg_ver kroot moddir layer m
	local nvme_qd1=${GOYA_BUILD:-$top/build}/tests/bench/nvme-qd1
	local nop_rtt=${GOYA_BUILD:-$top/build}/tests/bench/nop-rtt
	[ -f "$conf" ] || die "no guest image in $image (./goya-emu build)"
	[ -x "$nvme_qd1" ] && [ -x "$nop_rtt" ] || die "$nvme_qd1 or $nop_rtt not built (ninja -C build)"
	"$qemu" -nodefaults -device help 2>/dev/null | grep -q '"nvme"' ||
		die "$qemu has no nvme device (scripts/qemu-devices.mak)"
	"$qemu" -nodefaults -device help 2>/dev/null | grep -q '"goya"' ||
		die "$qemu has no goya device"
	kver=$(sed -n 's/^kernel_release=//p' "$conf")
	kpkg_ver=$(sed -n 's/^kernel_version=//p' "$conf")
	kroot=${GOYA_CACHE:-$HOME/.cache/goya-emu}/kernel/$kver-$kpkg_ver
	moddir=
	for m in "$kroot/lib/modules/$kver" "$kroot/usr/lib/modules/$kver"; do
		[ -d "$m" ] && moddir=$m && break
	done
	[ -n "$moddir" ] || die "kernel modules of $kver not found under $kroot"
	layer=$work/layer
	mkdir -p "$layer/lib/modules/$kver/bench" "$layer/opt/goya/tests" "$work/img"
	add_ko "$moddir" "$layer/lib/modules/$kver/bench" nvme
	install -m 0755 "$here/small-io" "$nvme_qd1" "$nop_rtt" "$layer/opt/goya/tests/"
	(cd "$layer" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$work/layer.cpio"
	cp "$image/vmlinuz" "$image/image.conf" "$work/img/"
	# concatenated archives: the kernel unpacks both, the layer last
	cat "$image/initramfs.cpio" "$work/layer.cpio" >"$work/img/initramfs.cpio"

	echo "==> booting one guest with -device goya and -device nvme (null-co): small I/O" >&2
	local rc=0 qmp=$work/qmp.sock traced=0 pid
	: >"$work/small.log"
	"$top/images/run-guest.sh" --qemu "$qemu" --image "$work/img" --tests small-io \
		--timeout 900 -m 2G --log "$work/small.log" --qmp "$qmp" -- \
		-blockdev null-co,node-name=null0,size=$((1 << 30)),read-zeroes=on \
		-device nvme,drive=null0,serial=goya-bench \
		-msg timestamp=on -D "$work/small-trace.log" 2>"$work/small-runner.txt" &
	pid=$!
	# The traced phase: the device's events on only while the guest says so.
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$traced" = 0 ] && grep -q '^BENCH phase trace' "$work/small.log"; then
			traced=1
			trace_events "$qmp" on goya_qman_doorbell goya_msix || traced=3
			# absent from QEMUs whose doorbells wait for the bottom half
			trace_events "$qmp" on goya_sync_run 2>/dev/null || true
		elif [ "$traced" = 1 ] && grep -q '^BENCH phase end' "$work/small.log"; then
			traced=2
			trace_events "$qmp" off 'goya_*' || traced=3
		fi
		sleep 0.1
	done
	wait "$pid" || rc=$?
	cat "$work/small-runner.txt" >&2
	tr -d '\r' <"$work/small.log" | grep -E '^BENCH ' >"$work/small.txt" || true
	if [ "$rc" != 0 ] || ! grep -q '^BENCH done' "$work/small.txt"; then
		tr -d '\r' <"$work/small.log" | grep -E 'BENCH|GOYA-GUEST|nvme' | tail -n 40 >&2
		die "the small-I/O guest run failed (status $rc)"
	fi
	[ "$traced" = 2 ] || die "the traced phase was not switched on and off over QMP"
	python3 "$here/small-io-table.py" "$work/small.txt" "$work/small-trace.log" \
		>"$work/small.md" || die "small-I/O figures incomplete"
	echo "Measured $(date -u +%Y-%m-%d) on $(nproc) host cores (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end), guest accelerator: $(grep -oE '\((kvm|tcg)' "$work/small-runner.txt" | head -n1 | tr -d '(')." >>"$work/small.md"
	cat "$work/small.md"
}

# write_doc TAG FILE...: replace <!-- TAG-begin -->..<!-- TAG-end --> pairs
write_doc() {
	python3 - "$top/docs/performance.md" "$@" <<'PY'
import sys
doc, args = sys.argv[1], sys.argv[2:]
s = open(doc).read()
for tag, path in zip(args[::2], args[1::2]):
    a, b = f'<!-- {tag}-begin -->', f'<!-- {tag}-end -->'
    i, j = s.index(a) + len(a), s.index(b)
    s = s[:i] + '\n' + open(path).read() + s[j:]
open(doc, 'w').write(s)
PY
	echo "==> updated $top/docs/performance.md" >&2
}

if [ "$small_io_only" = 1 ]; then
	small_io
	[ -z "$out" ] || cp "$work/small.md" "$out"
	[ "$update_doc" = 0 ] || write_doc small-io "$work/small.md"
	exit 0
fi

# --- host memcpy -------------------------------------------------------------
max=$((256 << 20))
[ "$quick" = 1 ] && max=$((16 << 20))
cc -O2 -o "$work/host-memcpy" "$here/host-memcpy.c"
"$work/host-memcpy" 4096 "$max" >"$work/host.txt"

# --- guest: hl-bench + engine trace ------------------------------------------
# The guest's init runs /opt/goya/tests/<name> without arguments: --quick
# is the wrapper tests/guest/dma/hl-bench-quick.
# The engine on its own (the core library, no QEMU, no guest), beside
# memcpy over the same cache-cold working set.
core_bench=${GOYA_BUILD:-$top/build}/tests/bench/core-bench
if [ -x "$core_bench" ]; then
	echo "==> engine copy rate, stand-alone core ($core_bench)" >&2
	"$core_bench" "$((max >> 20))" | tee "$work/core.md"
else
	echo "run-bench.sh: $core_bench not built (ninja -C build)" >&2
	exit 1
fi

test_name=hl-bench
[ "$quick" = 1 ] && test_name=hl-bench-quick
echo "==> booting the guest: $test_name, tracing goya_dma_start/goya_dma_done" >&2
rc=0
"$top/images/run-guest.sh" --qemu "$qemu" --image "$image" --tests "$test_name" \
	--timeout 600 -m 2G --log "$work/guest.log" -- \
	-trace goya_dma_start -trace goya_dma_done -msg timestamp=on \
	-D "$work/trace.log" 2>"$work/runner.txt" || rc=$?
cat "$work/runner.txt" >&2
tr -d '\r' <"$work/guest.log" | grep -E '^BENCH ' >"$work/guest.txt" || true
if [ "$rc" != 0 ] || ! grep -q '^BENCH done' "$work/guest.txt"; then
	echo "run-bench.sh: the guest benchmark failed (status $rc); log:" >&2
	tr -d '\r' <"$work/guest.log" | tail -n 40 >&2
	exit 1
fi
python3 "$here/engine-rate.py" "$work/trace.log" >"$work/engine.txt"
accel=$(grep -oE 'booting [0-9.]+ guest \((kvm|tcg)' "$work/runner.txt" | grep -oE 'kvm|tcg' || true)

# --- table -------------------------------------------------------------------
python3 - "$work" "$quick" <<'EOF' | tee "$work/table.md"
import sys, datetime, os, platform
work, quick = sys.argv[1], sys.argv[2] == '1'
rows = {}
def rd(name):
    with open(os.path.join(work, name)) as f:
        return [l.split() for l in f if l.strip()]
guest = rd('guest.txt'); host = rd('host.txt'); engine = rd('engine.txt')
gm = {int(l[2]): float(l[5]) for l in guest if l[1] == 'memcpy'}
dma = {(l[2], int(l[3])): (float(l[5]), float(l[6])) for l in guest if l[1] == 'dma'}
hm = {int(l[2]): float(l[5]) for l in host}
eng = {(l[1], int(l[2])): float(l[4]) for l in engine}
rtt = {l[2]: float(l[4]) for l in guest if l[1] == 'rtt'}
def size(n):
    return f'{n >> 20} MiB' if n >= 1 << 20 else f'{n >> 10} KiB'
def gb(v):
    return f'{v / 1000:.2f}' if v else 'n/a'
print('| size | host memcpy | engine H2D | engine D2H | engine / host (H2D, D2H) '
      '| guest-seen H2D (best / mean) | guest-seen D2H (best / mean) | guest memcpy |')
print('|---:|---:|---:|---:|:---:|---:|---:|---:|')
for n in sorted(hm):
    if ('h2d', n) not in dma:
        continue
    h = hm[n]; eh = eng.get(('h2d', n), 0); ed = eng.get(('d2h', n), 0)
    gh = dma[('h2d', n)]; gd = dma[('d2h', n)]
    ratio = f'{eh / h:.2f}, {ed / h:.2f}' if h else 'n/a'
    print(f'| {size(n)} | {gb(h)} | {gb(eh)} | {gb(ed)} | {ratio} | '
          f'{gb(gh[0])} / {gb(gh[1])} | {gb(gd[0])} / {gb(gd[1])} | {gb(gm.get(n, 0))} |')
print()
print('Throughput in GB/s (10^9 bytes/s); engine and host memcpy are means, '
      'guest-seen figures best / mean of the repetitions.')
print()
print('| tiny submissions (one at a time, submit + wait) | per second |')
print('|---|---:|')
for k, label in (('nop', 'CS with one NOP on queue 0'),
                 ('dma4', 'CS with one 4-byte LIN_DMA DRAM->host on queue 2'),
                 ('nop-pipelined', 'NOP CSs with 32 in flight (queue 0)')):
    if k in rtt:
        print(f'| {label} | {rtt[k]:.0f} |')
EOF
{
	echo
	echo "Measured $(date -u +%Y-%m-%d) on $(nproc) host cores ($(uname -m)), guest accelerator: ${accel:-unknown}, $( [ "$quick" = 1 ] && echo quick run || echo full run)."
} | tee -a "$work/table.md"

small_io
[ -z "$out" ] || cat "$work/table.md" "$work/small.md" >"$out"
[ "$update_doc" = 0 ] ||
	write_doc bench-table "$work/table.md" core-bench "$work/core.md" \
		small-io "$work/small.md"
