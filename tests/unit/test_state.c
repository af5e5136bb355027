/*
 * Unit tests of the migration helpers (goya_state.c, goya_fw_get_state()/
 * goya_fw_set_state()): firmware state round trip with timers re-based on
 * the loading side's clock, the timestamp counter continuing from its
 * saved value, the TLB flushed on load, and out-of-range values refused
 * without touching the device.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"

#define MS                  1000000ull
#define CNTCR               0xC49000u       /* mmPSOC_TIMESTAMP_CNTCR */
#define CNTCVL              0xC49008u       /* mmPSOC_TIMESTAMP_CNTCVL */

/* Boot until the fw has run its Linux: the queues are not up yet. */
static void boot_some(void)
{
    fake_advance(20 * MS);
}

START_TEST(test_fw_roundtrip)
{
    GoyaFwState a, b;
    char *err = NULL;
    uint64_t left;

    boot_some();
    goya_fw_get_state(fh.s->fw, &a);
    ck_assert_uint_le(a.step_left_ns, 60ull * 1000 * MS);
    left = a.step_left_ns;
    /* "destination": much later clock, same state */
    fh.now += 1000 * MS;
    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, &a, &err), 0);
    ck_assert_ptr_null(err);
    goya_fw_get_state(fh.s->fw, &b);
    ck_assert_uint_eq(b.step_left_ns, left);
    ck_assert_int_eq(memcmp(a.scratch, b.scratch, sizeof(a.scratch)), 0);
    ck_assert_uint_eq(a.boot_status, b.boot_status);
    ck_assert_uint_eq(a.step, b.step);
    /* re-armed on the new clock */
    if (a.step) {
        ck_assert_uint_eq(fh.fw_deadline, fh.now + left);
    }
}
END_TEST

START_TEST(test_fw_refuses_bad_state)
{
    GoyaFwState good, bad;
    char *err = NULL;

    boot_some();
    goya_fw_get_state(fh.s->fw, &good);

    bad = good;
    bad.step = 1000;
    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, &bad, &err), -1);
    ck_assert_ptr_nonnull(err);
    g_free(err);
    err = NULL;

    bad = good;
    bad.queues_up = true;
    bad.pq_entries = 3;             /* not a power of two */
    bad.eq_entries = 64;
    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, &bad, &err), -1);
    g_free(err);
    err = NULL;

    bad = good;
    bad.queues_up = true;
    bad.pq_entries = 16;
    bad.eq_entries = 64;
    bad.eq_pi = 64;                 /* out of the ring */
    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, &bad, &err), -1);
    g_free(err);
    err = NULL;

    bad = good;
    bad.step_left_ns = UINT64_MAX;
    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, &bad, &err), -1);
    g_free(err);
    err = NULL;

    /* nothing was applied: the state is still the good one */
    goya_fw_get_state(fh.s->fw, &bad);
    ck_assert_uint_eq(bad.step, good.step);
    ck_assert_uint_eq(bad.boot_status, good.boot_status);
}
END_TEST

/*
 * Events held while the EQ is full and injected faults travel with the
 * state (the fw-held-events and fw-injected-faults subsections of goya.c).
 * Literal ids: 509/510 are FIX_THERMAL_ENV_S/_E of goya_async_events.h;
 * 56 is the payload size of a 64-byte hl_eq_entry; 256 held events at most.
 */
static void assert_refused(const GoyaFwState *bad)
{
    char *err = NULL;

    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, bad, &err), -1);
    ck_assert_ptr_nonnull(err);
    g_free(err);
}

