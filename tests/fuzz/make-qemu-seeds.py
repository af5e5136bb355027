#!/usr/bin/env python3
"""Seed corpus for QEMU's generic-fuzz-goya target (qemu-fuzz-x86_64).

Usage: make-qemu-seeds.py OUTDIR

Each seed is a generic-fuzz program (QEMU tests/qtest/fuzz/generic_fuzz.c:
operations separated by "FUZZ").  Every seed first does what the goya entry
of tests/fuzz/generic-fuzz-goya.inc leaves to the input:

* a config write to the MCH (00.0, the only PCI device the pci ops reach)
  enables ECAM at 0xB0000000 (PCIEXBAR);
* through ECAM (pcie-mmcfg-mmio) goya's BARs are placed at fixed addresses,
  memory decoding and bus mastering are turned on, and MSI-X is enabled;

then it programs a queue and rings its doorbell through BAR0 (the CFG
window of the default iATU), so that the fuzzer starts from inputs that
reach the PQ fetch, the packet interpreter, the DMA engines, the sync
manager, the MMU and the device CPU.  Command buffers and PQs mostly live in
device SRAM (written through BAR0), so they do not depend on the order in
which generic-fuzz hands out DMA patterns; the host memory the device reads
(LIN_DMA sources, PQs or CBs in host memory) gets DMA patterns.

MMIO region indices are positions in the flat view of the matched regions
(by address): pcie-mmcfg-mmio (0xB0000000), goya-bar0 (0xC0000000),
goya-bar4 (0xD0000000), msix-table and msix-pba (0xE0000000, BAR2).
Before the BARs are mapped, every index selects ECAM.
"""
import os
import struct
import sys

SEP = b'FUZZ'

# generic_fuzz.c opcodes and access sizes
OP_READ, OP_WRITE, OP_PCI_WRITE = 2, 3, 5
OP_ADD_DMA_PATTERN, OP_CLOCK_STEP = 7, 9
BYTE, WORD, LONG, QUAD = 0, 1, 2, 3

# MMIO regions (see the docstring)
R_ECAM, R_BAR0, R_BAR4, R_MSIX_TABLE, R_MSIX_PBA = 0, 1, 2, 3, 4

GOYA_DEVFN = 8                  # 00:01.0, the first free slot of -M q35
ECAM_BASE = 0xB0000000
BAR0_ADDR, BAR4_ADDR, BAR2_ADDR = 0xC0000000, 0xD0000000, 0xE0000000
MSIX_CAP = 0x40                 # msix_init(..., cap_pos 0) -> first free

# Device address map (qemu-hw/goya_regs.h)
HPB = 0x80_0000_0000            # host memory behind the outbound iATU
SRAM = 0x7F_F000_0000
CFG = 0x7F_FC00_0000
BAR0_CFG_OFF = CFG - SRAM       # BAR0 maps SRAM_BASE_ADDR at offset 0

DMA_QM = [0x400000 + n * 0x8000 for n in range(5)]
MME_QM = 0xD8000
TPC_QM = [0xE08000 + n * 0x40000 for n in range(8)]
GLBL_CFG0, GLBL_CFG1, GLBL_PROT = 0x0, 0x4, 0x8
GLBL_ERR_ADDR_LO, GLBL_ERR_ADDR_HI, GLBL_ERR_WDATA = 0x10, 0x14, 0x18
GLBL_NON_SECURE_PROPS, GLBL_STS0, GLBL_STS1 = 0x20, 0x24, 0x28
PQ_BASE_LO, PQ_BASE_HI, PQ_SIZE, PQ_PI, PQ_CI = 0x60, 0x64, 0x68, 0x6C, 0x70
CP_MSG_BASE0_LO, CP_FENCE0_RDATA, CP_STS = 0x120, 0x158, 0x178
CH_WR_COMP_LO, CH_WR_COMP_HI, CH_WR_COMP_WDATA = 0x1020, 0x1024, 0x1028
CH_ERRMSG_LO, CH_ERRMSG_HI = 0x1008, 0x100C

PKT_WREG_32, PKT_WREG_BULK, PKT_MSG_LONG, PKT_MSG_SHORT = 1, 2, 3, 4
PKT_CP_DMA, PKT_MSG_PROT, PKT_FENCE, PKT_LIN_DMA = 5, 7, 8, 9
PKT_NOP, PKT_STOP = 0xA, 0xB
LIN_DMA_WRCOMP, LIN_DMA_MEMSET = 0x4, 0x40

