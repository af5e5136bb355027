/*
 * Unit tests of the coresight model (qemu-hw/goya_coresight.c): the
 * register sequences of the 6.1 driver's goya/goya_coresight.c, with the
 * literal offsets and values that file uses, must never time out, and an
 * STM -> ETR session must leave trace frames in the ETR buffer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"

/* CFG offsets (driver's mm*_BASE - CFG_BASE 0x7FFC000000) */
#define PSOC_ETF        0x2C44000u      /* mmPSOC_ETF_BASE */
#define TPC7_ETF        0x3E02000u      /* mmTPC7_EML_ETF_BASE */
#define PSOC_STM        0x2C41000u      /* mmPSOC_STM_BASE */
#define ETR_RSZ         0x2C43004u
#define ETR_STS         0x2C4300Cu
#define ETR_RWP         0x2C43018u
#define ETR_CTL         0x2C43020u
#define ETR_MODE        0x2C43028u
#define ETR_RWPHI       0x2C4303Cu
#define ETR_DBALO       0x2C43118u
#define ETR_DBAHI       0x2C4311Cu
#define ETR_FFCR        0x2C43304u
#define ETR_LAR         0x2C43FB0u
#define PSOC_AWUSER     0xC01D10u       /* mmPCIE_WRAP_PSOC_AWUSER */
#define UNLOCK          0xC5ACCE55u     /* CORESIGHT_UNLOCK */

static uint32_t rd(uint32_t reg)
{
    return goya_core_reg_read(fh.s, reg);
}

static void wr(uint32_t reg, uint32_t val)
{
    goya_core_reg_write(fh.s, reg, val);
}

/* hl_poll_timeout() with 1 ms steps, 100 ms (CORESIGHT_TIMEOUT_USEC) */
static bool wait_bit(uint32_t reg, int bit, bool up)
{
    for (int i = 0; i <= 100; i++) {
        if (!!(rd(reg) & (1u << bit)) == up) {
            return true;
        }
        fake_advance(1000000);
    }
    return false;
}

/* goya_config_etf()/goya_config_etr() prologue: flush and stop */
static bool tmc_flush(uint32_t ffcr, uint32_t sts, uint32_t lar)
{
    uint32_t val;

    wr(lar, UNLOCK);
    val = rd(ffcr) | 0x1000;
    wr(ffcr, val);
    val |= 0x40;
    wr(ffcr, val);
    return wait_bit(ffcr, 6, false) && wait_bit(sts, 2, true);
}

START_TEST(test_etf_flush)
{
    static const uint32_t etf[] = { PSOC_ETF, TPC7_ETF };

    for (unsigned i = 0; i < G_N_ELEMENTS(etf); i++) {
        uint32_t b = etf[i];

        /* idle unit (halt at context close) */
        ck_assert(tmc_flush(b + 0x304, b + 0xC, b + 0xFB0));
        /* enable: CTL=1 while capturing -> not ready until flushed */
        wr(b + 0x20, 0);
        wr(b + 0x34, 0x3FFC);
        wr(b + 0x28, 0);
        wr(b + 0x304, 0x4001);
        wr(b + 0x308, 0xA);
        wr(b + 0x20, 1);
        ck_assert_uint_eq(rd(b + 0xC) & 4, 0);
        /* disable / halt */
        ck_assert(tmc_flush(b + 0x304, b + 0xC, b + 0xFB0));
        ck_assert_uint_eq(rd(b + 0x304) & 0x40, 0);
        wr(b + 0x20, 0);
        ck_assert_uint_eq(rd(b + 0xC) & 4, 4);
    }
}
END_TEST

START_TEST(test_stm_not_busy)
{
    wr(PSOC_STM + 0xFB0, UNLOCK);
    wr(PSOC_STM + 0xE80, 0x27 | (0x21 << 16));
    wr(PSOC_STM + 0xE80, 4);
    ck_assert(wait_bit(PSOC_STM + 0xE80, 23, false));
}
END_TEST

