/*
 * Engine copy rate of the Goya core, measured without QEMU or a guest:
 * LIN_DMA host->DRAM and DRAM->host submitted through DMA QMAN 1 exactly
 * as the driver queues a job (PQ entry, CB in host memory), once
 * physically addressed and once through the MMU (ASID 1, host pages of
 * 4 KiB, DRAM pages of 2 MiB), beside memcpy() over the same buffers.
 *
 * Both the engine and memcpy rotate over a working set larger than the
 * last-level cache, so neither is measured cache-hot.  Prints a table;
 * asserts nothing.  Usage: core-bench [MAX_SIZE_MIB]
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include <time.h>
#include "goya_core.h"

#define RAM_SIZE        (768ull << 20)      /* host RAM at PCI address 0 */
#define RAM_PQ          0x0
#define RAM_CB          0x10000
#define RAM_DATA        (1ull << 20)
#define WORKSET         (512ull << 20)      /* >> LLC */
#define DRAM_DATA       0x20000000ull
#define HOST_VA         0x1000000000000ull  /* user host VA range */
#define DRAM_VA         0x800000000ull
#define PT_BASE         0x10000000ull
#define QM              (mmDMA_QM_0_GLBL_CFG0 + DMA_QM_STRIDE)

static uint8_t *ram;
static bool kicked;
static GoyaCore *core;

static int h_read(void *o, uint64_t a, void *b, uint64_t l)
{
    memcpy(b, ram + a, l);
    return 0;
}

static int h_write(void *o, uint64_t a, const void *b, uint64_t l)
{
    memcpy(ram + a, b, l);
    return 0;
}

static void *h_map(void *o, uint64_t a, uint64_t *l, bool w)
{
    if (a >= RAM_SIZE) {
        return NULL;
    }
    *l = MIN(*l, RAM_SIZE - a);
    return ram + a;
}

static void h_unmap(void *o, void *p, uint64_t l, bool w, uint64_t al)
{
}

static void h_msix(void *o, unsigned v)
{
}

static uint64_t h_now(void *o)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void h_kick(void *o)
{
    kicked = true;
}

static void h_timer(void *o, uint64_t d)
{
}

static const GoyaHostOps ops = {
    h_read, h_write, h_map, h_unmap, h_msix, h_now, h_kick, h_timer,
};

static uint64_t pt_next = PT_BASE + 0x2000;

/* Map one page of @size at @va -> @pa for ASID 1 (tables made on demand). */
static void map_page(uint64_t va, uint64_t pa, uint64_t size)
{
    static const unsigned shift[] = { 48, 39, 30, 21, 12 };
    unsigned last = size == (2u << 20) ? 3 : 4;
    uint64_t table = PT_BASE + 0x1000;

    for (unsigned hop = 0; hop < last; hop++) {
        uint64_t *pte = (uint64_t *)(core->dram + table) +
                        ((va >> shift[hop]) & (hop ? 0x1FF : 0x3));

        if (!(*pte & PAGE_PRESENT_MASK)) {
            *pte = pt_next | PAGE_PRESENT_MASK;
            pt_next += 0x1000;
        }
        table = *pte & ~FLAGS_MASK;
    }
    ((uint64_t *)(core->dram + table))[(va >> shift[last]) & 0x1FF] =
        pa | LAST_MASK | PAGE_PRESENT_MASK;
}

static void setup(void)
{
    char *err = NULL;
    GoyaConfig cfg = { .dram_size = 4ull << 30 };

    ram = g_malloc(RAM_SIZE);
    memset(ram, 1, RAM_SIZE);
    core = goya_core_new(&ops, NULL, &cfg, &err);
    g_assert(core);
    memset(core->dram + DRAM_DATA, 2, WORKSET);     /* back it */
    goya_core_reg_write(core, QM + QM_PQ_BASE_LO, RAM_PQ);
    goya_core_reg_write(core, QM + QM_PQ_BASE_HI, HOST_PHYS_BASE >> 32);
    goya_core_reg_write(core, QM + QM_PQ_SIZE, 12);
    goya_core_reg_write(core, QM + QM_GLBL_CFG0, 0xF);

    /* ASID 1: host VA -> host pages (4 KiB), DRAM VA -> DRAM (2 MiB) */
    for (uint64_t off = 0; off < WORKSET; off += 4096) {
        map_page(HOST_VA + off, HOST_PHYS_BASE + RAM_DATA + off, 4096);
    }
    for (uint64_t off = 0; off < WORKSET; off += 2u << 20) {
        map_page(DRAM_VA + off, DRAM_DATA + off, 2u << 20);
    }
    goya_core_reg_write(core, MMU_HOP0_PA43_12, (PT_BASE + 0x1000) >> 12);
    goya_core_reg_write(core, MMU_HOP0_PA49_44, 0);
    goya_core_reg_write(core, MMU_ASID_BUSY, 0x80000001);
    goya_core_reg_write(core, mmMMU_MMU_ENABLE, 1);
    goya_core_reg_write(core, mmSTLB_INV_ALL_START, 1);
}

