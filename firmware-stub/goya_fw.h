/*
 * Goya firmware stub: the device's own CPU (ARM cores running boot ROM,
 * u-boot/preboot and Linux on silicon), emulated as a plain C unit.
 *
 * It owns the PSOC_GLOBAL_CONF block (boot scratchpads, HW_STATE, reset
 * controller), the CPU_IF PQ PI register and the GIC SETSPI doorbell, runs
 * the boot state machine the driver polls, serves the CPU-CP queues (PQ/CQ
 * packets, EQ events) and answers every CPUCP_PACKET_* the 6.1 driver sends.
 *
 * It knows nothing of QEMU: the device core gives it a GoyaFwOps table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_FW_H
#define GOYA_FW_H

#include "goya-port.h"

typedef struct GoyaFw GoyaFw;

typedef struct GoyaFwOps {
    /*
     * Memory access as the device CPU sees it: @addr is a device address,
     * translated by the ASID-0 MMU when the CPU_IF user-override is on
     * (see goya_core.c), physical otherwise.  Returns 0, or -1 on a fault
     * (unmapped, out of range, refused).  @len is bounded by the caller.
     */
    int (*cpu_read)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*cpu_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
    /* Raise MSI-X vector @vector of the PCI function. */
    void (*msix)(void *opaque, unsigned vector);
    /* Monotonic time in ns (virtual clock inside QEMU). */
    uint64_t (*now_ns)(void *opaque);
    /*
     * Arm the single fw timer: call goya_fw_timer() at @deadline_ns.
     * UINT64_MAX cancels.
     */
    void (*timer_mod)(void *opaque, uint64_t deadline_ns);
    /*
     * The PSOC reset controller was told to reset blocks (SW_ALL_RST_CFG
     * value @mask, bit layout as in the driver).  The core resets its
     * engines; the fw resets itself when the CPU bit is in @mask.
     */
    void (*engine_reset)(void *opaque, uint32_t mask);
} GoyaFwOps;

/* Identity and versions; strings are copied by goya_fw_new(). */
typedef struct GoyaFwConfig {
    const char *serial;          /* EEPROM / cpucp_info serial */
    const char *card_name;       /* cpucp_info.card_name, hwmon name */
    const char *preboot_ver;     /* full preboot string in SRAM */
    const char *uboot_ver;       /* full boot-fit (u-boot) string in SRAM */
    const char *kernel_ver;      /* cpucp_info.kernel_version */
    const char *cpucp_ver;       /* cpucp_info.cpucp_version */
    const char *fw_os_ver;       /* cpucp_info.fw_os_version */
    uint64_t dram_size;          /* bytes, power of two >= 4 GiB */
} GoyaFwConfig;

GoyaFw *goya_fw_new(const GoyaFwOps *ops, void *opaque,
                    const GoyaFwConfig *cfg);
void goya_fw_free(GoyaFw *fw);

/* Power-on (and hard reset of the CPU): start the boot sequence again. */
void goya_fw_reset(GoyaFw *fw);

/*
 * Register access from the host (BAR0/ELBI) or from device engines.
 * @reg is the offset from CFG_BASE (the driver's mmXXX value).
 * Returns true if the fw owns the register (and filled *val / acted),
 * false to let the core's register file handle it.
 */
bool goya_fw_reg_read(GoyaFw *fw, uint32_t reg, uint32_t *val);
bool goya_fw_reg_write(GoyaFw *fw, uint32_t reg, uint32_t val);

/* The timer armed with ops->timer_mod expired. */
void goya_fw_timer(GoyaFw *fw);

/*
 * Post an event-queue entry (event id from goya_async_events.h, optional
 * payload up to 56 bytes) and raise the EQ MSI-X vector.  Returns 0, or -1
 * if the EQ is not set up, the host has not registered for interrupts yet,
 * PCI access is disabled, or the ring is full (the event is dropped and
 * traced, as a real CPU would drop it).
 */
int goya_fw_send_event(GoyaFw *fw, uint16_t event_id,
                       const void *payload, size_t len);

/* For tests and the info/trace paths. */
typedef enum GoyaFwBootStatus {
    GOYA_FW_STS_NA = 0,
    GOYA_FW_STS_IN_RESET = 0,
    GOYA_FW_STS_DRAM_RDY = 2,
    GOYA_FW_STS_SRAM_AVAIL = 3,
    GOYA_FW_STS_FIT_CORRUPTED = 9,
    GOYA_FW_STS_NIC_FW_RDY = 11,
    GOYA_FW_STS_READY_TO_BOOT = 15,
    GOYA_FW_STS_WAITING_FOR_BOOT_FIT = 16,
} GoyaFwBootStatus;

uint32_t goya_fw_boot_status(const GoyaFw *fw);
/* True once the CPU-CP queue handshake completed and packets are served. */
bool goya_fw_queues_ready(const GoyaFw *fw);

/*
 * Migration: everything the device CPU must carry to another host, as a
 * flat, versionable snapshot (the host serializes it field by field).
 * Timer deadlines are kept relative to the save time so that the
 * destination re-arms them on its own clock.
 */
