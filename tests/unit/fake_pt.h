/*
 * Page tables for the MMU unit tests, built in device DRAM the way the
 * 6.1 driver builds them (common/mmu/mmu_v1.c): hop0 of ASID a at
 * 0x10000000 + a * 0x1000, further hops from a pool at 0x10002000.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAKE_PT_H
#define FAKE_PT_H

#include "fake_host.h"

#define HOP0_ADDR(asid)     (0x10000000ull + (uint64_t)(asid) * 0x1000)
#define HOP_POOL            0x10002000ull
#define PTE_PRESENT         0x1ull
#define PTE_LAST            0x800ull
#define PG_4K               0x1000ull
#define PG_2M               0x200000ull
#define HOST_VA             0x1000000000000ull  /* host VA range start */
#define DRAM_VA             0x800000000ull      /* DRAM VA range start */

extern const unsigned pt_shift[5];

/*
 * Start a new set of tables.  @bar4: write PTEs through BAR4 like the
 * driver (the test must have moved the window to 0x10000000), else poke
 * DRAM directly and flush the model's TLB as a BAR4 write would.
 */
void pt_reset(bool bar4);
uint64_t pte_get(uint64_t addr);
void pte_set(uint64_t addr, uint64_t val);
uint64_t pte_addr(uint64_t table, uint64_t va, unsigned hop);
/* goya_mmu_update_asid_hop0_addr() */
void set_hop0(unsigned asid, uint64_t pa);
/* get_alloc_next_hop_addr() + the non-leaf PTE (next | PRESENT) */
uint64_t next_hop(uint64_t table, uint64_t va, unsigned hop);
/* _map(): leaf PTE address for @va, walking/allocating down to @last_hop */
uint64_t leaf_pte(unsigned asid, uint64_t va, unsigned last_hop);
void map_2m(unsigned asid, uint64_t va, uint64_t pa);
void map_4k(unsigned asid, uint64_t va, uint64_t pa);

#endif
