/*
 * Habana Labs Goya (HL-1000) inference accelerator: the QEMU PCI skin.
 *
 * The device logic lives in the QEMU-free core (goya_core.c and friends,
 * plus firmware-stub/ for the device CPU).  This file gives it a PCIe
 * function: IDs, BAR0 (SRAM + CFG through the iATU), BAR2 (MSI-X), BAR4
 * (the DRAM window), the ELBI window in extended config space, DMA through
 * the PCI address space, a guarded bottom half for engine work and a
 * timer for the firmware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "qemu/units.h"
#include "qemu/cutils.h"
#include "system/runstate.h"
#include "migration/qemu-file-types.h"
#include "qapi/error.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_aer.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "system/dma.h"
#include "trace.h"
#include "goya_core.h"
#include "goya_inject.h"

#define TYPE_GOYA "goya"
OBJECT_DECLARE_SIMPLE_TYPE(GoyaState, GOYA)

#define GOYA_VENDOR_ID          0x1da3
#define GOYA_DEVICE_ID          0x0001
#define GOYA_MSIX_BAR           2
#define GOYA_MSIX_PBA_OFFSET    0x800
#define GOYA_PCIE_CAP_OFFSET    0x80
#define GOYA_PCI_CLASS          0x1200  /* processing accelerator */
#define GOYA_AER_OFFSET         0x100   /* first extended capability */

typedef struct GoyaBar {
    struct GoyaState *dev;
    unsigned index;
} GoyaBar;

struct GoyaState {
    PCIDevice parent_obj;

    GoyaBar bar0_ctx;
    GoyaBar bar4_ctx;
    MemoryRegion bar0;
    MemoryRegion bar2;
    MemoryRegion bar4;
    QEMUBH *bh;
    bool in_bar_write;          /* kicks now run the core after the write */
    bool kicked;
    QEMUTimer *fw_timer;
    GoyaCore *core;
    VMChangeStateEntry *vmstate_change;

    /* migration: filled by pre_save, consumed by post_load */
    uint64_t mig_ts_value;
    GoyaFwState mig_fw;

    /* properties */
    uint64_t run_budget;        /* x-run-budget: engine work per BH */
    uint64_t dram_size;
    uint64_t dram_bar_size;
    char *serial;
    char *card_name;
    char *preboot_ver;
    char *uboot_ver;
    char *kernel_ver;
    char *cpucp_ver;
    char *fw_os_ver;

    /* fault injection (goya_inject.c): QOM "inject" and counters */
    GoyaInjectStats inject_stats;
    char *inject_last;
};

static unsigned goya_instances;

/* ---- host ops for the core ---- */

/* DMA must never land in our own BARs (it would re-enter the device). */
static bool goya_dma_hits_own_bar(GoyaState *s, uint64_t addr, uint64_t len)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    static const int bars[] = { 0, GOYA_MSIX_BAR, 4 };

    for (unsigned i = 0; i < ARRAY_SIZE(bars); i++) {
        pcibus_t base = pci_get_bar_addr(pdev, bars[i]);
        uint64_t size = pdev->io_regions[bars[i]].size;

        if (base == PCI_BAR_UNMAPPED || !size) {
            continue;
        }
        if (addr < base + size && base < addr + len) {
            trace_goya_ub_dma_own_bar(addr, len, bars[i]);
            qemu_log_mask(LOG_GUEST_ERROR, "goya: DMA to 0x%" PRIx64
                          "+0x%" PRIx64 " hits the device's own BAR%d\n",
                          addr, len, bars[i]);
            return true;
        }
    }
    return false;
}

static int goya_dma_read(void *opaque, uint64_t addr, void *buf, uint64_t len)
{
    GoyaState *s = opaque;

    if (goya_dma_hits_own_bar(s, addr, len)) {
        return -1;
    }
    trace_goya_host_dma_read(addr, len);
    if (pci_dma_read(PCI_DEVICE(s), addr, buf, len) != MEMTX_OK) {
        trace_goya_err_host_dma(addr, len, 0);
        return -1;
    }
    return 0;
}

static int goya_dma_write(void *opaque, uint64_t addr, const void *buf,
                          uint64_t len)
{
    GoyaState *s = opaque;

    if (goya_dma_hits_own_bar(s, addr, len)) {
        return -1;
    }
    trace_goya_host_dma_write(addr, len);
    if (pci_dma_write(PCI_DEVICE(s), addr, buf, len) != MEMTX_OK) {
        trace_goya_err_host_dma(addr, len, 1);
        return -1;
    }
    return 0;
}

