/*
 * Unit tests of the Goya firmware stub over a fake device: plain buffers
 * as SRAM/DRAM/host memory, a fake clock, recorded MSI-X and resets.  The
 * tests drive the fw the way the 6.1 habanalabs driver does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "goya-port.h"
#include "goya_fw.h"
#include "goya_fw_if.h"
#include "goya_fw_regs.h"
#include <check.h>

#define SRAM_BASE   0x7FF0000000ull
#define SRAM_SIZE   0x32A0000ull
#define DRAM_BASE   0x0ull
#define DRAM_SIZE   0x2000000ull
#define HOST_BASE   0x8000000000ull     /* CPU-accessible window VA */
#define HOST_SIZE   0x200000ull

#define PQ_VA       (HOST_BASE + 0x0)
#define EQ_VA       (HOST_BASE + 0x10000)
#define PKT_VA      (HOST_BASE + 0x20000)
#define BUF_VA      (HOST_BASE + 0x30000)

#define MS          1000000ull

typedef struct Fake {
    uint8_t *sram, *dram, *host;
    uint64_t now;
    uint64_t deadline;
    uint64_t fault_lo, fault_hi;    /* refused device range */
    unsigned msix_count[8];
    uint32_t reset_mask;
    unsigned resets;
    GoyaFw *fw;
    uint32_t pi;                    /* host PQ PI, modulo 8192 */
    uint32_t eq_ci;
} Fake;

static Fake F;

static uint8_t *fake_ptr(uint64_t addr, size_t len)
{
    if (addr < F.fault_hi && addr + len > F.fault_lo) {
        return NULL;
    }
    if (addr >= SRAM_BASE && addr + len <= SRAM_BASE + SRAM_SIZE) {
        return F.sram + (addr - SRAM_BASE);
    }
    if (addr + len <= DRAM_BASE + DRAM_SIZE && addr + len >= addr) {
        return F.dram + addr;
    }
    if (addr >= HOST_BASE && addr + len <= HOST_BASE + HOST_SIZE) {
        return F.host + (addr - HOST_BASE);
    }
    return NULL;
}

static int fake_read(void *o, uint64_t addr, void *buf, size_t len)
{
    uint8_t *p = fake_ptr(addr, len);

    if (!p) {
        return -1;
    }
    memcpy(buf, p, len);
    return 0;
}

static int fake_write(void *o, uint64_t addr, const void *buf, size_t len)
{
    uint8_t *p = fake_ptr(addr, len);

    if (!p) {
        return -1;
    }
    memcpy(p, buf, len);
    return 0;
}

static void fake_msix(void *o, unsigned v)
{
    ck_assert_uint_lt(v, 8);
    F.msix_count[v]++;
}

static uint64_t fake_now(void *o)
{
    return F.now;
}

static void fake_timer_mod(void *o, uint64_t d)
{
    F.deadline = d;
}

static void fake_engine_reset(void *o, uint32_t mask)
{
    F.reset_mask = mask;
    F.resets++;
}

static const GoyaFwOps fake_ops = {
    .cpu_read = fake_read,
    .cpu_write = fake_write,
    .msix = fake_msix,
    .now_ns = fake_now,
    .timer_mod = fake_timer_mod,
    .engine_reset = fake_engine_reset,
};

static void advance(uint64_t ns)
{
    uint64_t end = F.now + ns;

    for (int guard = 0; guard < 100000; guard++) {
        if (F.deadline == UINT64_MAX || F.deadline > end) {
            break;
        }
        if (F.deadline > F.now) {
            F.now = F.deadline;
        }
        F.deadline = UINT64_MAX;
        goya_fw_timer(F.fw);
    }
    F.now = end;
}

static uint32_t rreg(uint32_t reg)
{
    uint32_t v = 0xDEADBEEF;

    ck_assert_msg(goya_fw_reg_read(F.fw, reg, &v), "reg 0x%x not owned", reg);
    return v;
}

static void wreg(uint32_t reg, uint32_t v)
{
    ck_assert_msg(goya_fw_reg_write(F.fw, reg, v), "reg 0x%x not owned", reg);
}

/* hl_poll_timeout() on a register: 1 ms steps. Returns the last value. */
static uint32_t poll_reg(uint32_t reg, uint32_t want, uint64_t timeout_ns)
{
    uint32_t v = rreg(reg);

    for (uint64_t t = 0; v != want && t < timeout_ns; t += MS) {
        advance(MS);
        v = rreg(reg);
    }
    return v;
}

static void setup(void)
{
    GoyaFwConfig cfg = {
        .serial = "TESTSERIAL42",
        .card_name = "HL-1000 x",
        .dram_size = 8ull << 30,
    };

    memset(&F, 0, sizeof(F));
    F.sram = g_malloc0(SRAM_SIZE);
    F.dram = g_malloc0(DRAM_SIZE);
    F.host = g_malloc0(HOST_SIZE);
    F.deadline = UINT64_MAX;
    F.now = 1000;
    F.fw = goya_fw_new(&fake_ops, NULL, &cfg);
    ck_assert_ptr_nonnull(F.fw);
}

static void teardown(void)
{
    goya_fw_free(F.fw);
    g_free(F.sram);
    g_free(F.dram);
    g_free(F.host);
}

/* ---- FIT images ---------------------------------------------------- */

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

/* smallest valid FDT: empty root node */
static size_t make_fit(uint8_t *b)
{
    memset(b, 0, 72);
    put_be32(b, 0xd00dfeed);
    put_be32(b + 4, 72);        /* totalsize */
    put_be32(b + 8, 56);        /* off_dt_struct */
    put_be32(b + 12, 72);       /* off_dt_strings */
    put_be32(b + 16, 40);       /* off_mem_rsvmap */
    put_be32(b + 20, 17);
    put_be32(b + 24, 16);
    put_be32(b + 32, 0);        /* size_dt_strings */
    put_be32(b + 36, 16);       /* size_dt_struct */
    put_be32(b + 56, 1);        /* BEGIN_NODE "" */
    put_be32(b + 64, 2);        /* END_NODE */
    put_be32(b + 68, 9);        /* END */
    return 72;
}

static uint8_t *boot_fit_mem(void)
{
    return F.sram + 0x200000;
}

static uint8_t *linux_fit_mem(void)
{
    return F.dram + 0x800000;
}

/* ---- driver-like boot ---------------------------------------------- */

static void wait_preboot(void)
{
    ck_assert_uint_eq(poll_reg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 16,
                               1000 * MS), 16);
}

static void load_boot_fit(void)
{
    make_fit(boot_fit_mem());
    wreg(mmCPU_CMD_STATUS_TO_HOST, 0);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    ck_assert_uint_eq(poll_reg(mmCPU_CMD_STATUS_TO_HOST, 1, 1000 * MS), 1);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 0);
    ck_assert_uint_eq(poll_reg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 15,
                               15000 * MS), 15);
}

static void load_linux_fit(void)
{
    make_fit(linux_fit_mem());
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    ck_assert_uint_eq(poll_reg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 3,
                               15000 * MS), 3);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 0);
}

