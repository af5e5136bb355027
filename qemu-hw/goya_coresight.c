/*
 * Goya coresight: what the habanalabs driver waits for when it programs
 * the trace units through HL_IOCTL_DEBUG, plus a plausible trace stream.
 *
 * The driver (goya/goya_coresight.c) writes the units' registers and polls
 * three status bits; everything else is storage:
 *  - ETF/ETR (ARM CoreSight TMC): FFCR (+0x304) bit 6 FlushMan must clear
 *    and STS (+0x00C) bit 2 TMCReady must set.  A TMC is ready while not
 *    capturing (CTL bit 0 clear) or once a flush with FFCR bit 12
 *    StopOnFl set has stopped it; flushes complete at once here.
 *  - STM: TCSR (+0xE80) bit 23 BUSY must clear: the model is never busy.
 * Trace data: an STM enabled (TCSR bit 0 set) while the ETR captures
 * sends a short MIPI STPv2-style nibble stream (ASYNC,
 * VERSION, master = the STM's trace id, channel 0, a 32-bit data packet
 * with the unit's hardware-event enable mask, then a running count),
 * wrapped in CoreSight formatter frames (16 bytes, ID changes on
 * even bytes, bit 0 of even data bytes in byte 15) when FFCR bit 0 EnFt
 * is set.  The frames follow the public CoreSight/STPv2 formats; they are
 * NOT known to be bit-identical to silicon's (docs/fidelity.md).  They go
 * to the ETR buffer (DBAHI:DBALO, RSZ bytes, as the driver programs it
 * from the user's buffer_size) through the MMU with the ASID the driver
 * gives PSOC initiators (PCIE_WRAP_PSOC_AWUSER), wrapping at the end;
 * RWPHI:RWP then points past the last byte written, which is what the
 * driver returns to the user on ETR disable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "goya_core.h"
#include "goya_regs.h"

#define CS_OFF(base)            ((uint32_t)((base) - CFG_BASE))
#define TMC_STS                 0x00C
#define TMC_CTL                 0x020
#define TMC_FFCR                0x304
#define TMC_STS_FULL            (1u << 0)
#define TMC_STS_READY           (1u << 2)
#define TMC_CTL_CAPT_EN         (1u << 0)
#define TMC_FFCR_EN_FT          (1u << 0)
#define TMC_FFCR_FLUSH_MAN      (1u << 6)
#define TMC_FFCR_STOP_ON_FL     (1u << 12)
#define STM_HEER                0xD00
#define STM_TCSR                0xE80
#define STM_TCSR_EN             (1u << 0)
#define STM_TCSR_BUSY           (1u << 23)
#define STM_TCSR_TRACEID(v)     (((v) >> 16) & 0x7F)
#define CS_FRAME                16
#define CS_MAX_TRACE            4096

static const uint64_t cs_etf_base[] = {
    mmCPU_ETF_0_BASE, mmCPU_ETF_1_BASE, mmCPU_ETF_TRACE_BASE,
    mmDMA_CH_0_CS_ETF_BASE, mmDMA_CH_1_CS_ETF_BASE, mmDMA_CH_2_CS_ETF_BASE,
    mmDMA_CH_3_CS_ETF_BASE, mmDMA_CH_4_CS_ETF_BASE, mmDMA_MACRO_CS_ETF_BASE,
    mmMME1_SBA_ETF_BASE, mmMME3_SBB_ETF_BASE, mmMME4_WACS2_ETF_BASE,
    mmMME4_WACS_ETF_BASE, mmMMU_CS_ETF_BASE, mmPCIE_ETF_BASE,
    mmPSOC_ETF_BASE, mmTPC0_EML_ETF_BASE, mmTPC1_EML_ETF_BASE,
    mmTPC2_EML_ETF_BASE, mmTPC3_EML_ETF_BASE, mmTPC4_EML_ETF_BASE,
    mmTPC5_EML_ETF_BASE, mmTPC6_EML_ETF_BASE, mmTPC7_EML_ETF_BASE,
};

static const uint64_t cs_stm_base[] = {
    mmCPU_STM_BASE, mmDMA_CH_0_CS_STM_BASE, mmDMA_CH_1_CS_STM_BASE,
    mmDMA_CH_2_CS_STM_BASE, mmDMA_CH_3_CS_STM_BASE, mmDMA_CH_4_CS_STM_BASE,
    mmDMA_MACRO_CS_STM_BASE, mmMME1_SBA_STM_BASE, mmMME3_SBB_STM_BASE,
    mmMME4_WACS2_STM_BASE, mmMME4_WACS_STM_BASE, mmMMU_CS_STM_BASE,
    mmPCIE_STM_BASE, mmPSOC_STM_BASE, mmTPC0_EML_STM_BASE,
    mmTPC1_EML_STM_BASE, mmTPC2_EML_STM_BASE, mmTPC3_EML_STM_BASE,
    mmTPC4_EML_STM_BASE, mmTPC5_EML_STM_BASE, mmTPC6_EML_STM_BASE,
    mmTPC7_EML_STM_BASE,
};

G_STATIC_ASSERT(G_N_ELEMENTS(cs_etf_base) <= 32);

/* Index of the ETF whose block holds @reg, or -1. */
static int cs_etf_of(uint32_t reg)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(cs_etf_base); i++) {
        if ((reg & ~0xFFFu) == CS_OFF(cs_etf_base[i])) {
            return i;
        }
    }
    return -1;
}

