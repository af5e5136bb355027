/*
 * Goya device core: BAR and ELBI decode, the PCIe iATU, the CFG register
 * file and its side effects, engine scheduling, and the glue to the
 * firmware stub (the device CPU).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include <sys/mman.h>
#include "goya_core.h"
#include "firmware-stub/goya_fw_regs.h"

/* iATU ("unrolled" DesignWare layout behind PCIE_AUX_DBI == 0x300000) */
#define PCIE_AUX_DBI_IATU       0x300000
#define IATU_REGION_STRIDE      0x200
#define IATU_INBOUND_OFF        0x100
#define IATU_NUM_REGIONS        8
#define IATU_CTRL1              0x00
#define IATU_CTRL2              0x04
#define IATU_LWR_BASE           0x08
#define IATU_UPR_BASE           0x0C
#define IATU_LWR_LIMIT          0x10
#define IATU_LWR_TARGET         0x14
#define IATU_UPR_TARGET         0x18
#define IATU_UPR_LIMIT          0x20
#define IATU_CTRL1_INCREASE_REGION_SIZE (1u << 13)
#define IATU_CTRL2_ENABLE       (1u << 31)
#define IATU_CTRL2_BAR_MATCH    (1u << 30)
#define IATU_CTRL2_BAR_SHIFT    8
#define IATU_CTRL2_BAR_MASK     0x7

#define ELBI_CFG_WINDOW         0xFC000000u  /* low 32 bits of CFG_BASE */
#define PCI_VENDOR_DEVICE       0x00011da3u

#define PCIE_BLOCK_START        0xC00000
#define PCIE_BLOCK_END          0xC10000
#define PSOC_TS_TICK_NS         20           /* 50 MHz: PLL_REF_CLK */

/* Engine scheduling: rounds of one goya_core_run() before yielding. */
#define GOYA_RUN_MAX_ROUNDS     256

/* Reset-controller bits of SW_ALL_RST_CFG (psoc_global_conf_masks.h) */
#define RST_TPC                 (1u << 9)
#define RST_MME                 (1u << 10)
#define RST_CPU                 (1u << 12)
#define RST_DMA                 (1u << 21)

static void *goya_anon_alloc(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    return p == MAP_FAILED ? NULL : p;
}

/* Zero a range, giving whole pages back to the host (keeps RSS sparse). */

void goya_zero_range(uint8_t *base, uint64_t off, uint64_t len)
{
    const uint64_t pg = 4096;
    uint64_t start = (off + pg - 1) & ~(pg - 1);
    uint64_t end = (off + len) & ~(pg - 1);

    if (len < 2 * pg || start >= end) {
        memset(base + off, 0, len);
        return;
    }
    memset(base + off, 0, start - off);
    if (madvise(base + start, end - start, MADV_DONTNEED) != 0) {
        memset(base + start, 0, end - start);
    }
    memset(base + end, 0, off + len - end);
}

/* ---- iATU ---- */

static uint32_t iatu_reg(GoyaCore *s, unsigned region_base, unsigned reg)
{
    return s->iatu[(region_base + reg) / 4];
}

/*
 * Host BAR offset -> device address, through the BAR-matched inbound
 * region for @bar.  Returns false when no enabled region matches.
 */
static bool iatu_inbound(GoyaCore *s, unsigned bar, uint64_t off,
                         uint64_t *dev_addr)
{
    for (unsigned r = 0; r < IATU_NUM_REGIONS; r++) {
        unsigned rb = IATU_INBOUND_OFF + r * IATU_REGION_STRIDE;
        uint32_t ctrl2 = iatu_reg(s, rb, IATU_CTRL2);

        if (!(ctrl2 & IATU_CTRL2_ENABLE) || !(ctrl2 & IATU_CTRL2_BAR_MATCH) ||
            ((ctrl2 >> IATU_CTRL2_BAR_SHIFT) & IATU_CTRL2_BAR_MASK) != bar) {
            continue;
        }
        *dev_addr = ((uint64_t)iatu_reg(s, rb, IATU_UPR_TARGET) << 32 |
                     iatu_reg(s, rb, IATU_LWR_TARGET)) + off;
        return true;
    }
    return false;
}

