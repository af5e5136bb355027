/*
 * Goya memory system as the engines see it: MMU translation (for
 * non-secure initiators), then the device address decode into DRAM, SRAM,
 * the CFG registers or host memory behind the outbound iATU.
 *
 * Transfers move in runs that stay inside one page and one target, so a
 * 256 MiB copy is a few hundred memcpy()s over mapped guest memory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"

#define GOYA_XFER_CHUNK     (4ull << 20)   /* largest single map/copy */

typedef enum GoyaTarget {
    GOYA_TGT_DRAM,
    GOYA_TGT_SRAM,
    GOYA_TGT_CFG,
    GOYA_TGT_HOST,
} GoyaTarget;

/* for trace events */
static const char *const goya_target_name[] = {
    [GOYA_TGT_DRAM] = "dram",
    [GOYA_TGT_SRAM] = "sram",
    [GOYA_TGT_CFG] = "cfg",
    [GOYA_TGT_HOST] = "host",
};

typedef struct GoyaRun {
    GoyaTarget target;
    uint8_t *ptr;               /* DRAM/SRAM */
    uint64_t pci;               /* HOST */
    uint32_t reg;               /* CFG */
    uint64_t len;               /* bytes contiguous from here */
} GoyaRun;

static bool in_sram(uint64_t a)
{
    return a >= SRAM_BASE_ADDR && a - SRAM_BASE_ADDR < SRAM_SIZE;
}

static bool in_cfg(uint64_t a)
{
    return a >= CFG_BASE && a - CFG_BASE < CFG_SIZE;
}

/* Resolve the longest contiguous run at @addr, at most @max bytes. */
static GoyaXferResult resolve(GoyaCore *s, const GoyaInitiator *who,
                              uint64_t addr, uint64_t max, bool is_write,
                              GoyaRun *run)
{
    uint64_t pa = addr, avail;

    /* The DMA macro's HBW ranges see the address it issues (pre-MMU). */
    if (!in_cfg(addr)) {
        max = goya_protect_hbw_run(s, who, addr, max, is_write);
        if (!max) {
            return GOYA_XFER_PROT;
        }
    }
    if (who->translate && goya_mmu_enabled(s) && !in_sram(addr) &&
        !in_cfg(addr)) {
        GoyaMmuResult m;
        uint64_t plen;

        if (!goya_mmu_translate(s, who->asid, addr, &m)) {
            trace_goya_ub_mmu_unmapped(who->qman, who->asid, addr);
            return GOYA_XFER_PAGE_FAULT;
        }
        pa = m.pa;
        plen = m.page_size - (addr & (m.page_size - 1));
        /*
         * Extend the run over following pages that are physically
         * contiguous, so that one host mapping and one memcpy() cover
         * them (host buffers are mapped in 4 KiB pages; per-page runs
         * cost a dma_map() each).  A page that does not translate ends
         * the run; it faults when the transfer gets there.
         */
        while (plen < max) {
            GoyaMmuResult next;

            if (!goya_mmu_translate(s, who->asid, addr + plen, &next) ||
                next.pa != pa + plen) {
                break;
            }
            plen += next.page_size;
        }
        max = MIN(max, plen);
    }
    if (pa < s->dram_size) {
        run->target = GOYA_TGT_DRAM;
        run->ptr = s->dram + pa;
        run->len = MIN(max, s->dram_size - pa);
    } else if (in_sram(pa)) {
        run->target = GOYA_TGT_SRAM;
        run->ptr = s->sram + (pa - SRAM_BASE_ADDR);
        run->len = MIN(max, SRAM_BASE_ADDR + SRAM_SIZE - pa);
    } else if (in_cfg(pa)) {
        run->target = GOYA_TGT_CFG;
        run->reg = pa - CFG_BASE;
        run->len = MIN(max, CFG_BASE + CFG_SIZE - pa);
    } else if (pa >= HOST_PHYS_BASE &&
               goya_iatu_outbound(s, pa, &run->pci, &avail)) {
        run->target = GOYA_TGT_HOST;
        run->len = MIN(max, avail);
    } else {
        trace_goya_ub_razwi(who->qman, addr, pa);
        return GOYA_XFER_RAZWI;
    }
    return GOYA_XFER_OK;
}

/* Host memory <-> a host buffer, zero-copy where the host allows it. */
static bool host_rw(GoyaCore *s, uint64_t pci, void *buf, uint64_t len,
                    bool is_write)
{
    while (len) {
        uint64_t n = len;
        void *p = s->ops->dma_map(s->opaque, pci, &n, is_write);

        if (!p || !n) {
            /* Not plain RAM: the host's checked slow path (may refuse). */
            return (is_write ? s->ops->dma_write(s->opaque, pci, buf, len) :
                    s->ops->dma_read(s->opaque, pci, buf, len)) == 0;
        }
        n = MIN(n, len);
        if (is_write) {
            memcpy(p, buf, n);
        } else {
            memcpy(buf, p, n);
        }
        s->ops->dma_unmap(s->opaque, p, n, is_write, n);
        pci += n;
        buf = (uint8_t *)buf + n;
        len -= n;
    }
    return true;
}

