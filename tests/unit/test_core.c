/*
 * Unit tests of the Goya device core: BAR0/BAR4 decode through the iATU,
 * the ELBI window, the register file and its side effects, engine resets
 * through the firmware, and goya_core_new() argument checks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"
#include "goya_fw_regs.h"

#define MS                  1000000ull
#define BAR0_CFG            0xC000000ull    /* CFG_BASE - SRAM_BASE_ADDR */
#define ELBI(reg)           (0xFC000000u + (reg))
#define IATU_IN(r)          (0x100 + 0x200 * (r))

static void bar0_wreg(uint32_t reg, uint32_t val)
{
    goya_core_bar_write(fh.s, 0, BAR0_CFG + reg, val, 4);
}

static uint32_t bar0_rreg(uint32_t reg)
{
    return goya_core_bar_read(fh.s, 0, BAR0_CFG + reg, 4);
}

/* ---- BAR0 ---------------------------------------------------------- */

START_TEST(test_bar0_sram)
{
    GoyaCore *s = fh.s;
    static const unsigned sizes[] = { 1, 2, 4, 8 };

    /* BAR0 offset 0 is SRAM_BASE_ADDR through the default inbound 0 */
    for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
        unsigned sz = sizes[i];
        uint64_t off = 0x1000 + 16 * i + 1 * (sz == 1);
        uint64_t val = 0x0123456789ABCDEFull >> (64 - 8 * sz);

        goya_core_bar_write(s, 0, off, val, sz);
        ck_assert_uint_eq(goya_core_bar_read(s, 0, off, sz), val);
        ck_assert_int_eq(memcmp(s->sram + off, &val, sz), 0);
    }
    /* little endian, byte-granular */
    goya_core_bar_write(s, 0, 0x2000, 0x11223344, 4);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0x2001, 1), 0x33);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0x2002, 2), 0x1122);
    /* SRAM seen by the host is what the engines see */
    memcpy(s->sram + 0x3000, "\xAA\xBB\xCC\xDD", 4);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0x3000, 4), 0xDDCCBBAA);

    /* last bytes of SRAM */
    goya_core_bar_write(s, 0, SRAM_SIZE - 8, 0xFEEDFACECAFEBEEFull, 8);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, SRAM_SIZE - 8, 8),
                      0xFEEDFACECAFEBEEFull);
    /* an access straddling the end of SRAM is unbacked: all-ones, no write */
    ck_assert_uint_eq(goya_core_bar_read(s, 0, SRAM_SIZE - 4, 8), ~0ull);
    goya_core_bar_write(s, 0, SRAM_SIZE - 4, 0, 8);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, SRAM_SIZE - 4, 4), 0xFEEDFACE);
    /* the hole between SRAM and CFG */
    ck_assert_uint_eq(goya_core_bar_read(s, 0, SRAM_SIZE, 4), 0xFFFFFFFF);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0x8000000, 2), 0xFFFF);
    goya_core_bar_write(s, 0, 0x8000000, 0x1234, 4);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0x8000000, 4), 0xFFFFFFFF);
}
END_TEST

START_TEST(test_bar0_cfg)
{
    GoyaCore *s = fh.s;

    /* CFG at BAR0 0xC000000: reg = offset - 0xC000000 */
    ck_assert_uint_eq(bar0_rreg(mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG),
                      0x00011da3);
    bar0_wreg(0xD0300, 0x21);           /* MME_STORE_MAX_CREDIT */
    ck_assert_uint_eq(goya_reg(s, 0xD0300), 0x21);
    ck_assert_uint_eq(bar0_rreg(0xD0300), 0x21);
    ck_assert_uint_eq(rreg(0xD0300), 0x21);
    /* 64-bit access = two registers, low first */
    goya_core_bar_write(s, 0, BAR0_CFG + 0xD0310, 0x1111111122222222ull, 8);
    ck_assert_uint_eq(goya_reg(s, 0xD0310), 0x22222222);
    ck_assert_uint_eq(goya_reg(s, 0xD0314), 0x11111111);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, BAR0_CFG + 0xD0310, 8),
                      0x1111111122222222ull);
    /* the whole 64 MiB CFG window, incl. the debug half, is backed */
    bar0_wreg(CFG_SIZE - 4, 0xA5A5A5A5);
    ck_assert_uint_eq(bar0_rreg(CFG_SIZE - 4), 0xA5A5A5A5);
    /* end of BAR0 (256 MiB): CFG ends exactly there */
    ck_assert_uint_eq(BAR0_CFG + CFG_SIZE, CFG_BAR_SIZE);
    /* fw-owned registers are reached through BAR0 too */
    ck_assert_uint_eq(bar0_rreg(mmPSOC_GLOBAL_CONF_BTM_FSM), 0);
}
END_TEST

