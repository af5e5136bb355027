/*
 * Unit tests of fault injection (qemu-hw/goya_inject.c and the fault
 * hooks of the firmware stub) over the fake host: the device boots its
 * CPU the way the 6.1 driver makes it, then each fault must show up where
 * the driver looks for it.  Event ids and register offsets are literals
 * from the driver's headers (goya_async_events.h, hl_boot_if.h, *_regs.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"
#include "goya_inject.h"
#include <check.h>

#define MS              1000000ull
#define HOST_VA         0x8000000000ull     /* device view of PCI addr 0 */
#define PQ_PCI          0x100000ull
#define EQ_PCI          0x200000ull
#define EQ_ENTRIES      64
#define EQE_SIZE        64

#define BOOT_STATUS     0xC4B300u   /* mmPSOC_GLOBAL_CONF_WARM_REBOOT */
#define KMD_MSG         0xC4B304u   /* mmPSOC_GLOBAL_CONF_UBOOT_MAGIC */
#define CMD_STATUS      0xC4B15Cu   /* mmCPU_CMD_STATUS_TO_HOST */
#define BOOT_ERR0       0xC4B160u   /* mmCPU_BOOT_ERR0 */
#define BOOT_ERR1       0xC4B164u   /* mmCPU_BOOT_ERR1 (SCRATCHPAD_25) */
#define ERR_ENABLED     0x80000000u /* CPU_BOOT_ERR{0,1}_ENABLED, bit 31 */
#define SW_ALL_RST_CFG  0xC4B474u   /* mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG */
#define SETSPI          0x800040u   /* GIC SETSPI_NSR */
#define MMU_ENABLE      0x48000Cu
#define MMU_CAPTURE     0x480034u
#define MMU_CAPTURE_VA  0x480038u
#define RAZWI_LBW_RD    0x4B0144u
#define RAZWI_HBW_WT    0x4B014Cu
#define DMA1_QM_ERR_LO  0x408010u   /* mmDMA_QM_1_GLBL_ERR_ADDR_LO */
#define DMA1_QM_ERR_HI  0x408014u
#define DMA1_QM_WDATA   0x408018u
#define DMA1_QM_STS1    0x408028u

#define PKT_PCI         0x300000ull

static GoyaInjectStats st;
static unsigned eq_ci;
static unsigned pq_pi;

static uint32_t poll(uint32_t reg, uint32_t want, uint64_t timeout)
{
    uint32_t v = rreg(reg);

    for (uint64_t t = 0; v != want && t < timeout; t += MS) {
        fake_advance(MS);
        v = rreg(reg);
    }
    return v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

/* the smallest FDT the device CPU accepts as a FIT */
static void make_fit(uint8_t *b)
{
    memset(b, 0, 72);
    put_be32(b, 0xd00dfeed);
    put_be32(b + 4, 72);
    put_be32(b + 8, 56);
    put_be32(b + 12, 72);
    put_be32(b + 16, 40);
    put_be32(b + 20, 17);
    put_be32(b + 24, 16);
    put_be32(b + 36, 16);
    put_be32(b + 56, 1);
    put_be32(b + 64, 2);
    put_be32(b + 68, 9);
}

/* preboot up, waiting for the boot FIT (status 16) */
static void boot_to_preboot(void)
{
    goya_core_reset(fh.s);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 1000 * MS), 16);
}