GoyaXferResult goya_mem_rw(GoyaCore *s, const GoyaInitiator *who,
                           uint64_t addr, void *buf, uint64_t len,
                           bool is_write)
{
    uint8_t *p = buf;

    while (len) {
        GoyaRun run;
        GoyaXferResult r = resolve(s, who, addr, MIN(len, GOYA_XFER_CHUNK),
                                   is_write, &run);

        if (r != GOYA_XFER_OK) {
            return r;
        }
        trace_goya_mem_rw(who->qman, goya_target_name[run.target], addr,
                          run.len, is_write);
        switch (run.target) {
        case GOYA_TGT_DRAM:
        case GOYA_TGT_SRAM:
            if (is_write) {
                memcpy(run.ptr, p, run.len);
            } else {
                memcpy(p, run.ptr, run.len);
            }
            break;
        case GOYA_TGT_HOST:
            if (!host_rw(s, run.pci, p, run.len, is_write)) {
                trace_goya_err_mem_host(who->qman, run.pci, run.len,
                                        is_write);
                return GOYA_XFER_RAZWI;
            }
            break;
        case GOYA_TGT_CFG:
            /* Registers are reached by 32-bit messages, not bulk data. */
            trace_goya_ub_cfg_bulk(who->qman, addr);
            return GOYA_XFER_RAZWI;
        }
        addr += run.len;
        p += run.len;
        len -= run.len;
    }
    return GOYA_XFER_OK;
}

GoyaXferResult goya_mem_write32(GoyaCore *s, const GoyaInitiator *who,
                                uint64_t addr, uint32_t val)
{
    GoyaRun run;
    GoyaXferResult r;
    uint32_t le = GUINT32_TO_LE(val);

    if (addr & 3) {
        trace_goya_ub_msg_misaligned(who->qman, addr);
        return GOYA_XFER_RAZWI;
    }
    r = resolve(s, who, addr, 4, true, &run);
    if (r != GOYA_XFER_OK) {
        return r;
    }
    trace_goya_msg_write(who->qman, addr, val);
    switch (run.target) {
    case GOYA_TGT_CFG:
        r = goya_protect_cfg_write(s, who, run.reg, val);
        if (r == GOYA_XFER_OK) {
            goya_core_reg_write(s, run.reg, val);
        }
        return r;
    case GOYA_TGT_HOST:
        if (!host_rw(s, run.pci, &le, 4, true)) {
            trace_goya_err_mem_host(who->qman, run.pci, 4, 1);
            return GOYA_XFER_RAZWI;
        }
        return GOYA_XFER_OK;
    default:
        memcpy(run.ptr, &le, 4);
        return GOYA_XFER_OK;
    }
}

/*
 * Copy @len bytes between any two targets.  Device memory is a host
 * pointer, so host<->device runs are a single map + memcpy (or the host's
 * dma_read/write straight into device memory); host->host bounces.
 */
/* Consume @n bytes from the front of a resolved run. */
static void run_advance(GoyaRun *run, uint64_t n)
{
    switch (run->target) {
    case GOYA_TGT_DRAM:
    case GOYA_TGT_SRAM:
        run->ptr += n;
        break;
    case GOYA_TGT_HOST:
        run->pci += n;
        break;
    case GOYA_TGT_CFG:
        run->reg += n;
        break;
    }
    run->len -= n;
}