/* ---- BAR4 ---------------------------------------------------------- */

START_TEST(test_bar4_default)
{
    GoyaCore *s = fh.s;

    /* BAR4 offset o = DRAM o at power-on */
    goya_core_bar_write(s, 4, 0x800000, 0x1122334455667788ull, 8);
    ck_assert_uint_eq(ldq_le_p(s->dram + 0x800000), 0x1122334455667788ull);
    s->dram[0x10000000] = 0x5A;
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 0x10000000, 1), 0x5A);
    /* last DRAM bytes, and past the end of DRAM */
    goya_core_bar_write(s, 4, s->dram_size - 4, 0xCAFEF00D, 4);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, s->dram_size - 4, 4),
                      0xCAFEF00D);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, s->dram_size - 4, 8), ~0ull);
}
END_TEST

START_TEST(test_bar4_move)
{
    GoyaCore *s = fh.s;
    uint32_t v = 0;
    uint64_t pci, avail;

    s->dram[0x10000000] = 0x42;
    s->dram[0x10000008] = 0x43;
    s->dram[8] = 0x07;
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 8, 1), 0x07);

    /* goya_set_ddr_bar_base(hdev, 0x10000000) after hw_init */
    set_ddr_bar_base(0x10000000);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 0, 1), 0x42);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 8, 1), 0x43);
    goya_core_bar_write(s, 4, 0x1000, 0xDEADBEEFCAFEBABEull, 8);
    ck_assert_uint_eq(ldq_le_p(s->dram + 0x10001000), 0xDEADBEEFCAFEBABEull);
    /* the window now ends with DRAM */
    ck_assert_uint_eq(goya_core_bar_read(s, 4, s->dram_size - 0x10000000, 4),
                      0xFFFFFFFF);

    /* the region reads back through the DBI overlay, as programmed */
    ck_assert_uint_eq(elbi_write(ELBI(mmPCIE_AUX_DBI), 0x300000),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(elbi_read(ELBI(mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG +
                                     IATU_IN(1) + 0x14), &v),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(v, 0x10000000);
    elbi_read(ELBI(mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG + IATU_IN(1) + 0x4),
              &v);
    ck_assert_uint_eq(v, 0xC0080400);
    /* AUX_DBI back to 0: the normal DBI (vendor/device) again */
    ck_assert_uint_eq(elbi_write(ELBI(mmPCIE_AUX_DBI), 0),
                      GOYA_ELBI_STS_DONE);
    elbi_read(ELBI(mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG), &v);
    ck_assert_uint_eq(v, 0x00011da3);

    /* BAR0 and the outbound region are untouched */
    ck_assert_uint_eq(bar0_rreg(mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG),
                      0x00011da3);
    ck_assert(goya_iatu_outbound(s, HOST_PHYS_BASE + 0x1234, &pci, &avail));
    ck_assert_uint_eq(pci, 0x1234);

    /* back to 0 (hard reset / goya_init_cpu) */
    set_ddr_bar_base(0);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 8, 1), 0x07);

    /* a high target (above 4 GiB: 64-bit upper word) */
    set_ddr_bar_base(0xFFFF0000ull);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 0x10000, 8), ~0ull);
    s->dram[0xFFFF0010] = 0x99;
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 0x10, 1), 0x99);

    /* disabled region: BAR4 decodes to nothing */
    ck_assert_uint_eq(iatu_write(IATU_IN(1) + 0x4, 0), GOYA_ELBI_STS_DONE);
    elbi_write(ELBI(mmPCIE_AUX_DBI), 0);
    ck_assert_uint_eq(goya_core_bar_read(s, 4, 0x10, 4), 0xFFFFFFFF);
    goya_core_bar_write(s, 4, 0x10, 0, 4);
    ck_assert_uint_eq(s->dram[0xFFFF0010], 0x99);
}
END_TEST

START_TEST(test_bar0_move_and_reset)
{
    GoyaCore *s = fh.s;

    s->sram[0] = 0x11;
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0, 1), 0x11);
    /* Inbound region 0 can be moved too (BAR0 -> DRAM 0x1000) */
    s->dram[0x1000] = 0x22;
    iatu_write(IATU_IN(0) + 0x14, 0x1000);
    iatu_write(IATU_IN(0) + 0x18, 0);
    elbi_write(ELBI(mmPCIE_AUX_DBI), 0);
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0, 1), 0x22);
    /* goya_core_reset() restores what preboot left */
    goya_core_reset(s);
    s->sram[0] = 0x33;
    ck_assert_uint_eq(goya_core_bar_read(s, 0, 0, 1), 0x33);
}
END_TEST

