/*
 * Goya firmware stub: boot ROM/preboot/u-boot/Linux of the device CPU as
 * the habanalabs 6.1 driver sees them.  See docs/firmware.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "goya-port.h"
#include "goya_fw.h"
#include "goya_fw_if.h"
#include "goya_fw_regs.h"

/* Latencies of the emulated CPU */
#define FW_STEP_NS        (1 * 1000 * 1000)    /* BTL/preboot steps */
#define FW_FIT_CHECK_NS   (2 * 1000 * 1000)    /* FIT verification */
#define FW_UBOOT_NS       (2 * 1000 * 1000)    /* u-boot start */
#define FW_LINUX_BOOT_NS  (5 * 1000 * 1000)    /* Linux start */
#define FW_PQ_NS          (10 * 1000)          /* doorbell to fetch */

#define FW_NUM_SCRATCH    32
#define FW_MAX_PQ_ENTRIES 65536u
#define FW_MAX_EQ_ENTRIES 4096u
/*
 * Events held back while the EQ is full (the firmware keeps one EQ slot
 * free and waits for the driver's CPU_EQ_CI, docs/fidelity.md).
 */
#define FW_EQ_BACKLOG 256u
_Static_assert(FW_EQ_BACKLOG == GOYA_FW_STATE_HELD, "migrated backlog");
_Static_assert(sizeof(((GoyaFwEqe *)0)->data) == GOYA_FW_STATE_EQE_DATA,
               "migrated event payload");

#define FW_NUM_TEMP       2
#define FW_MAX_POWER_DEF  200000u               /* mW */
#define FW_MAX_POWER_LIM  1000000u              /* mW */
#define FW_FREQ_MAX_HZ    2000000000ull
#define FW_INJ_THERMAL_MC 45000.0               /* injected overheating */

#define FDT_MAGIC         0xd00dfeedu
#define FDT_HDR_SIZE      40
#define FDT_BEGIN_NODE    0x1u
#define FDT_END           0x9u

typedef enum FwBootStep {
    STEP_NONE,
    STEP_BTL,              /* reset released: BTL runs */
    STEP_PREBOOT,          /* preboot starts, publishes version/caps */
    STEP_WAIT_BOOT_FIT,    /* preboot waits for the boot FIT */
    STEP_CHECK_BOOT_FIT,   /* FIT_RDY received: verify SRAM image */
    STEP_UBOOT_READY,      /* u-boot up, ready to boot Linux */
    STEP_CHECK_LINUX_FIT,  /* FIT_RDY received: verify DRAM image */
    STEP_LINUX_UP,         /* Linux booted, CPU-CP served */
} FwBootStep;

typedef struct FwSensors {
    uint64_t last_ns;
    bool valid;
    int64_t temp[FW_NUM_TEMP];          /* m°C */
    int64_t temp_offset[FW_NUM_TEMP];
    int64_t temp_highest[FW_NUM_TEMP];
    int64_t volt, volt_lowest, volt_highest;     /* mV */
    int64_t curr, curr_lowest, curr_highest;     /* mA */
    int64_t power, power_highest;                /* mW */
    int64_t pwm;                                 /* 0..255 */
    int64_t pwm_enable;                          /* 0 off, 1 manual, 2 auto */
    int64_t pwm_manual;
    int64_t fan;                                 /* RPM */
    double energy_mj;                            /* survives resets */
    bool throttled;
    uint64_t pcie_bytes;
} FwSensors;

struct GoyaFw {
    GoyaFwOps ops;
    void *opaque;
    GoyaFwConfig cfg;
    char *strs[7];

    /* register storage */
    uint32_t scratch[FW_NUM_SCRATCH];
    uint32_t boot_status;
    uint32_t kmd_msg;
    uint32_t hw_state;
    uint32_t boot_seq_restart;
    uint32_t sw_btm_fsm;
    uint32_t pq_pi_reg;

    /* boot sequencer */
    FwBootStep step;
    uint64_t step_deadline;
    bool wfe_requested;
    bool halted;

    /* CPU-CP queues */
    bool queues_up;
    bool pci_disabled;
    bool ints_registered;
    bool pq_work;
    bool handshake_req;
    bool doorbell_req;
    uint64_t pq_deadline;
    uint64_t pq_base;
    uint64_t eq_base;
    uint32_t pq_entries;
    uint32_t eq_entries;
    uint32_t pq_ci;                 /* modulo 2 * pq_entries */
    uint32_t eq_pi;                 /* modulo eq_entries */
    uint16_t eq_index;
    struct {
        uint16_t id;
        uint8_t len;
        uint8_t data[sizeof(((GoyaFwEqe *)0)->data)];
    } eq_backlog[FW_EQ_BACKLOG];
    uint32_t eq_backlog_head, eq_backlog_n;
    uint64_t irq_masked[GOYA_FW_EVENT_ID_MAX / 64];

    /* CpuCP application state */
    uint64_t pll_hz[GOYA_FW_PLL_NUM];
    uint64_t max_power_mw;
    FwSensors sens;
    uint8_t eeprom[GOYA_FW_EEPROM_SIZE];

    GoyaFwInjected inj;             /* goya_fw_inject_*() */
};

static const uint64_t fw_pll_default_hz[GOYA_FW_PLL_NUM] = {
    [GOYA_FW_PLL_CPU] = 1600000000ull,
    [GOYA_FW_PLL_IC] = 1575000000ull,
    [GOYA_FW_PLL_MC] = 1000000000ull,
    [GOYA_FW_PLL_MME] = 1575000000ull,
    [GOYA_FW_PLL_PCI] = 1000000000ull,
    [GOYA_FW_PLL_EMMC] = 200000000ull,
    [GOYA_FW_PLL_TPC] = 1575000000ull,
};

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static uint64_t fw_now(GoyaFw *fw)
{
    return fw->ops.now_ns(fw->opaque);
}

static bool is_pow2(uint32_t v)
{
    return v && !(v & (v - 1));
}

static void fw_set_status(GoyaFw *fw, uint32_t status)
{
    if (fw->boot_status != status) {
        trace_goya_fw_boot_status(fw->boot_status, status);
        fw->boot_status = status;
    }
}

static uint32_t *fw_sp(GoyaFw *fw, uint32_t reg)
{
    return &fw->scratch[(reg - mmPSOC_GLOBAL_CONF_SCRATCHPAD_0) / 4];
}

static void fw_reschedule(GoyaFw *fw)
{
    uint64_t next = UINT64_MAX;

    if (fw->step != STEP_NONE) {
        next = fw->step_deadline;
    }
    if (fw->pq_work && fw->pq_deadline < next) {
        next = fw->pq_deadline;
    }
    fw->ops.timer_mod(fw->opaque, next);
}

static void fw_schedule_step(GoyaFw *fw, FwBootStep step, uint64_t delay)
{
    fw->step = step;
    fw->step_deadline = fw_now(fw) + delay;
    fw_reschedule(fw);
}

static void fw_kick_pq(GoyaFw *fw)
{
    if (!fw->pq_work) {
        fw->pq_work = true;
        fw->pq_deadline = fw_now(fw) + FW_PQ_NS;
        fw_reschedule(fw);
    }
}

static const char *fw_str(const char *s, const char *def)
{
    return s ? s : def;
}

/* Bounded copy into a fixed, NUL-terminated field. */
static void fw_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strnlen(src, size - 1);

    memcpy(dst, src, n);
    memset(dst + n, 0, size - n);
}

/* ------------------------------------------------------------------ */
/* sensor model                                                         */

/* sin() without libm: Bhaskara I approximation, error < 0.2 % */
static double fw_sin(double x)
{
    const double pi = 3.14159265358979;
    double sign = 1.0;
    int64_t turns = (int64_t)(x / (2 * pi));

    x -= (double)turns * 2 * pi;
    if (x < 0) {
        x += 2 * pi;
    }
    if (x > pi) {
        x -= pi;
        sign = -1.0;
    }
    return sign * 16 * x * (pi - x) / (5 * pi * pi - 4 * x * (pi - x));
}

/* exp(-y) for y >= 0 without libm */
static double fw_exp_neg(double y)
{
    double r;

    if (y >= 32.0) {
        return 0.0;
    }
    r = 1.0 - y / 64.0;
    for (int i = 0; i < 6; i++) {
        r *= r;
    }
    return r;
}

static uint32_t rd_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* 0..1000: how hard the compute clocks are driven */
static int64_t fw_load_permille(GoyaFw *fw)
{
    uint64_t sum = fw->pll_hz[GOYA_FW_PLL_MME] + fw->pll_hz[GOYA_FW_PLL_TPC] +
                   fw->pll_hz[GOYA_FW_PLL_IC];

    return (int64_t)(sum / (3 * 1575000ull));
}

static void fw_post_event(GoyaFw *fw, uint16_t id, const void *p, size_t len);

/*
 * Advance the board model to now: temperatures follow a first-order lag
 * towards a load-dependent target with a slow ambient wander, power
 * follows load and leakage, the fan follows the PWM duty cycle and the
 * energy counter integrates power.
 */
