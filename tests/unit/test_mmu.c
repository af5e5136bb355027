/*
 * Unit tests of the Goya MMU model: page tables built in device DRAM the
 * way the 6.1 driver builds them (common/mmu/mmu_v1.c), hop0 registration
 * through MMU_ASID_BUSY, translation of 2 MiB and 4 KiB pages, faults,
 * corrupt tables, pass-through ranges and the fault capture registers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_pt.h"

static void mmu_setup(void)
{
    fake_host_setup();
    pt_reset(false);
    set_hop0(0, HOP0_ADDR(0));
    set_hop0(1, HOP0_ADDR(1));
    wreg(mmSTLB_INV_ALL_START, 1);
    wreg(mmMMU_MMU_ENABLE, 1);
}

static void mmu_teardown(void)
{
    fake_host_teardown();
}

static bool xlate(unsigned asid, uint64_t va, uint64_t *pa, uint64_t *ps)
{
    GoyaMmuResult r = { 0 };
    bool ok = goya_mmu_translate(fh.s, asid, va, &r);

    if (ok) {
        *pa = r.pa;
        *ps = r.page_size;
    }
    return ok;
}

static void assert_xlate(unsigned asid, uint64_t va, uint64_t want_pa,
                         uint64_t want_ps)
{
    uint64_t pa = 0, ps = 0;

    ck_assert_msg(xlate(asid, va, &pa, &ps), "va 0x%" PRIx64 " faulted", va);
    ck_assert_msg(pa == want_pa, "va 0x%" PRIx64 " -> 0x%" PRIx64
                  ", want 0x%" PRIx64, va, pa, want_pa);
    ck_assert_uint_eq(ps, want_ps);
}

static void assert_fault(unsigned asid, uint64_t va)
{
    uint64_t pa, ps;

    ck_assert_msg(!xlate(asid, va, &pa, &ps), "va 0x%" PRIx64 " translated",
                  va);
}

/* ---- layouts ------------------------------------------------------- */

START_TEST(test_2m_pages)
{
    uint64_t h1, h2, h3;

    map_2m(1, DRAM_VA, 0x20000000);
    map_2m(1, DRAM_VA + PG_2M, 0x20600000);
    assert_xlate(1, DRAM_VA, 0x20000000, PG_2M);
    assert_xlate(1, DRAM_VA + 0x12345, 0x20012345, PG_2M);
    assert_xlate(1, DRAM_VA + PG_2M - 1, 0x201FFFFF, PG_2M);
    assert_xlate(1, DRAM_VA + PG_2M + 8, 0x20600008, PG_2M);
    assert_fault(1, DRAM_VA + 2 * PG_2M);
    assert_fault(1, DRAM_VA - 1);
    /* other ASIDs do not see it */
    assert_fault(0, DRAM_VA);

    /* the layout the driver writes: next | 1, leaf pa | 0x801 */
    h1 = pte_get(HOP0_ADDR(1)) & ~0xFFFull;
    ck_assert_uint_eq(pte_get(HOP0_ADDR(1)), HOP_POOL | 1);
    h2 = pte_get(pte_addr(h1, DRAM_VA, 1)) & ~0xFFFull;
    ck_assert_uint_eq(pte_get(pte_addr(h1, DRAM_VA, 1)), h2 | 1);
    h3 = pte_get(pte_addr(h2, DRAM_VA, 2)) & ~0xFFFull;
    ck_assert_uint_eq(pte_get(pte_addr(h3, DRAM_VA, 3)), 0x20000801);

    /* a 2 MiB leaf ignores PA bits 20:12 (only 2 MiB-aligned pages) */
    pte_set(pte_addr(h3, DRAM_VA, 3), 0x2007F801);
    assert_xlate(1, DRAM_VA + 0x123, 0x20000123, PG_2M);
    /* the ASID-0 identity map of the fw area (2 MiB leaves) */
    for (uint64_t a = 0; a < 0x10000000; a += PG_2M) {
        map_2m(0, a, a);
    }
    assert_xlate(0, 0x800000 + 0x1234, 0x801234, PG_2M);
    assert_xlate(0, 0x0FFFFFFF, 0x0FFFFFFF, PG_2M);
    assert_fault(0, 0x10000000);
}
END_TEST

