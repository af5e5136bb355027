/*
 * Unit tests of the Goya sync manager model (goya_sync.c) against the
 * formats of the driver contract §17.1 (the vendor's public Goya userspace
 * headers plus silicon observations; docs/fidelity.md "Sync manager").
 * Every register offset and every SOB/monitor word below is a literal
 * taken from §17.1, never the model's macros:
 *   SOB_OBJ_k 0x112000 + 4k; MON_PAY_ADDRL/ADDRH/DATA/ARM/STATUS_m at
 *   0x113000/0x113400/0x113800/0x113C00/0x114000 + 4m;
 *   SOB update: 15:0 value, 31 add (else set);
 *   MON_ARM: 9:0 SOB id, 15 mode (0 >=, 1 ==), 31:16 value.
 * MON_STATUS bit 0 (armed) and the RAZWI flag of a bad payload are the
 * model's own choices (no source); those tests say so.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"

#define SOB(n)              (0x112000u + 4 * (n))
#define MON_PAY_ADDRL(m)    (0x113000u + 4 * (m))
#define MON_PAY_ADDRH(m)    (0x113400u + 4 * (m))
#define MON_PAY_DATA(m)     (0x113800u + 4 * (m))
#define MON_ARM(m)          (0x113C00u + 4 * (m))
#define MON_STATUS(m)       (0x114000u + 4 * (m))
#define CFG                 0x7FFC000000ull     /* CFG space, device view */
/* DMA QMAN 1's CP_FENCE0_RDATA / CP_FENCE0_CNT (driver's dma_qm_1_regs.h) */
#define FENCE0_RDATA        0x408158u
#define FENCE0_CNT          0x408168u
#define RAZWI_LBW_WT_VLD    0x4B013Cu

/* Monitor @m pays a fence increment to DMA QMAN 1's fence 0 when fired. */
static void mon_to_fence(unsigned m)
{
    wreg(MON_PAY_ADDRL(m), (uint32_t)(CFG + FENCE0_RDATA));
    wreg(MON_PAY_ADDRH(m), (CFG + FENCE0_RDATA) >> 32);
    wreg(MON_PAY_DATA(m), 1);
}

static uint32_t fired(void)
{
    return rreg(FENCE0_CNT);
}

START_TEST(test_sob_update_format)
{
    wreg(SOB(3), 0x00000005);                   /* set 5 */
    ck_assert_uint_eq(rreg(SOB(3)), 5);
    wreg(SOB(3), 0x80000001);                   /* add 1 */
    ck_assert_uint_eq(rreg(SOB(3)), 6);
    wreg(SOB(3), 0x80000100);                   /* add 0x100 */
    ck_assert_uint_eq(rreg(SOB(3)), 0x106);
    wreg(SOB(3), 0x0000FFFF);                   /* 16-bit value */
    ck_assert_uint_eq(rreg(SOB(3)), 0xFFFF);
    wreg(SOB(3), 0x80000002);                   /* wraps at 16 bits */
    ck_assert_uint_eq(rreg(SOB(3)), 1);
    wreg(SOB(3), 0x00008000);                   /* bit 15 is value */
    ck_assert_uint_eq(rreg(SOB(3)), 0x8000);
    wreg(SOB(3), 0x00000000);
    ck_assert_uint_eq(rreg(SOB(3)), 0);
    ck_assert_uint_eq(rreg(SOB(2)), 0);         /* neighbours untouched */
    ck_assert_uint_eq(rreg(SOB(4)), 0);
    wreg(SOB(1023), 0x80000007);                /* the last SOB */
    ck_assert_uint_eq(rreg(SOB(1023)), 7);
}
END_TEST

