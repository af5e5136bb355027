/*
 * Goya queue managers: PQ fetch, the command-processor packet interpreter,
 * fences, the DMA channel behind each DMA QMAN, and QMAN error reporting.
 *
 * Work is done in slices from goya_core_run(): every packet costs a little
 * budget and every DMA byte costs one, so a 256 MiB LIN_DMA is spread over
 * several main-loop iterations and the guest stays responsive.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"

/*
 * A packet costs about as much time as copying 4 KiB: a slice of the
 * 64 MiB run budget is then at most 16 Ki packets (a few ms).
 */
#define PKT_COST                4096
#define DMA_SLICE               (4ull << 20) /* per turn: queues interleave */
#define PKT_MAX_SIZE            24
#define WREG_BULK_MAX           64          /* u64 values in one packet */
#define PQ_SIZE_MAX             16          /* log2 entries */
#define QM_PROT_PQF             0           /* GLBL_PROT bits: secure = */
#define QM_PROT_CQF             1           /*   physical addressing    */
#define QM_PROT_CP              2
#define QM_PROT_DMA             3
#define QM_CFG0_PQF_EN          (1u << 0)
#define QM_CFG0_CP_EN           (1u << 2)
#define QM_CFG1_PQF_STOP        (1u << 0)
#define NON_SECURE_PROPS_ASID   0x3FF
#define NON_SECURE_PROPS_MMBP   (1u << 10)
#define DMA_CH_BLOCK            0x1000      /* channel block after its QM */
#define DMA_CH_ERRMSG_ADDR_LO   (mmDMA_CH_0_ERRMSG_ADDR_LO - 0x401000)
#define DMA_CH_ERRMSG_ADDR_HI   (mmDMA_CH_0_ERRMSG_ADDR_HI - 0x401000)
#define DMA_CH_ERRMSG_WDATA     (mmDMA_CH_0_ERRMSG_WDATA - 0x401000)
#define DMA_CH_WR_COMP_ADDR_LO  (mmDMA_CH_0_WR_COMP_ADDR_LO - 0x401000)
#define DMA_CH_WR_COMP_ADDR_HI  (mmDMA_CH_0_WR_COMP_ADDR_HI - 0x401000)
#define DMA_CH_WR_COMP_WDATA    (mmDMA_CH_0_WR_COMP_WDATA - 0x401000)
#define DMA_CH_STS0             (mmDMA_CH_0_STS0 - 0x401000)

/* GLBL_STS1 error causes (reported to the driver through the error msg) */
#define QM_ERR_UNDEF_OPCODE     (1u << 1)
#define QM_ERR_PKT_SIZE         (1u << 2)
#define QM_ERR_PQ_FETCH         (1u << 4)
#define QM_ERR_CB_FETCH         (1u << 5)
#define QM_ERR_MSG_WRITE        (1u << 6)
#define QM_ERR_WREG_PROT        (1u << 7)
#define QM_ERR_CP_DMA           (1u << 8)
#define QM_ERR_DMA              (1u << 9)

/*
 * MSG_SHORT, MSG_LONG/PROT and FENCE bit-fields are not defined in the
 * driver's Goya headers; they come from the driver contract §17.1 (the
 * vendor's public Goya userspace headers; docs/fidelity.md):
 *   MSG_SHORT ctl: 15:0 offset, 21:20 op, 23:22 base (CP_MSG_BASEn);
 *   MSG_LONG/PROT/SHORT op: 0 = write the value, 1 = write a timestamp;
 *   FENCE cfg: 3:0 decrement, 23:16 target, 31:30 fence id.
 */
#define MSG_SHORT_ADDR_MASK     0xFFFF
#define MSG_SHORT_BASE_SHIFT    22
#define MSG_SHORT_BASE_MASK     0x3
#define MSG_OP_SHIFT            20
#define MSG_OP_MASK             0x3
#define MSG_OP_WRITE_VALUE      0
#define MSG_OP_WRITE_TIMESTAMP  1
#define FENCE_DEC_MASK          0xF
#define FENCE_TARGET_SHIFT      16
#define FENCE_TARGET_MASK       0xFF
#define FENCE_ID_SHIFT          30
#define FENCE_ID_MASK           0x3

static unsigned qman_index(GoyaCore *s, GoyaQman *q)
{
    return q - s->qman;
}

static uint32_t qreg(GoyaCore *s, GoyaQman *q, uint32_t off)
{
    return goya_reg(s, q->base + off);
}