static void handshake(void)
{
    wreg(mmCPU_PQ_BASE_ADDR_LOW, (uint32_t)PQ_VA);
    wreg(mmCPU_PQ_BASE_ADDR_HIGH, (uint32_t)(PQ_VA >> 32));
    wreg(mmCPU_EQ_BASE_ADDR_LOW, (uint32_t)EQ_VA);
    wreg(mmCPU_EQ_BASE_ADDR_HIGH, (uint32_t)(EQ_VA >> 32));
    wreg(mmCPU_CQ_BASE_ADDR_LOW, 0);
    wreg(mmCPU_CQ_BASE_ADDR_HIGH, 0x80);
    wreg(mmCPU_PQ_LENGTH, 0x10000);
    wreg(mmCPU_EQ_LENGTH, 0x1000);
    wreg(mmCPU_CQ_LENGTH, 0x200000);
    wreg(mmCPU_EQ_CI, 0);
    wreg(mmCPU_IF_PF_PQ_PI, 0);
    wreg(mmCPU_PQ_INIT_STATUS, 1);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    ck_assert_uint_eq(poll_reg(mmCPU_PQ_INIT_STATUS, 2, 15000 * MS), 2);
    ck_assert(goya_fw_queues_ready(F.fw));
    F.pi = 0;
    F.eq_ci = 0;
}

static void boot_to_linux(void)
{
    goya_fw_reset(F.fw);
    wait_preboot();
    wreg(mmHW_STATE, 1);
    load_boot_fit();
    load_linux_fit();
    handshake();
}

/* ---- CPU-CP messages ------------------------------------------------ */

typedef struct Msg {
    uint32_t op;
    uint64_t value;
    uint32_t index;         /* union @16 */
    uint32_t len;           /* BD length; 0 = 24 */
    const void *extra;      /* bytes from offset 24 */
    uint32_t extra_len;
} Msg;

typedef struct Reply {
    bool fenced;
    uint32_t rc;
    uint64_t result;
} Reply;

static GoyaCpucpPkt *pkt_mem(void)
{
    return (GoyaCpucpPkt *)(F.host + (PKT_VA - HOST_BASE));
}

/* Submit a BD pointing at @ptr like hl_fw_send_cpu_message() */
static void submit_bd(uint64_t ptr, uint32_t len)
{
    GoyaFwBd *bd = (GoyaFwBd *)(F.host + (PQ_VA - HOST_BASE)) +
                   (F.pi & 4095);

    F.pi = (F.pi + 1) & 8191;
    bd->ptr = GUINT64_TO_LE(ptr);
    bd->len = GUINT32_TO_LE(len);
    bd->ctl = GUINT32_TO_LE(F.pi);
    wreg(mmCPU_IF_PF_PQ_PI, F.pi);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
}

static Reply collect(void)
{
    GoyaCpucpPkt *p = pkt_mem();
    Reply r = { 0 };
    uint32_t ctl;

    for (int i = 0; i < 4000; i++) {    /* 4 s, 1 ms polls */
        if (GUINT32_FROM_LE(p->fence) == CPUCP_FENCE_VAL) {
            r.fenced = true;
            break;
        }
        advance(MS);
    }
    ctl = GUINT32_FROM_LE(p->ctl);
    r.rc = (ctl & CPUCP_CTL_RC_MASK) >> CPUCP_CTL_RC_SHIFT;
    r.result = GUINT64_FROM_LE(p->value);
    return r;
}

static Reply send_msg(const Msg *m)
{
    GoyaCpucpPkt *p = pkt_mem();
    uint32_t len = m->len ? m->len : 24;

    memset(p, 0, 4096);
    p->ctl = GUINT32_TO_LE(m->op << CPUCP_CTL_OP_SHIFT);
    p->value = GUINT64_TO_LE(m->value);
    p->index = GUINT32_TO_LE(m->index);
    p->fence = 0xFFFFFFFF;
    if (m->extra) {
        memcpy((uint8_t *)p + 24, m->extra, m->extra_len);
    }
    submit_bd(PKT_VA, len);
    return collect();
}

static Reply send_op(uint32_t op, uint64_t value, uint32_t index)
{
    Msg m = { .op = op, .value = value, .index = index };

    return send_msg(&m);
}

static uint32_t sensor_idx(uint16_t sensor, uint16_t type)
{
    return (uint32_t)sensor | (uint32_t)type << 16;
}

static uint64_t get_ok(uint32_t op, uint64_t value, uint32_t index)
{
    Reply r = send_op(op, value, index);

    ck_assert_msg(r.fenced, "op %u not fenced", op);
    ck_assert_msg(r.rc == 0, "op %u rc %u", op, r.rc);
    return r.result;
}

static void assert_rejected(uint32_t op, uint64_t value, uint32_t index)
{
    Reply r = send_op(op, value, index);

    ck_assert_msg(r.fenced, "op %u not fenced", op);
    ck_assert_msg(r.rc != 0, "op %u accepted", op);
}

/* The driver's probe-time sequence after the handshake */
static void late_init(void)
{
    ck_assert_uint_eq(get_ok(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0),
                      CPUCP_FENCE_VAL);
    memset(F.host + (BUF_VA - HOST_BASE), 0, 4096);
    {
        Msg m = { .op = CPUCP_OP_INFO_GET, .value = BUF_VA, .index = 1768 };
        Reply r = send_msg(&m);

        ck_assert(r.fenced);
        ck_assert_uint_eq(r.rc, 0);
    }
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR0), 0);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR1), 0);
    get_ok(CPUCP_OP_ENABLE_PCI_ACCESS, 0, 0);
    get_ok(CPUCP_OP_FREQUENCY_SET, 50000000, GOYA_FW_PLL_MME);
    get_ok(CPUCP_OP_FREQUENCY_SET, 50000000, GOYA_FW_PLL_TPC);
    get_ok(CPUCP_OP_FREQUENCY_SET, 50000000, GOYA_FW_PLL_IC);
    get_ok(CPUCP_OP_MAX_POWER_SET, 200000, 0);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 486);
}

static void operational(void)
{
    boot_to_linux();
    late_init();
}

/* ==================================================================== */

START_TEST(test_poweron_state)
{
    uint32_t seen[16], n = 0, v, last = 0xFFFF;
    char ver[128];
    uint32_t off;

    goya_fw_reset(F.fw);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 0);
    ck_assert_uint_eq(rreg(mmHW_STATE), 0);
    for (int t = 0; t < 20 && n < 16; t++) {
        v = rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS);
        if (v != last) {
            seen[n++] = v;
            last = v;
        }
        if (v == 16) {
            break;
        }
        advance(MS / 2);
    }
    /* reset -> BTL -> preboot -> waiting for the boot FIT, within 10 ms */
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(seen[0], 0);
    ck_assert_uint_eq(seen[1], 4);
    ck_assert_uint_eq(seen[2], 5);
    ck_assert_uint_eq(seen[3], 16);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_DEV_STS0), 0x80000000);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_DEV_STS1), 0);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR0), 0);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR1), 0);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_BOOT_STRAP_PINS) & (1u << 21),
                      0);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_BTM_FSM), 0);
    ck_assert_uint_eq(rreg(mmHW_STATE), 0);
    off = rreg(mmPREBOOT_VER_OFFSET) & 0x0FFFFFFF;
    ck_assert_uint_lt(off, 0x329FF80);
    memcpy(ver, F.sram + off, sizeof(ver));
    ck_assert_ptr_nonnull(strstr(ver, "Preboot"));
    ck_assert_ptr_nonnull(strstr(ver, "fw-"));
    ck_assert_uint_eq(goya_fw_boot_status(F.fw), 16);
    ck_assert(!goya_fw_queues_ready(F.fw));
    /* HW_STATE is host-writable storage */
    wreg(mmHW_STATE, 1);
    ck_assert_uint_eq(rreg(mmHW_STATE), 1);
}
END_TEST

