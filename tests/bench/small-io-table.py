#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tables of tests/bench/run-bench.sh's small-I/O run.

  small-io-table.py GUEST_BENCH_LINES QEMU_TRACE_LOG

GUEST_BENCH_LINES: the guest's "BENCH ..." lines (tests/bench/small-io):
"BENCH rep N", "BENCH rtt <kind> <count> <per s>", "BENCH nvme <read|write>
<count> <per s>", "BENCH traced-rtt ...".  QEMU_TRACE_LOG: QEMU's log
trace backend with -msg timestamp=on ("pid@sec.usec:event args"), written
while the guest ran its traced phase.

Prints markdown: per repetition, NOP CS round trips/s beside NVMe 4 KiB
QD1 reads and writes/s, and the device-side latency distribution:
  - goya_sync_run: doorbell write to the end of the work it started, MSI-X
    included, measured by the device in ns (absent in QEMUs whose doorbell
    work waits for the bottom half);
  - goya_qman_doorbell -> next goya_msix: from the trace timestamps
    (1 us resolution), whichever path the device takes.
Exit status 1 when a figure is missing (the table would be nonsense).
"""
import re
import statistics
import sys

TRACE = re.compile(r'^\d+@(\d+)\.(\d{6}):(goya_\w+) ?(.*)$')


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(p / 100 * len(s)))]


def dist_row(label, values, unit, scale):
    if not values:
        return f'| {label} | 0 | n/a | n/a | n/a | n/a | n/a | n/a |'
    f = [v / scale for v in values]
    return (f'| {label} | {len(f)} | {pct(f, 0):.1f} | {pct(f, 10):.1f} | '
            f'{statistics.median(f):.1f} | {pct(f, 90):.1f} | '
            f'{pct(f, 99):.1f} | {max(f):.1f} |')


def main():
    guest_path, trace_path = sys.argv[1], sys.argv[2]
    reps = []
    traced = {}
    stages = []
    with open(guest_path) as f:
        for line in f:
            w = line.split()
            if len(w) < 2 or w[0] != 'BENCH':
                continue
            if w[1] == 'rep':
                reps.append({})
            elif w[1] == 'rtt' and reps:
                reps[-1][w[2]] = float(w[4])
            elif w[1] == 'nvme' and reps:
                reps[-1]['nvme-' + w[2]] = float(w[4])
            elif w[1] in ('nop-rtt', 'ftraced-nop-rtt', 'traced-nop-rtt'):
                traced[w[1]] = float(w[3])
            elif w[1] == 'ftrace':
                stages.append((w[2], float(w[3]), int(w[4])))
    keys = ('nop', 'dma4', 'nop-pipelined', 'nvme-read', 'nvme-write')
    if not reps or any(k not in r for r in reps for k in keys):
        print('small-io-table.py: guest figures missing', file=sys.stderr)
        return 1

    print('| repetition | NOP CS | 4-byte LIN_DMA CS | NVMe 4 KiB read '
          '| NVMe 4 KiB write | NOP CS / NVMe read | NOP CSs, 32 in flight |')
    print('|---:|---:|---:|---:|---:|---:|---:|')
    for i, r in enumerate(reps, 1):
        print(f'| {i} | {r["nop"]:.0f} | {r["dma4"]:.0f} | '
              f'{r["nvme-read"]:.0f} | {r["nvme-write"]:.0f} | '
              f'{r["nop"] / r["nvme-read"]:.2f} | {r["nop-pipelined"]:.0f} |')
    med = {k: statistics.median(r[k] for r in reps) for k in keys}
    print(f'| median | {med["nop"]:.0f} | {med["dma4"]:.0f} | '
          f'{med["nvme-read"]:.0f} | {med["nvme-write"]:.0f} | '
          f'{med["nop"] / med["nvme-read"]:.2f} | '
          f'{med["nop-pipelined"]:.0f} |')
    print()
    print('Round trips per second, one at a time (submit + wait; NVMe: '
          'pread/pwrite O_DIRECT, queue depth 1, null-co backend), '
          'alternating in one guest.')
    print()

    sync_ns, db_to_msix = [], []
    pending = None
    with open(trace_path, errors='replace') as f:
        for line in f:
            m = TRACE.match(line.strip())
            if not m:
                continue
            t = int(m.group(1)) * 1000000 + int(m.group(2))
            ev, args = m.group(3), m.group(4)
            if ev == 'goya_sync_run':
                n = re.search(r'in (-?\d+) ns', args)
                if n:
                    sync_ns.append(int(n.group(1)))
            elif ev == 'goya_qman_doorbell':
                if pending is None:
                    pending = t
            elif ev == 'goya_msix' and pending is not None:
                db_to_msix.append(t - pending)
                pending = None
    if not db_to_msix:
        print('small-io-table.py: no doorbell/MSI-X pairs in the trace',
              file=sys.stderr)
        return 1
    print('| device side, traced phase | samples | min | p10 | median '
          '| p90 | p99 | max |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|')
    print(dist_row('doorbell write -> end of its work incl. MSI-X (µs, '
                   'device clock)', sync_ns, 'us', 1000.0))
    print(dist_row('doorbell -> MSI-X (µs, trace timestamps)', db_to_msix,
                   'us', 1.0))
    print()
    names = {
        'nop-rtt': 'nop-rtt, untraced',
        'ftraced-nop-rtt': 'with the guest function tracer on',
        'traced-nop-rtt': 'with the device trace events on',
    }
    print('One-NOP CS round trips/s of the traced loop (nop-rtt): ' +
          ', '.join(f'{names[k]} {traced[k]:.0f}' for k in names
                    if k in traced) + '.')
    print()
    if stages:
        labels = {
            'hl_cs_ioctl': 'CS ioctl dispatched',
            'goya_cs_parser': 'CS parser (CB copied, completion packets '
                              'appended)',
            'hl_hw_queue_schedule_cs': 'PQ entry written',
            'goya_ring_doorbell': 'doorbell MMIO write issued',
            'hl_irq_handler_cq': 'completion interrupt handler',
            'job_wq_completion': 'completion work item',
            'cs_do_release': 'CS released, waiters woken',
            'hl_ioctl(wait)': 'wait ioctl entered',
            'hl_wait_ioctl': 'wait ioctl dispatched',
            'next-cs-ioctl': 'next CS ioctl entered (round trip)',
        }
        print('| guest function entry (ftrace) | median µs after the CS '
              'ioctl entry | round trips |')
        print('|---|---:|---:|')
        for f, off, n in sorted(stages, key=lambda x: x[1]):
            print(f'| {labels.get(f, f)} (`{f}`) | {off:.1f} | {n} |')
        print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