/* 0x0001_8005: SOB 5, mode equal, value 1 (the §17.1 example) */
START_TEST(test_arm_equal)
{
    mon_to_fence(0);
    wreg(MON_ARM(0), 0x00018005);
    ck_assert_uint_eq(fired(), 0);              /* SOB 5 is 0 */
    ck_assert_uint_eq(rreg(MON_STATUS(0)) & 1, 1);
    wreg(SOB(4), 0x80000001);                   /* other SOBs: nothing */
    wreg(SOB(6), 0x80000001);
    ck_assert_uint_eq(fired(), 0);
    wreg(SOB(5), 0x80000001);
    ck_assert_uint_eq(fired(), 1);
    ck_assert_uint_eq(rreg(MON_STATUS(0)) & 1, 0);     /* disarmed */
    wreg(SOB(5), 0x00000001);
    ck_assert_uint_eq(fired(), 1);              /* fires once */
    /* equal, not >=: SOB 5 = 2 does not satisfy {5, ==, 1} */
    wreg(SOB(5), 0x00000002);
    wreg(MON_ARM(0), 0x00018005);
    ck_assert_uint_eq(fired(), 1);
    wreg(SOB(5), 0x80000001);                   /* 3: still not */
    ck_assert_uint_eq(fired(), 1);
    wreg(SOB(5), 0x00000001);
    ck_assert_uint_eq(fired(), 2);
}
END_TEST

/* 0x0003_0007: SOB 7, mode >=, value 3 */
START_TEST(test_arm_greater_equal)
{
    mon_to_fence(1);
    wreg(MON_ARM(1), 0x00030007);
    wreg(SOB(7), 0x00000002);
    ck_assert_uint_eq(fired(), 0);
    wreg(SOB(7), 0x80000002);                   /* 4 > 3 fires too */
    ck_assert_uint_eq(fired(), 1);
    ck_assert_uint_eq(rreg(MON_STATUS(1)) & 1, 0);
}
END_TEST

/* 0xFFFF_03FF: SOB 1023, mode >=, value 0xFFFF (full 16-bit value) */
START_TEST(test_arm_16bit_value_and_last_sob)
{
    mon_to_fence(255);
    wreg(MON_ARM(255), 0xFFFF03FF);
    wreg(SOB(1023), 0x0000FFFE);
    ck_assert_uint_eq(fired(), 0);
    wreg(SOB(1023), 0x80000001);
    ck_assert_uint_eq(fired(), 1);
}
END_TEST

/*
 * 0x0001_000A watches SOB 10 alone (>= 1).  Read as Gaudi's layout it
 * would be group 10, mask 0 (SOBs 80..87), value 0 -- true at once.
 */
START_TEST(test_arm_watches_one_sob)
{
    mon_to_fence(2);
    wreg(MON_ARM(2), 0x0001000A);
    ck_assert_uint_eq(fired(), 0);
    wreg(SOB(11), 0x00000001);
    wreg(SOB(8), 0x00000001);
    wreg(SOB(80), 0x00000001);
    ck_assert_uint_eq(fired(), 0);
    wreg(SOB(10), 0x80000001);
    ck_assert_uint_eq(fired(), 1);
}
END_TEST

/* The condition already holds when the monitor is armed. */
START_TEST(test_arm_already_satisfied)
{
    wreg(SOB(16), 0x00000009);
    mon_to_fence(3);
    wreg(MON_ARM(3), 0x00090010);               /* SOB 16 >= 9 */
    ck_assert_uint_eq(fired(), 1);
    ck_assert_uint_eq(rreg(MON_STATUS(3)) & 1, 0);
    wreg(MON_ARM(3), 0x00098010);               /* SOB 16 == 9 */
    ck_assert_uint_eq(fired(), 2);
}
END_TEST

START_TEST(test_payload_to_host)
{
    uint64_t pci = 0x3000;

    fake_ram_wr32(pci, 0);
    wreg(MON_PAY_ADDRL(5), (uint32_t)(HOST_PHYS_BASE + pci));
    wreg(MON_PAY_ADDRH(5), (HOST_PHYS_BASE + pci) >> 32);
    wreg(MON_PAY_DATA(5), 0xC0FFEE);
    wreg(MON_ARM(5), 0x0001001F);               /* SOB 31 >= 1 */
    wreg(SOB(31), 0x80000001);
    ck_assert_uint_eq(fake_ram_rd32(pci), 0xC0FFEE);
}
END_TEST

