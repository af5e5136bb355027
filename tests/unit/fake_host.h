/*
 * A fake host for unit tests of the QEMU-free Goya device core: plain
 * malloc'ed "guest RAM" at PCI address 0, recorded MSI-X vectors, a fake
 * clock, kick -> goya_core_run() synchronously (bounded), and the fw timer
 * recorded so that tests can fire it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include "goya_core.h"
#include <check.h>

#define FAKE_RAM_SIZE       (64ull << 20)
#define FAKE_MSIX_MAX       2048
#define FAKE_RUN_BOUND      100000

typedef struct FakeHost {
    GoyaCore *s;
    uint8_t *ram;               /* guest RAM at PCI address 0 */
    uint64_t ram_size;

    uint64_t now;               /* fake clock, ns */
    uint64_t fw_deadline;       /* UINT64_MAX = not armed */
    unsigned fw_timer_mods;

    unsigned msix[FAKE_MSIX_MAX];
    unsigned msix_total;
    int msix_last;

    bool auto_run;              /* kick runs the core synchronously */
    bool kick_pending;
    bool draining;
    unsigned kicks;             /* kick() calls */
    unsigned runs;              /* goya_core_run() calls made by drain */
    bool run_bound_hit;         /* drain gave up: engines never idle */

    /* PCI range [refuse_lo, refuse_hi) is not RAM and refused. */
    uint64_t refuse_lo, refuse_hi;
    uint64_t map_max;           /* cap of one dma_map(), 0 = none */
    bool no_map;                /* force the dma_read/write slow path */
    unsigned dma_maps, dma_rws;
} FakeHost;

extern FakeHost fh;
extern const GoyaHostOps fake_host_ops;

/* Core with @dram_size (0 = 4 GiB) over a RAM of @ram_size (0 = 64 MiB). */
void fake_host_init(uint64_t dram_size, uint64_t ram_size);
void fake_host_fini(void);
/* Checked fixtures for the default configuration. */
void fake_host_setup(void);
void fake_host_teardown(void);

/* Run the core until idle (what the QEMU bottom half would do). */
void fake_drain(void);
/* Advance the clock, firing the fw timer as it expires. */
void fake_advance(uint64_t ns);

/* Guest RAM helpers; @pci is a PCI bus address (device: + HOST_PHYS_BASE). */
void *fake_ram(uint64_t pci);
uint32_t fake_ram_rd32(uint64_t pci);
void fake_ram_wr32(uint64_t pci, uint32_t v);
void fake_ram_wr64(uint64_t pci, uint64_t v);
uint64_t fake_msix_count(unsigned vector);

/* Register access, through the CFG register file (as engines see it). */
uint32_t rreg(uint32_t reg);
void wreg(uint32_t reg, uint32_t val);

/* The driver's ELBI protocol (config space); returns the final STS. */
uint32_t elbi_write(uint32_t addr, uint32_t val);
uint32_t elbi_read(uint32_t addr, uint32_t *val);
/* hl_pci_iatu_write(): AUX_DBI := 0x300000, DBI + (reg & 0xFFF) := val. */
uint32_t iatu_write(uint32_t reg, uint32_t val);
/* goya_set_ddr_bar_base(): move the BAR4 window to DRAM @addr. */
void set_ddr_bar_base(uint64_t addr);

#endif
