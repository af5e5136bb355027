/*
 * QTest testcase for the Habana Labs Goya inference accelerator (-device goya)
 *
 * The device is driven only through PCI config space (CF8/CFC and ECAM)
 * and its BARs, the way the Linux 6.1 habanalabs driver does.  Every
 * register offset and value below is a literal taken from the driver
 * (its goya/asic_reg/ headers, include/common/hl_boot_if.h and
 * common/pci/pci.c), never from the model's own definitions.
 *
 * Goya is a PCI Express endpoint that refuses a conventional PCI bus (the
 * driver reaches its ELBI window in extended config space), and QEMU 10.0's
 * libqos knows only the i440FX "pc" machine for x86_64.  So this file adds a
 * q35 machine node whose host bridge produces a "pcie-bus" interface, with
 * ECAM enabled the way firmware does; the goya driver node consumes it.
 *
 * Environment: GOYA_FIRMWARE_DIR (or GOYA_FIRMWARE, a directory or the
 * path of goya-boot-fit.itb) may name the directory holding the
 * goya-boot-fit.itb / goya-fit.itb images the boot tests load; without it
 * they load the smallest FDT the emulated device CPU accepts.
 *
 * Copyright (c) 2026 goya-emu developers
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "libqtest.h"
#include "libqos/qgraph.h"
#include "libqos/pci.h"
#include "libqos/pci-pc.h"
#include "libqos/malloc-pc.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "hw/pci/pci_regs.h"

#define KiB_(n)                 ((uint64_t)(n) << 10)
#define MiB_(n)                 ((uint64_t)(n) << 20)
#define GiB_(n)                 ((uint64_t)(n) << 30)
#define MS                      (1000 * 1000)   /* ns */

#define GOYA_VENDOR_ID          0x1DA3
#define GOYA_DEVICE_ID          0x0001
#define GOYA_IDS                0x00011DA3      /* device << 16 | vendor */
#define GOYA_QOM_PATH           "/machine/peripheral/goya0"

/* q35: the MCH (00:00.0) PCIEXBAR and where the tests put ECAM */
#define MCH_PCIEXBAR            0x60
#define ECAM_BASE               0xB0000000ULL

/*
 * Where the tests put the BARs: the 64-bit BARs above 4 GiB, aligned for
 * any dram-bar-size up to 32 GiB; BAR2 in the 32-bit hole.
 */
#define BAR0_ADDR               0x400000000ULL
#define BAR2_ADDR               0xE0000000ULL
#define BAR4_ADDR               0x800000000ULL

/* BAR0 layout and registers (offsets from CFG_BASE, the driver's mm*) */
#define CFG_BAR0_OFF            0x0C000000
#define SRAM_BOOT_FIT_OFF       0x200000
#define DRAM_LINUX_FIT_OFF      0x800000
#define SRAM_SIZE               0x32A0000
#define mmCPU_PQ_BASE_ADDR_LOW  0xC4B100
#define mmCPU_BOOT_DEV_STS0     0xC4B150
#define mmCPU_BOOT_DEV_STS1     0xC4B154
#define mmCPU_CMD_STATUS_TO_HOST 0xC4B15C
#define mmCPU_BOOT_ERR0         0xC4B160
#define mmCPU_BOOT_ERR1         0xC4B164
#define mmPREBOOT_VER_OFFSET    0xC4B170
#define mmUBOOT_VER_OFFSET      0xC4B174
#define mmCPU_BOOT_STATUS       0xC4B300
#define mmKMD_MSG_TO_CPU        0xC4B304
#define mmHW_STATE              0xC4B320
#define mmBOOT_STRAP_PINS       0xC4B430
#define mmSW_ALL_RST_CFG        0xC4B474
#define mmPCIE_AUX_DBI          0xC07490
#define mmPCIE_DBI_DEVICE_ID_VENDOR_ID 0xC02000

/* Boot status values (include/common/hl_boot_if.h) */
#define STS_IN_RESET            0
#define STS_SRAM_AVAIL          3
#define STS_IN_BTL              4
#define STS_IN_PREBOOT          5
#define STS_FIT_CORRUPTED       9
#define STS_READY_TO_BOOT       15
#define STS_WAITING_FOR_BOOT_FIT 16
#define KMD_NA                  0
#define KMD_FIT_RDY             2
#define ERR0_ENABLED            0x80000000
#define ERR0_FIT_CORRUPTED      0x2

/* The ELBI window at the top of extended config space */
#define ELBI_ADDR               0xFF0
#define ELBI_DATA               0xFF4
#define ELBI_CTRL               0xFF8
#define ELBI_STS                0xFFC
#define ELBI_CTRL_WRITE         0x80000000
#define ELBI_DONE               0x80000000
#define ELBI_ERR                0x40000000
#define ELBI_CFG_BASE           0xFC000000      /* low 32 bits of CFG_BASE */

/* PSOC_GLOBAL_CONF_SW_ALL_RST_CFG: the driver's hard-reset mask, CPU bit */
#define HARD_RESET_MASK         0x7FFE00
#define RST_CPU                 0x1000

/* AER (include/uapi/linux/pci_regs.h) */
#define AER_CAP_POS             0x100
#define AER_COR_STATUS          0x10
#define AER_COR_RCVR            0x0001

/* One goya function: where it sits and where the test put its BARs. */
typedef struct GoyaFn {
    QTestState *qts;
    uint32_t bdf;
    uint64_t bar0, bar2, bar4;
} GoyaFn;

typedef struct QGoya {
    QOSGraphObject obj;
    QPCIDevice dev;
    GoyaFn fn;
} QGoya;

/* ---- PCI configuration space ---- */

static uint32_t legacy_cfg_readl(QTestState *qts, uint32_t bdf, uint8_t off)
{
    qtest_outl(qts, 0xCF8, 0x80000000 | bdf << 8 | (off & 0xFC));
    return qtest_inl(qts, 0xCFC);
}

static void legacy_cfg_writel(QTestState *qts, uint32_t bdf, uint8_t off,
                              uint32_t val)
{
    qtest_outl(qts, 0xCF8, 0x80000000 | bdf << 8 | (off & 0xFC));
    qtest_outl(qts, 0xCFC, val);
}

/*
 * No firmware runs under qtest, so nothing enables MMCONFIG: program the
 * MCH's PCIEXBAR (256 buses at ECAM_BASE, enabled) as firmware would.
 */
static void q35_enable_ecam(QTestState *qts)
{
    legacy_cfg_writel(qts, 0, MCH_PCIEXBAR + 4, 0);
    legacy_cfg_writel(qts, 0, MCH_PCIEXBAR, ECAM_BASE | 1);
}

static uint64_t ecam_addr(uint32_t bdf, uint16_t off)
{
    g_assert_cmpuint(off, <, 0x1000);
    return ECAM_BASE + ((uint64_t)bdf << 12) + off;
}

static uint8_t cfg_readb(GoyaFn *g, uint16_t off)
{
    return qtest_readb(g->qts, ecam_addr(g->bdf, off));
}

static uint16_t cfg_readw(GoyaFn *g, uint16_t off)
{
    return qtest_readw(g->qts, ecam_addr(g->bdf, off));
}

static uint32_t cfg_readl(GoyaFn *g, uint16_t off)
{
    return qtest_readl(g->qts, ecam_addr(g->bdf, off));
}

static void cfg_writeb(GoyaFn *g, uint16_t off, uint8_t v)
{
    qtest_writeb(g->qts, ecam_addr(g->bdf, off), v);
}

static void cfg_writew(GoyaFn *g, uint16_t off, uint16_t v)
{
    qtest_writew(g->qts, ecam_addr(g->bdf, off), v);
}

static void cfg_writel(GoyaFn *g, uint16_t off, uint32_t v)
{
    qtest_writel(g->qts, ecam_addr(g->bdf, off), v);
}