static uint32_t pi;

static void lin_dma(uint64_t src, uint64_t dst, uint32_t size)
{
    uint8_t *cb = ram + RAM_CB, *bd = ram + RAM_PQ + (pi % 4096) * 16;

    stl_le_p(cb, size);
    stl_le_p(cb + 4, PACKET_LIN_DMA << GOYA_PKT_CTL_OPCODE_SHIFT);
    stq_le_p(cb + 8, src);
    stq_le_p(cb + 16, dst);
    stq_le_p(bd, HOST_PHYS_BASE + RAM_CB);
    stl_le_p(bd + 8, 24);
    pi = (pi + 1) % 8192;
    goya_core_reg_write(core, QM + QM_PQ_PI, pi);
    while (kicked) {
        kicked = false;
        goya_core_run(core);
    }
}

static double now_s(void)
{
    return h_now(NULL) / 1e9;
}

/* GB/s of @n copies of @size, rotating over the working set. */
static double engine_rate(bool h2d, bool mmu, uint64_t size, unsigned n)
{
    uint64_t slots = WORKSET / size, hbase, dbase;
    double t;

    goya_core_reg_write(core, QM + QM_GLBL_PROT, mmu ? 0xF7 : 0xFF);
    goya_core_reg_write(core, QM + QM_GLBL_NON_SECURE_PROPS, 1);
    hbase = mmu ? HOST_VA : HOST_PHYS_BASE + RAM_DATA;
    dbase = mmu ? DRAM_VA : DRAM_DATA;
    t = now_s();
    for (unsigned i = 0; i < n; i++) {
        uint64_t off = (i % slots) * size;

        if (h2d) {
            lin_dma(hbase + off, dbase + off, size);
        } else {
            lin_dma(dbase + off, hbase + off, size);
        }
    }
    return size * (double)n / (now_s() - t) / 1e9;
}

/* memcpy() between the same buffers, in the same direction. */
static double memcpy_rate(bool h2d, uint64_t size, unsigned n)
{
    uint64_t slots = WORKSET / size;
    uint8_t *host = ram + RAM_DATA, *dev = core->dram + DRAM_DATA;
    double t = now_s();

    for (unsigned i = 0; i < n; i++) {
        uint64_t off = (i % slots) * size;

        if (h2d) {
            memcpy(dev + off, host + off, size);
        } else {
            memcpy(host + off, dev + off, size);
        }
    }
    return size * (double)n / (now_s() - t) / 1e9;
}

int main(int argc, char **argv)
{
    uint64_t max = (argc > 1 ? strtoull(argv[1], NULL, 0) : 256) << 20;

    setup();
    printf("| size | memcpy H2D | engine H2D | ratio | memcpy D2H | "
           "engine D2H | ratio | MMU H2D | MMU D2H | MMU/phys (H2D, D2H) |\n");
    printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (uint64_t size = 4096; size <= max; size *= 4) {
        unsigned n = MAX(4, MIN(20000, (uint32_t)((2ull << 30) / size)));
        double mch = memcpy_rate(true, size, n);
        double h2d = engine_rate(true, false, size, n);
        double mcd = memcpy_rate(false, size, n);
        double d2h = engine_rate(false, false, size, n);
        double mh2d = engine_rate(true, true, size, n);
        double md2h = engine_rate(false, true, size, n);

        printf("| %" PRIu64 " KiB | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |"
               " %.2f | %.2f | %.2f, %.2f |\n", size >> 10, mch, h2d,
               h2d / mch, mcd, d2h, d2h / mcd, mh2d, md2h, mh2d / h2d,
               md2h / d2h);
        fflush(stdout);
    }
    printf("\nGB/s (10^9 B/s); every copy rotates over %llu MiB so neither "
           "side is cache-hot.\n", (unsigned long long)(WORKSET >> 20));
    goya_core_free(core);
    g_free(ram);
    return 0;
}