static bool cs_is_stm_tcsr(uint32_t reg)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(cs_stm_base); i++) {
        if (reg == CS_OFF(cs_stm_base[i]) + STM_TCSR) {
            return true;
        }
    }
    return false;
}

/* ---- trace stream ---- */

typedef struct CsStream {
    uint8_t buf[CS_MAX_TRACE];
    size_t len;
    bool half;                  /* a nibble is pending in buf[len] */
} CsStream;

static void cs_nibble(CsStream *t, unsigned n)
{
    if (t->len >= sizeof(t->buf)) {
        return;
    }
    if (!t->half) {
        t->buf[t->len] = n & 0xF;
        t->half = true;
    } else {
        t->buf[t->len++] |= (n & 0xF) << 4;
        t->half = false;
    }
}

static void cs_nibbles(CsStream *t, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        cs_nibble(t, v >> (4 * i));
    }
}

/* STPv2: ASYNC, VERSION, M8, C8, D32 (opcodes 0x1, 0x3, 0x6; 0xF0 0x0). */
static void cs_stm_packets(CsStream *t, uint8_t master, uint32_t d0,
                           uint32_t d1)
{
    for (int i = 0; i < 21; i++) {
        cs_nibble(t, 0xF);
    }
    cs_nibble(t, 0x0);
    cs_nibbles(t, 0x00F, 3);            /* VERSION: F, 0, 0 */
    cs_nibble(t, 0x3);                  /* ... STPv2.1 */
    cs_nibble(t, 0x1);                  /* M8 */
    cs_nibbles(t, master, 2);
    cs_nibble(t, 0x3);                  /* C8 */
    cs_nibbles(t, 0, 2);
    cs_nibble(t, 0x6);                  /* D32 */
    cs_nibbles(t, d0, 8);
    cs_nibble(t, 0x6);
    cs_nibbles(t, d1, 8);
    if (t->half) {
        cs_nibble(t, 0x0);              /* NULL pads to a byte */
    }
}

