#!/usr/bin/env python3
"""qtest suite for ``-device goya`` (QEMU 10.0, q35).

Every test starts its own QEMU under ``-accel qtest`` (tests/qtest/qtest.py)
and drives the device only through PCI config space (CF8/CFC, ECAM) and
memory accesses to its BARs, the way the Linux 6.1 habanalabs driver does
(/work/shared/goya-driver-contract.md sections 2, 3 and 5).

Environment:
  GOYA_QEMU            qemu-system-x86_64 with the goya device (default:
                       scripts/build-qemu.sh --print-binary); missing -> the
                       whole suite is skipped (exit 77)
  GOYA_FIRMWARE_DIR    directory with goya-boot-fit.itb / goya-fit.itb
  GOYA_FIRMWARE        same (a directory, or the path of goya-boot-fit.itb)
                       (default: <repo>/build/firmware-stub); when the images
                       are absent a minimal synthetic FDT is used instead

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import struct
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qtest import (QTest, QTestError, base_args, find_qemu, REPO,   # noqa: E402
                   PCI_COMMAND, PCI_CLASS_PROG, PCI_HEADER_TYPE,
                   PCI_CAP_ID_EXP, PCI_CAP_ID_MSIX)

QEMU = find_qemu()

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
MS = 1000 * 1000                         # ns

VENDOR, DEVICE = 0x1DA3, 0x0001

# Where the tests put the BARs (64-bit BARs above 4 GiB, aligned for any
# dram-bar-size up to 32 GiB; BAR2 in the 32-bit hole).
BAR0_ADDR = 0x4_0000_0000
BAR2_ADDR = 0xE000_0000
BAR4_ADDR = 0x8_0000_0000

# BAR0 layout and registers (offsets from CFG_BASE, the driver's mm* values)
CFG_BAR0_OFF = 0x0C00_0000
SRAM_BOOT_FIT_OFF = 0x20_0000
DRAM_LINUX_FIT_OFF = 0x80_0000
SRAM_SIZE = 0x32A_0000
mmCPU_PQ_BASE_ADDR_LOW = 0xC4B100
mmCPU_BOOT_DEV_STS0 = 0xC4B150
mmCPU_BOOT_DEV_STS1 = 0xC4B154
mmCPU_CMD_STATUS_TO_HOST = 0xC4B15C
mmCPU_BOOT_ERR0 = 0xC4B160
mmCPU_BOOT_ERR1 = 0xC4B164
mmPREBOOT_VER_OFFSET = 0xC4B170
mmUBOOT_VER_OFFSET = 0xC4B174
mmCPU_BOOT_STATUS = 0xC4B300
mmKMD_MSG_TO_CPU = 0xC4B304
mmHW_STATE = 0xC4B320
mmBOOT_STRAP_PINS = 0xC4B430
mmSW_ALL_RST_CFG = 0xC4B474
mmPCIE_AUX_DBI = 0xC07490
mmPCIE_DBI_DEVICE_ID_VENDOR_ID = 0xC02000

# Boot status values (include/common/hl_boot_if.h)
STS_IN_RESET, STS_IN_BTL, STS_IN_PREBOOT = 0, 4, 5
STS_SRAM_AVAIL, STS_FIT_CORRUPTED = 3, 9
STS_READY_TO_BOOT, STS_WAITING_FOR_BOOT_FIT = 15, 16
KMD_NA, KMD_FIT_RDY = 0, 2
ERR0_ENABLED, ERR0_FIT_CORRUPTED = 0x8000_0000, 0x2

# ELBI window in extended config space
ELBI_ADDR, ELBI_DATA, ELBI_CTRL, ELBI_STS = 0xFF0, 0xFF4, 0xFF8, 0xFFC
ELBI_CTRL_WRITE = 0x8000_0000
ELBI_DONE, ELBI_ERR = 0x8000_0000, 0x4000_0000
ELBI_CFG_BASE = 0xFC00_0000               # low 32 bits of CFG_BASE

# PSOC_GLOBAL_CONF_SW_ALL_RST_CFG: the driver's hard-reset mask (CPU bit 12)
HARD_RESET_MASK = 0x7FFE00


# ---------------------------------------------------------------------------
# firmware images

def _fw_dirs():
    dirs = []
    for var in ('GOYA_FIRMWARE_DIR', 'GOYA_FIRMWARE'):
        v = os.environ.get(var)
        if v:
            dirs.append(v if os.path.isdir(v) else os.path.dirname(v))
    dirs.append(os.path.join(REPO, 'build', 'firmware-stub'))
    return dirs


def load_fw(name):
    """(bytes, path) of a built FIT image, or (None, None)."""
    for d in _fw_dirs():
        p = os.path.join(d, name)
        if os.path.isfile(p):
            with open(p, 'rb') as f:
                return f.read(), p
    return None, None


def synthetic_fdt():
    """The smallest FDT the emulated loader accepts: a root node, no
    properties (header, empty reserve map, structure, empty strings)."""
    struct_blk = struct.pack('>IIII', 1, 0, 2, 9)     # BEGIN_NODE "" END_NODE END
    off_rsv = 40
    off_struct = off_rsv + 16
    off_strings = off_struct + len(struct_blk)
    total = off_strings
    hdr = struct.pack('>10I', 0xD00DFEED, total, off_struct, off_strings,
                      off_rsv, 17, 16, 0, 0, len(struct_blk))
    return hdr + b'\0' * 16 + struct_blk


def fit_image(name):
    data, path = load_fw(name)
    if data is None:
        return synthetic_fdt(), 'synthetic FDT'
    return data, path


# ---------------------------------------------------------------------------
# helpers

def rss_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS for pid %d' % pid)


class Goya:
    """A goya function under qtest: enumerated, BARs assigned, enabled."""

    def __init__(self, qt, enable=True):
        self.qt = qt
        self.setup(enable)

    def setup(self, enable=True):
        qt = self.qt
        qt.enable_ecam()
        self.bdf = qt.find_device(VENDOR, DEVICE)
        if self.bdf is None:
            raise AssertionError('goya (1da3:0001) not found on bus 0')
        self.bar0, self.bar2, self.bar4 = BAR0_ADDR, BAR2_ADDR, BAR4_ADDR
        qt.set_bar(self.bdf, 0, self.bar0)
        qt.set_bar(self.bdf, 2, self.bar2)
        qt.set_bar(self.bdf, 4, self.bar4)
        if enable:
            qt.enable_device(self.bdf)

    # registers through BAR0 (CFG at BAR0 + 0xC000000)
    def reg(self, r):
        return self.qt.readl(self.bar0 + CFG_BAR0_OFF + r)

    def wreg(self, r, v):
        self.qt.writel(self.bar0 + CFG_BAR0_OFF + r, v)

    def cfg(self, off):
        return self.qt.cfg_readl(self.bdf, off)

    def wcfg(self, off, v):
        self.qt.cfg_writel(self.bdf, off, v)

    # ELBI (common/pci/pci.c: hl_pci_elbi_read/write)
    def elbi_read(self, addr):
        """Returns (sts, data); data is None unless the access succeeded."""
        self.wcfg(ELBI_STS, 0)
        self.wcfg(ELBI_ADDR, addr)
        self.wcfg(ELBI_CTRL, 0)
        sts = self._elbi_poll()
        if sts & (ELBI_DONE | ELBI_ERR) == ELBI_DONE:
            return sts, self.cfg(ELBI_DATA)
        return sts, None

    def elbi_write(self, addr, val):
        self.wcfg(ELBI_STS, 0)
        self.wcfg(ELBI_ADDR, addr)
        self.wcfg(ELBI_DATA, val)
        self.wcfg(ELBI_CTRL, ELBI_CTRL_WRITE)
        return self._elbi_poll()

    def _elbi_poll(self):
        for _ in range(20):           # driver: 10 ms of 300-500 us sleeps
            sts = self.cfg(ELBI_STS)
            if sts & (ELBI_DONE | ELBI_ERR):
                return sts
            self.qt.clock_step(500 * 1000)
        return sts

    def iatu_write(self, r, v):
        """hl_pci_iatu_write(): AUX_DBI := 0x300000, DBI + (r & 0xFFF)."""
        self.elbi_write(ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0x300000)
        return self.elbi_write(ELBI_CFG_BASE + mmPCIE_DBI_DEVICE_ID_VENDOR_ID +
                               (r & 0xFFF), v)

    def poll(self, fn, pred, max_ns, step_ns=MS):
        """Poll fn() (advancing the virtual clock) until pred(value)."""
        waited = 0
        v = fn()
        while not pred(v):
            if waited >= max_ns:
                return v
            self.qt.clock_step(step_ns)
            waited += step_ns
            v = fn()
        return v

    def boot_status(self):
        return self.reg(mmCPU_BOOT_STATUS)

    def wait_status(self, want, max_ns=50 * MS):
        want = (want,) if isinstance(want, int) else tuple(want)
        return self.poll(self.boot_status, lambda s: s in want, max_ns)

    def read_string(self, sram_off, n=128):
        raw = self.qt.memread(self.bar0 + sram_off, n)
        return raw.split(b'\0', 1)[0].decode(errors='replace')


@unittest.skipIf(QEMU is None or not os.access(QEMU, os.X_OK),
                 'no QEMU with -device goya (set GOYA_QEMU)')
class GoyaTestCase(unittest.TestCase):
    """Base: self.start(props) gives a QTest + Goya, closed at teardown."""

    def start(self, props='', enable=True, extra_args=()):
        dev = 'goya' + (',' + props if props else '')
        qt = QTest(QEMU, device=dev, extra_args=extra_args)
        self.addCleanup(qt.close)
        return qt, Goya(qt, enable=enable)

    def run_qemu(self, args, timeout=20):
        return subprocess.run([QEMU] + args, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)


# ---------------------------------------------------------------------------
# 1. identity and configuration space

class TestIdentity(GoyaTestCase):

    def test_ids_class_and_pcie(self):
        qt, g = self.start()
        bdf = g.bdf
        # IDs through legacy CF8/CFC and through ECAM agree
        self.assertEqual(qt.legacy_cfg_readl(bdf, 0), DEVICE << 16 | VENDOR)
        self.assertEqual(g.cfg(0), DEVICE << 16 | VENDOR)
        cls = g.cfg(0x08)
        self.assertEqual(cls >> 16, 0x1200, 'class: processing accelerator')
        self.assertEqual(qt.cfg_readb(bdf, PCI_CLASS_PROG), 0)
        self.assertEqual(qt.cfg_readb(bdf, PCI_HEADER_TYPE) & 0x7F, 0)
        # a PCIe function: Express capability, version 2, endpoint type
        pos = qt.find_cap(bdf, PCI_CAP_ID_EXP)
        self.assertIsNotNone(pos, 'PCI Express capability')
        flags = qt.cfg_readw(bdf, pos + 2)
        self.assertEqual(flags & 0xF, 2, 'PCIe capability version')
        # 0 = endpoint, 9 = root-complex integrated endpoint (on pcie.0)
        self.assertIn((flags >> 4) & 0xF, (0, 9))
        # interrupt pin A
        self.assertEqual(qt.cfg_readb(bdf, 0x3D), 1)

    def test_config_space_is_4k(self):
        qt, g = self.start()
        # a 256-byte function reads all-ones above 0xFF
        self.assertNotEqual(g.cfg(0x100), 0xFFFFFFFF, 'extended config space')
        # no extended capability may overlap the ELBI window at 0xFF0
        hdr = g.cfg(0x100)
        seen = 0
        while hdr and seen < 64:
            nxt = hdr >> 20
            self.assertTrue(nxt == 0 or 0x100 <= nxt < 0xFF0, hex(hdr))
            if not nxt:
                break
            hdr = g.cfg(nxt)
            seen += 1
        # the top of the 4-KiB space is the (live) ELBI window
        g.wcfg(ELBI_ADDR, 0xFCC4B150)
        self.assertEqual(g.cfg(ELBI_ADDR), 0xFCC4B150)
        self.assertEqual(qt.cfg_readw(g.bdf, ELBI_ADDR + 2), 0xFCC4)
        self.assertEqual(qt.cfg_readb(g.bdf, ELBI_ADDR + 1), 0xB1)


# ---------------------------------------------------------------------------
# 2. BARs and MSI-X

class TestBars(GoyaTestCase):

    def check_bars(self, qt, g, bar4_size):
        b0 = qt.bar_info(g.bdf, 0)
        self.assertEqual(b0['size'], 256 * MiB)
        self.assertTrue(b0['is64'])
        self.assertFalse(b0['io'])
        self.assertFalse(b0['prefetch'])
        b2 = qt.bar_info(g.bdf, 2)
        self.assertEqual(b2['size'], 4 * KiB)
        self.assertFalse(b2['io'])
        b4 = qt.bar_info(g.bdf, 4)
        self.assertEqual(b4['size'], bar4_size)
        self.assertTrue(b4['is64'])
        self.assertTrue(b4['prefetch'])
        # BARs 1, 3, 5 are the upper halves: nothing else is decoded
        for bar in (0, 2, 4):
            self.assertEqual(g.cfg(0x10 + 4 * bar) & ~0xF & 0xFFFFFFFF,
                             {0: BAR0_ADDR, 2: BAR2_ADDR,
                              4: BAR4_ADDR}[bar] & 0xFFFFFFFF)
            self.assertEqual(g.cfg(0x14 + 4 * bar),
                             {0: BAR0_ADDR, 2: BAR2_ADDR,
                              4: BAR4_ADDR}[bar] >> 32)
        # no expansion ROM
        g.wcfg(0x30, 0xFFFFF800)
        self.assertEqual(g.cfg(0x30), 0)

    def test_default_bar_sizes(self):
        qt, g = self.start()
        self.check_bars(qt, g, 256 * MiB)

    def test_dram_bar_size_512m(self):
        qt, g = self.start('dram-bar-size=512M')
        self.check_bars(qt, g, 512 * MiB)
        # the whole window decodes: last dword of BAR4 is DRAM 0x1FFFFFFC
        qt.writel(g.bar4 + 512 * MiB - 4, 0xA5A55A5A)
        self.assertEqual(qt.readl(g.bar4 + 512 * MiB - 4), 0xA5A55A5A)

    def test_msix(self):
        qt, g = self.start()
        pos = qt.find_cap(g.bdf, PCI_CAP_ID_MSIX)
        self.assertIsNotNone(pos, 'MSI-X capability')
        ctrl = qt.cfg_readw(g.bdf, pos + 2)
        self.assertEqual((ctrl & 0x7FF) + 1, 8, 'MSI-X table size')
        table = g.cfg(pos + 4)
        pba = g.cfg(pos + 8)
        self.assertEqual(table & 7, 2, 'table in BAR2')
        self.assertEqual(pba & 7, 2, 'PBA in BAR2')
        toff, poff = table & ~7, pba & ~7
        self.assertLessEqual(toff + 8 * 16, 4 * KiB)
        self.assertLessEqual(poff + 8, 4 * KiB)
        self.assertFalse(toff <= poff < toff + 8 * 16, 'PBA overlaps table')
        # no MSI capability (MSI-X only, as the driver requires)
        self.assertIsNone(qt.find_cap(g.bdf, 0x05))
        # table entries are reachable through BAR2; vectors start masked
        for v in range(8):
            e = g.bar2 + toff + 16 * v
            self.assertEqual(qt.readl(e + 12) & 1, 1, 'vector %d masked' % v)
            qt.writel(e, 0xFEE00000 + v * 4)
            qt.writel(e + 8, 0x40 + v)
        for v in range(8):
            e = g.bar2 + toff + 16 * v
            self.assertEqual(qt.readl(e), 0xFEE00000 + v * 4)
            self.assertEqual(qt.readl(e + 8), 0x40 + v)
        self.assertEqual(qt.readl(g.bar2 + poff), 0, 'nothing pending')


    def test_bar_accesses(self):
        qt, g = self.start()
        # SRAM through BAR0, 1/2/4/8-byte accesses, little endian
        qt.writeq(g.bar0 + 0x8000, 0x0123456789ABCDEF)
        self.assertEqual(qt.readq(g.bar0 + 0x8000), 0x0123456789ABCDEF)
        self.assertEqual(qt.readl(g.bar0 + 0x8004), 0x01234567)
        self.assertEqual(qt.readw(g.bar0 + 0x8002), 0x89AB)
        self.assertEqual(qt.readb(g.bar0 + 0x8000), 0xEF)
        # last dword of SRAM; the hole behind it reads all-ones
        qt.writel(g.bar0 + SRAM_SIZE - 4, 0x5A5AA5A5)
        self.assertEqual(qt.readl(g.bar0 + SRAM_SIZE - 4), 0x5A5AA5A5)
        self.assertEqual(qt.readl(g.bar0 + SRAM_SIZE), 0xFFFFFFFF)
        self.assertEqual(qt.readl(g.bar0 + 0x800_0000), 0xFFFFFFFF)
        # DRAM through BAR4 (page-table readq/writeq)
        qt.writeq(g.bar4 + 0x1000, 0xFEDCBA9876543210)
        self.assertEqual(qt.readq(g.bar4 + 0x1000), 0xFEDCBA9876543210)
        self.assertEqual(qt.readl(g.bar4 + 0x1004), 0xFEDCBA98)
        qt.writeq(g.bar4 + 256 * MiB - 8, 0x1122334455667788)
        self.assertEqual(qt.readq(g.bar4 + 256 * MiB - 8), 0x1122334455667788)
        # CFG through BAR0: 8-byte access = two registers
        qt.writeq(g.bar0 + CFG_BAR0_OFF + mmCPU_PQ_BASE_ADDR_LOW,
                  0x0000_0080_1234_5000)
        self.assertEqual(g.reg(mmCPU_PQ_BASE_ADDR_LOW), 0x1234_5000)
        self.assertEqual(g.reg(mmCPU_PQ_BASE_ADDR_LOW + 4), 0x80)
        # memory decoding off: the BARs are gone (unassigned memory)
        qt.cfg_writew(g.bdf, PCI_COMMAND, 0)
        self.assertNotEqual(qt.readl(g.bar0 + 0x8000), 0x89ABCDEF)
        qt.enable_device(g.bdf)
        self.assertEqual(qt.readl(g.bar0 + 0x8000), 0x89ABCDEF)


class TestTopology(GoyaTestCase):

    def test_behind_root_port_and_hotplug(self):
        qt = QTest(QEMU, device='pcie-root-port,id=rp0,chassis=1,slot=1',
                   extra_args=['-device', 'goya,bus=rp0,id=g0',
                               '-device',
                               'pcie-root-port,id=rp1,chassis=2,slot=2'])
        self.addCleanup(qt.close)
        qt.enable_ecam()
        ports = [d << 3 for d in range(1, 32)
                 if qt.legacy_cfg_readl(d << 3, 0) == 0x000C1B36]
        self.assertEqual(len(ports), 2)
        for n, rp in enumerate(ports, 1):
            qt.cfg_writel(rp, 0x18, n << 16 | n << 8)   # sec = sub = n
        bdf = 1 << 8
        self.assertEqual(qt.cfg_readl(bdf, 0), DEVICE << 16 | VENDOR)
        pos = qt.find_cap(bdf, PCI_CAP_ID_EXP)
        self.assertEqual((qt.cfg_readw(bdf, pos + 2) >> 4) & 0xF, 0,
                         'PCIe endpoint behind a root port')
        g = Goya.__new__(Goya)
        g.qt, g.bdf = qt, bdf
        self.assertEqual(g.elbi_read(0xFCC02000), (ELBI_DONE, 0x00011DA3))
        # hot-plug: bad properties are refused cleanly, QEMU survives
        for props in ({'dram-size': 3 * GiB}, {'dram-size': 6 * GiB},
                      {'dram-bar-size': 384 * MiB}):
            with self.assertRaises(QTestError) as cm:
                qt.qmp('device_add', driver='goya', bus='rp1', id='g1',
                       **props)
            self.assertIn("'%s'" % next(iter(props)), str(cm.exception))
        self.assertEqual(qt.cfg_readl(2 << 8, 0), 0xFFFFFFFF)
        qt.qmp('device_add', driver='goya', bus='rp1', id='g1',
               **{'dram-size': 8 * GiB})
        self.assertEqual(qt.cfg_readl(2 << 8, 0), DEVICE << 16 | VENDOR)
        g.bdf = 2 << 8
        self.assertEqual(g.elbi_read(0xFCC02000), (ELBI_DONE, 0x00011DA3))


# ---------------------------------------------------------------------------
# 3. ELBI window

class TestElbi(GoyaTestCase):

    def test_elbi_read_boot_status(self):
        # the driver's first ELBI read happens before the device is enabled
        qt, g = self.start(enable=False)
        self.assertEqual(qt.cfg_readw(g.bdf, PCI_COMMAND) & 0x6, 0)
        sts, data = g.elbi_read(ELBI_CFG_BASE + mmCPU_BOOT_STATUS)
        self.assertEqual(sts, ELBI_DONE)
        self.assertEqual(data, STS_IN_RESET)
        g.poll(lambda: g.elbi_read(ELBI_CFG_BASE + mmCPU_BOOT_STATUS)[1],
               lambda s: s == STS_WAITING_FOR_BOOT_FIT, 50 * MS)
        sts, data = g.elbi_read(0xFCC4B300)
        self.assertEqual((sts, data), (ELBI_DONE, STS_WAITING_FOR_BOOT_FIT))
        # probe-time read of CPU_BOOT_DEV_STS0: valid, no iATU shortcut
        sts, data = g.elbi_read(0xFCC4B150)
        self.assertEqual(sts, ELBI_DONE)
        self.assertEqual(data & 0x80020000, 0x80000000)
        # the normal DBI: vendor/device register
        sts, data = g.elbi_read(0xFCC02000)
        self.assertEqual((sts, data), (ELBI_DONE, DEVICE << 16 | VENDOR))
        # STS := 0 clears it
        g.wcfg(ELBI_STS, 0)
        self.assertEqual(g.cfg(ELBI_STS), 0)

    def test_elbi_write_readback(self):
        qt, g = self.start()
        scratch = ELBI_CFG_BASE + mmCPU_PQ_BASE_ADDR_LOW     # SCRATCHPAD_0
        self.assertEqual(g.elbi_write(scratch, 0x12345678), ELBI_DONE)
        self.assertEqual(g.elbi_read(scratch), (ELBI_DONE, 0x12345678))
        # same register through BAR0
        self.assertEqual(g.reg(mmCPU_PQ_BASE_ADDR_LOW), 0x12345678)
        g.wreg(mmCPU_PQ_BASE_ADDR_LOW, 0xCAFEF00D)
        self.assertEqual(g.elbi_read(scratch), (ELBI_DONE, 0xCAFEF00D))
        # a plain (non-fw) register file entry too
        self.assertEqual(g.elbi_write(ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0),
                         ELBI_DONE)
        self.assertEqual(g.elbi_read(ELBI_CFG_BASE + mmPCIE_AUX_DBI),
                         (ELBI_DONE, 0))
        # sub-dword ELBI writes are ignored (log only), the DATA stays
        g.wcfg(ELBI_DATA, 0x11111111)
        qt.cfg_writeb(g.bdf, ELBI_DATA, 0x22)
        self.assertEqual(g.cfg(ELBI_DATA), 0x11111111)

    def test_elbi_bad_address(self):
        qt, g = self.start()
        for bad in (0x12345678,                  # below the CFG window
                    0xFCC4B302,                  # unaligned
                    0x0,
                    ELBI_CFG_BASE - 4):
            sts, data = g.elbi_read(bad)
            self.assertEqual(sts & (ELBI_DONE | ELBI_ERR), ELBI_ERR,
                             'read 0x%x: sts 0x%x' % (bad, sts))
            self.assertIsNone(data)
            sts = g.elbi_write(bad, 0xDEADBEEF)
            self.assertEqual(sts & (ELBI_DONE | ELBI_ERR), ELBI_ERR,
                             'write 0x%x: sts 0x%x' % (bad, sts))
        # a good access afterwards works again
        sts, data = g.elbi_read(ELBI_CFG_BASE + mmPCIE_DBI_DEVICE_ID_VENDOR_ID)
        self.assertEqual((sts, data), (ELBI_DONE, 0x00011DA3))

    def test_iatu_bar4_window_move(self):
        # contract 3.4/3.5: inbound region 1 (BAR4) retargeted through ELBI
        qt, g = self.start()
        qt.writel(g.bar4, 0x0000AAAA)                       # DRAM 0
        qt.writel(g.bar4 + 0x1000_0000 - 4, 0x0000BBBB)     # not in window
        for r, v in ((0x314, 0x1000_0000), (0x318, 0), (0x300, 0),
                     (0x304, 0xC008_0400)):
            self.assertEqual(g.iatu_write(r, v), ELBI_DONE)
        self.assertEqual(g.elbi_write(ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0),
                         ELBI_DONE)
        self.assertEqual(qt.readl(g.bar4), 0, 'DRAM 0x10000000 is fresh')
        qt.writel(g.bar4, 0x0000CCCC)
        # back to 0: the old content is still there
        for r, v in ((0x314, 0), (0x318, 0), (0x300, 0),
                     (0x304, 0xC008_0400)):
            g.iatu_write(r, v)
        g.elbi_write(ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0)
        self.assertEqual(qt.readl(g.bar4), 0x0000AAAA)
        self.assertEqual(qt.readl(g.bar4 + 0x1000_0000 - 4), 0x0000BBBB)
        # BAR0 (inbound 0) still maps SRAM/CFG
        self.assertEqual(g.reg(mmPCIE_DBI_DEVICE_ID_VENDOR_ID), 0x00011DA3)


# ---------------------------------------------------------------------------
# 4. boot handshake (static loader, contract 5.3)

class TestBoot(GoyaTestCase):

    def boot_to_16(self, g):
        seen = []

        def rec():
            s = g.boot_status()
            if not seen or seen[-1] != s:
                seen.append(s)
            return s
        st = g.poll(rec, lambda s: s in (11, 15, 16), 1000 * MS)
        self.assertEqual(st, STS_WAITING_FOR_BOOT_FIT, 'status history %s' %
                         seen)
        return seen

    def load_boot_fit(self, g, data):
        g.qt.memwrite(g.bar0 + SRAM_BOOT_FIT_OFF, data)
        self.assertEqual(g.qt.memread(g.bar0 + SRAM_BOOT_FIT_OFF, len(data)),
                         data, 'boot FIT readback through BAR0')

    def send_fit_rdy(self, g):
        g.wreg(mmCPU_CMD_STATUS_TO_HOST, 0)
        g.wreg(mmKMD_MSG_TO_CPU, KMD_FIT_RDY)
        st = g.poll(lambda: g.reg(mmCPU_CMD_STATUS_TO_HOST),
                    lambda v: v != 0, 1000 * MS)
        g.wreg(mmKMD_MSG_TO_CPU, KMD_NA)
        return st

    def test_power_on_state(self):
        qt, g = self.start()
        self.assertEqual(g.boot_status(), STS_IN_RESET)
        self.assertEqual(g.reg(mmHW_STATE), 0)
        self.assertEqual(g.reg(mmBOOT_STRAP_PINS) & (1 << 21), 0)
        seen = self.boot_to_16(g)
        self.assertEqual(seen, [STS_IN_RESET, STS_IN_BTL, STS_IN_PREBOOT,
                                STS_WAITING_FOR_BOOT_FIT])
        self.assertLess(qt.clock_now(), 20 * MS)
        # preboot: STS0 valid, static loader, no iATU shortcut; STS1 0
        sts0 = g.reg(mmCPU_BOOT_DEV_STS0)
        self.assertEqual(sts0 & 0x8000_0000, 0x8000_0000)
        self.assertEqual(sts0 & ((1 << 16) | (1 << 17) | 1), 0)
        self.assertEqual(g.reg(mmCPU_BOOT_DEV_STS1), 0)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR1), 0)
        self.assertEqual(g.reg(mmHW_STATE), 0)
        # preboot version: offset (masked like the driver) inside SRAM
        off = g.reg(mmPREBOOT_VER_OFFSET) & 0x0FFF_FFFF
        self.assertLess(off, 0x329_FF80)
        ver = g.read_string(off)
        self.assertIn('Preboot', ver)
        self.assertIn('fw-', ver.split('Preboot', 1)[1])
        # status stays 16 while nobody sends FIT_RDY
        qt.clock_step(100 * MS)
        self.assertEqual(g.boot_status(), STS_WAITING_FOR_BOOT_FIT)

    def test_boot_handshake(self):
        qt, g = self.start()
        boot_fit, boot_src = fit_image('goya-boot-fit.itb')
        linux_fit, linux_src = fit_image('goya-fit.itb')
        sys.stderr.write('[boot FIT: %s; Linux FIT: %s] ' %
                         (boot_src, linux_src))
        # step A..B
        self.boot_to_16(g)
        # step C: boot FIT to SRAM through BAR0, FIT_RDY, ack 1
        self.load_boot_fit(g, boot_fit)
        self.assertEqual(self.send_fit_rdy(g), 1, 'CPU_CMD_STATUS_TO_HOST')
        # step D: 15 (READY_TO_BOOT); u-boot version published
        self.assertEqual(g.wait_status((2, 11, 15, 3), 15000 * MS),
                         STS_READY_TO_BOOT)
        uoff = g.reg(mmUBOOT_VER_OFFSET) & 0x0FFF_FFFF
        self.assertLess(uoff, 0x329_FF80)
        self.assertIn('fw-', g.read_string(uoff))
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0)
        # step F: Linux FIT to DRAM 0x800000 through BAR4, FIT_RDY -> 3
        qt.memwrite(g.bar4 + DRAM_LINUX_FIT_OFF, linux_fit)
        self.assertEqual(qt.memread(g.bar4 + DRAM_LINUX_FIT_OFF,
                                    len(linux_fit)), linux_fit)
        g.wreg(mmKMD_MSG_TO_CPU, KMD_FIT_RDY)
        self.assertEqual(g.wait_status(STS_SRAM_AVAIL, 15000 * MS),
                         STS_SRAM_AVAIL)
        g.wreg(mmKMD_MSG_TO_CPU, KMD_NA)
        # step G: no boot errors
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR1), 0)
        self.assertEqual(g.reg(mmCPU_BOOT_DEV_STS0) & 0x8000_0000,
                         0x8000_0000)
        # a further FIT_RDY is ignored, status stays 3
        g.wreg(mmKMD_MSG_TO_CPU, KMD_FIT_RDY)
        qt.clock_step(50 * MS)
        self.assertEqual(g.boot_status(), STS_SRAM_AVAIL)

    def test_corrupt_boot_fit(self):
        qt, g = self.start()
        good, _ = fit_image('goya-boot-fit.itb')
        self.boot_to_16(g)
        bad_magic = b'\xde\xad\xbe\xef' + good[4:]
        huge = good[:4] + struct.pack('>I', 0x1400001) + good[8:]
        unterminated = bytearray(good)
        off_struct, size_struct = (struct.unpack('>I', good[8:12])[0],
                                   struct.unpack('>I', good[36:40])[0])
        unterminated[off_struct + size_struct - 4:
                     off_struct + size_struct] = b'\0\0\0\0'
        zeros = b'\0' * 64
        for name, img in (('bad magic', bad_magic), ('total size', huge),
                          ('no END token', bytes(unterminated)),
                          ('zeros', zeros)):
            self.load_boot_fit(g, img)
            self.assertEqual(self.send_fit_rdy(g), 2, name)
            err0 = g.reg(mmCPU_BOOT_ERR0)
            self.assertEqual(err0 & (ERR0_ENABLED | ERR0_FIT_CORRUPTED),
                             ERR0_ENABLED | ERR0_FIT_CORRUPTED, name)
            qt.clock_step(10 * MS)
            self.assertEqual(g.boot_status(), STS_WAITING_FOR_BOOT_FIT, name)
        # preboot accepts a good image afterwards
        self.load_boot_fit(g, good)
        self.assertEqual(self.send_fit_rdy(g), 1)
        self.assertEqual(g.wait_status(STS_READY_TO_BOOT), STS_READY_TO_BOOT)

    def test_corrupt_linux_fit(self):
        qt, g = self.start()
        good, _ = fit_image('goya-boot-fit.itb')
        self.boot_to_16(g)
        self.load_boot_fit(g, good)
        self.assertEqual(self.send_fit_rdy(g), 1)
        self.assertEqual(g.wait_status(STS_READY_TO_BOOT), STS_READY_TO_BOOT)
        # DRAM at 0x800000 holds 4 zero bytes (a "dummy" firmware file)
        qt.writel(g.bar4 + DRAM_LINUX_FIT_OFF, 0)
        g.wreg(mmKMD_MSG_TO_CPU, KMD_FIT_RDY)
        st = g.wait_status((STS_SRAM_AVAIL, STS_FIT_CORRUPTED), 1000 * MS)
        self.assertEqual(st, STS_FIT_CORRUPTED)
        err0 = g.reg(mmCPU_BOOT_ERR0)
        self.assertEqual(err0 & (ERR0_ENABLED | ERR0_FIT_CORRUPTED),
                         ERR0_ENABLED | ERR0_FIT_CORRUPTED)
        # stuck until reset, even with a good image now
        linux, _ = fit_image('goya-fit.itb')
        qt.memwrite(g.bar4 + DRAM_LINUX_FIT_OFF, linux)
        g.wreg(mmKMD_MSG_TO_CPU, KMD_FIT_RDY)
        qt.clock_step(50 * MS)
        self.assertEqual(g.boot_status(), STS_FIT_CORRUPTED)

    def test_hw_state_after_reset(self):
        qt, g = self.start()
        boot, _ = fit_image('goya-boot-fit.itb')
        self.boot_to_16(g)
        # goya_hw_init() marks the device dirty first
        g.wreg(mmHW_STATE, 1)
        self.assertEqual(g.reg(mmHW_STATE), 1)
        self.load_boot_fit(g, boot)
        self.assertEqual(self.send_fit_rdy(g), 1)
        self.assertEqual(g.wait_status(STS_READY_TO_BOOT), STS_READY_TO_BOOT)

        # (a) hard reset through the reset controller (CPU bit 12)
        g.wreg(mmSW_ALL_RST_CFG, HARD_RESET_MASK)
        self.assertEqual(g.reg(mmHW_STATE), 0)
        self.assertEqual(g.reg(mmCPU_CMD_STATUS_TO_HOST), 0)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0)
        self.assertEqual(g.reg(mmSW_ALL_RST_CFG), 0, 'reset pulse self-clears')
        self.assertEqual(g.wait_status(STS_WAITING_FOR_BOOT_FIT),
                         STS_WAITING_FOR_BOOT_FIT)
        self.assertIn('Preboot',
                      g.read_string(g.reg(mmPREBOOT_VER_OFFSET) & 0x0FFFFFFF))
        self.assertEqual(g.reg(mmHW_STATE), 0)

        # (b) machine reset (PCI reset of the function): everything clean
        g.wreg(mmHW_STATE, 1)
        qt.memwrite(g.bar0 + 0x1000, b'SRAM-MARK')
        qt.writel(g.bar4 + 0x100000, 0x5A5A5A5A)
        qt.qmp('system_reset')
        qt.wait_event('RESET')
        self.assertEqual(g.cfg(0x10) & ~0xF, 0, 'BARs cleared by reset')
        g.setup()
        self.assertEqual(g.reg(mmHW_STATE), 0)
        self.assertEqual(g.boot_status(), STS_IN_RESET)
        self.assertEqual(qt.memread(g.bar0 + 0x1000, 9), b'\0' * 9)
        self.assertEqual(qt.readl(g.bar4 + 0x100000), 0)
        self.boot_to_16(g)
        self.assertEqual(g.reg(mmHW_STATE), 0)
        # and boots again
        self.load_boot_fit(g, boot)
        self.assertEqual(self.send_fit_rdy(g), 1)


# ---------------------------------------------------------------------------
# 5. bad properties

class TestProperties(GoyaTestCase):

    def expect_fail(self, props, name):
        try:
            r = self.run_qemu(base_args() + ['-device', 'goya,' + props],
                              timeout=20)
        except subprocess.TimeoutExpired:
            self.fail('-device goya,%s was accepted (QEMU kept running)'
                      % props)
        self.assertNotEqual(r.returncode, 0, props)
        self.assertIn("'%s'" % name, r.stderr, props)
        self.assertIn('goya', r.stderr, props)

    def test_bad_dram_size(self):
        for v in ('3G', '6G', '2G', '5G', '12G'):
            with self.subTest(dram_size=v):
                self.expect_fail('dram-size=' + v, 'dram-size')

    def test_bad_dram_bar_size(self):
        for props in ('dram-bar-size=128M', 'dram-bar-size=384M',
                      'dram-bar-size=0', 'dram-bar-size=8G',
                      'dram-size=4G,dram-bar-size=768M'):
            with self.subTest(props=props):
                self.expect_fail(props, 'dram-bar-size')

    def test_conventional_pci_refused(self):
        # The pc machine has no extended config space: the driver could
        # not reach the ELBI window, so the device refuses to realize.
        r = self.run_qemu(base_args('pc') + ['-device', 'goya'], timeout=20)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('PCI Express', r.stderr)
        self.assertIn('q35', r.stderr)

    def test_good_sizes_accepted(self):
        qt, g = self.start('dram-size=8G,dram-bar-size=1G')
        self.assertEqual(qt.bar_info(g.bdf, 4)['size'], 1 * GiB)
        self.assertEqual(qt.bar_info(g.bdf, 0)['size'], 256 * MiB)
        # BAR4 at offset 0x1FFFFFFC... up to 1 GiB decodes DRAM
        qt.writel(g.bar4 + 1 * GiB - 4, 0x600DF00D)
        self.assertEqual(qt.readl(g.bar4 + 1 * GiB - 4), 0x600DF00D)


# ---------------------------------------------------------------------------
# 6. memory footprint

class TestMemory(GoyaTestCase):

    def test_idle_rss_16g(self):
        qt, g = self.start('dram-size=16G')
        limit_kib = 1 * GiB // KiB
        self.assertLess(rss_kib(qt.pid), limit_kib)
        # boot the preboot, touch a few DRAM pages through BAR4
        g.wait_status(STS_WAITING_FOR_BOOT_FIT)
        for off in range(0, 256 * MiB, 64 * MiB):
            qt.writel(g.bar4 + off, off | 1)
        for off in range(0, 256 * MiB, 64 * MiB):
            self.assertEqual(qt.readl(g.bar4 + off), off | 1)
        self.assertLess(rss_kib(qt.pid), limit_kib)
        # a machine reset zeroes the whole 16 GiB without committing it
        qt.qmp('system_reset')
        qt.wait_event('RESET')
        rss = rss_kib(qt.pid)
        self.assertLess(rss, limit_kib, 'RSS %d KiB after reset' % rss)
        g.setup()
        self.assertEqual(qt.readl(g.bar4 + 64 * MiB), 0)


# ---------------------------------------------------------------------------
# 7. help output

class TestHelp(GoyaTestCase):

    def test_device_help_lists_goya(self):
        r = self.run_qemu(['-machine', 'q35', '-device', 'help'])
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout + r.stderr
        self.assertRegex(out, r'name "goya"')

    def test_goya_help_lists_properties(self):
        r = self.run_qemu(['-device', 'goya,help'])
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout + r.stderr
        for prop in ('dram-size', 'dram-bar-size', 'serial',
                     'preboot-version'):
            self.assertIn(prop + '=', out)


def main():
    if QEMU is None or not os.access(QEMU, os.X_OK):
        print('SKIP: no QEMU with -device goya (set GOYA_QEMU)')
        return 77
    print('QEMU: %s' % QEMU)
    prog = unittest.main(exit=False, verbosity=2)
    res = prog.result
    return 0 if res.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