START_TEST(test_iatu_outbound)
{
    GoyaCore *s = fh.s;
    uint64_t pci = 0, avail = 0;
    static const struct { uint32_t reg, val; } drv[] = {
        { 0x008, 0 }, { 0x00C, 0x80 }, { 0x010, 0xFFFFFFFF },
        { 0x014, 0 }, { 0x018, 0 }, { 0x020, 0x1007F },
        { 0x000, 0x2000 }, { 0x004, 0x80000000 },
    };

    for (int pass = 0; pass < 2; pass++) {
        ck_assert(goya_iatu_outbound(s, HOST_PHYS_BASE, &pci, &avail));
        ck_assert_uint_eq(pci, 0);
        ck_assert_uint_eq(avail, HOST_PHYS_SIZE);
        ck_assert(goya_iatu_outbound(s, HOST_PHYS_BASE + 0xABCDE000ull, &pci,
                                     &avail));
        ck_assert_uint_eq(pci, 0xABCDE000ull);
        ck_assert(goya_iatu_outbound(s, HOST_PHYS_BASE + HOST_PHYS_SIZE - 1,
                                     &pci, &avail));
        ck_assert_uint_eq(pci, HOST_PHYS_SIZE - 1);
        ck_assert_uint_eq(avail, 1);
        ck_assert(!goya_iatu_outbound(s, HOST_PHYS_BASE + HOST_PHYS_SIZE,
                                      &pci, &avail));
        ck_assert(!goya_iatu_outbound(s, HOST_PHYS_BASE - 1, &pci, &avail));
        ck_assert(!goya_iatu_outbound(s, 0, &pci, &avail));

        /* now program it exactly as goya_init_iatu() does and recheck */
        for (unsigned i = 0; i < G_N_ELEMENTS(drv); i++) {
            ck_assert_uint_eq(iatu_write(drv[i].reg, drv[i].val),
                              GOYA_ELBI_STS_DONE);
        }
        elbi_write(ELBI(mmPCIE_AUX_DBI), 0);
    }
    /* a non-zero target (PCIe address of the window's start) */
    iatu_write(0x014, 0x100000);
    iatu_write(0x018, 0x1);
    elbi_write(ELBI(mmPCIE_AUX_DBI), 0);
    ck_assert(goya_iatu_outbound(s, HOST_PHYS_BASE + 0x10, &pci, &avail));
    ck_assert_uint_eq(pci, 0x100100010ull);
    iatu_write(0x014, 0);
    iatu_write(0x018, 0);
    /* disabled outbound: no host memory at all */
    iatu_write(0x004, 0);
    elbi_write(ELBI(mmPCIE_AUX_DBI), 0);
    ck_assert(!goya_iatu_outbound(s, HOST_PHYS_BASE, &pci, &avail));
}
END_TEST

/* ---- ELBI ---------------------------------------------------------- */

