/*
 * Goya register protection, as silicon enforces it for non-secure
 * initiators (docs/fidelity.md, "Register protection"):
 *
 * - protection bits: the last 128 bytes (PROT_BITS_OFFS) of every 4 KiB
 *   CFG block are 32 words; bit n of word w covers the register at block
 *   offset w * 0x80 + n * 4.  Clear = secure-only, set = open.  Layout
 *   from the driver's goya_security.c; what they do from the driver
 *   contract section 17.2.
 * - the DMA macro's range registers: LBW (CFG) ranges and HBW (DRAM,
 *   SRAM, host) ranges; an address inside an enabled range is blocked for
 *   non-secure transactions of the five DMA QMANs and their channels.
 *
 * A blocked access is recorded in the DMA macro's RAZWI capture (the only
 * capture the driver reads, for every QMAN/engine event) and returned as
 * GOYA_XFER_PROT; the caller stops the queue with its usual error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"

#define PROT_BLOCK_SIZE         0x1000
#define PROT_WORD_SPAN          0x80        /* registers covered per word */
#define LBW_RANGES              16
#define HBW_RANGES              8
#define HBW_ADDR_MASK           ((1ull << 50) - 1)  /* 49:0 */
#define HBW_RANGE_HI_MASK       0x3FFFF             /* the 49_32 halves */
/* LBW address of CFG offset 0: the driver's ranges start at 0xFC000000 */
#define LBW_CFG_WINDOW          0xFC000000u

/*
 * The sync manager's SOB (0x112000..) and monitor (0x113000..) arrays fill
 * their 4 KiB blocks to the last word (contract 17.1); the driver clears
 * SOB 1023 and MON_ARM 255 as registers and never programs protection
 * there.  These two blocks have no protection words: they stay open.
 */
#define SM_ARRAYS_START         mmSYNC_MNGR_SOB_OBJ_0
#define SM_ARRAYS_END           (mmSYNC_MNGR_MON_PAY_ADDRL_0 + PROT_BLOCK_SIZE)

bool goya_protect_is_word(uint32_t reg)
{
    return (reg & (PROT_BLOCK_SIZE - 1)) >= PROT_BITS_OFFS &&
           !(reg >= SM_ARRAYS_START && reg < SM_ARRAYS_END);
}

/*
 * Protection words reset to all-open: the driver only writes the words
 * that hold registers it keeps secure (~mask) or whole blocks it locks
 * (0), so everything it leaves alone, like the sync manager's SOBs, must
 * be open.  They are kept inverted in the register file, whose reset
 * value is 0, so the file stays sparse.
 */
uint32_t goya_protect_word_read(GoyaCore *s, uint32_t reg)
{
    return ~goya_reg(s, reg);
}

void goya_protect_word_write(GoyaCore *s, uint32_t reg, uint32_t val)
{
    trace_goya_protect_word(reg, val);
    goya_reg_set(s, reg, ~val);
}

static bool reg_is_open(GoyaCore *s, uint32_t reg)
{
    uint32_t block = reg & ~(PROT_BLOCK_SIZE - 1);
    uint32_t off = reg & (PROT_BLOCK_SIZE - 1);
    uint32_t word = block + PROT_BITS_OFFS + off / PROT_WORD_SPAN * 4;

    if (block >= SM_ARRAYS_START && block < SM_ARRAYS_END) {
        return true;
    }
    return goya_protect_word_read(s, word) &
           (1u << (off % PROT_WORD_SPAN / 4));
}

/* The five DMA QMANs and their channels form the DMA macro. */
static bool in_dma_macro(const GoyaInitiator *who)
{
    return who->qman >= 0 && who->qman < DMA_MAX_NUM;
}

static bool lbw_blocked(GoyaCore *s, uint32_t reg)
{
    uint32_t hit = goya_reg(s, mmDMA_MACRO_LBW_RANGE_HIT_BLOCK);
    uint32_t lbw = (LBW_CFG_WINDOW + reg) & DMA_MACRO_LBW_RANGE_BASE_R_MASK;

    for (unsigned n = 0; n < LBW_RANGES; n++) {
        uint32_t mask = goya_reg(s, mmDMA_MACRO_LBW_RANGE_MASK_0 + 4 * n) &
                        DMA_MACRO_LBW_RANGE_BASE_R_MASK;
        uint32_t base = goya_reg(s, mmDMA_MACRO_LBW_RANGE_BASE_0 + 4 * n);

        /*
         * A zero mask would match every address; the driver enables all
         * 16 ranges but programs 14, so an unprogrammed range blocks
         * nothing.
         */
        if ((hit & (1u << n)) && mask && (lbw & mask) == (base & mask)) {
            return true;
        }
    }
    return false;
}

static void capture(GoyaCore *s, uint32_t vld_reg)
{
    goya_reg_set(s, vld_reg, 1);
}

GoyaXferResult goya_protect_cfg_write(GoyaCore *s, const GoyaInitiator *who,
                                      uint32_t reg, uint32_t val)
{
    bool range;

    if (!who->non_secure) {
        return GOYA_XFER_OK;
    }
    range = in_dma_macro(who) && lbw_blocked(s, reg);
    /* the protection words themselves are secure registers */
    if (!range && !goya_protect_is_word(reg) && reg_is_open(s, reg)) {
        return GOYA_XFER_OK;
    }
    trace_goya_ub_protect_lbw(who->qman, reg, val, range);
    capture(s, mmDMA_MACRO_RAZWI_LBW_WT_VLD);
    return GOYA_XFER_PROT;
}

static uint64_t hbw_reg(GoyaCore *s, uint32_t hi0, uint32_t lo0, unsigned n)
{
    return ((uint64_t)(goya_reg(s, hi0 + 4 * n) & HBW_RANGE_HI_MASK) << 32 |
            goya_reg(s, lo0 + 4 * n)) & HBW_ADDR_MASK;
}

uint64_t goya_protect_hbw_run(GoyaCore *s, const GoyaInitiator *who,
                              uint64_t addr, uint64_t len, bool is_write)
{
    uint32_t hit;

    if (!who->non_secure || !in_dma_macro(who)) {
        return len;
    }
    hit = goya_reg(s, mmDMA_MACRO_HBW_RANGE_HIT_BLOCK);
    for (unsigned n = 0; n < HBW_RANGES && hit; n++) {
        uint64_t mask, base, span;

        if (!(hit & (1u << n))) {
            continue;
        }
        mask = hbw_reg(s, mmDMA_MACRO_HBW_RANGE_MASK_49_32_0,
                       mmDMA_MACRO_HBW_RANGE_MASK_31_0_0, n);
        base = hbw_reg(s, mmDMA_MACRO_HBW_RANGE_BASE_49_32_0,
                       mmDMA_MACRO_HBW_RANGE_BASE_31_0_0, n);
        if (!mask) {
            continue;           /* unprogrammed: see lbw_blocked() */
        }
        if ((addr & mask) == (base & mask)) {
            trace_goya_ub_protect_hbw(who->qman, addr, n, is_write);
            capture(s, is_write ? mmDMA_MACRO_RAZWI_HBW_WT_VLD :
                                  mmDMA_MACRO_RAZWI_HBW_RD_VLD);
            return 0;
        }
        /*
         * Whether an address matches depends only on its masked bits, so
         * it cannot change inside the aligned block of 2^ctz(mask) bytes:
         * end the run there, and the next run is checked again.
         */
        span = 1ull << __builtin_ctzll(mask);   /* mask != 0 */
        len = MIN(len, span - (addr & (span - 1)));
    }
    return len;
}
