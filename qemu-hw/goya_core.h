/*
 * Goya device core: everything behind the PCI function that is not QEMU
 * glue.  Plain C + GLib; the host (QEMU skin in goya.c, or a unit test)
 * supplies GoyaHostOps.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_CORE_H
#define GOYA_CORE_H

#include "firmware-stub/goya-port.h"
#include "goya_regs.h"
#include "firmware-stub/goya_fw.h"

#define GOYA_NUM_QMANS          23      /* 5 DMA, MME QM+CMDQ, 8 TPC QM+CMDQ */
#define GOYA_QMAN_MME           5
#define GOYA_QMAN_MME_CMDQ      6
#define GOYA_QMAN_TPC(n)        (7 + 2 * (n))
#define GOYA_QMAN_TPC_CMDQ(n)   (8 + 2 * (n))
#define GOYA_MMU_ASIDS          1024
#define GOYA_IATU_REGS          (0x1000 / 4)
#define GOYA_DRAM_MIN_SIZE      (4ull << 30)

typedef struct GoyaCore GoyaCore;

/*
 * One cached translation (goya_mmu.c): @va_tag is VA >> 12 for a 4 KiB
 * page, VA >> 21 for a 2 MiB one.  Valid iff @gen == tlb_generation + 1,
 * so bumping tlb_generation flushes the whole cache at once.
 */
#define GOYA_TLB_ENTRIES        512     /* power of two, direct-mapped */
typedef struct GoyaTlbEntry {
    uint64_t gen;
    uint64_t va_tag;
    uint64_t pa;                /* page-aligned physical address */
    uint64_t page_size;
    uint16_t asid;
} GoyaTlbEntry;

typedef struct GoyaHostOps {
    /* DMA to/from a PCI bus address; 0 on success, -1 refused/failed. */
    int (*dma_read)(void *opaque, uint64_t pci_addr, void *buf, uint64_t len);
    int (*dma_write)(void *opaque, uint64_t pci_addr, const void *buf,
                     uint64_t len);
    /*
     * Map guest RAM for zero-copy; *len is in/out.  NULL when the range
     * is not directly mappable RAM (the core then uses dma_read/write).
     */
    void *(*dma_map)(void *opaque, uint64_t pci_addr, uint64_t *len,
                     bool is_write);
    void (*dma_unmap)(void *opaque, void *ptr, uint64_t len, bool is_write,
                      uint64_t access_len);
    void (*msix_notify)(void *opaque, unsigned vector);
    uint64_t (*now_ns)(void *opaque);
    /* Ask for goya_core_run() to be called soon from the main loop. */
    void (*kick)(void *opaque);
    /* Firmware timer (see GoyaFwOps.timer_mod). */
    void (*fw_timer_mod)(void *opaque, uint64_t deadline_ns);
} GoyaHostOps;

typedef struct GoyaConfig {
    uint64_t dram_size;
    GoyaFwConfig fw;
} GoyaConfig;

/* Who issues a transaction: decides physical vs. MMU-translated access. */
typedef struct GoyaInitiator {
    bool translate;             /* MMU applies (non-secure, MMBP clear) */
    bool non_secure;            /* register protection applies */
    uint16_t asid;
    int qman;                   /* for error reporting, -1 = device CPU */
} GoyaInitiator;

typedef struct GoyaQman {
    const char *name;
    uint32_t base;              /* CFG offset of the QM/CMDQ block */
    bool is_cmdq;               /* no PQ; fed by CP_DMA of its QM */
    bool has_dma_ch;            /* DMA QMAN with a channel at base+0x1000 */
    uint16_t err_event;         /* default error event id */
    uint32_t pq_ci;             /* internal consumer index, mod 2*entries */
    /* Command buffer being executed (from a PQ entry or a CP_DMA). */
    bool cb_active;
    uint64_t cb_addr;
    uint32_t cb_len;
    uint32_t cb_off;
    /* A LIN_DMA in progress (resumable across run slices). */
    bool dma_active;
    uint32_t dma_ctl;
    uint64_t dma_src, dma_dst, dma_done, dma_size;
    /* FENCE wait */
    bool fence_wait;
    unsigned fence_id;
    uint8_t fence_dec;
    uint8_t fence_target;
    uint8_t fence_cnt[4];
    bool cpdma_wait;            /* waiting for its CMDQ to finish a CB */
    bool error;                 /* stopped on an error until re-init */
} GoyaQman;