START_TEST(test_elbi)
{
    GoyaCore *s = fh.s;
    uint32_t v = 0;

    /* the probe's first access: CPU_BOOT_DEV_STS0, before anything else */
    ck_assert_uint_eq(elbi_read(ELBI(mmCPU_BOOT_DEV_STS0), &v),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(v, rreg(mmCPU_BOOT_DEV_STS0));

    /* write then read an ordinary register */
    ck_assert_uint_eq(elbi_write(ELBI(0x4A2280), 0x12345678),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(goya_reg(s, 0x4A2280), 0x12345678);
    v = 0;
    ck_assert_uint_eq(elbi_read(ELBI(0x4A2280), &v), GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(v, 0x12345678);
    /* ADDR/DATA read back; STS is cleared by the driver's write of 0 */
    ck_assert_uint_eq(goya_core_elbi_read(s, GOYA_ELBI_ADDR),
                      ELBI(0x4A2280));
    ck_assert_uint_eq(goya_core_elbi_read(s, GOYA_ELBI_DATA), 0x12345678);
    goya_core_elbi_write(s, GOYA_ELBI_STS, 0);
    ck_assert_uint_eq(goya_core_elbi_read(s, GOYA_ELBI_STS), 0);
    /* other config offsets are not ELBI */
    ck_assert_uint_eq(goya_core_elbi_read(s, 0xFEC), 0);
    ck_assert_uint_eq(goya_core_elbi_read(s, GOYA_ELBI_CTRL), 0);

    /* the last register of the window */
    ck_assert_uint_eq(elbi_write(0xFFFFFFFC, 0x77), GOYA_ELBI_STS_DONE);
    /* (a protection word, contract 17.2: read it as any initiator does) */
    ck_assert_uint_eq(goya_core_reg_read(s, CFG_SIZE - 4), 0x77);

    /* bad addresses: below the CFG window, misaligned -> ERR, no access */
    ck_assert_uint_eq(elbi_write(0x00C4B150, 1), GOYA_ELBI_STS_ERR);
    ck_assert_uint_eq(elbi_write(0xFBFFFFFC, 1), GOYA_ELBI_STS_ERR);
    ck_assert_uint_eq(elbi_write(ELBI(0x4A2282), 0xBAD), GOYA_ELBI_STS_ERR);
    ck_assert_uint_eq(goya_reg(s, 0x4A2280), 0x12345678);
    v = 0xCAFE;
    ck_assert_uint_eq(elbi_read(0x1000, &v), GOYA_ELBI_STS_ERR);
    ck_assert_uint_eq(v, 0xCAFE);
    ck_assert_uint_eq(elbi_read(ELBI(0x4A2281), &v), GOYA_ELBI_STS_ERR);
    /* and the next good access clears the error */
    ck_assert_uint_eq(elbi_read(ELBI(0x4A2280), &v), GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(v, 0x12345678);
}
END_TEST

/* ---- register file ------------------------------------------------- */

START_TEST(test_unmodelled_readback)
{
    static const uint32_t regs[] = {
        0xD0300, 0xD0304, 0xD033C, 0xD020C,     /* MME golden / stall */
        0xE0685C, 0xE06854, 0xE06D18,           /* TPC0 cfg */
        0x4A2280, 0xC71310, 0xE01310,           /* PLLs */
        0xC01D14, 0xC01D10,                     /* PCIE_WRAP ARUSER/AWUSER */
        0x480020, 0x48002C, 0x490014, 0x49001C, /* MMU/STLB config */
        0x409000,                               /* DMA_CH_1_CFG0 */
        0x3040000, 0x3140000 + 4 * 255,         /* TPC0 EML (debug half) */
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        uint32_t v = 0x9E3779B9u * (i + 1);

        wreg(regs[i], v);
        ck_assert_msg(rreg(regs[i]) == v, "reg 0x%x", regs[i]);
        /* sub-word offsets address the same register */
        ck_assert_uint_eq(rreg(regs[i] + 2), v);
    }
    /* RMW as the driver does it */
    wreg(0xE06854, (rreg(0xE06854) & ~0x300u) | 0x200);
    ck_assert_uint_eq(rreg(0xE06854) & 0x300, 0x200);
    /* a never-written register reads 0; outside CFG reads 0, writes drop */
    ck_assert_uint_eq(rreg(0x123450), 0);
    wreg(CFG_SIZE, 1);
    ck_assert_uint_eq(rreg(CFG_SIZE), 0);
    ck_assert_uint_eq(rreg(0xFFFFFFFC), 0);
}
END_TEST

START_TEST(test_msix_doorbell)
{
    wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 3);
    ck_assert_uint_eq(fake_msix_count(3), 1);
    ck_assert_uint_eq(fh.msix_total, 1);
    /* only bits 10:0 are the vector */
    wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 0xFFFF0005);
    ck_assert_uint_eq(fake_msix_count(5), 1);
    /* through BAR0 and ELBI */
    bar0_wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 0);
    ck_assert_uint_eq(fake_msix_count(0), 1);
    ck_assert_uint_eq(elbi_write(ELBI(mmPCIE_DBI_MSIX_DOORBELL_OFF), 7),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(fake_msix_count(7), 1);
    ck_assert_uint_eq(fh.msix_total, 4);
    /* vectors the function does not have: dropped */
    wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 8);
    wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 0x7FF);
    ck_assert_uint_eq(fh.msix_total, 4);
    /* while the iATU overlays the DBI, the same offset is iATU space */
    elbi_write(ELBI(mmPCIE_AUX_DBI), 0x300000);
    wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 1);
    ck_assert_uint_eq(fh.msix_total, 4);
    elbi_write(ELBI(mmPCIE_AUX_DBI), 0);
    wreg(mmPCIE_DBI_MSIX_DOORBELL_OFF, 1);
    ck_assert_uint_eq(fake_msix_count(1), 1);
}
END_TEST

static uint64_t ts_read(void)
{
    uint32_t hi = rreg(mmPSOC_TIMESTAMP_CNTCVU);
    uint32_t lo = rreg(mmPSOC_TIMESTAMP_CNTCVL);

    return (uint64_t)hi << 32 | lo;
}