START_TEST(test_4k_pages)
{
    uint64_t va = HOST_VA + 0x5000;

    /* host pages: leaf PA = host DMA address + HOST_PHYS_BASE */
    map_4k(1, va, HOST_PHYS_BASE + 0x7000);
    map_4k(1, va + PG_4K, HOST_PHYS_BASE + 0x3000);
    assert_xlate(1, va, HOST_PHYS_BASE + 0x7000, PG_4K);
    assert_xlate(1, va + 0xFFF, HOST_PHYS_BASE + 0x7FFF, PG_4K);
    assert_xlate(1, va + PG_4K + 0x10, HOST_PHYS_BASE + 0x3010, PG_4K);
    assert_fault(1, va - 1);
    assert_fault(1, va + 2 * PG_4K);
    /* hop4 leaves carry LAST too; a hop4 PTE without it is still a leaf */
    pte_set(leaf_pte(1, va, 4), (HOST_PHYS_BASE + 0x9000) | PTE_PRESENT);
    assert_xlate(1, va + 4, HOST_PHYS_BASE + 0x9004, PG_4K);
    /* a 4 KiB leaf keeps PA bits 20:12 */
    map_4k(1, va, 0x2007F000);
    assert_xlate(1, va + 1, 0x2007F001, PG_4K);
    /* the top of the host VA range (hop0 index 3) */
    map_4k(1, 0x3FF8000000000ull - PG_4K, HOST_PHYS_BASE);
    assert_xlate(1, 0x3FF8000000000ull - 1, HOST_PHYS_BASE + 0xFFF, PG_4K);
    /* mixing: a 2 MiB leaf next to a hop4 table in the same hop3 table */
    map_2m(1, HOST_VA + 4 * PG_2M, HOST_PHYS_BASE + 8 * PG_2M);
    assert_xlate(1, HOST_VA + 4 * PG_2M + 0x1001, HOST_PHYS_BASE +
                 8 * PG_2M + 0x1001, PG_2M);
    assert_xlate(1, va, 0x2007F000, PG_4K);
}
END_TEST

/* Every hop uses its own VA bits: flipping one bit of one index misses. */
START_TEST(test_index_bits)
{
    const uint64_t va = (2ull << 48) | (0x155ull << 39) | (0xAAull << 30) |
                        (0x1FFull << 21) | (0x123ull << 12);

    map_4k(1, va, 0x30000000);
    assert_xlate(1, va | 0xABC, 0x30000ABC, PG_4K);
    for (unsigned hop = 0; hop < 5; hop++) {
        for (unsigned bit = 0; bit < (hop ? 9 : 2); bit++) {
            assert_fault(1, va ^ (1ull << (pt_shift[hop] + bit)));
        }
    }
    /* same index, different ASID hop0 table */
    map_4k(0, va, 0x30001000);
    assert_xlate(0, va, 0x30001000, PG_4K);
    assert_xlate(1, va, 0x30000000, PG_4K);
}
END_TEST

START_TEST(test_not_present_each_hop)
{
    const uint64_t va = HOST_VA + 0x123456789000ull;
    uint64_t ptes[5], table = HOP0_ADDR(1);

    map_4k(1, va, 0x30000000);
    for (unsigned hop = 0; hop < 5; hop++) {
        ptes[hop] = pte_addr(table, va, hop);
        table = pte_get(ptes[hop]) & ~0xFFFull;
    }
    for (unsigned hop = 0; hop < 5; hop++) {
        uint64_t old = pte_get(ptes[hop]);

        /* PRESENT clear, the rest of the PTE intact */
        pte_set(ptes[hop], old & ~PTE_PRESENT);
        assert_fault(1, va);
        /* an all-zero PTE (the driver's clear_pte) */
        pte_set(ptes[hop], 0);
        assert_fault(1, va);
        pte_set(ptes[hop], old);
        assert_xlate(1, va, 0x30000000, PG_4K);
    }
    /* a 2 MiB leaf not present */
    map_2m(1, DRAM_VA, 0x20000000);
    pte_set(leaf_pte(1, DRAM_VA, 3), 0x20000800);
    assert_fault(1, DRAM_VA);
    /* an unregistered ASID walks hop0 = 0 (zeroed DRAM): faults */
    assert_fault(7, DRAM_VA);
}
END_TEST