/*
 * Device address -> PCI bus address through the outbound regions; *avail
 * is how many bytes from @addr the region still covers.
 */
bool goya_iatu_outbound(GoyaCore *s, uint64_t addr, uint64_t *pci_addr,
                        uint64_t *avail)
{
    for (unsigned r = 0; r < IATU_NUM_REGIONS; r++) {
        unsigned rb = r * IATU_REGION_STRIDE;
        uint32_t ctrl1 = iatu_reg(s, rb, IATU_CTRL1);
        uint64_t base, limit, target;

        if (!(iatu_reg(s, rb, IATU_CTRL2) & IATU_CTRL2_ENABLE)) {
            continue;
        }
        base = (uint64_t)iatu_reg(s, rb, IATU_UPR_BASE) << 32 |
               iatu_reg(s, rb, IATU_LWR_BASE);
        limit = (uint64_t)((ctrl1 & IATU_CTRL1_INCREASE_REGION_SIZE) ?
                           iatu_reg(s, rb, IATU_UPR_LIMIT) :
                           iatu_reg(s, rb, IATU_UPR_BASE)) << 32 |
                iatu_reg(s, rb, IATU_LWR_LIMIT);
        target = (uint64_t)iatu_reg(s, rb, IATU_UPR_TARGET) << 32 |
                 iatu_reg(s, rb, IATU_LWR_TARGET);
        if (addr >= base && addr <= limit) {
            *pci_addr = addr - base + target;
            *avail = limit - addr + 1 ? limit - addr + 1 : UINT64_MAX;
            return true;
        }
    }
    return false;
}

/* What preboot firmware leaves programmed: the driver's own layout. */
static void iatu_set_defaults(GoyaCore *s)
{
    unsigned in0 = IATU_INBOUND_OFF, in1 = IATU_INBOUND_OFF +
                   IATU_REGION_STRIDE;

    memset(s->iatu, 0, sizeof(s->iatu));
    s->iatu[(in0 + IATU_LWR_TARGET) / 4] = (uint32_t)SRAM_BASE_ADDR;
    s->iatu[(in0 + IATU_UPR_TARGET) / 4] = SRAM_BASE_ADDR >> 32;
    s->iatu[(in0 + IATU_CTRL2) / 4] = IATU_CTRL2_ENABLE |
                                      IATU_CTRL2_BAR_MATCH | (1u << 19);
    s->iatu[(in1 + IATU_CTRL2) / 4] = IATU_CTRL2_ENABLE |
                                      IATU_CTRL2_BAR_MATCH | (1u << 19) |
                                      (4u << IATU_CTRL2_BAR_SHIFT);
    s->iatu[IATU_LWR_BASE / 4] = 0;
    s->iatu[IATU_UPR_BASE / 4] = HOST_PHYS_BASE >> 32;
    s->iatu[IATU_LWR_LIMIT / 4] = 0xFFFFFFFF;
    s->iatu[IATU_UPR_LIMIT / 4] = (HOST_PHYS_BASE + HOST_PHYS_SIZE - 1) >> 32;
    s->iatu[IATU_CTRL1 / 4] = IATU_CTRL1_INCREASE_REGION_SIZE;
    s->iatu[IATU_CTRL2 / 4] = IATU_CTRL2_ENABLE;
}

/* ---- register file ---- */

static bool reg_in(uint32_t reg, uint32_t base, uint32_t size)
{
    return reg >= base && reg - base < size;
}