START_TEST(test_timestamp)
{
    uint64_t prev, t;

    /* goya_enable_timestamp() */
    wreg(mmPSOC_TIMESTAMP_CNTCR, 0);
    wreg(mmPSOC_TIMESTAMP_CNTCVU, 0);
    wreg(mmPSOC_TIMESTAMP_CNTCVL, 0);
    ck_assert_uint_eq(ts_read(), 0);
    fh.now += 1000 * MS;
    ck_assert_uint_eq(ts_read(), 0);        /* stopped */
    wreg(mmPSOC_TIMESTAMP_CNTCR, 1);
    ck_assert_uint_eq(rreg(mmPSOC_TIMESTAMP_CNTCR), 1);
    prev = ts_read();
    ck_assert_uint_eq(prev, 0);
    for (unsigned i = 0; i < 1000; i++) {
        fh.now += (i * 7919) % 977;
        t = ts_read();
        ck_assert_uint_ge(t, prev);
        prev = t;
    }
    fh.now += 1000 * MS;
    t = ts_read();
    ck_assert_uint_gt(t, prev);
    /* free-running at some rate: 1 s is many ticks */
    ck_assert_uint_ge(t - prev, 1000);

    /* carry into the upper word, and a stop freezes the value */
    wreg(mmPSOC_TIMESTAMP_CNTCR, 0);
    wreg(mmPSOC_TIMESTAMP_CNTCVU, 1);
    wreg(mmPSOC_TIMESTAMP_CNTCVL, 0xFFFFFFF0);
    ck_assert_uint_eq(ts_read(), 0x1FFFFFFF0ull);
    fh.now += 1000 * MS;
    ck_assert_uint_eq(ts_read(), 0x1FFFFFFF0ull);
    wreg(mmPSOC_TIMESTAMP_CNTCR, 1);
    fh.now += 1000 * MS;
    ck_assert_uint_ge(ts_read(), 0x200000000ull);
    /* halt writes 0: stops */
    wreg(mmPSOC_TIMESTAMP_CNTCR, 0);
    t = ts_read();
    fh.now += 1000 * MS;
    ck_assert_uint_eq(ts_read(), t);
}
END_TEST

START_TEST(test_mmu_asid_busy)
{
    GoyaCore *s = fh.s;

    /* goya_mmu_update_asid_hop0_addr() for ASIDs 0 and 1 */
    for (unsigned asid = 0; asid < 2; asid++) {
        uint64_t pa = 0x10000000ull + asid * 0x1000;

        wreg(MMU_HOP0_PA43_12, pa >> 12);
        wreg(MMU_HOP0_PA49_44, pa >> 44);
        wreg(MMU_ASID_BUSY, 0x80000000u | asid);
        ck_assert_uint_eq(rreg(MMU_ASID_BUSY) & 0x80000000u, 0);
        ck_assert_uint_eq(s->hop0[asid], pa);
    }
    /* high bits 49:44 and the largest ASID */
    wreg(MMU_HOP0_PA43_12, 0xFFFFFFFF);
    wreg(MMU_HOP0_PA49_44, 0x3F);
    wreg(MMU_ASID_BUSY, 0x80000000u | 1023);
    ck_assert_uint_eq(rreg(MMU_ASID_BUSY) & 0x80000000u, 0);
    ck_assert_uint_eq(s->hop0[1023], 0x3FFFFFFFFFFFFull & ~0xFFFull);
    /* without bit31 nothing is latched */
    wreg(MMU_HOP0_PA43_12, 0x20000);
    wreg(MMU_ASID_BUSY, 1);
    ck_assert_uint_eq(s->hop0[1], 0x10001000);
    /* through BAR0, the way the driver polls it */
    bar0_wreg(MMU_HOP0_PA43_12, 0x10005);
    bar0_wreg(MMU_HOP0_PA49_44, 0);
    bar0_wreg(MMU_ASID_BUSY, 0x80000000u | 5);
    ck_assert_uint_eq(bar0_rreg(MMU_ASID_BUSY) & 0x80000000u, 0);
    ck_assert_uint_eq(s->hop0[5], 0x10005000);
}
END_TEST

START_TEST(test_stlb_invalidate)
{
    GoyaCore *s = fh.s;
    uint64_t gen = s->tlb_generation;

    wreg(mmSTLB_INV_ALL_START, 1);
    ck_assert_uint_eq(rreg(mmSTLB_INV_ALL_START), 0);
    ck_assert_uint_gt(s->tlb_generation, gen);
    bar0_wreg(mmSTLB_INV_ALL_START, 1);
    ck_assert_uint_eq(bar0_rreg(mmSTLB_INV_ALL_START), 0);
}
END_TEST