static void fw_sensors_update(GoyaFw *fw)
{
    FwSensors *s = &fw->sens;
    uint64_t now = fw_now(fw);
    double t = (double)now / 1e9;
    double dt = s->valid && now > s->last_ns ?
                (double)(now - s->last_ns) / 1e9 : 0.0;
    int64_t load = clamp64(fw_load_permille(fw), 0, 1000);
    int64_t prev_power = s->power;
    int64_t raw_power;
    int64_t tavg = 0;

    for (int i = 0; i < FW_NUM_TEMP; i++) {
        double target = 36000.0 + 22.0 * (double)load + 1200.0 * i +
                        (fw->inj.thermal ? FW_INJ_THERMAL_MC : 0.0) +
                        1500.0 * fw_sin(t * 0.0209 + i) +
                        250.0 * fw_sin(t * 0.17 + 2.0 * i);
        double k = fw_exp_neg(dt / 20.0);

        if (!s->valid) {
            s->temp[i] = 30000 + 800 * i;       /* cold start */
        } else {
            s->temp[i] = (int64_t)(target + ((double)s->temp[i] - target) * k);
        }
        tavg += s->temp[i];
    }
    tavg /= FW_NUM_TEMP;

    raw_power = 28000 + 140 * load + (tavg - 40000) * 2 / 5 +
                (int64_t)(400.0 * fw_sin(t * 0.9));
    raw_power = clamp64(raw_power, 5000, 400000);
    if (fw->inj.power) {
        raw_power = fw->max_power_mw + fw->max_power_mw / 10;
    }
    if (raw_power > (int64_t)fw->max_power_mw) {
        if (!s->throttled) {
            s->throttled = true;
            trace_goya_fw_throttle(507, (uint32_t)raw_power);
            fw_post_event(fw, 507, NULL, 0);
        }
        s->power = fw->max_power_mw;
    } else {
        if (s->throttled) {
            s->throttled = false;
            trace_goya_fw_throttle(508, (uint32_t)raw_power);
            fw_post_event(fw, 508, NULL, 0);
        }
        s->power = raw_power;
    }

    s->volt = 800 + load / 10 + (int64_t)(3.0 * fw_sin(t * 0.7));
    s->curr = s->power * 1000 / s->volt;
    if (s->pwm_enable == 2) {
        s->pwm = clamp64(64 + (tavg - 40000) * 191 / 40000, 40, 255);
    } else if (s->pwm_enable == 1) {
        s->pwm = s->pwm_manual;
    } else {
        s->pwm = 255;           /* no control: full speed */
    }
    s->fan = 900 + s->pwm * 4700 / 255;

    if (s->valid) {
        s->energy_mj += (double)(prev_power + s->power) / 2.0 * dt;
        s->pcie_bytes += (uint64_t)(dt * 2.0e8);
    }
    if (!s->valid) {
        for (int i = 0; i < FW_NUM_TEMP; i++) {
            s->temp_highest[i] = s->temp[i];
        }
        s->volt_lowest = s->volt_highest = s->volt;
        s->curr_lowest = s->curr_highest = s->curr;
        s->power_highest = s->power;
    }
    for (int i = 0; i < FW_NUM_TEMP; i++) {
        s->temp_highest[i] = MAX(s->temp_highest[i], s->temp[i]);
    }
    s->volt_lowest = MIN(s->volt_lowest, s->volt);
    s->volt_highest = MAX(s->volt_highest, s->volt);
    s->curr_lowest = MIN(s->curr_lowest, s->curr);
    s->curr_highest = MAX(s->curr_highest, s->curr);
    s->power_highest = MAX(s->power_highest, s->power);
    s->last_ns = now;
    s->valid = true;
}

static void fw_sensors_reset(GoyaFw *fw)
{
    double energy = fw->sens.energy_mj;
    uint64_t pcie = fw->sens.pcie_bytes;

    memset(&fw->sens, 0, sizeof(fw->sens));
    fw->sens.energy_mj = energy;
    fw->sens.pcie_bytes = pcie;
    fw->sens.pwm_enable = 2;
    fw->sens.pwm_manual = 128;
}

/* ------------------------------------------------------------------ */
/* EEPROM and info block                                                */

static void fw_build_eeprom(GoyaFw *fw)
{
    uint8_t *e = fw->eeprom;
    g_autofree char *body = NULL;
    uint32_t len, crc = 0xFFFFFFFFu;

    memset(e, 0xFF, GOYA_FW_EEPROM_SIZE);
    body = g_strdup_printf("serial=%s\ncard=%s\npart=HL-100\n"
                           "dram=%" PRIu64 "\n",
                           fw->cfg.serial, fw->cfg.card_name,
                           fw->cfg.dram_size);
    len = MIN(strlen(body) + 1, GOYA_FW_EEPROM_SIZE - 16);
    memcpy(e + 16, body, len);
    for (uint32_t i = 0; i < len; i++) {        /* CRC-32 (IEEE) */
        crc ^= e[16 + i];
        for (int b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
        }
    }
    crc = ~crc;
    memcpy(e, "HLEE", 4);
    e[4] = 1;                       /* format version */
    e[5] = e[6] = e[7] = 0;
    for (int i = 0; i < 4; i++) {
        e[8 + i] = (uint8_t)(len >> (8 * i));
        e[12 + i] = (uint8_t)(crc >> (8 * i));
    }
}

/* hwmon attribute bit (HWMON_x_y = BIT(attr)) */
#define A(n) (1u << (n))

static const GoyaFwSensor fw_sensor_list[] = {
    /* temp: input, max, crit, offset, highest, reset_history */
    { GOYA_HWMON_TEMP, A(1) | A(7) | A(9) | A(20) | A(23) | A(24) },
    { GOYA_HWMON_TEMP, A(1) | A(7) | A(9) | A(20) | A(23) | A(24) },
    /* in: input, min, max, highest, reset_history */
    { GOYA_HWMON_IN, A(1) | A(2) | A(3) | A(8) | A(9) },
    /* curr: input, max, highest, reset_history */
    { GOYA_HWMON_CURR, A(1) | A(3) | A(8) | A(9) },
    /* power: input, input_highest, reset_history */
    { GOYA_HWMON_POWER, A(9) | A(10) | A(12) },
    /* fan: input, min, max */
    { GOYA_HWMON_FAN, A(1) | A(3) | A(4) },
    /* pwm: input, enable */
    { GOYA_HWMON_PWM, A(0) | A(1) },
};

static void fw_build_info(GoyaFw *fw, GoyaCpucpInfo *info)
{
    size_t n = G_N_ELEMENTS(fw_sensor_list);
    char name[GOYA_FW_CARD_NAME_LEN];

    memset(info, 0, sizeof(*info));
    for (size_t i = 0; i < n; i++) {
        info->sensors[i].type = GUINT32_TO_LE(fw_sensor_list[i].type);
        info->sensors[i].flags = GUINT32_TO_LE(fw_sensor_list[i].flags);
    }
    fw_strlcpy(info->kernel_version, fw->cfg.kernel_ver, GOYA_FW_VER_LEN);
    info->card_type = GUINT32_TO_LE(0);             /* PCI card */
    info->card_location = GUINT32_TO_LE(0);
    info->cpld_version = GUINT32_TO_LE(0x00000010);
    info->infineon_version = GUINT32_TO_LE(0x0104);
    fw_strlcpy(info->fuse_version, "goya-emu-fuse-1.0", GOYA_FW_VER_LEN);
    fw_strlcpy(info->thermal_version, "goya-emu-thermal-1.0",
               GOYA_FW_VER_LEN);
    fw_strlcpy(info->cpucp_version, fw->cfg.cpucp_ver, GOYA_FW_VER_LEN);
    info->dram_size = GUINT64_TO_LE(fw->cfg.dram_size);
    /* the driver uses card_name as hwmon name: no '-', '*' or blanks */
    fw_strlcpy(name, fw->cfg.card_name, sizeof(name));
    for (size_t i = 0; i < sizeof(name) && name[i]; i++) {
        if (strchr("-* \t\n", name[i])) {
            name[i] = '_';
        }
    }
    memcpy(info->card_name, name, sizeof(name));
    fw_strlcpy(info->fw_os_version, fw->cfg.fw_os_ver, GOYA_FW_VER_LEN);
}

/* ------------------------------------------------------------------ */
/* event queue                                                          */

/* Write one entry into the EQ slot at eq_pi; the caller checked room. */
static int fw_eq_write(GoyaFw *fw, uint16_t id, const void *payload,
                       size_t len)
{
    GoyaFwEqe eqe;
    uint32_t slot;
    uint64_t addr;

    slot = fw->eq_pi;
    memset(&eqe, 0, sizeof(eqe));
    if (payload && len) {
        memcpy(eqe.data, payload, len);
    }
    addr = fw->eq_base + (uint64_t)slot * sizeof(eqe);
    if (fw->ops.cpu_write(fw->opaque, addr + 8, eqe.data,
                          sizeof(eqe.data)) < 0) {
        trace_goya_fw_err_event_dropped(id, "EQ not writable");
        return -1;
    }
    fw->eq_index++;
    eqe.ctl = GUINT32_TO_LE(GOYA_FW_EQE_READY |
                            ((uint32_t)id << GOYA_FW_EQE_TYPE_SHIFT) |
                            fw->eq_index);
    if (fw->ops.cpu_write(fw->opaque, addr + 4, &eqe.ctl, 4) < 0) {
        trace_goya_fw_err_event_dropped(id, "EQ not writable");
        return -1;
    }
    fw->eq_pi = (slot + 1) % fw->eq_entries;
    trace_goya_fw_event(id, slot, fw->eq_index);
    fw->ops.msix(fw->opaque, 5);
    return 0;
}

/* Room for one more entry while keeping one slot free. */
static bool fw_eq_has_room(GoyaFw *fw)
{
    uint32_t ci = *fw_sp(fw, mmCPU_EQ_CI) % fw->eq_entries;

    return (fw->eq_pi + 1) % fw->eq_entries != ci;
}

