/*
 * Unit tests of the Goya queue managers: DMA QMAN 0 driven like the 6.1
 * driver drives it (PQ in host memory, BDs, PQ_PI doorbell), the packet
 * interpreter, LIN_DMA in every direction, fences, CP_DMA to the MME
 * CMDQ, error reporting and recovery through the engine reset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"
#include "goya_fw_regs.h"

#define HPB(pci)        (HOST_PHYS_BASE + (pci))

/* Host RAM layout (PCI addresses) */
#define PQ_PCI          0x100000ull     /* 4096 x 16 B */
#define CB_PCI          0x200000ull     /* command buffers */
#define CB2_PCI         0x280000ull
#define FENCE_PCI       0x10000ull      /* completion words */
#define ERR_PCI         0x20000ull      /* GLBL_ERR message */
#define CHERR_PCI       0x20010ull      /* DMA channel ERRMSG */
#define CQ_PCI          0x30000ull      /* completion queue */
#define DATA_PCI        0x800000ull     /* data buffers (up to 56 MiB) */

#define QERR_UNDEF_OPCODE   (1u << 1)
#define QERR_PKT_SIZE       (1u << 2)
#define QERR_PQ_FETCH       (1u << 4)
#define QERR_CB_FETCH       (1u << 5)
#define QERR_MSG_WRITE      (1u << 6)
#define QERR_WREG_PROT      (1u << 7)
#define QERR_CP_DMA         (1u << 8)
#define QERR_DMA            (1u << 9)

#define CTL(op)         ((uint32_t)(op) << GOYA_PKT_CTL_OPCODE_SHIFT)
#define EB              0x20000000u
#define RB              0x40000000u
#define MB              0x80000000u
#define DMA_WO          0x1u
#define DMA_WRCOMP      0x4u
#define DMA_MEMSET      0x40u
#define DIR(d)          ((uint32_t)(d) << 20)
#define FENCE_OK        0xD169B243u

/* ---- command buffers ----------------------------------------------- */

typedef struct CB {
    uint64_t pci;               /* where it lives in host RAM */
    uint32_t len;
} CB;

static void cb_begin(CB *cb, uint64_t pci)
{
    cb->pci = pci;
    cb->len = 0;
}

static uint64_t cb_addr(const CB *cb)
{
    return HPB(cb->pci);
}

static void cb_put(CB *cb, uint32_t w0, uint32_t ctl, const uint64_t *q,
                   unsigned nq)
{
    uint8_t *p = fake_ram(cb->pci + cb->len);
    uint32_t le;

    le = GUINT32_TO_LE(w0);
    memcpy(p, &le, 4);
    le = GUINT32_TO_LE(ctl);
    memcpy(p + 4, &le, 4);
    for (unsigned i = 0; i < nq; i++) {
        uint64_t v = GUINT64_TO_LE(q[i]);

        memcpy(p + 8 + 8 * i, &v, 8);
    }
    cb->len += 8 + 8 * nq;
}

static void pk_nop(CB *cb)
{
    cb_put(cb, 0, CTL(PACKET_NOP), NULL, 0);
}

static void pk_stop(CB *cb)
{
    cb_put(cb, 0, CTL(PACKET_STOP), NULL, 0);
}

static void pk_msg_prot(CB *cb, uint64_t addr, uint32_t val, uint32_t bits)
{
    cb_put(cb, val, CTL(PACKET_MSG_PROT) | bits, &addr, 1);
}

static void pk_msg_long(CB *cb, uint64_t addr, uint32_t val)
{
    cb_put(cb, val, CTL(PACKET_MSG_LONG) | MB, &addr, 1);
}

/* hl.h builder layout: offset 15:0, op 21:20, base 23:22 */
static void pk_msg_short(CB *cb, unsigned base, uint32_t off, uint32_t val)
{
    cb_put(cb, val, CTL(PACKET_MSG_SHORT) | MB | base << 22 | (off & 0xFFFF),
           NULL, 0);
}

static void pk_wreg32(CB *cb, uint32_t off, uint32_t val)
{
    cb_put(cb, val, CTL(PACKET_WREG_32) | (off & 0xFFFF), NULL, 0);
}

static void pk_wreg_bulk(CB *cb, uint32_t off, const uint64_t *v, unsigned n)
{
    cb_put(cb, n, CTL(PACKET_WREG_BULK) | (off & 0xFFFF), v, n);
}

static void pk_lin_dma(CB *cb, uint64_t src, uint64_t dst, uint32_t size,
                       uint32_t bits)
{
    uint64_t q[2] = { src, dst };

    cb_put(cb, size, CTL(PACKET_LIN_DMA) | bits, q, 2);
}

/* cfg: dec 3:0, target 23:16, id 31:30 */
static void pk_fence(CB *cb, unsigned id, unsigned target, unsigned dec)
{
    cb_put(cb, dec | target << 16 | id << 30, CTL(PACKET_FENCE), NULL, 0);
}

static void pk_cp_dma(CB *cb, uint64_t src, uint32_t size)
{
    cb_put(cb, size, CTL(PACKET_CP_DMA), &src, 1);
}

static void pk_raw(CB *cb, uint32_t w0, uint32_t ctl)
{
    cb_put(cb, w0, ctl, NULL, 0);
}

/* ---- DMA QMAN 0 as goya_init_dma_qman() programs it ---------------- */

#define QM0             mmDMA_QM_0_GLBL_CFG0
#define CH0             (QM0 + 0x1000)
#define QREG(off)       (QM0 + (off))

static uint32_t pq_pi;

static void init_dma_qman(uint32_t prot)
{
    wreg(QREG(QM_PQ_BASE_LO), (uint32_t)HPB(PQ_PCI));
    wreg(QREG(QM_PQ_BASE_HI), HPB(PQ_PCI) >> 32);
    wreg(QREG(QM_PQ_SIZE), 12);
    wreg(QREG(QM_PQ_PI), 0);
    wreg(QREG(QM_PQ_CI), 0);
    wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO),
         (uint32_t)(CFG_BASE + mmSYNC_MNGR_MON_PAY_ADDRL_0));
    wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 4),
         (CFG_BASE + mmSYNC_MNGR_MON_PAY_ADDRL_0) >> 32);
    wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 8),
         (uint32_t)(CFG_BASE + mmSYNC_MNGR_SOB_OBJ_0));
    wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 12),
         (CFG_BASE + mmSYNC_MNGR_SOB_OBJ_0) >> 32);
    /* error messages to host memory so that tests can see them */
    wreg(QREG(QM_GLBL_ERR_ADDR_LO), (uint32_t)HPB(ERR_PCI));
    wreg(QREG(QM_GLBL_ERR_ADDR_HI), HPB(ERR_PCI) >> 32);
    wreg(QREG(QM_GLBL_ERR_WDATA), GOYA_ASYNC_EVENT_ID_DMA0_QM);
    wreg(QREG(0x78), 0x00020002);       /* PQ_CFG1 */
    wreg(QREG(0xB4), 0x00080008);       /* CQ_CFG1 */
    wreg(QREG(QM_GLBL_PROT), prot);
    wreg(QREG(QM_GLBL_ERR_CFG), 0xDB6);
    wreg(QREG(QM_GLBL_CFG0), 0xF);
    /* goya_init_dma_ch() */
    wreg(mmDMA_CH_0_ERRMSG_ADDR_LO, (uint32_t)HPB(CHERR_PCI));
    wreg(mmDMA_CH_0_ERRMSG_ADDR_HI, HPB(CHERR_PCI) >> 32);
    wreg(mmDMA_CH_0_ERRMSG_WDATA, GOYA_ASYNC_EVENT_ID_DMA0_CH);
    wreg(mmDMA_CH_0_WR_COMP_ADDR_HI, 0x7F);
    wreg(mmDMA_CH_0_WR_COMP_WDATA, 0x80000001);
    wreg(mmDMA_CH_0_WR_COMP_ADDR_LO, 0xFC112FBC);
    pq_pi = 0;
}

static void qman_setup(void)
{
    fake_host_setup();
    init_dma_qman(0xFF);
    memset(fake_ram(ERR_PCI), 0, 0x20);
}