static void *goya_dma_map(void *opaque, uint64_t addr, uint64_t *len,
                          bool is_write)
{
    GoyaState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(s);
    dma_addr_t l = *len;
    void *p;

    if (goya_dma_hits_own_bar(s, addr, *len)) {
        return NULL;
    }
    if (!(pdev->config[PCI_COMMAND] & PCI_COMMAND_MASTER)) {
        trace_goya_ub_dma_no_master(addr, *len);
        return NULL;
    }
    p = dma_memory_map(pci_get_address_space(pdev), addr, &l,
                       is_write ? DMA_DIRECTION_FROM_DEVICE :
                                  DMA_DIRECTION_TO_DEVICE,
                       MEMTXATTRS_UNSPECIFIED);
    *len = l;
    trace_goya_host_dma_map(addr, l, is_write, p != NULL);
    return p;
}

static void goya_dma_unmap(void *opaque, void *ptr, uint64_t len,
                           bool is_write, uint64_t access_len)
{
    GoyaState *s = opaque;

    trace_goya_host_dma_unmap(len, is_write, access_len);
    dma_memory_unmap(pci_get_address_space(PCI_DEVICE(s)), ptr, len,
                     is_write ? DMA_DIRECTION_FROM_DEVICE :
                                DMA_DIRECTION_TO_DEVICE, access_len);
}

static void goya_msix_notify(void *opaque, unsigned vector)
{
    PCIDevice *pdev = PCI_DEVICE(opaque);

    trace_goya_msix(vector);
    if (!msix_enabled(pdev)) {
        trace_goya_msix_disabled(vector);
        return;
    }
    if (trace_event_get_state_backends(TRACE_GOYA_MSIX_PENDING) &&
        msix_is_masked(pdev, vector)) {
        trace_goya_msix_pending(vector);
    }
    msix_notify(pdev, vector);
}

static uint64_t goya_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void goya_kick(void *opaque)
{
    GoyaState *s = opaque;

    if (s->in_bar_write) {
        s->kicked = true;       /* goya_bar_write() runs the core */
        return;
    }
    qemu_bh_schedule(s->bh);
}

static void goya_fw_timer_mod(void *opaque, uint64_t deadline_ns)
{
    GoyaState *s = opaque;

    if (deadline_ns == UINT64_MAX) {
        timer_del(s->fw_timer);
    } else {
        timer_mod(s->fw_timer, deadline_ns);
    }
}

static const GoyaHostOps goya_host_ops = {
    .dma_read = goya_dma_read,
    .dma_write = goya_dma_write,
    .dma_map = goya_dma_map,
    .dma_unmap = goya_dma_unmap,
    .msix_notify = goya_msix_notify,
    .now_ns = goya_now_ns,
    .kick = goya_kick,
    .fw_timer_mod = goya_fw_timer_mod,
};

static void goya_bh(void *opaque)
{
    GoyaState *s = opaque;

    goya_core_run_budget(s->core, s->run_budget);
}

/*
 * The device's own transactions must not re-enter it.  QEMU refuses MMIO
 * to our BARs while the device's re-entrancy guard is engaged: in BAR
 * accesses and in the guarded bottom half.  The firmware timer engages it
 * too (as aio_bh_call() does for a guarded BH), so that an MSI-X the
 * device CPU raises cannot land in BAR0 and reset or re-run the device CPU
 * from inside its own timer.  Config space is the host bridge's region,
 * not ours: ELBI writes check the guard themselves.
 *
 * goya_guard_enter() returns whether the guard was engaged already; with
 * @refuse it then leaves it alone and the caller must drop the access.
 */
static bool goya_guard_enter(GoyaState *s, bool refuse, const char *what)
{
    MemReentrancyGuard *guard = &DEVICE(s)->mem_reentrancy_guard;
    bool was = guard->engaged_in_io;

    if (was) {
        trace_goya_ub_reentrant(what);
        if (refuse) {
            qemu_log_mask(LOG_GUEST_ERROR, "goya: %s from inside the "
                          "device (its own DMA or MSI-X) refused\n", what);
            return was;
        }
    }
    guard->engaged_in_io = true;
    return was;
}

static void goya_guard_leave(GoyaState *s, bool was)
{
    DEVICE(s)->mem_reentrancy_guard.engaged_in_io = was;
}

static void goya_fw_timer_cb(void *opaque)
{
    GoyaState *s = opaque;
    bool was = goya_guard_enter(s, false, "firmware timer");

    goya_core_fw_timer(s->core);
    goya_guard_leave(s, was);
}

/* ---- BARs ---- */

static uint64_t goya_bar_read(void *opaque, hwaddr addr, unsigned size)
{
    GoyaBar *bar = opaque;

    return goya_core_bar_read(bar->dev->core, bar->index, addr, size);
}

/*
 * Work a register write starts (a PQ doorbell, a fence increment) runs
 * right after the write, in the vCPU's MMIO exit, up to this budget (in
 * the core's units: a packet counts 4 KiB, a DMA byte one): a small CS
 * then completes and raises its MSI-X before the guest's next instruction
 * instead of one main-loop wake-up later.  The rest goes to the bottom
 * half.  No recursion: DMA into our own BARs is refused (and QEMU's
 * re-entrancy guard is engaged during this callback), and kicks from
 * inside the run go to the bottom half.
 */