/* Offset of capability @id in the standard list, 0 if absent. */
static uint8_t goya_find_cap(GoyaFn *g, uint8_t id)
{
    uint8_t pos;
    int i;

    if (!(cfg_readw(g, PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    pos = cfg_readb(g, PCI_CAPABILITY_LIST) & ~3;
    for (i = 0; i < 48 && pos; i++) {
        if (cfg_readb(g, pos) == id) {
            return pos;
        }
        pos = cfg_readb(g, pos + 1) & ~3;
    }
    return 0;
}

typedef struct GoyaBarInfo {
    uint64_t size;
    bool is64, io, prefetch;
} GoyaBarInfo;

/* Size BAR @bar with the all-ones probe; its value is restored. */
static GoyaBarInfo goya_bar_info(GoyaFn *g, int bar)
{
    uint16_t off = PCI_BASE_ADDRESS_0 + 4 * bar;
    uint32_t orig = cfg_readl(g, off), lo, hi, orig_hi;
    GoyaBarInfo info = { 0 };
    uint64_t mask;

    cfg_writel(g, off, 0xFFFFFFFF);
    lo = cfg_readl(g, off);
    cfg_writel(g, off, orig);
    g_assert_cmphex(lo, !=, 0);
    info.io = lo & 1;
    info.is64 = !info.io && ((lo >> 1) & 3) == 2;
    info.prefetch = !info.io && (lo & 8);
    mask = lo & (info.io ? ~3u : ~0xFu);
    if (info.is64) {
        orig_hi = cfg_readl(g, off + 4);
        cfg_writel(g, off + 4, 0xFFFFFFFF);
        hi = cfg_readl(g, off + 4);
        cfg_writel(g, off + 4, orig_hi);
        info.size = ~(mask | (uint64_t)hi << 32) + 1;
    } else {
        info.size = (uint32_t)~mask + 1ULL;
    }
    return info;
}

static void goya_set_bar(GoyaFn *g, int bar, uint64_t addr)
{
    cfg_writel(g, PCI_BASE_ADDRESS_0 + 4 * bar, (uint32_t)addr);
    cfg_writel(g, PCI_BASE_ADDRESS_0 + 4 * bar + 4, addr >> 32);
}

static void goya_enable(GoyaFn *g)
{
    cfg_writew(g, PCI_COMMAND, cfg_readw(g, PCI_COMMAND) |
               PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* Assign the BARs (and enable memory decoding and bus mastering). */
static void goya_setup(GoyaFn *g, bool enable)
{
    g->bar0 = BAR0_ADDR;
    g->bar2 = BAR2_ADDR;
    g->bar4 = BAR4_ADDR;
    goya_set_bar(g, 0, g->bar0);
    goya_set_bar(g, 2, g->bar2);
    goya_set_bar(g, 4, g->bar4);
    if (enable) {
        goya_enable(g);
    }
}

/* The function of a qos test: found at 04.0 of bus 0, BARs assigned. */
static GoyaFn *goya_start(QGoya *d, bool enable)
{
    d->fn.qts = d->dev.bus->qts;
    d->fn.bdf = d->dev.devfn;
    goya_setup(&d->fn, enable);
    return &d->fn;
}

/* ---- registers: BAR0 and ELBI ---- */

static uint32_t goya_reg(GoyaFn *g, uint32_t reg)
{
    return qtest_readl(g->qts, g->bar0 + CFG_BAR0_OFF + reg);
}

static void goya_wreg(GoyaFn *g, uint32_t reg, uint32_t v)
{
    qtest_writel(g->qts, g->bar0 + CFG_BAR0_OFF + reg, v);
}

static uint32_t goya_elbi_poll(GoyaFn *g)
{
    uint32_t sts = 0;
    int i;

    /* the driver: 10 ms of 300-500 us sleeps */
    for (i = 0; i < 20; i++) {
        sts = cfg_readl(g, ELBI_STS);
        if (sts & (ELBI_DONE | ELBI_ERR)) {
            break;
        }
        qtest_clock_step(g->qts, 500 * 1000);
    }
    return sts;
}

/*
 * hl_pci_elbi_read(): returns ELBI_STS; reads DATA into @data (and returns
 * true in @valid) only when the access succeeded, as the driver does.
 */
static uint32_t goya_elbi_read(GoyaFn *g, uint32_t addr, uint32_t *data,
                               bool *valid)
{
    uint32_t sts;

    cfg_writel(g, ELBI_STS, 0);
    cfg_writel(g, ELBI_ADDR, addr);
    cfg_writel(g, ELBI_CTRL, 0);
    sts = goya_elbi_poll(g);
    *valid = (sts & (ELBI_DONE | ELBI_ERR)) == ELBI_DONE;
    if (*valid) {
        *data = cfg_readl(g, ELBI_DATA);
    }
    return sts;
}

/* An ELBI read that must succeed with exactly ELBI_DONE: its data. */
static uint32_t goya_elbi_readl(GoyaFn *g, uint32_t addr)
{
    uint32_t data = 0;
    bool valid;

    g_assert_cmphex(goya_elbi_read(g, addr, &data, &valid), ==, ELBI_DONE);
    g_assert_true(valid);
    return data;
}

static uint32_t goya_elbi_write(GoyaFn *g, uint32_t addr, uint32_t val)
{
    cfg_writel(g, ELBI_STS, 0);
    cfg_writel(g, ELBI_ADDR, addr);
    cfg_writel(g, ELBI_DATA, val);
    cfg_writel(g, ELBI_CTRL, ELBI_CTRL_WRITE);
    return goya_elbi_poll(g);
}

/* hl_pci_iatu_write(): AUX_DBI := 0x300000, then DBI + (reg & 0xFFF) */
static uint32_t goya_iatu_write(GoyaFn *g, uint32_t reg, uint32_t v)
{
    goya_elbi_write(g, ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0x300000);
    return goya_elbi_write(g, ELBI_CFG_BASE + mmPCIE_DBI_DEVICE_ID_VENDOR_ID +
                           (reg & 0xFFF), v);
}

static bool in_set(uint32_t v, const uint32_t *set, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (set[i] == v) {
            return true;
        }
    }
    return false;
}

/*
 * Read @reg through BAR0, advancing the virtual clock 1 ms a step, until it
 * holds one of @want or @max_ns have passed; returns the last value.
 */
static uint32_t goya_poll_reg(GoyaFn *g, uint32_t reg, const uint32_t *want,
                              size_t n_want, uint64_t max_ns)
{
    uint64_t waited = 0;
    uint32_t v = goya_reg(g, reg);

    while (!in_set(v, want, n_want) && waited < max_ns) {
        qtest_clock_step(g->qts, MS);
        waited += MS;
        v = goya_reg(g, reg);
    }
    return v;
}

/* Wait (at most @max_ms of virtual time) for one of the boot statuses. */
#define goya_wait_status(g, max_ms, ...)                                   \
    goya_poll_reg(g, mmCPU_BOOT_STATUS, (const uint32_t[]){ __VA_ARGS__ }, \
                  ARRAY_SIZE(((const uint32_t[]){ __VA_ARGS__ })),         \
                  (uint64_t)(max_ms) * MS)

/* The NUL-terminated string at @sram_off of BAR0 (at most 128 bytes). */
static char *goya_read_string(GoyaFn *g, uint32_t sram_off)
{
    char buf[129] = { 0 };

    qtest_memread(g->qts, g->bar0 + sram_off, buf, 128);
    return g_strdup(buf);
}

/* ---- firmware images ---- */

/*
 * The smallest FDT the emulated loader accepts: header, empty reservation
 * map, a root node without properties, no strings.
 */
static const uint8_t goya_min_fdt[72] = {
    0xD0, 0x0D, 0xFE, 0xED,     /* magic */
    0x00, 0x00, 0x00, 0x48,     /* totalsize 72 */
    0x00, 0x00, 0x00, 0x38,     /* off_dt_struct 56 */
    0x00, 0x00, 0x00, 0x48,     /* off_dt_strings 72 */
    0x00, 0x00, 0x00, 0x28,     /* off_mem_rsvmap 40 */
    0x00, 0x00, 0x00, 0x11,     /* version 17 */
    0x00, 0x00, 0x00, 0x10,     /* last_comp_version 16 */
    0x00, 0x00, 0x00, 0x00,     /* boot_cpuid_phys */
    0x00, 0x00, 0x00, 0x00,     /* size_dt_strings */
    0x00, 0x00, 0x00, 0x10,     /* size_dt_struct 16 */
    [56] = 0x00, 0x00, 0x00, 0x01,      /* FDT_BEGIN_NODE "" */
    0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x02,     /* FDT_END_NODE */
    0x00, 0x00, 0x00, 0x09,     /* FDT_END */
};

typedef struct GoyaImage {
    uint8_t *data;
    size_t len;
    char *src;
} GoyaImage;

static char *goya_firmware_dir(void)
{
    const char *dir = g_getenv("GOYA_FIRMWARE_DIR");
    const char *fw = g_getenv("GOYA_FIRMWARE");

    if (dir && *dir) {
        return g_strdup(dir);
    }
    if (fw && *fw) {
        return g_file_test(fw, G_FILE_TEST_IS_DIR) ? g_strdup(fw)
                                                   : g_path_get_dirname(fw);
    }
    return NULL;
}

/* A built FIT image @name, or the minimal FDT when there is none. */
static void goya_fit_image(const char *name, GoyaImage *img)
{
    g_autofree char *dir = goya_firmware_dir();
    g_autofree char *path = dir ? g_build_filename(dir, name, NULL) : NULL;
    gchar *data;
    gsize len;

    if (path && g_file_get_contents(path, &data, &len, NULL)) {
        img->data = (uint8_t *)data;
        img->len = len;
        img->src = g_steal_pointer(&path);
    } else {
        img->data = g_memdup2(goya_min_fdt, sizeof(goya_min_fdt));
        img->len = sizeof(goya_min_fdt);
        img->src = g_strdup("synthetic FDT");
    }
}

static void goya_image_free(GoyaImage *img)
{
    g_free(img->data);
    g_free(img->src);
}

/* ---- boot handshake (static loader, contract 5.3) ---- */

/* Boot to WAITING_FOR_BOOT_FIT; the distinct statuses seen on the way. */
static size_t goya_boot_to_16(GoyaFn *g, uint32_t *seen, size_t max_seen)
{
    static const uint32_t stop[] = { 11, 15, 16 };
    size_t n = 0;
    uint64_t waited = 0;
    uint32_t s;

    for (;;) {
        s = goya_reg(g, mmCPU_BOOT_STATUS);
        if ((!n || seen[n - 1] != s) && n < max_seen) {
            seen[n++] = s;
        }
        if (in_set(s, stop, ARRAY_SIZE(stop)) || waited >= 1000 * MS) {
            break;
        }
        qtest_clock_step(g->qts, MS);
        waited += MS;
    }
    g_assert_cmpuint(s, ==, STS_WAITING_FOR_BOOT_FIT);
    return n;
}

static void goya_load_boot_fit(GoyaFn *g, const uint8_t *data, size_t len)
{
    g_autofree uint8_t *back = g_malloc(len);

    qtest_bufwrite(g->qts, g->bar0 + SRAM_BOOT_FIT_OFF, data, len);
    qtest_bufread(g->qts, g->bar0 + SRAM_BOOT_FIT_OFF, back, len);
    g_assert(memcmp(back, data, len) == 0);
}

/* FIT_RDY to the preboot; its answer in CPU_CMD_STATUS_TO_HOST. */
static uint32_t goya_send_fit_rdy(GoyaFn *g)
{
    uint64_t waited = 0;
    uint32_t st;

    goya_wreg(g, mmCPU_CMD_STATUS_TO_HOST, 0);
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_FIT_RDY);
    st = goya_reg(g, mmCPU_CMD_STATUS_TO_HOST);
    while (!st && waited < 1000 * MS) {
        qtest_clock_step(g->qts, MS);
        waited += MS;
        st = goya_reg(g, mmCPU_CMD_STATUS_TO_HOST);
    }
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_NA);
    return st;
}

/* ---- 1. identity and configuration space ---- */

static void test_ids_class_and_pcie(void *obj, void *data,
                                    QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    uint8_t pos;
    uint16_t flags, type;

    /* IDs through legacy CF8/CFC and through ECAM agree */
    g_assert_cmphex(legacy_cfg_readl(g->qts, g->bdf, 0), ==, GOYA_IDS);
    g_assert_cmphex(cfg_readl(g, 0), ==, GOYA_IDS);
    /* class: processing accelerator */
    g_assert_cmphex(cfg_readl(g, 0x08) >> 16, ==, 0x1200);
    g_assert_cmphex(cfg_readb(g, PCI_CLASS_PROG), ==, 0);
    g_assert_cmphex(cfg_readb(g, PCI_HEADER_TYPE) & 0x7F, ==, 0);
    /* a PCIe function: Express capability, version 2, endpoint type */
    pos = goya_find_cap(g, PCI_CAP_ID_EXP);
    g_assert_cmphex(pos, !=, 0);
    flags = cfg_readw(g, pos + 2);
    g_assert_cmpuint(flags & 0xF, ==, 2);
    /* 0 = endpoint, 9 = root-complex integrated endpoint (on pcie.0) */
    type = (flags >> 4) & 0xF;
    g_assert_true(type == 0 || type == 9);
    /* interrupt pin A */
    g_assert_cmpuint(cfg_readb(g, 0x3D), ==, 1);
}

static void test_config_space_is_4k(void *obj, void *data,
                                    QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    uint32_t hdr, next;
    int seen = 0;

    /* a 256-byte function reads all-ones above 0xFF */
    g_assert_cmphex(cfg_readl(g, 0x100), !=, 0xFFFFFFFF);
    /* no extended capability may overlap the ELBI window at 0xFF0 */
    hdr = cfg_readl(g, 0x100);
    while (hdr && seen < 64) {
        next = hdr >> 20;
        g_assert_true(next == 0 || (next >= 0x100 && next < 0xFF0));
        if (!next) {
            break;
        }
        hdr = cfg_readl(g, next);
        seen++;
    }
    /* the top of the 4-KiB space is the (live) ELBI window */
    cfg_writel(g, ELBI_ADDR, 0xFCC4B150);
    g_assert_cmphex(cfg_readl(g, ELBI_ADDR), ==, 0xFCC4B150);
    g_assert_cmphex(cfg_readw(g, ELBI_ADDR + 2), ==, 0xFCC4);
    g_assert_cmphex(cfg_readb(g, ELBI_ADDR + 1), ==, 0xB1);
}

/* ---- 2. BARs and MSI-X ---- */

static void goya_check_bars(GoyaFn *g, uint64_t bar4_size)
{
    static const uint64_t addr[] = { BAR0_ADDR, 0, BAR2_ADDR, 0, BAR4_ADDR };
    GoyaBarInfo b;
    int bar;

    b = goya_bar_info(g, 0);
    g_assert_cmphex(b.size, ==, MiB_(256));
    g_assert_true(b.is64);
    g_assert_false(b.io);
    g_assert_false(b.prefetch);
    b = goya_bar_info(g, 2);
    g_assert_cmphex(b.size, ==, KiB_(4));
    g_assert_false(b.io);
    b = goya_bar_info(g, 4);
    g_assert_cmphex(b.size, ==, bar4_size);
    g_assert_true(b.is64);
    g_assert_true(b.prefetch);
    /* BARs 1, 3, 5 are the upper halves: nothing else is decoded */
    for (bar = 0; bar <= 4; bar += 2) {
        g_assert_cmphex(cfg_readl(g, 0x10 + 4 * bar) & ~0xFu, ==,
                        (uint32_t)addr[bar]);
        g_assert_cmphex(cfg_readl(g, 0x14 + 4 * bar), ==, addr[bar] >> 32);
    }
    /* no expansion ROM */
    cfg_writel(g, 0x30, 0xFFFFF800);
    g_assert_cmphex(cfg_readl(g, 0x30), ==, 0);
}

static void test_default_bar_sizes(void *obj, void *data,
                                   QGuestAllocator *alloc)
{
    goya_check_bars(goya_start(obj, true), MiB_(256));
}

static void test_dram_bar_size_512m(void *obj, void *data,
                                    QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);

    goya_check_bars(g, MiB_(512));
    /* the whole window decodes: last dword of BAR4 is DRAM 0x1FFFFFFC */
    qtest_writel(g->qts, g->bar4 + MiB_(512) - 4, 0xA5A55A5A);
    g_assert_cmphex(qtest_readl(g->qts, g->bar4 + MiB_(512) - 4), ==,
                    0xA5A55A5A);
}

static void test_msix(void *obj, void *data, QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    uint32_t table, pba, toff, poff;
    uint64_t e;
    uint8_t pos;
    int v;

    pos = goya_find_cap(g, PCI_CAP_ID_MSIX);
    g_assert_cmphex(pos, !=, 0);
    /* MSI-X table size */
    g_assert_cmpuint((cfg_readw(g, pos + 2) & 0x7FF) + 1, ==, 8);
    table = cfg_readl(g, pos + 4);
    pba = cfg_readl(g, pos + 8);
    g_assert_cmpuint(table & 7, ==, 2);     /* table in BAR2 */
    g_assert_cmpuint(pba & 7, ==, 2);       /* PBA in BAR2 */
    toff = table & ~7u;
    poff = pba & ~7u;
    g_assert_cmpuint(toff + 8 * 16, <=, KiB_(4));
    g_assert_cmpuint(poff + 8, <=, KiB_(4));
    /* the PBA does not overlap the table */
    g_assert_false(toff <= poff && poff < toff + 8 * 16);
    /* no MSI capability (MSI-X only, as the driver requires) */
    g_assert_cmphex(goya_find_cap(g, 0x05), ==, 0);
    /* table entries are reachable through BAR2; vectors start masked */
    for (v = 0; v < 8; v++) {
        e = g->bar2 + toff + 16 * v;
        g_assert_cmphex(qtest_readl(g->qts, e + 12) & 1, ==, 1);
        qtest_writel(g->qts, e, 0xFEE00000 + v * 4);
        qtest_writel(g->qts, e + 8, 0x40 + v);
    }
    for (v = 0; v < 8; v++) {
        e = g->bar2 + toff + 16 * v;
        g_assert_cmphex(qtest_readl(g->qts, e), ==, 0xFEE00000 + v * 4);
        g_assert_cmphex(qtest_readl(g->qts, e + 8), ==, 0x40 + v);
    }
    /* nothing pending */
    g_assert_cmphex(qtest_readl(g->qts, g->bar2 + poff), ==, 0);
}

static void test_bar_accesses(void *obj, void *data, QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    QTestState *qts = g->qts;

    /* SRAM through BAR0, 1/2/4/8-byte accesses, little endian */
    qtest_writeq(qts, g->bar0 + 0x8000, 0x0123456789ABCDEFULL);
    g_assert_cmphex(qtest_readq(qts, g->bar0 + 0x8000), ==,
                    0x0123456789ABCDEFULL);
    g_assert_cmphex(qtest_readl(qts, g->bar0 + 0x8004), ==, 0x01234567);
    g_assert_cmphex(qtest_readw(qts, g->bar0 + 0x8002), ==, 0x89AB);
    g_assert_cmphex(qtest_readb(qts, g->bar0 + 0x8000), ==, 0xEF);
    /* last dword of SRAM; the hole behind it reads all-ones */
    qtest_writel(qts, g->bar0 + SRAM_SIZE - 4, 0x5A5AA5A5);
    g_assert_cmphex(qtest_readl(qts, g->bar0 + SRAM_SIZE - 4), ==,
                    0x5A5AA5A5);
    g_assert_cmphex(qtest_readl(qts, g->bar0 + SRAM_SIZE), ==, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, g->bar0 + 0x8000000), ==, 0xFFFFFFFF);
    /* DRAM through BAR4 (page-table readq/writeq) */
    qtest_writeq(qts, g->bar4 + 0x1000, 0xFEDCBA9876543210ULL);
    g_assert_cmphex(qtest_readq(qts, g->bar4 + 0x1000), ==,
                    0xFEDCBA9876543210ULL);
    g_assert_cmphex(qtest_readl(qts, g->bar4 + 0x1004), ==, 0xFEDCBA98);
    qtest_writeq(qts, g->bar4 + MiB_(256) - 8, 0x1122334455667788ULL);
    g_assert_cmphex(qtest_readq(qts, g->bar4 + MiB_(256) - 8), ==,
                    0x1122334455667788ULL);
    /* CFG through BAR0: an 8-byte access is two registers */
    qtest_writeq(qts, g->bar0 + CFG_BAR0_OFF + mmCPU_PQ_BASE_ADDR_LOW,
                 0x0000008012345000ULL);
    g_assert_cmphex(goya_reg(g, mmCPU_PQ_BASE_ADDR_LOW), ==, 0x12345000);
    g_assert_cmphex(goya_reg(g, mmCPU_PQ_BASE_ADDR_LOW + 4), ==, 0x80);
    /* memory decoding off: the BARs are gone (unassigned memory) */
    cfg_writew(g, PCI_COMMAND, 0);
    g_assert_cmphex(qtest_readl(qts, g->bar0 + 0x8000), !=, 0x89ABCDEF);
    goya_enable(g);
    g_assert_cmphex(qtest_readl(qts, g->bar0 + 0x8000), ==, 0x89ABCDEF);
}