static void qman_teardown(void)
{
    fake_host_teardown();
}

/* hl_hw_queue_submit_bd() + goya_ring_doorbell() */
static void put_bd(uint64_t ptr, uint32_t len)
{
    uint64_t bd = PQ_PCI + 16ull * (pq_pi & 4095);

    fake_ram_wr64(bd, ptr);
    fake_ram_wr32(bd + 8, len);
    fake_ram_wr32(bd + 12, pq_pi & 0xFFF);
    pq_pi = (pq_pi + 1) & 8191;
}

static void ring(void)
{
    wreg(QREG(QM_PQ_PI), pq_pi);
}

static void submit(const CB *cb)
{
    put_bd(cb_addr(cb), cb->len);
    ring();
}

static bool q0_error(void)
{
    return fh.s->qman[0].error;
}

static uint32_t q0_sts1(void)
{
    return rreg(QREG(QM_GLBL_STS1));
}

static void assert_idle_ok(void)
{
    ck_assert_msg(!q0_error(), "queue error, STS1 0x%x", q0_sts1());
    ck_assert_uint_eq(q0_sts1(), 0);
    ck_assert_uint_eq(rreg(QREG(QM_GLBL_STS0)) & 0xF, 0xF);
    ck_assert_uint_eq(rreg(mmDMA_CH_0_STS0) & 1, 0);
}

static void assert_error(uint32_t cause)
{
    ck_assert_msg(q0_error(), "no queue error");
    ck_assert_msg(q0_sts1() & cause, "STS1 0x%x lacks 0x%x", q0_sts1(),
                  cause);
}

static void fill(uint8_t *p, uint64_t len, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;

    for (uint64_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = x >> 16;
    }
}

/* ---- basic execution ----------------------------------------------- */

START_TEST(test_queue_test_msg_prot)
{
    CB cb;

    /* goya_test_queue(): one MSG_PROT of the fence value to host memory */
    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, HPB(FENCE_PCI), FENCE_OK, EB | MB);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), FENCE_OK);
    ck_assert_uint_eq(rreg(QREG(QM_PQ_CI)), 1);
    assert_idle_ok();
    /* the error message was not sent */
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), 0);
}
END_TEST

START_TEST(test_external_completion)
{
    CB cb;
    uint64_t data = DATA_PCI;

    /* goya_add_end_of_cb_packets(): CQ entry, then MSI-X doorbell */
    for (unsigned job = 0; job < 3; job++) {
        cb_begin(&cb, CB_PCI + 0x1000 * job);
        pk_lin_dma(&cb, HPB(data), 0x20000000 + job * 0x1000, 0x100,
                   DIR(0));
        pk_msg_prot(&cb, HPB(CQ_PCI + 4 * job),
                    0xC0000000u | (pq_pi & 0xFFF), EB | MB);
        pk_msg_prot(&cb, CFG_BASE + mmPCIE_DBI_MSIX_DOORBELL_OFF, 0, MB);
        put_bd(cb_addr(&cb), cb.len);
    }
    /* one doorbell for three BDs */
    fill(fake_ram(data), 0x100, 1);
    ring();
    for (unsigned job = 0; job < 3; job++) {
        ck_assert_uint_eq(fake_ram_rd32(CQ_PCI + 4 * job),
                          0xC0000000u | job);
        ck_assert_int_eq(memcmp(fh.s->dram + 0x20000000 + job * 0x1000,
                                fake_ram(data), 0x100), 0);
    }
    ck_assert_uint_eq(fake_msix_count(0), 3);
    ck_assert_uint_eq(fh.msix_total, 3);
    ck_assert_uint_eq(rreg(QREG(QM_PQ_CI)), 3);
    assert_idle_ok();
}
END_TEST

START_TEST(test_pq_wrap)
{
    CB cb;

    /* PI counts modulo 2 x 4096: run more than a whole lap */
    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, CFG_BASE + mmPCIE_DBI_MSIX_DOORBELL_OFF, 0, MB);
    for (unsigned i = 0; i < 8192 + 100; i++) {
        submit(&cb);
        if (i % 1000 == 0) {
            ck_assert_uint_eq(fake_msix_count(0), i + 1);
        }
    }
    ck_assert_uint_eq(fake_msix_count(0), 8192 + 100);
    ck_assert_uint_eq(rreg(QREG(QM_PQ_CI)), 100);
    /* a batch of 4000 entries behind one doorbell */
    for (unsigned i = 0; i < 4000; i++) {
        put_bd(cb_addr(&cb), cb.len);
    }
    ring();
    ck_assert_uint_eq(fake_msix_count(0), 8192 + 4100);
    assert_idle_ok();
}
END_TEST

START_TEST(test_enable_and_stop)
{
    CB cb;

    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    /* disabled queue: the doorbell is latched, nothing runs */
    wreg(QREG(QM_GLBL_CFG0), 0);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    ck_assert_uint_eq(rreg(QREG(QM_GLBL_STS0)) & 0xF, 0);   /* not idle */
    wreg(QREG(QM_GLBL_CFG0), 0xF);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);

    /* CP_STOP holds execution; clearing it resumes */
    wreg(QREG(QM_GLBL_CFG1), QM_GLBL_CFG1_CP_STOP);
    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 2, MB);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);
    ck_assert(rreg(QREG(QM_GLBL_STS0)) & 0x40);
    wreg(QREG(QM_GLBL_CFG1), 0);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 2);

    /* the STOP packet sets CP_STOP itself */
    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 3, MB);
    pk_stop(&cb);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 4, MB);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 3);
    ck_assert_uint_eq(rreg(QREG(QM_GLBL_CFG1)) & QM_GLBL_CFG1_CP_STOP,
                      QM_GLBL_CFG1_CP_STOP);
    ck_assert(rreg(QREG(QM_GLBL_STS0)) & 0x40);
    wreg(QREG(QM_GLBL_CFG1), 0);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 4);
    /* NOPs and an empty BD (len 0) are fine */
    cb_begin(&cb, CB_PCI);
    pk_nop(&cb);
    pk_nop(&cb);
    submit(&cb);
    put_bd(cb_addr(&cb), 0);
    ring();
    assert_idle_ok();
    ck_assert_uint_eq(rreg(QREG(QM_PQ_CI)), 5);
}
END_TEST

/* ---- LIN_DMA ------------------------------------------------------- */

typedef enum { M_HOST, M_DRAM, M_SRAM } Mem;

static uint8_t *mem_ptr(Mem m, uint64_t off)
{
    switch (m) {
    case M_HOST:
        return fake_ram(DATA_PCI + off);
    case M_DRAM:
        return fh.s->dram + 0x20000000 + off;
    default:
        return fh.s->sram + 0x8000 + off;
    }
}

static uint64_t mem_addr(Mem m, uint64_t off)
{
    switch (m) {
    case M_HOST:
        return HPB(DATA_PCI + off);
    case M_DRAM:
        return 0x20000000 + off;
    default:
        return SRAM_BASE_ADDR + 0x8000 + off;
    }
}

static void run_dma(Mem sm, uint64_t so, Mem dm, uint64_t dof, uint32_t len,
                    unsigned seed)
{
    g_autofree uint8_t *want = g_malloc(len + 2);
    uint8_t *src = mem_ptr(sm, so), *dst = mem_ptr(dm, dof);
    CB cb;

    fill(src, len, seed);
    /* guard bytes around the destination */
    dst[-1] = 0xA5;
    memset(dst, 0x5A, len);
    dst[len] = 0xC3;
    memcpy(want, src, len);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, mem_addr(sm, so), mem_addr(dm, dof), len,
               RB | MB | DMA_WO);
    pk_msg_prot(&cb, HPB(FENCE_PCI), seed, MB);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), seed);
    ck_assert_msg(memcmp(dst, want, len) == 0, "%d->%d len %u", sm, dm, len);
    ck_assert_uint_eq(dst[-1], 0xA5);
    ck_assert_uint_eq(dst[len], 0xC3);
}