#define GOYA_SYNC_RUN_BUDGET    (64 * KiB)

static void goya_bar_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    GoyaBar *bar = opaque;
    GoyaState *s = bar->dev;
    int64_t t0;

    s->in_bar_write = true;
    s->kicked = false;
    goya_core_bar_write(s->core, bar->index, addr, val, size);
    s->in_bar_write = false;
    if (!s->kicked) {
        return;
    }
    s->kicked = false;
    if (!trace_event_get_state_backends(TRACE_GOYA_SYNC_RUN)) {
        goya_core_run_budget(s->core, GOYA_SYNC_RUN_BUDGET);
        return;
    }
    t0 = get_clock();
    goya_core_run_budget(s->core, GOYA_SYNC_RUN_BUDGET);
    trace_goya_sync_run(get_clock() - t0);
}

/* BAR0 (SRAM + CFG) and BAR4 (DRAM window): both decode through the iATU */
static const MemoryRegionOps goya_bar_ops = {
    .read = goya_bar_read,
    .write = goya_bar_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- config space: the ELBI window at 0xFF0..0xFFF ---- */

static bool goya_is_elbi(uint32_t addr, int len)
{
    return addr >= GOYA_ELBI_ADDR && addr + len <= GOYA_ELBI_STS + 4;
}

static uint32_t goya_config_read(PCIDevice *pdev, uint32_t addr, int len)
{
    GoyaState *s = GOYA(pdev);

    if (goya_is_elbi(addr, len)) {
        uint32_t v = goya_core_elbi_read(s->core, addr & ~3u);

        return extract32(v, (addr & 3) * 8, len * 8);
    }
    return pci_default_read_config(pdev, addr, len);
}

static void goya_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                              int len)
{
    GoyaState *s = GOYA(pdev);

    if (goya_is_elbi(addr, len)) {
        if (len != 4 || (addr & 3)) {
            trace_goya_ub_elbi_access(addr, len);
            qemu_log_mask(LOG_GUEST_ERROR, "goya: ELBI access of %d bytes "
                          "at 0x%x ignored\n", len, addr);
            return;
        }
        if (!goya_guard_enter(s, true, "ELBI write")) {
            goya_core_elbi_write(s->core, addr, val);
            goya_guard_leave(s, false);
        }
        return;
    }
    pci_default_write_config(pdev, addr, val, len);
}

/* ---- PCIe AER: QEMU's pcie_aer_inject_error reaches the device ---- */

static bool goya_aer_init(PCIDevice *pdev, Error **errp)
{
    pcie_cap_deverr_init(pdev);
    return pcie_aer_init(pdev, PCI_ERR_VER, GOYA_AER_OFFSET, PCI_ERR_SIZEOF,
                         errp) >= 0;
}

/*
 * ---- fault injection: qom-set <dev> inject "<fault>[,key=value]..." ----
 *
 * A QOM property rather than a QAPI command: a device model added from
 * outside QEMU's tree cannot extend the QAPI schema without patching
 * QEMU's qapi/ files, while a property is reachable from QMP and HMP
 * (qom-set) with no change to QEMU.  See docs/fault-injection.md.
 */

static char *goya_inject_get(Object *obj, Error **errp)
{
    GoyaState *s = GOYA(obj);

    return g_strdup(s->inject_last ? s->inject_last : "");
}

static void goya_inject_set(Object *obj, const char *spec, Error **errp)
{
    GoyaState *s = GOYA(obj);
    char *err = NULL;

    if (!s->core) {
        error_setg(errp, "goya: device not realized, nothing injected");
        return;
    }
    if (goya_inject(s->core, &s->inject_stats, spec, &err) < 0) {
        error_setg(errp, "goya: inject '%s': %s", spec, err);
        g_free(err);
        return;
    }
    g_free(s->inject_last);
    s->inject_last = g_strdup(spec);
}

static void goya_inject_instance_init(Object *obj)
{
    GoyaState *s = GOYA(obj);

    object_property_add_str(obj, "inject", goya_inject_get, goya_inject_set);
    object_property_add_uint64_ptr(obj, "faults-injected",
                                   &s->inject_stats.injected,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "faults-refused",
                                   &s->inject_stats.refused,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "ecc-corrected",
                                   &s->inject_stats.ecc_corrected,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "ecc-uncorrected",
                                   &s->inject_stats.ecc_uncorrected,
                                   OBJ_PROP_FLAG_READ);
}

static void goya_inject_instance_finalize(Object *obj)
{
    GoyaState *s = GOYA(obj);

    g_free(s->inject_last);
}

/* ---- life cycle ---- */

