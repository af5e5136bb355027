/*
 * Page tables for the MMU unit tests (see fake_pt.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_pt.h"

const unsigned pt_shift[5] = { 48, 39, 30, 21, 12 };
static const uint64_t idx_mask[5] = { 0x3, 0x1FF, 0x1FF, 0x1FF, 0x1FF };

static uint64_t pool;           /* next free hop table */
static bool use_bar4;

void pt_reset(bool bar4)
{
    pool = HOP_POOL;
    use_bar4 = bar4;
}

uint64_t pte_get(uint64_t addr)
{
    return ldq_le_p(fh.s->dram + addr);
}

void pte_set(uint64_t addr, uint64_t val)
{
    if (use_bar4) {
        ck_assert_uint_ge(addr, 0x10000000);
        goya_core_bar_write(fh.s, 4, addr - 0x10000000, val, 8);
    } else {
        uint64_t le = GUINT64_TO_LE(val);

        memcpy(fh.s->dram + addr, &le, 8);
        /* a poke bypasses BAR4, which the model's TLB watches: flush */
        fh.s->tlb_generation++;
    }
}

uint64_t pte_addr(uint64_t table, uint64_t va, unsigned hop)
{
    return table + 8 * ((va >> pt_shift[hop]) & idx_mask[hop]);
}

void set_hop0(unsigned asid, uint64_t pa)
{
    wreg(MMU_HOP0_PA43_12, pa >> 12);
    wreg(MMU_HOP0_PA49_44, pa >> 44);
    wreg(MMU_ASID_BUSY, 0x80000000u | asid);
    ck_assert_uint_eq(rreg(MMU_ASID_BUSY) & 0x80000000u, 0);
}

uint64_t next_hop(uint64_t table, uint64_t va, unsigned hop)
{
    uint64_t a = pte_addr(table, va, hop);
    uint64_t pte = pte_get(a);

    if (pte & PTE_PRESENT) {
        return pte & ~0xFFFull;
    }
    pte = pool;
    pool += PG_4K;
    pte_set(a, pte | PTE_PRESENT);
    return pte;
}

uint64_t leaf_pte(unsigned asid, uint64_t va, unsigned last_hop)
{
    uint64_t table = HOP0_ADDR(asid);

    for (unsigned hop = 0; hop < last_hop; hop++) {
        table = next_hop(table, va, hop);
    }
    return pte_addr(table, va, last_hop);
}

void map_2m(unsigned asid, uint64_t va, uint64_t pa)
{
    pte_set(leaf_pte(asid, va, 3), (pa & ~0xFFFull) | PTE_LAST | PTE_PRESENT);
}

void map_4k(unsigned asid, uint64_t va, uint64_t pa)
{
    pte_set(leaf_pte(asid, va, 4), (pa & ~0xFFFull) | PTE_LAST | PTE_PRESENT);
}