START_TEST(test_lin_dma_directions)
{
    static const uint32_t sizes[] = { 1, 3, 8, 4095, 4097, 65537,
                                      (1u << 20) + 13 };
    static const struct { Mem s, d; } dirs[] = {
        { M_HOST, M_DRAM }, { M_HOST, M_SRAM }, { M_DRAM, M_SRAM },
        { M_SRAM, M_DRAM }, { M_SRAM, M_HOST }, { M_DRAM, M_HOST },
        { M_DRAM, M_DRAM }, { M_SRAM, M_SRAM }, { M_HOST, M_HOST },
    };
    unsigned seed = 1;

    for (unsigned d = 0; d < G_N_ELEMENTS(dirs); d++) {
        for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
            uint64_t so = 1 + 3 * i, dof = (4u << 20) + 7 + 5 * i;

            run_dma(dirs[d].s, so, dirs[d].d, dof, sizes[i], seed++);
        }
    }
}
END_TEST

START_TEST(test_lin_dma_host_paths)
{
    /* small host mappings, then no mapping at all (dma_read/write) */
    fh.map_max = 4096 + 8;
    run_dma(M_HOST, 3, M_DRAM, 5, 100001, 1);
    run_dma(M_DRAM, 3, M_HOST, 0x100001, 100001, 2);
    run_dma(M_HOST, 0, M_HOST, 0x200003, 70001, 3);
    fh.map_max = 0;
    fh.no_map = true;
    fh.dma_rws = 0;
    run_dma(M_HOST, 3, M_SRAM, 5, 100001, 4);
    run_dma(M_SRAM, 3, M_HOST, 0x100001, 100001, 5);
    run_dma(M_HOST, 1, M_HOST, 0x200001, 9999, 6);
    ck_assert_uint_gt(fh.dma_rws, 0);
}
END_TEST

START_TEST(test_lin_dma_overlap)
{
    uint8_t *d = fh.s->dram + 0x20000000;
    g_autofree uint8_t *want = g_malloc(100000);
    CB cb;

    /* DRAM -> DRAM, overlapping forward by 1000 bytes: memmove result */
    fill(d, 101000, 9);
    memcpy(want, d, 100000);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x20000000, 0x20000000 + 1000, 100000, DIR(6));
    submit(&cb);
    assert_idle_ok();
    ck_assert_int_eq(memcmp(d + 1000, want, 100000), 0);
}
END_TEST

static void run_memset(Mem m, uint64_t off, uint32_t len, uint64_t pattern)
{
    uint8_t *p = mem_ptr(m, off);
    CB cb;

    memset(p - 16, 0x3C, len + 32);
    cb_begin(&cb, CB_PCI);
    /* goya_memset_device_memory(): ctl 0xC900_0041 (+ dir 1 for SRAM) */
    pk_lin_dma(&cb, pattern, mem_addr(m, off), len,
               MB | RB | DMA_MEMSET | DMA_WO | DIR(m == M_SRAM ? 1 : 0));
    pk_msg_prot(&cb, HPB(FENCE_PCI), FENCE_OK, EB | MB);
    fake_ram_wr32(FENCE_PCI, 0);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), FENCE_OK);
    for (uint64_t i = 0; i < len; i++) {
        if (p[i] != (uint8_t)pattern) {
            ck_abort_msg("memset %d off %" PRIu64 ": byte %" PRIu64
                         " = 0x%x", m, off, i, p[i]);
        }
    }
    for (int i = 1; i <= 16; i++) {
        ck_assert_uint_eq(p[-i], 0x3C);
        ck_assert_uint_eq(p[len + i - 1], 0x3C);
    }
}

START_TEST(test_memset)
{
    static const uint32_t sizes[] = { 1, 7, 4096, 8191, 3 * 4096 + 1,
                                      (5u << 20) + 3 };
    static const uint64_t pats[] = { 0, 0x9999999999999999ull,
                                     0x7777777777777777ull };

    for (unsigned p = 0; p < G_N_ELEMENTS(pats); p++) {
        for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
            run_memset(M_DRAM, 16 + 4093 * i + p, sizes[i], pats[p]);
            run_memset(M_SRAM, 16 + 11 * i, sizes[i], pats[p]);
            run_memset(M_HOST, 16 + 13 * i, sizes[i], pats[p]);
        }
    }
}
END_TEST

START_TEST(test_memset_late_init)
{
    GoyaCore *s = fh.s;
    CB cb;

    /* late_init: the page-table area to 0, the default page to 0x99 */
    memset(s->dram + 0x10000000, 0xEE, 0x3000);
    memset(s->dram + 0x1FE01000 - 8, 0xEE, 16);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0, 0x10000000, 0x0FE01000, 0xC9000041 & ~0x1F000000u);
    pk_lin_dma(&cb, 0x9999999999999999ull, 0x1FC00000, 0x200000,
               0xC9000041 & ~0x1F000000u);
    pk_msg_prot(&cb, HPB(FENCE_PCI), FENCE_OK, EB | MB);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), FENCE_OK);
    ck_assert_uint_eq(s->dram[0x10000000], 0);
    ck_assert_uint_eq(s->dram[0x10002FFF], 0);
    ck_assert_uint_eq(s->dram[0x1FBFFFFF], 0);
    ck_assert_uint_eq(s->dram[0x1FC00000], 0x99);
    ck_assert_uint_eq(s->dram[0x1FDFFFFF], 0x99);
    ck_assert_uint_eq(s->dram[0x1FE00000], 0);
    ck_assert_uint_eq(s->dram[0x1FE00FFF], 0);
    ck_assert_uint_eq(s->dram[0x1FE01000], 0xEE);
}
END_TEST

START_TEST(test_wrcomp)
{
    CB cb;

    fake_ram_wr32(FENCE_PCI + 8, 0);
    /* a user CB: WREG_32 to WR_COMP_ADDR_LO (offset 0x1020), LIN_DMA WRCOMP */
    wreg(mmDMA_CH_0_WR_COMP_ADDR_HI, HPB(0) >> 32);
    cb_begin(&cb, CB_PCI);
    pk_wreg32(&cb, 0x1020, (uint32_t)HPB(FENCE_PCI + 8));
    pk_lin_dma(&cb, HPB(DATA_PCI), 0x20000000, 4096, DMA_WRCOMP | DIR(0));
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(rreg(mmDMA_CH_0_WR_COMP_ADDR_LO),
                      (uint32_t)HPB(FENCE_PCI + 8));
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 8), 0x80000001);
    /* without WRCOMP nothing is written */
    fake_ram_wr32(FENCE_PCI + 8, 0);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, HPB(DATA_PCI), 0x20000000, 4096, DIR(0));
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 8), 0);
    /* the completion comes after the data (memset case too) */
    wreg(mmDMA_CH_0_WR_COMP_WDATA, 0x1234);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x4242424242424242ull, HPB(FENCE_PCI + 8), 4,
               DMA_MEMSET | DMA_WRCOMP);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 8), 0x1234);
    /* a completion to an unbacked address is a message-write error */
    wreg(mmDMA_CH_0_WR_COMP_ADDR_LO, 0xF0000000);
    wreg(mmDMA_CH_0_WR_COMP_ADDR_HI, 0x40);     /* 0x40_F000_0000: nothing */
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, HPB(DATA_PCI), 0x20000000, 16, DMA_WRCOMP);
    submit(&cb);
    assert_error(QERR_MSG_WRITE);
}
END_TEST

/* ---- messages ------------------------------------------------------ */

