#!/usr/bin/env python3
"""qtest suite for fault injection on ``-device goya`` (docs/fault-injection.md).

The QOM property ``inject`` through QMP ``qom-set`` and HMP, its counters,
bad input, the armed boot faults as the driver's registers show them, and
the AER extended capability with QEMU's ``pcie_aer_inject_error``.  The
guest-side reactions of the real driver are in tests/guest/faults/.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qtest import QTestError  # noqa: E402
from test_goya import (GoyaTestCase, MS, QEMU, mmCPU_BOOT_ERR0,  # noqa: E402
                       STS_IN_BTL, STS_WAITING_FOR_BOOT_FIT, mmSW_ALL_RST_CFG)

PATH = '/machine/peripheral/goya0'
PCI_EXT_CAP_ID_ERR = 0x0001             # include/uapi/linux/pci_regs.h
PCI_ERR_COR_STATUS = 0x10
PCI_ERR_COR_RCVR = 0x0001
RST_CPU = 0x1000                        # SW_ALL_RST_CFG CPU bit


class TestInject(GoyaTestCase):

    def start_dev(self):
        return self.start('id=goya0')

    def inject(self, qt, spec):
        return qt.qmp('qom-set', path=PATH, property='inject', value=spec)

    def get(self, qt, prop):
        return qt.qmp('qom-get', path=PATH, property=prop)

    def refused(self, qt, spec, word):
        with self.assertRaises(QTestError) as cm:
            self.inject(qt, spec)
        self.assertIn(word, str(cm.exception))

    def test_bad_input_names_the_argument(self):
        qt, g = self.start_dev()
        g.wait_status(STS_WAITING_FOR_BOOT_FIT)
        for spec, word in (('ecc-quad,block=mme', "unknown fault 'ecc-quad'"),
                           ('ecc-derr,block=tpc9', "'tpc9'"),
                           ('ecc-derr,block=dram0,addr=0x100000000', 'addr'),
                           ('qman-err,queue=dma7', "'dma7'"),
                           ('razwi,initiator=psoc,addr=0x4000000000000',
                            'addr'),
                           ('fw-error,count=1,colour=red', "'colour=red'"),
                           ('boot-err,bits=0x4000', 'bits')):
            self.refused(qt, spec, word)
        self.assertEqual(self.get(qt, 'faults-injected'), 0)
        self.assertEqual(self.get(qt, 'faults-refused'), 7)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0)

    def test_no_driver(self):
        qt, g = self.start_dev()
        g.wait_status(STS_WAITING_FOR_BOOT_FIT)
        # events need a driver that set up the CPU-CP queues
        self.refused(qt, 'ecc-derr,block=mme', 'event queue')
        self.refused(qt, 'qman-err,queue=dma0', 'event queue')
        # a corrected error needs nobody
        self.inject(qt, 'ecc-serr,block=sram3,addr=0x100')
        self.inject(qt, 'ecc-serr,block=dram1')
        self.assertEqual(self.get(qt, 'ecc-corrected'), 2)
        self.assertEqual(self.get(qt, 'inject'), 'ecc-serr,block=dram1')
        self.assertEqual(self.get(qt, 'faults-injected'), 2)

    def test_hmp_qom_set(self):
        qt, g = self.start_dev()
        out = qt.qmp('human-monitor-command',
                     **{'command-line': 'qom-set %s inject '
                        'ecc-serr,block=mme' % PATH})
        self.assertEqual(out.strip(), '')
        self.assertEqual(self.get(qt, 'ecc-corrected'), 1)
        out = qt.qmp('human-monitor-command',
                     **{'command-line': 'qom-set %s inject bogus' % PATH})
        self.assertIn("unknown fault 'bogus'", out)

    def test_boot_faults_armed_until_clear(self):
        qt, g = self.start_dev()
        self.assertEqual(g.wait_status(STS_WAITING_FOR_BOOT_FIT),
                         STS_WAITING_FOR_BOOT_FIT)
        # preboot already ran: reported now, and at every boot until clear
        self.inject(qt, 'boot-err,bits=0x1001')
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0x8000_1001)
        g.wreg(mmSW_ALL_RST_CFG, RST_CPU)
        self.assertEqual(g.wait_status(STS_WAITING_FOR_BOOT_FIT),
                         STS_WAITING_FOR_BOOT_FIT)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0x8000_1001)
        self.inject(qt, 'clear')
        self.inject(qt, 'boot-stuck,stage=preboot')
        g.wreg(mmSW_ALL_RST_CFG, RST_CPU)
        self.assertEqual(g.wait_status(STS_WAITING_FOR_BOOT_FIT, 200 * MS),
                         STS_IN_BTL)
        self.assertEqual(g.reg(mmCPU_BOOT_ERR0), 0)
        self.inject(qt, 'clear')
        self.assertEqual(g.wait_status(STS_WAITING_FOR_BOOT_FIT),
                         STS_WAITING_FOR_BOOT_FIT)

    def test_aer_capability_and_hmp_injection(self):
        qt, g = self.start_dev()
        pos = 0x100
        hdr = g.cfg(pos)
        self.assertEqual(hdr & 0xFFFF, PCI_EXT_CAP_ID_ERR,
                         'AER is the first extended capability')
        self.assertEqual(g.cfg(pos + PCI_ERR_COR_STATUS), 0)
        out = qt.qmp('human-monitor-command',
                     **{'command-line': 'pcie_aer_inject_error goya0 RCVR'})
        self.assertNotIn('rror', out)
        self.assertEqual(g.cfg(pos + PCI_ERR_COR_STATUS) & PCI_ERR_COR_RCVR,
                         PCI_ERR_COR_RCVR)
        # the ELBI window at 0xFF0 still works above the capability
        _, data = g.elbi_read(0xFCC4B300)     # ELBI view of CPU_BOOT_STATUS
        self.assertEqual(data, g.reg(0xC4B300))


def main():
    if QEMU is None or not os.access(QEMU, os.X_OK):
        print('SKIP: no QEMU with -device goya (set GOYA_QEMU)')
        return 77
    prog = unittest.main(exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