/* A non-secure transaction of @q: GLBL_NON_SECURE_PROPS give ASID/MMBP. */
static GoyaInitiator qman_non_secure(GoyaCore *s, GoyaQman *q)
{
    uint32_t nsp = qreg(s, q, QM_GLBL_NON_SECURE_PROPS);

    return (GoyaInitiator){
        .qman = qman_index(s, q),
        .non_secure = true,
        .asid = nsp & NON_SECURE_PROPS_ASID,
        .translate = !(nsp & NON_SECURE_PROPS_MMBP),
    };
}

static GoyaInitiator qman_initiator(GoyaCore *s, GoyaQman *q,
                                    unsigned prot_bit)
{
    GoyaInitiator secure = { .qman = qman_index(s, q) };

    if (!(qreg(s, q, QM_GLBL_PROT) & (1u << prot_bit))) {
        return qman_non_secure(s, q);
    }
    return secure;
}

void goya_qman_init(GoyaCore *s)
{
    static const char *const tpc_qm[TPC_MAX_NUM] = {
        "TPC0_QM", "TPC1_QM", "TPC2_QM", "TPC3_QM",
        "TPC4_QM", "TPC5_QM", "TPC6_QM", "TPC7_QM",
    };
    static const char *const tpc_cmdq[TPC_MAX_NUM] = {
        "TPC0_CMDQ", "TPC1_CMDQ", "TPC2_CMDQ", "TPC3_CMDQ",
        "TPC4_CMDQ", "TPC5_CMDQ", "TPC6_CMDQ", "TPC7_CMDQ",
    };
    static const char *const dma_qm[DMA_MAX_NUM] = {
        "DMA_QM_0", "DMA_QM_1", "DMA_QM_2", "DMA_QM_3", "DMA_QM_4",
    };

    for (unsigned n = 0; n < DMA_MAX_NUM; n++) {
        s->qman[n] = (GoyaQman) {
            .name = dma_qm[n],
            .base = mmDMA_QM_0_GLBL_CFG0 + n * DMA_QM_STRIDE,
            .has_dma_ch = true,
            .err_event = GOYA_ASYNC_EVENT_ID_DMA0_QM + n,
        };
    }
    s->qman[GOYA_QMAN_MME] = (GoyaQman) {
        .name = "MME_QM", .base = mmMME_QM_GLBL_CFG0,
        .err_event = GOYA_ASYNC_EVENT_ID_MME_QM,
    };
    s->qman[GOYA_QMAN_MME_CMDQ] = (GoyaQman) {
        .name = "MME_CMDQ", .base = mmMME_CMDQ_GLBL_CFG0, .is_cmdq = true,
        .err_event = GOYA_ASYNC_EVENT_ID_MME_CMDQ,
    };
    for (unsigned n = 0; n < TPC_MAX_NUM; n++) {
        s->qman[GOYA_QMAN_TPC(n)] = (GoyaQman) {
            .name = tpc_qm[n],
            .base = mmTPC0_QM_GLBL_CFG0 + n * TPC_STRIDE,
            .err_event = GOYA_ASYNC_EVENT_ID_TPC0_QM + n,
        };
        s->qman[GOYA_QMAN_TPC_CMDQ(n)] = (GoyaQman) {
            .name = tpc_cmdq[n],
            .base = mmTPC0_CMDQ_GLBL_CFG0 + n * TPC_STRIDE, .is_cmdq = true,
            .err_event = GOYA_ASYNC_EVENT_ID_TPC0_CMDQ + n,
        };
    }
}

void goya_qman_reset(GoyaCore *s, GoyaQman *q)
{
    static const uint32_t cleared[] = {
        QM_GLBL_CFG0, QM_GLBL_CFG1, QM_GLBL_STS1, QM_PQ_PI, QM_PQ_CI,
        QM_CP_STS,
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(cleared); i++) {
        goya_reg_set(s, q->base + cleared[i], 0);
    }
    q->pq_ci = 0;
    q->cb_active = false;
    q->dma_active = false;
    q->fence_wait = false;
    q->cpdma_wait = false;
    memset(q->fence_cnt, 0, sizeof(q->fence_cnt));
    q->error = false;
    trace_goya_qman_reset(q->name);
}