/* The driver moved CPU_EQ_CI: deliver held-back events, oldest first. */
static void fw_eq_drain(GoyaFw *fw)
{
    trace_goya_fw_event_drain(*fw_sp(fw, mmCPU_EQ_CI), fw->eq_backlog_n);
    while (fw->eq_backlog_n && fw->queues_up && !fw->halted &&
           !fw->inj.hang && !fw->pci_disabled && fw_eq_has_room(fw)) {
        uint32_t h = fw->eq_backlog_head;

        fw->eq_backlog_head = (h + 1) % FW_EQ_BACKLOG;
        fw->eq_backlog_n--;
        if (fw_eq_write(fw, fw->eq_backlog[h].id, fw->eq_backlog[h].data,
                        fw->eq_backlog[h].len) < 0) {
            break;
        }
    }
}

static int fw_do_send_event(GoyaFw *fw, uint16_t id, const void *payload,
                            size_t len)
{
    if (!fw->queues_up || fw->halted) {
        trace_goya_fw_err_event_dropped(id, "queues not set up");
        return -1;
    }
    if (fw->inj.hang) {
        trace_goya_fw_err_event_dropped(id, "CPU hung (injected)");
        return -1;
    }
    if (!fw->ints_registered) {
        trace_goya_fw_err_event_dropped(id, "host not registered");
        return -1;
    }
    if (fw->pci_disabled) {
        trace_goya_fw_err_event_dropped(id, "PCI access disabled");
        return -1;
    }
    if (id >= GOYA_FW_EVENT_ID_MAX || len > sizeof(fw->eq_backlog[0].data)) {
        trace_goya_fw_err_event_dropped(id, "bad id or payload");
        return -1;
    }
    /* EQ full, or older events still waiting: queue behind them */
    if (fw->eq_backlog_n || !fw_eq_has_room(fw)) {
        uint32_t t = (fw->eq_backlog_head + fw->eq_backlog_n) %
                     FW_EQ_BACKLOG;

        if (fw->eq_backlog_n == FW_EQ_BACKLOG) {
            trace_goya_fw_err_event_dropped(id, "EQ full, backlog full");
            return -1;
        }
        fw->eq_backlog[t].id = id;
        fw->eq_backlog[t].len = len;
        if (payload && len) {
            memcpy(fw->eq_backlog[t].data, payload, len);
        }
        fw->eq_backlog_n++;
        trace_goya_fw_event_held(id, fw->eq_backlog_n);
        return 0;
    }
    return fw_eq_write(fw, id, payload, len);
}

static void fw_post_event(GoyaFw *fw, uint16_t id, const void *p, size_t len)
{
    fw_do_send_event(fw, id, p, len);
}

int goya_fw_send_event(GoyaFw *fw, uint16_t event_id,
                       const void *payload, size_t len)
{
    return fw_do_send_event(fw, event_id, payload, len);
}

/* ------------------------------------------------------------------ */
/* boot                                                                 */

static void fw_write_version(GoyaFw *fw, const char *which, uint32_t off,
                             const char *ver)
{
    char buf[GOYA_FW_VER_LEN];
    int rc;

    fw_strlcpy(buf, ver, sizeof(buf));
    rc = fw->ops.cpu_write(fw->opaque, GOYA_FW_SRAM_BASE + off, buf,
                           sizeof(buf));
    trace_goya_fw_version_write(which, off, rc);
}

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

/*
 * Verify a flattened-device-tree (FIT) image at device address @addr the
 * way a boot loader does before using it: header first (bounded), then
 * the structure block's first and last tokens.
 */
static bool fw_check_fit(GoyaFw *fw, const char *which, uint64_t addr)
{
    uint8_t h[FDT_HDR_SIZE], tok[4];
    uint32_t size, off_struct, off_strings, off_rsv, version, last_comp;
    uint32_t size_strings, size_struct;
    const char *why = "ok";

    if (fw->ops.cpu_read(fw->opaque, addr, h, sizeof(h)) < 0) {
        trace_goya_fw_ub_fit(which, addr, 0, "header unreadable");
        return false;
    }
    size = be32(h + 4);
    off_struct = be32(h + 8);
    off_strings = be32(h + 12);
    off_rsv = be32(h + 16);
    version = be32(h + 20);
    last_comp = be32(h + 24);
    size_strings = be32(h + 32);
    size_struct = be32(h + 36);

    if (be32(h) != FDT_MAGIC) {
        why = "bad magic";
    } else if (size < FDT_HDR_SIZE || size > GOYA_FW_FIT_MAX_SIZE) {
        why = "bad total size";
    } else if (version < 16 || last_comp > 17) {
        why = "unsupported version";
    } else if (off_rsv < FDT_HDR_SIZE || off_rsv > size - 16 ||
               (off_rsv & 7)) {
        why = "bad reserve map offset";
    } else if (off_struct < FDT_HDR_SIZE || (off_struct & 3) ||
               size_struct < 8 || off_struct > size ||
               size_struct > size - off_struct) {
        why = "struct block outside image";
    } else if (off_strings < FDT_HDR_SIZE || off_strings > size ||
               size_strings > size - off_strings) {
        why = "strings block outside image";
    } else if (fw->ops.cpu_read(fw->opaque, addr + off_struct, tok, 4) < 0 ||
               be32(tok) != FDT_BEGIN_NODE) {
        why = "no root node";
    } else if (fw->ops.cpu_read(fw->opaque,
                                addr + off_struct + size_struct - 4,
                                tok, 4) < 0 || be32(tok) != FDT_END) {
        why = "struct block not terminated";
    }
    if (strcmp(why, "ok")) {
        trace_goya_fw_ub_fit(which, addr, size, why);
        return false;
    }
    trace_goya_fw_fit_check(which, addr, size);
    return true;
}

static void fw_boot_error(GoyaFw *fw, bool err1, uint32_t bits)
{
    uint32_t *err = fw_sp(fw, err1 ? mmCPU_BOOT_ERR1 : mmCPU_BOOT_ERR0);

    *err |= (err1 ? GOYA_FW_BOOT_ERR1_ENABLED : GOYA_FW_BOOT_ERR0_ENABLED) |
            bits;
    trace_goya_fw_err_boot(err1, *err);
}

/* Injected boot faults (goya_fw_inject_boot_stuck/fit_corrupt). */
static bool fw_inj_boot_stuck(GoyaFw *fw, FwBootStep step)
{
    static const FwBootStep never[] = {
        [GOYA_FW_STAGE_PREBOOT] = STEP_PREBOOT,
        [GOYA_FW_STAGE_UBOOT] = STEP_UBOOT_READY,
        [GOYA_FW_STAGE_LINUX] = STEP_LINUX_UP,
    };

    if (fw->inj.stuck == GOYA_FW_STAGE_NONE ||
        never[fw->inj.stuck] != step) {
        return false;
    }
    trace_goya_fw_inject_stuck(fw->inj.stuck, fw->boot_status);
    fw->inj.stalled = step;
    return true;
}

static bool fw_inj_fit_corrupt(GoyaFw *fw, uint32_t which)
{
    if (!(fw->inj.fit_corrupt & which)) {
        return false;
    }
    trace_goya_fw_inject_fit_corrupt(which);
    return true;
}

static void fw_run_step(GoyaFw *fw)
{
    FwBootStep step = fw->step;

    fw->step = STEP_NONE;
    if (fw_inj_boot_stuck(fw, step)) {
        return;
    }
    switch (step) {
    case STEP_BTL:
        fw_set_status(fw, GOYA_FW_STS_IN_BTL);
        fw_schedule_step(fw, STEP_PREBOOT, FW_STEP_NS);
        break;
    case STEP_PREBOOT:
        fw_set_status(fw, GOYA_FW_STS_IN_PREBOOT);
        fw_write_version(fw, "preboot", GOYA_FW_PREBOOT_VER_SRAM_OFF,
                         fw->cfg.preboot_ver);
        *fw_sp(fw, mmPREBOOT_VER_OFFSET) = GOYA_FW_PREBOOT_VER_SRAM_OFF;
        *fw_sp(fw, mmCPU_BOOT_DEV_STS0) = GOYA_FW_DEV_STS0_ENABLED;
        *fw_sp(fw, mmCPU_BOOT_DEV_STS1) = 0;
        if (fw->inj.boot_err0) {
            fw_boot_error(fw, false, fw->inj.boot_err0);
        }
        if (fw->inj.boot_err1) {
            fw_boot_error(fw, true, fw->inj.boot_err1);
        }
        fw_schedule_step(fw, STEP_WAIT_BOOT_FIT, FW_STEP_NS);
        break;
    case STEP_WAIT_BOOT_FIT:
        fw_set_status(fw, GOYA_FW_STS_WAITING_FOR_BOOT_FIT);
        break;
    case STEP_CHECK_BOOT_FIT:
        if (fw_check_fit(fw, "boot", GOYA_FW_SRAM_BASE +
                         GOYA_FW_BOOT_FIT_SRAM_OFF) &&
            !fw_inj_fit_corrupt(fw, GOYA_FW_FIT_BOOT)) {
            fw_write_version(fw, "boot-fit", GOYA_FW_UBOOT_VER_SRAM_OFF,
                             fw->cfg.uboot_ver);
            *fw_sp(fw, mmUBOOT_VER_OFFSET) = GOYA_FW_UBOOT_VER_SRAM_OFF;
            *fw_sp(fw, mmCPU_CMD_STATUS_TO_HOST) = GOYA_FW_CMD_OK;
            trace_goya_fw_cmd_status(GOYA_FW_CMD_OK);
            fw_set_status(fw, GOYA_FW_STS_IN_UBOOT);
            fw_schedule_step(fw, STEP_UBOOT_READY, FW_UBOOT_NS);
        } else {
            /* preboot stays in 16 and may be given another image */
            *fw_sp(fw, mmCPU_CMD_STATUS_TO_HOST) = GOYA_FW_CMD_ERR;
            trace_goya_fw_cmd_status(GOYA_FW_CMD_ERR);
            fw_boot_error(fw, false, GOYA_FW_BOOT_ERR0_FIT_CORRUPT);
        }
        break;
    case STEP_UBOOT_READY:
        fw_set_status(fw, GOYA_FW_STS_READY_TO_BOOT);
        break;
    case STEP_CHECK_LINUX_FIT:
        if (fw_check_fit(fw, "linux", GOYA_FW_DRAM_BASE +
                         GOYA_FW_LINUX_FIT_DRAM_OFF) &&
            !fw_inj_fit_corrupt(fw, GOYA_FW_FIT_LINUX)) {
            fw_schedule_step(fw, STEP_LINUX_UP, FW_LINUX_BOOT_NS);
        } else {
            fw_boot_error(fw, false, GOYA_FW_BOOT_ERR0_FIT_CORRUPT);
            fw_set_status(fw, GOYA_FW_STS_FIT_CORRUPTED);
        }
        break;
    case STEP_LINUX_UP:
        fw_sensors_update(fw);
        fw_set_status(fw, GOYA_FW_STS_SRAM_AVAIL);
        break;
    case STEP_NONE:
        break;
    }
}