GoyaXferResult goya_mem_copy(GoyaCore *s, const GoyaInitiator *who,
                             uint64_t dst, uint64_t src, uint64_t len,
                             uint64_t *fault_addr)
{
    g_autofree uint8_t *bounce = NULL;
    GoyaRun rs = { .len = 0 }, rd = { .len = 0 };

    /*
     * Each side keeps its run until it is used up, so a long contiguous
     * source is resolved once even when the destination is fragmented.
     */
    while (len) {
        GoyaXferResult r;
        uint64_t n;

        if (!rs.len) {
            r = resolve(s, who, src, MIN(len, GOYA_XFER_CHUNK), false,
                        &rs);
            if (r != GOYA_XFER_OK) {
                *fault_addr = src;
                return r;
            }
        }
        if (!rd.len) {
            r = resolve(s, who, dst, MIN(len, GOYA_XFER_CHUNK), true,
                        &rd);
            if (r != GOYA_XFER_OK) {
                *fault_addr = dst;
                return r;
            }
        }
        n = MIN(MIN(rs.len, rd.len), len);
        if (rd.target == GOYA_TGT_CFG &&
            goya_protect_cfg_write(s, who, rd.reg, 0) != GOYA_XFER_OK) {
            *fault_addr = dst;
            return GOYA_XFER_PROT;
        }
        if (rs.target == GOYA_TGT_CFG || rd.target == GOYA_TGT_CFG) {
            *fault_addr = rs.target == GOYA_TGT_CFG ? src : dst;
            trace_goya_ub_cfg_bulk(who->qman, *fault_addr);
            return GOYA_XFER_RAZWI;
        }
        if (rs.target != GOYA_TGT_HOST && rd.target != GOYA_TGT_HOST) {
            trace_goya_mem_copy(who->qman, "device -> device", src, dst, n);
            memmove(rd.ptr, rs.ptr, n);
        } else if (rs.target == GOYA_TGT_HOST && rd.target != GOYA_TGT_HOST) {
            trace_goya_mem_copy(who->qman, "host -> device", src, dst, n);
            if (!host_rw(s, rs.pci, rd.ptr, n, false)) {
                trace_goya_err_mem_host(who->qman, rs.pci, n, 0);
                *fault_addr = src;
                return GOYA_XFER_RAZWI;
            }
        } else if (rs.target != GOYA_TGT_HOST) {
            trace_goya_mem_copy(who->qman, "device -> host", src, dst, n);
            if (!host_rw(s, rd.pci, rs.ptr, n, true)) {
                trace_goya_err_mem_host(who->qman, rd.pci, n, 1);
                *fault_addr = dst;
                return GOYA_XFER_RAZWI;
            }
        } else {
            n = MIN(n, GOYA_XFER_CHUNK);
            trace_goya_mem_copy(who->qman, "host -> host", src, dst, n);
            if (!bounce) {
                /* no larger than the transfer, as in goya_mem_set() */
                bounce = g_malloc(MIN(len, GOYA_XFER_CHUNK));
            }
            if (!host_rw(s, rs.pci, bounce, n, false) ||
                !host_rw(s, rd.pci, bounce, n, true)) {
                trace_goya_err_mem_host(who->qman, rs.pci, n, 0);
                *fault_addr = src;
                return GOYA_XFER_RAZWI;
            }
        }
        run_advance(&rs, n);
        run_advance(&rd, n);
        src += n;
        dst += n;
        len -= n;
    }
    return GOYA_XFER_OK;
}

static void fill_pattern(uint8_t *p, uint64_t pattern, uint64_t len)
{
    uint64_t le = GUINT64_TO_LE(pattern);
    uint8_t b = pattern & 0xFF;

    if (pattern == 0x0101010101010101ull * b) {
        memset(p, b, len);
        return;
    }
    for (uint64_t i = 0; i < len; i += 8) {
        memcpy(p + i, &le, MIN(8, len - i));
    }
}

GoyaXferResult goya_mem_set(GoyaCore *s, const GoyaInitiator *who,
                            uint64_t dst, uint64_t pattern, uint64_t len,
                            uint64_t *fault_addr)
{
    g_autofree uint8_t *buf = NULL;

    while (len) {
        GoyaRun rd;
        GoyaXferResult r = resolve(s, who, dst, MIN(len, GOYA_XFER_CHUNK),
                                   true, &rd);

        if (r != GOYA_XFER_OK) {
            *fault_addr = dst;
            return r;
        }
        trace_goya_mem_set(who->qman, goya_target_name[rd.target], dst,
                           pattern, rd.len);
        switch (rd.target) {
        case GOYA_TGT_DRAM:
            if (pattern == 0) {
                /* Hand zeroed DRAM pages back: keeps device DRAM sparse. */
                goya_zero_range(s->dram, rd.ptr - s->dram, rd.len);
                break;
            }
            /* fall through */
        case GOYA_TGT_SRAM:
            fill_pattern(rd.ptr, pattern, rd.len);
            break;
        case GOYA_TGT_HOST:
            if (!buf) {
                /*
                 * No larger than the transfer (later runs are shorter): a
                 * run slice of a few KiB must not fill and page in a 4 MiB
                 * buffer every time.
                 */
                uint64_t buf_len = MIN(len, GOYA_XFER_CHUNK);

                buf = g_malloc(buf_len);
                fill_pattern(buf, pattern, buf_len);
            }
            if (!host_rw(s, rd.pci, buf, rd.len, true)) {
                trace_goya_err_mem_host(who->qman, rd.pci, rd.len, 1);
                *fault_addr = dst;
                return GOYA_XFER_RAZWI;
            }
            break;
        case GOYA_TGT_CFG:
            *fault_addr = dst;
            if (goya_protect_cfg_write(s, who, rd.reg, (uint32_t)pattern) !=
                GOYA_XFER_OK) {
                return GOYA_XFER_PROT;
            }
            trace_goya_ub_cfg_bulk(who->qman, dst);
            return GOYA_XFER_RAZWI;
        }
        dst += rd.len;
        len -= rd.len;
    }
    return GOYA_XFER_OK;
}