/* ---- 3. ELBI window ---- */

static void test_elbi_read_boot_status(void *obj, void *data,
                                       QGuestAllocator *alloc)
{
    /* the driver's first ELBI read happens before the device is enabled */
    GoyaFn *g = goya_start(obj, false);
    uint64_t waited = 0;
    uint32_t v = 0;
    bool valid;

    g_assert_cmphex(cfg_readw(g, PCI_COMMAND) & 0x6, ==, 0);
    g_assert_cmphex(goya_elbi_readl(g, ELBI_CFG_BASE + mmCPU_BOOT_STATUS), ==,
                    STS_IN_RESET);
    for (;;) {
        goya_elbi_read(g, ELBI_CFG_BASE + mmCPU_BOOT_STATUS, &v, &valid);
        if ((valid && v == STS_WAITING_FOR_BOOT_FIT) || waited >= 50 * MS) {
            break;
        }
        qtest_clock_step(g->qts, MS);
        waited += MS;
    }
    g_assert_cmphex(goya_elbi_readl(g, 0xFCC4B300), ==,
                    STS_WAITING_FOR_BOOT_FIT);
    /* probe-time read of CPU_BOOT_DEV_STS0: valid, no iATU shortcut */
    g_assert_cmphex(goya_elbi_readl(g, 0xFCC4B150) & 0x80020000, ==,
                    0x80000000);
    /* the normal DBI: vendor/device register */
    g_assert_cmphex(goya_elbi_readl(g, 0xFCC02000), ==, GOYA_IDS);
    /* STS := 0 clears it */
    cfg_writel(g, ELBI_STS, 0);
    g_assert_cmphex(cfg_readl(g, ELBI_STS), ==, 0);
}

static void test_elbi_write_readback(void *obj, void *data,
                                     QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    /* SCRATCHPAD_0 */
    uint32_t scratch = ELBI_CFG_BASE + mmCPU_PQ_BASE_ADDR_LOW;

    g_assert_cmphex(goya_elbi_write(g, scratch, 0x12345678), ==, ELBI_DONE);
    g_assert_cmphex(goya_elbi_readl(g, scratch), ==, 0x12345678);
    /* the same register through BAR0 */
    g_assert_cmphex(goya_reg(g, mmCPU_PQ_BASE_ADDR_LOW), ==, 0x12345678);
    goya_wreg(g, mmCPU_PQ_BASE_ADDR_LOW, 0xCAFEF00D);
    g_assert_cmphex(goya_elbi_readl(g, scratch), ==, 0xCAFEF00D);
    /* a plain (non-firmware) register file entry too */
    g_assert_cmphex(goya_elbi_write(g, ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0), ==,
                    ELBI_DONE);
    g_assert_cmphex(goya_elbi_readl(g, ELBI_CFG_BASE + mmPCIE_AUX_DBI), ==,
                    0);
    /* sub-dword ELBI writes are ignored (log only), the DATA stays */
    cfg_writel(g, ELBI_DATA, 0x11111111);
    cfg_writeb(g, ELBI_DATA, 0x22);
    g_assert_cmphex(cfg_readl(g, ELBI_DATA), ==, 0x11111111);
}