SOB_0, MON_PAY_ADDRL, MON_PAY_ADDRH = 0x112000, 0x113000, 0x113400
MON_PAY_DATA, MON_ARM = 0x113800, 0x113C00
MMU_ENABLE, MMU_ASID_BUSY, MMU_HOP0_PA43_12 = 0x48000C, 0x490000, 0x490004
STLB_INV_ALL_START = 0x490034
PCIE_AUX_DBI, MSIX_DOORBELL = 0xC07490, 0xC02948
TS_CNTCR, TS_CNTCVL = 0xC49000, 0xC49008
KMD_MSG_TO_CPU, SW_ALL_RST_CFG = 0xC4B304, 0xC4B474
CPU_PQ_BASE_LO, CPU_PQ_BASE_HI = 0xC4B100, 0xC4B104
CPU_EQ_BASE_LO, CPU_EQ_BASE_HI = 0xC4B108, 0xC4B10C
CPU_EQ_LENGTH, CPU_PQ_LENGTH, CPU_PQ_INIT_STATUS = 0xC4B110, 0xC4B114, 0xC4B11C
CPU_IF_PF_PQ_PI, GIC_SETSPI = 0x442100, 0x800040
# DMA macro range registers (dma_macro_regs.h): LBW base/mask n at
# +0x44/+0x04 + 4n, HBW mask/base halves at 0xA8/0xC8/0xE8/0x108 + 4n
LBW_HIT, LBW_MASK_0, LBW_BASE_0 = 0x4B0000, 0x4B0004, 0x4B0044
HBW_HIT, HBW_MASK_HI_0, HBW_MASK_LO_0 = 0x4B0084, 0x4B00A8, 0x4B00C8
HBW_BASE_HI_0, HBW_BASE_LO_0 = 0x4B00E8, 0x4B0108
# Coresight (debug half of CFG): the PSOC ETR and the CPU STM
ETR_RSZ, ETR_STS, ETR_RWP, ETR_CTL = 0x2C43004, 0x2C4300C, 0x2C43018, 0x2C43020
ETR_DBALO, ETR_DBAHI, ETR_FFCR = 0x2C43118, 0x2C4311C, 0x2C43304
CPU_STM_TCSR = 0x2486000 + 0xE80
PSOC_AWUSER = 0xC01D10


# ---- generic-fuzz operations ----

def pci_write(off, val, size=LONG):
    return bytes([OP_PCI_WRITE, size, 0, off, 0]) + struct.pack('<I', val)


def mmio_write(region, off, val, size=LONG):
    return bytes([OP_WRITE, size, region, 0, 0]) + struct.pack('<IQ', off, val)


def mmio_read(region, off, size=LONG):
    return bytes([OP_READ, size, region, 0, 0]) + struct.pack('<I', off)


def dma_pattern(data, index=0, stride=0):
    return bytes([OP_ADD_DMA_PATTERN, index, stride]) + data


def clock_step():
    return bytes([OP_CLOCK_STEP])


def ecam(off, val, size=LONG):
    return mmio_write(R_ECAM, (GOYA_DEVFN << 12) + off, val, size)


def reg(r, v):
    return mmio_write(R_BAR0, BAR0_CFG_OFF + r, v)


def rreg(r):
    return mmio_read(R_BAR0, BAR0_CFG_OFF + r)


def put(region, off, data):
    """Bytes into SRAM (BAR0) or DRAM (BAR4), eight at a time."""
    data += bytes(-len(data) % 8)
    return [mmio_write(region, off + i, struct.unpack_from('<Q', data, i)[0],
                       QUAD) for i in range(0, len(data), 8)]


def setup():
    return [
        pci_write(0x60, ECAM_BASE | 1),         # MCH PCIEXBAR: 256 MiB, on
        ecam(0x10, BAR0_ADDR), ecam(0x14, 0),
        ecam(0x18, BAR2_ADDR), ecam(0x1C, 0),
        ecam(0x20, BAR4_ADDR), ecam(0x24, 0),
        ecam(0x04, 0x0006, WORD),               # memory + bus master
        ecam(MSIX_CAP + 2, 0x8000, WORD),       # MSI-X enable
    ]


# ---- device programming ----

def pkt(op, word0=0, ctl=0, *tail):
    b = struct.pack('<II', word0, (op << 24) | ctl)
    for t in tail:
        b += struct.pack('<Q', t)
    return b


def lin_dma(src, dst, size, ctl=0):
    return pkt(PKT_LIN_DMA, size, ctl, src, dst)