/* Registers whose behaviour the model implements (others are storage). */
static bool reg_is_modelled(uint32_t reg)
{
    return reg_in(reg, mmDMA_QM_0_GLBL_CFG0, DMA_MAX_NUM * DMA_QM_STRIDE) ||
           reg_in(reg, mmMME_QM_GLBL_CFG0, 2 * QM_BLOCK_SIZE) ||
           reg_in(reg, mmMMU_MMU_ENABLE & ~0xFFFFu, 0x20000) ||
           reg_in(reg, PCIE_BLOCK_START, PCIE_BLOCK_END - PCIE_BLOCK_START) ||
           reg_in(reg, mmSYNC_MNGR_SOB_OBJ_0, 0x2400) ||
           reg_in(reg, mmCPU_IF_ARUSER_OVR & ~0xFFu, 0x100) ||
           reg_in(reg, mmDMA_MACRO_RAZWI_LBW_WT_VLD & ~0xFFFu, 0x1000) ||
           reg_in(reg, mmPSOC_TIMESTAMP_CNTCR, 0x1000) ||
           reg == mmMME_ARCH_STATUS || goya_coresight_owns(reg) ||
           (reg >= mmTPC0_QM_GLBL_CFG0 - 0x2000 &&
            reg < mmTPC0_QM_GLBL_CFG0 - 0x2000 + TPC_MAX_NUM * TPC_STRIDE &&
            ((reg - mmTPC0_QM_GLBL_CFG0) % TPC_STRIDE < 2 * QM_BLOCK_SIZE ||
             (reg - mmTPC0_CFG_STATUS) % TPC_STRIDE == 0 ||
             (reg - mmTPC0_CFG_FUNC_MBIST_CNTRL) % TPC_STRIDE == 0));
}

/*
 * The block @reg belongs to, named as in the driver's headers: for trace
 * events only, called when goya_reg_read/goya_reg_write are enabled.
 */
static const char *reg_block(GoyaCore *s, uint32_t reg)
{
    static const char *const dma_ch[DMA_MAX_NUM] = {
        "DMA_CH_0", "DMA_CH_1", "DMA_CH_2", "DMA_CH_3", "DMA_CH_4",
    };
    static const char *const tpc[TPC_MAX_NUM] = {
        "TPC0", "TPC1", "TPC2", "TPC3", "TPC4", "TPC5", "TPC6", "TPC7",
    };
    static const struct {
        uint32_t base, size;
        const char *name;
    } blocks[] = {
        { mmMME_ARCH_STATUS & ~0xFFFu, 0x1000, "MME" },
        { mmSYNC_MNGR_SOB_OBJ_0, 0x2400, "SYNC_MNGR" },
        { mmCPU_IF_PF_PQ_PI & ~0xFFFu, 0x1000, "CPU_IF" },
        { mmMMU_MMU_ENABLE & ~0xFFFFu, 0x10000, "MMU" },
        { mmSTLB_INV_ALL_START & ~0xFFFFu, 0x10000, "STLB" },
        { mmDMA_MACRO_LBW_RANGE_HIT_BLOCK, 0x1000, "DMA_MACRO" },
        { mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR & ~0xFFFFu, 0x10000, "GIC" },
        { PCIE_BLOCK_START, PCIE_BLOCK_END - PCIE_BLOCK_START, "PCIE" },
        { mmPSOC_TIMESTAMP_CNTCR, 0x1000, "PSOC_TIMESTAMP" },
        { mmPSOC_GLOBAL_CONF_SCRATCHPAD_0 & ~0xFFFu, 0x1000,
          "PSOC_GLOBAL_CONF" },
        { mmPSOC_PCI_PLL_NR & ~0xFFFu, 0x1000, "PSOC_PCI_PLL" },
    };
    uint32_t tpc0 = mmTPC0_QM_GLBL_CFG0 - 0x8000;

    if (goya_protect_is_word(reg)) {
        return "PROT_BITS";
    }
    for (unsigned i = 0; i < GOYA_NUM_QMANS; i++) {
        const GoyaQman *q = &s->qman[i];

        if (reg_in(reg, q->base, QM_BLOCK_SIZE)) {
            return q->name;
        }
        if (q->has_dma_ch && i < DMA_MAX_NUM &&
            reg_in(reg, q->base + QM_BLOCK_SIZE, QM_BLOCK_SIZE)) {
            return dma_ch[i];
        }
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(blocks); i++) {
        if (reg_in(reg, blocks[i].base, blocks[i].size)) {
            return blocks[i].name;
        }
    }
    if (reg_in(reg, tpc0, TPC_MAX_NUM * TPC_STRIDE)) {
        return tpc[(reg - tpc0) / TPC_STRIDE];
    }
    return goya_coresight_owns(reg) ? "DEBUG" : "-";
}

