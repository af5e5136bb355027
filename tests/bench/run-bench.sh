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
#    for the engine, whose copies are memcpy()s in the QEMU process.
#
# usage: tests/bench/run-bench.sh [--quick] [--image DIR] [--qemu BIN]
#                                 [--out FILE] [--update-doc]
#   --quick       sizes up to 16 MiB, 0.2 s per figure
#   --out FILE    also write the markdown table to FILE
#   --update-doc  replace the measured table in docs/performance.md
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
top=$(cd "$here/../.." && pwd)
image=${GOYA_GUEST_DIR:-$top/build/guest}/6.1
qemu=${GOYA_QEMU:-}
quick=0
out=
update_doc=0

while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1; shift ;;
	--image) image=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--update-doc) update_doc=1; shift ;;
	-h|--help) sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [ -z "$qemu" ]; then
	qemu=$("$top/scripts/build-qemu.sh" --print-binary)
fi

work=$(mktemp -d /tmp/goya-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

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

[ -z "$out" ] || cp "$work/table.md" "$out"
if [ "$update_doc" = 1 ]; then
	doc=$top/docs/performance.md
	python3 - "$doc" "$work/table.md" "$work/core.md" <<'EOF'
import sys
doc = sys.argv[1]
s = open(doc).read()
for tag, path in (('bench-table', sys.argv[2]), ('core-bench', sys.argv[3])):
    a, b = f'<!-- {tag}-begin -->', f'<!-- {tag}-end -->'
    i, j = s.index(a) + len(a), s.index(b)
    s = s[:i] + '\n' + open(path).read() + s[j:]
open(doc, 'w').write(s)
EOF
	echo "==> updated $doc" >&2
fi