static void test_elbi_bad_address(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    static const uint32_t bad[] = {
        0x12345678,                     /* below the CFG window */
        0xFCC4B302,                     /* unaligned */
        0x0,
        ELBI_CFG_BASE - 4,
    };
    GoyaFn *g = goya_start(obj, true);
    uint32_t sts, v;
    bool valid;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        sts = goya_elbi_read(g, bad[i], &v, &valid);
        g_test_message("read 0x%x: sts 0x%x", bad[i], sts);
        g_assert_cmphex(sts & (ELBI_DONE | ELBI_ERR), ==, ELBI_ERR);
        g_assert_false(valid);
        sts = goya_elbi_write(g, bad[i], 0xDEADBEEF);
        g_test_message("write 0x%x: sts 0x%x", bad[i], sts);
        g_assert_cmphex(sts & (ELBI_DONE | ELBI_ERR), ==, ELBI_ERR);
    }
    /* a good access afterwards works again */
    g_assert_cmphex(goya_elbi_readl(g, ELBI_CFG_BASE +
                                    mmPCIE_DBI_DEVICE_ID_VENDOR_ID), ==,
                    0x00011DA3);
}

/* contract 3.4/3.5: inbound region 1 (BAR4) retargeted through ELBI */
static void test_iatu_bar4_window_move(void *obj, void *data,
                                       QGuestAllocator *alloc)
{
    static const uint32_t to_256m[][2] = {
        { 0x314, 0x10000000 }, { 0x318, 0 }, { 0x300, 0 },
        { 0x304, 0xC0080400 },
    };
    static const uint32_t to_0[][2] = {
        { 0x314, 0 }, { 0x318, 0 }, { 0x300, 0 }, { 0x304, 0xC0080400 },
    };
    GoyaFn *g = goya_start(obj, true);
    QTestState *qts = g->qts;
    size_t i;

    qtest_writel(qts, g->bar4, 0x0000AAAA);                 /* DRAM 0 */
    qtest_writel(qts, g->bar4 + 0x10000000 - 4, 0x0000BBBB); /* not moved */
    for (i = 0; i < ARRAY_SIZE(to_256m); i++) {
        g_assert_cmphex(goya_iatu_write(g, to_256m[i][0], to_256m[i][1]), ==,
                        ELBI_DONE);
    }
    g_assert_cmphex(goya_elbi_write(g, ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0), ==,
                    ELBI_DONE);
    /* DRAM 0x10000000 is fresh */
    g_assert_cmphex(qtest_readl(qts, g->bar4), ==, 0);
    qtest_writel(qts, g->bar4, 0x0000CCCC);
    /* back to 0: the old content is still there */
    for (i = 0; i < ARRAY_SIZE(to_0); i++) {
        goya_iatu_write(g, to_0[i][0], to_0[i][1]);
    }
    goya_elbi_write(g, ELBI_CFG_BASE + mmPCIE_AUX_DBI, 0);
    g_assert_cmphex(qtest_readl(qts, g->bar4), ==, 0x0000AAAA);
    g_assert_cmphex(qtest_readl(qts, g->bar4 + 0x10000000 - 4), ==,
                    0x0000BBBB);
    /* BAR0 (inbound 0) still maps SRAM/CFG */
    g_assert_cmphex(goya_reg(g, mmPCIE_DBI_DEVICE_ID_VENDOR_ID), ==,
                    0x00011DA3);
}

/* ---- 4. boot handshake ---- */

static void test_power_on_state(void *obj, void *data, QGuestAllocator *alloc)
{
    static const uint32_t expect[] = {
        STS_IN_RESET, STS_IN_BTL, STS_IN_PREBOOT, STS_WAITING_FOR_BOOT_FIT,
    };
    GoyaFn *g = goya_start(obj, true);
    /* now (+1 ns): QEMU started or was reset just before this test */
    int64_t t0 = qtest_clock_step(g->qts, 1);
    g_autofree char *ver = NULL;
    uint32_t seen[16], sts0, off;
    const char *p;
    size_t n, i;

    g_assert_cmpuint(goya_reg(g, mmCPU_BOOT_STATUS), ==, STS_IN_RESET);
    g_assert_cmpuint(goya_reg(g, mmHW_STATE), ==, 0);
    g_assert_cmphex(goya_reg(g, mmBOOT_STRAP_PINS) & (1 << 21), ==, 0);
    n = goya_boot_to_16(g, seen, ARRAY_SIZE(seen));
    g_assert_cmpuint(n, ==, ARRAY_SIZE(expect));
    for (i = 0; i < n; i++) {
        g_assert_cmpuint(seen[i], ==, expect[i]);
    }
    /* virtual time since power-on */
    g_assert_cmpint(qtest_clock_step(g->qts, 1) - t0, <, 20 * MS);
    /* preboot: STS0 valid, static loader, no iATU shortcut; STS1 0 */
    sts0 = goya_reg(g, mmCPU_BOOT_DEV_STS0);
    g_assert_cmphex(sts0 & 0x80000000, ==, 0x80000000);
    g_assert_cmphex(sts0 & ((1 << 16) | (1 << 17) | 1), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_DEV_STS1), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR1), ==, 0);
    g_assert_cmphex(goya_reg(g, mmHW_STATE), ==, 0);
    /* preboot version: offset (masked like the driver) inside SRAM */
    off = goya_reg(g, mmPREBOOT_VER_OFFSET) & 0x0FFFFFFF;
    g_assert_cmphex(off, <, 0x329FF80);
    ver = goya_read_string(g, off);
    p = strstr(ver, "Preboot");
    g_assert_nonnull(p);
    g_assert_nonnull(strstr(p + strlen("Preboot"), "fw-"));
    /* the status stays 16 while nobody sends FIT_RDY */
    qtest_clock_step(g->qts, 100 * MS);
    g_assert_cmpuint(goya_reg(g, mmCPU_BOOT_STATUS), ==,
                     STS_WAITING_FOR_BOOT_FIT);
}

static void test_boot_handshake(void *obj, void *data, QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    QTestState *qts = g->qts;
    g_autofree uint8_t *back = NULL;
    g_autofree char *uver = NULL;
    GoyaImage boot, lfit;
    uint32_t seen[16], uoff;

    goya_fit_image("goya-boot-fit.itb", &boot);
    goya_fit_image("goya-fit.itb", &lfit);
    g_test_message("boot FIT: %s; Linux FIT: %s", boot.src, lfit.src);
    /* steps A..B */
    goya_boot_to_16(g, seen, ARRAY_SIZE(seen));
    /* step C: boot FIT to SRAM through BAR0, FIT_RDY, ack 1 */
    goya_load_boot_fit(g, boot.data, boot.len);
    g_assert_cmpuint(goya_send_fit_rdy(g), ==, 1);
    /* step D: 15 (READY_TO_BOOT); the u-boot version is published */
    g_assert_cmpuint(goya_wait_status(g, 15000, 2, 11, 15, 3), ==,
                     STS_READY_TO_BOOT);
    uoff = goya_reg(g, mmUBOOT_VER_OFFSET) & 0x0FFFFFFF;
    g_assert_cmphex(uoff, <, 0x329FF80);
    uver = goya_read_string(g, uoff);
    g_assert_nonnull(strstr(uver, "fw-"));
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    /* step F: Linux FIT to DRAM 0x800000 through BAR4, FIT_RDY -> 3 */
    qtest_bufwrite(qts, g->bar4 + DRAM_LINUX_FIT_OFF, lfit.data, lfit.len);
    back = g_malloc(lfit.len);
    qtest_bufread(qts, g->bar4 + DRAM_LINUX_FIT_OFF, back, lfit.len);
    g_assert(memcmp(back, lfit.data, lfit.len) == 0);
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_FIT_RDY);
    g_assert_cmpuint(goya_wait_status(g, 15000, STS_SRAM_AVAIL), ==,
                     STS_SRAM_AVAIL);
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_NA);
    /* step G: no boot errors */
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR1), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_DEV_STS0) & 0x80000000, ==,
                    0x80000000);
    /* a further FIT_RDY is ignored, the status stays 3 */
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_FIT_RDY);
    qtest_clock_step(qts, 50 * MS);
    g_assert_cmpuint(goya_reg(g, mmCPU_BOOT_STATUS), ==, STS_SRAM_AVAIL);
    goya_image_free(&boot);
    goya_image_free(&lfit);
}

/* A corrupt boot FIT is refused (2, FIT_CORRUPTED); the preboot waits on. */
static void goya_check_bad_boot_fit(GoyaFn *g, const char *name,
                                    const uint8_t *data, size_t len)
{
    g_test_message("%s", name);
    goya_load_boot_fit(g, data, len);
    g_assert_cmpuint(goya_send_fit_rdy(g), ==, 2);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0) &
                    (ERR0_ENABLED | ERR0_FIT_CORRUPTED), ==,
                    ERR0_ENABLED | ERR0_FIT_CORRUPTED);
    qtest_clock_step(g->qts, 10 * MS);
    g_assert_cmpuint(goya_reg(g, mmCPU_BOOT_STATUS), ==,
                     STS_WAITING_FOR_BOOT_FIT);
}

static void test_corrupt_boot_fit(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    static const uint8_t zeros[64];
    GoyaFn *g = goya_start(obj, true);
    g_autofree uint8_t *bad = NULL;
    uint32_t seen[16], end;
    GoyaImage good;

    goya_fit_image("goya-boot-fit.itb", &good);
    goya_boot_to_16(g, seen, ARRAY_SIZE(seen));
    bad = g_memdup2(good.data, good.len);
    stl_be_p(bad, 0xDEADBEEF);
    goya_check_bad_boot_fit(g, "bad magic", bad, good.len);
    memcpy(bad, good.data, good.len);
    stl_be_p(bad + 4, 0x1400001);                   /* totalsize */
    goya_check_bad_boot_fit(g, "total size", bad, good.len);
    memcpy(bad, good.data, good.len);
    /* off_dt_struct + size_dt_struct: the FDT_END token zeroed */
    end = ldl_be_p(good.data + 8) + ldl_be_p(good.data + 36);
    g_assert_cmpuint(end, <=, good.len);
    stl_be_p(bad + end - 4, 0);
    goya_check_bad_boot_fit(g, "no END token", bad, good.len);
    goya_check_bad_boot_fit(g, "zeros", zeros, sizeof(zeros));
    /* the preboot accepts a good image afterwards */
    goya_load_boot_fit(g, good.data, good.len);
    g_assert_cmpuint(goya_send_fit_rdy(g), ==, 1);
    g_assert_cmpuint(goya_wait_status(g, 50, STS_READY_TO_BOOT), ==,
                     STS_READY_TO_BOOT);
    goya_image_free(&good);
}

