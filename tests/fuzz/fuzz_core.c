/*
 * libFuzzer target for the Goya device core and firmware stub.
 *
 * The input is a little program of operations a hostile guest can do:
 * register writes and reads (BAR0, BAR4, ELBI), writes into host RAM, and
 * "submit": a command buffer taken from the input, queued on a DMA, MME or
 * TPC queue the way the driver sets queues up, then the engines run with a
 * bounded number of slices.  The core must never crash, hang or touch
 * memory it does not own (ASan/UBSan), whatever the input.
 *
 * Built two ways: with clang -fsanitize=fuzzer (tests/fuzz/run-fuzzer.sh)
 * and as a plain replay program over the seed corpus (meson test suite
 * 'fuzz').
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"
#include "firmware-stub/goya_fw_regs.h"

#define HOST_RAM_SIZE   (4u << 20)      /* guest RAM at PCI address 0 */
#define HOST_PQ         0x100000u       /* where submit puts the PQ */
#define HOST_CB         0x200000u       /* ... and the CB */
#define MAX_CB          4096u
#define MAX_RUNS        8               /* goya_core_run slices per submit */
#define HOST_CPU_PQ     0x300000u       /* device-CPU PQ (4096 x 16 B) */
#define HOST_CPU_EQ     0x310000u       /* its event queue (64 x 64 B) */
#define HOST_CPU_PKT    0x320000u       /* CPU-CP packets */
#define MAX_CPU_PKT     4096u

typedef struct FuzzHost {
    GoyaCore *s;
    uint8_t *ram;
    uint64_t now;
    uint64_t fw_deadline;
    bool kicked;
} FuzzHost;

static FuzzHost fz;

static bool in_ram(uint64_t pci, uint64_t len)
{
    return pci < HOST_RAM_SIZE && len <= HOST_RAM_SIZE - pci;
}

static int fz_dma_read(void *o, uint64_t pci, void *buf, uint64_t len)
{
    if (!in_ram(pci, len)) {
        return -1;
    }
    memcpy(buf, fz.ram + pci, len);
    return 0;
}

static int fz_dma_write(void *o, uint64_t pci, const void *buf, uint64_t len)
{
    if (!in_ram(pci, len)) {
        return -1;
    }
    memcpy(fz.ram + pci, buf, len);
    return 0;
}

static void *fz_dma_map(void *o, uint64_t pci, uint64_t *len, bool is_write)
{
    if (pci >= HOST_RAM_SIZE) {
        return NULL;
    }
    *len = MIN(*len, HOST_RAM_SIZE - pci);
    return fz.ram + pci;
}

static void fz_dma_unmap(void *o, void *p, uint64_t len, bool w, uint64_t al)
{
}

static void fz_msix(void *o, unsigned vector)
{
}

static uint64_t fz_now(void *o)
{
    return fz.now;
}

static void fz_kick(void *o)
{
    fz.kicked = true;
}

static void fz_timer_mod(void *o, uint64_t deadline)
{
    fz.fw_deadline = deadline;
}

static const GoyaHostOps fz_ops = {
    .dma_read = fz_dma_read,
    .dma_write = fz_dma_write,
    .dma_map = fz_dma_map,
    .dma_unmap = fz_dma_unmap,
    .msix_notify = fz_msix,
    .now_ns = fz_now,
    .kick = fz_kick,
    .fw_timer_mod = fz_timer_mod,
};

typedef struct Input {
    const uint8_t *p;
    size_t left;
} Input;

static uint64_t take(Input *in, unsigned bytes)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes && in->left; i++, in->left--) {
        v |= (uint64_t)*in->p++ << (8 * i);
    }
    return v;
}

static void run_engines(void)
{
    for (unsigned i = 0; i < MAX_RUNS && fz.kicked; i++) {
        fz.kicked = false;
        goya_core_run(fz.s);
    }
}