START_TEST(test_tpc_mme_status)
{
    for (unsigned n = 0; n < TPC_MAX_NUM; n++) {
        uint32_t mbist = mmTPC0_CFG_FUNC_MBIST_CNTRL + n * TPC_STRIDE;
        uint32_t v = rreg(mbist);

        /* _goya_tpc_mbist_workaround(): ACTIVE clear, START, poll DONE */
        ck_assert_uint_eq(v & (1u << 2), 0);
        wreg(mbist + 4, rreg(mbist + 4) & 0xFFFFF000);
        wreg(mbist, v | TPC_CFG_FUNC_MBIST_CNTRL_START);
        v = rreg(mbist);
        ck_assert_msg(v & TPC_CFG_FUNC_MBIST_CNTRL_DONE, "TPC%u MBIST", n);
        ck_assert_uint_eq(v & (1u << 2), 0);
        ck_assert_uint_eq(rreg(mmTPC0_CFG_STATUS + n * TPC_STRIDE) &
                          TPC_CFG_STATUS_IDLE, TPC_CFG_STATUS_IDLE);
    }
    /* the register after TPC7 is an ordinary one */
    wreg(mmTPC0_CFG_FUNC_MBIST_CNTRL + TPC_MAX_NUM * TPC_STRIDE, 1);
    ck_assert_uint_eq(rreg(mmTPC0_CFG_FUNC_MBIST_CNTRL +
                           TPC_MAX_NUM * TPC_STRIDE), 1);
    ck_assert_uint_eq(rreg(mmMME_ARCH_STATUS) & MME_ARCH_STATUS_IDLE,
                      MME_ARCH_STATUS_IDLE);
    wreg(mmMME_ARCH_STATUS, 0x1);
    ck_assert_uint_eq(rreg(mmMME_ARCH_STATUS) & MME_ARCH_STATUS_IDLE,
                      MME_ARCH_STATUS_IDLE);
}
END_TEST

static uint32_t qm_base(unsigned i)
{
    return fh.s->qman[i].base;
}

START_TEST(test_idle_bits)
{
    for (unsigned i = 0; i < GOYA_NUM_QMANS; i++) {
        uint32_t b = qm_base(i);

        ck_assert_msg((rreg(b + QM_GLBL_STS0) & 0xF) == 0xF, "%s",
                      fh.s->qman[i].name);
        ck_assert_uint_eq(rreg(b + QM_CP_STS) & QM_CP_STS_FENCE_IN_PROGRESS,
                          0);
        /* goya_stop_queues(): CP_STOP then DMA_STOP */
        wreg(b + QM_GLBL_CFG1, 0x4);
        ck_assert_msg(rreg(b + QM_GLBL_STS0) & 0x40, "%s CP_IS_STOP",
                      fh.s->qman[i].name);
        ck_assert_uint_eq(rreg(b + QM_GLBL_STS0) & 0xF, 0xF);
        wreg(b + QM_GLBL_CFG1, 0xF);
        ck_assert_uint_eq(rreg(b + QM_GLBL_STS0) & 0xF0, 0xF0);
    }
    for (unsigned n = 0; n < DMA_MAX_NUM; n++) {
        ck_assert_uint_eq(rreg(mmDMA_CH_0_STS0 + n * DMA_QM_STRIDE) &
                          DMA_CH_0_STS0_DMA_BUSY_MASK, 0);
    }
    /* the driver's names for MME and TPC0 */
    ck_assert_uint_eq(rreg(0xD8024) & 0x7, 0x7);
    ck_assert_uint_eq(rreg(0xD9024) & 0x6, 0x6);
    ck_assert_uint_eq(rreg(0xE08024) & 0x7, 0x7);
    ck_assert_uint_eq(rreg(0xE09024 + 7 * TPC_STRIDE) & 0x6, 0x6);
}
END_TEST

/* ---- resets through the firmware ----------------------------------- */