/*
 * Engines run from a bottom half.  After an incoming migration, or any
 * stop/continue, restart them once the VM runs: not from post_load, where
 * an engine's MSI-X could reach an interrupt controller whose state is
 * not loaded yet.
 */
static void goya_vm_state_change(void *opaque, bool running, RunState state)
{
    GoyaState *s = opaque;

    if (running && s->bh) {
        qemu_bh_schedule(s->bh);
    }
}


static void goya_realize(PCIDevice *pdev, Error **errp)
{
    GoyaState *s = GOYA(pdev);
    g_autofree char *serial = NULL;
    char *err = NULL;
    GoyaConfig cfg;
    int ret;

    if (!pci_bus_is_express(pci_get_bus(pdev))) {
        /* The driver reaches its ELBI window at config offset 0xFF0. */
        error_setg(errp, "goya: needs a PCI Express bus with extended "
                   "config space (use -M q35)");
        return;
    }
    if (s->dram_size < GOYA_DRAM_MIN_SIZE || !is_power_of_2(s->dram_size)) {
        error_setg(errp, "goya: property 'dram-size' must be a power of two "
                   "of at least 4 GiB, got 0x%" PRIx64, s->dram_size);
        return;
    }
    if (s->dram_bar_size < 256 * MiB || !is_power_of_2(s->dram_bar_size) ||
        s->dram_bar_size > s->dram_size) {
        error_setg(errp, "goya: property 'dram-bar-size' must be a power of "
                   "two between 256 MiB and dram-size");
        return;
    }
    if (s->run_budget < 4 * KiB) {
        error_setg(errp, "goya: property 'x-run-budget' must be at least "
                   "4 KiB");
        return;
    }
    serial = s->serial ? g_strdup(s->serial) :
             g_strdup_printf("GOYA-EMU-%04u", goya_instances);
    cfg = (GoyaConfig) {
        .dram_size = s->dram_size,
        .fw = {
            .serial = serial,
            .card_name = s->card_name,
            .preboot_ver = s->preboot_ver,
            .uboot_ver = s->uboot_ver,
            .kernel_ver = s->kernel_ver,
            .cpucp_ver = s->cpucp_ver,
            .fw_os_ver = s->fw_os_ver,
            .dram_size = s->dram_size,
        },
    };
    s->bh = qemu_bh_new_guarded(goya_bh, s,
                                &DEVICE(pdev)->mem_reentrancy_guard);
    s->fw_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, goya_fw_timer_cb, s);
    s->core = goya_core_new(&goya_host_ops, s, &cfg, &err);
    if (!s->core) {
        error_setg(errp, "goya: %s", err);
        g_free(err);
        goto fail;
    }

    pci_config_set_interrupt_pin(pdev->config, 1);
    ret = pcie_endpoint_cap_init(pdev, GOYA_PCIE_CAP_OFFSET);
    if (ret < 0) {
        error_setg(errp, "goya: cannot add the PCIe capability");
        goto fail;
    }
    if (!goya_aer_init(pdev, errp)) {
        goto fail;
    }

    s->bar0_ctx = (GoyaBar) { .dev = s, .index = 0 };
    s->bar4_ctx = (GoyaBar) { .dev = s, .index = 4 };
    memory_region_init_io(&s->bar0, OBJECT(s), &goya_bar_ops, &s->bar0_ctx,
                          "goya-bar0-sram-cfg", CFG_BAR_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar0);

    memory_region_init(&s->bar2, OBJECT(s), "goya-bar2-msix", MSIX_BAR_SIZE);
    pci_register_bar(pdev, GOYA_MSIX_BAR, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar2);
    ret = msix_init(pdev, GOYA_MSIX_ENTRIES, &s->bar2, GOYA_MSIX_BAR, 0,
                    &s->bar2, GOYA_MSIX_BAR, GOYA_MSIX_PBA_OFFSET, 0, errp);
    if (ret < 0) {
        goto fail;
    }
    for (unsigned v = 0; v < GOYA_MSIX_ENTRIES; v++) {
        msix_vector_use(pdev, v);
    }

    memory_region_init_io(&s->bar4, OBJECT(s), &goya_bar_ops, &s->bar4_ctx,
                          "goya-bar4-dram", s->dram_bar_size);
    pci_register_bar(pdev, 4, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar4);
    s->vmstate_change = qemu_add_vm_change_state_handler(goya_vm_state_change,
                                                         s);
    goya_instances++;
    return;

fail:
    pcie_aer_exit(pdev);
    goya_core_free(s->core);
    s->core = NULL;
    timer_free(s->fw_timer);
    s->fw_timer = NULL;
    qemu_bh_delete(s->bh);
    s->bh = NULL;
}

