/*
 * A fake host for unit tests of the Goya device core (see fake_host.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake_host.h"

FakeHost fh;

static bool refused(uint64_t pci, uint64_t len)
{
    return pci < fh.refuse_hi && pci + len > fh.refuse_lo;
}

static bool in_ram(uint64_t pci, uint64_t len)
{
    return pci < fh.ram_size && len <= fh.ram_size - pci;
}

static int fake_dma_read(void *opaque, uint64_t pci, void *buf, uint64_t len)
{
    fh.dma_rws++;
    if (refused(pci, len) || !in_ram(pci, len)) {
        return -1;
    }
    memcpy(buf, fh.ram + pci, len);
    return 0;
}

static int fake_dma_write(void *opaque, uint64_t pci, const void *buf,
                          uint64_t len)
{
    fh.dma_rws++;
    if (refused(pci, len) || !in_ram(pci, len)) {
        return -1;
    }
    memcpy(fh.ram + pci, buf, len);
    return 0;
}

static void *fake_dma_map(void *opaque, uint64_t pci, uint64_t *len,
                          bool is_write)
{
    uint64_t n = *len;

    fh.dma_maps++;
    if (fh.no_map || pci >= fh.ram_size) {
        return NULL;
    }
    n = MIN(n, fh.ram_size - pci);
    if (fh.map_max) {
        n = MIN(n, fh.map_max);
    }
    /* Stop the mapping where the refused range starts. */
    if (fh.refuse_hi > fh.refuse_lo) {
        if (refused(pci, 1)) {
            return NULL;
        }
        if (pci < fh.refuse_lo) {
            n = MIN(n, fh.refuse_lo - pci);
        }
    }
    *len = n;
    return fh.ram + pci;
}

static void fake_dma_unmap(void *opaque, void *ptr, uint64_t len,
                           bool is_write, uint64_t access_len)
{
    ck_assert((uint8_t *)ptr >= fh.ram &&
              (uint8_t *)ptr < fh.ram + fh.ram_size);
    ck_assert_uint_le(access_len, len);
}

static void fake_msix_notify(void *opaque, unsigned vector)
{
    ck_assert_uint_lt(vector, FAKE_MSIX_MAX);
    fh.msix[vector]++;
    fh.msix_total++;
    fh.msix_last = vector;
}

static uint64_t fake_now(void *opaque)
{
    return fh.now;
}

static void fake_kick(void *opaque)
{
    fh.kicks++;
    fh.kick_pending = true;
    if (fh.auto_run && !fh.draining) {
        fake_drain();
    }
}

static void fake_fw_timer_mod(void *opaque, uint64_t deadline_ns)
{
    fh.fw_timer_mods++;
    fh.fw_deadline = deadline_ns;
}

const GoyaHostOps fake_host_ops = {
    .dma_read = fake_dma_read,
    .dma_write = fake_dma_write,
    .dma_map = fake_dma_map,
    .dma_unmap = fake_dma_unmap,
    .msix_notify = fake_msix_notify,
    .now_ns = fake_now,
    .kick = fake_kick,
    .fw_timer_mod = fake_fw_timer_mod,
};

void fake_drain(void)
{
    unsigned n = 0;

    if (fh.draining) {
        return;
    }
    fh.draining = true;
    while (fh.kick_pending) {
        if (n++ >= FAKE_RUN_BOUND) {
            fh.run_bound_hit = true;
            break;
        }
        fh.kick_pending = false;
        fh.runs++;
        goya_core_run(fh.s);
    }
    fh.draining = false;
}

void fake_advance(uint64_t ns)
{
    uint64_t end = fh.now + ns;

    for (unsigned guard = 0; guard < 1000000; guard++) {
        if (fh.fw_deadline == UINT64_MAX || fh.fw_deadline > end) {
            break;
        }
        if (fh.fw_deadline > fh.now) {
            fh.now = fh.fw_deadline;
        }
        fh.fw_deadline = UINT64_MAX;
        goya_core_fw_timer(fh.s);
    }
    fh.now = end;
}

