/*
 * Unit tests of the Goya MMU model's translation cache (TLB): a cached
 * translation is used until STLB_INV_ALL_START (the only invalidation the
 * 6.1 driver issues: at MMU init, on unmap and at context teardown), a
 * miss is never cached (the driver does not invalidate on map), ASIDs do
 * not see each other's entries, re-registering a hop0 or a chip reset
 * drops everything, a PTE rewritten through BAR4 (DRAM map over the
 * default page) is seen at once, repeated accesses hit, and mixed
 * 2 MiB / 4 KiB pages translate exactly.
 * Also prints (does not assert) the 256 MiB copy rate through mapped
 * 4 KiB and 2 MiB pages against the untranslated rate.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_pt.h"
#include "firmware-stub/goya_fw_regs.h"
#include <time.h>

static void invalidate(void)
{
    wreg(mmSTLB_INV_ALL_START, 1);
    ck_assert_uint_eq(rreg(mmSTLB_INV_ALL_START), 0);
}

static void tlb_setup(void)
{
    fake_host_setup();
    set_ddr_bar_base(0x10000000);
    pt_reset(true);
    set_hop0(0, HOP0_ADDR(0));
    set_hop0(1, HOP0_ADDR(1));
    set_hop0(2, HOP0_ADDR(2));
    invalidate();
    wreg(mmMMU_MMU_ENABLE, 1);
}

static void tlb_teardown(void)
{
    fake_host_teardown();
}


/* unmap as the driver does: clear the leaf (hops stay) */
static void unmap_4k(unsigned asid, uint64_t va)
{
    pte_set(leaf_pte(asid, va, 4), 0);
}

static void unmap_2m(unsigned asid, uint64_t va)
{
    pte_set(leaf_pte(asid, va, 3), 0);
}

static bool xlate(unsigned asid, uint64_t va, uint64_t *pa, uint64_t *ps)
{
    GoyaMmuResult r = { 0 };
    bool ok = goya_mmu_translate(fh.s, asid, va, &r);

    *pa = r.pa;
    *ps = r.page_size;
    return ok;
}

static void assert_xlate(unsigned asid, uint64_t va, uint64_t want_pa,
                         uint64_t want_ps)
{
    uint64_t pa = 0, ps = 0;

    ck_assert_msg(xlate(asid, va, &pa, &ps), "va 0x%" PRIx64 " faulted", va);
    ck_assert_msg(pa == want_pa, "asid %u va 0x%" PRIx64 " -> 0x%" PRIx64
                  ", want 0x%" PRIx64, asid, va, pa, want_pa);
    ck_assert_uint_eq(ps, want_ps);
}

static void assert_fault(unsigned asid, uint64_t va)
{
    uint64_t pa, ps;

    ck_assert_msg(!xlate(asid, va, &pa, &ps), "asid %u va 0x%" PRIx64
                  " translated to 0x%" PRIx64, asid, va, pa);
}

/* A miss is not remembered: mapping after a fault works without an
 * invalidation (the driver never invalidates on map). */
START_TEST(test_no_negative_caching)
{
    assert_fault(1, HOST_VA + 0x5000);
    assert_fault(1, DRAM_VA + 3 * PG_2M + 0x1234);
    map_4k(1, HOST_VA + 0x5000, 0x30005000);
    map_2m(1, DRAM_VA + 3 * PG_2M, 0x40000000);
    assert_xlate(1, HOST_VA + 0x5008, 0x30005008, PG_4K);
    assert_xlate(1, DRAM_VA + 3 * PG_2M + 0x1234, 0x40001234, PG_2M);
    /* a neighbour in the same hop4 table that is still unmapped */
    assert_fault(1, HOST_VA + 0x6000);
    map_4k(1, HOST_VA + 0x6000, 0x30009000);
    assert_xlate(1, HOST_VA + 0x6010, 0x30009010, PG_4K);
}
END_TEST