START_TEST(test_msg_long_short)
{
    CB cb;

    memset(fake_ram(FENCE_PCI), 0, 0x10000);
    cb_begin(&cb, CB_PCI);
    /* MSG_LONG: anywhere */
    pk_msg_long(&cb, HPB(FENCE_PCI + 0x40), 0x11111111);
    pk_msg_long(&cb, 0x20000010, 0x22222222);
    pk_msg_long(&cb, SRAM_BASE_ADDR + 0x9000, 0x33333333);
    pk_msg_long(&cb, CFG_BASE + mmSYNC_MNGR_SOB_OBJ_0 + 4 * 5, 0x44);
    /* MSG_SHORT via the driver's bases: base 1 = SOB 0, base 0 = monitors */
    pk_msg_short(&cb, 1, 4 * 7, 0x55);
    pk_msg_short(&cb, 0, 4 * 3, 0x66);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 0x40), 0x11111111);
    ck_assert_uint_eq(ldl_le_p(fh.s->dram + 0x20000010), 0x22222222);
    ck_assert_uint_eq(ldl_le_p(fh.s->sram + 0x9000), 0x33333333);
    ck_assert_uint_eq(rreg(mmSYNC_MNGR_SOB_OBJ_0 + 4 * 5), 0x44);
    ck_assert_uint_eq(rreg(mmSYNC_MNGR_SOB_OBJ_0 + 4 * 7), 0x55);
    ck_assert_uint_eq(rreg(mmSYNC_MNGR_MON_PAY_ADDRL_0 + 4 * 3), 0x66);

    /* all four bases, pointed at host memory; offsets up to 0xFFFC */
    for (unsigned b = 0; b < 4; b++) {
        uint64_t a = HPB(FENCE_PCI + 0x100 * b);

        wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 8 * b), (uint32_t)a);
        wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 8 * b + 4), a >> 32);
    }
    cb_begin(&cb, CB_PCI);
    for (unsigned b = 0; b < 4; b++) {
        pk_msg_short(&cb, b, 0x8, 0xB0 + b);
    }
    pk_msg_short(&cb, 3, 0xFFFC, 0xFFFC);
    submit(&cb);
    assert_idle_ok();
    for (unsigned b = 0; b < 4; b++) {
        ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 0x100 * b + 8), 0xB0 + b);
    }
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 0x300 + 0xFFFC), 0xFFFC);
    /* MSG to an unaligned or unbacked address: message-write error */
    cb_begin(&cb, CB_PCI);
    pk_msg_long(&cb, HPB(FENCE_PCI + 2), 1);
    submit(&cb);
    assert_error(QERR_MSG_WRITE);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), GOYA_ASYNC_EVENT_ID_DMA0_QM);
}
END_TEST

/*
 * The driver contract §17.1's "typical user pipeline", every word a literal
 * from §17.1: MSG_SHORT ctl = 15:0 offset | 21:20 op | 23:22 base | 28:24
 * opcode 4 | 31 MB; FENCE cfg = 3:0 dec | 23:16 target | 31:30 id; MON_ARM
 * 0x0001_8005 = SOB 5, mode equal, value 1; SOB update 0x8000_0001 = add 1.
 */
START_TEST(test_sync_pipeline_literals)
{
    CB cb;

    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    /* monitor 0 through base 0 (MON_PAY_ADDRL_0): payload = QM0 FENCE0 */
    pk_raw(&cb, 0xFC400158, 0x84000000);        /* ADDRL_0 = CFG + 0x400158 */
    pk_raw(&cb, 0x0000007F, 0x84000400);        /* ADDRH_0 */
    pk_raw(&cb, 0x00000001, 0x84000800);        /* DATA_0 = 1 */
    pk_raw(&cb, 0x00018005, 0x84000C00);        /* ARM_0 = {5, ==, 1} */
    pk_raw(&cb, 0x00010001, 0x08000000);        /* FENCE id 0 target 1 dec 1 */
    pk_msg_long(&cb, HPB(FENCE_PCI), 0x1234);
    pk_raw(&cb, 0x80000001, 0x84400018);        /* base 1: SOB 6 += 1 */
    submit(&cb);
    ck_assert_uint_eq(rreg(0x114000) & 1, 1);   /* MON_STATUS_0: armed */
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);     /* fenced */
    wreg(0x112010, 0x80000001);                 /* SOB 4: not watched */
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    wreg(0x112014, 0x80000001);                 /* SOB 5 += 1: releases */
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0x1234);
    ck_assert_uint_eq(rreg(0x114000) & 1, 0);
    ck_assert_uint_eq(rreg(0x112018), 1);
    ck_assert_uint_eq(rreg(QREG(QM_CP_FENCE0_CNT)), 0);
    assert_idle_ok();
}
END_TEST

/* MSG_LONG/MSG_SHORT op 21:20: 0 = value, 1 = timestamp (§17.1). */
START_TEST(test_msg_op_timestamp)
{
    CB cb;

    wreg(mmPSOC_TIMESTAMP_CNTCR, 0);            /* stopped: a fixed value */
    wreg(mmPSOC_TIMESTAMP_CNTCVL, 0x12345678);
    wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 16), (uint32_t)HPB(FENCE_PCI));
    wreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 20), HPB(FENCE_PCI) >> 32);
    for (unsigned i = 0; i < 4; i++) {
        fake_ram_wr32(FENCE_PCI + 4 * i, 0xEEEEEEEE);
    }
    cb_begin(&cb, CB_PCI);
    pk_raw(&cb, 0x0000AAAA, 0x84800000);        /* base 2, op 0: value */
    pk_raw(&cb, 0x0000BBBB, 0x84900004);        /* base 2, op 1: timestamp */
    cb_put(&cb, 0x0000CCCC, 0x83100000, (uint64_t[]){ HPB(FENCE_PCI + 8) },
           1);                                  /* MSG_LONG op 1 */
    /* op 2 is undocumented: the model writes nothing, no error */
    cb_put(&cb, 0x0000DDDD, 0x83200000, (uint64_t[]){ HPB(FENCE_PCI + 12) },
           1);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0xAAAA);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 4), 0x12345678);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 8), 0x12345678);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 12), 0xEEEEEEEE);
}
END_TEST

START_TEST(test_msg_unbacked)
{
    CB cb;

    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, 0x4000000000ull, 1, MB);   /* between DRAM and SRAM */
    submit(&cb);
    assert_error(QERR_MSG_WRITE);
}
END_TEST

/* ---- fences -------------------------------------------------------- */

START_TEST(test_fence)
{
    CB cb;
    uint32_t sts;

    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_fence(&cb, 2, 1, 1);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    pk_fence(&cb, 0, 3, 2);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 2, MB);
    submit(&cb);
    /* blocked on fence 2 */
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    sts = rreg(QREG(QM_CP_STS));
    ck_assert_uint_eq(sts & QM_CP_STS_FENCE_IN_PROGRESS,
                      QM_CP_STS_FENCE_IN_PROGRESS);
    ck_assert_uint_eq((sts >> QM_CP_STS_FENCE_ID_SHIFT) & 3, 2);
    ck_assert_uint_eq(rreg(QREG(QM_GLBL_STS0)) & 0xF, 0);
    /* an increment of another fence does nothing */
    wreg(QREG(QM_CP_FENCE0_RDATA + 4), 1);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    ck_assert_uint_eq(rreg(QREG(QM_CP_FENCE0_CNT + 4)), 1);
    /* CP_FENCE2_RDATA += 1 releases it, and the counter is decremented */
    wreg(QREG(QM_CP_FENCE0_RDATA + 8), 1);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);
    ck_assert_uint_eq(rreg(QREG(QM_CP_FENCE0_CNT + 8)), 0);
    /* now on fence 0, target 3 */
    sts = rreg(QREG(QM_CP_STS));
    ck_assert_uint_eq(sts, QM_CP_STS_FENCE_IN_PROGRESS);
    wreg(QREG(QM_CP_FENCE0_RDATA), 1);
    wreg(QREG(QM_CP_FENCE0_RDATA), 1);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);
    ck_assert_uint_eq(rreg(QREG(QM_CP_FENCE0_CNT)), 2);
    /* only bits 3:0 of RDATA count */
    wreg(QREG(QM_CP_FENCE0_RDATA), 0x11);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 2);
    ck_assert_uint_eq(rreg(QREG(QM_CP_FENCE0_CNT)), 1);
    ck_assert_uint_eq(rreg(QREG(QM_CP_STS)), 0);
    assert_idle_ok();
}
END_TEST