START_TEST(test_tables_via_bar4)
{
    GoyaCore *s = fh.s;

    /* BAR4 of 256 MiB: hw_init moves the window to 0x10000000 */
    set_ddr_bar_base(0x10000000);
    pt_reset(true);
    map_2m(1, DRAM_VA + 3 * PG_2M, 0x40000000);
    map_4k(1, HOST_VA, HOST_PHYS_BASE + 0x10000);
    /* flush: readq of the context's hop0 */
    ck_assert_uint_eq(goya_core_bar_read(s, 4, HOP0_ADDR(1) - 0x10000000, 8),
                      pte_get(HOP0_ADDR(1)));
    assert_xlate(1, DRAM_VA + 3 * PG_2M + 5, 0x40000005, PG_2M);
    assert_xlate(1, HOST_VA + 6, HOST_PHYS_BASE + 0x10006, PG_4K);
}
END_TEST

/* ---- who is translated --------------------------------------------- */

START_TEST(test_translated_access)
{
    GoyaCore *s = fh.s;
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    GoyaInitiator phys = { .translate = false, .asid = 1, .qman = 0 };
    uint8_t buf[0x1000], out[0x1000];

    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = i * 7 + 3;
    }
    /* two adjacent VA pages on non-adjacent, reversed PAs */
    map_4k(1, HOST_VA, 0x30000000);
    map_4k(1, HOST_VA + PG_4K, 0x20000000);
    ck_assert_int_eq(goya_mem_rw(s, &user, HOST_VA + 0x800, buf, sizeof(buf),
                                 true), GOYA_XFER_OK);
    ck_assert_int_eq(memcmp(s->dram + 0x30000800, buf, 0x800), 0);
    ck_assert_int_eq(memcmp(s->dram + 0x20000000, buf + 0x800, 0x800), 0);
    memset(out, 0, sizeof(out));
    ck_assert_int_eq(goya_mem_rw(s, &user, HOST_VA + 0x800, out, sizeof(out),
                                 false), GOYA_XFER_OK);
    ck_assert_int_eq(memcmp(out, buf, sizeof(buf)), 0);
    /* running off the mapping faults */
    ck_assert_int_eq(goya_mem_rw(s, &user, HOST_VA + PG_4K + 0x10, out,
                                 PG_4K, false), GOYA_XFER_PAGE_FAULT);
    /* a secure initiator (or MMBP) is physical even with the MMU on */
    ck_assert_int_eq(goya_mem_rw(s, &phys, 0x30000800, out, 16, false),
                     GOYA_XFER_OK);
    ck_assert_int_eq(memcmp(out, buf, 16), 0);
    ck_assert_int_eq(goya_mem_rw(s, &phys, HOST_VA, out, 16, false),
                     GOYA_XFER_RAZWI);

    /* a VA mapped to host memory lands in host RAM */
    map_4k(1, HOST_VA + 0x100000, HOST_PHYS_BASE + 0x2000);
    ck_assert_int_eq(goya_mem_write32(s, &user, HOST_VA + 0x100010,
                                      0xD169B243), GOYA_XFER_OK);
    ck_assert_uint_eq(fake_ram_rd32(0x2010), 0xD169B243);
    /* a VA mapped to nothing physical: RAZWI after translation */
    map_4k(1, HOST_VA + 0x200000, 0x4000000000ull);
    ck_assert_int_eq(goya_mem_write32(s, &user, HOST_VA + 0x200000, 1),
                     GOYA_XFER_RAZWI);
}
END_TEST

START_TEST(test_mmu_disabled)
{
    GoyaCore *s = fh.s;
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    uint32_t v = 0;

    ck_assert(goya_mmu_enabled(s));
    ck_assert_int_eq(goya_mem_rw(s, &user, 0x1000, &v, 4, false),
                     GOYA_XFER_PAGE_FAULT);
    wreg(mmMMU_MMU_ENABLE, 0);
    ck_assert(!goya_mmu_enabled(s));
    memcpy(s->dram + 0x1000, "\x01\x02\x03\x04", 4);
    ck_assert_int_eq(goya_mem_rw(s, &user, 0x1000, &v, 4, false),
                     GOYA_XFER_OK);
    ck_assert_uint_eq(v, 0x04030201);
    /* host addresses go straight to the outbound iATU */
    fake_ram_wr32(0x40, 0x600DF00D);
    ck_assert_int_eq(goya_mem_rw(s, &user, HOST_PHYS_BASE + 0x40, &v, 4,
                                 false), GOYA_XFER_OK);
    ck_assert_uint_eq(v, 0x600DF00D);
}
END_TEST