static void fire_timer(void)
{
    /* The fw re-arms itself; a bounded number of expiries per op. */
    for (unsigned i = 0; i < 16 && fz.fw_deadline != UINT64_MAX; i++) {
        fz.now = MAX(fz.now, fz.fw_deadline);
        fz.fw_deadline = UINT64_MAX;
        goya_core_fw_timer(fz.s);
    }
}

/*
 * Bring the device CPU up the way the driver does (static loader with two
 * minimal but valid FITs, then the CPU-queue handshake), so that the
 * input's CPU-CP packets reach the firmware's packet handlers.
 */
static void boot_fw(void)
{
    /* header, empty reserve map, root node: BEGIN_NODE "" END_NODE END */
    static const uint8_t fdt[72] = {
        0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 72, 0, 0, 0, 56, 0, 0, 0, 72,
        0, 0, 0, 40, 0, 0, 0, 17, 0, 0, 0, 16, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 16, [56] = 0, 0, 0, 1, [64] = 0, 0, 0, 2,
        0, 0, 0, 9,
    };

    memcpy(fz.s->sram + 0x200000, fdt, sizeof(fdt));
    memcpy(fz.s->dram + 0x800000, fdt, sizeof(fdt));
    goya_core_reg_write(fz.s, mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    fire_timer();
    goya_core_reg_write(fz.s, mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU, 2);
    fire_timer();
    goya_core_reg_write(fz.s, mmCPU_PQ_BASE_ADDR_LOW, HOST_CPU_PQ);
    goya_core_reg_write(fz.s, mmCPU_PQ_BASE_ADDR_HIGH, HOST_PHYS_BASE >> 32);
    goya_core_reg_write(fz.s, mmCPU_EQ_BASE_ADDR_LOW, HOST_CPU_EQ);
    goya_core_reg_write(fz.s, mmCPU_EQ_BASE_ADDR_HIGH, HOST_PHYS_BASE >> 32);
    goya_core_reg_write(fz.s, mmCPU_PQ_LENGTH, 0x10000);
    goya_core_reg_write(fz.s, mmCPU_EQ_LENGTH, 0x1000);
    goya_core_reg_write(fz.s, mmCPU_PQ_INIT_STATUS, 1);
    goya_core_reg_write(fz.s, mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    fire_timer();
    goya_core_reg_write(fz.s, mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 486);
}

/* One CPU-CP packet from the input, with a BD length from the input. */
static void cpu_packet(Input *in)
{
    uint32_t bd_len = take(in, 2) % (MAX_CPU_PKT + 64);
    uint32_t want = take(in, 2) % (MAX_CPU_PKT + 1);
    uint32_t len = MIN(want, in->left);
    uint32_t pi = goya_core_reg_read(fz.s, mmCPU_IF_PF_PQ_PI);
    uint8_t *bd = fz.ram + HOST_CPU_PQ + (pi % 4096) * 16;

    memcpy(fz.ram + HOST_CPU_PKT, in->p, len);
    in->p += len;
    in->left -= len;
    stq_le_p(bd, HOST_PHYS_BASE + HOST_CPU_PKT);
    stl_le_p(bd + 8, bd_len);
    stl_le_p(bd + 12, (pi + 1) % 8192);
    goya_core_reg_write(fz.s, mmCPU_IF_PF_PQ_PI, (pi + 1) % 8192);
    goya_core_reg_write(fz.s, mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, 484);
    fire_timer();
}

/* Queue the input's bytes as a CB on queue @qi, as the driver sets it up. */
static void submit(Input *in, unsigned qi, uint32_t prot)
{
    static const uint32_t qm_base[] = {
        mmDMA_QM_0_GLBL_CFG0, mmDMA_QM_0_GLBL_CFG0 + DMA_QM_STRIDE,
        mmDMA_QM_0_GLBL_CFG0 + 4 * DMA_QM_STRIDE, mmMME_QM_GLBL_CFG0,
        mmTPC0_QM_GLBL_CFG0 + 3 * TPC_STRIDE,
    };
    uint32_t base = qm_base[qi % G_N_ELEMENTS(qm_base)];
    uint32_t want = take(in, 2) % (MAX_CB + 1);
    uint32_t len = MIN(want, in->left);
    uint32_t pi = goya_core_reg_read(fz.s, base + QM_PQ_PI);
    uint8_t *bd;

    memcpy(fz.ram + HOST_CB, in->p, len);
    in->p += len;
    in->left -= len;
    goya_core_reg_write(fz.s, base + QM_PQ_BASE_LO, HOST_PQ);
    goya_core_reg_write(fz.s, base + QM_PQ_BASE_HI, HOST_PHYS_BASE >> 32);
    goya_core_reg_write(fz.s, base + QM_PQ_SIZE, 4);
    goya_core_reg_write(fz.s, base + QM_GLBL_PROT, prot);
    goya_core_reg_write(fz.s, base + QM_GLBL_CFG0, 0xF);
    bd = fz.ram + HOST_PQ + (pi % 16) * QMAN_PQ_ENTRY_SIZE;
    stq_le_p(bd, HOST_PHYS_BASE + HOST_CB);
    stl_le_p(bd + 8, len);
    stl_le_p(bd + 12, 0);
    goya_core_reg_write(fz.s, base + QM_PQ_PI, (pi + 1) % 32);
    run_engines();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GoyaConfig cfg = { .dram_size = 4ull << 30 };
    Input in = { data, size };
    char *err = NULL;

    memset(&fz, 0, sizeof(fz));
    fz.fw_deadline = UINT64_MAX;
    fz.ram = g_malloc0(HOST_RAM_SIZE);
    fz.s = goya_core_new(&fz_ops, NULL, &cfg, &err);
    if (!fz.s) {
        abort();
    }
    fire_timer();           /* let the fw reach its boot-wait state */

    for (unsigned ops = 0; in.left && ops < 256; ops++) {
        uint64_t a, v;

        switch (take(&in, 1) % 13) {
        case 0:
            a = take(&in, 4);
            goya_core_reg_write(fz.s, a % CFG_SIZE, take(&in, 4));
            break;
        case 1:
            goya_core_reg_read(fz.s, take(&in, 4) % CFG_SIZE);
            break;
        case 2:
            a = take(&in, 4) % CFG_BAR_SIZE;
            v = take(&in, 8);
            goya_core_bar_write(fz.s, 0, a & ~7ull, v, 8);
            break;
        case 3:
            a = take(&in, 4) % (256u << 20);
            v = take(&in, 8);
            goya_core_bar_write(fz.s, 4, a & ~7ull, v, 8);
            break;
        case 4:
            a = take(&in, 1) % 4;
            goya_core_elbi_write(fz.s, GOYA_ELBI_ADDR + 4 * a, take(&in, 4));
            break;
        case 5:
            a = take(&in, 3) % (HOST_RAM_SIZE - 16);
            for (unsigned i = 0; i < 16; i++) {
                fz.ram[a + i] = take(&in, 1);
            }
            break;
        case 6:
            submit(&in, take(&in, 1), 0xFF);        /* secure: physical */
            break;
        case 7:
            submit(&in, take(&in, 1), 0xF7);        /* DMA through the MMU */
            break;
        case 8:
            fz.now += take(&in, 2) * 1000;
            fire_timer();
            break;
        case 9:
            run_engines();
            break;
        case 10:
            boot_fw();
            break;
        case 11:
            cpu_packet(&in);
            break;
        case 12:                        /* any interrupt to the device CPU */
            goya_core_reg_write(fz.s, mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR,
                                take(&in, 2));
            fire_timer();
            break;
        }
    }
    goya_core_free(fz.s);
    g_free(fz.ram);
    return 0;
}