START_TEST(test_soft_reset)
{
    GoyaCore *s = fh.s;

    /* DMA0 stopped and in error, MME halted, TPC3 halted */
    wreg(mmDMA_QM_0_GLBL_CFG0, 0xF);
    wreg(mmDMA_QM_0_GLBL_CFG1, 0x4);
    goya_qman_error(s, &s->qman[0], 1u << 1, 0);
    ck_assert(s->qman[0].error);
    ck_assert_uint_ne(rreg(mmDMA_QM_0_GLBL_STS1), 0);
    wreg(mmMME_QM_GLBL_CFG0 + QM_GLBL_CFG1, 0x8);
    wreg(mmTPC0_QM_GLBL_CFG0 + 3 * TPC_STRIDE + QM_GLBL_CFG1, 0x8);
    wreg(mmDMA_QM_0_PQ_PI, 5);
    /* MMU and sync state that a soft reset keeps */
    wreg(mmMMU_MMU_ENABLE, 1);
    wreg(MMU_HOP0_PA43_12, 0x10000);
    wreg(MMU_ASID_BUSY, 0x80000000u);
    wreg(mmSYNC_MNGR_SOB_OBJ_0, 9);

    /* goya_hw_fini(soft): SW_ALL_RST_CFG := TPC|MME|DMA, through BAR0 */
    bar0_wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    ck_assert(!s->qman[0].error);
    ck_assert_uint_eq(rreg(mmDMA_QM_0_GLBL_CFG0), 0);
    ck_assert_uint_eq(rreg(mmDMA_QM_0_GLBL_CFG1), 0);
    ck_assert_uint_eq(rreg(mmDMA_QM_0_GLBL_STS1), 0);
    ck_assert_uint_eq(rreg(mmDMA_QM_0_PQ_PI), 0);
    ck_assert_uint_eq(rreg(mmDMA_QM_0_PQ_CI), 0);
    ck_assert_uint_eq(rreg(mmMME_QM_GLBL_CFG0 + QM_GLBL_CFG1), 0);
    ck_assert_uint_eq(rreg(mmTPC0_QM_GLBL_CFG0 + 3 * TPC_STRIDE +
                           QM_GLBL_CFG1), 0);
    ck_assert_uint_eq(rreg(mmDMA_QM_0_GLBL_STS0) & 0xFF, 0xF);
    ck_assert_uint_eq(rreg(mmMMU_MMU_ENABLE), 1);
    ck_assert_uint_eq(s->hop0[0], 0x10000000);
    ck_assert_uint_eq(rreg(mmSYNC_MNGR_SOB_OBJ_0), 9);
    /* the pulse self-clears */
    ck_assert_uint_eq(bar0_rreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG), 0);

    /* only the DMA bit: MME keeps its stop bits */
    wreg(mmMME_QM_GLBL_CFG0 + QM_GLBL_CFG1, 0x4);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 1u << 21);
    ck_assert_uint_eq(rreg(mmMME_QM_GLBL_CFG0 + QM_GLBL_CFG1), 0x4);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 1u << 10);
    ck_assert_uint_eq(rreg(mmMME_QM_GLBL_CFG0 + QM_GLBL_CFG1), 0);
}
END_TEST

START_TEST(test_hard_reset)
{
    GoyaCore *s = fh.s;

    fake_advance(2000 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS),
                      GOYA_FW_STS_WAITING_FOR_BOOT_FIT);
    wreg(mmMMU_MMU_ENABLE, 1);
    wreg(MMU_HOP0_PA43_12, 0x10001);
    wreg(MMU_ASID_BUSY, 0x80000001u);
    wreg(mmMMU_PAGE_ERROR_CAPTURE, MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID);
    wreg(mmCPU_IF_ARUSER_OVR_EN, 0x7FF);
    wreg(mmCPU_IF_AWUSER_OVR_EN, 0x7FF);
    wreg(mmPSOC_TIMESTAMP_CNTCR, 1);
    wreg(mmSYNC_MNGR_SOB_OBJ_0 + 4 * 1007, 3);
    wreg(mmSYNC_MNGR_MON_STATUS_0 + 4 * 255, 3);
    wreg(mmTPC0_QM_GLBL_CFG0 + 7 * TPC_STRIDE + QM_GLBL_CFG1, 0x4);
    wreg(mmTPC0_CMDQ_GLBL_CFG0 + 7 * TPC_STRIDE + QM_GLBL_CFG1, 0x4);
    wreg(mmMME_CMDQ_GLBL_CFG0 + QM_GLBL_CFG1, 0x4);

    /* goya_hw_fini(hard) */
    bar0_wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    ck_assert_uint_eq(rreg(mmMMU_MMU_ENABLE), 0);
    ck_assert_uint_eq(s->hop0[1], 0);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE), 0);
    ck_assert_uint_eq(rreg(mmCPU_IF_ARUSER_OVR_EN), 0);
    ck_assert_uint_eq(rreg(mmCPU_IF_AWUSER_OVR_EN), 0);
    ck_assert_uint_eq(rreg(mmPSOC_TIMESTAMP_CNTCR), 0);
    ck_assert_uint_eq(rreg(mmSYNC_MNGR_SOB_OBJ_0 + 4 * 1007), 0);
    ck_assert_uint_eq(rreg(mmSYNC_MNGR_MON_STATUS_0 + 4 * 255), 0);
    ck_assert_uint_eq(rreg(mmTPC0_QM_GLBL_CFG0 + 7 * TPC_STRIDE +
                           QM_GLBL_CFG1), 0);
    ck_assert_uint_eq(rreg(mmTPC0_CMDQ_GLBL_CFG0 + 7 * TPC_STRIDE +
                           QM_GLBL_CFG1), 0);
    ck_assert_uint_eq(rreg(mmMME_CMDQ_GLBL_CFG0 + QM_GLBL_CFG1), 0);
    /* the device CPU restarts: in reset, then preboot again */
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 0);
    ck_assert_uint_eq(rreg(mmHW_STATE), 0);
    fake_advance(500 * MS);
    ck_assert_uint_eq(bar0_rreg(mmPSOC_GLOBAL_CONF_BTM_FSM) & 0xF, 0);
    fake_advance(1000 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS),
                      GOYA_FW_STS_WAITING_FOR_BOOT_FIT);
}
END_TEST

