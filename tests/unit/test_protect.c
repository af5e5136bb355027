/*
 * Unit tests of register protection (docs/fidelity.md, "Register
 * protection").  Every address and value here is a literal taken from the
 * 6.1 driver (goya_security.c, goya_masks.h, asic_reg headers) or from the
 * driver contract section 17.2, never from the model's own definitions:
 *   - protection words at block offset 0xF80; bit n of word w covers block
 *     offset w * 0x80 + n * 4; clear = secure-only;
 *   - GLBL_PROT: QMAN_DMA_PARTLY_TRUSTED = 0xF7 (PQF, CQF, CP trusted; DMA
 *     channel not), QMAN_DMA_FULLY_TRUSTED = 0xFF, QMAN_TPC_ERR_PROT =
 *     0xF0 (nothing trusted);
 *   - DMA macro LBW range 7 = 0xFCC4A000 / 0xFFFFE000 (as written, & the
 *     26-bit field mask 0x3FFFFFF), HBW range 1 = 0 / 0x3FFFF:E0000000;
 *   - the security scheme described in the driver's goya.c: a QMAN
 *     reaches a protected area only when its CP is secured and the packet
 *     is MSG_PROT (MSG_PROT = opcode 0x7, MSG_LONG = 0x3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"

#define HOST(pci)       (0x8000000000ull + (pci))   /* HOST_PHYS_BASE */
#define CFG(off)        (0x7FFC000000ull + (off))   /* CFG_BASE */

/* Host RAM layout (PCI addresses) */
#define PQ_PCI          0x100000ull
#define CB_PCI          0x200000ull
#define ERR_PCI         0x20000ull
#define CHERR_PCI       0x20010ull
#define DATA_PCI        0x800000ull

/* Registers (goya asic_reg headers) */
#define DMA_QM_0                0x400000    /* mmDMA_QM_0_GLBL_CFG0 */
#define TPC0_QM                 0xE08000    /* mmTPC0_QM_GLBL_CFG0 */
#define GLBL_CFG0               0x00
#define GLBL_PROT               0x08
#define GLBL_ERR_ADDR_LO        0x10
#define GLBL_ERR_ADDR_HI        0x14
#define GLBL_ERR_WDATA          0x18
#define GLBL_STS1               0x28
#define PQ_BASE_LO              0x60
#define PQ_BASE_HI              0x64
#define PQ_SIZE                 0x68
#define PQ_PI                   0x6C
#define PQ_CI                   0x70
#define DMA_CH_0_ERRMSG_ADDR_LO 0x401008
#define DMA_CH_0_ERRMSG_ADDR_HI 0x40100C
#define DMA_CH_0_ERRMSG_WDATA   0x401010
#define SCRATCHPAD_20           0xC4B150    /* PSOC_GLOBAL_CONF */
#define SOB_OBJ_5               0x112014
#define SOB_OBJ_992             0x112F80    /* block offset 0xF80 */
#define LBW_HIT_BLOCK           0x4B0000
#define LBW_MASK_7              0x4B0020
#define LBW_BASE_7              0x4B0060
#define HBW_HIT_BLOCK           0x4B0084
#define HBW_MASK_49_32_1        0x4B00AC
#define HBW_MASK_31_0_1         0x4B00CC
#define HBW_BASE_49_32_1        0x4B00EC
#define HBW_BASE_31_0_1         0x4B010C
#define RAZWI_LBW_WT_VLD        0x4B013C
#define RAZWI_HBW_WT_VLD        0x4B014C
#define RAZWI_HBW_RD_VLD        0x4B0154

/* GLBL_PROT values (goya_masks.h) */
#define PARTLY_TRUSTED          0xF7
#define FULLY_TRUSTED           0xFF
#define ERR_PROT_ONLY           0xF0

/* Packets (goya_packets.h): opcode << 24 */
#define OP_WREG_32      0x01000000u
#define OP_WREG_BULK    0x02000000u
#define OP_MSG_LONG     0x03000000u
#define OP_MSG_PROT     0x07000000u
#define OP_LIN_DMA      0x09000000u
#define OP_NOP          0x0A000000u
#define LIN_DMA_MEMSET  0x40u

/* DMA QMAN 0 word 0: what goya_init_dma_protection_bits() writes, ~mask of
 * GLBL_CFG0..STS1 (bits 0-10) and PQ_BASE_LO..PQ_ARUSER (bits 24-31). */