def msg_long(addr, val):
    return pkt(PKT_MSG_LONG, val, 0, addr)


def queue(qm, pq_sram_off, size_log2=4, prot=0, err_addr=HPB + 0x30000):
    return [reg(qm + PQ_BASE_LO, (SRAM + pq_sram_off) & 0xFFFFFFFF),
            reg(qm + PQ_BASE_HI, (SRAM + pq_sram_off) >> 32),
            reg(qm + PQ_SIZE, size_log2),
            reg(qm + GLBL_PROT, prot),
            reg(qm + GLBL_ERR_ADDR_LO, err_addr & 0xFFFFFFFF),
            reg(qm + GLBL_ERR_ADDR_HI, err_addr >> 32),
            reg(qm + GLBL_ERR_WDATA, 0xE770),
            reg(qm + GLBL_CFG0, 0xF)]


def submit(qm, cb, n=0, prot=0):
    """CB @cb in SRAM, one BD in a 16-entry PQ in SRAM, doorbell."""
    pq_off = 0x1000 * (1 + DMA_QM.index(qm) if qm in DMA_QM else 7)
    cb_off = 0x100000 + pq_off * 16
    ops = put(R_BAR0, cb_off, cb)
    ops += put(R_BAR0, pq_off + 16 * n,
               struct.pack('<QII', SRAM + cb_off, len(cb), 0))
    ops += queue(qm, pq_off, prot=prot)
    ops += [reg(qm + PQ_PI, n + 1), rreg(qm + GLBL_STS0), rreg(qm + GLBL_STS1),
            rreg(qm + PQ_CI)]
    return ops


def fdt():
    """The smallest valid FIT the firmware stub's loader takes."""
    b = bytearray(72)
    struct.pack_into('>10I', b, 0, 0xd00dfeed, 72, 56, 72, 40, 17, 16, 0, 0, 16)
    struct.pack_into('>I', b, 56, 1)
    struct.pack_into('>II', b, 64, 2, 9)
    return bytes(b)


def boot_fw():
    """The driver's boot handshake (FITs through BAR0/BAR4, FIT_RDY twice),
    then the CPU-CP queue handshake; the clock steps let the device CPU's
    timer run each boot stage."""
    steps = [clock_step()] * 6
    ops = put(R_BAR0, 0x200000, fdt()) + put(R_BAR4, 0x800000, fdt())
    ops += steps + [reg(KMD_MSG_TO_CPU, 2)] + steps + [reg(KMD_MSG_TO_CPU, 0),
                                                       reg(KMD_MSG_TO_CPU, 2)]
    ops += steps + [reg(KMD_MSG_TO_CPU, 0)]
    ops += [reg(CPU_PQ_BASE_LO, 0x300000), reg(CPU_PQ_BASE_HI, HPB >> 32),
            reg(CPU_EQ_BASE_LO, 0x310000), reg(CPU_EQ_BASE_HI, HPB >> 32),
            reg(CPU_PQ_LENGTH, 0x10000), reg(CPU_EQ_LENGTH, 0x1000),
            reg(CPU_PQ_INIT_STATUS, 1), reg(GIC_SETSPI, 484)] + steps + [
            reg(GIC_SETSPI, 486)] + steps
    return ops


def cpucp(opcode, ctl_extra=0, addr=0, size=24):
    """A CPU-CP packet in host memory: its BD and the packet are DMA
    patterns (the firmware reads the BD, then the packet)."""
    bd = struct.pack('<QII', HPB + 0x320000, size, 1)
    packet = struct.pack('<QIIII', addr, opcode << 16 | ctl_extra,
                         0xFFFFFFFF, 0, 0)
    return [dma_pattern(bd), dma_pattern(packet),
            reg(CPU_IF_PF_PQ_PI, 1), reg(GIC_SETSPI, 484)] + [clock_step()] * 4


DATA = bytes(range(1, 65))