/* what the 6.1 driver does up to goya_init_cpu() + INTS_REGISTER */
static void boot_to_linux(void)
{
    boot_to_preboot();
    make_fit(fh.s->sram + 0x200000);
    wreg(CMD_STATUS, 0);
    wreg(KMD_MSG, 2);
    ck_assert_uint_eq(poll(CMD_STATUS, 1, 1000 * MS), 1);
    wreg(KMD_MSG, 0);
    ck_assert_uint_eq(poll(BOOT_STATUS, 15, 1000 * MS), 15);
    make_fit(fh.s->dram + 0x800000);
    wreg(KMD_MSG, 2);
    ck_assert_uint_eq(poll(BOOT_STATUS, 3, 1000 * MS), 3);
    wreg(KMD_MSG, 0);

    wreg(0xC4B100, (uint32_t)(HOST_VA + PQ_PCI));       /* PQ base */
    wreg(0xC4B104, (uint32_t)((HOST_VA + PQ_PCI) >> 32));
    wreg(0xC4B108, (uint32_t)(HOST_VA + EQ_PCI));       /* EQ base */
    wreg(0xC4B10C, (uint32_t)((HOST_VA + EQ_PCI) >> 32));
    wreg(0xC4B114, 4096 * 16);                          /* PQ length */
    wreg(0xC4B110, EQ_ENTRIES * EQE_SIZE);              /* EQ length */
    wreg(0xC4B118, 0);                                  /* EQ CI */
    wreg(0xC4B11C, 1);                                  /* ready for CP */
    wreg(SETSPI, 484);                                  /* PI_UPDATE */
    ck_assert_uint_eq(poll(0xC4B11C, 2, 1000 * MS), 2);
    wreg(SETSPI, 486);                                  /* INTS_REGISTER */
    eq_ci = 0;
    pq_pi = 0;
    memset(&st, 0, sizeof(st));
}

/* Next EQ entry's event id, or -1 if none; consumes it like the driver. */
static int next_event(void)
{
    uint32_t ctl = fake_ram_rd32(EQ_PCI + eq_ci * EQE_SIZE + 4);

    if (!(ctl & 0x80000000u)) {
        return -1;
    }
    fake_ram_wr32(EQ_PCI + eq_ci * EQE_SIZE + 4, 0);
    eq_ci = (eq_ci + 1) % EQ_ENTRIES;
    wreg(0xC4B118, eq_ci);
    return (ctl >> 16) & 0x3FF;
}

/*
 * hl_fw_send_cpu_message() of a CPUCP_PACKET_TEST (18): returns the rc
 * field of the reply (ctl bits 15:12), -1 if the fence never came.
 */
static int cpucp_test(void)
{
    uint8_t *pkt = fake_ram(PKT_PCI);
    uint32_t ctl;

    memset(pkt, 0, 24);
    ctl = GUINT32_TO_LE(18u << 16);
    memcpy(pkt + 8, &ctl, 4);
    fake_ram_wr64(PQ_PCI + (pq_pi % 4096) * 16, HOST_VA + PKT_PCI);
    fake_ram_wr32(PQ_PCI + (pq_pi % 4096) * 16 + 8, 24);
    pq_pi = (pq_pi + 1) % 8192;
    wreg(0x442100, pq_pi);                              /* CPU_IF PQ_PI */
    wreg(SETSPI, 484);
    for (int i = 0; i < 100; i++) {
        if (fake_ram_rd32(PKT_PCI + 12) == 0xFE8CE7A5u) {
            return (fake_ram_rd32(PKT_PCI + 8) >> 12) & 0xF;
        }
        fake_advance(MS);
    }
    return -1;
}

static int inject(const char *spec, char **err)
{
    *err = NULL;
    return goya_inject(fh.s, &st, spec, err);
}

static void expect_refused(const char *spec, const char *names)
{
    char *err = NULL;
    uint64_t before = st.injected;

    ck_assert_msg(inject(spec, &err) == -1, "'%s' accepted", spec);
    ck_assert_msg(err && strstr(err, names), "'%s': error '%s' does not name '%s'",
                  spec, err, names);
    ck_assert_uint_eq(st.injected, before);
    g_free(err);
}

static void expect_ok(const char *spec)
{
    char *err = NULL;

    ck_assert_msg(inject(spec, &err) == 0, "'%s': %s", spec, err);
}