START_TEST(test_fw_held_and_injected)
{
    GoyaFwState a, b, bad;
    char *err = NULL;

    boot_some();
    goya_fw_inject_hang(fh.s->fw);
    goya_fw_inject_pkt_errors(fh.s->fw, 3, 2);
    goya_fw_inject_fit_corrupt(fh.s->fw, 2);
    goya_fw_inject_boot_err(fh.s->fw, true, 0x1);
    goya_fw_get_state(fh.s->fw, &a);
    ck_assert(a.inj.hang);
    ck_assert_uint_eq(a.inj.pkt_errors, 3);
    ck_assert_uint_eq(a.inj.pkt_rc, 2);
    ck_assert_uint_eq(a.inj.fit_corrupt, 2);
    ck_assert_uint_eq(a.inj.boot_err1, 0x1);
    ck_assert_uint_eq(a.eq_held_n, 0);
    a.eq_held_n = 2;
    a.eq_held_id[0] = 509;
    a.eq_held_len[0] = 0;
    a.eq_held_id[1] = 510;
    a.eq_held_len[1] = 8;
    memset(&a.eq_held_data[56], 0xa5, 8);

    /* "destination": nothing injected, nothing held, then the load */
    goya_fw_inject_clear(fh.s->fw);
    ck_assert_int_eq(goya_fw_set_state(fh.s->fw, &a, &err), 0);
    ck_assert_ptr_null(err);
    goya_fw_get_state(fh.s->fw, &b);
    ck_assert(b.inj.hang);
    ck_assert_uint_eq(b.inj.pkt_errors, 3);
    ck_assert_uint_eq(b.inj.pkt_rc, 2);
    ck_assert_uint_eq(b.inj.fit_corrupt, 2);
    ck_assert_uint_eq(b.inj.boot_err1, 0x1);
    ck_assert_uint_eq(b.eq_held_n, 2);
    ck_assert_uint_eq(b.eq_held_id[0], 509);
    ck_assert_uint_eq(b.eq_held_id[1], 510);
    ck_assert_uint_eq(b.eq_held_len[1], 8);
    ck_assert_int_eq(memcmp(&b.eq_held_data[56], &a.eq_held_data[56], 8), 0);

    bad = a;
    bad.eq_held_n = 257;
    assert_refused(&bad);
    bad = a;
    bad.eq_held_len[1] = 57;
    assert_refused(&bad);
    bad = a;
    bad.eq_held_id[1] = 0xffff;
    assert_refused(&bad);
    bad = a;
    bad.inj.stuck = 4;
    assert_refused(&bad);
    bad = a;
    bad.inj.fit_corrupt = 4;
    assert_refused(&bad);
}
END_TEST

START_TEST(test_core_post_load)
{
    GoyaCore *s = fh.s;
    uint64_t gen = s->tlb_generation;
    char *err = NULL;
    uint64_t ts;

    /* timestamp counting from 1000 ticks */
    wreg(CNTCVL, 1000);
    wreg(CNTCR, 1);
    fh.now += 20 * 50;              /* 50 ticks of 20 ns */
    ts = goya_core_ts_value(s);
    ck_assert_uint_eq(ts, 1050);
    /* load on a host whose clock is far ahead: continues from 1050 */
    fh.now += 123456789;
    ck_assert_int_eq(goya_core_post_load(s, ts, &err), 0);
    ck_assert_uint_eq(goya_core_ts_value(s), 1050);
    fh.now += 20 * 10;
    ck_assert_uint_eq(goya_core_ts_value(s), 1060);
    ck_assert_uint_eq(s->tlb_generation, gen + 1);

    /* out-of-range values a stream could carry */
    s->qman[0].fence_id = 4;
    ck_assert_int_eq(goya_core_post_load(s, 0, &err), -1);
    ck_assert_ptr_nonnull(err);
    g_free(err);
    err = NULL;
    s->qman[0].fence_id = 0;
    s->qman[1].cb_len = 16;
    s->qman[1].cb_off = 24;
    ck_assert_int_eq(goya_core_post_load(s, 0, &err), -1);
    g_free(err);
    err = NULL;
    s->qman[1].cb_off = 0;
    s->qman[2].dma_size = 100;
    s->qman[2].dma_done = 101;
    ck_assert_int_eq(goya_core_post_load(s, 0, &err), -1);
    g_free(err);
    err = NULL;
    s->qman[2].dma_done = 0;
    s->rr_next = GOYA_NUM_QMANS;
    ck_assert_int_eq(goya_core_post_load(s, 0, &err), -1);
    g_free(err);
    err = NULL;
    s->rr_next = 0;
    ck_assert_int_eq(goya_core_post_load(s, 0, &err), 0);
}
END_TEST

static Suite *state_suite(void)
{
    Suite *s = suite_create("goya_state");
    TCase *tc = tcase_create("state");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, fake_host_setup, fake_host_teardown);
    tcase_add_test(tc, test_fw_roundtrip);
    tcase_add_test(tc, test_fw_refuses_bad_state);
    tcase_add_test(tc, test_fw_held_and_injected);
    tcase_add_test(tc, test_core_post_load);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(state_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