uint64_t goya_core_ts_value(GoyaCore *s)
{
    if (!(goya_reg(s, mmPSOC_TIMESTAMP_CNTCR) & 1)) {
        return s->ts_frozen;
    }
    return s->ts_frozen +
           (s->ops->now_ns(s->opaque) - s->ts_base_ns) / PSOC_TS_TICK_NS;
}

static void ts_set(GoyaCore *s, uint64_t value)
{
    trace_goya_timestamp_set(value);
    s->ts_frozen = value;
    s->ts_base_ns = s->ops->now_ns(s->opaque);
}

uint32_t goya_core_reg_read(GoyaCore *s, uint32_t reg)
{
    uint32_t val;

    reg &= ~3u;
    if (reg >= CFG_SIZE) {
        return 0;
    }
    if (goya_protect_is_word(reg)) {
        val = goya_protect_word_read(s, reg);
        goto out;
    }
    if (goya_fw_reg_read(s->fw, reg, &val) ||
        goya_qman_reg_read(s, reg, &val) ||
        goya_coresight_reg_read(s, reg, &val)) {
        goto out;
    }
    switch (reg) {
    case mmPSOC_TIMESTAMP_CNTCVL:
        val = (uint32_t)goya_core_ts_value(s);
        break;
    case mmPSOC_TIMESTAMP_CNTCVU:
        val = goya_core_ts_value(s) >> 32;
        break;
    case mmMME_ARCH_STATUS:
        val = goya_reg(s, reg) | MME_ARCH_STATUS_IDLE;
        break;
    default:
        if (reg_in(reg, mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG, 0x1000)) {
            uint32_t off = reg - mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG;

            if (goya_reg(s, mmPCIE_AUX_DBI) == PCIE_AUX_DBI_IATU) {
                val = s->iatu[off / 4];
                trace_goya_iatu_read(off, val);
            } else if (reg == mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG) {
                val = PCI_VENDOR_DEVICE;
            } else {
                val = goya_reg(s, reg);
            }
        } else if (reg >= mmTPC0_CFG_STATUS &&
                   (reg - mmTPC0_CFG_STATUS) % TPC_STRIDE == 0 &&
                   (reg - mmTPC0_CFG_STATUS) / TPC_STRIDE < TPC_MAX_NUM) {
            val = goya_reg(s, reg) | TPC_CFG_STATUS_IDLE;
        } else {
            val = goya_reg(s, reg);
        }
        break;
    }
out:
    if (trace_event_get_state_backends(TRACE_GOYA_REG_READ)) {
        trace_goya_reg_read(reg, reg_block(s, reg), val);
    }
    return val;
}

static void mmu_asid_busy_write(GoyaCore *s, uint32_t val)
{
    if (val & 0x80000000u) {
        unsigned asid = val & (GOYA_MMU_ASIDS - 1);
        uint64_t hop0 = (uint64_t)goya_reg(s, MMU_HOP0_PA43_12) << 12 |
                        (uint64_t)(goya_reg(s, MMU_HOP0_PA49_44) & 0x3F) << 44;

        s->hop0[asid] = hop0;
        s->tlb_generation++;
        trace_goya_mmu_hop0(asid, hop0);
    }
    goya_reg_set(s, MMU_ASID_BUSY, val & ~0x80000000u);
}