#define DMA_QM_0_PB_WORD0       0x00FFF800u

typedef struct CB {
    uint64_t pci;
    uint32_t len;
} CB;

static void put(CB *cb, uint32_t w0, uint32_t ctl, const uint64_t *q,
                unsigned nq)
{
    fake_ram_wr32(cb->pci + cb->len, w0);
    fake_ram_wr32(cb->pci + cb->len + 4, ctl);
    for (unsigned i = 0; i < nq; i++) {
        fake_ram_wr64(cb->pci + cb->len + 8 + 8 * i, q[i]);
    }
    cb->len += 8 + 8 * nq;
}

static void msg_long(CB *cb, uint64_t addr, uint32_t val)
{
    put(cb, val, OP_MSG_LONG, &addr, 1);
}

static void lin_dma(CB *cb, uint64_t src, uint64_t dst, uint32_t size,
                    uint32_t bits)
{
    uint64_t q[2] = { src, dst };

    put(cb, size, OP_LIN_DMA | bits, q, 2);
}

static uint32_t pi[2];

/* A QMAN the way goya_init_*_qman() sets one up, errors to host memory. */
static void init_qm(uint32_t base, uint32_t prot)
{
    wreg(base + PQ_BASE_LO, (uint32_t)HOST(PQ_PCI + (base & 0xF00000)));
    wreg(base + PQ_BASE_HI, HOST(PQ_PCI) >> 32);
    wreg(base + PQ_SIZE, 8);
    wreg(base + PQ_PI, 0);
    wreg(base + PQ_CI, 0);
    wreg(base + GLBL_ERR_ADDR_LO, (uint32_t)HOST(ERR_PCI));
    wreg(base + GLBL_ERR_ADDR_HI, HOST(ERR_PCI) >> 32);
    wreg(base + GLBL_ERR_WDATA, base == DMA_QM_0 ? 449 : 438);
    wreg(base + GLBL_PROT, prot);
    wreg(base + GLBL_CFG0, base == DMA_QM_0 ? 0xF : 0x7);
}

static void setup(void)
{
    fake_host_setup();
    init_qm(DMA_QM_0, PARTLY_TRUSTED);
    init_qm(TPC0_QM, ERR_PROT_ONLY);
    wreg(DMA_CH_0_ERRMSG_ADDR_LO, (uint32_t)HOST(CHERR_PCI));
    wreg(DMA_CH_0_ERRMSG_ADDR_HI, HOST(CHERR_PCI) >> 32);
    wreg(DMA_CH_0_ERRMSG_WDATA, 455);       /* DMA0_CH */
    fake_ram_wr32(ERR_PCI, 0);
    fake_ram_wr32(CHERR_PCI, 0);
    pi[0] = pi[1] = 0;
}

/* Submit @cb to DMA QMAN 0 (q = 0) or TPC0 QM (q = 1). */
static void submit(unsigned q, const CB *cb)
{
    uint32_t base = q ? TPC0_QM : DMA_QM_0;
    uint64_t bd = PQ_PCI + (base & 0xF00000) + 16ull * (pi[q] & 255);

    fake_ram_wr64(bd, HOST(cb->pci));
    fake_ram_wr32(bd + 8, cb->len);
    pi[q] = (pi[q] + 1) & 511;
    wreg(base + PQ_PI, pi[q]);
    fake_drain();
}

/* goya_init_security()'s range registers 7 (LBW) and 1 (HBW). */
static void init_ranges(void)
{
    wreg(LBW_HIT_BLOCK, 0xFFFF);
    wreg(HBW_HIT_BLOCK, 0xFF);
    wreg(HBW_BASE_31_0_1, 0);
    wreg(HBW_BASE_49_32_1, 0);
    wreg(HBW_MASK_31_0_1, 0xE0000000);
    wreg(HBW_MASK_49_32_1, 0x3FFFF);
    wreg(LBW_BASE_7, 0xFCC4A000 & 0x3FFFFFF);
    wreg(LBW_MASK_7, 0xFFFFE000 & 0x3FFFFFF);
}