static bool qman_busy(GoyaCore *s, GoyaQman *q)
{
    uint32_t entries, pi;

    if (q->cb_active || q->dma_active || q->fence_wait || q->cpdma_wait) {
        return true;
    }
    if (q->is_cmdq || q->error) {
        return false;
    }
    entries = 1u << MIN(qreg(s, q, QM_PQ_SIZE), PQ_SIZE_MAX);
    pi = qreg(s, q, QM_PQ_PI) % (2 * entries);
    return pi != q->pq_ci;
}

/* Which QMAN (or DMA channel, *is_ch) a register belongs to. */
static GoyaQman *qman_for_reg(GoyaCore *s, uint32_t reg, bool *is_ch)
{
    for (unsigned i = 0; i < GOYA_NUM_QMANS; i++) {
        GoyaQman *q = &s->qman[i];

        if (reg >= q->base && reg - q->base < QM_BLOCK_SIZE) {
            *is_ch = false;
            return q;
        }
        if (q->has_dma_ch && reg >= q->base + DMA_CH_BLOCK &&
            reg - q->base - DMA_CH_BLOCK < QM_BLOCK_SIZE) {
            *is_ch = true;
            return q;
        }
    }
    return NULL;
}

bool goya_qman_reg_read(GoyaCore *s, uint32_t reg, uint32_t *val)
{
    bool is_ch;
    GoyaQman *q = qman_for_reg(s, reg, &is_ch);
    uint32_t off;

    if (!q) {
        return false;
    }
    off = reg - q->base;
    if (is_ch) {
        if (off - DMA_CH_BLOCK != DMA_CH_STS0) {
            return false;
        }
        *val = q->dma_active ? DMA_CH_0_STS0_DMA_BUSY_MASK : 0;
        return true;
    }
    switch (off) {
    case QM_GLBL_STS0:
        *val = (qman_busy(s, q) ? 0 : QM_GLBL_STS0_IDLE_MASK) |
               (qreg(s, q, QM_GLBL_CFG1) & QM_GLBL_CFG1_STOP_MASK) <<
               QM_GLBL_STS0_STOP_SHIFT;
        return true;
    case QM_CP_STS:
        *val = q->fence_wait ? QM_CP_STS_FENCE_IN_PROGRESS |
               q->fence_id << QM_CP_STS_FENCE_ID_SHIFT : 0;
        return true;
    case QM_PQ_CI:
        *val = q->pq_ci;
        return true;
    default:
        if (off >= QM_CP_FENCE0_CNT && off < QM_CP_FENCE0_CNT + 16) {
            *val = q->fence_cnt[(off - QM_CP_FENCE0_CNT) / 4];
            return true;
        }
        return false;
    }
}

bool goya_qman_reg_write(GoyaCore *s, uint32_t reg, uint32_t val)
{
    bool is_ch;
    GoyaQman *q = qman_for_reg(s, reg, &is_ch);
    uint32_t off;

    if (!q) {
        return false;
    }
    off = reg - q->base;
    goya_reg_set(s, reg, val);
    if (is_ch) {
        return true;
    }
    switch (off) {
    case QM_PQ_PI:
        trace_goya_qman_doorbell(q->name, val);
        s->ops->kick(s->opaque);
        break;
    case QM_PQ_CI:
        q->pq_ci = val;
        break;
    case QM_PQ_SIZE:
        if (val > PQ_SIZE_MAX) {
            trace_goya_ub_qman_pq_size(q->name, val);
        }
        break;
    case QM_GLBL_CFG0:
    case QM_GLBL_CFG1:
        trace_goya_qman_cfg(q->name, off, val);
        s->ops->kick(s->opaque);
        break;
    default:
        if (off >= QM_CP_FENCE0_RDATA && off < QM_CP_FENCE0_RDATA + 16) {
            unsigned id = (off - QM_CP_FENCE0_RDATA) / 4;

            q->fence_cnt[id] += val & 0xF;
            trace_goya_qman_fence_inc(q->name, id, q->fence_cnt[id]);
            s->ops->kick(s->opaque);
        } else if (off >= QM_CP_FENCE0_CNT && off < QM_CP_FENCE0_CNT + 16) {
            q->fence_cnt[(off - QM_CP_FENCE0_CNT) / 4] = val & 0xFF;
            s->ops->kick(s->opaque);
        }
        break;
    }
    return true;
}