void goya_core_reg_write(GoyaCore *s, uint32_t reg, uint32_t val)
{
    reg &= ~3u;
    if (reg >= CFG_SIZE) {
        return;
    }
    if (trace_event_get_state_backends(TRACE_GOYA_REG_WRITE)) {
        trace_goya_reg_write(reg, reg_block(s, reg), val);
    }
    if (goya_protect_is_word(reg)) {
        goya_protect_word_write(s, reg, val);
        return;
    }
    if (goya_fw_reg_write(s->fw, reg, val) ||
        goya_qman_reg_write(s, reg, val) ||
        goya_sync_reg_write(s, reg, val) ||
        goya_coresight_reg_write(s, reg, val)) {
        return;
    }
    switch (reg) {
    case MMU_ASID_BUSY:
        mmu_asid_busy_write(s, val);
        return;
    case mmSTLB_INV_ALL_START:
        s->tlb_generation++;
        trace_goya_mmu_invalidate(val);
        goya_reg_set(s, reg, 0);
        return;
    case mmPSOC_TIMESTAMP_CNTCR:
        if ((val ^ goya_reg(s, reg)) & 1) {
            ts_set(s, goya_core_ts_value(s));
        }
        goya_reg_set(s, reg, val);
        return;
    case mmPSOC_TIMESTAMP_CNTCVL:
        ts_set(s, (goya_core_ts_value(s) & ~0xFFFFFFFFull) | val);
        return;
    case mmPSOC_TIMESTAMP_CNTCVU:
        ts_set(s, (goya_core_ts_value(s) & 0xFFFFFFFFull) |
                  (uint64_t)val << 32);
        return;
    default:
        break;
    }
    if (reg_in(reg, mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG, 0x1000)) {
        uint32_t off = reg - mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG;

        if (goya_reg(s, mmPCIE_AUX_DBI) == PCIE_AUX_DBI_IATU) {
            s->iatu[off / 4] = val;
            trace_goya_iatu_write(off, val);
            return;
        }
        if (reg == mmPCIE_DBI_MSIX_DOORBELL_OFF) {
            unsigned vec = val & 0x7FF;

            if (vec < GOYA_MSIX_ENTRIES) {
                trace_goya_msix_doorbell(vec);
                s->ops->msix_notify(s->opaque, vec);
            } else {
                trace_goya_ub_msix_doorbell(vec);
                goya_log_guest_error("goya: MSI-X doorbell for vector %u\n",
                                     vec);
            }
            return;
        }
    }
    if (reg >= mmTPC0_CFG_FUNC_MBIST_CNTRL &&
        (reg - mmTPC0_CFG_FUNC_MBIST_CNTRL) % TPC_STRIDE == 0 &&
        (reg - mmTPC0_CFG_FUNC_MBIST_CNTRL) / TPC_STRIDE < TPC_MAX_NUM) {
        /* The memory BIST finishes at once: report DONE, never ACTIVE. */
        if (val & TPC_CFG_FUNC_MBIST_CNTRL_START) {
            val |= TPC_CFG_FUNC_MBIST_CNTRL_DONE;
        }
        val &= ~(1u << 2);
    } else if (!reg_is_modelled(reg)) {
        trace_goya_reg_unmodelled(reg, val);
        goya_log_unimp("goya: write to unmodelled register 0x%x = 0x%x "
                       "(stored)\n", reg, val);
    }
    goya_reg_set(s, reg, val);
}

/* ---- BARs ---- */

static uint64_t devaddr_read(GoyaCore *s, uint64_t addr, unsigned size)
{
    uint64_t val = 0;

    if (addr >= CFG_BASE && addr - CFG_BASE < CFG_SIZE) {
        uint32_t reg = addr - CFG_BASE;

        val = goya_core_reg_read(s, reg);
        if (size == 8) {
            val |= (uint64_t)goya_core_reg_read(s, reg + 4) << 32;
        }
        return val;
    }
    if (addr < s->dram_size && size <= s->dram_size - addr) {
        memcpy(&val, s->dram + addr, size);
    } else if (addr >= SRAM_BASE_ADDR && addr - SRAM_BASE_ADDR < SRAM_SIZE &&
               size <= SRAM_BASE_ADDR + SRAM_SIZE - addr) {
        memcpy(&val, s->sram + (addr - SRAM_BASE_ADDR), size);
    } else {
        trace_goya_ub_unbacked(addr, size, 0);
        goya_log_guest_error("goya: host read of unbacked device address "
                             "0x%" PRIx64 "\n", addr);
        return ~0ull >> (64 - size * 8);
    }
    return GUINT64_FROM_LE(val);
}