static void goya_exit(PCIDevice *pdev)
{
    GoyaState *s = GOYA(pdev);

    /* Unplug may come in the middle of a DMA: nothing may run after this. */
    if (s->vmstate_change) {
        qemu_del_vm_change_state_handler(s->vmstate_change);
        s->vmstate_change = NULL;
    }
    msix_uninit(pdev, &s->bar2, &s->bar2);
    pcie_aer_exit(pdev);
    timer_free(s->fw_timer);
    s->fw_timer = NULL;
    qemu_bh_delete(s->bh);
    s->bh = NULL;
    goya_core_free(s->core);
    s->core = NULL;
}

static void goya_reset_hold(Object *obj, ResetType type)
{
    GoyaState *s = GOYA(obj);

    if (s->core) {
        goya_core_reset(s->core);
    }
}

static const Property goya_properties[] = {
    DEFINE_PROP_SIZE("dram-size", GoyaState, dram_size, 4 * GiB),
    DEFINE_PROP_SIZE("dram-bar-size", GoyaState, dram_bar_size, 256 * MiB),
    DEFINE_PROP_STRING("serial", GoyaState, serial),
    DEFINE_PROP_STRING("card-name", GoyaState, card_name),
    DEFINE_PROP_STRING("preboot-version", GoyaState, preboot_ver),
    DEFINE_PROP_STRING("uboot-version", GoyaState, uboot_ver),
    DEFINE_PROP_STRING("kernel-version", GoyaState, kernel_ver),
    DEFINE_PROP_STRING("cpucp-version", GoyaState, cpucp_ver),
    DEFINE_PROP_STRING("fw-os-version", GoyaState, fw_os_ver),
    /*
     * Engine work per bottom half (bytes of DMA; a packet counts 4 KiB).
     * Smaller values yield to the main loop more often: the generic-fuzz
     * entry uses 64 KiB, so that inputs with huge DMAs stay fast and more
     * interleavings of MMIO with running engines are tried.
     */
    DEFINE_PROP_SIZE("x-run-budget", GoyaState, run_budget, GOYA_RUN_BUDGET),
};

/* ---- migration ---- */

/*
 * Device memory (DRAM, SRAM, the CFG register file) is sparse: reserved
 * with MAP_NORESERVE and backed on first touch.  It travels as a list of
 * (page index, 4 KiB) for non-zero pages only, ended by GOYA_MIG_END; a
 * region starts with its size so that a stream from a device with another
 * dram-size is refused.  Pages never touched are found without reading
 * them (which would back them with the zero page) through
 * /proc/self/pagemap's present/swapped bits; without pagemap every page is
 * checked.
 */
#define GOYA_MIG_PAGE           4096ull
#define GOYA_MIG_CHUNK_PAGES    512             /* 2 MiB per pagemap read */
#define GOYA_MIG_END            UINT64_MAX
#define PAGEMAP_PRESENT         (1ull << 63)
#define PAGEMAP_SWAPPED         (1ull << 62)

static void goya_mig_put_region(QEMUFile *f, const uint8_t *base,
                                uint64_t size)
{
    uint64_t pages = size / GOYA_MIG_PAGE;
    uint64_t entries[GOYA_MIG_CHUNK_PAGES];
    int pagemap = open("/proc/self/pagemap", O_RDONLY);

    qemu_put_be64(f, size);
    for (uint64_t first = 0; first < pages; first += GOYA_MIG_CHUNK_PAGES) {
        uint64_t n = MIN(GOYA_MIG_CHUNK_PAGES, pages - first);
        uintptr_t vpn = (uintptr_t)(base + first * GOYA_MIG_PAGE) /
                        qemu_real_host_page_size();
        bool known = false;

        if (pagemap >= 0 && qemu_real_host_page_size() == GOYA_MIG_PAGE) {
            ssize_t want = n * sizeof(uint64_t);

            known = pread(pagemap, entries, want,
                          vpn * sizeof(uint64_t)) == want;
        }
        for (uint64_t i = 0; i < n; i++) {
            const uint8_t *page = base + (first + i) * GOYA_MIG_PAGE;

            if (known && !(entries[i] & (PAGEMAP_PRESENT | PAGEMAP_SWAPPED))) {
                continue;           /* never touched: reads as zero */
            }
            if (buffer_is_zero(page, GOYA_MIG_PAGE)) {
                continue;
            }
            qemu_put_be64(f, first + i);
            qemu_put_buffer(f, page, GOYA_MIG_PAGE);
        }
    }
    qemu_put_be64(f, GOYA_MIG_END);
    if (pagemap >= 0) {
        close(pagemap);
    }
}