START_TEST(test_sram_cfg_passthrough)
{
    GoyaCore *s = fh.s;
    /* ASID 9 has no tables at all: everything but SRAM/CFG faults */
    GoyaInitiator user = { .translate = true, .asid = 9, .qman = 0 };
    uint64_t v = 0x1122334455667788ull, out = 0;

    set_hop0(9, 0x1F000000);
    ck_assert_int_eq(goya_mem_rw(s, &user, SRAM_BASE_ADDR + 0x8000, &v, 8,
                                 true), GOYA_XFER_OK);
    ck_assert_uint_eq(ldq_le_p(s->sram + 0x8000), v);
    ck_assert_int_eq(goya_mem_rw(s, &user, SRAM_BASE_ADDR + SRAM_SIZE - 8,
                                 &out, 8, false), GOYA_XFER_OK);
    ck_assert_int_eq(goya_mem_write32(s, &user, CFG_BASE + 0xD0300, 0x21),
                     GOYA_XFER_OK);
    ck_assert_uint_eq(rreg(0xD0300), 0x21);
    /* just past SRAM is translated (and faults) */
    ck_assert_int_eq(goya_mem_rw(s, &user, SRAM_BASE_ADDR + SRAM_SIZE, &out,
                                 8, false), GOYA_XFER_PAGE_FAULT);
    ck_assert_int_eq(goya_mem_rw(s, &user, 0x20000000, &out, 8, false),
                     GOYA_XFER_PAGE_FAULT);
    ck_assert_int_eq(goya_mem_write32(s, &user, HOST_PHYS_BASE, 0),
                     GOYA_XFER_PAGE_FAULT);
}
END_TEST

/* ---- corrupt tables ------------------------------------------------ */

START_TEST(test_hop_outside_dram)
{
    GoyaCore *s = fh.s;
    const uint64_t va = HOST_VA;
    uint64_t p1;
    static const uint64_t bad[] = {
        0x100000000ull,             /* = dram_size */
        0x200000000ull,
        SRAM_BASE_ADDR,             /* tables live in DRAM only */
        CFG_BASE,
        HOST_PHYS_BASE,
        0xFFFFFFFFFFFFF000ull,      /* wraps */
    };

    map_4k(1, va, 0x30000000);
    p1 = pte_addr(HOP0_ADDR(1), va, 0);
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        pte_set(p1, bad[i] | PTE_PRESENT);
        assert_fault(1, va);
    }
    /* the last DRAM page is a valid table */
    pte_set(p1, (s->dram_size - PG_4K) | PTE_PRESENT);
    assert_fault(1, va);        /* empty there */
    pte_set(s->dram_size - PG_4K + 8 * ((va >> 39) & 0x1FF),
            pte_get(pte_addr(HOP_POOL, va, 1)));
    assert_xlate(1, va, 0x30000000, PG_4K);

    /* a hop0 register outside DRAM */
    set_hop0(2, 0x3FFFFFFFF000ull);
    assert_fault(2, va);
    set_hop0(2, s->dram_size);
    assert_fault(2, va);
}
END_TEST

START_TEST(test_flag_bits_in_pointers)
{
    const uint64_t va = HOST_VA + 0x40000000ull;
    uint64_t p0 = pte_addr(HOP0_ADDR(1), va, 0), next;

    map_4k(1, va, 0x30000000);
    next = pte_get(p0) & ~0xFFFull;
    /* bits 11:1 are flags, never address bits: no misaligned table read */
    pte_set(p0, next | 0x7FF);
    assert_xlate(1, va, 0x30000000, PG_4K);
    /* LAST above hop3 is not a leaf */
    pte_set(p0, next | PTE_LAST | PTE_PRESENT);
    assert_xlate(1, va, 0x30000000, PG_4K);
    /* flag bits in a leaf are not PA bits */
    map_4k(1, va, 0x30000000 | 0xFFE);
    assert_xlate(1, va + 4, 0x30000004, PG_4K);
}
END_TEST