static void devaddr_write(GoyaCore *s, uint64_t addr, uint64_t val,
                          unsigned size)
{
    if (addr >= CFG_BASE && addr - CFG_BASE < CFG_SIZE) {
        uint32_t reg = addr - CFG_BASE;

        goya_core_reg_write(s, reg, (uint32_t)val);
        if (size == 8) {
            goya_core_reg_write(s, reg + 4, val >> 32);
        }
        return;
    }
    val = GUINT64_TO_LE(val);
    if (addr < s->dram_size && size <= s->dram_size - addr) {
        memcpy(s->dram + addr, &val, size);
    } else if (addr >= SRAM_BASE_ADDR && addr - SRAM_BASE_ADDR < SRAM_SIZE &&
               size <= SRAM_BASE_ADDR + SRAM_SIZE - addr) {
        memcpy(s->sram + (addr - SRAM_BASE_ADDR), &val, size);
    } else {
        trace_goya_ub_unbacked(addr, size, 1);
        goya_log_guest_error("goya: host write to unbacked device address "
                             "0x%" PRIx64 "\n", addr);
    }
}

uint64_t goya_core_bar_read(GoyaCore *s, unsigned bar, uint64_t off,
                           unsigned size)
{
    uint64_t addr, val = ~0ull >> (64 - size * 8);

    if (iatu_inbound(s, bar, off, &addr)) {
        val = devaddr_read(s, addr, size);
    } else {
        trace_goya_ub_bar_unmapped(bar, off, size, 0);
    }
    trace_goya_bar_read(bar, off, size, val);
    return val;
}

void goya_core_bar_write(GoyaCore *s, unsigned bar, uint64_t off,
                         uint64_t val, unsigned size)
{
    uint64_t addr;

    trace_goya_bar_write(bar, off, size, val);
    if (!iatu_inbound(s, bar, off, &addr)) {
        trace_goya_ub_bar_unmapped(bar, off, size, 1);
        return;
    }
    devaddr_write(s, addr, val, size);
    if (bar == 4) {
        /*
         * The driver writes PTEs only through BAR4.  A DRAM map replaces
         * the default-page leaf (a present PTE) with no STLB invalidation,
         * so the model's TLB must not outlive a BAR4 write to DRAM.
         */
        s->tlb_generation++;
    }
}

/* ---- ELBI: the driver's register path through config space ---- */

uint32_t goya_core_elbi_read(GoyaCore *s, uint32_t cfg_off)
{
    uint32_t val;

    switch (cfg_off) {
    case GOYA_ELBI_ADDR:
        val = s->elbi_addr;
        break;
    case GOYA_ELBI_DATA:
        val = s->elbi_data;
        break;
    case GOYA_ELBI_STS:
        val = s->elbi_sts;
        break;
    default:
        val = 0;
        break;
    }
    trace_goya_elbi_read(cfg_off, val);
    return val;
}

void goya_core_elbi_write(GoyaCore *s, uint32_t cfg_off, uint32_t val)
{
    uint32_t reg;

    trace_goya_elbi_write(cfg_off, val);
    switch (cfg_off) {
    case GOYA_ELBI_ADDR:
        s->elbi_addr = val;
        break;
    case GOYA_ELBI_DATA:
        s->elbi_data = val;
        break;
    case GOYA_ELBI_STS:
        s->elbi_sts = val;
        break;
    case GOYA_ELBI_CTRL:
        if ((s->elbi_addr & 3) || s->elbi_addr < ELBI_CFG_WINDOW ||
            s->elbi_addr - ELBI_CFG_WINDOW >= CFG_SIZE) {
            s->elbi_sts = GOYA_ELBI_STS_ERR;
            trace_goya_ub_elbi_addr(s->elbi_addr, val);
            trace_goya_elbi(s->elbi_addr, val, s->elbi_data, s->elbi_sts);
            break;
        }
        reg = s->elbi_addr - ELBI_CFG_WINDOW;
        if (val & GOYA_ELBI_CTRL_WRITE) {
            goya_core_reg_write(s, reg, s->elbi_data);
        } else {
            s->elbi_data = goya_core_reg_read(s, reg);
        }
        s->elbi_sts = GOYA_ELBI_STS_DONE;
        trace_goya_elbi(s->elbi_addr, val, s->elbi_data, s->elbi_sts);
        break;
    default:
        break;
    }
}