/* CoreSight formatter: 16-byte frames, the source id announced first. */
static size_t cs_format(const CsStream *in, uint8_t id, uint8_t *out,
                        size_t cap)
{
    size_t pos = 0, n = 0;
    bool id_sent = false;

    while (pos < in->len && n + CS_FRAME <= cap) {
        uint8_t *f = out + n;
        uint8_t aux = 0;

        memset(f, 0, CS_FRAME);
        for (unsigned k = 0; k < 15; k++) {
            uint8_t d = pos < in->len ? in->buf[pos] : 0;

            if (!(k & 1)) {
                if (!id_sent) {
                    f[k] = (id << 1) | 1;
                    id_sent = true;
                    continue;
                }
                f[k] = d & 0xFE;
                aux |= (d & 1) << (k / 2);
            } else {
                f[k] = d;
            }
            pos++;
        }
        f[15] = aux;
        n += CS_FRAME;
    }
    return n;
}

static void cs_etr_emit(GoyaCore *s, uint32_t stm_base, uint32_t tcsr)
{
    uint64_t dba = (uint64_t)goya_reg(s, mmPSOC_ETR_DBAHI) << 32 |
                   goya_reg(s, mmPSOC_ETR_DBALO);
    uint64_t rwp = (uint64_t)(goya_reg(s, mmPSOC_ETR_RWPHI) & 0xFF) << 32 |
                   goya_reg(s, mmPSOC_ETR_RWP);
    uint32_t size = goya_reg(s, mmPSOC_ETR_RSZ);
    uint32_t awuser = goya_reg(s, mmPCIE_WRAP_PSOC_AWUSER);
    GoyaInitiator who = {
        .translate = !(awuser & (1u << 10)),
        .asid = awuser & 0x3FF,
        .qman = -1,
    };
    bool fmt = goya_reg(s, mmPSOC_ETR_FFCR) & TMC_FFCR_EN_FT;
    g_autofree uint8_t *out = g_malloc(CS_MAX_TRACE * 2);
    g_autofree CsStream *t = g_new0(CsStream, 1);
    uint8_t id = STM_TCSR_TRACEID(tcsr);
    size_t len = 0;

    s->cs.flushes++;
    cs_stm_packets(t, id, goya_reg(s, stm_base + STM_HEER), s->cs.flushes);
    if (fmt) {
        len = cs_format(t, id, out, CS_MAX_TRACE * 2);
    } else {
        memcpy(out, t->buf, t->len);
        len = t->len;
    }
    if (!len || !size || rwp < dba || rwp - dba >= size) {
        trace_goya_ub_coresight_etr(dba, size, rwp);
        trace_goya_coresight_etr(dba, size, rwp, 0);
        return;
    }
    /* circular buffer: write, wrap to DBA, note FULL */
    for (size_t done = 0; done < len;) {
        uint64_t room = dba + size - rwp;
        size_t n = MIN(len - done, room);

        if (goya_mem_rw(s, &who, rwp, out + done, n, true) != GOYA_XFER_OK) {
            trace_goya_ub_coresight_etr_write(rwp);
            goya_log_guest_error("goya: ETR write to 0x%" PRIx64
                                 " failed\n", rwp);
            break;
        }
        done += n;
        rwp += n;
        if (rwp == dba + size) {
            rwp = dba;
            goya_reg_set(s, mmPSOC_ETR_STS,
                         goya_reg(s, mmPSOC_ETR_STS) | TMC_STS_FULL);
        }
    }
    goya_reg_set(s, mmPSOC_ETR_RWP, (uint32_t)rwp);
    goya_reg_set(s, mmPSOC_ETR_RWPHI, (rwp >> 32) & 0xFF);
    trace_goya_coresight_etr(dba, size, rwp, len);
}

/* ---- register hooks ---- */