START_TEST(test_bad_input)
{
    boot_to_linux();
    expect_refused("", "empty");
    expect_refused("ecc-triple,block=mme", "ecc-triple");
    expect_refused("ecc-derr", "block");
    expect_refused("ecc-derr,block=tpc8", "tpc8");
    expect_refused("ecc-derr,block=tpc01", "tpc01");
    expect_refused("ecc-derr,block=sram30", "sram30");
    expect_refused("ecc-derr,block=mme,addr=0x10", "addr");
    expect_refused("ecc-derr,block=dram0,addr=0x100000000", "addr");
    expect_refused("ecc-derr,block=sram0,addr=0x32A0000", "addr");
    expect_refused("ecc-derr,block=dram0,addr=12x", "addr");
    expect_refused("ecc-derr,block=mme,colour=red", "colour");
    expect_refused("razwi,initiator=dma9,addr=0", "dma9");
    expect_refused("razwi,initiator=tpc0", "addr");
    expect_refused("razwi,initiator=tpc0,addr=0x4000000000000", "addr");
    expect_refused("razwi,initiator=tpc0,addr=0,dir=sideways", "dir");
    expect_refused("qman-err,queue=dma5", "dma5");
    expect_refused("qman-err,queue=dma0-cmdq", "dma0-cmdq");
    expect_refused("qman-err,queue=mme,cause=0", "cause");
    expect_refused("fw-error,count=0", "count");
    expect_refused("fw-error,rc=16", "rc");
    expect_refused("thermal,state=warm", "state");
    expect_refused("boot-err,bits=0x80000000", "bits");
    expect_refused("boot-err,bits=0x4000", "bits");   /* bit 14: undefined */
    expect_refused("boot-err1,bits=0x80000000", "bits"); /* ENABLED itself */
    expect_refused("boot-err1,bits=0", "bits");
    expect_refused("boot-err1,bits=0x100000000", "bits");
    expect_refused("boot-err1", "bits");
    expect_refused("boot-err1,bits=1,stage=uboot", "stage");
    expect_refused("boot-stuck,stage=bios", "stage");
    expect_refused("fit-corrupt,image=kernel", "image");
    /* a bad argument after a good one: nothing at all happens */
    expect_refused("fw-error,count=2,bogus=1", "bogus");
    ck_assert_int_eq(next_event(), -1);
    ck_assert_uint_eq(st.injected, 0);
    ck_assert_uint_eq(st.ecc_uncorrected, 0);
    ck_assert_uint_gt(st.refused, 20);
}
END_TEST

START_TEST(test_no_driver)
{
    char *err;

    boot_to_preboot();
    memset(&st, 0, sizeof(st));
    /* events need the CPU-CP queues and a registered host */
    expect_refused("ecc-derr,block=mme", "event queue");
    expect_refused("qman-err,queue=dma0", "event queue");
    expect_refused("razwi,initiator=psoc,addr=0x1000", "event queue");
    /* corrected ECC and armed faults need nobody */
    expect_ok("ecc-serr,block=dram0,addr=0x1000");
    ck_assert_uint_eq(st.ecc_corrected, 1);
    expect_ok("boot-err,bits=0x1");
    ck_assert_int_eq(inject("clear", &err), 0);
}
END_TEST

START_TEST(test_ecc)
{
    uint64_t vec5;

    boot_to_linux();
    fh.s->dram[0x1000] = 0xA5;
    expect_ok("ecc-serr,block=dram0,addr=0x1000");
    ck_assert_uint_eq(fh.s->dram[0x1000], 0xA5);     /* corrected */
    ck_assert_uint_eq(st.ecc_corrected, 1);
    ck_assert_int_eq(next_event(), -1);                /* nothing posted */

    vec5 = fake_msix_count(5);
    expect_ok("ecc-derr,block=mme");
    ck_assert_int_eq(next_event(), 60);               /* MME_ECC */
    ck_assert_uint_eq(fake_msix_count(5), vec5 + 1);
    /* masked until the driver unmasks (it resets instead): merged */
    expect_ok("ecc-derr,block=mme");
    ck_assert_int_eq(next_event(), -1);

    expect_ok("ecc-derr,block=tpc3");
    ck_assert_int_eq(next_event(), 45);               /* TPC3_ECC */
    expect_ok("ecc-derr,block=sram29,addr=0x100");
    ck_assert_int_eq(next_event(), 110);              /* SRAM29 */
    fh.s->dram[0x2000] = 0xA5;
    expect_ok("ecc-derr,block=dram1,addr=0x2000");
    ck_assert_uint_ne(fh.s->dram[0x2000], 0xA5);     /* data poisoned */
    ck_assert_int_eq(next_event(), 312);              /* DDR1_DB_ECC */
    ck_assert_uint_eq(st.ecc_uncorrected, 5);   /* merged one too */
}
END_TEST