/* After unmap + STLB_INV_ALL_START the old translation is gone. */
START_TEST(test_invalidate_on_unmap)
{
    map_4k(1, HOST_VA, 0x30000000);
    map_2m(1, DRAM_VA, 0x40000000);
    assert_xlate(1, HOST_VA + 4, 0x30000004, PG_4K);
    assert_xlate(1, DRAM_VA + 4, 0x40000004, PG_2M);
    unmap_4k(1, HOST_VA);
    unmap_2m(1, DRAM_VA);
    invalidate();
    assert_fault(1, HOST_VA + 4);
    assert_fault(1, DRAM_VA + 4);
    /* remap elsewhere: the new PA, not a stale one */
    map_4k(1, HOST_VA, 0x31000000);
    map_2m(1, DRAM_VA, 0x60000000);
    assert_xlate(1, HOST_VA + 4, 0x31000004, PG_4K);
    assert_xlate(1, DRAM_VA + 4, 0x60000004, PG_2M);
}
END_TEST

/* Same VA in two ASIDs: each sees its own page, hot or cold. */
START_TEST(test_asid_separation)
{
    map_4k(1, HOST_VA + 0x1000, 0x30001000);
    map_4k(2, HOST_VA + 0x1000, 0x50001000);
    for (int i = 0; i < 3; i++) {
        assert_xlate(1, HOST_VA + 0x1ABC, 0x30001ABC, PG_4K);
        assert_xlate(2, HOST_VA + 0x1ABC, 0x50001ABC, PG_4K);
    }
    assert_fault(0, HOST_VA + 0x1ABC);
    unmap_4k(2, HOST_VA + 0x1000);
    invalidate();
    assert_xlate(1, HOST_VA + 0x1ABC, 0x30001ABC, PG_4K);
    assert_fault(2, HOST_VA + 0x1ABC);
}
END_TEST

/* Re-registering an ASID's hop0 (MMU init after a reset) or a chip reset
 * drops the cached translations. */
START_TEST(test_hop0_change_and_reset)
{
    const uint64_t other = 0x10400000;

    map_4k(1, HOST_VA, 0x30000000);
    assert_xlate(1, HOST_VA, 0x30000000, PG_4K);
    /* an empty table as the new hop0 */
    for (unsigned i = 0; i < 512; i++) {
        pte_set(other + 8 * i, 0);
    }
    set_hop0(1, other);
    assert_fault(1, HOST_VA);
    set_hop0(1, HOP0_ADDR(1));
    assert_xlate(1, HOST_VA, 0x30000000, PG_4K);
    /* whole-chip reset (as the driver's hard reset): MMU off, hop0s gone */
    goya_core_reg_write(fh.s, mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    ck_assert(!goya_mmu_enabled(fh.s));
    assert_fault(1, HOST_VA);
}
END_TEST

/* Many pages, mixed sizes, more than any cache holds: every byte's PA is
 * exact, in two passes (cold and warm), and through goya_mem_rw. */
START_TEST(test_mixed_pages_exact)
{
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    const unsigned n4k = 4096, n2m = 64;
    g_autofree uint8_t *buf = g_malloc(PG_4K);

    for (unsigned i = 0; i < n4k; i++) {
        /* reversed, interleaved PAs */
        map_4k(1, HOST_VA + i * PG_4K, 0x30000000 + (n4k - 1 - i) * PG_4K);
    }
    for (unsigned i = 0; i < n2m; i++) {
        map_2m(1, DRAM_VA + i * PG_2M, 0x40000000 + ((i * 7) % n2m) * PG_2M);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < n4k; i++) {
            assert_xlate(1, HOST_VA + i * PG_4K + 8 * (i % 500),
                         0x30000000 + (n4k - 1 - i) * PG_4K + 8 * (i % 500),
                         PG_4K);
        }
        for (unsigned i = 0; i < n2m; i++) {
            assert_xlate(1, DRAM_VA + i * PG_2M + i * 4096 + 5,
                         0x40000000 + ((i * 7) % n2m) * PG_2M + i * 4096 + 5,
                         PG_2M);
        }
    }
    /* data through the translated path lands on the right PAs */
    for (unsigned i = 0; i < 16; i++) {
        memset(buf, 0xA0 + i, PG_4K);
        ck_assert_int_eq(goya_mem_rw(fh.s, &user, HOST_VA + i * PG_4K, buf,
                                     PG_4K, true), GOYA_XFER_OK);
    }
    for (unsigned i = 0; i < 16; i++) {
        uint8_t *p = fh.s->dram + 0x30000000 + (n4k - 1 - i) * PG_4K;

        ck_assert_uint_eq(p[0], 0xA0 + i);
        ck_assert_uint_eq(p[PG_4K - 1], 0xA0 + i);
    }
}
END_TEST