START_TEST(test_fence_from_other_queue)
{
    CB cb, cb1;
    const uint32_t qm1 = mmDMA_QM_1_GLBL_CFG0;

    /* DMA QMAN 1 with its PQ at PQ_PCI + 64 KiB */
    wreg(qm1 + QM_PQ_BASE_LO, (uint32_t)HPB(PQ_PCI + 0x10000));
    wreg(qm1 + QM_PQ_BASE_HI, HPB(PQ_PCI) >> 32);
    wreg(qm1 + QM_PQ_SIZE, 12);
    wreg(qm1 + QM_PQ_PI, 0);
    wreg(qm1 + QM_PQ_CI, 0);
    wreg(qm1 + QM_GLBL_PROT, 0xFF);
    wreg(qm1 + QM_GLBL_CFG0, 0xF);

    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_fence(&cb, 1, 1, 1);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 7, MB);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    /* queue 1 writes QMAN 0's CP_FENCE1_RDATA (a monitor payload) */
    cb_begin(&cb1, CB2_PCI);
    pk_msg_long(&cb1, CFG_BASE + QREG(QM_CP_FENCE0_RDATA + 4), 1);
    fake_ram_wr64(PQ_PCI + 0x10000, cb_addr(&cb1));
    fake_ram_wr32(PQ_PCI + 0x10000 + 8, cb1.len);
    wreg(qm1 + QM_PQ_PI, 1);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 7);
    assert_idle_ok();
    ck_assert(!fh.s->qman[1].error);
}
END_TEST

/* ---- WREG ---------------------------------------------------------- */

START_TEST(test_wreg32)
{
    CB cb;

    cb_begin(&cb, CB_PCI);
    pk_wreg32(&cb, 0x1020, 0xFC112FA0);                   /* WR_COMP_LO */
    pk_wreg32(&cb, QM_CP_MSG_BASE0_ADDR_LO, 0x12345678);  /* own QM reg */
    pk_wreg32(&cb, 0x1FFC, 0xABCD);                       /* end of CH */
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(rreg(mmDMA_CH_0_WR_COMP_ADDR_LO), 0xFC112FA0);
    ck_assert_uint_eq(rreg(QREG(QM_CP_MSG_BASE0_ADDR_LO)), 0x12345678);
    ck_assert_uint_eq(rreg(QM0 + 0x1FFC), 0xABCD);
    /* another block (DMA QMAN 1 is at +0x8000): refused, queue stops */
    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_wreg32(&cb, 0x8000, 0xF);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    submit(&cb);
    assert_error(QERR_WREG_PROT);
    ck_assert_uint_eq(rreg(mmDMA_QM_1_GLBL_CFG0), 0);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    /* the error message went to GLBL_ERR_ADDR */
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), GOYA_ASYNC_EVENT_ID_DMA0_QM);
}
END_TEST

START_TEST(test_wreg_bulk)
{
    static const uint64_t v[3] = {
        0x7F00000000ull | 0x10000, 0x11112222ull << 32 | 0x33334444,
        HPB(FENCE_PCI + 0x200),
    };
    g_autofree uint64_t *many = g_new0(uint64_t, 65);
    CB cb;

    /* CP_MSG_BASE0..2 in one packet, then use base 2 */
    fake_ram_wr32(FENCE_PCI + 0x204, 0);
    cb_begin(&cb, CB_PCI);
    pk_wreg_bulk(&cb, QM_CP_MSG_BASE0_ADDR_LO, v, 3);
    pk_msg_short(&cb, 2, 4, 0x77);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(rreg(QREG(QM_CP_MSG_BASE0_ADDR_LO)), 0x10000);
    ck_assert_uint_eq(rreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 4)), 0x7F);
    ck_assert_uint_eq(rreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 8)), 0x33334444);
    ck_assert_uint_eq(rreg(QREG(QM_CP_MSG_BASE0_ADDR_LO + 12)), 0x11112222);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 0x204), 0x77);
    /* running past the engine's block */
    cb_begin(&cb, CB_PCI);
    pk_wreg_bulk(&cb, 0x1FF8, v, 2);
    submit(&cb);
    assert_error(QERR_WREG_PROT);
    ck_assert_uint_eq(rreg(QM0 + 0x2000), 0);

    /* more values than a packet can carry */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200000);
    init_dma_qman(0xFF);
    cb_begin(&cb, CB_PCI);
    pk_wreg_bulk(&cb, 0x120, many, 65);
    submit(&cb);
    assert_error(QERR_PKT_SIZE);
}
END_TEST

/* ---- CP_DMA and the MME CMDQ --------------------------------------- */

#define MMEQ    mmMME_QM_GLBL_CFG0
#define MMECQ   mmMME_CMDQ_GLBL_CFG0

static uint32_t mme_pi;

/* goya_init_mme_qman()/cmdq(); PQ in SRAM, BDs through BAR0 */
static void init_mme(void)
{
    wreg(MMEQ + QM_PQ_BASE_LO, (uint32_t)SRAM_BASE_ADDR);
    wreg(MMEQ + QM_PQ_BASE_HI, SRAM_BASE_ADDR >> 32);
    wreg(MMEQ + QM_PQ_SIZE, 6);
    wreg(MMEQ + QM_PQ_PI, 0);
    wreg(MMEQ + QM_PQ_CI, 0);
    wreg(MMEQ + QM_CP_LDMA_SRC_BASE_LO_OFFSET, 0x10C0);
    wreg(MMEQ + QM_CP_LDMA_SRC_BASE_HI_OFFSET, 0x10C4);
    wreg(MMEQ + QM_CP_LDMA_TSIZE_OFFSET, 0x10C8);
    wreg(MMEQ + QM_CP_LDMA_COMMIT_OFFSET, 0x10CC);
    wreg(MMEQ + QM_GLBL_ERR_ADDR_LO, (uint32_t)HPB(ERR_PCI + 8));
    wreg(MMEQ + QM_GLBL_ERR_ADDR_HI, HPB(0) >> 32);
    wreg(MMEQ + QM_GLBL_ERR_WDATA, GOYA_ASYNC_EVENT_ID_MME_QM);
    wreg(MMEQ + QM_GLBL_ERR_CFG, 0xDB6);
    wreg(MMEQ + QM_GLBL_PROT, 0xF0);
    wreg(MMEQ + QM_GLBL_CFG0, 0x7);
    wreg(MMECQ + QM_GLBL_ERR_ADDR_LO, (uint32_t)HPB(ERR_PCI + 12));
    wreg(MMECQ + QM_GLBL_ERR_ADDR_HI, HPB(0) >> 32);
    wreg(MMECQ + QM_GLBL_ERR_WDATA, GOYA_ASYNC_EVENT_ID_MME_CMDQ);
    wreg(MMECQ + QM_GLBL_ERR_CFG, 0xDB6);
    wreg(MMECQ + QM_GLBL_PROT, 0xF0);
    wreg(MMECQ + QM_GLBL_CFG0, 0x6);
    mme_pi = 0;
}

/* goya_pqe_write(): the BD into SRAM through BAR0, then the doorbell */
static void mme_submit(uint64_t cb, uint32_t len)
{
    uint64_t off = 16ull * (mme_pi & 63);

    goya_core_bar_write(fh.s, 0, off, cb, 8);
    goya_core_bar_write(fh.s, 0, off + 8, len, 4);
    goya_core_bar_write(fh.s, 0, off + 12, 0, 4);
    mme_pi = (mme_pi + 1) & 127;
    goya_core_bar_write(fh.s, 0, 0xC000000 + MMEQ + QM_PQ_PI, mme_pi, 4);
}