START_TEST(test_razwi_mmu)
{
    boot_to_linux();
    expect_ok("razwi,initiator=tpc2,addr=0x7FFC000100,dir=read");
    ck_assert_uint_eq(rreg(RAZWI_LBW_RD), 1);
    ck_assert_int_eq(next_event(), 123);              /* TPC2_DEC */
    expect_ok("razwi,initiator=psoc,addr=0x123456000");
    ck_assert_uint_eq(rreg(RAZWI_HBW_WT), 1);
    ck_assert_int_eq(next_event(), 159);              /* PSOC_AXI_DEC */

    expect_refused("mmu-fault,initiator=mme,addr=0x1000", "MMU");
    wreg(MMU_ENABLE, 1);
    expect_ok("mmu-fault,initiator=mme,addr=0x2ABCD12345678");
    ck_assert_uint_eq(rreg(MMU_CAPTURE), 0x40000u | 0x2ABCD);  /* VALID, VA[49:32] */
    ck_assert_uint_eq(rreg(MMU_CAPTURE_VA), 0x12345678);
    ck_assert_int_eq(next_event(), 141);              /* MME_WACS */
}
END_TEST

START_TEST(test_qman)
{
    boot_to_linux();
    /* the driver points the QM's error message at the GIC */
    wreg(DMA1_QM_ERR_LO, (uint32_t)(0x7FFC000000ull + SETSPI));
    wreg(DMA1_QM_ERR_HI, 0x7F);
    wreg(DMA1_QM_WDATA, 450);                         /* DMA1_QM */
    expect_ok("qman-err,queue=dma1,cause=0x2");
    ck_assert_uint_eq(rreg(DMA1_QM_STS1) & 0x2, 0x2);
    ck_assert(fh.s->qman[1].error);
    ck_assert_int_eq(next_event(), 450);
    expect_ok("qman-err,queue=tpc7-cmdq");
    ck_assert(fh.s->qman[22].error);
}
END_TEST

START_TEST(test_env)
{
    boot_to_linux();
    expect_ok("thermal,state=start");
    ck_assert_int_eq(next_event(), 509);              /* FIX_THERMAL_ENV_S */
    expect_ok("thermal");                             /* again: merged */
    ck_assert_int_eq(next_event(), -1);
    expect_ok("thermal,state=end");
    ck_assert_int_eq(next_event(), 510);
    expect_ok("power,state=start");
    ck_assert_int_eq(next_event(), 507);              /* FIX_POWER_ENV_S */
    expect_ok("power,state=end");
    ck_assert_int_eq(next_event(), 508);
}
END_TEST

START_TEST(test_fw_hang)
{
    boot_to_linux();
    expect_ok("fw-hang");
    expect_refused("ecc-derr,block=mme", "hung");
    ck_assert_int_eq(next_event(), -1);
    /* the driver's hard reset restarts the CPU: the hang is gone */
    wreg(SW_ALL_RST_CFG, 0x1000);
    boot_to_linux();
    expect_ok("ecc-derr,block=mme");
    ck_assert_int_eq(next_event(), 60);
}
END_TEST