START_TEST(test_full_boot)
{
    uint32_t seen[8], n = 0, last, v;
    uint32_t off;

    goya_fw_reset(F.fw);
    wait_preboot();
    make_fit(boot_fit_mem());
    wreg(mmCPU_CMD_STATUS_TO_HOST, 0);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    /* not instant */
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 0);
    last = 16;
    for (int t = 0; t < 100 && last != 15; t++) {
        advance(MS / 2);
        v = rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS);
        if (v != last) {
            seen[n++] = v;
            last = v;
        }
    }
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(seen[0], 7);      /* u-boot running */
    ck_assert_uint_eq(seen[1], 15);
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 1);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 0);
    off = rreg(mmUBOOT_VER_OFFSET) & 0x0FFFFFFF;
    ck_assert_uint_lt(off, 0x329FF80);
    ck_assert_ptr_nonnull(strstr((char *)F.sram + off, "fw-"));

    make_fit(linux_fit_mem());
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 15);
    ck_assert_uint_eq(poll_reg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 3,
                               100 * MS), 3);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 0);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR0), 0);
    ck_assert_uint_eq(goya_fw_boot_status(F.fw), GOYA_FW_STS_SRAM_AVAIL);
    handshake();
    late_init();
}
END_TEST

/* each corruption, detected on the boot FIT */
static const struct {
    uint32_t off, val;
    const char *name;
} fit_bad[] = {
    { 0, 0xd00dfeee, "magic" },
    { 4, 0x1400001, "total size over limit" },
    { 4, 8, "total size under header" },
    { 20, 3, "version" },
    { 36, 0x100000, "struct block outside" },
    { 12, 0x10000, "strings outside" },
    { 56, 3, "root token" },
    { 68, 2, "missing END" },
    { 16, 44, "unaligned rsvmap" },
};

START_TEST(test_boot_fit_bad)
{
    goya_fw_reset(F.fw);
    wait_preboot();
    make_fit(boot_fit_mem());
    put_be32(boot_fit_mem() + fit_bad[_i].off, fit_bad[_i].val);
    wreg(mmCPU_CMD_STATUS_TO_HOST, 0);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(20 * MS);
    ck_assert_msg(rreg(mmCPU_CMD_STATUS_TO_HOST) == 2, "%s accepted",
                  fit_bad[_i].name);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR0), 0x80000002);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    /* a good image on the next attempt still boots */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 0);
    load_boot_fit();
}
END_TEST

START_TEST(test_linux_fit_bad)
{
    goya_fw_reset(F.fw);
    wait_preboot();
    load_boot_fit();
    make_fit(linux_fit_mem());
    put_be32(linux_fit_mem() + fit_bad[_i].off, fit_bad[_i].val);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    ck_assert_uint_eq(poll_reg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 9,
                               100 * MS), 9);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR0), 0x80000002);
    /* stuck: a second FIT_RDY does nothing, handshake is refused */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(50 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 9);
    wreg(mmCPU_PQ_INIT_STATUS, 1);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    advance(50 * MS);
    ck_assert_uint_eq(rreg(mmCPU_PQ_INIT_STATUS), 1);
}
END_TEST

START_TEST(test_fit_unreadable)
{
    goya_fw_reset(F.fw);
    wait_preboot();
    make_fit(boot_fit_mem());
    F.fault_lo = SRAM_BASE + 0x200000;
    F.fault_hi = F.fault_lo + 1;
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(20 * MS);
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 2);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
}
END_TEST

START_TEST(test_out_of_order)
{
    make_fit(boot_fit_mem());
    make_fit(linux_fit_mem());
    goya_fw_reset(F.fw);
    /* FIT_RDY before preboot is waiting: ignored */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(50 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 0);
    /* the level 2 left in the register does not trigger anything */
    advance(50 * MS);
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 0);
    /* garbage messages and a status write are ignored */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 77);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 3);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 5);
    wreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 3);
    advance(10 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    /* FIT_RDY twice while the first is being checked: one boot */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(3 * MS);
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 1);
    ck_assert_uint_eq(poll_reg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS, 15,
                               100 * MS), 15);
    advance(50 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 15);
    /* HALT without GOTO_WFE is ignored */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 0);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 485);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 15);
    /* doorbell and INTS_REGISTER before Linux is up are ignored */
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 486);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 5000);
    advance(10 * MS);
    load_linux_fit();
    /* FIT_RDY once Linux runs is ignored */
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(50 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 3);
    handshake();
    late_init();
}
END_TEST

START_TEST(test_reset_mid_boot)
{
    goya_fw_reset(F.fw);
    wait_preboot();
    make_fit(boot_fit_mem());
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(MS / 2);                    /* FIT check pending */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    ck_assert_uint_eq(F.reset_mask, 0x7FFE00);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 0);
    advance(50 * MS);
    /* the pending check died with the CPU */
    ck_assert_uint_eq(rreg(mmCPU_CMD_STATUS_TO_HOST), 0);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    ck_assert_uint_eq(rreg(mmHW_STATE), 0);
    /* reset in the middle of u-boot / Linux start */
    load_boot_fit();
    make_fit(linux_fit_mem());
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    advance(3 * MS);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    advance(100 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    boot_to_linux();
    late_init();
}
END_TEST

START_TEST(test_soft_reset_keeps_cpu)
{
    operational();
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    ck_assert_uint_eq(F.reset_mask, 0x200600);
    advance(500 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_BTM_FSM), 0);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 487);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 3);
    ck_assert(goya_fw_queues_ready(F.fw));
    ck_assert_uint_eq(get_ok(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0),
                      CPUCP_FENCE_VAL);
    {
        uint32_t ids[125];
        Msg m = { .op = CPUCP_OP_UNMASK_RAZWI_IRQ_ARRAY, .len = 536,
                  .extra = ids, .extra_len = 4 + 4 * 125 };
        uint8_t buf[4 + 4 * 125];

        for (int i = 0; i < 125; i++) {
            ids[i] = GUINT32_TO_LE(400 + i);
        }
        buf[0] = 125;
        buf[1] = buf[2] = buf[3] = 0;
        memcpy(buf + 4, ids, sizeof(ids));
        m.extra = buf;
        m.extra_len = sizeof(buf);
        ck_assert_uint_eq(send_msg(&m).rc, 0);
    }
}
END_TEST