static void test_corrupt_linux_fit(void *obj, void *data,
                                   QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    QTestState *qts = g->qts;
    GoyaImage good, lfit;
    uint32_t seen[16];

    goya_fit_image("goya-boot-fit.itb", &good);
    goya_boot_to_16(g, seen, ARRAY_SIZE(seen));
    goya_load_boot_fit(g, good.data, good.len);
    g_assert_cmpuint(goya_send_fit_rdy(g), ==, 1);
    g_assert_cmpuint(goya_wait_status(g, 50, STS_READY_TO_BOOT), ==,
                     STS_READY_TO_BOOT);
    /* DRAM at 0x800000 holds 4 zero bytes (a "dummy" firmware file) */
    qtest_writel(qts, g->bar4 + DRAM_LINUX_FIT_OFF, 0);
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_FIT_RDY);
    g_assert_cmpuint(goya_wait_status(g, 1000, STS_SRAM_AVAIL,
                                      STS_FIT_CORRUPTED), ==,
                     STS_FIT_CORRUPTED);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0) &
                    (ERR0_ENABLED | ERR0_FIT_CORRUPTED), ==,
                    ERR0_ENABLED | ERR0_FIT_CORRUPTED);
    /* stuck until reset, even with a good image now */
    goya_fit_image("goya-fit.itb", &lfit);
    qtest_bufwrite(qts, g->bar4 + DRAM_LINUX_FIT_OFF, lfit.data, lfit.len);
    goya_wreg(g, mmKMD_MSG_TO_CPU, KMD_FIT_RDY);
    qtest_clock_step(qts, 50 * MS);
    g_assert_cmpuint(goya_reg(g, mmCPU_BOOT_STATUS), ==, STS_FIT_CORRUPTED);
    goya_image_free(&good);
    goya_image_free(&lfit);
}

static void test_hw_state_after_reset(void *obj, void *data,
                                      QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    QTestState *qts = g->qts;
    g_autofree char *ver = NULL;
    uint8_t mark[9];
    uint32_t seen[16];
    GoyaImage boot;

    goya_fit_image("goya-boot-fit.itb", &boot);
    goya_boot_to_16(g, seen, ARRAY_SIZE(seen));
    /* goya_hw_init() marks the device dirty first */
    goya_wreg(g, mmHW_STATE, 1);
    g_assert_cmpuint(goya_reg(g, mmHW_STATE), ==, 1);
    goya_load_boot_fit(g, boot.data, boot.len);
    g_assert_cmpuint(goya_send_fit_rdy(g), ==, 1);
    g_assert_cmpuint(goya_wait_status(g, 50, STS_READY_TO_BOOT), ==,
                     STS_READY_TO_BOOT);

    /* (a) hard reset through the reset controller (CPU bit 12) */
    goya_wreg(g, mmSW_ALL_RST_CFG, HARD_RESET_MASK);
    g_assert_cmpuint(goya_reg(g, mmHW_STATE), ==, 0);
    g_assert_cmpuint(goya_reg(g, mmCPU_CMD_STATUS_TO_HOST), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    /* the reset pulse self-clears */
    g_assert_cmphex(goya_reg(g, mmSW_ALL_RST_CFG), ==, 0);
    g_assert_cmpuint(goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_WAITING_FOR_BOOT_FIT);
    ver = goya_read_string(g, goya_reg(g, mmPREBOOT_VER_OFFSET) & 0x0FFFFFFF);
    g_assert_nonnull(strstr(ver, "Preboot"));
    g_assert_cmpuint(goya_reg(g, mmHW_STATE), ==, 0);

    /* (b) machine reset (PCI reset of the function): everything clean */
    goya_wreg(g, mmHW_STATE, 1);
    qtest_memwrite(qts, g->bar0 + 0x1000, "SRAM-MARK", 9);
    qtest_writel(qts, g->bar4 + 0x100000, 0x5A5A5A5A);
    qtest_system_reset(qts);
    q35_enable_ecam(qts);
    /* BARs cleared by the reset */
    g_assert_cmphex(cfg_readl(g, 0x10) & ~0xFu, ==, 0);
    goya_setup(g, true);
    g_assert_cmpuint(goya_reg(g, mmHW_STATE), ==, 0);
    g_assert_cmpuint(goya_reg(g, mmCPU_BOOT_STATUS), ==, STS_IN_RESET);
    qtest_memread(qts, g->bar0 + 0x1000, mark, sizeof(mark));
    g_assert(buffer_is_zero(mark, sizeof(mark)));
    g_assert_cmphex(qtest_readl(qts, g->bar4 + 0x100000), ==, 0);
    goya_boot_to_16(g, seen, ARRAY_SIZE(seen));
    g_assert_cmpuint(goya_reg(g, mmHW_STATE), ==, 0);
    /* and boots again */
    goya_load_boot_fit(g, boot.data, boot.len);
    g_assert_cmpuint(goya_send_fit_rdy(g), ==, 1);
    goya_image_free(&boot);
}

/* ---- 5. properties and memory footprint ---- */

static void test_good_sizes_accepted(void *obj, void *data,
                                     QGuestAllocator *alloc)
{
    /* -device goya,dram-size=8G,dram-bar-size=1G */
    GoyaFn *g = goya_start(obj, true);

    g_assert_cmphex(goya_bar_info(g, 4).size, ==, GiB_(1));
    g_assert_cmphex(goya_bar_info(g, 0).size, ==, MiB_(256));
    /* BAR4 decodes DRAM up to 1 GiB */
    qtest_writel(g->qts, g->bar4 + GiB_(1) - 4, 0x600DF00D);
    g_assert_cmphex(qtest_readl(g->qts, g->bar4 + GiB_(1) - 4), ==,
                    0x600DF00D);
}

static long rss_kib(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
    g_autofree char *status = NULL;
    const char *line;

    g_assert_true(g_file_get_contents(path, &status, NULL, NULL));
    line = strstr(status, "\nVmRSS:");
    g_assert_nonnull(line);
    return g_ascii_strtoll(line + strlen("\nVmRSS:"), NULL, 10);
}

static void test_idle_rss_16g(void *obj, void *data, QGuestAllocator *alloc)
{
    /* -device goya,dram-size=16G */
    GoyaFn *g = goya_start(obj, true);
    QTestState *qts = g->qts;
    const long limit_kib = GiB_(1) / KiB_(1);
    uint64_t off;

    g_assert_cmpint(rss_kib(qtest_pid(qts)), <, limit_kib);
    /* boot the preboot, touch a few DRAM pages through BAR4 */
    goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT);
    for (off = 0; off < MiB_(256); off += MiB_(64)) {
        qtest_writel(qts, g->bar4 + off, off | 1);
    }
    for (off = 0; off < MiB_(256); off += MiB_(64)) {
        g_assert_cmphex(qtest_readl(qts, g->bar4 + off), ==, off | 1);
    }
    g_assert_cmpint(rss_kib(qtest_pid(qts)), <, limit_kib);
    /* a machine reset zeroes the whole 16 GiB without committing it */
    qtest_system_reset(qts);
    g_assert_cmpint(rss_kib(qtest_pid(qts)), <, limit_kib);
    q35_enable_ecam(qts);
    goya_setup(g, true);
    g_assert_cmphex(qtest_readl(qts, g->bar4 + MiB_(64)), ==, 0);
}

/* ---- 6. fault injection (docs/fault-injection.md) ---- */

static void goya_inject(QTestState *qts, const char *spec)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments': {"
                             " 'path': %s, 'property': 'inject',"
                             " 'value': %s } }", GOYA_QOM_PATH, spec);
}

/* The fault @spec is refused with an error naming @word. */
static void goya_inject_refused(QTestState *qts, const char *spec,
                                const char *word)
{
    QDict *err = qtest_qmp_assert_failure_ref(qts,
                     "{ 'execute': 'qom-set', 'arguments': {"
                     " 'path': %s, 'property': 'inject', 'value': %s } }",
                     GOYA_QOM_PATH, spec);
    const char *desc = qdict_get_str(err, "desc");

    g_test_message("%s: %s", spec, desc);
    g_assert_nonnull(strstr(desc, word));
    qobject_unref(err);
}

static QDict *goya_qom_get(QTestState *qts, const char *prop)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': %s, 'property': %s } }",
                           GOYA_QOM_PATH, prop);

    g_assert_true(qdict_haskey(rsp, "return"));
    return rsp;
}

static int64_t goya_qom_get_int(QTestState *qts, const char *prop)
{
    QDict *rsp = goya_qom_get(qts, prop);
    int64_t v = qdict_get_int(rsp, "return");

    qobject_unref(rsp);
    return v;
}

static void test_inject_bad_input(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    static const char *const refused[][2] = {
        { "ecc-quad,block=mme", "unknown fault 'ecc-quad'" },
        { "ecc-derr,block=tpc9", "'tpc9'" },
        { "ecc-derr,block=dram0,addr=0x100000000", "addr" },
        { "qman-err,queue=dma7", "'dma7'" },
        { "razwi,initiator=psoc,addr=0x4000000000000", "addr" },
        { "fw-error,count=1,colour=red", "'colour=red'" },
        { "boot-err,bits=0x4000", "bits" },
        { "boot-err1,bits=0x80000000", "bits" },
    };
    GoyaFn *g = goya_start(obj, true);
    size_t i;

    goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT);
    for (i = 0; i < ARRAY_SIZE(refused); i++) {
        goya_inject_refused(g->qts, refused[i][0], refused[i][1]);
    }
    g_assert_cmpint(goya_qom_get_int(g->qts, "faults-injected"), ==, 0);
    g_assert_cmpint(goya_qom_get_int(g->qts, "faults-refused"), ==,
                    ARRAY_SIZE(refused));
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR1), ==, 0);
}

static void test_inject_no_driver(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    QDict *rsp;

    goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT);
    /* events need a driver that set up the CPU-CP queues */
    goya_inject_refused(g->qts, "ecc-derr,block=mme", "event queue");
    goya_inject_refused(g->qts, "qman-err,queue=dma0", "event queue");
    /* a corrected error needs nobody */
    goya_inject(g->qts, "ecc-serr,block=sram3,addr=0x100");
    goya_inject(g->qts, "ecc-serr,block=dram1");
    g_assert_cmpint(goya_qom_get_int(g->qts, "ecc-corrected"), ==, 2);
    rsp = goya_qom_get(g->qts, "inject");
    g_assert_cmpstr(qdict_get_str(rsp, "return"), ==, "ecc-serr,block=dram1");
    qobject_unref(rsp);
    g_assert_cmpint(goya_qom_get_int(g->qts, "faults-injected"), ==, 2);
}