/* A PTE changed without invalidation may still be served from the TLB;
 * after STLB_INV_ALL_START the new value is used.  (What the driver relies
 * on: it always invalidates after changing a present PTE.) */
START_TEST(test_change_visible_after_invalidate)
{
    map_2m(1, DRAM_VA, 0x40000000);
    assert_xlate(1, DRAM_VA + 0x10, 0x40000010, PG_2M);
    map_2m(1, DRAM_VA, 0x60000000);
    invalidate();
    assert_xlate(1, DRAM_VA + 0x10, 0x60000010, PG_2M);
}
END_TEST

/* The driver maps DRAM by rewriting the default-page leaf (present) with
 * no invalidation: a BAR4 PTE write must not leave a stale entry. */
START_TEST(test_default_page_replaced_by_map)
{
    map_2m(1, DRAM_VA, 0x1FC00000);                 /* default page */
    assert_xlate(1, DRAM_VA + 0x40, 0x1FC00040, PG_2M);
    map_2m(1, DRAM_VA, 0x20000000);                 /* MAP, no INV */
    assert_xlate(1, DRAM_VA + 0x40, 0x20000040, PG_2M);
    map_2m(1, DRAM_VA, 0x1FC00000);                 /* UNMAP, then INV */
    invalidate();
    assert_xlate(1, DRAM_VA + 0x40, 0x1FC00040, PG_2M);
}
END_TEST

/* Repeated translations of one page are served by the cache. */
START_TEST(test_hits_counted)
{
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    uint64_t hits, misses, v;

    map_4k(1, HOST_VA + 0x7000, 0x30007000);
    map_2m(1, DRAM_VA + PG_2M, 0x40000000);
    assert_xlate(1, HOST_VA + 0x7000, 0x30007000, PG_4K);
    assert_xlate(1, DRAM_VA + PG_2M, 0x40000000, PG_2M);
    hits = fh.s->tlb_hits;
    misses = fh.s->tlb_misses;
    for (unsigned i = 0; i < 100; i++) {
        ck_assert_int_eq(goya_mem_rw(fh.s, &user, HOST_VA + 0x7000 + 8 * i,
                                     &v, 8, false), GOYA_XFER_OK);
        /* anywhere in the 2 MiB page: one entry covers it */
        ck_assert_int_eq(goya_mem_rw(fh.s, &user,
                                     DRAM_VA + PG_2M + 0x1000 * i, &v, 8,
                                     false), GOYA_XFER_OK);
    }
    ck_assert_uint_eq(fh.s->tlb_hits - hits, 200);
    ck_assert_uint_eq(fh.s->tlb_misses, misses);
    invalidate();
    assert_xlate(1, HOST_VA + 0x7000, 0x30007000, PG_4K);
    ck_assert_uint_eq(fh.s->tlb_misses, misses + 1);
}
END_TEST

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double copy_rate(const GoyaInitiator *who, uint64_t dst, uint64_t src,
                        uint64_t len)
{
    uint64_t fault = 0;
    double t0 = now_s();

    ck_assert_int_eq(goya_mem_copy(fh.s, who, dst, src, len, &fault),
                     GOYA_XFER_OK);
    return len / (now_s() - t0) / 1e6;
}

/* 256 MiB DRAM -> DRAM: physical, through 2 MiB pages, through 4 KiB
 * pages.  Figures only (printed, never asserted). */