/* A payload that adds to another SOB fires a second monitor (no recursion) */
START_TEST(test_payload_chains_monitors)
{
    wreg(MON_PAY_ADDRL(8), (uint32_t)(CFG + SOB(41)));
    wreg(MON_PAY_ADDRH(8), (CFG + SOB(41)) >> 32);
    wreg(MON_PAY_DATA(8), 0x80000001);
    wreg(MON_ARM(8), 0x00018028);               /* SOB 40 == 1 */
    mon_to_fence(9);
    wreg(MON_ARM(9), 0x00018029);               /* SOB 41 == 1 */
    wreg(SOB(40), 0x80000001);
    ck_assert_uint_eq(rreg(SOB(41)), 1);
    ck_assert_uint_eq(fired(), 1);
}
END_TEST

START_TEST(test_self_rearming_monitor_is_bounded)
{
    /* SOB 0 >= 0 always holds; the payload re-arms the monitor. */
    wreg(MON_PAY_ADDRL(6), (uint32_t)(CFG + MON_ARM(6)));
    wreg(MON_PAY_ADDRH(6), (CFG + MON_ARM(6)) >> 32);
    wreg(MON_PAY_DATA(6), 0x00000000);
    wreg(MON_ARM(6), 0x00000000);       /* returns: the fires are capped */
    /* The device goes on: a normal monitor still works afterwards. */
    mon_to_fence(7);
    wreg(MON_ARM(7), 0x00010020);               /* SOB 32 >= 1 */
    wreg(SOB(32), 0x80000001);
    ck_assert_uint_ge(fired(), 1);
}
END_TEST

/* Model's choice (no source): dropped, flagged as an LBW write RAZWI. */
START_TEST(test_payload_to_nothing)
{
    wreg(MON_PAY_ADDRL(10), 0xF8000000);        /* 0x7F_F800_0000: hole */
    wreg(MON_PAY_ADDRH(10), 0x0000007F);        /* between SRAM and CFG */
    wreg(MON_PAY_DATA(10), 1);
    wreg(MON_ARM(10), 0x00010030);              /* SOB 48 >= 1 */
    wreg(SOB(48), 0x80000001);
    ck_assert_uint_eq(rreg(MON_STATUS(10)) & 1, 0);
    ck_assert_uint_eq(rreg(RAZWI_LBW_WT_VLD), 1);
    mon_to_fence(11);
    wreg(MON_ARM(11), 0x00010030);
    ck_assert_uint_eq(fired(), 1);
}
END_TEST

/* Model's choice (no source): MON_STATUS bit 0 = armed; a write disarms. */
START_TEST(test_status_write_disarms_only)
{
    mon_to_fence(12);
    wreg(MON_ARM(12), 0x00010040);              /* SOB 64 >= 1 */
    ck_assert_uint_eq(rreg(MON_STATUS(12)) & 1, 1);
    wreg(MON_STATUS(12), 0);
    ck_assert_uint_eq(rreg(MON_STATUS(12)) & 1, 0);
    wreg(SOB(64), 0x80000001);
    ck_assert_uint_eq(fired(), 0);
    wreg(MON_STATUS(12), 1);                    /* cannot arm */
    ck_assert_uint_eq(rreg(MON_STATUS(12)) & 1, 0);
    ck_assert_uint_eq(fired(), 0);
}
END_TEST

static Suite *sync_suite(void)
{
    Suite *s = suite_create("sync");
    TCase *tc = tcase_create("sync");

    tcase_add_checked_fixture(tc, fake_host_setup, fake_host_teardown);
    tcase_add_test(tc, test_sob_update_format);
    tcase_add_test(tc, test_arm_equal);
    tcase_add_test(tc, test_arm_greater_equal);
    tcase_add_test(tc, test_arm_16bit_value_and_last_sob);
    tcase_add_test(tc, test_arm_watches_one_sob);
    tcase_add_test(tc, test_arm_already_satisfied);
    tcase_add_test(tc, test_payload_to_host);
    tcase_add_test(tc, test_payload_chains_monitors);
    tcase_add_test(tc, test_self_rearming_monitor_is_bounded);
    tcase_add_test(tc, test_payload_to_nothing);
    tcase_add_test(tc, test_status_write_disarms_only);
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