static void fw_kmd_msg(GoyaFw *fw, uint32_t msg)
{
    trace_goya_fw_kmd_msg(msg, fw->boot_status);
    fw->wfe_requested = msg == GOYA_FW_KMD_GOTO_WFE;

    switch (msg) {
    case GOYA_FW_KMD_MSG_NA:
    case GOYA_FW_KMD_GOTO_WFE:
        return;     /* GOTO_WFE takes effect with the HALT_MACHINE SPI */
    case GOYA_FW_KMD_FIT_RDY:
        break;
    case GOYA_FW_KMD_SKIP_BMC:
    case GOYA_FW_KMD_RST_DEV:
        trace_goya_fw_ub_kmd_msg(msg, fw->boot_status,
                                      "not supported on Goya");
        goya_log_unimp("goya_fw: KMD message %u not supported\n", msg);
        return;
    default:
        trace_goya_fw_ub_kmd_msg(msg, fw->boot_status, "invalid");
        goya_log_guest_error("goya_fw: invalid KMD message %u\n", msg);
        return;
    }

    if (fw->step != STEP_NONE) {
        trace_goya_fw_ub_kmd_msg(msg, fw->boot_status, "busy");
        return;
    }
    if (fw->halted) {
        trace_goya_fw_ub_kmd_msg(msg, fw->boot_status, "halted");
        return;
    }
    switch (fw->boot_status) {
    case GOYA_FW_STS_WAITING_FOR_BOOT_FIT:
        fw_schedule_step(fw, STEP_CHECK_BOOT_FIT, FW_FIT_CHECK_NS);
        break;
    case GOYA_FW_STS_READY_TO_BOOT:
        fw_schedule_step(fw, STEP_CHECK_LINUX_FIT, FW_FIT_CHECK_NS);
        break;
    default:
        trace_goya_fw_ub_kmd_msg(msg, fw->boot_status,
                                      "no image expected");
        break;
    }
}

/* ------------------------------------------------------------------ */
/* reset                                                                */

static void fw_cpu_reset(GoyaFw *fw)
{
    trace_goya_fw_reset(fw->boot_status);
    memset(fw->scratch, 0, sizeof(fw->scratch));
    fw->boot_status = GOYA_FW_STS_IN_RESET;
    fw->hw_state = 0;
    fw->boot_seq_restart = 0;
    fw->sw_btm_fsm = 0;
    fw->pq_pi_reg = 0;
    /* KMD_MSG_TO_CPU is left as the host wrote it: only writes count */
    fw->wfe_requested = false;
    fw->halted = false;
    fw->queues_up = false;
    fw->pci_disabled = false;
    fw->ints_registered = false;
    fw->pq_work = false;
    fw->handshake_req = false;
    fw->doorbell_req = false;
    fw->pq_base = fw->eq_base = 0;
    fw->pq_entries = fw->eq_entries = 0;
    fw->pq_ci = 0;
    fw->eq_pi = 0;
    fw->eq_index = 0;
    fw->eq_backlog_head = fw->eq_backlog_n = 0;
    memset(fw->irq_masked, 0, sizeof(fw->irq_masked));
    memcpy(fw->pll_hz, fw_pll_default_hz, sizeof(fw->pll_hz));
    fw->max_power_mw = FW_MAX_POWER_DEF;
    fw_sensors_reset(fw);
    fw->step = STEP_NONE;
    /* a hung CPU and pending packet errors end with the CPU's reset */
    fw->inj.hang = false;
    fw->inj.pkt_errors = 0;
    fw->inj.stalled = STEP_NONE;
}

void goya_fw_reset(GoyaFw *fw)
{
    fw_cpu_reset(fw);
    fw_schedule_step(fw, STEP_BTL, FW_STEP_NS);
}

/* ------------------------------------------------------------------ */
/* CPU-CP packets                                                       */

typedef struct FwPkt {
    uint32_t opcode;
    uint64_t value;
    uint32_t index;
    uint16_t sensor;
    uint16_t type;
    uint64_t ptr;          /* device address of the packet */
    uint32_t len;          /* BD length, bounded */
    const uint8_t *raw;    /* the whole packet, len bytes */
    uint64_t result;
} FwPkt;

static int fw_out(GoyaFw *fw, FwPkt *p, const void *buf, uint32_t len)
{
    if (fw->ops.cpu_write(fw->opaque, p->value, buf, len) < 0) {
        trace_goya_fw_err_pkt_write(p->opcode, p->value);
        return CPUCP_RC_FAULT;
    }
    p->result = len;
    return CPUCP_RC_SUCCESS;
}

static int fw_pkt_temp(GoyaFw *fw, FwPkt *p, bool set)
{
    FwSensors *s = &fw->sens;
    int i = p->sensor;

    if (i >= FW_NUM_TEMP) {
        return CPUCP_RC_INVALID_PARAMS;
    }
    if (set) {
        switch (p->type) {
        case 20:        /* offset */
            if ((int64_t)p->value < -20000 || (int64_t)p->value > 20000) {
                return CPUCP_RC_INVALID_PARAMS;
            }
            s->temp_offset[i] = (int64_t)p->value;
            return CPUCP_RC_SUCCESS;
        case 24:        /* reset_history */
            s->temp_highest[i] = s->temp[i];
            return CPUCP_RC_SUCCESS;
        }
        return CPUCP_RC_INVALID_PARAMS;
    }
    switch (p->type) {
    case 1:
        p->result = s->temp[i] + s->temp_offset[i];
        break;
    case 7:             /* max */
        p->result = 90000;
        break;
    case 8:             /* max_hyst */
        p->result = 85000;
        break;
    case 9:             /* crit */
        p->result = 105000;
        break;
    case 10:            /* crit_hyst */
        p->result = 100000;
        break;
    case 20:
        p->result = s->temp_offset[i];
        break;
    case 23:
        p->result = s->temp_highest[i] + s->temp_offset[i];
        break;
    default:
        return CPUCP_RC_INVALID_PARAMS;
    }
    return CPUCP_RC_SUCCESS;
}

/* voltage (mV) and current (mA): one sensor each */
static int fw_pkt_vc(GoyaFw *fw, FwPkt *p, bool volt, bool set)
{
    FwSensors *s = &fw->sens;
    int64_t *cur = volt ? &s->volt : &s->curr;
    int64_t *lo = volt ? &s->volt_lowest : &s->curr_lowest;
    int64_t *hi = volt ? &s->volt_highest : &s->curr_highest;

    if (p->sensor != 0) {
        return CPUCP_RC_INVALID_PARAMS;
    }
    if (set) {
        if (p->type != 9) {         /* reset_history */
            return CPUCP_RC_INVALID_PARAMS;
        }
        *lo = *hi = *cur;
        return CPUCP_RC_SUCCESS;
    }
    switch (p->type) {
    case 1:
        p->result = *cur;
        break;
    case 2:
        p->result = volt ? 750 : 0;
        break;
    case 3:
        p->result = volt ? 950 : 300000;
        break;
    case 7:
        p->result = *lo;
        break;
    case 8:
        p->result = *hi;
        break;
    default:
        return CPUCP_RC_INVALID_PARAMS;
    }
    return CPUCP_RC_SUCCESS;
}

static int fw_pkt_fan(GoyaFw *fw, FwPkt *p)
{
    if (p->sensor != 0) {
        return CPUCP_RC_INVALID_PARAMS;
    }
    switch (p->type) {
    case 1:
        p->result = fw->sens.fan;
        return CPUCP_RC_SUCCESS;
    case 3:
        p->result = 900;
        return CPUCP_RC_SUCCESS;
    case 4:
        p->result = 5600;
        return CPUCP_RC_SUCCESS;
    }
    return CPUCP_RC_INVALID_PARAMS;
}

static int fw_pkt_pwm(GoyaFw *fw, FwPkt *p, bool set)
{
    FwSensors *s = &fw->sens;

    if (p->sensor != 0 || p->type > 1) {
        return CPUCP_RC_INVALID_PARAMS;
    }
    if (!set) {
        p->result = p->type == 0 ? s->pwm : s->pwm_enable;
        return CPUCP_RC_SUCCESS;
    }
    if (p->type == 0) {
        if (p->value > 255) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        s->pwm_manual = p->value;
        if (s->pwm_enable == 1) {
            s->pwm = p->value;
        }
    } else {
        if (p->value > 2) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        s->pwm_enable = p->value;
    }
    fw_sensors_update(fw);
    return CPUCP_RC_SUCCESS;
}

/*
 * POWER_GET: type 8 (the INFO ioctl) answers mW; the hwmon attribute
 * numbers answer in the hwmon unit, µW; 11/12 reset the history.
 */