#define GOYA_FW_STATE_SCRATCH   32
#define GOYA_FW_STATE_PLLS      7
#define GOYA_FW_STATE_IRQ_WORDS 16
#define GOYA_FW_STATE_TEMPS     2
#define GOYA_FW_STATE_HELD      256     /* events held while the EQ is full */
#define GOYA_FW_STATE_EQE_DATA  56      /* payload bytes of an EQ entry */
/* Injected faults in force (goya_fw_inject_*): kept by the fw, migrated. */
typedef struct GoyaFwInjected {
    bool hang;
    bool thermal;
    bool power;
    uint32_t pkt_errors;
    uint32_t pkt_rc;
    uint32_t boot_err0;
    uint32_t boot_err1;
    uint32_t stuck;                 /* GoyaFwBootStage */
    uint32_t stalled;               /* the boot step a stuck boot held */
    uint32_t fit_corrupt;
} GoyaFwInjected;

typedef struct GoyaFwState {
    uint32_t scratch[GOYA_FW_STATE_SCRATCH];
    uint32_t boot_status;
    uint32_t kmd_msg;
    uint32_t hw_state;
    uint32_t boot_seq_restart;
    uint32_t sw_btm_fsm;
    uint32_t pq_pi_reg;
    uint32_t step;
    uint64_t step_left_ns;
    uint64_t pq_left_ns;
    bool wfe_requested;
    bool halted;
    bool queues_up;
    bool pci_disabled;
    bool ints_registered;
    bool pq_work;
    bool handshake_req;
    bool doorbell_req;
    uint64_t pq_base;
    uint64_t eq_base;
    uint32_t pq_entries;
    uint32_t eq_entries;
    uint32_t pq_ci;
    uint32_t eq_pi;
    uint16_t eq_index;
    uint64_t irq_masked[GOYA_FW_STATE_IRQ_WORDS];
    uint64_t pll_hz[GOYA_FW_STATE_PLLS];
    uint64_t max_power_mw;
    /* board sensors */
    bool sens_valid;
    bool sens_throttled;
    int64_t temp[GOYA_FW_STATE_TEMPS];
    int64_t temp_offset[GOYA_FW_STATE_TEMPS];
    int64_t temp_highest[GOYA_FW_STATE_TEMPS];
    int64_t volt, volt_lowest, volt_highest;
    int64_t curr, curr_lowest, curr_highest;
    int64_t power, power_highest;
    int64_t pwm, pwm_enable, pwm_manual, fan;
    uint64_t energy_uj;
    uint64_t pcie_bytes;
    /* events held back while the EQ was full, oldest first */
    uint32_t eq_held_n;
    uint16_t eq_held_id[GOYA_FW_STATE_HELD];
    uint8_t eq_held_len[GOYA_FW_STATE_HELD];
    uint8_t eq_held_data[GOYA_FW_STATE_HELD * GOYA_FW_STATE_EQE_DATA];
    GoyaFwInjected inj;             /* injected faults still in force */
} GoyaFwState;

void goya_fw_get_state(GoyaFw *fw, GoyaFwState *st);
/*
 * Validate @st and, only if all of it is consistent, apply it and re-arm
 * the timer.  Returns 0, or -1 with *errp set (the fw is left untouched).
 */
int goya_fw_set_state(GoyaFw *fw, const GoyaFwState *st, char **errp);

/*
 * Faults the host injects into the device CPU (qemu-hw/goya_inject.c,
 * docs/fault-injection.md).  Boot faults stay armed across resets until
 * goya_fw_inject_clear(); the others end with the next CPU reset (hang,
 * packet errors) or with their end event (environment).
 */
typedef enum GoyaFwBootStage {
    GOYA_FW_STAGE_NONE,
    GOYA_FW_STAGE_PREBOOT,      /* stays in BTL: preboot never starts */
    GOYA_FW_STAGE_UBOOT,        /* boot FIT verified, u-boot never starts */
    GOYA_FW_STAGE_LINUX,        /* Linux FIT verified, Linux never comes up */
} GoyaFwBootStage;
#define GOYA_FW_FIT_BOOT        1u
#define GOYA_FW_FIT_LINUX       2u
/* The CPU stops serving CPU-CP: no replies, no events, until reset. */
void goya_fw_inject_hang(GoyaFw *fw);
/* Answer the next @count CPU-CP packets with return code @rc. */
void goya_fw_inject_pkt_errors(GoyaFw *fw, uint32_t count, uint32_t rc);
/* Thermal (or power) envelope exceeded (@start) or safe again. */
void goya_fw_inject_env(GoyaFw *fw, bool thermal, bool start);
/* Extra CPU_BOOT_ERR0 (@err1: ERR1) bits reported by every preboot, and now */
void goya_fw_inject_boot_err(GoyaFw *fw, bool err1, uint32_t bits);
void goya_fw_inject_boot_stuck(GoyaFw *fw, GoyaFwBootStage stage);
/* FIT images (GOYA_FW_FIT_* mask) fail verification. */
void goya_fw_inject_fit_corrupt(GoyaFw *fw, uint32_t which);
void goya_fw_inject_clear(GoyaFw *fw);
/* Events reach the host: EQ up, host registered, CPU alive. */
bool goya_fw_events_ready(const GoyaFw *fw);
bool goya_fw_env_active(const GoyaFw *fw, bool thermal);

/* SRAM offsets where the version strings are placed (inside SRAM). */
#define GOYA_FW_PREBOOT_VER_SRAM_OFF 0x329e000u
#define GOYA_FW_UBOOT_VER_SRAM_OFF   0x329e100u

#endif