START_TEST(test_self_reference)
{
    GoyaCore *s = fh.s;
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    uint64_t pa = 0, ps = 0;
    uint8_t buf[64];
    uint64_t t1 = HOP_POOL, t2 = HOP_POOL + PG_4K;

    /* hop0[0] points at hop0 itself: every hop reads the same entry */
    pte_set(HOP0_ADDR(1), HOP0_ADDR(1) | PTE_PRESENT);
    if (xlate(1, 0, &pa, &ps)) {
        ck_assert_uint_lt(pa, s->dram_size);
    }
    (void)goya_mem_rw(s, &user, 0, buf, sizeof(buf), false);
    /* a hop1 <-> hop2 cycle */
    pte_set(HOP0_ADDR(1), t1 | PTE_PRESENT);
    pte_set(t1, t2 | PTE_PRESENT);
    pte_set(t2, t1 | PTE_PRESENT);
    if (xlate(1, 0, &pa, &ps)) {
        ck_assert_uint_lt(pa, s->dram_size);
    }
    (void)goya_mem_rw(s, &user, 0, buf, sizeof(buf), true);
    /* a PTE that points at its own table, at every level, for any VA */
    for (unsigned i = 0; i < 512; i++) {
        pte_set(t1 + 8 * i, t1 | PTE_PRESENT);
    }
    for (uint64_t va = 0; va < (1ull << 48); va += 0x0000123456789000ull) {
        (void)xlate(1, va, &pa, &ps);
    }
}
END_TEST

/* ---- fault capture and invalidation -------------------------------- */

START_TEST(test_fault_capture)
{
    GoyaCore *s = fh.s;
    GoyaInitiator who = { .translate = true, .asid = 1, .qman = 0 };
    const uint64_t va = 0x3FF8012345678ull;

    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE), 0);
    goya_mmu_record_fault(s, &who, va);
    /* goya_print_mmu_error_info(): VALID = bit 18, VA[49:32] in 17:0 */
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE),
                      0x40000 | ((va >> 32) & 0x3FFFF));
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE_VA), (uint32_t)va);
    ck_assert_uint_eq(((uint64_t)(rreg(mmMMU_PAGE_ERROR_CAPTURE) & 0x3FFFF)
                       << 32) | rreg(mmMMU_PAGE_ERROR_CAPTURE_VA), va);
    /* the first fault stays until the driver clears the capture */
    goya_mmu_record_fault(s, &who, 0x1000);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE_VA), (uint32_t)va);
    wreg(mmMMU_PAGE_ERROR_CAPTURE, 0);
    goya_mmu_record_fault(s, &who, 0x1000);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE), 0x40000);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE_VA), 0x1000);
}
END_TEST

START_TEST(test_no_negative_caching)
{
    GoyaCore *s = fh.s;
    uint64_t gen;

    /* miss, then map without any invalidation: must hit */
    assert_fault(1, DRAM_VA);
    map_2m(1, DRAM_VA, 0x20000000);
    assert_xlate(1, DRAM_VA, 0x20000000, PG_2M);
    /* remap in place (DRAM MAP replacing the default page) */
    map_2m(1, DRAM_VA, 0x20200000);
    assert_xlate(1, DRAM_VA, 0x20200000, PG_2M);
    /* unmap + goya_mmu_invalidate_cache() */
    pte_set(leaf_pte(1, DRAM_VA, 3), 0);
    gen = s->tlb_generation;
    wreg(mmSTLB_INV_ALL_START, 1);
    ck_assert_uint_eq(rreg(mmSTLB_INV_ALL_START), 0);
    ck_assert_uint_gt(s->tlb_generation, gen);
    assert_fault(1, DRAM_VA);
    /* re-registering hop0 of an ASID switches tables at once */
    map_2m(0, DRAM_VA, 0x20400000);
    set_hop0(1, HOP0_ADDR(0));
    assert_xlate(1, DRAM_VA, 0x20400000, PG_2M);
}
END_TEST

static Suite *mmu_suite(void)
{
    Suite *s = suite_create("goya_mmu");
    TCase *tc = tcase_create("mmu");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, mmu_setup, mmu_teardown);
    tcase_add_test(tc, test_2m_pages);
    tcase_add_test(tc, test_4k_pages);
    tcase_add_test(tc, test_index_bits);
    tcase_add_test(tc, test_not_present_each_hop);
    tcase_add_test(tc, test_tables_via_bar4);
    tcase_add_test(tc, test_translated_access);
    tcase_add_test(tc, test_mmu_disabled);
    tcase_add_test(tc, test_sram_cfg_passthrough);
    tcase_add_test(tc, test_hop_outside_dram);
    tcase_add_test(tc, test_flag_bits_in_pointers);
    tcase_add_test(tc, test_self_reference);
    tcase_add_test(tc, test_fault_capture);
    tcase_add_test(tc, test_no_negative_caching);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mmu_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