static int fw_pkt_power(GoyaFw *fw, FwPkt *p)
{
    FwSensors *s = &fw->sens;

    if (p->sensor != 0) {
        return CPUCP_RC_INVALID_PARAMS;
    }
    switch (p->type) {
    case 8:
        p->result = s->power;
        break;
    case 9:
        p->result = s->power * 1000;
        break;
    case 10:
        p->result = s->power_highest * 1000;
        break;
    case 11:
    case 12:
        s->power_highest = s->power;
        p->result = 0;
        break;
    default:
        return CPUCP_RC_INVALID_PARAMS;
    }
    return CPUCP_RC_SUCCESS;
}

static uint64_t fw_curr_freq(GoyaFw *fw, uint32_t pll)
{
    uint64_t hz = fw->pll_hz[pll];

    if (fw->sens.throttled && (pll == GOYA_FW_PLL_MME ||
                               pll == GOYA_FW_PLL_TPC)) {
        hz = hz * 3 / 4;
    }
    return hz;
}

static int fw_pkt_unmask_array(GoyaFw *fw, FwPkt *p)
{
    uint32_t n, max;

    if (p->len < CPUCP_IRQ_ARR_DATA_OFF) {
        return CPUCP_RC_INVALID_PKT;
    }
    n = rd_le32(p->raw + CPUCP_IRQ_ARR_LEN_OFF);
    max = (p->len - CPUCP_IRQ_ARR_DATA_OFF) / 4;
    if (n > max) {
        return CPUCP_RC_INVALID_PARAMS;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id = rd_le32(p->raw + CPUCP_IRQ_ARR_DATA_OFF + 4 * i);

        if (id < GOYA_FW_EVENT_ID_MAX) {
            fw->irq_masked[id / 64] &= ~(1ull << (id % 64));
            trace_goya_fw_irq_unmask(id);
        } else {
            trace_goya_fw_ub_irq_id(id);
        }
    }
    return CPUCP_RC_SUCCESS;
}

static int fw_handle_pkt(GoyaFw *fw, FwPkt *p)
{
    GoyaCpucpInfo *info;
    uint32_t size;
    int rc;

    fw_sensors_update(fw);
    switch (p->opcode) {
    case CPUCP_OP_TEST:
        p->result = p->value;
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_INFO_GET:
        size = MIN(p->index, (uint32_t)sizeof(GoyaCpucpInfo));
        if (!size) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        info = g_new0(GoyaCpucpInfo, 1);
        fw_build_info(fw, info);
        rc = fw_out(fw, p, info, size);
        g_free(info);
        return rc;
    case CPUCP_OP_EEPROM_DATA_GET:
        size = MIN(p->index, GOYA_FW_EEPROM_SIZE);
        if (!size) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        return fw_out(fw, p, fw->eeprom, size);
    case CPUCP_OP_ENABLE_PCI_ACCESS:
    case CPUCP_OP_DISABLE_PCI_ACCESS:
        return CPUCP_RC_SUCCESS;    /* takes effect after the reply */
    case CPUCP_OP_FREQUENCY_SET:
        if (p->index >= GOYA_FW_PLL_NUM || p->value < 1000000 ||
            p->value > FW_FREQ_MAX_HZ) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        fw->pll_hz[p->index] = p->value;
        trace_goya_fw_freq_set(p->index, p->value);
        fw_sensors_update(fw);
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_FREQUENCY_GET:
    case CPUCP_OP_FREQUENCY_CURR_GET:
        if (p->index >= GOYA_FW_PLL_NUM) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        p->result = p->opcode == CPUCP_OP_FREQUENCY_GET ?
                    fw->pll_hz[p->index] : fw_curr_freq(fw, p->index);
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_PLL_INFO_GET: {
        uint64_t mhz;

        if (p->sensor >= GOYA_FW_PLL_NUM) {     /* pll_type @16 */
            return CPUCP_RC_INVALID_PARAMS;
        }
        mhz = fw_curr_freq(fw, p->sensor) / 1000000;
        p->result = (mhz & 0xFFFF) | ((mhz / 2) & 0xFFFF) << 16 |
                    ((mhz / 4) & 0xFFFF) << 32 | ((mhz / 8) & 0xFFFF) << 48;
        return CPUCP_RC_SUCCESS;
    }
    case CPUCP_OP_MAX_POWER_SET:
        if (p->value == 0 || p->value > FW_MAX_POWER_LIM) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        fw->max_power_mw = p->value;
        trace_goya_fw_max_power_set(p->value);
        fw_sensors_update(fw);
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_MAX_POWER_GET:
        p->result = fw->max_power_mw;
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_UNMASK_RAZWI_IRQ:
        if (p->value >= GOYA_FW_EVENT_ID_MAX) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        fw->irq_masked[p->value / 64] &= ~(1ull << (p->value % 64));
        trace_goya_fw_irq_unmask((uint32_t)p->value);
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_UNMASK_RAZWI_IRQ_ARRAY:
        return fw_pkt_unmask_array(fw, p);
    case CPUCP_OP_TEMPERATURE_GET:
    case CPUCP_OP_TEMPERATURE_SET:
        return fw_pkt_temp(fw, p, p->opcode == CPUCP_OP_TEMPERATURE_SET);
    case CPUCP_OP_VOLTAGE_GET:
    case CPUCP_OP_VOLTAGE_SET:
        return fw_pkt_vc(fw, p, true, p->opcode == CPUCP_OP_VOLTAGE_SET);
    case CPUCP_OP_CURRENT_GET:
    case CPUCP_OP_CURRENT_SET:
        return fw_pkt_vc(fw, p, false, p->opcode == CPUCP_OP_CURRENT_SET);
    case CPUCP_OP_FAN_SPEED_GET:
        return fw_pkt_fan(fw, p);
    case CPUCP_OP_PWM_GET:
    case CPUCP_OP_PWM_SET:
        return fw_pkt_pwm(fw, p, p->opcode == CPUCP_OP_PWM_SET);
    case CPUCP_OP_POWER_GET:
        return fw_pkt_power(fw, p);
    case CPUCP_OP_PCIE_THROUGHPUT_GET:
        if (p->index > 1) {
            return CPUCP_RC_INVALID_PARAMS;
        }
        /* bytes per second over the last interval: rx > tx */
        p->result = p->index ? 200000000 : 120000000;
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_PCIE_REPLAY_CNT_GET:
        p->result = 0;
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_TOTAL_ENERGY_GET:
        p->result = (uint64_t)fw->sens.energy_mj;
        return CPUCP_RC_SUCCESS;
    case CPUCP_OP_HBM_REPLACED_ROWS_INFO_GET:
    case CPUCP_OP_HBM_PENDING_ROWS_STATUS:
    case CPUCP_OP_SEC_ATTEST_GET:
    case CPUCP_OP_LED_SET:
        return CPUCP_RC_INVALID;        /* no HBM, no attestation, no LEDs */
    case CPUCP_OP_I2C_RD:
    case CPUCP_OP_I2C_WR:
        return CPUCP_RC_INVALID_PARAMS; /* no device on any bus */
    default:
        trace_goya_fw_ub_pkt_unknown(p->opcode);
        return CPUCP_RC_INVALID;
    }
}

/* Write result, then rc, then the fence: the host polls the fence. */
static void fw_reply(GoyaFw *fw, uint64_t ptr, uint32_t ctl, uint64_t *result,
                     int rc)
{
    uint32_t fence = GUINT32_TO_LE(CPUCP_FENCE_VAL);
    uint32_t lctl;

    ctl = (ctl & ~CPUCP_CTL_RC_MASK) |
          (((uint32_t)rc << CPUCP_CTL_RC_SHIFT) & CPUCP_CTL_RC_MASK);
    lctl = GUINT32_TO_LE(ctl);
    if (result) {
        uint64_t r = GUINT64_TO_LE(*result);

        if (fw->ops.cpu_write(fw->opaque, ptr, &r, 8) < 0) {
            goto fault;
        }
    }
    if (fw->ops.cpu_write(fw->opaque, ptr + 8, &lctl, 4) < 0 ||
        fw->ops.cpu_write(fw->opaque, ptr + 12, &fence, 4) < 0) {
        goto fault;
    }
    return;
fault:
    trace_goya_fw_err_pkt_write((ctl & CPUCP_CTL_OP_MASK) >> CPUCP_CTL_OP_SHIFT,
                            ptr);
}