START_TEST(test_words_reset_open_and_host_programs_them)
{
    /* never programmed: all registers open */
    ck_assert_uint_eq(rreg(0xC4BF88), 0xFFFFFFFF);
    ck_assert_uint_eq(rreg(DMA_QM_0 + 0xF80), 0xFFFFFFFF);
    /* the host (secure) writes them and reads them back */
    wreg(DMA_QM_0 + 0xF80, DMA_QM_0_PB_WORD0);
    ck_assert_uint_eq(rreg(DMA_QM_0 + 0xF80), DMA_QM_0_PB_WORD0);
    wreg(0xC4BF88, 0);
    ck_assert_uint_eq(rreg(0xC4BF88), 0);
    /* the sync manager's arrays fill their blocks: SOB 992 is a SOB */
    wreg(SOB_OBJ_992, 5);
    ck_assert_uint_eq(rreg(SOB_OBJ_992), 5);
}
END_TEST

START_TEST(test_tpc_msg_long_to_dma_pq_dropped)
{
    CB cb = { CB_PCI, 0 };
    uint32_t pq_lo = rreg(DMA_QM_0 + PQ_BASE_LO);

    wreg(DMA_QM_0 + 0xF80, DMA_QM_0_PB_WORD0);
    /* open register in the same word, then the secure PQ_BASE_LO, then a
     * SOB update that must never happen */
    msg_long(&cb, CFG(DMA_QM_0 + 0x40), 0x1234);
    msg_long(&cb, CFG(DMA_QM_0 + PQ_BASE_LO), 0xBAD);
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(1, &cb);
    ck_assert_uint_eq(rreg(DMA_QM_0 + 0x40), 0x1234);
    ck_assert_uint_eq(rreg(DMA_QM_0 + PQ_BASE_LO), pq_lo);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
    ck_assert_uint_ne(rreg(TPC0_QM + GLBL_STS1), 0);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 438);     /* TPC0_QM */
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
    /* the queue stays stopped: a new CB does not run */
    cb = (CB){ CB_PCI + 0x1000, 0 };
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(1, &cb);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
}
END_TEST

START_TEST(test_tpc_wreg_to_protected_own_reg)
{
    CB cb = { CB_PCI, 0 };
    uint64_t v[2] = { 0x1111111122222222ull, 0x3333333344444444ull };

    /* TPC0_QM word 0: only block offset 0x54 (bit 21) secure-only */
    wreg(TPC0_QM + 0xF80, ~(1u << 21));
    put(&cb, 0xABCD, OP_WREG_32 | 0x40, NULL, 0);
    put(&cb, 2, OP_WREG_BULK | 0x48, v, 2);     /* 0x48, 0x4C, 0x50, 0x54 */
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(1, &cb);
    ck_assert_uint_eq(rreg(TPC0_QM + 0x40), 0xABCD);
    ck_assert_uint_eq(rreg(TPC0_QM + 0x48), 0x22222222);
    ck_assert_uint_eq(rreg(TPC0_QM + 0x4C), 0x11111111);
    ck_assert_uint_eq(rreg(TPC0_QM + 0x50), 0x44444444);
    ck_assert_uint_eq(rreg(TPC0_QM + 0x54), 0);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 438);
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
}
END_TEST

START_TEST(test_tpc_wreg_to_protection_word)
{
    CB cb = { CB_PCI, 0 };

    /* the protection words are secure registers themselves */
    put(&cb, 0, OP_WREG_32 | 0xF80, NULL, 0);
    msg_long(&cb, CFG(0xC4BF88), 0);
    submit(1, &cb);
    ck_assert_uint_eq(rreg(TPC0_QM + 0xF80), 0xFFFFFFFF);
    ck_assert_uint_eq(rreg(0xC4BF88), 0xFFFFFFFF);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 438);
}
END_TEST