struct GoyaCore {
    const GoyaHostOps *ops;
    void *opaque;
    uint64_t dram_size;
    uint8_t *dram;              /* sparse: reserved, backed on first touch */
    uint8_t *sram;
    uint32_t *regs;             /* CFG register file, CFG_SIZE bytes */

    /* PCIe: ELBI window in config space, DesignWare iATU */
    uint32_t elbi_addr, elbi_data, elbi_sts;
    uint32_t iatu[GOYA_IATU_REGS];

    GoyaQman qman[GOYA_NUM_QMANS];
    unsigned rr_next;           /* round-robin start for goya_core_run */
    bool in_run;

    bool sync_evaluating;       /* goya_sync.c: no recursion on payloads */
    bool sync_again;

    uint64_t hop0[GOYA_MMU_ASIDS];
    /* bumped by STLB_INV_ALL_START, hop0 registration and chip reset */
    uint64_t tlb_generation;
    GoyaTlbEntry tlb[GOYA_TLB_ENTRIES];
    uint64_t tlb_hits, tlb_misses;

    uint64_t ts_base_ns;        /* timestamp counter origin */
    uint64_t ts_frozen;

    /* goya_coresight.c: TMCs stopped by a flush, ETR flush count */
    struct {
        uint32_t etf_stopped;
        bool etr_stopped;
        uint32_t flushes;
    } cs;

    GoyaFw *fw;
};

GoyaCore *goya_core_new(const GoyaHostOps *ops, void *opaque,
                        const GoyaConfig *cfg, char **errp);
void goya_core_free(GoyaCore *s);
/* Power-on / PCI reset: everything, including iATU and the device CPU. */
void goya_core_reset(GoyaCore *s);

/* Host side: BAR accesses (offset within the BAR) and ELBI config space. */
uint64_t goya_core_bar_read(GoyaCore *s, unsigned bar, uint64_t off,
                           unsigned size);
void goya_core_bar_write(GoyaCore *s, unsigned bar, uint64_t off,
                         uint64_t val, unsigned size);
#define GOYA_ELBI_ADDR          0xFF0
#define GOYA_ELBI_DATA          0xFF4
#define GOYA_ELBI_CTRL          0xFF8
#define GOYA_ELBI_STS           0xFFC
#define GOYA_ELBI_CTRL_WRITE    0x80000000u
#define GOYA_ELBI_STS_DONE      0x80000000u
#define GOYA_ELBI_STS_ERR       0x40000000u
uint32_t goya_core_elbi_read(GoyaCore *s, uint32_t cfg_off);
void goya_core_elbi_write(GoyaCore *s, uint32_t cfg_off, uint32_t val);

/* Register file (CFG offset), as any initiator sees it. */
uint32_t goya_core_reg_read(GoyaCore *s, uint32_t reg);
void goya_core_reg_write(GoyaCore *s, uint32_t reg, uint32_t val);

/*
 * Engines: run queued work; re-kicks itself while work remains.  The
 * budget (a packet counts 4 KiB, a DMA byte one) is the work one call
 * does before yielding to the main loop.
 */
#define GOYA_RUN_BUDGET         (64ull << 20)
void goya_core_run(GoyaCore *s);
/* The same with a smaller budget (a doorbell's work done at once). */
void goya_core_run_budget(GoyaCore *s, uint64_t budget);
void goya_core_fw_timer(GoyaCore *s);

/* Memory as engines see it (goya_mem.c). */
typedef enum GoyaXferResult {
    GOYA_XFER_OK = 0,
    GOYA_XFER_PAGE_FAULT,       /* MMU: no translation */
    GOYA_XFER_RAZWI,            /* decodes to nothing / refused */
    GOYA_XFER_PROT,             /* blocked by register protection */
} GoyaXferResult;
GoyaXferResult goya_mem_rw(GoyaCore *s, const GoyaInitiator *who,
                           uint64_t addr, void *buf, uint64_t len,
                           bool is_write);