def seeds():
    s = {}
    q0, q1 = DMA_QM[0], DMA_QM[1]
    s['dma-h2d'] = [dma_pattern(DATA, 0, 1)] + submit(
        q0, lin_dma(HPB + 0x40000, 0x1000, 0x2000) +
        msg_long(HPB + 0x30100, 1))
    s['dma-d2h-wrcomp'] = (
        [reg(q0 + CH_WR_COMP_LO, 0x30200), reg(q0 + CH_WR_COMP_HI, HPB >> 32),
         reg(q0 + CH_WR_COMP_WDATA, 0xC0DE)] +
        put(R_BAR4, 0x1000, DATA) +
        submit(q0, lin_dma(0x1000, HPB + 0x50000, 0x1000, LIN_DMA_WRCOMP)))
    s['dma-memset-dram'] = submit(
        q1, lin_dma(0x5A5A5A5A5A5A5A5A, 0x200000, 0x400000, LIN_DMA_MEMSET))
    s['dma-sram-dram'] = put(R_BAR0, 0x8000, DATA) + submit(
        DMA_QM[2], lin_dma(SRAM + 0x8000, 0x3000, 0x40) +
        lin_dma(0x3000, 0x4000, 0x40) + lin_dma(0x4000, SRAM + 0x9000, 0x40))
    s['dma-to-cfg'] = submit(DMA_QM[3], lin_dma(HPB, CFG + 0x400000, 0x100))
    s['dma-to-own-bar'] = submit(
        DMA_QM[4], lin_dma(0x1000, HPB + BAR0_ADDR, 0x1000) +
        lin_dma(HPB + BAR4_ADDR, 0x1000, 0x100))
    s['dma-huge'] = submit(
        q0, lin_dma(0x7777777777777777, 0, 0xFFFFFFFF, LIN_DMA_MEMSET))
    # PQ in host memory: the BD is a DMA pattern, the CB is in SRAM
    cb = msg_long(HPB + 0x30000, 7) + pkt(PKT_NOP)
    s['pq-in-host'] = (
        put(R_BAR0, 0x180000, cb) +
        [dma_pattern(struct.pack('<QII', SRAM + 0x180000, len(cb), 0)),
         reg(q1 + PQ_BASE_LO, 0x10000), reg(q1 + PQ_BASE_HI, HPB >> 32),
         reg(q1 + PQ_SIZE, 2), reg(q1 + GLBL_CFG0, 0xF), reg(q1 + PQ_PI, 1),
         rreg(q1 + PQ_CI)])
    # CB in host memory: header and tail of each packet are two fetches
    s['cb-in-host'] = (
        [dma_pattern(pkt(PKT_LIN_DMA, 0x100, 0)),
         dma_pattern(struct.pack('<QQ', HPB + 0x60000, 0x8000)),
         dma_pattern(DATA)] +
        put(R_BAR0, 0x2000, struct.pack('<QII', HPB + 0x20000, 24, 0)) +
        queue(q0, 0x2000) + [reg(q0 + PQ_PI, 1)])
    s['msg-short-sob'] = submit(
        q0, pkt(PKT_MSG_SHORT, 0x80000001, 0x400004) +
        pkt(PKT_MSG_SHORT, 1, 0x100000 | 0x400008)) + [rreg(SOB_0 + 4)]
    s['msg-prot'] = submit(q0, pkt(PKT_MSG_PROT, 0xD169B243, 0,
                                   HPB + 0x30300))
    s['wreg32'] = submit(q0, pkt(PKT_WREG_32, 0x1234, CP_MSG_BASE0_LO) +
                         pkt(PKT_WREG_32, 1, 0xFFFC))
    s['wreg-bulk'] = submit(q0, pkt(PKT_WREG_BULK, 2, CP_MSG_BASE0_LO) +
                            struct.pack('<QQ', CFG + SOB_0, HPB + 0x30000))
    s['stop-nop-bad'] = submit(q1, pkt(PKT_NOP) + pkt(PKT_STOP) +
                               pkt(0x1F)) + [reg(q1 + GLBL_CFG1, 0)]
    s['pkt-past-end'] = submit(q1, lin_dma(0, 0, 16)[:12])
    s['fence'] = submit(q0, pkt(PKT_FENCE, 0x00010001) +
                        msg_long(HPB + 0x30000, 2)) + [
        rreg(q0 + CP_STS), reg(q0 + CP_FENCE0_RDATA, 1), rreg(q0 + CP_STS)]
    # monitor 1 {SOB 5 == 1} writes fence 0 of DMA QM 0 (driver pipeline)
    fence0 = CFG + q0 + CP_FENCE0_RDATA
    s['monitor-pipeline'] = submit(
        q0, pkt(PKT_MSG_SHORT, fence0 & 0xFFFFFFFF, 0x000004 + 0x0) +
        pkt(PKT_MSG_SHORT, fence0 >> 32, 0x000404) +
        pkt(PKT_MSG_SHORT, 1, 0x000804) +
        pkt(PKT_MSG_SHORT, 0x00018005, 0x000C04) +
        pkt(PKT_FENCE, 0x00010001) + pkt(PKT_MSG_SHORT, 0x80000001, 0x400014))
    s['monitor-self-rearm'] = [
        reg(MON_PAY_ADDRL + 24, (CFG + MON_ARM + 24) & 0xFFFFFFFF),
        reg(MON_PAY_ADDRH + 24, (CFG + MON_ARM + 24) >> 32),
        reg(MON_PAY_DATA + 24, 0x8000), reg(MON_ARM + 24, 0x8000)]
    cmdq_cb = msg_long(HPB + 0x30400, 3) + lin_dma(0, 0x10000, 0x100)
    s['tpc-cp-dma'] = put(R_BAR0, 0x40000, cmdq_cb) + [
        reg(TPC_QM[0] + 0x1000 + GLBL_CFG0, 0xF)] + submit(
        TPC_QM[0], pkt(PKT_CP_DMA, len(cmdq_cb), 0, SRAM + 0x40000) +
        msg_long(HPB + 0x30500, 4))
    s['mme-cp-dma-fault'] = submit(MME_QM, pkt(PKT_CP_DMA, 64, 0, 0x1_0000_0000))
    # MMU: hop0 of ASID 1 in DRAM, a non-secure LIN_DMA that faults
    s['mmu-fault'] = (
        [reg(MMU_HOP0_PA43_12, 0x100), reg(MMU_ASID_BUSY, 0x80000001),
         reg(MMU_ENABLE, 1), reg(STLB_INV_ALL_START, 1)] +
        put(R_BAR4, 0x100000, struct.pack('<Q', 0x101000 | 1)) +
        [reg(q0 + GLBL_NON_SECURE_PROPS, 1)] +
        submit(q0, lin_dma(0x8_0000_0000, 0x1000, 0x1000), prot=0) +
        [rreg(0x480034), rreg(0x480038)])
    # ELBI: write then read a register through config space 0xFF0..0xFFC
    s['elbi'] = [ecam(0xFF0, 0xFC000000 + q0 + PQ_BASE_LO),
                 ecam(0xFF4, 0x12345678), ecam(0xFF8, 0x80000000),
                 ecam(0xFF8, 0), mmio_read(R_ECAM, (GOYA_DEVFN << 12) + 0xFF4),
                 mmio_read(R_ECAM, (GOYA_DEVFN << 12) + 0xFFC),
                 ecam(0xFF0, 0xFFFFFFFC), ecam(0xFF8, 0)]
    # iATU through the DBI: BAR4 inbound region 1 retargeted to SRAM
    s['iatu'] = [reg(PCIE_AUX_DBI, 0x300000),
                 reg(0xC02000 + 0x100 + 0x200 + 0x14, SRAM & 0xFFFFFFFF),
                 reg(0xC02000 + 0x100 + 0x200 + 0x18, SRAM >> 32),
                 reg(PCIE_AUX_DBI, 0),
                 mmio_write(R_BAR4, 0x10, 0xABCDEF, QUAD),
                 mmio_read(R_BAR0, 0x10, QUAD)]
    s['msix'] = [mmio_write(R_MSIX_TABLE, 0x10, 0xFEE00000),
                 mmio_write(R_MSIX_TABLE, 0x18, 0x41),
                 mmio_write(R_MSIX_TABLE, 0x1C, 0),
                 reg(MSIX_DOORBELL, 1), reg(MSIX_DOORBELL, 0x7FF),
                 mmio_read(R_MSIX_PBA, 0)]
    # every MSI-X vector aimed at the device's own GIC doorbell (BAR0):
    # interrupts raised by the device CPU's timer must not re-enter it
    to_gic = [mmio_write(R_MSIX_TABLE, 16 * v + o, val)
              for v in range(8)
              for o, val in ((0, BAR0_ADDR + BAR0_CFG_OFF + GIC_SETSPI),
                             (4, 0), (8, 484), (12, 0))]
    s['msix-to-own-bar'] = to_gic + [reg(MSIX_DOORBELL, 5)] + boot_fw() + \
        cpucp(18)
    # the device's DMA and messages aimed at its own config space (ECAM):
    # ELBI writes (a hard reset of the engines) and its command register
    # while the engines run
    ecam_goya = HPB + ECAM_BASE + (GOYA_DEVFN << 12)
    elbi = struct.pack('<IIII', 0xFC000000 + SW_ALL_RST_CFG, 0x7FFE00,
                       0x80000000, 0)
    s['dma-to-own-elbi'] = put(R_BAR0, 0x8000, elbi) + submit(
        q0, lin_dma(SRAM + 0x8000, ecam_goya + 0xFF0, 16) +
        lin_dma(0x5A, 0x1000, 0x10000, LIN_DMA_MEMSET))
    s['msg-to-own-command'] = submit(
        q1, msg_long(ecam_goya + 0x4, 0) + lin_dma(0, HPB + 0x50000, 0x1000))
    s['msix-to-own-config'] = [
        mmio_write(R_MSIX_TABLE, 0x50, ECAM_BASE + (GOYA_DEVFN << 12) +
                   MSIX_CAP), mmio_write(R_MSIX_TABLE, 0x58, 0),
        reg(MSIX_DOORBELL, 5), reg(MSIX_DOORBELL, 5)]
    # a protection word of DMA QM 1 as the driver writes it, the driver's
    # LBW range 7 (PSOC_GLOBAL_CONF) and HBW range 1 (the first 512 MiB of
    # DRAM), then non-secure DMA into both, on three queues (a blocked
    # access stops its queue)
    s['range-registers'] = [
        reg(DMA_QM[1] + 0xF80, 0x00FFF800), rreg(DMA_QM[1] + 0xF80),
        reg(LBW_BASE_0 + 4 * 7, 0xFCC4A000 & 0x3FFFFFF),
        reg(LBW_MASK_0 + 4 * 7, 0xFFFFE000 & 0x3FFFFFF),
        reg(LBW_HIT, 1 << 7),
        reg(HBW_BASE_HI_0 + 4, 0), reg(HBW_BASE_LO_0 + 4, 0),
        reg(HBW_MASK_HI_0 + 4, 0x3FFFF), reg(HBW_MASK_LO_0 + 4, 0xE0000000),
        reg(HBW_HIT, 1 << 1)] + submit(
        DMA_QM[1], lin_dma(0xA5, CFG + 0xC4B000, 0x40, LIN_DMA_MEMSET)) + \
        submit(DMA_QM[2], msg_long(CFG + 0xC4B004, 1)) + submit(
        DMA_QM[3], lin_dma(HPB + 0x40000, 0x2000_0000 - 0x80, 0x100) +
        lin_dma(0x1000, HPB + 0x50000, 0x100)) + [
        rreg(0x4B0110), rreg(0x4B0114)]
    # an ETR session: a 64-byte buffer in DRAM (wraps), formatter on, the
    # CPU STM enabled while capturing (trace id 0x21), a manual flush that
    # stops the capture, the write pointer and the data read back
    s['etr-session'] = [
        reg(PSOC_AWUSER, 1 << 10),
        reg(ETR_DBALO, 0x20000), reg(ETR_DBAHI, 0), reg(ETR_RSZ, 0x40),
        reg(ETR_FFCR, 1 | 1 << 12), reg(ETR_CTL, 1),
        reg(CPU_STM_TCSR, 0x21 << 16 | 1), clock_step(),
        reg(CPU_STM_TCSR, 0), reg(CPU_STM_TCSR, 0x21 << 16 | 1),
        rreg(ETR_RWP), reg(ETR_FFCR, 1 | 1 << 6 | 1 << 12),
        rreg(ETR_FFCR), rreg(ETR_STS), reg(ETR_CTL, 0),
        mmio_read(R_BAR4, 0x20000, QUAD)]
    s['timestamp'] = [reg(TS_CNTCR, 1), clock_step(), rreg(TS_CNTCVL),
                      reg(TS_CNTCVL, 0xFFFFFFF0), rreg(TS_CNTCVL)]
    s['fw-boot'] = boot_fw() + [rreg(0xC4B15C), rreg(0xC4B160)]
    s['fw-cpucp-test'] = boot_fw() + cpucp(18)
    s['fw-cpucp-info'] = boot_fw() + cpucp(14, 0, HPB + 0x330000, 1768)
    s['engine-reset'] = (
        submit(q0, pkt(PKT_FENCE, 0x00010001)) +
        [reg(SW_ALL_RST_CFG, 1 << 21), rreg(q0 + GLBL_STS0),
         reg(SW_ALL_RST_CFG, 1 << 12), clock_step()])
    return s


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, ops in seeds().items():
        ops = setup() + ops
        for op in ops:
            if SEP in op:
                sys.exit('seed %s: an operation contains the separator' % name)
        with open(os.path.join(out, name), 'wb') as f:
            f.write(SEP.join(ops))


if __name__ == '__main__':
    main()