START_TEST(test_secure_initiators_unaffected)
{
    CB cb = { CB_PCI, 0 };

    init_ranges();
    wreg(DMA_QM_0 + 0xF80, DMA_QM_0_PB_WORD0);
    wreg(0xC4BF88, 0);
    /* the host */
    wreg(SCRATCHPAD_20, 0x5A5A);
    ck_assert_uint_eq(rreg(SCRATCHPAD_20), 0x5A5A);
    /* DMA QMAN 0, PARTLY_TRUSTED: its CP is trusted (CP_PROT set), so
     * its MSG_PROT and WREG_32 are secure */
    put(&cb, 0x1234, OP_MSG_PROT, (uint64_t[]){ CFG(SCRATCHPAD_20) }, 1);
    put(&cb, 0x3, OP_WREG_32 | 0x68, NULL, 0);  /* own PQ_SIZE */
    submit(0, &cb);
    ck_assert_uint_eq(rreg(SCRATCHPAD_20), 0x1234);
    ck_assert_uint_eq(rreg(DMA_QM_0 + PQ_SIZE), 0x3);
    ck_assert_uint_eq(rreg(DMA_QM_0 + GLBL_STS1), 0);
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 0);
    /* FULLY_TRUSTED (goya_send_job_on_qman0): memset of DRAM < 512 MiB */
    wreg(DMA_QM_0 + PQ_SIZE, 8);
    wreg(DMA_QM_0 + GLBL_PROT, FULLY_TRUSTED);
    cb = (CB){ CB_PCI + 0x1000, 0 };
    lin_dma(&cb, 0x7777777777777777ull, 0x1000, 0x1000, LIN_DMA_MEMSET);
    submit(0, &cb);
    ck_assert_uint_eq(fh.s->dram[0x1FFF], 0x77);
    ck_assert_uint_eq(rreg(RAZWI_HBW_WT_VLD), 0);
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), 0);
}
END_TEST

START_TEST(test_lbw_range7_blocks_dma_channel)
{
    CB cb = { CB_PCI, 0 };

    init_ranges();
    wreg(SCRATCHPAD_20, 0x5A5A);
    /* the (non-secure) DMA channel memsets the scratchpad */
    lin_dma(&cb, 0x12345678, CFG(SCRATCHPAD_20), 4, LIN_DMA_MEMSET);
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(0, &cb);
    ck_assert_uint_eq(rreg(SCRATCHPAD_20), 0x5A5A);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), 455);
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
}
END_TEST

START_TEST(test_lbw_range7_blocks_untrusted_cp)
{
    CB cb = { CB_PCI, 0 };

    init_ranges();
    wreg(SCRATCHPAD_20, 0x5A5A);
    wreg(DMA_QM_0 + GLBL_PROT, 0xF3);       /* CP_PROT clear */
    msg_long(&cb, CFG(SCRATCHPAD_20), 1);
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(0, &cb);
    ck_assert_uint_eq(rreg(SCRATCHPAD_20), 0x5A5A);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 449);     /* DMA0_QM */
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
    /* outside range 7 (0xC4A000-0xC4BFFF) it would have worked: the
     * sync manager is in no range */
    ck_assert_uint_eq(rreg(0x112000), 0);
}
END_TEST

START_TEST(test_trusted_cp_msg_long_is_non_secure)
{
    CB cb = { CB_PCI, 0 };

    /* PARTLY_TRUSTED (CP_PROT set), but MSG_LONG is not MSG_PROT: the
     * write goes out non-secure and LBW range 7 stops it, as silicon
     * stops a user CB on DMA QMAN 0 writing a PSOC_GLOBAL_CONF scratchpad
     * (contract 17.2) */
    init_ranges();
    wreg(SCRATCHPAD_20, 0x5A5A);
    msg_long(&cb, CFG(SCRATCHPAD_20), 1);
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(0, &cb);
    ck_assert_uint_eq(rreg(DMA_QM_0 + GLBL_PROT), 0xF7);
    ck_assert_uint_eq(rreg(SCRATCHPAD_20), 0x5A5A);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 449);     /* DMA0_QM */
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
}
END_TEST

START_TEST(test_trusted_cp_msg_long_to_secure_register)
{
    CB cb = { CB_PCI, 0 };

    /* ... and the protection bits apply to it: PQ_BASE_LO of DMA QMAN 0
     * is secure-only (word 0 = 0x00FFF800, bit 24 clear) */
    wreg(DMA_QM_0 + 0xF80, DMA_QM_0_PB_WORD0);
    msg_long(&cb, CFG(DMA_QM_0 + PQ_BASE_LO), 0xBAD);
    submit(0, &cb);
    ck_assert_uint_ne(rreg(DMA_QM_0 + PQ_BASE_LO), 0xBAD);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 449);
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
}
END_TEST

