#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Device DMA engine copy rate from a QEMU trace of goya_dma_start /
goya_dma_done (log backend, -msg timestamp=on: "pid@sec.usec:event ...").

Per LIN_DMA: done - start, i.e. the model's copy time including its MMU
walks, iATU look-ups and guest-RAM mappings, without the driver, the PQ
and the completion path.  Memsets and device-to-device copies are skipped.
Prints "ENGINE <h2d|d2h> <bytes> <count> <mean MB/s> <best MB/s>"; the
timestamps have 1 us resolution, so small sizes are coarse.
Usage: engine-rate.py TRACE_LOG
"""
import re
import sys
from collections import defaultdict

HOST_VA = 0x1000000000000
MEMSET = 0x40
ev = re.compile(r'^\d+@(\d+)\.(\d+):goya_dma_(start|done) (\S+) lin_dma (.*)$')
start = {}
acc = defaultdict(lambda: [0, 0.0, 0, None])  # count, seconds, bytes, best

with open(sys.argv[1], errors='replace') as f:
    for line in f:
        m = ev.match(line)
        if not m:
            continue
        t = int(m.group(1)) + int(m.group(2)) / 1e6
        q, rest = m.group(4), m.group(5).split()
        if m.group(3) == 'start':
            # 0xSRC -> 0xDST size 0xN ctl 0xC
            src, dst = int(rest[0], 16), int(rest[2], 16)
            size, ctl = int(rest[4], 16), int(rest[6], 16)
            kind = None
            if not ctl & MEMSET:
                if src >= HOST_VA > dst:
                    kind = 'h2d'
                elif dst >= HOST_VA > src:
                    kind = 'd2h'
            start[q] = (t, kind, size)
        elif q in start:
            t0, kind, size = start.pop(q)
            if kind:
                a = acc[(kind, size)]
                dt = t - t0
                a[0] += 1
                a[1] += dt
                a[2] += size
                if dt > 0 and (a[3] is None or dt < a[3]):
                    a[3] = dt
for (kind, size), (n, secs, nbytes, best) in sorted(acc.items()):
    mean = nbytes / secs / 1e6 if secs > 0 else 0.0
    bestr = size / best / 1e6 if best else 0.0
    print(f'ENGINE {kind} {size} {n} {mean:.1f} {bestr:.1f}')