static void test_inject_hmp_qom_set(void *obj, void *data,
                                    QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    g_autofree char *ok = NULL, *bogus = NULL;

    ok = qtest_hmp(g->qts, "qom-set %s inject ecc-serr,block=mme",
                   GOYA_QOM_PATH);
    g_assert_cmpstr(g_strstrip(ok), ==, "");
    g_assert_cmpint(goya_qom_get_int(g->qts, "ecc-corrected"), ==, 1);
    bogus = qtest_hmp(g->qts, "qom-set %s inject bogus", GOYA_QOM_PATH);
    g_assert_nonnull(strstr(bogus, "unknown fault 'bogus'"));
}

/*
 * @spec, armed after the preboot ran: @reg reads @val now, and again after
 * a CPU reset (every boot reports it until clear).
 */
static void goya_boot_err_armed(GoyaFn *g, const char *spec, uint32_t reg,
                                uint32_t val)
{
    goya_inject(g->qts, spec);
    g_assert_cmphex(goya_reg(g, reg), ==, val);
    goya_wreg(g, mmSW_ALL_RST_CFG, RST_CPU);
    g_assert_cmpuint(goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_WAITING_FOR_BOOT_FIT);
    g_assert_cmphex(goya_reg(g, reg), ==, val);
}

static void test_inject_boot_faults_armed(void *obj, void *data,
                                          QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);

    g_assert_cmpuint(goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_WAITING_FOR_BOOT_FIT);
    goya_boot_err_armed(g, "boot-err,bits=0x1001", mmCPU_BOOT_ERR0,
                        0x80001001);
    goya_inject(g->qts, "clear");
    goya_inject(g->qts, "boot-stuck,stage=preboot");
    goya_wreg(g, mmSW_ALL_RST_CFG, RST_CPU);
    g_assert_cmpuint(goya_wait_status(g, 200, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_IN_BTL);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    goya_inject(g->qts, "clear");
    g_assert_cmpuint(goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_WAITING_FOR_BOOT_FIT);
}

/* ERR1 (hl_boot_if.h: only ENABLED, bit 31, is defined) armed like ERR0 */
static void test_inject_boot_err1(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);

    g_assert_cmpuint(goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_WAITING_FOR_BOOT_FIT);
    goya_boot_err_armed(g, "boot-err1,bits=0x1", mmCPU_BOOT_ERR1, 0x80000001);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR0), ==, 0);
    goya_inject(g->qts, "clear");
    goya_wreg(g, mmSW_ALL_RST_CFG, RST_CPU);
    g_assert_cmpuint(goya_wait_status(g, 50, STS_WAITING_FOR_BOOT_FIT), ==,
                     STS_WAITING_FOR_BOOT_FIT);
    g_assert_cmphex(goya_reg(g, mmCPU_BOOT_ERR1), ==, 0);
}

static void test_inject_aer(void *obj, void *data, QGuestAllocator *alloc)
{
    GoyaFn *g = goya_start(obj, true);
    g_autofree char *out = NULL;

    /* AER is the first extended capability */
    g_assert_cmphex(cfg_readl(g, AER_CAP_POS) & 0xFFFF, ==,
                    PCI_EXT_CAP_ID_ERR);
    g_assert_cmphex(cfg_readl(g, AER_CAP_POS + AER_COR_STATUS), ==, 0);
    out = qtest_hmp(g->qts, "pcie_aer_inject_error goya0 RCVR");
    g_assert_null(strstr(out, "rror"));
    g_assert_cmphex(cfg_readl(g, AER_CAP_POS + AER_COR_STATUS) &
                    AER_COR_RCVR, ==, AER_COR_RCVR);
    /* the ELBI window at 0xFF0 still works above the capability */
    g_assert_cmphex(goya_elbi_readl(g, 0xFCC4B300), ==,
                    goya_reg(g, 0xC4B300));
}

/* ---- 7. topology, refused configurations, help: a QEMU each ---- */

static void test_behind_root_port_and_hotplug(void)
{
    static const struct {
        const char *prop;
        uint64_t value;
    } bad[] = {
        { "dram-size", GiB_(3) }, { "dram-size", GiB_(6) },
        { "dram-bar-size", MiB_(384) },
    };
    QTestState *qts = qtest_init("-M q35 -nodefaults "
                                 "-device pcie-root-port,id=rp0,chassis=1,"
                                 "slot=1 "
                                 "-device goya,bus=rp0,id=g0 "
                                 "-device pcie-root-port,id=rp1,chassis=2,"
                                 "slot=2");
    GoyaFn g = { .qts = qts };
    uint32_t ports[2];
    int n = 0, dev;
    uint8_t pos;
    size_t i;

    q35_enable_ecam(qts);
    for (dev = 1; dev < 32; dev++) {
        if (legacy_cfg_readl(qts, dev << 3, 0) == 0x000C1B36) {
            g_assert_cmpint(n, <, 2);
            ports[n++] = dev << 3;
        }
    }
    g_assert_cmpint(n, ==, 2);
    for (n = 1; n <= 2; n++) {
        g.bdf = ports[n - 1];
        cfg_writel(&g, 0x18, n << 16 | n << 8);     /* secondary = sub = n */
    }
    g.bdf = 1 << 8;
    g_assert_cmphex(cfg_readl(&g, 0), ==, GOYA_IDS);
    pos = goya_find_cap(&g, PCI_CAP_ID_EXP);
    g_assert_cmphex(pos, !=, 0);
    /* a PCIe endpoint behind a root port */
    g_assert_cmpuint((cfg_readw(&g, pos + 2) >> 4) & 0xF, ==, 0);
    g_assert_cmphex(goya_elbi_readl(&g, 0xFCC02000), ==, 0x00011DA3);

    /* hot-plug: bad properties are refused cleanly, QEMU survives */
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        QDict *args = qdict_new();
        QDict *err;
        g_autofree char *word = g_strdup_printf("'%s'", bad[i].prop);

        qdict_put_str(args, "driver", "goya");
        qdict_put_str(args, "bus", "rp1");
        qdict_put_str(args, "id", "g1");
        qdict_put_int(args, bad[i].prop, bad[i].value);
        err = qtest_qmp_assert_failure_ref(qts, "{ 'execute': 'device_add',"
                                           " 'arguments': %p }", args);
        g_test_message("%s", qdict_get_str(err, "desc"));
        g_assert_nonnull(strstr(qdict_get_str(err, "desc"), word));
        qobject_unref(err);
    }
    g.bdf = 2 << 8;
    g_assert_cmphex(cfg_readl(&g, 0), ==, 0xFFFFFFFF);
    qtest_qmp_assert_success(qts, "{ 'execute': 'device_add', 'arguments': {"
                             " 'driver': 'goya', 'bus': 'rp1', 'id': 'g1',"
                             " 'dram-size': %" PRIu64 " } }", GiB_(8));
    g_assert_cmphex(cfg_readl(&g, 0), ==, GOYA_IDS);
    g_assert_cmphex(goya_elbi_readl(&g, 0xFCC02000), ==, 0x00011DA3);
    qtest_quit(qts);
}

/* ---- 7. device_del mid-DMA, and generic-fuzz reproducers ---- */

/* DMA QMAN 0 and DMA channel 0 (goya/asic_reg/dma_qm_0_regs.h, ...) */
#define mmDMA_QM_0_GLBL_CFG0    0x400000
#define mmDMA_QM_0_PQ_BASE_LO   0x400060
#define mmDMA_QM_0_PQ_BASE_HI   0x400064
#define mmDMA_QM_0_PQ_SIZE      0x400068
#define mmDMA_QM_0_PQ_PI        0x40006C
#define mmDMA_CH_0_STS0         0x401044
#define DMA_CH_0_STS0_DMA_BUSY  0x1
#define SRAM_BASE_ADDR          0x7FF0000000ULL
#define HOST_PHYS_BASE          0x8000000000ULL
#define PACKET_LIN_DMA          9
#define LIN_DMA_MEMSET          0x40    /* GOYA_PKT_LIN_DMA_CTL_MEMSET */

/* PCIe slot control of the root port (include/uapi/linux/pci_regs.h) */
#define SLTCTL_PIC_OFF          0x0300
#define SLTCTL_PCC_OFF          0x0400

#define UNPLUG_DST              0x10000000ULL   /* guest RAM the DMA fills */
#define UNPLUG_LEN              MiB_(768)
#define UNPLUG_FILL             0xA5A5A5A5A5A5A5A5ULL

/* Pages of the destination the memset wrote (it writes them in order). */
static uint64_t unplug_pages_written(QTestState *qts)
{
    uint64_t lo = 0, hi = UNPLUG_LEN / KiB_(4), mid;

    if (qtest_readq(qts, UNPLUG_DST) != UNPLUG_FILL) {
        return 0;
    }
    if (qtest_readq(qts, UNPLUG_DST + UNPLUG_LEN - 8) == UNPLUG_FILL) {
        return hi;
    }
    while (hi - lo > 1) {
        mid = (lo + hi) / 2;
        if (qtest_readq(qts, UNPLUG_DST + mid * KiB_(4)) == UNPLUG_FILL) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return hi;
}

static bool query_pci_has_vendor(QList *devices, uint16_t vendor)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(devices, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        QDict *bridge = qdict_get_qdict(d, "pci_bridge");

        if (qdict_get_int(qdict_get_qdict(d, "id"), "vendor") == vendor) {
            return true;
        }
        if (bridge && qdict_haskey(bridge, "devices") &&
            query_pci_has_vendor(qdict_get_qlist(bridge, "devices"),
                                 vendor)) {
            return true;
        }
    }
    return false;
}

/*
 * device_del while a LIN_DMA fills 768 MiB of guest RAM (the model does it
 * in slices from its bottom half): native PCIe hot-plug behind a
 * pcie-root-port, the test acting as the guest's pciehp.  QEMU unrealizes
 * the device half-way through; the transfer must stop there, nothing may
 * touch the freed device afterwards, and QEMU must go on and quit cleanly
 * (run-goya-qtest.sh also runs this against the ASan+UBSan build).
 */
