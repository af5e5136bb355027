/*
 * Goya MMU (v1.0): per-ASID 5-hop page walk over tables in device DRAM.
 *
 * VA bits: hop0 [49:48], hop1 [47:39], hop2 [38:30], hop3 [29:21],
 * hop4 [20:12].  A PTE is PRESENT (bit 0) | LAST (bit 11) | next-hop or
 * page address.  A LAST PTE at hop3 maps 2 MiB, a hop4 PTE maps 4 KiB.
 * Every hop address is checked against DRAM before it is read, and the
 * walk is at most five reads, so corrupt tables fault rather than loop.
 *
 * Successful translations are cached in a small direct-mapped TLB keyed
 * by ASID and VA page (2 MiB and 4 KiB pages in separate slots), flushed
 * as a whole when s->tlb_generation changes: STLB_INV_ALL_START, a hop0
 * (re)registration through MMU_ASID_BUSY, a chip reset, and every BAR4
 * write: the driver writes PTEs through BAR4 only, and a DRAM map
 * replaces the default-page leaf (a present PTE) without any
 * invalidation.  Misses are never cached (the driver does not invalidate
 * on map), so a new mapping is visible at once.  PTEs poked into DRAM by
 * other means (engine DMA) are seen after the next flush only, as with
 * the STLB.  goya_mmu_walk trace events appear only on misses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"

#define MMU_HOPS            5
#define MMU_PTES_PER_HOP    512
#define MMU_HOP_TABLE_SIZE  (MMU_PTES_PER_HOP * 8)
#define MMU_PAGE_4K         (1ull << 12)
#define MMU_PAGE_2M         (1ull << 21)

static const unsigned hop_shift[MMU_HOPS] = {
    MMU_V1_0_HOP0_SHIFT, MMU_V1_0_HOP1_SHIFT, MMU_V1_0_HOP2_SHIFT,
    MMU_V1_0_HOP3_SHIFT, MMU_V1_0_HOP4_SHIFT,
};
/* hop0 indexes VA[49:48] only */
static const uint64_t hop_index_mask[MMU_HOPS] = { 0x3, 0x1FF, 0x1FF, 0x1FF,
                                                   0x1FF };

bool goya_mmu_enabled(GoyaCore *s)
{
    return goya_reg(s, mmMMU_MMU_ENABLE) & 1;
}

static GoyaTlbEntry *tlb_slot(GoyaCore *s, uint16_t asid, uint64_t tag,
                              bool big)
{
    uint64_t h = (tag ^ ((uint64_t)asid << 7) ^ (big ? 0x9E37 : 0)) *
                 0x9E3779B97F4A7C15ull;

    return &s->tlb[h >> 55 & (GOYA_TLB_ENTRIES - 1)];
}

static bool tlb_lookup(GoyaCore *s, uint16_t asid, uint64_t va,
                       GoyaMmuResult *res)
{
    for (int big = 1; big >= 0; big--) {
        uint64_t size = big ? MMU_PAGE_2M : MMU_PAGE_4K;
        uint64_t tag = va / size;
        GoyaTlbEntry *e = tlb_slot(s, asid, tag, big);

        if (e->gen == s->tlb_generation + 1 && e->asid == asid &&
            e->va_tag == tag && e->page_size == size) {
            res->pa = e->pa | (va & (size - 1));
            res->page_size = size;
            s->tlb_hits++;
            return true;
        }
    }
    s->tlb_misses++;
    return false;
}

static void tlb_fill(GoyaCore *s, uint16_t asid, uint64_t va,
                     const GoyaMmuResult *res)
{
    bool big = res->page_size == MMU_PAGE_2M;
    uint64_t tag = va / res->page_size;
    GoyaTlbEntry *e = tlb_slot(s, asid, tag, big);

    *e = (GoyaTlbEntry) {
        .gen = s->tlb_generation + 1, .va_tag = tag, .asid = asid,
        .pa = res->pa & ~(res->page_size - 1), .page_size = res->page_size,
    };
}

static bool mmu_walk(GoyaCore *s, uint16_t asid, uint64_t va,
                     GoyaMmuResult *res)
{
    uint64_t table = s->hop0[asid % GOYA_MMU_ASIDS];

    for (unsigned hop = 0; hop < MMU_HOPS; hop++) {
        uint64_t idx = (va >> hop_shift[hop]) & hop_index_mask[hop];
        uint64_t pte;

        if ((table & (MMU_HOP_TABLE_SIZE - 1)) || table >= s->dram_size ||
            s->dram_size - table < MMU_HOP_TABLE_SIZE) {
            trace_goya_ub_mmu_bad_hop(asid, va, hop, table);
            return false;
        }
        memcpy(&pte, s->dram + table + idx * 8, 8);
        pte = GUINT64_FROM_LE(pte);
        trace_goya_mmu_walk(asid, va, hop, table, pte);
        if (!(pte & PAGE_PRESENT_MASK)) {
            return false;
        }
        if (hop == 3 && (pte & LAST_MASK)) {
            res->page_size = MMU_PAGE_2M;
            res->pa = (pte & ~FLAGS_MASK & ~(MMU_PAGE_2M - 1)) |
                      (va & (MMU_PAGE_2M - 1));
            return true;
        }
        if (hop == MMU_HOPS - 1) {
            res->page_size = MMU_PAGE_4K;
            res->pa = (pte & ~FLAGS_MASK) | (va & (MMU_PAGE_4K - 1));
            return true;
        }
        table = pte & ~FLAGS_MASK;
    }
    return false;
}

bool goya_mmu_translate(GoyaCore *s, uint16_t asid, uint64_t va,
                        GoyaMmuResult *res)
{
    if (tlb_lookup(s, asid, va, res)) {
        return true;
    }
    if (!mmu_walk(s, asid, va, res)) {
        return false;           /* not cached: a later map needs no flush */
    }
    trace_goya_mmu_map(asid, va, res->pa, res->page_size);
    tlb_fill(s, asid, va, res);
    return true;
}

void goya_mmu_record_fault(GoyaCore *s, const GoyaInitiator *who,
                           uint64_t va)
{
    if (goya_reg(s, mmMMU_PAGE_ERROR_CAPTURE) &
        MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID) {
        trace_goya_err_mmu_fault(who->qman, who->asid, va, 0);
        return;     /* the first fault stays captured until the driver reads */
    }
    trace_goya_err_mmu_fault(who->qman, who->asid, va, 1);
    goya_reg_set(s, mmMMU_PAGE_ERROR_CAPTURE,
                 MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID |
                 ((va >> 32) & 0x3FFFF));
    goya_reg_set(s, mmMMU_PAGE_ERROR_CAPTURE_VA, (uint32_t)va);
}