START_TEST(test_etr_session)
{
    const uint64_t buf = 0x20000000;    /* physical DRAM (MMBP set) */
    const uint32_t size = 0x10000;
    uint8_t *mem = fh.s->dram + buf;
    uint64_t rwp;

    wr(PSOC_AWUSER, 1u << 10);          /* MMBP: untranslated */
    memset(mem, 0, size);
    /* goya_config_etr(enable) */
    ck_assert(tmc_flush(ETR_FFCR, ETR_STS, ETR_LAR));
    wr(ETR_CTL, 0);
    wr(ETR_RSZ, size);
    wr(ETR_MODE, 0);
    wr(ETR_DBALO, (uint32_t)buf);
    wr(ETR_DBAHI, buf >> 32);
    wr(ETR_FFCR, 3);
    wr(ETR_CTL, 1);
    /* goya_config_stm(enable, he_mask 0xA5A5F00D, id 0x21) */
    wr(PSOC_STM + 0xD00, 0xA5A5F00D);
    wr(PSOC_STM + 0xE80, 0x27 | (0x21 << 16));
    /* goya_config_stm(disable), goya_config_etr(disable) */
    wr(PSOC_STM + 0xE80, 4);
    ck_assert(tmc_flush(ETR_FFCR, ETR_STS, ETR_LAR));
    wr(ETR_CTL, 0);
    rwp = (uint64_t)(rd(ETR_RWPHI) & 0xFF) << 32 | rd(ETR_RWP);
    ck_assert_uint_gt(rwp, buf);
    ck_assert_uint_lt(rwp, buf + size);
    ck_assert_uint_eq((rwp - buf) % 16, 0);
    /* formatter frame: ID change to 0x21, then the STPv2 ASYNC nibbles */
    ck_assert_uint_eq(mem[0], (0x21 << 1) | 1);
    ck_assert_uint_eq(mem[1], 0xFF);
    ck_assert_uint_eq(mem[2], 0xFE);    /* 0xFF with bit 0 in byte 15 */
    ck_assert_uint_eq(mem[15] & 3, 2);  /* aux: slot 0 is an ID, slot 2 data */
    ck_assert_uint_eq(mem[rwp - buf], 0);
    /* nothing when no STM is enabled */
    wr(PSOC_STM + 0xE80, 4);
    wr(ETR_CTL, 1);
    ck_assert_uint_eq(rd(ETR_RWP), (uint32_t)buf);
    ck_assert(tmc_flush(ETR_FFCR, ETR_STS, ETR_LAR));
    ck_assert_uint_eq(rd(ETR_RWP), (uint32_t)buf);
}
END_TEST

START_TEST(test_etr_bad_buffer)
{
    /* hostile: buffer outside anything, huge size: no crash, no write */
    wr(PSOC_AWUSER, 1u << 10);
    wr(PSOC_STM + 0xE80, 0x27);
    wr(ETR_RSZ, 0xFFFFFFFF);
    wr(ETR_DBALO, 0xFFFFF000);
    wr(ETR_DBAHI, 0xFF);
    wr(ETR_FFCR, 3);
    wr(ETR_CTL, 1);
    wr(PSOC_STM + 0xE80, 4);
    wr(PSOC_STM + 0xE80, 0x27);         /* STM starts: trace to nowhere */
    ck_assert(tmc_flush(ETR_FFCR, ETR_STS, ETR_LAR));
    wr(ETR_RSZ, 0);
    wr(ETR_CTL, 0);
    wr(ETR_CTL, 1);
    ck_assert(tmc_flush(ETR_FFCR, ETR_STS, ETR_LAR));
}
END_TEST

static Suite *cs_suite(void)
{
    Suite *s = suite_create("goya_coresight");
    TCase *tc = tcase_create("coresight");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, fake_host_setup, fake_host_teardown);
    tcase_add_test(tc, test_etf_flush);
    tcase_add_test(tc, test_stm_not_busy);
    tcase_add_test(tc, test_etr_session);
    tcase_add_test(tc, test_etr_bad_buffer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cs_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
