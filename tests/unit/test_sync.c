/*
 * Unit tests of the Goya sync manager model (goya_sync.c): SOB set/add,
 * monitors in >= and == mode over one or several SOBs of a group, payloads
 * into a QMAN fence counter and into host memory, arming an already
 * satisfied monitor, and a monitor whose payload re-arms itself (bounded).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"

#define SOB(n)              (mmSYNC_MNGR_SOB_OBJ_0 + 4 * (n))
#define MON_PAY_ADDRL(m)    (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 4 * (m))
#define MON_PAY_ADDRH(m)    (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 0x400 + 4 * (m))
#define MON_PAY_DATA(m)     (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 0x800 + 4 * (m))
#define MON_ARM(m)          (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 0xC00 + 4 * (m))
#define MON_STATUS(m)       (mmSYNC_MNGR_MON_STATUS_0 + 4 * (m))
#define SOB_ADD             0x80000000u
#define FENCE0_RDATA        (mmDMA_QM_0_CP_FENCE0_RDATA + DMA_QM_STRIDE)
#define FENCE0_CNT          (mmDMA_QM_0_CP_FENCE0_CNT + DMA_QM_STRIDE)

/* MON_ARM: group 7:0, mask 15:8 (0 = SOB selected), mode 16, value 31:17 */
static uint32_t arm_val(unsigned gid, uint8_t selected, bool eq, unsigned v)
{
    return gid | (uint32_t)(uint8_t)~selected << 8 | (eq ? 1u << 16 : 0) |
           v << 17;
}

/* Monitor @m pays a fence increment to DMA QMAN 1's fence 0 when fired. */
static void mon_to_fence(unsigned m)
{
    wreg(MON_PAY_ADDRL(m), (uint32_t)(CFG_BASE + FENCE0_RDATA));
    wreg(MON_PAY_ADDRH(m), (CFG_BASE + FENCE0_RDATA) >> 32);
    wreg(MON_PAY_DATA(m), 1);
}

START_TEST(test_sob_set_and_add)
{
    wreg(SOB(3), 5);
    ck_assert_uint_eq(rreg(SOB(3)), 5);
    wreg(SOB(3), SOB_ADD | 3);
    ck_assert_uint_eq(rreg(SOB(3)), 8);
    wreg(SOB(3), 0x7FFF);
    wreg(SOB(3), SOB_ADD | 2);
    ck_assert_uint_eq(rreg(SOB(3)), 1);         /* 15-bit value wraps */
    wreg(SOB(3), 0xFFFF);
    ck_assert_uint_eq(rreg(SOB(3)), 0x7FFF);    /* set keeps 14:0 */
    ck_assert_uint_eq(rreg(SOB(4)), 0);         /* neighbours untouched */
}
END_TEST

START_TEST(test_monitor_ge_fires_once)
{
    mon_to_fence(0);
    wreg(MON_ARM(0), arm_val(0, 1u << 2, false, 3));       /* SOB 2 >= 3 */
    ck_assert_uint_eq(rreg(MON_STATUS(0)) & 1, 1);
    wreg(SOB(2), 2);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 0);
    wreg(SOB(2), SOB_ADD | 1);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 1);
    ck_assert_uint_eq(rreg(MON_STATUS(0)) & 1, 0);         /* disarmed */
    wreg(SOB(2), SOB_ADD | 1);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 1);                /* only once */
}
END_TEST

START_TEST(test_monitor_eq_mode)
{
    mon_to_fence(1);
    wreg(MON_ARM(1), arm_val(1, 1u << 0, true, 4));        /* SOB 8 == 4 */
    wreg(SOB(8), 5);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 0);
    wreg(SOB(8), 4);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 1);
}
END_TEST

START_TEST(test_monitor_needs_all_selected)
{
    mon_to_fence(2);
    wreg(MON_ARM(2), arm_val(0, 0x03, false, 1));          /* SOB 0 and 1 */
    wreg(SOB(0), 1);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 0);
    wreg(SOB(5), 1);                                        /* not selected */
    ck_assert_uint_eq(rreg(FENCE0_CNT), 0);
    wreg(SOB(1), 1);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 1);
}
END_TEST

START_TEST(test_arm_already_satisfied)
{
    wreg(SOB(16), 9);
    mon_to_fence(3);
    wreg(MON_ARM(3), arm_val(2, 1u << 0, false, 9));
    ck_assert_uint_eq(rreg(FENCE0_CNT), 1);
    ck_assert_uint_eq(rreg(MON_STATUS(3)) & 1, 0);
}
END_TEST

START_TEST(test_no_sob_selected_never_fires)
{
    mon_to_fence(4);
    wreg(MON_ARM(4), arm_val(0, 0, false, 0));
    wreg(SOB(0), 1);
    ck_assert_uint_eq(rreg(FENCE0_CNT), 0);
    ck_assert_uint_eq(rreg(MON_STATUS(4)) & 1, 1);
}
END_TEST

START_TEST(test_payload_to_host)
{
    uint64_t pci = 0x3000;

    fake_ram_wr32(pci, 0);
    wreg(MON_PAY_ADDRL(5), (uint32_t)(HOST_PHYS_BASE + pci));
    wreg(MON_PAY_ADDRH(5), (HOST_PHYS_BASE + pci) >> 32);
    wreg(MON_PAY_DATA(5), 0xC0FFEE);
    wreg(MON_ARM(5), arm_val(3, 1u << 7, false, 1));       /* SOB 31 */
    wreg(SOB(31), 1);
    ck_assert_uint_eq(fake_ram_rd32(pci), 0xC0FFEE);
}
END_TEST

START_TEST(test_self_rearming_monitor_is_bounded)
{
    uint32_t arm = arm_val(0, 1u << 0, false, 0);          /* always true */

    /* Its payload writes its own MON_ARM: it would fire forever. */
    wreg(MON_PAY_ADDRL(6), (uint32_t)(CFG_BASE + MON_ARM(6)));
    wreg(MON_PAY_ADDRH(6), (CFG_BASE + MON_ARM(6)) >> 32);
    wreg(MON_PAY_DATA(6), arm);
    wreg(MON_ARM(6), arm);                  /* returns: the fires are capped */
    /* The device goes on: a normal monitor still works afterwards. */
    mon_to_fence(7);
    wreg(MON_ARM(7), arm_val(4, 1u << 0, false, 1));
    wreg(SOB(32), 1);
    ck_assert_uint_ge(rreg(FENCE0_CNT), 1);
}
END_TEST

static Suite *sync_suite(void)
{
    Suite *s = suite_create("sync");
    TCase *tc = tcase_create("sync");

    tcase_add_checked_fixture(tc, fake_host_setup, fake_host_teardown);
    tcase_add_test(tc, test_sob_set_and_add);
    tcase_add_test(tc, test_monitor_ge_fires_once);
    tcase_add_test(tc, test_monitor_eq_mode);
    tcase_add_test(tc, test_monitor_needs_all_selected);
    tcase_add_test(tc, test_arm_already_satisfied);
    tcase_add_test(tc, test_no_sob_selected_never_fires);
    tcase_add_test(tc, test_payload_to_host);
    tcase_add_test(tc, test_self_rearming_monitor_is_bounded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sync_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