void fake_host_init(uint64_t dram_size, uint64_t ram_size)
{
    GoyaConfig cfg = {
        .dram_size = dram_size ? dram_size : GOYA_DRAM_MIN_SIZE,
    };
    char *err = NULL;

    memset(&fh, 0, sizeof(fh));
    fh.ram_size = ram_size ? ram_size : FAKE_RAM_SIZE;
    fh.ram = g_malloc0(fh.ram_size);
    fh.now = 1000;
    fh.fw_deadline = UINT64_MAX;
    fh.msix_last = -1;
    fh.auto_run = true;
    cfg.fw.dram_size = cfg.dram_size;
    fh.s = goya_core_new(&fake_host_ops, &fh, &cfg, &err);
    ck_assert_msg(fh.s != NULL, "goya_core_new: %s", err ? err : "?");
    ck_assert_ptr_null(err);
}

void fake_host_fini(void)
{
    goya_core_free(fh.s);
    g_free(fh.ram);
    memset(&fh, 0, sizeof(fh));
}

void fake_host_setup(void)
{
    fake_host_init(0, 0);
}

void fake_host_teardown(void)
{
    ck_assert_msg(!fh.run_bound_hit, "engines never went idle");
    fake_host_fini();
}

void *fake_ram(uint64_t pci)
{
    ck_assert_uint_lt(pci, fh.ram_size);
    return fh.ram + pci;
}

uint32_t fake_ram_rd32(uint64_t pci)
{
    return ldl_le_p(fake_ram(pci));
}

void fake_ram_wr32(uint64_t pci, uint32_t v)
{
    uint32_t le = GUINT32_TO_LE(v);

    memcpy(fake_ram(pci), &le, 4);
}

void fake_ram_wr64(uint64_t pci, uint64_t v)
{
    uint64_t le = GUINT64_TO_LE(v);

    memcpy(fake_ram(pci), &le, 8);
}

uint64_t fake_msix_count(unsigned vector)
{
    return vector < FAKE_MSIX_MAX ? fh.msix[vector] : 0;
}

uint32_t rreg(uint32_t reg)
{
    return goya_core_reg_read(fh.s, reg);
}

void wreg(uint32_t reg, uint32_t val)
{
    goya_core_reg_write(fh.s, reg, val);
}

/* Poll like hl_pci_elbi_*(): the model finishes at once. */
static uint32_t elbi_wait(void)
{
    uint32_t sts = 0;

    for (int i = 0; i < 20 && !(sts & 0xC0000000u); i++) {
        sts = goya_core_elbi_read(fh.s, GOYA_ELBI_STS);
    }
    return sts;
}

uint32_t elbi_write(uint32_t addr, uint32_t val)
{
    goya_core_elbi_write(fh.s, GOYA_ELBI_STS, 0);
    goya_core_elbi_write(fh.s, GOYA_ELBI_ADDR, addr);
    goya_core_elbi_write(fh.s, GOYA_ELBI_DATA, val);
    goya_core_elbi_write(fh.s, GOYA_ELBI_CTRL, GOYA_ELBI_CTRL_WRITE);
    return elbi_wait();
}

uint32_t elbi_read(uint32_t addr, uint32_t *val)
{
    uint32_t sts;

    goya_core_elbi_write(fh.s, GOYA_ELBI_STS, 0);
    goya_core_elbi_write(fh.s, GOYA_ELBI_ADDR, addr);
    goya_core_elbi_write(fh.s, GOYA_ELBI_CTRL, 0);
    sts = elbi_wait();
    if ((sts & 0xC0000000u) == GOYA_ELBI_STS_DONE) {
        *val = goya_core_elbi_read(fh.s, GOYA_ELBI_DATA);
    }
    return sts;
}

#define ELBI_AUX_DBI    (0xFC000000u + mmPCIE_AUX_DBI)
#define ELBI_DBI_BASE   (0xFC000000u + mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG)

uint32_t iatu_write(uint32_t reg, uint32_t val)
{
    elbi_write(ELBI_AUX_DBI, 0x00300000);
    return elbi_write(ELBI_DBI_BASE + (reg & 0xFFF), val);
}

void set_ddr_bar_base(uint64_t addr)
{
    const uint32_t off = 0x200 * 1 + 0x100;

    ck_assert_uint_eq(iatu_write(off + 0x14, (uint32_t)addr),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(iatu_write(off + 0x18, addr >> 32),
                      GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(iatu_write(off + 0x0, 0), GOYA_ELBI_STS_DONE);
    ck_assert_uint_eq(iatu_write(off + 0x4, 0xC0080400), GOYA_ELBI_STS_DONE);
    elbi_write(ELBI_AUX_DBI, 0);
}