static int goya_mig_get_region(QEMUFile *f, uint8_t *base, uint64_t size,
                               const char *name)
{
    uint64_t pages = size / GOYA_MIG_PAGE;
    uint64_t got = qemu_get_be64(f);
    uint64_t loaded = 0;

    if (qemu_file_get_error(f)) {
        return qemu_file_get_error(f);
    }
    if (got != size) {
        trace_goya_err_migration_region(name, got, size);
        error_report("goya: migrated %s is 0x%" PRIx64 " bytes, this device "
                     "has 0x%" PRIx64 " (different dram-size?)", name, got,
                     size);
        return -EINVAL;
    }
    goya_zero_range(base, 0, size);
    for (;;) {
        uint64_t index = qemu_get_be64(f);
        int ret = qemu_file_get_error(f);

        if (ret) {
            return ret;         /* truncated: never loop on zeros */
        }
        if (index == GOYA_MIG_END) {
            trace_goya_migration_region(name, loaded);
            return 0;
        }
        if (index >= pages) {
            trace_goya_err_migration_page(name, index, pages);
            error_report("goya: migrated %s page %" PRIu64 " out of range "
                         "(%" PRIu64 " pages)", name, index, pages);
            return -EINVAL;
        }
        if (qemu_get_buffer(f, base + index * GOYA_MIG_PAGE,
                            GOYA_MIG_PAGE) != GOYA_MIG_PAGE) {
            return qemu_file_get_error(f) ?: -EIO;
        }
        loaded++;
    }
}

/* pv is the GoyaCore (field offset 0) */
static int goya_mig_put_memory(QEMUFile *f, void *pv, size_t size,
                               const VMStateField *field, JSONWriter *vmdesc)
{
    GoyaCore *c = pv;

    goya_mig_put_region(f, c->dram, c->dram_size);
    goya_mig_put_region(f, c->sram, SRAM_SIZE);
    goya_mig_put_region(f, (uint8_t *)c->regs, CFG_SIZE);
    return 0;
}

static int goya_mig_get_memory(QEMUFile *f, void *pv, size_t size,
                               const VMStateField *field)
{
    GoyaCore *c = pv;
    int ret;

    ret = goya_mig_get_region(f, c->dram, c->dram_size, "DRAM");
    if (!ret) {
        ret = goya_mig_get_region(f, c->sram, SRAM_SIZE, "SRAM");
    }
    if (!ret) {
        ret = goya_mig_get_region(f, (uint8_t *)c->regs, CFG_SIZE,
                                  "register file");
    }
    return ret;
}

static const VMStateInfo goya_vmstate_info_memory = {
    .name = "goya-sparse-memory",
    .get = goya_mig_get_memory,
    .put = goya_mig_put_memory,
};

/* A QMAN's queue position, command buffer, LIN_DMA progress and fences. */
static const VMStateDescription goya_vmstate_qman = {
    .name = "goya/qman",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(pq_ci, GoyaQman),
        VMSTATE_BOOL(cb_active, GoyaQman),
        VMSTATE_UINT64(cb_addr, GoyaQman),
        VMSTATE_UINT32(cb_len, GoyaQman),
        VMSTATE_UINT32(cb_off, GoyaQman),
        VMSTATE_BOOL(dma_active, GoyaQman),
        VMSTATE_UINT32(dma_ctl, GoyaQman),
        VMSTATE_UINT64(dma_src, GoyaQman),
        VMSTATE_UINT64(dma_dst, GoyaQman),
        VMSTATE_UINT64(dma_done, GoyaQman),
        VMSTATE_UINT64(dma_size, GoyaQman),
        VMSTATE_BOOL(fence_wait, GoyaQman),
        VMSTATE_UINT32(fence_id, GoyaQman),
        VMSTATE_UINT8(fence_dec, GoyaQman),
        VMSTATE_UINT8(fence_target, GoyaQman),
        VMSTATE_UINT8_ARRAY(fence_cnt, GoyaQman, 4),
        VMSTATE_BOOL(cpdma_wait, GoyaQman),
        VMSTATE_BOOL(error, GoyaQman),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * The core: memory and register file (which holds the sync manager's
 * SOBs and monitors and the MMU/QMAN/DMA registers), ELBI, iATU, QMANs,
 * MMU hop0 table.  The TLB is a cache and not migrated.
 */
static const VMStateDescription goya_vmstate_core = {
    .name = "goya/core",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        {
            .name = "memory",
            .info = &goya_vmstate_info_memory,
            .flags = VMS_SINGLE,
            .offset = 0,
        },
        VMSTATE_UINT32(elbi_addr, GoyaCore),
        VMSTATE_UINT32(elbi_data, GoyaCore),
        VMSTATE_UINT32(elbi_sts, GoyaCore),
        VMSTATE_UINT32_ARRAY(iatu, GoyaCore, GOYA_IATU_REGS),
        VMSTATE_STRUCT_ARRAY(qman, GoyaCore, GOYA_NUM_QMANS, 1,
                             goya_vmstate_qman, GoyaQman),
        VMSTATE_UINT32(rr_next, GoyaCore),
        VMSTATE_UINT64_ARRAY(hop0, GoyaCore, GOYA_MMU_ASIDS),
        VMSTATE_END_OF_LIST()
    },
};