static void fw_process_bd(GoyaFw *fw, uint32_t ci)
{
    uint32_t slot = ci % fw->pq_entries;
    uint64_t bd_addr = fw->pq_base + (uint64_t)slot * sizeof(GoyaFwBd);
    uint8_t *buf;
    GoyaFwBd bd;
    GoyaCpucpPkt hdr;
    FwPkt p;
    uint32_t ctl;
    int rc;

    if (fw->ops.cpu_read(fw->opaque, bd_addr, &bd, sizeof(bd)) < 0) {
        trace_goya_fw_err_bd(ci, bd_addr);
        return;
    }
    bd.ptr = GUINT64_FROM_LE(bd.ptr);
    bd.len = GUINT32_FROM_LE(bd.len);
    bd.ctl = GUINT32_FROM_LE(bd.ctl);
    trace_goya_fw_bd(ci, bd.ptr, bd.len, bd.ctl);

    if (fw->ops.cpu_read(fw->opaque, bd.ptr, &hdr, sizeof(hdr)) < 0) {
        trace_goya_fw_err_pkt_read(ci, bd.ptr, bd.len, "header unreadable");
        return;
    }
    ctl = GUINT32_FROM_LE(hdr.ctl);
    if (bd.len < sizeof(hdr) || bd.len > GOYA_FW_PKT_MAX) {
        trace_goya_fw_ub_pkt_len(ci, bd.ptr, bd.len);
        fw_reply(fw, bd.ptr, ctl, NULL, CPUCP_RC_INVALID_PKT);
        return;
    }
    buf = g_malloc0(bd.len);
    memcpy(buf, &hdr, sizeof(hdr));
    if (bd.len > sizeof(hdr) &&
        fw->ops.cpu_read(fw->opaque, bd.ptr + sizeof(hdr),
                         buf + sizeof(hdr), bd.len - sizeof(hdr)) < 0) {
        trace_goya_fw_err_pkt_read(ci, bd.ptr, bd.len, "payload unreadable");
        g_free(buf);
        return;
    }

    memset(&p, 0, sizeof(p));
    p.opcode = (ctl & CPUCP_CTL_OP_MASK) >> CPUCP_CTL_OP_SHIFT;
    p.value = GUINT64_FROM_LE(hdr.value);
    p.index = GUINT32_FROM_LE(hdr.index);
    p.sensor = GUINT16_FROM_LE(hdr.sensor_index);
    p.type = GUINT16_FROM_LE(hdr.type);
    p.ptr = bd.ptr;
    p.len = bd.len;
    p.raw = buf;
    trace_goya_fw_pkt(p.opcode, p.value, p.index);

    rc = fw_handle_pkt(fw, &p);
    if (rc != CPUCP_RC_SUCCESS && rc != CPUCP_RC_FAULT) {
        trace_goya_fw_ub_pkt_rejected(p.opcode, p.value, p.index, rc);
    }
    if (fw->inj.pkt_errors) {
        fw->inj.pkt_errors--;
        rc = fw->inj.pkt_rc;
        trace_goya_fw_inject_pkt_error(p.opcode, rc, fw->inj.pkt_errors);
    }
    trace_goya_fw_pkt_done(p.opcode, p.result, rc);
    fw_reply(fw, bd.ptr, ctl, &p.result, rc);
    g_free(buf);

    if (rc == CPUCP_RC_SUCCESS) {
        if (p.opcode == CPUCP_OP_DISABLE_PCI_ACCESS && !fw->pci_disabled) {
            fw->pci_disabled = true;
            trace_goya_fw_pci_access(0);
        } else if (p.opcode == CPUCP_OP_ENABLE_PCI_ACCESS &&
                   fw->pci_disabled) {
            fw->pci_disabled = false;
            trace_goya_fw_pci_access(1);
        }
    }
}

static void fw_handshake(GoyaFw *fw)
{
    uint64_t pq = (uint64_t)*fw_sp(fw, mmCPU_PQ_BASE_ADDR_HIGH) << 32 |
                  *fw_sp(fw, mmCPU_PQ_BASE_ADDR_LOW);
    uint64_t eq = (uint64_t)*fw_sp(fw, mmCPU_EQ_BASE_ADDR_HIGH) << 32 |
                  *fw_sp(fw, mmCPU_EQ_BASE_ADDR_LOW);
    uint32_t pq_len = *fw_sp(fw, mmCPU_PQ_LENGTH);
    uint32_t eq_len = *fw_sp(fw, mmCPU_EQ_LENGTH);
    uint32_t pq_n = pq_len / sizeof(GoyaFwBd);
    uint32_t eq_n = eq_len / sizeof(GoyaFwEqe);
    uint32_t result;

    fw->queues_up = false;
    if (pq_len % sizeof(GoyaFwBd) || !is_pow2(pq_n) ||
        pq_n > FW_MAX_PQ_ENTRIES || eq_len % sizeof(GoyaFwEqe) ||
        !is_pow2(eq_n) || eq_n < 2 || eq_n > FW_MAX_EQ_ENTRIES) {
        trace_goya_fw_ub_queue_init(pq, pq_len, eq, eq_len, "bad length");
        result = GOYA_FW_PQ_INIT_LEN_NOT_POW2;
    } else if (!pq || (pq & 7) || !eq || (eq & 7)) {
        trace_goya_fw_ub_queue_init(pq, pq_len, eq, eq_len, "bad address");
        result = GOYA_FW_PQ_INIT_ILLEGAL_ADDR;
    } else {
        fw->pq_base = pq;
        fw->eq_base = eq;
        fw->pq_entries = pq_n;
        fw->eq_entries = eq_n;
        fw->pq_ci = 0;
        fw->eq_pi = 0;
        fw->eq_index = 0;
        fw->eq_backlog_head = fw->eq_backlog_n = 0;
        fw->queues_up = true;
        result = GOYA_FW_PQ_INIT_READY_FOR_HOST;
    }
    trace_goya_fw_handshake(pq, pq_len, eq, eq_len, result);
    *fw_sp(fw, mmCPU_PQ_INIT_STATUS) = result;
}

static void fw_doorbell(GoyaFw *fw)
{
    uint32_t wrap = 2 * fw->pq_entries;
    uint32_t pi = fw->pq_pi_reg % wrap;
    uint32_t pending = (pi + wrap - fw->pq_ci) % wrap;

    trace_goya_fw_doorbell(pi, fw->pq_ci);
    if (fw->pci_disabled) {
        trace_goya_fw_ub_doorbell(pi, "PCI access disabled");
        return;
    }
    if (pending > fw->pq_entries) {
        uint32_t sync[2] = { GUINT32_TO_LE(pi), GUINT32_TO_LE(fw->pq_ci) };

        trace_goya_fw_ub_pq_out_of_sync(pi, fw->pq_ci);
        fw_post_event(fw, GOYA_FW_EVENT_PKT_QUEUE_OUT_SYNC, sync,
                      sizeof(sync));
        fw->pq_ci = pi;
        return;
    }
    /* at most one ring's worth per doorbell */
    for (uint32_t i = 0; i < pending; i++) {
        if (!fw->queues_up || fw->pci_disabled || fw->halted) {
            break;
        }
        fw_process_bd(fw, fw->pq_ci);
        fw->pq_ci = (fw->pq_ci + 1) % wrap;
    }
}

static void fw_run_pq(GoyaFw *fw)
{
    fw->pq_work = false;
    if (fw->halted || fw->inj.hang ||
        fw->boot_status != GOYA_FW_STS_SRAM_AVAIL) {
        fw->handshake_req = fw->doorbell_req = false;
        return;
    }
    if (fw->handshake_req) {
        fw->handshake_req = false;
        fw->doorbell_req = false;
        fw_handshake(fw);
    }
    if (fw->doorbell_req) {
        fw->doorbell_req = false;
        if (fw->queues_up) {
            fw_doorbell(fw);
        }
    }
}

/* ------------------------------------------------------------------ */
/* interrupts from the host                                             */

static void fw_spi(GoyaFw *fw, uint32_t spi)
{
    trace_goya_fw_spi(spi);
    if (fw->halted) {
        trace_goya_fw_ub_spi(spi, "CPU halted");
        return;
    }
    switch (spi) {
    case GOYA_FW_SPI_PI_UPDATE:
        if (fw->boot_status != GOYA_FW_STS_SRAM_AVAIL) {
            trace_goya_fw_ub_spi(spi, "CPU-CP not running");
            return;
        }
        if (*fw_sp(fw, mmCPU_PQ_INIT_STATUS) ==
            GOYA_FW_PQ_INIT_READY_FOR_CP) {
            fw->handshake_req = true;
        } else if (fw->queues_up) {
            fw->doorbell_req = true;
        } else {
            trace_goya_fw_ub_spi(spi, "queues not set up");
            return;
        }
        fw_kick_pq(fw);
        return;
    case GOYA_FW_SPI_HALT_MACHINE:
        if (!fw->wfe_requested) {
            trace_goya_fw_ub_spi(spi, "no GOTO_WFE message");
            return;
        }
        trace_goya_fw_halt();
        fw->halted = true;
        fw->queues_up = false;
        fw->pq_work = false;
        fw->handshake_req = fw->doorbell_req = false;
        fw->step = STEP_NONE;
        fw_set_status(fw, GOYA_FW_STS_IN_WFE);
        fw_reschedule(fw);
        return;
    case GOYA_FW_SPI_INTS_REGISTER:
        if (!fw->queues_up) {
            trace_goya_fw_ub_spi(spi, "queues not set up");
            return;
        }
        fw->ints_registered = true;
        trace_goya_fw_ints_register();
        return;
    case GOYA_FW_SPI_SOFT_RESET:
        return;     /* engines were reset; the CPU keeps running */
    default:
        if (spi >= GOYA_FW_EVENT_ID_MAX) {
            trace_goya_fw_ub_spi(spi, "no such interrupt");
            return;
        }
        /* engine error interrupt: forward once, until unmasked */
        if (fw->irq_masked[spi / 64] & (1ull << (spi % 64))) {
            trace_goya_fw_spi_masked(spi);
            return;
        }
        if (fw_do_send_event(fw, spi, NULL, 0) == 0) {
            fw->irq_masked[spi / 64] |= 1ull << (spi % 64);
        }
        return;
    }
}

/* ------------------------------------------------------------------ */
/* public interface                                                     */