START_TEST(test_bench_256m)
{
    const uint64_t len = 256ull << 20, src = 0x40000000, dst = 0x60000000;
    GoyaInitiator phys = { .translate = false, .asid = 1, .qman = 0 };
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    double r_phys, r_2m, r_4k;

    for (uint64_t off = 0; off < len; off += PG_2M) {
        map_2m(1, DRAM_VA + off, src + off);
        map_2m(1, DRAM_VA + len + off, dst + off);
    }
    for (uint64_t off = 0; off < len; off += PG_4K) {
        map_4k(1, HOST_VA + off, src + off);
        map_4k(1, HOST_VA + len + off, dst + off);
    }
    memset(fh.s->dram + src, 0x5A, len);
    memset(fh.s->dram + dst, 0, len);       /* back the destination */
    copy_rate(&phys, dst, src, len);        /* warm up */
    r_phys = copy_rate(&phys, dst, src, len);
    r_2m = copy_rate(&user, DRAM_VA + len, DRAM_VA, len);
    r_4k = copy_rate(&user, HOST_VA + len, HOST_VA, len);
    ck_assert_int_eq(memcmp(fh.s->dram + dst, fh.s->dram + src, 4096), 0);
    printf("figure: 256 MiB DRAM->DRAM: physical %.0f MB/s, 2 MiB pages "
           "%.0f MB/s (%.2fx), 4 KiB pages %.0f MB/s (%.2fx)\n", r_phys,
           r_2m, r_2m / r_phys, r_4k, r_4k / r_phys);
}
END_TEST

/* 8-byte reads walking through 16 MiB of 4 KiB pages, as a QMAN fetches
 * packet headers from a CB: translated vs physical.  Figures only. */
START_TEST(test_bench_small_reads)
{
    const uint64_t len = 16ull << 20, pa = 0x30000000;
    GoyaInitiator phys = { .translate = false, .asid = 1, .qman = 0 };
    GoyaInitiator user = { .translate = true, .asid = 1, .qman = 0 };
    uint64_t v, sum = 0;
    unsigned errs = 0;
    double t0, t_phys, t_va;

    for (uint64_t off = 0; off < len; off += PG_4K) {
        map_4k(1, HOST_VA + off, pa + off);
    }
    memset(fh.s->dram + pa, 1, len);
    t0 = now_s();
    for (uint64_t off = 0; off < len; off += 8) {
        /* no ck_assert in the loop: Check writes a pipe per assertion */
        errs += goya_mem_rw(fh.s, &phys, pa + off, &v, 8, false) !=
                GOYA_XFER_OK;
        sum += v;
    }
    t_phys = now_s() - t0;
    t0 = now_s();
    for (uint64_t off = 0; off < len; off += 8) {
        errs += goya_mem_rw(fh.s, &user, HOST_VA + off, &v, 8, false) !=
                GOYA_XFER_OK;
        sum -= v;
    }
    t_va = now_s() - t0;
    ck_assert_uint_eq(errs, 0);
    ck_assert_uint_eq(sum, 0);
    printf("figure: 2M 8-byte reads over 4 KiB pages: physical %.1f ns, "
           "translated %.1f ns per read (%.2fx)\n", t_phys / (len / 8) * 1e9,
           t_va / (len / 8) * 1e9, t_phys / t_va);
}
END_TEST

static Suite *tlb_suite(void)
{
    Suite *s = suite_create("goya_mmu_tlb");
    TCase *tc = tcase_create("tlb");

    tcase_add_checked_fixture(tc, tlb_setup, tlb_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_no_negative_caching);
    tcase_add_test(tc, test_invalidate_on_unmap);
    tcase_add_test(tc, test_asid_separation);
    tcase_add_test(tc, test_hop0_change_and_reset);
    tcase_add_test(tc, test_mixed_pages_exact);
    tcase_add_test(tc, test_change_visible_after_invalidate);
    tcase_add_test(tc, test_default_page_replaced_by_map);
    tcase_add_test(tc, test_hits_counted);
    tcase_add_test(tc, test_bench_256m);
    tcase_add_test(tc, test_bench_small_reads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tlb_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