START_TEST(test_cp_dma_mme)
{
    GoyaCore *s = fh.s;
    CB outer, inner;

    init_mme();
    memset(fake_ram(FENCE_PCI), 0, 16);
    cb_begin(&inner, CB2_PCI);
    pk_msg_long(&inner, HPB(FENCE_PCI), 1);
    pk_lin_dma(&inner, HPB(DATA_PCI), 0x20000000, 64, 0);
    pk_msg_long(&inner, HPB(FENCE_PCI + 4), 2);
    cb_begin(&outer, CB_PCI);
    pk_msg_long(&outer, HPB(FENCE_PCI + 8), 3);
    pk_cp_dma(&outer, cb_addr(&inner), inner.len);
    pk_msg_long(&outer, HPB(FENCE_PCI + 12), 4);
    fill(fake_ram(DATA_PCI), 64, 3);
    mme_submit(cb_addr(&outer), outer.len);
    fake_drain();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 8), 3);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 4), 2);
    ck_assert_int_eq(memcmp(s->dram + 0x20000000, fake_ram(DATA_PCI), 64),
                     0);
    /* the QM resumes after its CMDQ finished the CB */
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 12), 4);
    ck_assert(!s->qman[GOYA_QMAN_MME].error);
    ck_assert(!s->qman[GOYA_QMAN_MME_CMDQ].error);
    ck_assert_uint_eq(rreg(MMEQ + QM_GLBL_STS0) & 0x7, 0x7);
    ck_assert_uint_eq(rreg(MMECQ + QM_GLBL_STS0) & 0x6, 0x6);
    ck_assert_uint_eq(rreg(MMEQ + QM_PQ_CI), 1);
    /* and again, many times (whatever the round-robin position) */
    for (unsigned i = 0; i < 2 * GOYA_NUM_QMANS; i++) {
        fake_ram_wr32(FENCE_PCI + 12, 0);
        mme_submit(cb_addr(&outer), outer.len);
        ck_assert_msg(fake_ram_rd32(FENCE_PCI + 12) == 4, "round %u", i);
    }
}
END_TEST

START_TEST(test_cp_dma_errors)
{
    GoyaCore *s = fh.s;
    CB outer, inner;

    init_mme();
    /* a CP_DMA inside a CMDQ's CB: the CMDQ cannot chain */
    cb_begin(&inner, CB2_PCI);
    pk_cp_dma(&inner, HPB(CB2_PCI), 16);
    cb_begin(&outer, CB_PCI);
    pk_cp_dma(&outer, cb_addr(&inner), inner.len);
    pk_msg_long(&outer, HPB(FENCE_PCI), 5);
    fake_ram_wr32(FENCE_PCI, 0);
    mme_submit(cb_addr(&outer), outer.len);
    fake_drain();
    ck_assert(s->qman[GOYA_QMAN_MME_CMDQ].error);
    ck_assert_uint_ne(rreg(MMECQ + QM_GLBL_STS1) & QERR_CP_DMA, 0);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI + 12),
                      GOYA_ASYNC_EVENT_ID_MME_CMDQ);
    /* ... and the QM that handed it over stops too */
    ck_assert(s->qman[GOYA_QMAN_MME].error);
    ck_assert_uint_ne(rreg(MMEQ + QM_GLBL_STS1) & QERR_CP_DMA, 0);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI + 8), GOYA_ASYNC_EVENT_ID_MME_QM);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);

    /* CP_DMA on a DMA QMAN: no CMDQ there */
    cb_begin(&outer, CB_PCI);
    pk_cp_dma(&outer, HPB(CB2_PCI), 16);
    submit(&outer);
    assert_error(QERR_CP_DMA);

    /* a soft reset (MME) brings the MME queues back */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 1u << 10);
    ck_assert(!s->qman[GOYA_QMAN_MME].error);
    ck_assert(!s->qman[GOYA_QMAN_MME_CMDQ].error);
    ck_assert(q0_error());
    init_mme();
    cb_begin(&inner, CB2_PCI);
    pk_msg_long(&inner, HPB(FENCE_PCI), 6);
    cb_begin(&outer, CB_PCI);
    pk_cp_dma(&outer, cb_addr(&inner), inner.len);
    mme_submit(cb_addr(&outer), outer.len);
    fake_drain();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 6);
}
END_TEST

/* ---- errors -------------------------------------------------------- */

START_TEST(test_err_undefined_opcode)
{
    static const uint32_t bad_ops[] = { 0x0, 0x6, 0xC, 0x1F };

    for (unsigned i = 0; i < G_N_ELEMENTS(bad_ops); i++) {
        CB cb;

        init_dma_qman(0xFF);
        fake_ram_wr32(ERR_PCI, 0);
        fake_ram_wr32(FENCE_PCI, 0);
        cb_begin(&cb, CB_PCI);
        pk_nop(&cb);
        pk_raw(&cb, 0, CTL(bad_ops[i]));
        pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
        submit(&cb);
        assert_error(QERR_UNDEF_OPCODE);
        ck_assert_uint_eq(fake_ram_rd32(ERR_PCI),
                          GOYA_ASYNC_EVENT_ID_DMA0_QM);
        ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
        /* later jobs do not run while stopped */
        cb_begin(&cb, CB2_PCI);
        pk_msg_prot(&cb, HPB(FENCE_PCI), 2, MB);
        submit(&cb);
        ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
        /* the soft reset clears it */
        wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
        ck_assert(!q0_error());
        ck_assert_uint_eq(q0_sts1(), 0);
    }
}
END_TEST

START_TEST(test_err_packet_past_end)
{
    CB cb;

    /* LIN_DMA (24 B) in a CB of 20 */
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, HPB(DATA_PCI), 0x20000000, 16, 0);
    put_bd(cb_addr(&cb), 20);
    ring();
    assert_error(QERR_PKT_SIZE);
    ck_assert_uint_eq(ldl_le_p(fh.s->dram + 0x20000000), 0);

    /* a NOP followed by 4 stray bytes */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    init_dma_qman(0xFF);
    cb_begin(&cb, CB_PCI);
    pk_nop(&cb);
    pk_nop(&cb);
    put_bd(cb_addr(&cb), 12);
    ring();
    assert_error(QERR_PKT_SIZE);

    /* MSG_PROT (16 B) cut after its header */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    init_dma_qman(0xFF);
    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    put_bd(cb_addr(&cb), 8);
    ring();
    assert_error(QERR_PKT_SIZE);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
}
END_TEST

START_TEST(test_err_fetch)
{
    CB cb;

    /* CB beyond host RAM */
    put_bd(HPB(fh.ram_size + 0x1000), 16);
    ring();
    assert_error(QERR_CB_FETCH);
    ck_assert_uint_eq(fake_ram_rd32(ERR_PCI), GOYA_ASYNC_EVENT_ID_DMA0_QM);

    /* CB in a refused host range (e.g. an IOMMU fault), second packet */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    init_dma_qman(0xFF);
    cb_begin(&cb, CB_PCI);
    pk_nop(&cb);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    fh.refuse_lo = CB_PCI + 8;
    fh.refuse_hi = CB_PCI + 16;
    fake_ram_wr32(FENCE_PCI, 0);
    submit(&cb);
    assert_error(QERR_CB_FETCH);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    fh.refuse_lo = fh.refuse_hi = 0;

    /* CB at an address that decodes to nothing */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    init_dma_qman(0xFF);
    put_bd(0x4000000000ull, 16);
    ring();
    assert_error(QERR_CB_FETCH);

    /* the PQ itself unreadable */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    init_dma_qman(0xFF);
    wreg(QREG(QM_PQ_BASE_LO), 0);
    wreg(QREG(QM_PQ_BASE_HI), 0x40);
    wreg(QREG(QM_PQ_PI), 1);
    assert_error(QERR_PQ_FETCH);
}
END_TEST

START_TEST(test_err_dma_razwi)
{
    GoyaCore *s = fh.s;
    CB cb;

    /* destination past the end of DRAM */
    fake_ram_wr32(CHERR_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, HPB(DATA_PCI), s->dram_size - 8, 16, 0);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    fake_ram_wr32(FENCE_PCI, 0);
    submit(&cb);
    assert_error(QERR_DMA);
    ck_assert_uint_eq(rreg(mmDMA_MACRO_RAZWI_HBW_WT_VLD), 1);
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), GOYA_ASYNC_EVENT_ID_DMA0_CH);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    ck_assert_uint_eq(rreg(mmDMA_CH_0_STS0) & 1, 0);

    /* source: host memory the host refuses */
    wreg(mmDMA_MACRO_RAZWI_HBW_WT_VLD, 0);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200000);
    init_dma_qman(0xFF);
    fake_ram_wr32(CHERR_PCI, 0);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, HPB(fh.ram_size - 4096), 0x20000000, 8192, 0);
    submit(&cb);
    assert_error(QERR_DMA);
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), GOYA_ASYNC_EVENT_ID_DMA0_CH);

    /* destination between DRAM and SRAM */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200000);
    init_dma_qman(0xFF);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x55, 0x4000000000ull, 64, DMA_MEMSET);
    submit(&cb);
    assert_error(QERR_DMA);
}
END_TEST