START_TEST(test_hard_reset_flow)
{
    operational();
    /* heartbeat-free hard reset as hl_device_reset() does it */
    get_ok(CPUCP_OP_DISABLE_PCI_ACCESS, 0, 0);
    /* no DMA to the host any more: the next packet is not answered */
    {
        Reply r = send_op(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0);

        ck_assert(!r.fenced);
    }
    ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 0), -1);
    wreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 1);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 485);
    ck_assert(!goya_fw_queues_ready(F.fw));
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 1);
    advance(100 * MS);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    ck_assert_uint_eq(F.resets, 1);
    advance(500 * MS);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_BTM_FSM), 0);
    wreg(mmPSOC_GLOBAL_CONF_BOOT_SEQ_RE_START, 1);
    wreg(mmPSOC_GLOBAL_CONF_SW_BTM_FSM, 0xA);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    ck_assert_uint_eq(rreg(mmHW_STATE), 0);
    ck_assert_uint_eq(rreg(mmCPU_BOOT_ERR0), 0);
    ck_assert_uint_eq(rreg(mmCPU_PQ_INIT_STATUS), 0);
    ck_assert(!goya_fw_queues_ready(F.fw));
    /* KMD_MSG_TO_CPU still reads 1 (level) and must not matter */
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU), 1);
    wreg(mmHW_STATE, 1);
    load_boot_fit();
    load_linux_fit();
    /* the host restarts its PI at 0: so must the fw CI */
    memset(F.host + (PQ_VA - HOST_BASE), 0, 0x10000);
    handshake();
    late_init();
    ck_assert_uint_eq(get_ok(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0),
                      CPUCP_FENCE_VAL);
}
END_TEST

START_TEST(test_handshake_errors)
{
    goya_fw_reset(F.fw);
    wait_preboot();
    load_boot_fit();
    load_linux_fit();
    /* PQ length not a power of two */
    wreg(mmCPU_PQ_BASE_ADDR_LOW, (uint32_t)PQ_VA);
    wreg(mmCPU_PQ_BASE_ADDR_HIGH, (uint32_t)(PQ_VA >> 32));
    wreg(mmCPU_EQ_BASE_ADDR_LOW, (uint32_t)EQ_VA);
    wreg(mmCPU_EQ_BASE_ADDR_HIGH, (uint32_t)(EQ_VA >> 32));
    wreg(mmCPU_PQ_LENGTH, 0x10010);
    wreg(mmCPU_EQ_LENGTH, 0x1000);
    wreg(mmCPU_PQ_INIT_STATUS, 1);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    advance(MS);
    ck_assert_uint_eq(rreg(mmCPU_PQ_INIT_STATUS), 4);
    ck_assert(!goya_fw_queues_ready(F.fw));
    /* zero address */
    wreg(mmCPU_PQ_LENGTH, 0x10000);
    wreg(mmCPU_EQ_BASE_ADDR_LOW, 0);
    wreg(mmCPU_EQ_BASE_ADDR_HIGH, 0);
    wreg(mmCPU_PQ_INIT_STATUS, 1);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    advance(MS);
    ck_assert_uint_eq(rreg(mmCPU_PQ_INIT_STATUS), 5);
    /* doorbell without queues: ignored, no crash */
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    advance(MS);
    handshake();
    late_init();
}
END_TEST

START_TEST(test_info_get)
{
    GoyaCpucpInfo *info;
    int counts[GOYA_HWMON_TYPE_MAX] = { 0 };
    int n = 0;

    boot_to_linux();
    get_ok(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0);
    memset(F.host + (BUF_VA - HOST_BASE), 0, 4096);
    {
        Msg m = { .op = CPUCP_OP_INFO_GET, .value = BUF_VA, .index = 1768 };
        Reply r = send_msg(&m);

        ck_assert(r.fenced);
        ck_assert_uint_eq(r.rc, 0);
        ck_assert_uint_eq(r.result, 1768);
    }
    info = (GoyaCpucpInfo *)(F.host + (BUF_VA - HOST_BASE));
    for (n = 0; n < GOYA_FW_MAX_SENSORS; n++) {
        uint32_t type = GUINT32_FROM_LE(info->sensors[n].type);
        uint32_t flags = GUINT32_FROM_LE(info->sensors[n].flags);

        if (!type && !flags) {
            break;
        }
        ck_assert_uint_lt(type, 10);
        ck_assert_uint_ne(flags, 0);
        counts[type]++;
    }
    ck_assert_int_gt(n, 0);
    ck_assert_int_lt(n, GOYA_FW_MAX_SENSORS);
    /* every advertised sensor answers its input attribute */
    for (int i = 0; i < counts[GOYA_HWMON_TEMP]; i++) {
        get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(i, 1));
    }
    for (int i = 0; i < counts[GOYA_HWMON_IN]; i++) {
        get_ok(CPUCP_OP_VOLTAGE_GET, 0, sensor_idx(i, 1));
    }
    for (int i = 0; i < counts[GOYA_HWMON_CURR]; i++) {
        get_ok(CPUCP_OP_CURRENT_GET, 0, sensor_idx(i, 1));
    }
    for (int i = 0; i < counts[GOYA_HWMON_FAN]; i++) {
        get_ok(CPUCP_OP_FAN_SPEED_GET, 0, sensor_idx(i, 1));
    }
    for (int i = 0; i < counts[GOYA_HWMON_PWM]; i++) {
        get_ok(CPUCP_OP_PWM_GET, 0, sensor_idx(i, 0));
    }
    for (int i = 0; i < counts[GOYA_HWMON_POWER]; i++) {
        get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(i, 9));
    }
    /* one past the last of each type is rejected */
    assert_rejected(CPUCP_OP_TEMPERATURE_GET, 0,
                    sensor_idx(counts[GOYA_HWMON_TEMP], 1));
    assert_rejected(CPUCP_OP_VOLTAGE_GET, 0,
                    sensor_idx(counts[GOYA_HWMON_IN], 1));
    ck_assert_uint_eq(GUINT64_FROM_LE(info->dram_size), 8ull << 30);
    ck_assert_ptr_nonnull(strstr(info->kernel_version, "fw-"));
    ck_assert_ptr_nonnull(memchr(info->kernel_version, 0, 128));
    /* hwmon-safe card name */
    ck_assert_str_eq(info->card_name, "HL_1000_x");
    ck_assert_uint_eq(info->reserved2, 0);
    ck_assert_uint_eq(GUINT32_FROM_LE(info->cpld_version), 0x10);
    ck_assert_int_ne(info->cpucp_version[0], 0);
    ck_assert_int_ne(info->fw_os_version[0], 0);
    /* STS0 still valid without extra capabilities */
    ck_assert_uint_eq(rreg(mmCPU_BOOT_DEV_STS0), 0x80000000);
    /* truncated buffer, zero size, unmapped buffer */
    {
        Msg m = { .op = CPUCP_OP_INFO_GET, .value = BUF_VA, .index = 100 };

        memset(F.host + (BUF_VA - HOST_BASE), 0xAA, 4096);
        ck_assert_uint_eq(send_msg(&m).result, 100);
        ck_assert_uint_eq(F.host[BUF_VA - HOST_BASE + 100], 0xAA);
        m.index = 0;
        ck_assert_uint_ne(send_msg(&m).rc, 0);
        m.index = 1768;
        m.value = 0x123400000000ull;
        ck_assert_uint_eq(send_msg(&m).rc, CPUCP_RC_FAULT);
    }
}
END_TEST