static void test_unplug_mid_dma(void)
{
    QTestState *qts = qtest_init("-M q35 -nodefaults -m 1G "
                                 "-global ICH9-LPC.acpi-pci-hotplug-with-"
                                 "bridge-support=off "
                                 "-device pcie-root-port,id=rp0,chassis=1,"
                                 "slot=1 "
                                 "-device goya,bus=rp0,id=g0");
    const uint64_t bar0 = 0xC0000000;
    GoyaFn port = { .qts = qts }, g = { .qts = qts, .bdf = 1 << 8 };
    uint8_t cb[24], pqe[16];
    uint64_t pages = UNPLUG_LEN / KiB_(4), done, later;
    uint16_t ctl;
    uint8_t exp;
    QDict *rsp;
    int dev, i;

    q35_enable_ecam(qts);
    for (dev = 1; dev < 32; dev++) {
        if (legacy_cfg_readl(qts, dev << 3, 0) == 0x000C1B36) {
            port.bdf = dev << 3;
            break;
        }
    }
    g_assert_cmpint(dev, <, 32);
    /* bus 1 behind the port, memory window 0xC0000000-0xCFFFFFFF */
    cfg_writel(&port, PCI_PRIMARY_BUS, 1 << 16 | 1 << 8);
    cfg_writel(&port, PCI_MEMORY_BASE, 0xCFF0C000);
    cfg_writew(&port, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    g_assert_cmphex(cfg_readl(&g, 0), ==, GOYA_IDS);
    g.bar0 = bar0;
    goya_set_bar(&g, 0, bar0);
    goya_enable(&g);

    /* a CB in SRAM: one LIN_DMA memset of the destination; a PQ entry */
    stl_le_p(cb, UNPLUG_LEN);
    stl_le_p(cb + 4, PACKET_LIN_DMA << 24 | LIN_DMA_MEMSET);
    stq_le_p(cb + 8, UNPLUG_FILL);
    stq_le_p(cb + 16, HOST_PHYS_BASE + UNPLUG_DST);
    qtest_memwrite(qts, bar0 + KiB_(4), cb, sizeof(cb));
    stq_le_p(pqe, SRAM_BASE_ADDR + KiB_(4));
    stl_le_p(pqe + 8, sizeof(cb));
    stl_le_p(pqe + 12, 0);
    qtest_memwrite(qts, bar0, pqe, sizeof(pqe));
    goya_wreg(&g, mmDMA_QM_0_PQ_BASE_LO, (uint32_t)SRAM_BASE_ADDR);
    goya_wreg(&g, mmDMA_QM_0_PQ_BASE_HI, SRAM_BASE_ADDR >> 32);
    goya_wreg(&g, mmDMA_QM_0_PQ_SIZE, 4);
    goya_wreg(&g, mmDMA_QM_0_GLBL_CFG0, 0xF);

    /* the unplug request first: the guest (this test) powers the slot off */
    qtest_qmp_device_del_send(qts, "g0");
    g_assert_null(qtest_qmp_event_ref(qts, "DEVICE_DELETED"));
    exp = goya_find_cap(&port, PCI_CAP_ID_EXP);
    g_assert_cmphex(exp, !=, 0);
    ctl = cfg_readw(&port, exp + PCI_EXP_SLTCTL);
    /* as few main-loop iterations as possible from the doorbell on */
    goya_wreg(&g, mmDMA_QM_0_PQ_PI, 1);
    g_assert_cmphex(goya_reg(&g, mmDMA_CH_0_STS0) & DMA_CH_0_STS0_DMA_BUSY,
                    ==, DMA_CH_0_STS0_DMA_BUSY);
    cfg_writew(&port, exp + PCI_EXP_SLTCTL,
               ctl | SLTCTL_PIC_OFF | SLTCTL_PCC_OFF);
    rsp = qtest_qmp_eventwait_ref(qts, "DEVICE_DELETED");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(rsp, "data"), "device"),
                    ==, "g0");
    qobject_unref(rsp);
    g_assert_cmphex(cfg_readl(&g, 0), ==, 0xFFFFFFFF);

    done = unplug_pages_written(qts);
    g_test_message("unplugged after %" PRIu64 " of %" PRIu64 " pages",
                   done, pages);
    g_assert_cmpuint(done, >, 0);
    g_assert_cmpuint(done, <, pages);
    for (i = 0; i < 50; i++) {          /* main-loop iterations, timers */
        qtest_clock_step(qts, 10 * MS);
        qobject_unref(qtest_qmp(qts, "{ 'execute': 'query-status' }"));
    }
    later = unplug_pages_written(qts);
    g_assert_cmpuint(later, ==, done);

    rsp = qtest_qmp(qts, "{ 'execute': 'query-pci' }");
    g_assert_true(qdict_haskey(rsp, "return"));
    {
        QList *buses = qdict_get_qlist(rsp, "return");
        const QListEntry *e;

        QLIST_FOREACH_ENTRY(buses, e) {
            QDict *bus = qobject_to(QDict, qlist_entry_obj(e));

            g_assert_false(query_pci_has_vendor(
                               qdict_get_qlist(bus, "devices"),
                               GOYA_VENDOR_ID));
        }
    }
    qobject_unref(rsp);
    qtest_quit(qts);                    /* asserts exit status 0 */
}

/*
 * Reproducers of generic-fuzz findings, as QEMU keeps them: the minimised
 * qtest trace of the input (q35, goya at 00:01.0, BARs by hand).  Both
 * boot the device CPU with the smallest FDT, set up the CPU-CP queue and
 * aim MSI-X vector 5 at the device itself; a PQ doorbell out of sync then
 * makes the firmware timer post an event and raise vector 5.  Before the
 * fix that write reached the device and reset its CPU (boot status back to
 * 16, CPU-CP queue gone); now the boot status stays 3 (SRAM_AVAIL) and the
 * queue 2 (READY_FOR_HOST).
 */
/* The minimal FIT at @addr, FIT_RDY, then boot status @status */
static void fuzz_load_fit(QTestState *s, uint64_t addr, uint32_t status)
{
    qtest_memwrite(s, addr, goya_min_fdt, sizeof(goya_min_fdt));
    qtest_writel(s, 0x40cc4b304, 0x2);
    qtest_clock_step(s, 100000000);
    g_assert_cmphex(qtest_readl(s, 0x40cc4b300), ==, status);
    qtest_writel(s, 0x40cc4b304, 0x0);
}

static QTestState *fuzz_boot_and_cpucp(void)
{
    QTestState *s = qtest_init("-M q35 -nodefaults -m 512M -device goya");

    qtest_outl(s, 0xcf8, 0x80000064);
    qtest_outl(s, 0xcfc, 0x0);
    qtest_outl(s, 0xcf8, 0x80000060);
    qtest_outl(s, 0xcfc, 0xb0000001);
    qtest_writel(s, 0xb0008010, 0x0);
    qtest_writel(s, 0xb0008014, 0x4);
    qtest_writel(s, 0xb0008018, 0xe0000000);
    qtest_writel(s, 0xb000801c, 0x0);
    qtest_writel(s, 0xb0008020, 0x0);
    qtest_writel(s, 0xb0008024, 0x8);
    qtest_writew(s, 0xb0008004, 0x6);
    qtest_clock_step(s, 100000000);
    g_assert_cmphex(qtest_readl(s, 0x40cc4b300), ==, 0x10);
    fuzz_load_fit(s, 0x400200000, 0xf);     /* boot FIT to SRAM (BAR0) */
    fuzz_load_fit(s, 0x800800000, 0x3);     /* Linux FIT to DRAM (BAR4) */
    qtest_writel(s, 0x40cc4b100, 0x100000);
    qtest_writel(s, 0x40cc4b104, 0x80);
    qtest_writel(s, 0x40cc4b108, 0x110000);
    qtest_writel(s, 0x40cc4b10c, 0x80);
    qtest_writel(s, 0x40cc4b114, 0x100);
    qtest_writel(s, 0x40cc4b110, 0x100);
    qtest_writel(s, 0x40cc4b11c, 0x1);
    qtest_writel(s, 0x40c800040, 0x1e4);
    qtest_clock_step(s, 10000000);
    g_assert_cmphex(qtest_readl(s, 0x40cc4b11c), ==, 0x2);
    qtest_writel(s, 0x40c800040, 0x1e6);
    qtest_clock_step(s, 10000000);
    qtest_writew(s, 0xb0008042, 0x8000);
    return s;
}

static void fuzz_doorbell_and_check(QTestState *s)
{
    int i;

    qtest_writel(s, 0x40c442100, 0x14);
    qtest_writel(s, 0x40c800040, 0x1e4);
    for (i = 0; i < 5; i++) {
        qtest_clock_step(s, 10000000);
    }
    g_assert_cmphex(qtest_readl(s, 0x40cc4b300), ==, 0x3);
    g_assert_cmphex(qtest_readl(s, 0x40cc4b11c), ==, 0x2);
    qtest_quit(s);
}

/* MSI-X table entry 5 (BAR2 at 0xE0000000): @addr, @data, unmasked */
static void fuzz_aim_vector5(QTestState *s, uint64_t addr, uint32_t data)
{
    qtest_writel(s, 0xe0000050, (uint32_t)addr);
    qtest_writel(s, 0xe0000054, addr >> 32);
    qtest_writel(s, 0xe0000058, data);
    qtest_writel(s, 0xe000005c, 0x0);
}

/* MSI-X vector 5 = BAR0 + CFG + SW_ALL_RST_CFG, data = CPU reset */
static void test_fuzz_fw_timer_msix_own_bar(void)
{
    QTestState *s = fuzz_boot_and_cpucp();

    fuzz_aim_vector5(s, 0x40cc4b474, 0x1000);
    fuzz_doorbell_and_check(s);
}

/*
 * The same through config space: vector 5 = the ECAM address of the
 * device's ELBI_CTRL, ELBI_ADDR/DATA preset to SW_ALL_RST_CFG / CPU reset.
 * QEMU's guard does not see config space (the host bridge's region): the
 * ELBI path itself refuses writes while the device's guard is engaged.
 */
static void test_fuzz_fw_timer_msix_own_elbi(void)
{
    QTestState *s = fuzz_boot_and_cpucp();

    qtest_writel(s, 0xb0008ff0, 0xfcc4b474);
    qtest_writel(s, 0xb0008ff4, 0x1000);
    fuzz_aim_vector5(s, 0xb0008ff8, 0x80000000);
    fuzz_doorbell_and_check(s);
}

/*
 * A QEMU command line (-M @machine -nodefaults @args, or just @args without
 * @machine) that must exit with a status before any qtest handshake and
 * print what @match lists, on stderr or on stdout.
 */
typedef struct GoyaQemuRun {
    const char *name;
    const char *machine;
    const char *args;
    int status;
    bool on_stdout;
    const char *match[4];
} GoyaQemuRun;