/* The device CPU: boot sequencer, CPU-CP queues, its timer, sensors. */
static const VMStateDescription goya_vmstate_fw = {
    .name = "goya/firmware",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(scratch, GoyaFwState, GOYA_FW_STATE_SCRATCH),
        VMSTATE_UINT32(boot_status, GoyaFwState),
        VMSTATE_UINT32(kmd_msg, GoyaFwState),
        VMSTATE_UINT32(hw_state, GoyaFwState),
        VMSTATE_UINT32(boot_seq_restart, GoyaFwState),
        VMSTATE_UINT32(sw_btm_fsm, GoyaFwState),
        VMSTATE_UINT32(pq_pi_reg, GoyaFwState),
        VMSTATE_UINT32(step, GoyaFwState),
        VMSTATE_UINT64(step_left_ns, GoyaFwState),
        VMSTATE_UINT64(pq_left_ns, GoyaFwState),
        VMSTATE_BOOL(wfe_requested, GoyaFwState),
        VMSTATE_BOOL(halted, GoyaFwState),
        VMSTATE_BOOL(queues_up, GoyaFwState),
        VMSTATE_BOOL(pci_disabled, GoyaFwState),
        VMSTATE_BOOL(ints_registered, GoyaFwState),
        VMSTATE_BOOL(pq_work, GoyaFwState),
        VMSTATE_BOOL(handshake_req, GoyaFwState),
        VMSTATE_BOOL(doorbell_req, GoyaFwState),
        VMSTATE_UINT64(pq_base, GoyaFwState),
        VMSTATE_UINT64(eq_base, GoyaFwState),
        VMSTATE_UINT32(pq_entries, GoyaFwState),
        VMSTATE_UINT32(eq_entries, GoyaFwState),
        VMSTATE_UINT32(pq_ci, GoyaFwState),
        VMSTATE_UINT32(eq_pi, GoyaFwState),
        VMSTATE_UINT16(eq_index, GoyaFwState),
        VMSTATE_UINT64_ARRAY(irq_masked, GoyaFwState,
                             GOYA_FW_STATE_IRQ_WORDS),
        VMSTATE_UINT64_ARRAY(pll_hz, GoyaFwState, GOYA_FW_STATE_PLLS),
        VMSTATE_UINT64(max_power_mw, GoyaFwState),
        VMSTATE_BOOL(sens_valid, GoyaFwState),
        VMSTATE_BOOL(sens_throttled, GoyaFwState),
        VMSTATE_INT64_ARRAY(temp, GoyaFwState, GOYA_FW_STATE_TEMPS),
        VMSTATE_INT64_ARRAY(temp_offset, GoyaFwState, GOYA_FW_STATE_TEMPS),
        VMSTATE_INT64_ARRAY(temp_highest, GoyaFwState, GOYA_FW_STATE_TEMPS),
        VMSTATE_INT64(volt, GoyaFwState),
        VMSTATE_INT64(volt_lowest, GoyaFwState),
        VMSTATE_INT64(volt_highest, GoyaFwState),
        VMSTATE_INT64(curr, GoyaFwState),
        VMSTATE_INT64(curr_lowest, GoyaFwState),
        VMSTATE_INT64(curr_highest, GoyaFwState),
        VMSTATE_INT64(power, GoyaFwState),
        VMSTATE_INT64(power_highest, GoyaFwState),
        VMSTATE_INT64(pwm, GoyaFwState),
        VMSTATE_INT64(pwm_enable, GoyaFwState),
        VMSTATE_INT64(pwm_manual, GoyaFwState),
        VMSTATE_INT64(fan, GoyaFwState),
        VMSTATE_UINT64(energy_uj, GoyaFwState),
        VMSTATE_UINT64(pcie_bytes, GoyaFwState),
        VMSTATE_END_OF_LIST()
    },
};

static int goya_pre_save(void *opaque)
{
    GoyaState *s = opaque;

    s->mig_ts_value = goya_core_ts_value(s->core);
    trace_goya_migration_save(s->mig_ts_value);
    goya_fw_get_state(s->core->fw, &s->mig_fw);
    return 0;
}

/*
 * Fields are already in place when this runs: an inconsistent stream
 * resets the device, so that nothing half-loaded is ever run.
 */
static int goya_post_load(void *opaque, int version_id)
{
    GoyaState *s = opaque;
    char *err = NULL;

    if (goya_core_post_load(s->core, s->mig_ts_value, &err) < 0 ||
        goya_fw_set_state(s->core->fw, &s->mig_fw, &err) < 0) {
        trace_goya_err_migration_refused(err);
        error_report("goya: migration stream refused: %s", err);
        g_free(err);
        goya_core_reset(s->core);
        return -EINVAL;
    }
    trace_goya_migration_loaded(s->mig_ts_value);
    return 0;
}