START_TEST(test_freq_power_pll)
{
    operational();
    ck_assert_uint_eq(get_ok(CPUCP_OP_FREQUENCY_GET, 0, GOYA_FW_PLL_MME),
                      50000000);
    ck_assert_uint_eq(get_ok(CPUCP_OP_FREQUENCY_CURR_GET, 0,
                             GOYA_FW_PLL_MME), 50000000);
    get_ok(CPUCP_OP_FREQUENCY_SET, 1575000000, GOYA_FW_PLL_TPC);
    ck_assert_uint_eq(get_ok(CPUCP_OP_FREQUENCY_GET, 0, GOYA_FW_PLL_TPC),
                      1575000000);
    ck_assert_uint_eq(get_ok(CPUCP_OP_FREQUENCY_CURR_GET, 0,
                             GOYA_FW_PLL_TPC), 1575000000);
    ck_assert_uint_eq(get_ok(CPUCP_OP_FREQUENCY_GET, 0, GOYA_FW_PLL_IC),
                      50000000);
    assert_rejected(CPUCP_OP_FREQUENCY_SET, 1000000000, 7);
    assert_rejected(CPUCP_OP_FREQUENCY_SET, 0, GOYA_FW_PLL_MME);
    assert_rejected(CPUCP_OP_FREQUENCY_GET, 0, 99);
    assert_rejected(CPUCP_OP_FREQUENCY_CURR_GET, 0, 0xFFFFFFFF);

    ck_assert_uint_eq(get_ok(CPUCP_OP_MAX_POWER_GET, 0, 0), 200000);
    get_ok(CPUCP_OP_MAX_POWER_SET, 150000, 0);
    ck_assert_uint_eq(get_ok(CPUCP_OP_MAX_POWER_GET, 0, 0), 150000);
    assert_rejected(CPUCP_OP_MAX_POWER_SET, 0, 0);
    assert_rejected(CPUCP_OP_MAX_POWER_SET, 1ull << 40, 0);

    {
        uint64_t r = get_ok(CPUCP_OP_PLL_INFO_GET, 0, GOYA_FW_PLL_PCI);

        ck_assert_uint_eq(r & 0xFFFF, 1000);
        ck_assert_uint_eq((r >> 16) & 0xFFFF, 500);
        ck_assert_uint_eq((r >> 32) & 0xFFFF, 250);
        ck_assert_uint_eq(r >> 48, 125);
        r = get_ok(CPUCP_OP_PLL_INFO_GET, 0, GOYA_FW_PLL_TPC);
        ck_assert_uint_eq(r & 0xFFFF, 1575);
    }
    assert_rejected(CPUCP_OP_PLL_INFO_GET, 0, 7);
}
END_TEST

START_TEST(test_sensors)
{
    int64_t t0, t1, hi, v, c, p_mw, p_uw;

    operational();
    t0 = get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 1));
    ck_assert_int_gt(t0, 20000);
    ck_assert_int_lt(t0, 100000);
    /* full clocks heat the chip up over a minute */
    get_ok(CPUCP_OP_FREQUENCY_SET, 1575000000, GOYA_FW_PLL_MME);
    get_ok(CPUCP_OP_FREQUENCY_SET, 1575000000, GOYA_FW_PLL_TPC);
    get_ok(CPUCP_OP_FREQUENCY_SET, 1575000000, GOYA_FW_PLL_IC);
    advance(60000 * MS);
    t1 = get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 1));
    ck_assert_int_gt(t1, t0 + 5000);
    ck_assert_int_lt(t1, 90000);
    /* but slowly: no jump within 10 ms */
    advance(10 * MS);
    v = get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 1));
    ck_assert_int_lt(v > t1 ? v - t1 : t1 - v, 1000);
    hi = get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 23));
    ck_assert_int_ge(hi, v);
    ck_assert_int_gt(get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 9)),
                     get_ok(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 7)));
    /* offset and reset_history writes */
    {
        Msg m = { .op = CPUCP_OP_TEMPERATURE_SET, .value = 2000,
                  .index = sensor_idx(1, 20) };

        ck_assert_uint_eq(send_msg(&m).rc, 0);
        ck_assert_int_eq(get_ok(CPUCP_OP_TEMPERATURE_GET, 0,
                                sensor_idx(1, 20)), 2000);
        m.index = sensor_idx(0, 24);
        m.value = 0;
        ck_assert_uint_eq(send_msg(&m).rc, 0);
        m.index = sensor_idx(0, 1);     /* input is read-only */
        ck_assert_uint_ne(send_msg(&m).rc, 0);
    }
    assert_rejected(CPUCP_OP_TEMPERATURE_GET, 0, sensor_idx(0, 2));

    v = get_ok(CPUCP_OP_VOLTAGE_GET, 0, sensor_idx(0, 1));
    ck_assert_int_gt(v, 700);
    ck_assert_int_lt(v, 1000);
    ck_assert_int_ge(get_ok(CPUCP_OP_VOLTAGE_GET, 0, sensor_idx(0, 8)), v);
    c = get_ok(CPUCP_OP_CURRENT_GET, 0, sensor_idx(0, 1));
    p_mw = get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(0, 8));
    p_uw = get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(0, 9));
    ck_assert_int_gt(p_mw, 20000);
    ck_assert_int_lt(p_mw, 200000);
    ck_assert_int_lt(llabs(p_uw / 1000 - p_mw), p_mw / 50);
    /* P = U * I within 5 % */
    ck_assert_int_lt(llabs(v * c / 1000 - p_mw), p_mw / 20);
    ck_assert_int_ge(get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(0, 10)),
                     p_uw / 2);
    get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(0, 12));   /* reset history */
    get_ok(CPUCP_OP_VOLTAGE_SET, 0, sensor_idx(0, 9));
    get_ok(CPUCP_OP_CURRENT_SET, 0, sensor_idx(0, 9));
    assert_rejected(CPUCP_OP_CURRENT_SET, 0, sensor_idx(0, 1));
    assert_rejected(CPUCP_OP_POWER_GET, 0, sensor_idx(1, 9));

    /* fan follows the PWM duty cycle */
    get_ok(CPUCP_OP_PWM_SET, 1, sensor_idx(0, 1));      /* manual */
    get_ok(CPUCP_OP_PWM_SET, 255, sensor_idx(0, 0));
    ck_assert_uint_eq(get_ok(CPUCP_OP_PWM_GET, 0, sensor_idx(0, 0)), 255);
    ck_assert_uint_eq(get_ok(CPUCP_OP_PWM_GET, 0, sensor_idx(0, 1)), 1);
    v = get_ok(CPUCP_OP_FAN_SPEED_GET, 0, sensor_idx(0, 1));
    get_ok(CPUCP_OP_PWM_SET, 50, sensor_idx(0, 0));
    ck_assert_int_lt(get_ok(CPUCP_OP_FAN_SPEED_GET, 0, sensor_idx(0, 1)), v);
    ck_assert_int_le(v, get_ok(CPUCP_OP_FAN_SPEED_GET, 0, sensor_idx(0, 4)));
    assert_rejected(CPUCP_OP_PWM_SET, 256, sensor_idx(0, 0));
    assert_rejected(CPUCP_OP_PWM_SET, 3, sensor_idx(0, 1));
    assert_rejected(CPUCP_OP_FAN_SPEED_GET, 0, sensor_idx(0, 9));
}
END_TEST

