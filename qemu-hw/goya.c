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
    QEMUTimer *fw_timer;
    GoyaCore *core;

    /* properties */
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
            trace_goya_dma_own_bar(addr, len, bars[i]);
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
    trace_goya_host_dma(addr, len, 0);
    return pci_dma_read(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static int goya_dma_write(void *opaque, uint64_t addr, const void *buf,
                          uint64_t len)
{
    GoyaState *s = opaque;

    if (goya_dma_hits_own_bar(s, addr, len)) {
        return -1;
    }
    trace_goya_host_dma(addr, len, 1);
    return pci_dma_write(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static void *goya_dma_map(void *opaque, uint64_t addr, uint64_t *len,
                          bool is_write)
{
    GoyaState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(s);
    dma_addr_t l = *len;
    void *p;

    if (goya_dma_hits_own_bar(s, addr, *len) ||
        !(pdev->config[PCI_COMMAND] & PCI_COMMAND_MASTER)) {
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

    dma_memory_unmap(pci_get_address_space(PCI_DEVICE(s)), ptr, len,
                     is_write ? DMA_DIRECTION_FROM_DEVICE :
                                DMA_DIRECTION_TO_DEVICE, access_len);
}

static void goya_msix_notify(void *opaque, unsigned vector)
{
    PCIDevice *pdev = PCI_DEVICE(opaque);

    trace_goya_msix(vector);
    if (msix_enabled(pdev)) {
        msix_notify(pdev, vector);
    }
}

static uint64_t goya_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void goya_kick(void *opaque)
{
    GoyaState *s = opaque;

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

    goya_core_run(s->core);
}

static void goya_fw_timer_cb(void *opaque)
{
    GoyaState *s = opaque;

    goya_core_fw_timer(s->core);
}

/* ---- BARs ---- */

static uint64_t goya_bar_read(void *opaque, hwaddr addr, unsigned size)
{
    GoyaBar *bar = opaque;

    return goya_core_bar_read(bar->dev->core, bar->index, addr, size);
}

static void goya_bar_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    GoyaBar *bar = opaque;

    goya_core_bar_write(bar->dev->core, bar->index, addr, val, size);
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
            qemu_log_mask(LOG_GUEST_ERROR, "goya: ELBI access of %d bytes "
                          "at 0x%x ignored\n", len, addr);
            return;
        }
        goya_core_elbi_write(s->core, addr, val);
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

    msix_uninit(pdev, &s->bar2, &s->bar2);
    pcie_aer_exit(pdev);
    timer_free(s->fw_timer);
    qemu_bh_delete(s->bh);
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
};

static const VMStateDescription goya_vmstate = {
    .name = TYPE_GOYA,
    .unmigratable = 1,
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