/* Send the engine's error message (GLBL_ERR_WDATA to GLBL_ERR_ADDR). */
static void send_err_msg(GoyaCore *s, GoyaQman *q, uint32_t addr_lo_off,
                         uint32_t addr_hi_off, uint32_t wdata_off)
{
    GoyaInitiator secure = { .qman = qman_index(s, q) };
    uint64_t addr = (uint64_t)qreg(s, q, addr_hi_off) << 32 |
                    qreg(s, q, addr_lo_off);
    GoyaXferResult r = GOYA_XFER_OK;

    if (addr) {
        r = goya_mem_write32(s, &secure, addr, qreg(s, q, wdata_off));
    }
    trace_goya_err_qman_msg(q->name, addr, qreg(s, q, wdata_off), r);
}

/* Stop @q on an error until the driver resets the engine. */
static void qman_stop(GoyaCore *s, GoyaQman *q, uint32_t cause)
{
    goya_reg_set(s, q->base + QM_GLBL_STS1,
                 qreg(s, q, QM_GLBL_STS1) | cause);
    q->error = true;
    q->cb_active = false;
    q->dma_active = false;
    q->fence_wait = false;
}

void goya_qman_error(GoyaCore *s, GoyaQman *q, uint32_t cause, uint64_t addr)
{
    trace_goya_err_qman(q->name, cause, addr);
    qman_stop(s, q, cause);
    send_err_msg(s, q, QM_GLBL_ERR_ADDR_LO, QM_GLBL_ERR_ADDR_HI,
                 QM_GLBL_ERR_WDATA);
}

/*
 * Capture a failed transaction where the driver looks for it: the MMU page
 * fault capture (MMU_PAGE_ERROR_CAPTURE*) for an untranslatable address, or
 * the DMA macro's RAZWI valid bits for an address that decodes to nothing
 * or is refused (e.g. the device's own BAR behind the outbound iATU).
 */
static void xfer_capture(GoyaCore *s, const GoyaInitiator *who,
                         GoyaXferResult r, uint64_t addr, bool is_write)
{
    if (r == GOYA_XFER_PAGE_FAULT) {
        goya_mmu_record_fault(s, who, addr);
    } else if (r != GOYA_XFER_PROT) {   /* goya_protect.c captured it */
        trace_goya_err_razwi_capture(who->qman, addr, is_write);
        goya_reg_set(s, is_write ? mmDMA_MACRO_RAZWI_HBW_WT_VLD :
                     mmDMA_MACRO_RAZWI_HBW_RD_VLD, 1);
    }
}

/* A QMAN transaction (fetch or message) failed: capture it, stop the QM. */
static void qman_xfer_error(GoyaCore *s, GoyaQman *q, const GoyaInitiator *who,
                            GoyaXferResult r, uint32_t cause, uint64_t addr,
                            uint64_t report, bool is_write)
{
    trace_goya_err_qman_xfer(q->name, r, addr, is_write);
    xfer_capture(s, who, r, addr, is_write);
    goya_qman_error(s, q, cause, report);
}

/* A DMA channel transfer failed: RAZWI capture, MMU capture, error msg. */
static void dma_error(GoyaCore *s, GoyaQman *q, const GoyaInitiator *who,
                      GoyaXferResult r, uint64_t addr)
{
    xfer_capture(s, who, r, addr, true);
    trace_goya_err_dma(q->name, r, addr);
    qman_stop(s, q, QM_ERR_DMA);
    send_err_msg(s, q, DMA_CH_BLOCK + DMA_CH_ERRMSG_ADDR_LO,
                 DMA_CH_BLOCK + DMA_CH_ERRMSG_ADDR_HI,
                 DMA_CH_BLOCK + DMA_CH_ERRMSG_WDATA);
}

