/*
 * Goya MMU (v1.0): per-ASID 5-hop page walk over tables in device DRAM.
 *
 * VA bits: hop0 [49:48], hop1 [47:39], hop2 [38:30], hop3 [29:21],
 * hop4 [20:12].  A PTE is PRESENT (bit 0) | LAST (bit 11) | next-hop or
 * page address.  A LAST PTE at hop3 maps 2 MiB, a hop4 PTE maps 4 KiB.
 * Every hop address is checked against DRAM before it is read, and the
 * walk is at most five reads, so corrupt tables fault rather than loop.
 *
 * There is no negative caching: the driver does not invalidate on map.
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

bool goya_mmu_translate(GoyaCore *s, uint16_t asid, uint64_t va,
                        GoyaMmuResult *res)
{
    uint64_t table = s->hop0[asid % GOYA_MMU_ASIDS];

    for (unsigned hop = 0; hop < MMU_HOPS; hop++) {
        uint64_t idx = (va >> hop_shift[hop]) & hop_index_mask[hop];
        uint64_t pte;

        if ((table & (MMU_HOP_TABLE_SIZE - 1)) || table >= s->dram_size ||
            s->dram_size - table < MMU_HOP_TABLE_SIZE) {
            trace_goya_mmu_bad_hop(asid, va, hop, table);
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

void goya_mmu_record_fault(GoyaCore *s, const GoyaInitiator *who,
                           uint64_t va)
{
    trace_goya_mmu_fault(who->qman, who->asid, va);
    if (goya_reg(s, mmMMU_PAGE_ERROR_CAPTURE) &
        MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID) {
        return;     /* the first fault stays captured until the driver reads */
    }
    goya_reg_set(s, mmMMU_PAGE_ERROR_CAPTURE,
                 MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID |
                 ((va >> 32) & 0x3FFFF));
    goya_reg_set(s, mmMMU_PAGE_ERROR_CAPTURE_VA, (uint32_t)va);
}