/* ---- firmware glue: the device CPU's view ---- */

static GoyaInitiator cpu_initiator(GoyaCore *s, bool is_write)
{
    uint32_t en = goya_reg(s, is_write ? mmCPU_IF_AWUSER_OVR_EN :
                                         mmCPU_IF_ARUSER_OVR_EN);
    uint32_t ovr = goya_reg(s, is_write ? mmCPU_IF_AWUSER_OVR :
                                          mmCPU_IF_ARUSER_OVR);
    GoyaInitiator who = { .qman = -1 };

    if (en & 0x7FF) {
        who.asid = ovr & 0x3FF;
        who.translate = !(ovr & (1u << 10));
    }
    return who;
}

static int fw_cpu_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    GoyaCore *s = opaque;
    GoyaInitiator who = cpu_initiator(s, false);

    return goya_mem_rw(s, &who, addr, buf, len, false) == GOYA_XFER_OK ?
           0 : -1;
}

static int fw_cpu_write(void *opaque, uint64_t addr, const void *buf,
                        size_t len)
{
    GoyaCore *s = opaque;
    GoyaInitiator who = cpu_initiator(s, true);

    return goya_mem_rw(s, &who, addr, (void *)buf, len, true) ==
           GOYA_XFER_OK ? 0 : -1;
}

static void fw_msix(void *opaque, unsigned vector)
{
    GoyaCore *s = opaque;

    s->ops->msix_notify(s->opaque, vector);
}

static uint64_t fw_now_ns(void *opaque)
{
    GoyaCore *s = opaque;

    return s->ops->now_ns(s->opaque);
}

static void fw_timer_mod(void *opaque, uint64_t deadline_ns)
{
    GoyaCore *s = opaque;

    s->ops->fw_timer_mod(s->opaque, deadline_ns);
}

static void engines_reset(GoyaCore *s, uint32_t mask)
{
    trace_goya_engine_reset(mask);
    for (unsigned i = 0; i < GOYA_NUM_QMANS; i++) {
        GoyaQman *q = &s->qman[i];
        bool hit = (q->has_dma_ch && (mask & RST_DMA)) ||
                   ((i == GOYA_QMAN_MME || i == GOYA_QMAN_MME_CMDQ) &&
                    (mask & RST_MME)) ||
                   (i >= GOYA_QMAN_TPC(0) && (mask & RST_TPC));

        if (hit || (mask & RST_CPU)) {
            goya_qman_reset(s, q);
        }
    }
    if (mask & RST_CPU) {
        /* Whole-chip reset: MMU, CPU_IF overrides, timestamp, sync. */
        goya_reg_set(s, mmMMU_MMU_ENABLE, 0);
        goya_reg_set(s, mmMMU_PAGE_ERROR_CAPTURE, 0);
        goya_reg_set(s, mmMMU_PAGE_ERROR_CAPTURE_VA, 0);
        memset(s->hop0, 0, sizeof(s->hop0));
        s->tlb_generation++;
        goya_reg_set(s, mmCPU_IF_ARUSER_OVR_EN, 0);
        goya_reg_set(s, mmCPU_IF_AWUSER_OVR_EN, 0);
        goya_reg_set(s, mmPSOC_TIMESTAMP_CNTCR, 0);
        ts_set(s, 0);
        goya_zero_range((uint8_t *)s->regs, mmSYNC_MNGR_SOB_OBJ_0, 0x2400);
    }
}

static void fw_engine_reset(void *opaque, uint32_t mask)
{
    engines_reset(opaque, mask);
}

static const GoyaFwOps goya_fw_ops = {
    .cpu_read = fw_cpu_read,
    .cpu_write = fw_cpu_write,
    .msix = fw_msix,
    .now_ns = fw_now_ns,
    .timer_mod = fw_timer_mod,
    .engine_reset = fw_engine_reset,
};

void goya_core_fw_timer(GoyaCore *s)
{
    goya_fw_timer(s->fw);
}

/* ---- scheduling ---- */