static const GoyaQemuRun goya_qemu_runs[] = {
    { "refused/dram-size=3G", "q35", "-device goya,dram-size=3G",
      EXIT_FAILURE, false, { "'dram-size'", "goya" } },
    { "refused/dram-size=6G", "q35", "-device goya,dram-size=6G",
      EXIT_FAILURE, false, { "'dram-size'", "goya" } },
    { "refused/dram-size=2G", "q35", "-device goya,dram-size=2G",
      EXIT_FAILURE, false, { "'dram-size'", "goya" } },
    { "refused/dram-size=5G", "q35", "-device goya,dram-size=5G",
      EXIT_FAILURE, false, { "'dram-size'", "goya" } },
    { "refused/dram-size=12G", "q35", "-device goya,dram-size=12G",
      EXIT_FAILURE, false, { "'dram-size'", "goya" } },
    { "refused/dram-bar-size=128M", "q35", "-device goya,dram-bar-size=128M",
      EXIT_FAILURE, false, { "'dram-bar-size'", "goya" } },
    { "refused/dram-bar-size=384M", "q35", "-device goya,dram-bar-size=384M",
      EXIT_FAILURE, false, { "'dram-bar-size'", "goya" } },
    { "refused/dram-bar-size=0", "q35", "-device goya,dram-bar-size=0",
      EXIT_FAILURE, false, { "'dram-bar-size'", "goya" } },
    { "refused/dram-bar-size=8G", "q35", "-device goya,dram-bar-size=8G",
      EXIT_FAILURE, false, { "'dram-bar-size'", "goya" } },
    { "refused/dram-size=4G,dram-bar-size=768M", "q35",
      "-device goya,dram-size=4G,dram-bar-size=768M",
      EXIT_FAILURE, false, { "'dram-bar-size'", "goya" } },
    /*
     * The pc machine has no extended config space: the driver could not
     * reach the ELBI window, so the device refuses to realize.
     */
    { "refused/conventional-pci", "pc", "-device goya",
      EXIT_FAILURE, false, { "PCI Express", "q35" } },
    { "help/device-list", "q35", "-device help",
      EXIT_SUCCESS, true, { "name \"goya\"" } },
    { "help/properties", NULL, "-device goya,help",
      EXIT_SUCCESS, true,
      { "dram-size=", "dram-bar-size=", "serial=", "preboot-version=" } },
};

/*
 * Run the QEMU in a subprocess of the test, whose output glib captures.
 * A QEMU that should have refused but runs on is killed after 30 s by
 * qtest_wait_qemu(): the subprocess fails.
 */
static void test_qemu_run(const void *data)
{
    const GoyaQemuRun *r = data;
    g_autofree char *args = r->machine ?
        g_strdup_printf("-M %s -nodefaults %s", r->machine, r->args) :
        g_strdup(r->args);
    QTestState *qts;
    size_t i;

    if (g_test_subprocess()) {
        g_autofree char *sock = g_strdup_printf("%s/qtest-%d.sock",
                                                g_get_tmp_dir(), getpid());
        g_autofree char *qmp = g_strdup_printf("%s/qtest-%d.qmp",
                                               g_get_tmp_dir(), getpid());

        qts = qtest_init_with_env_and_capabilities(NULL, args, NULL, false);
        qtest_set_expected_status(qts, r->status);
        qtest_wait_qemu(qts);
        qtest_quit(qts);
        /* the sockets libqtest listened on (QEMU never got connected) */
        unlink(sock);
        unlink(qmp);
        return;
    }
    g_test_message("%s", args);
    g_test_trap_subprocess(NULL, 60 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_passed();
    for (i = 0; i < ARRAY_SIZE(r->match) && r->match[i]; i++) {
        g_autofree char *pattern = g_strdup_printf("*%s*", r->match[i]);

        if (r->on_stdout) {
            g_test_trap_assert_stdout(pattern);
        } else {
            g_test_trap_assert_stderr(pattern);
        }
    }
}

/* ---- the q35 machine and the goya driver node ---- */

typedef struct QGoyaQ35 {
    QOSGraphObject obj;
    QGuestAllocator alloc;
    QPCIBusPC pci;              /* q35-pcihost, producing pcie-bus */
} QGoyaQ35;

static void *q35_host_get_driver(void *obj, const char *interface)
{
    QPCIBusPC *pci = obj;

    if (!g_strcmp0(interface, "pcie-bus")) {
        return &pci->bus;
    }
    fprintf(stderr, "%s not present in q35-pcihost\n", interface);
    g_assert_not_reached();
}

static QOSGraphObject *q35_get_device(void *obj, const char *device)
{
    QGoyaQ35 *m = obj;

    if (!g_strcmp0(device, "q35-pcihost")) {
        return &m->pci.obj;
    }
    fprintf(stderr, "%s not present in x86_64/q35\n", device);
    g_assert_not_reached();
}

static void *q35_get_driver(void *obj, const char *interface)
{
    QGoyaQ35 *m = obj;

    if (!g_strcmp0(interface, "memory")) {
        return &m->alloc;
    }
    fprintf(stderr, "%s not present in x86_64/q35\n", interface);
    g_assert_not_reached();
}

static void q35_destructor(QOSGraphObject *obj)
{
    QGoyaQ35 *m = (QGoyaQ35 *)obj;

    alloc_destroy(&m->alloc);
}

static void *q35_create(QTestState *qts)
{
    QGoyaQ35 *m = g_new0(QGoyaQ35, 1);

    m->obj.get_device = q35_get_device;
    m->obj.get_driver = q35_get_driver;
    m->obj.destructor = q35_destructor;
    pc_alloc_init(&m->alloc, qts, ALLOC_NO_FLAGS);
    /* the MCH answers CF8/CFC like i440FX; ECAM as firmware sets it up */
    qpci_init_pc(&m->pci, qts, &m->alloc);
    m->pci.obj.get_driver = q35_host_get_driver;
    q35_enable_ecam(qts);
    return &m->obj;
}

static void *goya_get_driver(void *obj, const char *interface)
{
    QGoya *d = obj;

    if (!g_strcmp0(interface, "pci-device")) {
        return &d->dev;
    }
    fprintf(stderr, "%s not present in goya\n", interface);
    g_assert_not_reached();
}

static void *goya_create(void *pci_bus, QGuestAllocator *alloc, void *addr)
{
    QGoya *d = g_new0(QGoya, 1);

    qpci_device_init(&d->dev, pci_bus, addr);
    d->obj.get_driver = goya_get_driver;
    return &d->obj;
}

static void goya_register_nodes(void)
{
    QOSGraphEdgeOptions edge_opts = {
        .before_cmd_line = "-nodefaults",
        .extra_device_opts = "addr=04.0,id=goya0",
    };
    QOSGraphTestOptions opts_512m = {
        .edge.extra_device_opts = "dram-bar-size=512M",
    };
    QOSGraphTestOptions opts_8g_1g = {
        .edge.extra_device_opts = "dram-size=8G,dram-bar-size=1G",
    };
    QOSGraphTestOptions opts_16g = {
        .edge.extra_device_opts = "dram-size=16G",
    };
    /* the injection counters and AER status survive a machine reset */
    QOSGraphTestOptions opts_fresh = { .subprocess = true };
    size_t i;

    qos_node_create_machine("x86_64/q35", q35_create);
    qos_node_contains("x86_64/q35", "q35-pcihost", NULL);
    qos_node_create_driver("q35-pcihost", NULL);
    qos_node_produces("q35-pcihost", "pcie-bus");

    add_qpci_address(&edge_opts, &(QPCIAddress) {
        .devfn = QPCI_DEVFN(4, 0),
        .vendor_id = GOYA_VENDOR_ID,
        .device_id = GOYA_DEVICE_ID,
    });
    qos_node_create_driver("goya", goya_create);
    qos_node_consumes("goya", "pcie-bus", &edge_opts);
    qos_node_produces("goya", "pci-device");

    qos_add_test("ids-class-pcie", "goya", test_ids_class_and_pcie, NULL);
    qos_add_test("config-space-4k", "goya", test_config_space_is_4k, NULL);
    qos_add_test("bars/default", "goya", test_default_bar_sizes, NULL);
    qos_add_test("bars/dram-bar-size-512M", "goya", test_dram_bar_size_512m,
                 &opts_512m);
    qos_add_test("bars/msix", "goya", test_msix, NULL);
    qos_add_test("bars/accesses", "goya", test_bar_accesses, NULL);
    qos_add_test("elbi/boot-status", "goya", test_elbi_read_boot_status, NULL);
    qos_add_test("elbi/write-readback", "goya", test_elbi_write_readback,
                 NULL);
    qos_add_test("elbi/bad-address", "goya", test_elbi_bad_address, NULL);
    qos_add_test("elbi/iatu-bar4-window", "goya", test_iatu_bar4_window_move,
                 NULL);
    qos_add_test("boot/power-on-state", "goya", test_power_on_state, NULL);
    qos_add_test("boot/handshake", "goya", test_boot_handshake, NULL);
    qos_add_test("boot/corrupt-boot-fit", "goya", test_corrupt_boot_fit,
                 NULL);
    qos_add_test("boot/corrupt-linux-fit", "goya", test_corrupt_linux_fit,
                 NULL);
    qos_add_test("boot/hw-state-after-reset", "goya",
                 test_hw_state_after_reset, NULL);
    qos_add_test("properties/dram-8G-bar-1G", "goya",
                 test_good_sizes_accepted, &opts_8g_1g);
    qos_add_test("memory/idle-rss-16G", "goya", test_idle_rss_16g, &opts_16g);
    qos_add_test("inject/bad-input", "goya", test_inject_bad_input,
                 &opts_fresh);
    qos_add_test("inject/no-driver", "goya", test_inject_no_driver,
                 &opts_fresh);
    qos_add_test("inject/hmp-qom-set", "goya", test_inject_hmp_qom_set,
                 &opts_fresh);
    qos_add_test("inject/boot-faults-armed", "goya",
                 test_inject_boot_faults_armed, &opts_fresh);
    qos_add_test("inject/boot-err1", "goya", test_inject_boot_err1,
                 &opts_fresh);
    qos_add_test("inject/aer", "goya", test_inject_aer, &opts_fresh);

    /* tests with a QEMU command line of their own */
    if (strcmp(qtest_get_arch(), "x86_64") || !qtest_has_device("goya")) {
        return;
    }
    if (qtest_has_machine("q35") && qtest_has_device("pcie-root-port")) {
        qtest_add_func("/goya/root-port-hotplug",
                       test_behind_root_port_and_hotplug);
        qtest_add_func("/goya/unplug-mid-dma", test_unplug_mid_dma);
    }
    if (qtest_has_machine("q35")) {
        qtest_add_func("/goya/fuzz/fw-timer-msix-own-bar",
                       test_fuzz_fw_timer_msix_own_bar);
        qtest_add_func("/goya/fuzz/fw-timer-msix-own-elbi",
                       test_fuzz_fw_timer_msix_own_elbi);
    }
    for (i = 0; i < ARRAY_SIZE(goya_qemu_runs); i++) {
        const GoyaQemuRun *r = &goya_qemu_runs[i];
        g_autofree char *path = g_strdup_printf("/goya/%s", r->name);

        if (!r->machine || qtest_has_machine(r->machine)) {
            qtest_add_data_func(path, r, test_qemu_run);
        }
    }
}

libqos_init(goya_register_nodes);