GoyaFw *goya_fw_new(const GoyaFwOps *ops, void *opaque,
                    const GoyaFwConfig *cfg)
{
    GoyaFw *fw = g_new0(GoyaFw, 1);
    GoyaFwConfig def = { 0 };
    uint64_t dram;

    if (!cfg) {
        cfg = &def;
    }
    fw->ops = *ops;
    fw->opaque = opaque;
    fw->strs[0] = g_strdup(fw_str(cfg->serial, "GOYAEMU00001"));
    fw->strs[1] = g_strdup(fw_str(cfg->card_name, "HL1000"));
    fw->strs[2] = g_strdup(fw_str(cfg->preboot_ver,
        "BTL goya-emu-1.0 Preboot version hl-goya-fw-0.9.1-sec-0 "));
    fw->strs[3] = g_strdup(fw_str(cfg->uboot_ver,
        "U-Boot 2021.04 hl-goya-fw-0.9.1-uboot "));
    fw->strs[4] = g_strdup(fw_str(cfg->kernel_ver,
        "Linux goya-emu 5.10.0-fw-0.9.1-linux #1 SMP "));
    fw->strs[5] = g_strdup(fw_str(cfg->cpucp_ver, "goya-emu-cpucp-0.9.1"));
    fw->strs[6] = g_strdup(fw_str(cfg->fw_os_ver, "goya-emu-os-0.9.1"));
    fw->cfg.serial = fw->strs[0];
    fw->cfg.card_name = fw->strs[1];
    fw->cfg.preboot_ver = fw->strs[2];
    fw->cfg.uboot_ver = fw->strs[3];
    fw->cfg.kernel_ver = fw->strs[4];
    fw->cfg.cpucp_ver = fw->strs[5];
    fw->cfg.fw_os_ver = fw->strs[6];
    dram = cfg->dram_size;
    if (!dram || (dram & (dram - 1)) || dram < (4ull << 30)) {
        dram = 4ull << 30;
    }
    fw->cfg.dram_size = dram;
    fw_build_eeprom(fw);
    fw_cpu_reset(fw);       /* no timer yet: goya_fw_reset() boots */
    return fw;
}

void goya_fw_free(GoyaFw *fw)
{
    if (!fw) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(fw->strs); i++) {
        g_free(fw->strs[i]);
    }
    g_free(fw);
}

uint32_t goya_fw_boot_status(const GoyaFw *fw)
{
    return fw->boot_status;
}

bool goya_fw_queues_ready(const GoyaFw *fw)
{
    return fw->queues_up && !fw->halted;
}

void goya_fw_timer(GoyaFw *fw)
{
    uint64_t now = fw_now(fw);

    /* each step re-arms at least FW_STEP_NS later: this is bounded */
    for (int i = 0; i < 8; i++) {
        if (fw->step == STEP_NONE || fw->step_deadline > now) {
            break;
        }
        fw_run_step(fw);
    }
    if (fw->pq_work && fw->pq_deadline <= now) {
        fw_run_pq(fw);
    }
    fw_reschedule(fw);
    trace_goya_fw_timer(now, fw->step != STEP_NONE ? fw->step_deadline :
                        fw->pq_work ? fw->pq_deadline : UINT64_MAX);
}

bool goya_fw_reg_read(GoyaFw *fw, uint32_t reg, uint32_t *val)
{
    if (reg >= mmPSOC_GLOBAL_CONF_SCRATCHPAD_0 &&
        reg <= mmPSOC_GLOBAL_CONF_SCRATCHPAD_31 && !(reg & 3)) {
        *val = *fw_sp(fw, reg);
    } else {
        switch (reg) {
        case mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS:
            *val = fw->boot_status;
            break;
        case mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU:
            *val = fw->kmd_msg;
            break;
        case mmHW_STATE:
            *val = fw->hw_state;
            break;
        case mmPSOC_GLOBAL_CONF_BTM_FSM:
            *val = 0;               /* boot manager idle */
            break;
        case mmPSOC_GLOBAL_CONF_BOOT_SEQ_RE_START:
            *val = fw->boot_seq_restart;
            break;
        case mmPSOC_GLOBAL_CONF_SW_BTM_FSM:
            *val = fw->sw_btm_fsm;
            break;
        case mmPSOC_GLOBAL_CONF_BOOT_STRAP_PINS:
            *val = 0;               /* bit 21 clear */
            break;
        case mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG:
            *val = 0;               /* reset pulses self-clear */
            break;
        case mmCPU_IF_PF_PQ_PI:
            *val = fw->pq_pi_reg;
            break;
        case mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR:
            *val = 0;
            break;
        default:
            return false;
        }
    }
    trace_goya_fw_reg_read(reg, *val);
    return true;
}