START_TEST(test_energy_and_pci)
{
    uint64_t e0, e1, e2;
    int64_t p;

    operational();
    e0 = get_ok(CPUCP_OP_TOTAL_ENERGY_GET, 0, 0);
    p = get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(0, 8));
    advance(10000 * MS);
    e1 = get_ok(CPUCP_OP_TOTAL_ENERGY_GET, 0, 0);
    ck_assert_uint_gt(e1, e0);
    /* ~ power * 10 s (mJ) within 20 % */
    ck_assert_int_lt(llabs((int64_t)(e1 - e0) - p * 10), p * 2);
    advance(MS);
    e2 = get_ok(CPUCP_OP_TOTAL_ENERGY_GET, 0, 0);
    ck_assert_uint_ge(e2, e1);
    ck_assert_uint_gt(get_ok(CPUCP_OP_PCIE_THROUGHPUT_GET, 0, 1), 0);
    ck_assert_uint_gt(get_ok(CPUCP_OP_PCIE_THROUGHPUT_GET, 0, 0), 0);
    assert_rejected(CPUCP_OP_PCIE_THROUGHPUT_GET, 0, 2);
    ck_assert_uint_eq(get_ok(CPUCP_OP_PCIE_REPLAY_CNT_GET, 0, 0), 0);
    /* energy survives a hard reset of the CPU */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    boot_to_linux();
    ck_assert_uint_ge(get_ok(CPUCP_OP_TOTAL_ENERGY_GET, 0, 0), e2);
}
END_TEST

START_TEST(test_eeprom)
{
    Msg m = { .op = CPUCP_OP_EEPROM_DATA_GET, .value = BUF_VA,
              .index = 4096 };
    Reply r;
    const uint8_t *e = F.host + (BUF_VA - HOST_BASE);

    operational();
    memset(F.host + (BUF_VA - HOST_BASE), 0, 8192);
    r = send_msg(&m);
    ck_assert_uint_eq(r.rc, 0);
    ck_assert_uint_eq(r.result, 4096);
    ck_assert_mem_eq(e, "HLEE", 4);
    ck_assert_ptr_nonnull(strstr((const char *)e + 16,
                                 "serial=TESTSERIAL42"));
    m.index = 8192;         /* bigger than the EEPROM: clamped */
    ck_assert_uint_eq(send_msg(&m).result, 4096);
    m.index = 0;
    ck_assert_uint_ne(send_msg(&m).rc, 0);
}
END_TEST

START_TEST(test_rejections)
{
    static const uint32_t rejected[] = {
        CPUCP_OP_HBM_REPLACED_ROWS_INFO_GET, CPUCP_OP_HBM_PENDING_ROWS_STATUS,
        CPUCP_OP_SEC_ATTEST_GET, CPUCP_OP_I2C_RD, CPUCP_OP_I2C_WR,
        CPUCP_OP_LED_SET, 15, 23, 37, 45, 99, 0x1FFF, 0,
    };
    Reply r;

    operational();
    for (size_t i = 0; i < G_N_ELEMENTS(rejected); i++) {
        assert_rejected(rejected[i], 0, 0);
    }
    r = send_op(99, 0, 0);
    ck_assert_uint_eq(r.rc, 1);
    /* the opcode bits are preserved in ctl */
    ck_assert_uint_eq((GUINT32_FROM_LE(pkt_mem()->ctl) >> 16) & 0x1FFF, 99);
    ck_assert_uint_eq(get_ok(CPUCP_OP_TEST, 0x1234, 0), 0x1234);
}
END_TEST

START_TEST(test_unmask)
{
    operational();
    get_ok(CPUCP_OP_UNMASK_RAZWI_IRQ, 449, 0);
    assert_rejected(CPUCP_OP_UNMASK_RAZWI_IRQ, 1024, 0);
    {
        uint8_t buf[8] = { 200, 0, 0, 0 };      /* count way too big */
        Msg m = { .op = CPUCP_OP_UNMASK_RAZWI_IRQ_ARRAY, .len = 32,
                  .extra = buf, .extra_len = sizeof(buf) };

        ck_assert_uint_ne(send_msg(&m).rc, 0);
        m.len = 24;                             /* no count at all */
        ck_assert_uint_ne(send_msg(&m).rc, 0);
    }
}
END_TEST

START_TEST(test_bad_packets)
{
    Reply r;

    operational();
    /* BD lengths outside 24..4096: error rc and fence, fw keeps going */
    {
        Msg m = { .op = CPUCP_OP_TEST, .value = 1, .len = 8 };

        r = send_msg(&m);
        ck_assert(r.fenced);
        ck_assert_uint_eq(r.rc, CPUCP_RC_INVALID_PKT);
        m.len = 4097;
        r = send_msg(&m);
        ck_assert(r.fenced);
        ck_assert_uint_ne(r.rc, 0);
        m.len = 0xFFFFFFFF;
        ck_assert_uint_ne(send_msg(&m).rc, 0);
    }
    /* a BD pointing nowhere gets no reply */
    submit_bd(0x4000000000ull, 24);
    advance(10 * MS);
    /* a packet whose payload faults gets no reply */
    F.fault_lo = PKT_VA + 100;
    F.fault_hi = PKT_VA + 101;
    {
        Msg m = { .op = CPUCP_OP_TEST, .value = 7, .len = 200 };

        r = send_msg(&m);
        ck_assert(!r.fenced);
    }
    F.fault_lo = F.fault_hi = 0;
    /* an unreadable BD: skipped */
    F.fault_lo = PQ_VA + (F.pi & 4095) * 16;
    F.fault_hi = F.fault_lo + 16;
    {
        Msg m = { .op = CPUCP_OP_TEST, .value = 7 };

        r = send_msg(&m);
        ck_assert(!r.fenced);
    }
    F.fault_lo = F.fault_hi = 0;
    /* still serving */
    ck_assert_uint_eq(get_ok(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0),
                      CPUCP_FENCE_VAL);
}
END_TEST

START_TEST(test_queue_out_of_sync)
{
    GoyaFwEqe *eq = (GoyaFwEqe *)(F.host + (EQ_VA - HOST_BASE));
    uint32_t ctl;

    operational();
    /* PI jumps more than a ring ahead of the fw CI */
    wreg(mmCPU_IF_PF_PQ_PI, (F.pi + 5000) & 8191);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    advance(MS);
    ctl = GUINT32_FROM_LE(eq[0].ctl);
    ck_assert_uint_eq(ctl & 0x80000000, 0x80000000);
    ck_assert_uint_eq((ctl >> 16) & 0xFFF, 506);
    ck_assert_uint_eq(F.msix_count[5], 1);
}
END_TEST