bool goya_coresight_reg_read(GoyaCore *s, uint32_t reg, uint32_t *val)
{
    int etf;

    if (reg == mmPSOC_ETR_STS) {
        bool ready = !(goya_reg(s, mmPSOC_ETR_CTL) & TMC_CTL_CAPT_EN) ||
                     s->cs.etr_stopped;

        *val = (goya_reg(s, reg) & ~TMC_STS_READY) |
               (ready ? TMC_STS_READY : 0);
        return true;
    }
    if (cs_is_stm_tcsr(reg)) {
        *val = goya_reg(s, reg) & ~STM_TCSR_BUSY;
        return true;
    }
    etf = cs_etf_of(reg);
    if (etf >= 0 && (reg & 0xFFF) == TMC_STS) {
        bool ready = !(goya_reg(s, (reg & ~0xFFFu) + TMC_CTL) &
                       TMC_CTL_CAPT_EN) ||
                     (s->cs.etf_stopped & (1u << etf));

        *val = (goya_reg(s, reg) & ~TMC_STS_READY) |
               (ready ? TMC_STS_READY : 0);
        return true;
    }
    return false;
}

/* FFCR/CTL writes of a TMC: flush at once; stop on flush if asked. */
static bool cs_tmc_write(GoyaCore *s, uint32_t off, uint32_t val,
                         bool *stopped)
{
    if (off == TMC_FFCR) {
        if ((val & TMC_FFCR_FLUSH_MAN) && (val & TMC_FFCR_STOP_ON_FL) &&
            !*stopped) {
            *stopped = true;
        }
        trace_goya_coresight_flush(off, val);
        return true;
    }
    if (off == TMC_CTL && (val & TMC_CTL_CAPT_EN)) {
        *stopped = false;
    }
    return false;
}

bool goya_coresight_reg_write(GoyaCore *s, uint32_t reg, uint32_t val)
{
    uint32_t base = reg & ~0xFFFu, off = reg & 0xFFF;
    int etf;

    if (base == (mmPSOC_ETR_CTL & ~0xFFFu)) {
        bool stopped = s->cs.etr_stopped;

        if (reg == mmPSOC_ETR_CTL && (val & TMC_CTL_CAPT_EN) &&
            !(goya_reg(s, reg) & TMC_CTL_CAPT_EN)) {
            /* capture starts at the buffer base */
            goya_reg_set(s, mmPSOC_ETR_RWP, goya_reg(s, mmPSOC_ETR_DBALO));
            goya_reg_set(s, mmPSOC_ETR_RWPHI,
                         goya_reg(s, mmPSOC_ETR_DBAHI) & 0xFF);
            goya_reg_set(s, mmPSOC_ETR_STS,
                         goya_reg(s, mmPSOC_ETR_STS) & ~TMC_STS_FULL);
        }
        if (cs_tmc_write(s, off, val, &stopped)) {
            goya_reg_set(s, reg, val & ~TMC_FFCR_FLUSH_MAN);
            s->cs.etr_stopped = stopped;
            return true;
        }
        s->cs.etr_stopped = stopped;
        return false;
    }
    etf = cs_etf_of(reg);
    if (etf >= 0) {
        bool stopped = s->cs.etf_stopped & (1u << etf);
        bool done = cs_tmc_write(s, off, val, &stopped);

        s->cs.etf_stopped = (s->cs.etf_stopped & ~(1u << etf)) |
                            ((uint32_t)stopped << etf);
        if (done) {
            goya_reg_set(s, reg, val & ~TMC_FFCR_FLUSH_MAN);
        }
        return done;
    }
    if (cs_is_stm_tcsr(reg)) {
        trace_goya_coresight_stm(reg, val);
        /* an STM starting while the ETR captures: its trace goes there */
        if ((val & STM_TCSR_EN) && !(goya_reg(s, reg) & STM_TCSR_EN) &&
            (goya_reg(s, mmPSOC_ETR_CTL) & TMC_CTL_CAPT_EN) &&
            !s->cs.etr_stopped) {
            cs_etr_emit(s, reg - STM_TCSR, val);
        }
    }
    return false;
}

/* Debug space (CFG + 32 MiB up) registers: plain storage, no LOG_UNIMP. */
bool goya_coresight_owns(uint32_t reg)
{
    return reg >= 0x2000000 && reg < CFG_SIZE;
}

void goya_coresight_reset(GoyaCore *s)
{
    memset(&s->cs, 0, sizeof(s->cs));
}