/*
 * What is usually empty goes in subsections, so that a stream without them
 * (an idle device, or one saved before they existed) still loads.
 */
static int goya_pre_load(void *opaque)
{
    GoyaState *s = opaque;

    /* absent subsections mean "none": not what an earlier load left */
    s->mig_fw.eq_held_n = 0;
    s->mig_fw.inj = (GoyaFwInjected) { 0 };
    return 0;
}

static bool goya_fw_held_needed(void *opaque)
{
    GoyaState *s = opaque;

    return s->mig_fw.eq_held_n != 0;
}

/* Events the device CPU holds while the driver's EQ is full. */
static const VMStateDescription goya_vmstate_fw_held = {
    .name = TYPE_GOYA "/fw-held-events",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = goya_fw_held_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(mig_fw.eq_held_n, GoyaState),
        VMSTATE_UINT16_ARRAY(mig_fw.eq_held_id, GoyaState,
                             GOYA_FW_STATE_HELD),
        VMSTATE_UINT8_ARRAY(mig_fw.eq_held_len, GoyaState,
                            GOYA_FW_STATE_HELD),
        VMSTATE_BUFFER(mig_fw.eq_held_data, GoyaState),
        VMSTATE_END_OF_LIST()
    },
};

static bool goya_fw_inject_needed(void *opaque)
{
    GoyaFwInjected *inj = &((GoyaState *)opaque)->mig_fw.inj;

    return inj->hang || inj->thermal || inj->power || inj->pkt_errors ||
           inj->boot_err0 || inj->boot_err1 || inj->stuck || inj->stalled ||
           inj->fit_corrupt;
}

static bool goya_fw_inject_err1_needed(void *opaque)
{
    return ((GoyaState *)opaque)->mig_fw.inj.boot_err1 != 0;
}

/*
 * Added after version 1 of fw-injected-faults, as a subsection of it: a
 * stream without ERR1 bits armed stays what version 1 reads, and an older
 * destination refuses only a stream that carries them.
 */
static const VMStateDescription goya_vmstate_fw_inject_err1 = {
    .name = TYPE_GOYA "/fw-injected-faults/boot-err1",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = goya_fw_inject_err1_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(mig_fw.inj.boot_err1, GoyaState),
        VMSTATE_END_OF_LIST()
    },
};

/* Injected faults in force: a hung CPU stays hung on the destination. */
static const VMStateDescription goya_vmstate_fw_inject = {
    .name = TYPE_GOYA "/fw-injected-faults",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = goya_fw_inject_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(mig_fw.inj.hang, GoyaState),
        VMSTATE_BOOL(mig_fw.inj.thermal, GoyaState),
        VMSTATE_BOOL(mig_fw.inj.power, GoyaState),
        VMSTATE_UINT32(mig_fw.inj.pkt_errors, GoyaState),
        VMSTATE_UINT32(mig_fw.inj.pkt_rc, GoyaState),
        VMSTATE_UINT32(mig_fw.inj.boot_err0, GoyaState),
        VMSTATE_UINT32(mig_fw.inj.stuck, GoyaState),
        VMSTATE_UINT32(mig_fw.inj.stalled, GoyaState),
        VMSTATE_UINT32(mig_fw.inj.fit_corrupt, GoyaState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &goya_vmstate_fw_inject_err1,
        NULL
    },
};

static const VMStateDescription goya_vmstate = {
    .name = TYPE_GOYA,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = goya_pre_save,
    .pre_load = goya_pre_load,
    .post_load = goya_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, GoyaState),
        VMSTATE_MSIX(parent_obj, GoyaState),
        VMSTATE_STRUCT_POINTER(core, GoyaState, goya_vmstate_core, GoyaCore),
        VMSTATE_UINT64(mig_ts_value, GoyaState),
        VMSTATE_STRUCT(mig_fw, GoyaState, 1, goya_vmstate_fw, GoyaFwState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &goya_vmstate_fw_held,
        &goya_vmstate_fw_inject,
        NULL
    },
};

static void goya_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    k->realize = goya_realize;
    k->exit = goya_exit;
    k->config_read = goya_config_read;
    k->config_write = goya_config_write;
    k->vendor_id = GOYA_VENDOR_ID;
    k->device_id = GOYA_DEVICE_ID;
    k->revision = 1;
    k->class_id = GOYA_PCI_CLASS;
    rc->phases.hold = goya_reset_hold;
    dc->desc = "Habana Labs Goya (HL-1000) AI inference accelerator";
    dc->vmsd = &goya_vmstate;
    device_class_set_props(dc, goya_properties);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo goya_info = {
    .name = TYPE_GOYA,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(GoyaState),
    .instance_init = goya_inject_instance_init,
    .instance_finalize = goya_inject_instance_finalize,
    .class_init = goya_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void goya_register_types(void)
{
    type_register_static(&goya_info);
}

type_init(goya_register_types)