bool goya_fw_reg_write(GoyaFw *fw, uint32_t reg, uint32_t val)
{
    if (reg >= mmPSOC_GLOBAL_CONF_SCRATCHPAD_0 &&
        reg <= mmPSOC_GLOBAL_CONF_SCRATCHPAD_31 && !(reg & 3)) {
        trace_goya_fw_reg_write(reg, val);
        *fw_sp(fw, reg) = val;
        if (reg == mmCPU_EQ_CI) {
            fw_eq_drain(fw);
        }
        return true;
    }
    switch (reg) {
    case mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS:
        trace_goya_fw_ub_reg_ro(reg, val);
        goya_log_guest_error("goya_fw: write to CPU_BOOT_STATUS\n");
        return true;
    case mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU:
        trace_goya_fw_reg_write(reg, val);
        fw->kmd_msg = val;
        fw_kmd_msg(fw, val);
        return true;
    case mmHW_STATE:
        trace_goya_fw_reg_write(reg, val);
        fw->hw_state = val;
        return true;
    case mmPSOC_GLOBAL_CONF_BTM_FSM:
    case mmPSOC_GLOBAL_CONF_BOOT_STRAP_PINS:
        trace_goya_fw_ub_reg_ro(reg, val);
        return true;
    case mmPSOC_GLOBAL_CONF_BOOT_SEQ_RE_START:
        trace_goya_fw_reg_write(reg, val);
        fw->boot_seq_restart = val;
        return true;
    case mmPSOC_GLOBAL_CONF_SW_BTM_FSM:
        trace_goya_fw_reg_write(reg, val);
        fw->sw_btm_fsm = val;
        return true;
    case mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG:
        trace_goya_fw_reg_write(reg, val);
        trace_goya_fw_engine_reset(val, !!(val & GOYA_FW_RST_CPU));
        fw->ops.engine_reset(fw->opaque, val);
        if (val & GOYA_FW_RST_CPU) {
            goya_fw_reset(fw);
        }
        return true;
    case mmCPU_IF_PF_PQ_PI:
        trace_goya_fw_reg_write(reg, val);
        fw->pq_pi_reg = val;
        return true;
    case mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR:
        trace_goya_fw_reg_write(reg, val);
        fw_spi(fw, val);
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* migration                                                            */

G_STATIC_ASSERT(GOYA_FW_STATE_SCRATCH == FW_NUM_SCRATCH);
G_STATIC_ASSERT(GOYA_FW_STATE_PLLS == GOYA_FW_PLL_NUM);
G_STATIC_ASSERT(GOYA_FW_STATE_IRQ_WORDS == GOYA_FW_EVENT_ID_MAX / 64);
G_STATIC_ASSERT(GOYA_FW_STATE_TEMPS == FW_NUM_TEMP);

static uint64_t fw_time_left(uint64_t deadline, uint64_t now)
{
    return deadline > now ? deadline - now : 0;
}

void goya_fw_get_state(GoyaFw *fw, GoyaFwState *st)
{
    uint64_t now = fw_now(fw);
    const FwSensors *s = &fw->sens;

    memset(st, 0, sizeof(*st));
    memcpy(st->scratch, fw->scratch, sizeof(st->scratch));
    st->boot_status = fw->boot_status;
    st->kmd_msg = fw->kmd_msg;
    st->hw_state = fw->hw_state;
    st->boot_seq_restart = fw->boot_seq_restart;
    st->sw_btm_fsm = fw->sw_btm_fsm;
    st->pq_pi_reg = fw->pq_pi_reg;
    st->step = fw->step;
    st->step_left_ns = fw->step != STEP_NONE ?
                       fw_time_left(fw->step_deadline, now) : 0;
    st->pq_left_ns = fw->pq_work ? fw_time_left(fw->pq_deadline, now) : 0;
    st->wfe_requested = fw->wfe_requested;
    st->halted = fw->halted;
    st->queues_up = fw->queues_up;
    st->pci_disabled = fw->pci_disabled;
    st->ints_registered = fw->ints_registered;
    st->pq_work = fw->pq_work;
    st->handshake_req = fw->handshake_req;
    st->doorbell_req = fw->doorbell_req;
    st->pq_base = fw->pq_base;
    st->eq_base = fw->eq_base;
    st->pq_entries = fw->pq_entries;
    st->eq_entries = fw->eq_entries;
    st->pq_ci = fw->pq_ci;
    st->eq_pi = fw->eq_pi;
    st->eq_index = fw->eq_index;
    memcpy(st->irq_masked, fw->irq_masked, sizeof(st->irq_masked));
    memcpy(st->pll_hz, fw->pll_hz, sizeof(st->pll_hz));
    st->max_power_mw = fw->max_power_mw;
    st->sens_valid = s->valid;
    st->sens_throttled = s->throttled;
    memcpy(st->temp, s->temp, sizeof(st->temp));
    memcpy(st->temp_offset, s->temp_offset, sizeof(st->temp_offset));
    memcpy(st->temp_highest, s->temp_highest, sizeof(st->temp_highest));
    st->volt = s->volt;
    st->volt_lowest = s->volt_lowest;
    st->volt_highest = s->volt_highest;
    st->curr = s->curr;
    st->curr_lowest = s->curr_lowest;
    st->curr_highest = s->curr_highest;
    st->power = s->power;
    st->power_highest = s->power_highest;
    st->pwm = s->pwm;
    st->pwm_enable = s->pwm_enable;
    st->pwm_manual = s->pwm_manual;
    st->fan = s->fan;
    st->energy_uj = s->energy_mj > 0 ? (uint64_t)(s->energy_mj * 1000.0) : 0;
    st->pcie_bytes = s->pcie_bytes;
    st->eq_held_n = fw->eq_backlog_n;
    for (uint32_t i = 0; i < fw->eq_backlog_n; i++) {
        uint32_t h = (fw->eq_backlog_head + i) % FW_EQ_BACKLOG;

        st->eq_held_id[i] = fw->eq_backlog[h].id;
        st->eq_held_len[i] = fw->eq_backlog[h].len;
        memcpy(&st->eq_held_data[i * GOYA_FW_STATE_EQE_DATA],
               fw->eq_backlog[h].data, GOYA_FW_STATE_EQE_DATA);
    }
    st->inj = fw->inj;
}

/* Everything the fw later indexes with or divides by must be sane. */
static const char *fw_state_invalid(const GoyaFwState *st)
{
    if (st->step > STEP_LINUX_UP) {
        return "boot step out of range";
    }
    if (st->queues_up) {
        if (!is_pow2(st->pq_entries) || st->pq_entries > FW_MAX_PQ_ENTRIES ||
            !is_pow2(st->eq_entries) || st->eq_entries < 2 ||
            st->eq_entries > FW_MAX_EQ_ENTRIES) {
            return "CPU-CP queue sizes out of range";
        }
        if (st->pq_ci >= 2 * st->pq_entries || st->eq_pi >= st->eq_entries) {
            return "CPU-CP queue indices out of range";
        }
    } else if (st->pq_entries > FW_MAX_PQ_ENTRIES ||
               st->eq_entries > FW_MAX_EQ_ENTRIES) {
        return "CPU-CP queue sizes out of range";
    }
    if (st->step_left_ns > 60ull * 1000 * 1000 * 1000 ||
        st->pq_left_ns > 60ull * 1000 * 1000 * 1000) {
        return "timer deadline out of range";
    }
    if (st->max_power_mw > FW_MAX_POWER_LIM || st->pwm_enable < 0 ||
        st->pwm_enable > 2 || st->pwm_manual < 0 || st->pwm_manual > 255) {
        return "sensor settings out of range";
    }
    if (st->eq_held_n > GOYA_FW_STATE_HELD) {
        return "held events out of range";
    }
    for (uint32_t i = 0; i < st->eq_held_n; i++) {
        if (st->eq_held_id[i] >= GOYA_FW_EVENT_ID_MAX ||
            st->eq_held_len[i] > GOYA_FW_STATE_EQE_DATA) {
            return "held event out of range";
        }
    }
    if (st->inj.stuck > GOYA_FW_STAGE_LINUX ||
        st->inj.stalled > STEP_LINUX_UP ||
        st->inj.fit_corrupt & ~(GOYA_FW_FIT_BOOT | GOYA_FW_FIT_LINUX)) {
        return "injected faults out of range";
    }
    return NULL;
}

int goya_fw_set_state(GoyaFw *fw, const GoyaFwState *st, char **errp)
{
    const char *why = fw_state_invalid(st);
    uint64_t now = fw_now(fw);
    FwSensors *s = &fw->sens;

    if (why) {
        *errp = g_strdup_printf("firmware state: %s", why);
        return -1;
    }
    memcpy(fw->scratch, st->scratch, sizeof(fw->scratch));
    fw->boot_status = st->boot_status;
    fw->kmd_msg = st->kmd_msg;
    fw->hw_state = st->hw_state;
    fw->boot_seq_restart = st->boot_seq_restart;
    fw->sw_btm_fsm = st->sw_btm_fsm;
    fw->pq_pi_reg = st->pq_pi_reg;
    fw->step = st->step;
    fw->step_deadline = now + st->step_left_ns;
    fw->wfe_requested = st->wfe_requested;
    fw->halted = st->halted;
    fw->queues_up = st->queues_up;
    fw->pci_disabled = st->pci_disabled;
    fw->ints_registered = st->ints_registered;
    fw->pq_work = st->pq_work;
    fw->pq_deadline = now + st->pq_left_ns;
    fw->handshake_req = st->handshake_req;
    fw->doorbell_req = st->doorbell_req;
    fw->pq_base = st->pq_base;
    fw->eq_base = st->eq_base;
    fw->pq_entries = st->pq_entries;
    fw->eq_entries = st->eq_entries;
    fw->pq_ci = st->pq_ci;
    fw->eq_pi = st->eq_pi;
    fw->eq_index = st->eq_index;
    memcpy(fw->irq_masked, st->irq_masked, sizeof(fw->irq_masked));
    memcpy(fw->pll_hz, st->pll_hz, sizeof(fw->pll_hz));
    fw->max_power_mw = st->max_power_mw;
    s->valid = st->sens_valid;
    s->last_ns = now;       /* integrate from the destination's clock */
    s->throttled = st->sens_throttled;
    memcpy(s->temp, st->temp, sizeof(s->temp));
    memcpy(s->temp_offset, st->temp_offset, sizeof(s->temp_offset));
    memcpy(s->temp_highest, st->temp_highest, sizeof(s->temp_highest));
    s->volt = st->volt;
    s->volt_lowest = st->volt_lowest;
    s->volt_highest = st->volt_highest;
    s->curr = st->curr;
    s->curr_lowest = st->curr_lowest;
    s->curr_highest = st->curr_highest;
    s->power = st->power;
    s->power_highest = st->power_highest;
    s->pwm = st->pwm;
    s->pwm_enable = st->pwm_enable;
    s->pwm_manual = st->pwm_manual;
    s->fan = st->fan;
    s->energy_mj = (double)st->energy_uj / 1000.0;
    s->pcie_bytes = st->pcie_bytes;
    fw->eq_backlog_head = 0;
    fw->eq_backlog_n = st->eq_held_n;
    for (uint32_t i = 0; i < st->eq_held_n; i++) {
        fw->eq_backlog[i].id = st->eq_held_id[i];
        fw->eq_backlog[i].len = st->eq_held_len[i];
        memcpy(fw->eq_backlog[i].data,
               &st->eq_held_data[i * GOYA_FW_STATE_EQE_DATA],
               GOYA_FW_STATE_EQE_DATA);
    }
    fw->inj = st->inj;
    trace_goya_fw_state_loaded(fw->boot_status, fw->step, fw->queues_up);
    fw_reschedule(fw);
    return 0;
}

/* ------------------------------------------------------------------ */
/* fault injection (driven by qemu-hw/goya_inject.c)                    */

void goya_fw_inject_hang(GoyaFw *fw)
{
    trace_goya_fw_inject("hang", 1);
    fw->inj.hang = true;
}

void goya_fw_inject_pkt_errors(GoyaFw *fw, uint32_t count, uint32_t rc)
{
    trace_goya_fw_inject("pkt-errors", count);
    fw->inj.pkt_errors = count;
    fw->inj.pkt_rc = rc;
}

/*
 * The board leaves (or re-enters) its thermal or power envelope.  Thermal:
 * the temperatures head for a point FW_INJ_THERMAL_MC higher and the CPU
 * reports FIX_THERMAL_ENV_S/E; power: the power draw exceeds the limit and
 * the sensor model's own throttling posts FIX_POWER_ENV_S/E.
 */
void goya_fw_inject_env(GoyaFw *fw, bool thermal, bool start)
{
    trace_goya_fw_inject(thermal ? "thermal" : "power", start);
    fw_sensors_update(fw);
    if (thermal) {
        if (fw->inj.thermal != start) {
            fw->inj.thermal = start;
            fw_post_event(fw, start ? GOYA_FW_EVENT_FIX_THERMAL_ENV_S :
                          GOYA_FW_EVENT_FIX_THERMAL_ENV_E, NULL, 0);
        }
    } else {
        fw->inj.power = start;
    }
    fw_sensors_update(fw);
}

void goya_fw_inject_boot_err(GoyaFw *fw, bool err1, uint32_t bits)
{
    trace_goya_fw_inject(err1 ? "boot-err1" : "boot-err", bits);
    if (err1) {
        fw->inj.boot_err1 |= bits;
    } else {
        fw->inj.boot_err0 |= bits;
    }
    if (fw->boot_status != GOYA_FW_STS_IN_RESET &&
        fw->boot_status != GOYA_FW_STS_IN_BTL) {
        fw_boot_error(fw, err1, bits);  /* preboot already reported */
    }
}

void goya_fw_inject_boot_stuck(GoyaFw *fw, GoyaFwBootStage stage)
{
    trace_goya_fw_inject("boot-stuck", stage);
    fw->inj.stuck = stage;
}

void goya_fw_inject_fit_corrupt(GoyaFw *fw, uint32_t which)
{
    trace_goya_fw_inject("fit-corrupt", which);
    fw->inj.fit_corrupt |= which;
}

void goya_fw_inject_clear(GoyaFw *fw)
{
    trace_goya_fw_inject("clear", 0);
    fw->inj.hang = false;
    fw->inj.pkt_errors = 0;
    fw->inj.boot_err0 = 0;
    fw->inj.boot_err1 = 0;
    fw->inj.stuck = GOYA_FW_STAGE_NONE;
    fw->inj.fit_corrupt = 0;
    if (fw->inj.stalled != STEP_NONE && fw->step == STEP_NONE) {
        /* the cause is gone: the stalled boot goes on */
        fw_schedule_step(fw, fw->inj.stalled, FW_STEP_NS);
    }
    fw->inj.stalled = STEP_NONE;
    if (fw->inj.thermal) {
        goya_fw_inject_env(fw, true, false);
    }
    if (fw->inj.power) {
        goya_fw_inject_env(fw, false, false);
    }
}

bool goya_fw_events_ready(const GoyaFw *fw)
{
    return fw->queues_up && fw->ints_registered && !fw->pci_disabled &&
           !fw->halted && !fw->inj.hang;
}

bool goya_fw_env_active(const GoyaFw *fw, bool thermal)
{
    return thermal ? fw->inj.thermal : fw->inj.power;
}