START_TEST(test_untrusted_cp_msg_prot_is_non_secure)
{
    CB cb = { CB_PCI, 0 };

    /* a TPC QMAN (ERR_PROT_ONLY, CP_PROT clear): MSG_PROT does not make
     * its write secure */
    wreg(DMA_QM_0 + 0xF80, DMA_QM_0_PB_WORD0);
    put(&cb, 0xBAD, OP_MSG_PROT, (uint64_t[]){ CFG(DMA_QM_0 + PQ_BASE_LO) },
        1);
    submit(1, &cb);
    ck_assert_uint_ne(rreg(DMA_QM_0 + PQ_BASE_LO), 0xBAD);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 438);     /* TPC0_QM */
}
END_TEST

START_TEST(test_lbw_range_disabled_by_hit_block)
{
    CB cb = { CB_PCI, 0 };

    init_ranges();
    wreg(LBW_HIT_BLOCK, 0xFFFF & ~(1u << 7));
    lin_dma(&cb, 0x12345678, CFG(SCRATCHPAD_20), 4, LIN_DMA_MEMSET);
    submit(0, &cb);
    /* not a protection block any more (CFG bulk DMA: plain RAZWI) */
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 0);
}
END_TEST

START_TEST(test_hbw_range1_blocks_low_dram)
{
    CB cb = { CB_PCI, 0 };

    init_ranges();
    memset(fake_ram(DATA_PCI), 0xAB, 0x2000);
    /* write into DRAM 0x1000 (first 512 MiB): blocked, nothing written */
    lin_dma(&cb, HOST(DATA_PCI), 0x1000, 0x1000, 0);
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    submit(0, &cb);
    ck_assert_uint_eq(fh.s->dram[0x1000], 0);
    ck_assert_uint_eq(fh.s->dram[0x1FFF], 0);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 0);
    ck_assert_uint_eq(rreg(RAZWI_HBW_WT_VLD), 1);
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), 455);
}
END_TEST

START_TEST(test_hbw_range1_blocks_reads_and_spares_user_dram)
{
    CB cb = { CB_PCI, 0 };

    init_ranges();
    fh.s->dram[0x20000000] = 0x42;
    fh.s->dram[0x100] = 0x99;
    /* DRAM 0x20000000 (DRAM_BASE_ADDR_USER) is outside range 1 */
    lin_dma(&cb, 0x20000000, HOST(DATA_PCI), 0x1000, 0);
    msg_long(&cb, CFG(SOB_OBJ_5), 1);
    /* a copy that starts just below 512 MiB: blocked at its start */
    lin_dma(&cb, 0x1FFFF000, HOST(DATA_PCI + 0x1000), 0x2000, 0);
    msg_long(&cb, CFG(SOB_OBJ_5), 0x80000001);
    memset(fake_ram(DATA_PCI), 0, 0x3000);
    submit(0, &cb);
    ck_assert_uint_eq(*(uint8_t *)fake_ram(DATA_PCI), 0x42);
    ck_assert_uint_eq(rreg(SOB_OBJ_5), 1);
    ck_assert_uint_eq(*(uint8_t *)fake_ram(DATA_PCI + 0x2000), 0);
    ck_assert_uint_eq(rreg(RAZWI_HBW_RD_VLD), 1);
    ck_assert_uint_eq(rreg(RAZWI_HBW_WT_VLD), 0);
}
END_TEST

START_TEST(test_hbw_range_ends_run_at_boundary)
{
    CB cb = { CB_PCI, 0 };

    /* a copy from user DRAM that runs into a range ending... or starting:
     * 0x1FFFF000..0x20001000 with range 1 moved to [0x20000000, +512M) */
    wreg(HBW_HIT_BLOCK, 0x2);
    wreg(HBW_BASE_31_0_1, 0x20000000);
    wreg(HBW_MASK_31_0_1, 0xE0000000);
    wreg(HBW_MASK_49_32_1, 0x3FFFF);
    memset(fake_ram(DATA_PCI), 0xCD, 0x2000);
    lin_dma(&cb, HOST(DATA_PCI), 0x1FFFF000, 0x2000, 0);
    submit(0, &cb);
    /* the part below the range is written, the range is not */
    ck_assert_uint_eq(fh.s->dram[0x1FFFF000], 0xCD);
    ck_assert_uint_eq(fh.s->dram[0x1FFFFFFF], 0xCD);
    ck_assert_uint_eq(fh.s->dram[0x20000000], 0);
    ck_assert_uint_eq(rreg(RAZWI_HBW_WT_VLD), 1);
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), 455);
}
END_TEST