START_TEST(test_err_dma_cfg)
{
    CB cb;
    static const uint32_t ctl[] = { 0, DMA_MEMSET };

    for (unsigned i = 0; i < 2; i++) {
        wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200000);
        init_dma_qman(0xFF);
        wreg(0xD0300, 0x21);
        cb_begin(&cb, CB_PCI);
        pk_lin_dma(&cb, i ? 0 : HPB(DATA_PCI), CFG_BASE + 0xD0300, 8, ctl[i]);
        submit(&cb);
        assert_error(QERR_DMA);
        ck_assert_uint_eq(rreg(0xD0300), 0x21);
    }
    /* CFG as a source */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200000);
    init_dma_qman(0xFF);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, CFG_BASE + 0xD0300, 0x20000000, 8, 0);
    submit(&cb);
    assert_error(QERR_DMA);
}
END_TEST

/* Page tables for ASID 1 in DRAM as the driver builds them. */
static uint64_t pt_pool;

static uint64_t pt_next(uint64_t table, uint64_t va, unsigned shift,
                        uint64_t mask)
{
    uint8_t *pte = fh.s->dram + table + 8 * ((va >> shift) & mask);
    uint64_t v = ldq_le_p(pte);

    if (!(v & 1)) {
        v = pt_pool | 1;
        pt_pool += 0x1000;
        memcpy(pte, &v, 8);
    }
    return v & ~0xFFFull;
}

static void pt_map_4k(uint64_t va, uint64_t pa)
{
    uint64_t t = 0x10001000;
    uint64_t leaf = (pa & ~0xFFFull) | 0x801;

    t = pt_next(t, va, 48, 3);
    t = pt_next(t, va, 39, 0x1FF);
    t = pt_next(t, va, 30, 0x1FF);
    t = pt_next(t, va, 21, 0x1FF);
    memcpy(fh.s->dram + t + 8 * ((va >> 12) & 0x1FF), &leaf, 8);
}

static void mmu_on_asid1(void)
{
    pt_pool = 0x10002000;
    wreg(MMU_HOP0_PA43_12, 0x10001);
    wreg(MMU_HOP0_PA49_44, 0);
    wreg(MMU_ASID_BUSY, 0x80000001u);
    wreg(mmMMU_MMU_ENABLE, 1);
    /* goya_mmu_prepare(): ASID 1, MMBP clear */
    wreg(QREG(QM_GLBL_NON_SECURE_PROPS),
         (rreg(QREG(QM_GLBL_NON_SECURE_PROPS)) & ~0x7FFu) | 1);
}

START_TEST(test_translated_dma)
{
    const uint64_t va = 0x1000000000000ull + 0x7000;
    CB cb;

    /* GLBL_PROT 0xF7: PQ/CB fetch and CP messages physical, DMA virtual */
    init_dma_qman(0xF7);
    mmu_on_asid1();
    for (unsigned i = 0; i < 4; i++) {
        pt_map_4k(va + 0x1000 * i, HPB(DATA_PCI + 0x1000 * (3 - i)));
    }
    for (unsigned i = 0; i < 4; i++) {
        fill(fake_ram(DATA_PCI + 0x1000 * (3 - i)), 0x1000, 10 + i);
    }
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, va + 0x10, SRAM_BASE_ADDR + 0x8000, 0x3000, DIR(1));
    pk_msg_prot(&cb, HPB(FENCE_PCI), FENCE_OK, EB | MB);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), FENCE_OK);
    for (unsigned i = 0; i < 3; i++) {
        uint64_t off = 0x1000 * i;

        ck_assert_int_eq(memcmp(fh.s->sram + 0x8000 + off,
                                fake_ram(DATA_PCI + 0x1000 * (3 - i) + 0x10),
                                0x1000 - 0x10), 0);
        ck_assert_int_eq(memcmp(fh.s->sram + 0x8000 + off + 0x1000 - 0x10,
                                fake_ram(DATA_PCI + 0x1000 * (2 - i)),
                                0x10), 0);
    }
    /* MMBP set: the same DMA is physical (and the VA decodes to nothing) */
    wreg(QREG(QM_GLBL_NON_SECURE_PROPS), 0x400 | 1);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x20000000, 0x20001000, 16, DIR(6));
    submit(&cb);
    assert_idle_ok();
}
END_TEST

START_TEST(test_err_page_fault)
{
    const uint64_t va = 0x1000000000000ull + 0x123456000ull;
    CB cb;

    init_dma_qman(0xF7);
    mmu_on_asid1();
    pt_map_4k(va, HPB(DATA_PCI));
    fake_ram_wr32(CHERR_PCI, 0);
    fake_ram_wr32(FENCE_PCI, 0);
    cb_begin(&cb, CB_PCI);
    /* the first page is mapped, the second is not (SRAM: not translated) */
    pk_lin_dma(&cb, va + 0x800, SRAM_BASE_ADDR + 0x8000, 0x1000, DIR(1));
    pk_msg_prot(&cb, HPB(FENCE_PCI), FENCE_OK, EB | MB);
    submit(&cb);
    assert_error(QERR_DMA);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE),
                      MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID |
                      (uint32_t)((va + 0x1000) >> 32));
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE_VA),
                      (uint32_t)(va + 0x1000));
    ck_assert_uint_eq(fake_ram_rd32(CHERR_PCI), GOYA_ASYNC_EVENT_ID_DMA0_CH);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);
    /* not a RAZWI */
    ck_assert_uint_eq(rreg(mmDMA_MACRO_RAZWI_HBW_WT_VLD), 0);

    /* soft reset, re-init, map the page, and the same job goes through */
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    ck_assert(!q0_error());
    init_dma_qman(0xF7);
    pt_map_4k(va + 0x1000, HPB(DATA_PCI + 0x1000));
    wreg(mmMMU_PAGE_ERROR_CAPTURE, 0);
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), FENCE_OK);
    ck_assert_int_eq(memcmp(fh.s->sram + 0x8000,
                            fake_ram(DATA_PCI + 0x800), 0x1000), 0);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE), 0);

    /* non-secure DMA to a DRAM *physical* address: that is a VA too */
    cb_begin(&cb, CB2_PCI);
    pk_lin_dma(&cb, va, 0x20000000, 16, DIR(0));
    submit(&cb);
    assert_error(QERR_DMA);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE),
                      MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE_VA), 0x20000000);
}
END_TEST

/*
 * A write completion the non-secure DMA channel sends to an unmapped VA is
 * an MMU page fault (captured with its VA), not a RAZWI.
 */
START_TEST(test_err_wrcomp_page_fault)
{
    const uint64_t va = 0x1000000000000ull + 0x200000000ull;
    CB cb;

    init_dma_qman(0xF7);
    mmu_on_asid1();
    wreg(mmDMA_CH_0_WR_COMP_WDATA, 0x1234);
    wreg(mmDMA_CH_0_WR_COMP_ADDR_LO, (uint32_t)va);
    wreg(mmDMA_CH_0_WR_COMP_ADDR_HI, (uint32_t)(va >> 32));
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x5a5a5a5a5a5a5a5aull, SRAM_BASE_ADDR + 0x8000, 16,
               DMA_MEMSET | DMA_WRCOMP);
    submit(&cb);
    assert_error(QERR_MSG_WRITE);
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE),
                      MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID |
                      (uint32_t)(va >> 32));
    ck_assert_uint_eq(rreg(mmMMU_PAGE_ERROR_CAPTURE_VA), (uint32_t)va);
    ck_assert_uint_eq(rreg(mmDMA_MACRO_RAZWI_HBW_WT_VLD), 0);
}
END_TEST