/* Continue the current LIN_DMA within @budget; true when finished. */
static bool dma_step(GoyaCore *s, GoyaQman *q, uint64_t *budget)
{
    GoyaInitiator who = qman_initiator(s, q, QM_PROT_DMA);
    uint64_t n = MIN(q->dma_size - q->dma_done,
                     MIN(MAX(*budget, 4096), DMA_SLICE));
    uint64_t fault = 0;
    GoyaXferResult r;

    if (q->dma_ctl & GOYA_PKT_LIN_DMA_CTL_MEMSET_MASK) {
        r = goya_mem_set(s, &who, q->dma_dst + q->dma_done, q->dma_src, n,
                         &fault);
    } else {
        r = goya_mem_copy(s, &who, q->dma_dst + q->dma_done,
                          q->dma_src + q->dma_done, n, &fault);
    }
    *budget -= MIN(*budget, n);
    if (r != GOYA_XFER_OK) {
        dma_error(s, q, &who, r, fault);
        return false;
    }
    q->dma_done += n;
    if (q->dma_done < q->dma_size) {
        return false;
    }
    q->dma_active = false;
    trace_goya_dma_done(q->name, q->dma_size);
    if ((q->dma_ctl & GOYA_PKT_LIN_DMA_CTL_WRCOMP_MASK) && q->has_dma_ch) {
        /* the channel's own write (goya_validate_wreg32(): non-secure) */
        GoyaInitiator cp = qman_initiator(s, q, QM_PROT_DMA);
        uint64_t addr = (uint64_t)qreg(s, q, DMA_CH_BLOCK +
                                       DMA_CH_WR_COMP_ADDR_HI) << 32 |
                        qreg(s, q, DMA_CH_BLOCK + DMA_CH_WR_COMP_ADDR_LO);

        GoyaXferResult wr = goya_mem_write32(s, &cp, addr,
                                             qreg(s, q, DMA_CH_BLOCK +
                                                  DMA_CH_WR_COMP_WDATA));

        trace_goya_dma_wrcomp(q->name, addr,
                              qreg(s, q, DMA_CH_BLOCK + DMA_CH_WR_COMP_WDATA),
                              wr);
        if (wr != GOYA_XFER_OK) {
            qman_xfer_error(s, q, &cp, wr, QM_ERR_MSG_WRITE, addr, addr,
                            true);
        }
    }
    return true;
}

static uint32_t pkt_size(unsigned opcode, uint32_t word0)
{
    switch (opcode) {
    case PACKET_WREG_32:
    case PACKET_MSG_SHORT:
    case PACKET_FENCE:
    case PACKET_NOP:
    case PACKET_STOP:
        return 8;
    case PACKET_MSG_LONG:
    case PACKET_MSG_PROT:
    case PACKET_CP_DMA:
        return 16;
    case PACKET_LIN_DMA:
        return 24;
    case PACKET_WREG_BULK:
        return 8 + 8 * MIN(word0, WREG_BULK_MAX + 1);
    default:
        return 0;
    }
}

/* WREG may only reach the issuing engine's own QM/channel registers. */
static bool wreg_allowed(GoyaQman *q, uint32_t reg)
{
    return reg >= q->base &&
           reg - q->base < (q->has_dma_ch ? 2 : 1) * QM_BLOCK_SIZE;
}

/*
 * The 32-bit word a MSG_* packet writes: its value (op 0) or the low half
 * of the PSOC timestamp counter (op 1; §17.1 names the op, the width is
 * not known).  Ops 2 and 3 are undocumented: nothing is written.
 */
static bool msg_value(GoyaCore *s, GoyaQman *q, uint32_t ctl, uint32_t *val)
{
    switch ((ctl >> MSG_OP_SHIFT) & MSG_OP_MASK) {
    case MSG_OP_WRITE_VALUE:
        return true;
    case MSG_OP_WRITE_TIMESTAMP:
        *val = (uint32_t)goya_core_ts_value(s);
        return true;
    default:
        goya_log_unimp("goya: %s MSG op %u not modelled, write dropped\n",
                       q->name, (ctl >> MSG_OP_SHIFT) & MSG_OP_MASK);
        return false;
    }
}