void goya_core_run(GoyaCore *s)
{
    goya_core_run_budget(s, GOYA_RUN_BUDGET);
}

void goya_core_run_budget(GoyaCore *s, uint64_t budget)
{
    bool more = true;

    if (s->in_run) {
        return;
    }
    s->in_run = true;
    for (unsigned round = 0; more && budget && round < GOYA_RUN_MAX_ROUNDS;
         round++) {
        more = false;
        for (unsigned i = 0; i < GOYA_NUM_QMANS; i++) {
            GoyaQman *q = &s->qman[(s->rr_next + i) % GOYA_NUM_QMANS];

            if (goya_qman_run(s, q, &budget)) {
                more = true;
            }
        }
        s->rr_next = (s->rr_next + 1) % GOYA_NUM_QMANS;
    }
    s->in_run = false;
    if (more) {
        s->ops->kick(s->opaque);
    }
}

/* ---- life cycle ---- */

GoyaCore *goya_core_new(const GoyaHostOps *ops, void *opaque,
                        const GoyaConfig *cfg, char **errp)
{
    GoyaCore *s;

    if (cfg->dram_size < GOYA_DRAM_MIN_SIZE ||
        (cfg->dram_size & (cfg->dram_size - 1))) {
        *errp = g_strdup_printf("dram-size must be a power of two of at "
                                "least 4 GiB, got 0x%" PRIx64,
                                cfg->dram_size);
        return NULL;
    }
    s = g_new0(GoyaCore, 1);
    s->ops = ops;
    s->opaque = opaque;
    s->dram_size = cfg->dram_size;
    s->dram = goya_anon_alloc(s->dram_size);
    s->sram = goya_anon_alloc(SRAM_SIZE);
    s->regs = goya_anon_alloc(CFG_SIZE);
    if (!s->dram || !s->sram || !s->regs) {
        *errp = g_strdup_printf("cannot reserve %" PRIu64 " MiB for device "
                                "memory", s->dram_size >> 20);
        goya_core_free(s);
        return NULL;
    }
    s->fw = goya_fw_new(&goya_fw_ops, s, &cfg->fw);
    goya_qman_init(s);
    goya_core_reset(s);
    return s;
}

void goya_core_free(GoyaCore *s)
{
    if (!s) {
        return;
    }
    if (s->fw) {
        goya_fw_free(s->fw);
    }
    if (s->dram) {
        munmap(s->dram, s->dram_size);
    }
    if (s->sram) {
        munmap(s->sram, SRAM_SIZE);
    }
    if (s->regs) {
        munmap(s->regs, CFG_SIZE);
    }
    g_free(s);
}

/*
 * Power-on register values that differ from zero.  The PCI PLL runs at
 * 50 MHz * 32 / 2 = 800 MHz; DIV_SEL_1 = 0 selects the 50 MHz reference for
 * the timestamp counter, which is the rate goya_core_ts_value() counts at.
 */
static const struct {
    uint32_t reg, val;
} goya_reset_values[] = {
    { mmPSOC_PCI_PLL_NR, 0 },
    { mmPSOC_PCI_PLL_NF, 31 },
    { mmPSOC_PCI_PLL_OD, 1 },
    { mmPSOC_PCI_PLL_DIV_FACTOR_1, 15 },
    { mmPSOC_PCI_PLL_DIV_SEL_1, 0 },
};

void goya_core_reset(GoyaCore *s)
{
    trace_goya_reset();
    goya_zero_range(s->dram, 0, s->dram_size);
    goya_zero_range(s->sram, 0, SRAM_SIZE);
    goya_zero_range((uint8_t *)s->regs, 0, CFG_SIZE);
    s->elbi_addr = s->elbi_data = s->elbi_sts = 0;
    iatu_set_defaults(s);
    for (unsigned i = 0; i < G_N_ELEMENTS(goya_reset_values); i++) {
        goya_reg_set(s, goya_reset_values[i].reg, goya_reset_values[i].val);
    }
    engines_reset(s, ~0u);
    goya_coresight_reset(s);
    goya_fw_reset(s->fw);
}