START_TEST(test_pq_wrap)
{
    uint32_t pi0;

    operational();
    pi0 = F.pi;
    /*
     * 16384 messages: four wraps of the 4096-entry ring and two of the PI
     * (kept modulo 8192 by the driver's hl_queue_inc_ptr()); at each ring
     * end a batch of BDs behind one doorbell straddles the wrap.
     */
    for (int i = 0; i < 16384;) {
        if ((F.pi & 4095) == 4094 && i + 4 <= 16384) {
            GoyaCpucpPkt *p[4];
            uint32_t pi = F.pi;

            for (int k = 0; k < 4; k++) {
                GoyaFwBd *bd = (GoyaFwBd *)(F.host + (PQ_VA - HOST_BASE)) +
                               (F.pi & 4095);

                p[k] = (GoyaCpucpPkt *)(F.host + (BUF_VA - HOST_BASE) +
                                        64 * k);
                memset(p[k], 0, 24);
                p[k]->ctl = GUINT32_TO_LE(CPUCP_OP_TEST << 16);
                p[k]->value = GUINT64_TO_LE(i + k);
                p[k]->fence = 0xFFFFFFFF;
                F.pi = (F.pi + 1) & 8191;
                bd->ptr = GUINT64_TO_LE(BUF_VA + 64 * k);
                bd->len = GUINT32_TO_LE(24);
                bd->ctl = GUINT32_TO_LE(F.pi);
            }
            ck_assert_uint_eq(F.pi, (pi + 4) & 8191);
            wreg(mmCPU_IF_PF_PQ_PI, F.pi);
            wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
            advance(MS);
            for (int k = 0; k < 4; k++) {
                ck_assert_uint_eq(GUINT32_FROM_LE(p[k]->fence),
                                  CPUCP_FENCE_VAL);
                ck_assert_uint_eq(GUINT64_FROM_LE(p[k]->value), i + k);
            }
            i += 4;
            continue;
        }
        Reply r = send_op(CPUCP_OP_TEST, i, 0);

        ck_assert(r.fenced);
        ck_assert_uint_eq(r.result, (uint64_t)i);
        i++;
    }
    ck_assert_uint_eq(F.pi, (pi0 + 16384) & 8191);
    /* no out-of-sync event was posted along the way */
    ck_assert_uint_eq(F.msix_count[5], 0);
}
END_TEST

START_TEST(test_batched_doorbell)
{
    GoyaCpucpPkt *p[3];

    operational();
    /* three BDs behind one doorbell (bounded walk CI -> PI) */
    for (int i = 0; i < 3; i++) {
        GoyaFwBd *bd = (GoyaFwBd *)(F.host + (PQ_VA - HOST_BASE)) +
                       (F.pi & 4095);

        p[i] = (GoyaCpucpPkt *)(F.host + (BUF_VA - HOST_BASE) + 64 * i);
        memset(p[i], 0, 24);
        p[i]->ctl = GUINT32_TO_LE(CPUCP_OP_TEST << 16);
        p[i]->value = GUINT64_TO_LE(100 + i);
        p[i]->fence = 0xFFFFFFFF;
        F.pi = (F.pi + 1) & 8191;
        bd->ptr = GUINT64_TO_LE(BUF_VA + 64 * i);
        bd->len = GUINT32_TO_LE(24);
        bd->ctl = GUINT32_TO_LE(F.pi);
    }
    wreg(mmCPU_IF_PF_PQ_PI, F.pi);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    advance(MS);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(GUINT32_FROM_LE(p[i]->fence), CPUCP_FENCE_VAL);
        ck_assert_uint_eq(GUINT64_FROM_LE(p[i]->value), 100 + i);
    }
}
END_TEST

START_TEST(test_reset_mid_packet)
{
    operational();
    pkt_mem()->fence = 0xFFFFFFFF;
    pkt_mem()->ctl = GUINT32_TO_LE(CPUCP_OP_TEST << 16);
    submit_bd(PKT_VA, 24);
    /* the doorbell is latched but not served yet */
    ck_assert_uint_eq(pkt_mem()->fence, 0xFFFFFFFF);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x7FFE00);
    advance(100 * MS);
    ck_assert_uint_eq(pkt_mem()->fence, 0xFFFFFFFF);
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 16);
    /* and a stale PI register from before the reset does not leak */
    ck_assert_uint_eq(rreg(mmCPU_IF_PF_PQ_PI), 0);
    boot_to_linux();
    late_init();
}
END_TEST

START_TEST(test_heartbeat)
{
    operational();
    for (int i = 0; i < 12; i++) {
        advance(5000 * MS);
        ck_assert_uint_eq(get_ok(CPUCP_OP_TEST, CPUCP_FENCE_VAL, 0),
                          CPUCP_FENCE_VAL);
    }
    ck_assert_uint_eq(rreg(mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS), 3);
}
END_TEST

START_TEST(test_eq)
{
    GoyaFwEqe *eq = (GoyaFwEqe *)(F.host + (EQ_VA - HOST_BASE));
    uint32_t payload[2] = { GUINT32_TO_LE(7), GUINT32_TO_LE(9) };
    uint32_t ctl;
    int sent = 0;

    /* not before the queues exist */
    ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 0), -1);
    boot_to_linux();
    late_init();
    /* host registered (SPI 486 in late_init) */
    ck_assert_int_eq(goya_fw_send_event(F.fw, 506, payload, 8), 0);
    ctl = GUINT32_FROM_LE(eq[0].ctl);
    ck_assert_uint_eq(ctl, 0x80000000u | 506u << 16 | 1);
    ck_assert_mem_eq(&eq[0].data[0], payload, 8);
    ck_assert_uint_eq(F.msix_count[5], 1);
    ck_assert_int_eq(goya_fw_send_event(F.fw, 1024, NULL, 0), -1);
    ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 57), -1);
    /* fill: one slot always stays free (64 entries of 64 B in 0x1000) */
    for (sent = 0; sent < 62; sent++) {
        ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 0), 0);
    }
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[62].ctl) >> 16) & 0xFFF, 449);
    ck_assert_uint_eq(GUINT32_FROM_LE(eq[63].ctl), 0);
    ck_assert_uint_eq(F.msix_count[5], 63);
    /* EQ full: the firmware holds further events until CI moves */
    ck_assert_int_eq(goya_fw_send_event(F.fw, 360, NULL, 0), 0);
    ck_assert_int_eq(goya_fw_send_event(F.fw, 361, NULL, 0), 0);
    ck_assert_uint_eq(GUINT32_FROM_LE(eq[63].ctl), 0);
    ck_assert_uint_eq(F.msix_count[5], 63);
    /* host consumes two entries: held events land in order */
    eq[0].ctl = 0;
    eq[1].ctl = 0;
    wreg(mmCPU_EQ_CI, 2);
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[63].ctl) >> 16) & 0xFFF, 360);
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[0].ctl) >> 16) & 0xFFF, 361);
    ck_assert_uint_eq(GUINT32_FROM_LE(eq[0].ctl) & 0xFFFF, 65);
    ck_assert_uint_eq(GUINT32_FROM_LE(eq[1].ctl), 0);
    ck_assert_uint_eq(F.msix_count[5], 65);
    /* full again (PI 1, CI 2): 362 waits; an EQ memory fault when it
     * is finally written loses it, and later events too */
    ck_assert_int_eq(goya_fw_send_event(F.fw, 362, NULL, 0), 0);
    F.fault_lo = EQ_VA;
    F.fault_hi = EQ_VA + 0x1000;
    wreg(mmCPU_EQ_CI, 3);
    ck_assert_uint_eq(GUINT32_FROM_LE(eq[1].ctl), 0);
    ck_assert_int_eq(goya_fw_send_event(F.fw, 363, NULL, 0), -1);
}
END_TEST