static void exec_packet(GoyaCore *s, GoyaQman *q, const uint8_t *pkt,
                        unsigned opcode, uint64_t pkt_addr)
{
    uint32_t word0 = ldl_le_p(pkt), ctl = ldl_le_p(pkt + 4);
    uint64_t addr;
    GoyaInitiator cp = qman_initiator(s, q, QM_PROT_CP);
    /*
     * A secured CP (GLBL_PROT CP_PROT) issues its WREGs and MSG_PROTs as
     * secure transactions; MSG_LONG and MSG_SHORT always go out
     * non-secure (protection bits, range registers, MMU with the
     * non-secure props).  Source: the security scheme described in the
     * driver's goya.c (a QMAN reaches a protected area only with a secured
     * CP and MSG_PROT); its CS parser lets users MSG_LONG anywhere but
     * refuses their WREG (except WR_COMP_ADDR) and MSG_PROT.
     * docs/fidelity.md.
     */
    GoyaInitiator plain_msg = qman_non_secure(s, q);
    const GoyaInitiator *msg = opcode == PACKET_MSG_PROT ? &cp : &plain_msg;
    GoyaXferResult r;

    trace_goya_qman_packet(q->name, opcode, pkt_addr, word0, ctl);
    switch (opcode) {
    case PACKET_NOP:
        break;
    case PACKET_STOP:
        goya_reg_set(s, q->base + QM_GLBL_CFG1,
                     qreg(s, q, QM_GLBL_CFG1) | QM_GLBL_CFG1_CP_STOP);
        break;
    case PACKET_WREG_32:
        addr = q->base + (ctl & GOYA_PKT_WREG32_CTL_REG_OFFSET_MASK);
        if (!wreg_allowed(q, addr)) {
            trace_goya_ub_qman_wreg_range(q->name, addr);
            goya_qman_error(s, q, QM_ERR_WREG_PROT, CFG_BASE + addr);
            break;
        }
        if (goya_protect_cfg_write(s, &cp, addr, word0) != GOYA_XFER_OK) {
            goya_qman_error(s, q, QM_ERR_WREG_PROT, CFG_BASE + addr);
            break;
        }
        goya_core_reg_write(s, addr, word0);
        break;
    case PACKET_MSG_LONG:
    case PACKET_MSG_PROT:
    case PACKET_MSG_SHORT:
        if (opcode == PACKET_MSG_SHORT) {
            unsigned base = (ctl >> MSG_SHORT_BASE_SHIFT) &
                            MSG_SHORT_BASE_MASK;
            uint32_t lo = qreg(s, q, QM_CP_MSG_BASE0_ADDR_LO + 8 * base);
            uint32_t hi = qreg(s, q, QM_CP_MSG_BASE0_ADDR_LO + 8 * base + 4);

            addr = ((uint64_t)hi << 32 | lo) + (ctl & MSG_SHORT_ADDR_MASK);
        } else {
            addr = ldq_le_p(pkt + 8);
        }
        if (!msg_value(s, q, ctl, &word0)) {
            trace_goya_ub_qman_msg_op(q->name,
                                      (ctl >> MSG_OP_SHIFT) & MSG_OP_MASK,
                                      addr);
            break;
        }
        r = goya_mem_write32(s, msg, addr, word0);
        if (r != GOYA_XFER_OK) {
            qman_xfer_error(s, q, msg, r, QM_ERR_MSG_WRITE, addr, addr, true);
        }
        break;
    case PACKET_FENCE:
        q->fence_wait = true;
        q->fence_id = (word0 >> FENCE_ID_SHIFT) & FENCE_ID_MASK;
        q->fence_dec = word0 & FENCE_DEC_MASK;
        q->fence_target = (word0 >> FENCE_TARGET_SHIFT) & FENCE_TARGET_MASK;
        trace_goya_qman_fence(q->name, q->fence_id, q->fence_target,
                              q->fence_dec);
        break;
    case PACKET_LIN_DMA:
        q->dma_active = true;
        q->dma_ctl = ctl;
        q->dma_size = word0;
        q->dma_done = 0;
        q->dma_src = ldq_le_p(pkt + 8);
        q->dma_dst = ldq_le_p(pkt + 16);
        trace_goya_dma_start(q->name, q->dma_src, q->dma_dst, word0, ctl);
        break;
    case PACKET_CP_DMA: {
        GoyaQman *cmdq = q + 1;

        /* A QM hands the CB to its CMDQ; nothing else can take a CP_DMA. */
        if (q->is_cmdq || q->has_dma_ch || qman_index(s, q) + 1 >=
            GOYA_NUM_QMANS || !cmdq->is_cmdq) {
            trace_goya_ub_qman_cp_dma(q->name);
            goya_qman_error(s, q, QM_ERR_CP_DMA, pkt_addr);
            break;
        }
        cmdq->cb_active = true;
        cmdq->cb_addr = ldq_le_p(pkt + 8);
        cmdq->cb_len = word0;
        cmdq->cb_off = 0;
        q->cpdma_wait = true;
        /* The CMDQ may have had its turn in this round already. */
        s->ops->kick(s->opaque);
        trace_goya_qman_cp_dma(q->name, cmdq->cb_addr, word0);
        break;
    }
    default:
        trace_goya_ub_qman_opcode(q->name, opcode, pkt_addr);
        goya_qman_error(s, q, QM_ERR_UNDEF_OPCODE, pkt_addr);
        break;
    }
}