START_TEST(test_fw_error)
{
    boot_to_linux();
    ck_assert_int_eq(cpucp_test(), 0);
    expect_ok("fw-error,count=2,rc=3");
    ck_assert_int_eq(cpucp_test(), 3);
    ck_assert_int_eq(cpucp_test(), 3);
    ck_assert_int_eq(cpucp_test(), 0);
    expect_ok("fw-hang");
    ck_assert_int_eq(cpucp_test(), -1);                /* no answer */
}
END_TEST

START_TEST(test_boot_faults)
{
    boot_to_preboot();
    expect_ok("boot-err,bits=0x2001");    /* DRAM_INIT_FAIL, UNUSABLE */
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0x80002001u);
    wreg(SW_ALL_RST_CFG, 0x1000);
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 1000 * MS), 16);
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0x80002001u); /* armed: again */

    expect_ok("clear");
    expect_ok("boot-stuck,stage=preboot");
    wreg(SW_ALL_RST_CFG, 0x1000);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 500 * MS), 4);  /* in BTL */
    expect_ok("clear");                   /* the boot goes on */
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 500 * MS), 16);

    expect_ok("clear");
    expect_ok("fit-corrupt,image=boot");
    wreg(SW_ALL_RST_CFG, 0x1000);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 1000 * MS), 16);
    make_fit(fh.s->sram + 0x200000);
    wreg(CMD_STATUS, 0);
    wreg(KMD_MSG, 2);
    ck_assert_uint_eq(poll(CMD_STATUS, 2, 1000 * MS), 2);   /* error */
    ck_assert_uint_eq(rreg(BOOT_ERR0) & 0x80000002u, 0x80000002u);

    expect_ok("clear");
    wreg(KMD_MSG, 0);
    boot_to_linux();                      /* cleared: boots normally */
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0);
}
END_TEST

/* ERR1: no bit defined, so any but ENABLED is an error; ERR0 untouched */
START_TEST(test_boot_err1)
{
    boot_to_preboot();
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0);
    expect_ok("boot-err1,bits=0x1");
    ck_assert_uint_eq(rreg(BOOT_ERR1), ERR_ENABLED | 0x1);
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0);
    expect_ok("boot-err1,bits=0x40000000");       /* accumulates */
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0xC0000001u);
    wreg(SW_ALL_RST_CFG, 0x1000);
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 1000 * MS), 16);
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0xC0000001u); /* armed: again */
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0);

    /* both registers at once, both cleared together */
    expect_ok("boot-err,bits=0x1");
    ck_assert_uint_eq(rreg(BOOT_ERR0), ERR_ENABLED | 0x1);
    expect_ok("clear");
    wreg(SW_ALL_RST_CFG, 0x1000);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 1000 * MS), 16);
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0);
    ck_assert_uint_eq(rreg(BOOT_ERR0), 0);

    /* armed before preboot: reported by it, not before */
    expect_ok("boot-err1,bits=0x2");
    wreg(SW_ALL_RST_CFG, 0x1000);
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0);
    ck_assert_uint_eq(poll(BOOT_STATUS, 16, 1000 * MS), 16);
    ck_assert_uint_eq(rreg(BOOT_ERR1), ERR_ENABLED | 0x2);
    expect_ok("clear");
    wreg(KMD_MSG, 0);
    boot_to_linux();
    ck_assert_uint_eq(rreg(BOOT_ERR1), 0);
}
END_TEST

static Suite *inject_suite(void)
{
    Suite *s = suite_create("inject");
    TCase *tc = tcase_create("inject");

    tcase_add_checked_fixture(tc, fake_host_setup, fake_host_teardown);
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_no_driver);
    tcase_add_test(tc, test_ecc);
    tcase_add_test(tc, test_razwi_mmu);
    tcase_add_test(tc, test_qman);
    tcase_add_test(tc, test_env);
    tcase_add_test(tc, test_fw_hang);
    tcase_add_test(tc, test_fw_error);
    tcase_add_test(tc, test_boot_faults);
    tcase_add_test(tc, test_boot_err1);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(inject_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