START_TEST(test_tpc_not_in_dma_macro)
{
    CB cb = { CB_PCI, 0 };

    /* ranges are the DMA macro's: a TPC QMAN (non-secure) is not checked */
    init_ranges();
    msg_long(&cb, CFG(SCRATCHPAD_20), 0x77);
    msg_long(&cb, HOST(DATA_PCI), 0x88);
    submit(1, &cb);
    ck_assert_uint_eq(rreg(SCRATCHPAD_20), 0x77);
    ck_assert_uint_eq(fake_ram_rd32(DATA_PCI), 0x88);
    ck_assert_uint_eq(rreg(TPC0_QM + GLBL_STS1), 0);
}
END_TEST

START_TEST(test_hostile_ranges)
{
    CB cb = { CB_PCI, 0 };

    /* every range enabled with random values: no crash, no hang */
    wreg(HBW_HIT_BLOCK, 0xFFFFFFFF);
    wreg(LBW_HIT_BLOCK, 0xFFFFFFFF);
    for (unsigned n = 0; n < 8; n++) {
        wreg(0x4B00A8 + 4 * n, 0xFFFFFFFF);
        wreg(0x4B00C8 + 4 * n, 0x80000000u >> n);
        wreg(0x4B00E8 + 4 * n, 0xFFFFFFFF);
        wreg(0x4B0108 + 4 * n, 0x12345678 * n);
    }
    for (unsigned n = 0; n < 16; n++) {
        wreg(0x4B0004 + 4 * n, 1u << n);
        wreg(0x4B0044 + 4 * n, 0xFFFFFFFF);
    }
    lin_dma(&cb, HOST(DATA_PCI), 0x30000000, 0x100000, 0);
    submit(0, &cb);
    ck_assert(!fh.run_bound_hit);
}
END_TEST

START_TEST(test_hbw_range_odd_mask)
{
    CB cb = { CB_PCI, 0 };

    /* mask bit 0 only: 1-byte runs, slow but bounded and correct */
    wreg(HBW_HIT_BLOCK, 0x1);
    wreg(0x4B00C8, 1);                          /* MASK_31_0_0 */
    wreg(0x4B0108, 1);                          /* BASE_31_0_0: odd bytes */
    memset(fake_ram(DATA_PCI), 0xEE, 0x10);
    lin_dma(&cb, HOST(DATA_PCI), 0x30000000, 0x10, 0);
    submit(0, &cb);
    ck_assert(!fh.run_bound_hit);
    ck_assert_uint_eq(fh.s->dram[0x30000000], 0xEE);
    ck_assert_uint_eq(fh.s->dram[0x30000001], 0);
    /* the source's odd byte is the first blocked access */
    ck_assert_uint_eq(rreg(RAZWI_HBW_RD_VLD), 1);
}
END_TEST

static Suite *protect_suite(void)
{
    Suite *s = suite_create("protect");
    TCase *tc = tcase_create("protect");

    tcase_add_checked_fixture(tc, setup, fake_host_teardown);
    tcase_add_test(tc, test_words_reset_open_and_host_programs_them);
    tcase_add_test(tc, test_tpc_msg_long_to_dma_pq_dropped);
    tcase_add_test(tc, test_tpc_wreg_to_protected_own_reg);
    tcase_add_test(tc, test_tpc_wreg_to_protection_word);
    tcase_add_test(tc, test_secure_initiators_unaffected);
    tcase_add_test(tc, test_lbw_range7_blocks_dma_channel);
    tcase_add_test(tc, test_lbw_range7_blocks_untrusted_cp);
    tcase_add_test(tc, test_trusted_cp_msg_long_is_non_secure);
    tcase_add_test(tc, test_trusted_cp_msg_long_to_secure_register);
    tcase_add_test(tc, test_untrusted_cp_msg_prot_is_non_secure);
    tcase_add_test(tc, test_lbw_range_disabled_by_hit_block);
    tcase_add_test(tc, test_hbw_range1_blocks_low_dram);
    tcase_add_test(tc, test_hbw_range1_blocks_reads_and_spares_user_dram);
    tcase_add_test(tc, test_hbw_range_ends_run_at_boundary);
    tcase_add_test(tc, test_tpc_not_in_dma_macro);
    tcase_add_test(tc, test_hostile_ranges);
    tcase_add_test(tc, test_hbw_range_odd_mask);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(protect_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