static void exec_wreg_bulk(GoyaCore *s, GoyaQman *q, uint64_t pkt_addr,
                           uint32_t count, uint32_t ctl)
{
    GoyaInitiator fetch = qman_initiator(s, q, QM_PROT_CQF);
    GoyaInitiator cp = qman_initiator(s, q, QM_PROT_CP);
    uint64_t vals[WREG_BULK_MAX];
    uint32_t reg = q->base + (ctl & GOYA_PKT_WREG32_CTL_REG_OFFSET_MASK);
    GoyaXferResult r;

    trace_goya_qman_packet(q->name, PACKET_WREG_BULK, pkt_addr, count, ctl);
    if (count > WREG_BULK_MAX) {
        trace_goya_ub_qman_wreg_bulk(q->name, count);
        goya_qman_error(s, q, QM_ERR_PKT_SIZE, pkt_addr);
        return;
    }
    if (!wreg_allowed(q, reg) || !wreg_allowed(q, reg + 8 * count - 1)) {
        trace_goya_ub_qman_wreg_range(q->name, reg);
        goya_qman_error(s, q, QM_ERR_WREG_PROT, CFG_BASE + reg);
        return;
    }
    r = goya_mem_rw(s, &fetch, pkt_addr + 8, vals, 8 * count, false);
    if (r != GOYA_XFER_OK) {
        qman_xfer_error(s, q, &fetch, r, QM_ERR_CB_FETCH, pkt_addr + 8,
                        pkt_addr, false);
        return;
    }
    for (uint32_t i = 0; i < 2 * count; i++) {
        uint64_t v = GUINT64_FROM_LE(vals[i / 2]);
        uint32_t word = i & 1 ? v >> 32 : (uint32_t)v;

        /* a protected register stops the packet there */
        if (goya_protect_cfg_write(s, &cp, reg + 4 * i, word) !=
            GOYA_XFER_OK) {
            goya_qman_error(s, q, QM_ERR_WREG_PROT, CFG_BASE + reg + 4 * i);
            return;
        }
        goya_core_reg_write(s, reg + 4 * i, word);
    }
}

/* Take the next PQ entry as the current CB; false if the PQ is empty. */
static bool fetch_pq_entry(GoyaCore *s, GoyaQman *q)
{
    GoyaInitiator who = qman_initiator(s, q, QM_PROT_PQF);
    uint32_t entries = 1u << MIN(qreg(s, q, QM_PQ_SIZE), PQ_SIZE_MAX);
    uint32_t pi = qreg(s, q, QM_PQ_PI) % (2 * entries);
    uint64_t base = (uint64_t)qreg(s, q, QM_PQ_BASE_HI) << 32 |
                    qreg(s, q, QM_PQ_BASE_LO);
    uint64_t bd_addr;
    uint8_t bd[QMAN_PQ_ENTRY_SIZE];
    GoyaXferResult r;

    q->pq_ci %= 2 * entries;
    if (pi == q->pq_ci) {
        return false;
    }
    bd_addr = base + (uint64_t)(q->pq_ci & (entries - 1)) * sizeof(bd);
    r = goya_mem_rw(s, &who, bd_addr, bd, sizeof(bd), false);
    if (r != GOYA_XFER_OK) {
        qman_xfer_error(s, q, &who, r, QM_ERR_PQ_FETCH, bd_addr, bd_addr,
                        false);
        return false;
    }
    q->pq_ci = (q->pq_ci + 1) % (2 * entries);
    goya_reg_set(s, q->base + QM_PQ_CI, q->pq_ci);
    q->cb_addr = ldq_le_p(bd);
    q->cb_len = ldl_le_p(bd + 8);
    q->cb_off = 0;
    q->cb_active = q->cb_len != 0;
    trace_goya_qman_pq_entry(q->name, q->pq_ci, q->cb_addr, q->cb_len);
    return true;
}

/*
 * Run queue @q for up to @budget; returns true if it has more work it can
 * do right now (so the caller schedules another slice).
 */