START_TEST(test_poweron)
{
    GoyaCore *s = fh.s;

    /* preboot comes up on the fw timer */
    ck_assert_uint_ne(fh.fw_deadline, UINT64_MAX);
    fake_advance(1000 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS),
                      GOYA_FW_STS_WAITING_FOR_BOOT_FIT);
    ck_assert_uint_eq(rreg(mmHW_STATE), 0);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_BOOT_STRAP_PINS) & (1u << 21),
                      0);
    ck_assert_uint_eq(rreg(mmMMU_MMU_ENABLE), 0);
    ck_assert_uint_eq(s->dram_size, 4ull << 30);
    /* device memory starts zeroed */
    ck_assert_uint_eq(s->dram[0x1FC00000], 0);
    ck_assert_uint_eq(s->sram[SRAM_SIZE - 1], 0);
    /* goya_core_reset() wipes device memory and registers */
    s->dram[0x1000] = 1;
    s->sram[0x1000] = 1;
    wreg(0xD0300, 1);
    goya_core_reset(s);
    ck_assert_uint_eq(s->dram[0x1000], 0);
    ck_assert_uint_eq(s->sram[0x1000], 0);
    ck_assert_uint_eq(rreg(0xD0300), 0);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 0);
}
END_TEST

/* ---- goya_core_new() ----------------------------------------------- */

START_TEST(test_bad_dram_size)
{
    static const uint64_t bad[] = {
        0, 1ull << 30, 2ull << 30, 3ull << 30, (4ull << 30) - 4096,
        (4ull << 30) + 4096, 6ull << 30, 12ull << 30,
    };
    memset(&fh, 0, sizeof(fh));
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        GoyaConfig cfg = { .dram_size = bad[i] };
        char *err = NULL;
        GoyaCore *s = goya_core_new(&fake_host_ops, &fh, &cfg, &err);

        ck_assert_msg(s == NULL, "dram-size 0x%" PRIx64 " accepted", bad[i]);
        ck_assert_ptr_nonnull(err);
        ck_assert_ptr_nonnull(strstr(err, "dram-size"));
        g_free(err);
    }
    /* 8 GiB is fine (sparse) */
    fake_host_init(8ull << 30, 1 << 20);
    ck_assert_uint_eq(fh.s->dram_size, 8ull << 30);
    goya_core_bar_write(fh.s, 4, (8ull << 30) - 8, 0x1234, 8);
    ck_assert_uint_eq(ldq_le_p(fh.s->dram + (8ull << 30) - 8), 0x1234);
    fake_host_fini();
    /* goya_core_free(NULL) is a no-op */
    goya_core_free(NULL);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("goya_core");
    TCase *tc = tcase_create("core");
    TCase *tn = tcase_create("new");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, fake_host_setup, fake_host_teardown);
    tcase_add_test(tc, test_bar0_sram);
    tcase_add_test(tc, test_bar0_cfg);
    tcase_add_test(tc, test_bar4_default);
    tcase_add_test(tc, test_bar4_move);
    tcase_add_test(tc, test_bar0_move_and_reset);
    tcase_add_test(tc, test_iatu_outbound);
    tcase_add_test(tc, test_elbi);
    tcase_add_test(tc, test_unmodelled_readback);
    tcase_add_test(tc, test_msix_doorbell);
    tcase_add_test(tc, test_timestamp);
    tcase_add_test(tc, test_mmu_asid_busy);
    tcase_add_test(tc, test_stlb_invalidate);
    tcase_add_test(tc, test_tpc_mme_status);
    tcase_add_test(tc, test_idle_bits);
    tcase_add_test(tc, test_soft_reset);
    tcase_add_test(tc, test_hard_reset);
    tcase_add_test(tc, test_poweron);
    suite_add_tcase(s, tc);
    tcase_set_timeout(tn, 60);
    tcase_add_test(tn, test_bad_dram_size);
    suite_add_tcase(s, tn);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(core_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