/* EQ back-pressure: a burst larger than the EQ is held (bounded) and
 * delivered in order, one slot always free, as the driver's CI moves. */
START_TEST(test_eq_backpressure)
{
    GoyaFwEqe *eq = (GoyaFwEqe *)(F.host + (EQ_VA - HOST_BASE));
    uint32_t ci = 0, seen = 0, held;
    int queued = 0;

    operational();
    /* 63 posted + 256 held; the next one has nowhere to go */
    for (int i = 0; i < 63 + 256; i++) {
        ck_assert_int_eq(goya_fw_send_event(F.fw, 100 + i % 400, NULL, 0),
                         0);
        queued++;
    }
    ck_assert_int_eq(goya_fw_send_event(F.fw, 999, NULL, 0), -1);
    ck_assert_uint_eq(F.msix_count[5], 63);
    held = queued - 63;
    ck_assert_uint_eq(held, 256);
    /* the driver consumes like hl_irq_handler_eq(): entries with the
     * valid bit, CI modulo 64, then writes CPU_EQ_CI */
    for (int round = 0; round < 1000 && seen < (uint32_t)queued; round++) {
        for (int k = 0; k < 5; k++) {
            uint32_t ctl = GUINT32_FROM_LE(eq[ci].ctl);

            if (!(ctl & 0x80000000u)) {
                break;
            }
            ck_assert_uint_eq((ctl >> 16) & 0xFFF, 100 + seen % 400);
            ck_assert_uint_eq(ctl & 0xFFFF, (seen + 1) & 0xFFFF);
            eq[ci].ctl = 0;
            ci = (ci + 1) % 64;
            seen++;
        }
        wreg(mmCPU_EQ_CI, ci);
        /* never more than 63 valid entries: one slot stays free */
        ck_assert_uint_eq(GUINT32_FROM_LE(eq[(ci + 63) % 64].ctl), 0);
    }
    ck_assert_uint_eq(seen, (uint32_t)queued);
    ck_assert_uint_eq(F.msix_count[5], (uint32_t)queued);
    /* drained: a new event goes straight in */
    ck_assert_int_eq(goya_fw_send_event(F.fw, 7, NULL, 0), 0);
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[ci].ctl) >> 16) & 0xFFF, 7);
}
END_TEST

START_TEST(test_eq_not_registered)
{
    boot_to_linux();
    /* queues up, but no INTS_REGISTER yet */
    ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 0), -1);
    ck_assert_uint_eq(F.msix_count[5], 0);
    late_init();
    ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 0), 0);
    /* DISABLE_PCI_ACCESS stops events */
    get_ok(CPUCP_OP_DISABLE_PCI_ACCESS, 0, 0);
    ck_assert_int_eq(goya_fw_send_event(F.fw, 449, NULL, 0), -1);
    ck_assert_uint_eq(F.msix_count[5], 1);
}
END_TEST

START_TEST(test_engine_irq_forwarding)
{
    GoyaFwEqe *eq = (GoyaFwEqe *)(F.host + (EQ_VA - HOST_BASE));

    operational();
    /* an engine error interrupt becomes one event until unmasked */
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 449);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 449);
    ck_assert_uint_eq(F.msix_count[5], 1);
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[0].ctl) >> 16) & 0xFFF, 449);
    get_ok(CPUCP_OP_UNMASK_RAZWI_IRQ, 449, 0);
    wreg(mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 449);
    ck_assert_uint_eq(F.msix_count[5], 2);
}
END_TEST

START_TEST(test_power_throttle_event)
{
    GoyaFwEqe *eq = (GoyaFwEqe *)(F.host + (EQ_VA - HOST_BASE));
    uint64_t cur;

    operational();
    get_ok(CPUCP_OP_MAX_POWER_SET, 10000, 0);    /* 10 W: below idle */
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[0].ctl) >> 16) & 0xFFF, 507);
    ck_assert_uint_le(get_ok(CPUCP_OP_POWER_GET, 0, sensor_idx(0, 8)),
                      10000);
    get_ok(CPUCP_OP_FREQUENCY_SET, 1000000000, GOYA_FW_PLL_TPC);
    cur = get_ok(CPUCP_OP_FREQUENCY_CURR_GET, 0, GOYA_FW_PLL_TPC);
    ck_assert_uint_lt(cur, 1000000000);
    get_ok(CPUCP_OP_MAX_POWER_SET, 200000, 0);
    ck_assert_uint_eq((GUINT32_FROM_LE(eq[1].ctl) >> 16) & 0xFFF, 508);
    ck_assert_uint_eq(get_ok(CPUCP_OP_FREQUENCY_CURR_GET, 0,
                             GOYA_FW_PLL_TPC), 1000000000);
}
END_TEST

START_TEST(test_unowned_regs)
{
    uint32_t v;

    ck_assert(!goya_fw_reg_read(F.fw, 0x400000, &v));
    ck_assert(!goya_fw_reg_write(F.fw, 0x400000, 1));
    ck_assert(!goya_fw_reg_read(F.fw, 0xC4B101, &v));
    ck_assert(goya_fw_reg_read(F.fw, mmCPU_IF_PF_PQ_PI, &v));
    goya_fw_free(NULL);
}
END_TEST

static Suite *fw_suite(void)
{
    Suite *s = suite_create("goya_fw");
    TCase *tc = tcase_create("fw");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_poweron_state);
    tcase_add_test(tc, test_full_boot);
    tcase_add_loop_test(tc, test_boot_fit_bad, 0, G_N_ELEMENTS(fit_bad));
    tcase_add_loop_test(tc, test_linux_fit_bad, 0, G_N_ELEMENTS(fit_bad));
    tcase_add_test(tc, test_fit_unreadable);
    tcase_add_test(tc, test_out_of_order);
    tcase_add_test(tc, test_reset_mid_boot);
    tcase_add_test(tc, test_soft_reset_keeps_cpu);
    tcase_add_test(tc, test_hard_reset_flow);
    tcase_add_test(tc, test_handshake_errors);
    tcase_add_test(tc, test_info_get);
    tcase_add_test(tc, test_freq_power_pll);
    tcase_add_test(tc, test_sensors);
    tcase_add_test(tc, test_energy_and_pci);
    tcase_add_test(tc, test_eeprom);
    tcase_add_test(tc, test_rejections);
    tcase_add_test(tc, test_unmask);
    tcase_add_test(tc, test_bad_packets);
    tcase_add_test(tc, test_queue_out_of_sync);
    tcase_add_test(tc, test_pq_wrap);
    tcase_add_test(tc, test_batched_doorbell);
    tcase_add_test(tc, test_reset_mid_packet);
    tcase_add_test(tc, test_heartbeat);
    tcase_add_test(tc, test_eq);
    tcase_add_test(tc, test_eq_backpressure);
    tcase_add_test(tc, test_eq_not_registered);
    tcase_add_test(tc, test_engine_irq_forwarding);
    tcase_add_test(tc, test_power_throttle_event);
    tcase_add_test(tc, test_unowned_regs);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fw_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