static bool qman_run(GoyaCore *s, GoyaQman *q, uint64_t *budget)
{
    uint32_t cfg0 = qreg(s, q, QM_GLBL_CFG0);
    uint32_t cfg1 = qreg(s, q, QM_GLBL_CFG1);
    GoyaInitiator fetch;
    GoyaXferResult r;

    if (q->error || !(cfg0 & QM_CFG0_CP_EN) ||
        (cfg1 & QM_GLBL_CFG1_CP_STOP)) {
        return false;
    }
    while (*budget) {
        uint8_t pkt[PKT_MAX_SIZE];
        uint64_t pkt_addr;
        uint32_t ctl, word0, size;
        unsigned opcode;

        if (q->dma_active) {
            if (!dma_step(s, q, budget)) {
                return q->dma_active;
            }
            continue;
        }
        if (q->fence_wait) {
            uint8_t *cnt = &q->fence_cnt[q->fence_id];

            if (*cnt < q->fence_target) {
                return false;       /* woken by a CP_FENCEn_RDATA write */
            }
            *cnt -= q->fence_dec;
            q->fence_wait = false;
            trace_goya_qman_fence_done(q->name, q->fence_id, *cnt);
            continue;
        }
        if (q->cpdma_wait) {
            if ((q + 1)->cb_active && !(q + 1)->error) {
                return false;       /* the CMDQ runs in its own turn */
            }
            q->cpdma_wait = false;
            if ((q + 1)->error) {
                goya_qman_error(s, q, QM_ERR_CP_DMA, (q + 1)->cb_addr);
                return false;
            }
            trace_goya_qman_cp_dma_done(q->name);
            continue;
        }
        if (!q->cb_active) {
            if (q->is_cmdq || !(cfg0 & QM_CFG0_PQF_EN) ||
                (cfg1 & QM_CFG1_PQF_STOP) || !fetch_pq_entry(s, q)) {
                return false;
            }
            /* a PQ full of empty BDs must not run unbudgeted */
            *budget -= MIN(*budget, PKT_COST);
            continue;
        }
        if (q->cb_len - q->cb_off < 8) {
            /* Trailing bytes that cannot hold a packet header. */
            trace_goya_ub_qman_cb_tail(q->name, q->cb_addr + q->cb_off,
                                       q->cb_len - q->cb_off);
            goya_qman_error(s, q, QM_ERR_PKT_SIZE, q->cb_addr + q->cb_off);
            return false;
        }
        fetch = qman_initiator(s, q, QM_PROT_CQF);
        pkt_addr = q->cb_addr + q->cb_off;
        r = goya_mem_rw(s, &fetch, pkt_addr, pkt, 8, false);
        if (r != GOYA_XFER_OK) {
            qman_xfer_error(s, q, &fetch, r, QM_ERR_CB_FETCH, pkt_addr,
                            pkt_addr, false);
            return false;
        }
        word0 = ldl_le_p(pkt);
        ctl = ldl_le_p(pkt + 4);
        opcode = (ctl & GOYA_PKT_CTL_OPCODE_MASK) >> GOYA_PKT_CTL_OPCODE_SHIFT;
        size = pkt_size(opcode, word0);
        if (!size) {
            trace_goya_qman_packet(q->name, opcode, pkt_addr, word0, ctl);
            trace_goya_ub_qman_opcode(q->name, opcode, pkt_addr);
            goya_qman_error(s, q, QM_ERR_UNDEF_OPCODE, pkt_addr);
            return false;
        }
        if (size > q->cb_len - q->cb_off) {
            trace_goya_ub_qman_pkt_size(q->name, opcode, pkt_addr, size,
                                        q->cb_len - q->cb_off);
            goya_qman_error(s, q, QM_ERR_PKT_SIZE, pkt_addr);
            return false;
        }
        if (opcode == PACKET_WREG_BULK) {
            exec_wreg_bulk(s, q, pkt_addr, word0, ctl);
        } else {
            r = size > 8 ? goya_mem_rw(s, &fetch, pkt_addr + 8, pkt + 8,
                                       size - 8, false) : GOYA_XFER_OK;
            if (r != GOYA_XFER_OK) {
                qman_xfer_error(s, q, &fetch, r, QM_ERR_CB_FETCH,
                                pkt_addr + 8, pkt_addr, false);
                return false;
            }
            exec_packet(s, q, pkt, opcode, pkt_addr);
        }
        if (q->error) {
            return false;
        }
        q->cb_off += size;
        if (q->cb_off == q->cb_len) {
            q->cb_active = false;
        }
        *budget -= MIN(*budget, PKT_COST);
        if (qreg(s, q, QM_GLBL_CFG1) & QM_GLBL_CFG1_CP_STOP) {
            return false;
        }
    }
    return true;
}

bool goya_qman_run(GoyaCore *s, GoyaQman *q, uint64_t *budget)
{
    bool had_cb = q->cb_active;
    bool more = qman_run(s, q, budget);

    /*
     * A CMDQ that just finished (or failed) the CB its QM handed over with
     * CP_DMA: the QM, parked in cpdma_wait, may already have had its turn
     * in this round, so ask for another round to let it resume.
     */
    if (q->is_cmdq && had_cb && !q->cb_active && (q - 1)->cpdma_wait) {
        more = true;
    }
    return more;
}
