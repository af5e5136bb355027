#!/usr/bin/env python3
"""device_del of -device goya in the middle of a DMA (issue 11, "bad input").

q35 with ``-device pcie-root-port`` and goya behind it, native PCIe
hot-plug (ACPI PCI hot-plug off), no guest: the test is the guest's pciehp.
It starts a LIN_DMA that fills 768 MiB of guest RAM (a memset, done by the
model in 64 MiB slices from its bottom half), asks for the unplug
(``device_del``: attention button), sees the DMA channel busy, and powers
the slot off, which makes QEMU unrealize the device while the transfer is
half done.  Then:

* QEMU sends DEVICE_DELETED and keeps answering (qtest, QMP);
* the transfer stopped: its destination is written up to some point and
  never beyond, even after many more main-loop iterations;
* QEMU exits with status 0 on ``quit`` and prints no sanitizer report.

Runs against $GOYA_QEMU and, when scripts/build-qemu-fuzz.sh has built it,
against the ASan+UBSan qemu-system-x86_64 too (nothing may touch freed
memory).  Skipped (77) without a QEMU.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qtest import (QTest, find_qemu, find_sanitizer_qemu,   # noqa: E402
                   PCI_CAP_ID_EXP)

MiB = 1 << 20
PAGE = 4096

ROOT_PORT_ID = 0x000C1B36               # 1b36:000c pcie-root-port
GOYA_ID = 0x00011DA3
PCI_COMMAND_MEM_MASTER = 0x6
PCI_EXP_SLTCTL = 0x18
PCI_EXP_SLTCTL_PIC_OFF = 0x0300         # power indicator off
PCI_EXP_SLTCTL_PCC_OFF = 0x0400         # power controller off

# goya: BAR0 (SRAM + CFG through the default iATU) in the root port's
# 32-bit window; host memory is device address HPB + guest address.
BAR0 = 0xC000_0000
CFG_OFF = 0x0C00_0000
SRAM = 0x7F_F000_0000
HPB = 0x80_0000_0000
DMA_QM_0 = 0x400000
GLBL_CFG0, PQ_BASE_LO, PQ_BASE_HI, PQ_SIZE, PQ_PI = 0x0, 0x60, 0x64, 0x68, 0x6C
DMA_CH_0_STS0 = 0x401044
DMA_BUSY = 0x1
PKT_LIN_DMA = 9
LIN_DMA_MEMSET = 0x40

RAM = '1G'
DST = 0x1000_0000                       # guest RAM filled by the DMA
DST_LEN = 768 * MiB
FILL = 0xA5A5A5A5A5A5A5A5


def check(cond, what):
    print('%s: %s' % ('ok' if cond else 'FAIL', what))
    return bool(cond)


def written_pages(qt):
    """Pages of the destination the DMA wrote (it writes them in order)."""
    lo, hi = 0, DST_LEN // PAGE          # page lo written, page hi not
    if qt.readq(DST) != FILL:
        return 0
    if qt.readq(DST + DST_LEN - 8) == FILL:
        return DST_LEN // PAGE
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if qt.readq(DST + mid * PAGE) == FILL:
            lo = mid
        else:
            hi = mid
    return hi


def run(qemu):
    print('QEMU: %s' % qemu)
    env_asan = os.environ.get('ASAN_OPTIONS')
    os.environ['ASAN_OPTIONS'] = 'detect_leaks=0'
    try:
        qt = QTest(qemu, device='pcie-root-port,id=rp0,chassis=1,slot=1',
                   extra_args=['-device', 'goya,bus=rp0,id=g0', '-m', RAM,
                               '-global',
                               'ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off'])
    finally:
        if env_asan is None:
            del os.environ['ASAN_OPTIONS']
        else:
            os.environ['ASAN_OPTIONS'] = env_asan
    ok = True
    try:
        qt.enable_ecam()
        rp = qt.find_device(0x1B36, 0x000C)
        ok &= check(rp is not None, 'pcie-root-port found')
        # bus 1 behind the port, 32-bit memory window 0xC0000000-0xCFFFFFFF
        qt.cfg_writel(rp, 0x18, 1 << 16 | 1 << 8)
        qt.cfg_writel(rp, 0x20, 0xCFF0_C000)
        qt.cfg_writew(rp, 0x04, PCI_COMMAND_MEM_MASTER)
        goya = 1 << 8
        ok &= check(qt.cfg_readl(goya, 0) == GOYA_ID, 'goya at 01:00.0')
        qt.cfg_writel(goya, 0x10, BAR0)
        qt.cfg_writel(goya, 0x14, 0)
        qt.cfg_writew(goya, 0x04, PCI_COMMAND_MEM_MASTER)

        def wreg(r, v):
            qt.writel(BAR0 + CFG_OFF + r, v)

        # CB in SRAM: one LIN_DMA memset of DST_LEN bytes into guest RAM
        cb = struct.pack('<IIQQ', DST_LEN, PKT_LIN_DMA << 24 | LIN_DMA_MEMSET,
                         FILL, HPB + DST)
        qt.memwrite(BAR0 + 0x1000, cb)
        qt.memwrite(BAR0, struct.pack('<QII', SRAM + 0x1000, len(cb), 0))
        wreg(DMA_QM_0 + PQ_BASE_LO, SRAM & 0xFFFFFFFF)
        wreg(DMA_QM_0 + PQ_BASE_HI, SRAM >> 32)
        wreg(DMA_QM_0 + PQ_SIZE, 4)
        wreg(DMA_QM_0 + GLBL_CFG0, 0xF)

        # the unplug request first: the guest (us) must power the slot off
        qt.qmp('device_del', id='g0')
        ok &= check(not any(e['event'] == 'DEVICE_DELETED' for e in qt.events),
                    'device_del waits for the guest')
        exp = qt.find_cap(rp, PCI_CAP_ID_EXP)
        ctl = qt.cfg_readw(rp, exp + PCI_EXP_SLTCTL)
        # as few main-loop iterations as possible from here to the unplug
        wreg(DMA_QM_0 + PQ_PI, 1)                      # doorbell
        busy = qt.readl(BAR0 + CFG_OFF + DMA_CH_0_STS0) & DMA_BUSY
        ok &= check(busy, 'DMA channel busy before the slot goes off')
        qt.cfg_writew(rp, exp + PCI_EXP_SLTCTL,
                      ctl | PCI_EXP_SLTCTL_PIC_OFF | PCI_EXP_SLTCTL_PCC_OFF)
        ev = qt.wait_event('DEVICE_DELETED')
        ok &= check(ev['data'].get('device') == 'g0', 'DEVICE_DELETED for g0')
        ok &= check(qt.cfg_readl(goya, 0) == 0xFFFFFFFF, 'slot empty')

        done = written_pages(qt)
        ok &= check(0 < done < DST_LEN // PAGE,
                    'unplugged mid-transfer: %d of %d pages written'
                    % (done, DST_LEN // PAGE))
        for _ in range(50):                 # main-loop iterations, timers
            qt.clock_step(10 * 1000 * 1000)
            qt.qmp('query-status')
        later = written_pages(qt)
        ok &= check(later == done, 'the DMA stopped (%d pages written '
                    'after more main-loop iterations)' % later)
        vendors = []

        def collect(devices):
            for d in devices:
                vendors.append(d['id']['vendor'])
                collect(d.get('pci_bridge', {}).get('devices', []))
        for bus in qt.qmp('query-pci'):
            collect(bus['devices'])
        ok &= check(GOYA_ID & 0xFFFF not in vendors, 'no goya in query-pci')
        qt.qmp('quit')
        try:
            rc = qt.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            rc = None
        err = qt.stderr()
        ok &= check(rc == 0, 'QEMU exit status %s on quit' % rc)
        ok &= check('Sanitizer' not in err and 'runtime error' not in err,
                    'no sanitizer report')
        if not ok:
            print(err[-4000:])
    finally:
        qt.close()
    return ok


def main():
    qemus = [q for q in (find_qemu(), find_sanitizer_qemu()) if q]
    if not qemus:
        print('SKIP: no QEMU with -device goya (set GOYA_QEMU)')
        return 77
    ok = True
    for q in dict.fromkeys(qemus):
        t0 = time.monotonic()
        ok &= run(q)
        print('(%.1f s)' % (time.monotonic() - t0))
    if len(qemus) == 1:
        print('note: no ASan+UBSan QEMU (scripts/build-qemu-fuzz.sh): '
              'ran against %s only' % qemus[0])
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