GoyaXferResult goya_mem_copy(GoyaCore *s, const GoyaInitiator *who,
                             uint64_t dst, uint64_t src, uint64_t len,
                             uint64_t *fault_addr);
GoyaXferResult goya_mem_set(GoyaCore *s, const GoyaInitiator *who,
                            uint64_t dst, uint64_t pattern, uint64_t len,
                            uint64_t *fault_addr);
/* 32-bit write as generated by MSG_* packets and completions. */
GoyaXferResult goya_mem_write32(GoyaCore *s, const GoyaInitiator *who,
                                uint64_t addr, uint32_t val);

/* Coresight (goya_coresight.c): hooks on the register file */
bool goya_coresight_reg_read(GoyaCore *s, uint32_t reg, uint32_t *val);
bool goya_coresight_reg_write(GoyaCore *s, uint32_t reg, uint32_t val);
bool goya_coresight_owns(uint32_t reg);
void goya_coresight_reset(GoyaCore *s);

/* MMU (goya_mmu.c) */
typedef struct GoyaMmuResult {
    uint64_t pa;                /* translated physical address */
    uint64_t page_size;         /* 4 KiB or 2 MiB */
} GoyaMmuResult;
bool goya_mmu_translate(GoyaCore *s, uint16_t asid, uint64_t va,
                        GoyaMmuResult *res);
bool goya_mmu_enabled(GoyaCore *s);
void goya_mmu_record_fault(GoyaCore *s, const GoyaInitiator *who,
                           uint64_t va);

/* PCIe outbound iATU (goya_core.c) */
bool goya_iatu_outbound(GoyaCore *s, uint64_t addr, uint64_t *pci_addr,
                        uint64_t *avail);
void goya_zero_range(uint8_t *base, uint64_t off, uint64_t len);

/* Sync manager (goya_sync.c) */
bool goya_sync_reg_write(GoyaCore *s, uint32_t reg, uint32_t val);

/* Register protection (goya_protect.c) */
bool goya_protect_is_word(uint32_t reg);
uint32_t goya_protect_word_read(GoyaCore *s, uint32_t reg);
void goya_protect_word_write(GoyaCore *s, uint32_t reg, uint32_t val);
/* May @who write CFG register @reg?  GOYA_XFER_PROT (captured) if not. */
GoyaXferResult goya_protect_cfg_write(GoyaCore *s, const GoyaInitiator *who,
                                      uint32_t reg, uint32_t val);
/*
 * Bytes of [addr, addr+len) @who may access before a range check is due
 * again; 0 = @addr is blocked (captured).
 */
uint64_t goya_protect_hbw_run(GoyaCore *s, const GoyaInitiator *who,
                              uint64_t addr, uint64_t len, bool is_write);

/* QMANs (goya_qman.c) */
void goya_qman_init(GoyaCore *s);
void goya_qman_reset(GoyaCore *s, GoyaQman *q);
bool goya_qman_run(GoyaCore *s, GoyaQman *q, uint64_t *budget);
bool goya_qman_reg_write(GoyaCore *s, uint32_t reg, uint32_t val);
bool goya_qman_reg_read(GoyaCore *s, uint32_t reg, uint32_t *val);
void goya_qman_error(GoyaCore *s, GoyaQman *q, uint32_t cause, uint64_t addr);

/*
 * Migration (goya_state.c): the timestamp counter's current value (saved
 * instead of its host-clock origin), and the checks and re-basing after a
 * load.  goya_core_post_load() returns -1 with *errp set when the loaded
 * state is inconsistent; the caller then resets the device.
 */
uint64_t goya_core_ts_value(GoyaCore *s);
int goya_core_post_load(GoyaCore *s, uint64_t ts_value, char **errp);

static inline uint32_t goya_reg(GoyaCore *s, uint32_t reg)
{
    return s->regs[reg / 4];
}

static inline void goya_reg_set(GoyaCore *s, uint32_t reg, uint32_t val)
{
    s->regs[reg / 4] = val;
}

#endif