START_TEST(test_error_message_to_gic)
{
    CB cb;

    /* the driver's GLBL_ERR_ADDR: the GIC SETSPI register (device CPU) */
    wreg(QREG(QM_GLBL_ERR_ADDR_LO),
         (uint32_t)(CFG_BASE + mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR));
    wreg(QREG(QM_GLBL_ERR_ADDR_HI),
         (CFG_BASE + mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR) >> 32);
    cb_begin(&cb, CB_PCI);
    pk_raw(&cb, 0, CTL(0x1E));
    submit(&cb);
    assert_error(QERR_UNDEF_OPCODE);
    /* (the fw drops the event: no EQ registered; nothing to crash) */
    ck_assert_uint_eq(fh.msix_total, 0);
}
END_TEST

START_TEST(test_reset_mid_job)
{
    CB cb;

    /* a job blocked on a fence, then a soft reset, then a fresh job */
    cb_begin(&cb, CB_PCI);
    pk_fence(&cb, 0, 1, 1);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    fake_ram_wr32(FENCE_PCI, 0);
    submit(&cb);
    ck_assert(rreg(QREG(QM_CP_STS)) & QM_CP_STS_FENCE_IN_PROGRESS);
    wreg(mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG, 0x200600);
    ck_assert_uint_eq(rreg(QREG(QM_CP_STS)), 0);
    ck_assert_uint_eq(rreg(QREG(QM_CP_FENCE0_CNT)), 0);
    init_dma_qman(0xFF);
    wreg(QREG(QM_CP_FENCE0_RDATA), 1);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 0);     /* old job gone */
    cb_begin(&cb, CB2_PCI);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 2, MB);
    submit(&cb);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 2);
    ck_assert_uint_eq(rreg(QREG(QM_PQ_CI)), 1);
    assert_idle_ok();
}
END_TEST

/* ---- scheduling ---------------------------------------------------- */

START_TEST(test_large_dma_slices)
{
    GoyaCore *s = fh.s;
    const uint32_t big = 160u << 20;
    const uint32_t host = 48u << 20;
    CB cb;

    /* 48 MiB host -> DRAM */
    fill(fake_ram(DATA_PCI), host, 77);
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, HPB(DATA_PCI), 0x40000000, host, DIR(0));
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    fh.runs = fh.kicks = 0;
    submit(&cb);
    assert_idle_ok();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);
    ck_assert_int_eq(memcmp(s->dram + 0x40000000, fake_ram(DATA_PCI), host),
                     0);
    ck_assert_uint_ge(fh.kicks, 1);

    /* 160 MiB DRAM -> DRAM: more than one run's budget, several slices */
    memset(s->dram + 0x50000000, 0x5B, big);
    memcpy(s->dram + 0x50000000, fake_ram(DATA_PCI), host);
    s->dram[0x50000000 + big - 1] = 0xE1;
    fh.auto_run = false;
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x50000000, 0x60000000, big, DIR(6));
    pk_msg_prot(&cb, HPB(FENCE_PCI), 2, MB);
    submit(&cb);
    ck_assert(fh.kick_pending);
    fh.runs = fh.kicks = 0;
    /* one slice: started, not finished; the channel reports busy */
    fh.kick_pending = false;
    goya_core_run(s);
    ck_assert(fh.kick_pending);         /* it asked for more */
    ck_assert_uint_eq(rreg(mmDMA_CH_0_STS0) & 1, 1);
    ck_assert_uint_eq(rreg(QREG(QM_GLBL_STS0)) & 0xF, 0);
    ck_assert_uint_ne(fake_ram_rd32(FENCE_PCI), 2);
    fake_drain();
    ck_assert_uint_ge(fh.runs, 2);
    ck_assert_uint_ge(fh.kicks, 2);
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 2);
    ck_assert_int_eq(memcmp(s->dram + 0x60000000, s->dram + 0x50000000, big),
                     0);
    ck_assert_uint_eq(s->dram[0x60000000 + big - 1], 0xE1);
    ck_assert_uint_eq(s->dram[0x60000000 + big], 0);
    assert_idle_ok();
    ck_assert(!fh.kick_pending);
}
END_TEST

START_TEST(test_two_queues_interleave)
{
    const uint32_t qm2 = mmDMA_QM_0_GLBL_CFG0 + 2 * DMA_QM_STRIDE;
    GoyaCore *s = fh.s;
    CB cb, cb2;

    wreg(qm2 + QM_PQ_BASE_LO, (uint32_t)HPB(PQ_PCI + 0x10000));
    wreg(qm2 + QM_PQ_BASE_HI, HPB(PQ_PCI) >> 32);
    wreg(qm2 + QM_PQ_SIZE, 12);
    wreg(qm2 + QM_GLBL_PROT, 0xFF);
    wreg(qm2 + QM_GLBL_CFG0, 0xF);
    fh.auto_run = false;
    /* queue 0: a 130 MiB memset; queue 2: a small message */
    cb_begin(&cb, CB_PCI);
    pk_lin_dma(&cb, 0x1111111111111111ull, 0x20000000, 130u << 20,
               DMA_MEMSET);
    pk_msg_prot(&cb, HPB(FENCE_PCI), 1, MB);
    submit(&cb);
    cb_begin(&cb2, CB2_PCI);
    pk_msg_prot(&cb2, HPB(FENCE_PCI + 4), 2, MB);
    fake_ram_wr64(PQ_PCI + 0x10000, cb_addr(&cb2));
    fake_ram_wr32(PQ_PCI + 0x10000 + 8, cb2.len);
    wreg(qm2 + QM_PQ_PI, 1);
    fh.kick_pending = false;
    goya_core_run(s);
    /* the small job is not starved by the big one */
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI + 4), 2);
    fake_drain();
    ck_assert_uint_eq(fake_ram_rd32(FENCE_PCI), 1);
    ck_assert_uint_eq(s->dram[0x20000000 + (130u << 20) - 1], 0x11);
}
END_TEST

static Suite *qman_suite(void)
{
    Suite *s = suite_create("goya_qman");
    TCase *tc = tcase_create("qman");

    tcase_set_timeout(tc, 100);
    tcase_add_checked_fixture(tc, qman_setup, qman_teardown);
    tcase_add_test(tc, test_queue_test_msg_prot);
    tcase_add_test(tc, test_external_completion);
    tcase_add_test(tc, test_pq_wrap);
    tcase_add_test(tc, test_enable_and_stop);
    tcase_add_test(tc, test_lin_dma_directions);
    tcase_add_test(tc, test_lin_dma_host_paths);
    tcase_add_test(tc, test_lin_dma_overlap);
    tcase_add_test(tc, test_memset);
    tcase_add_test(tc, test_memset_late_init);
    tcase_add_test(tc, test_wrcomp);
    tcase_add_test(tc, test_msg_long_short);
    tcase_add_test(tc, test_sync_pipeline_literals);
    tcase_add_test(tc, test_msg_op_timestamp);
    tcase_add_test(tc, test_msg_unbacked);
    tcase_add_test(tc, test_fence);
    tcase_add_test(tc, test_fence_from_other_queue);
    tcase_add_test(tc, test_wreg32);
    tcase_add_test(tc, test_wreg_bulk);
    tcase_add_test(tc, test_cp_dma_mme);
    tcase_add_test(tc, test_cp_dma_errors);
    tcase_add_test(tc, test_err_undefined_opcode);
    tcase_add_test(tc, test_err_packet_past_end);
    tcase_add_test(tc, test_err_fetch);
    tcase_add_test(tc, test_err_dma_razwi);
    tcase_add_test(tc, test_err_dma_cfg);
    tcase_add_test(tc, test_translated_dma);
    tcase_add_test(tc, test_err_page_fault);
    tcase_add_test(tc, test_err_wrcomp_page_fault);
    tcase_add_test(tc, test_error_message_to_gic);
    tcase_add_test(tc, test_reset_mid_job);
    tcase_add_test(tc, test_large_dma_slices);
    tcase_add_test(tc, test_two_queues_interleave);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qman_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
