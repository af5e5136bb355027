/*
 * Goya firmware stub: in-memory structures shared with the host driver
 * (CPU-CP packets, buffer descriptors, event-queue entries, the info
 * block) and the protocol constants.  Layouts follow the 6.1 habanalabs
 * driver ABI (cpucp_if.h, hl_boot_if.h, qman_if.h); the definitions are
 * our own and every size/offset that matters is checked at build time.
 * All multi-byte fields are little-endian in memory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_FW_IF_H
#define GOYA_FW_IF_H

#include <stddef.h>
#include <stdint.h>

/* Device address map (goya.h) */
#define GOYA_FW_SRAM_BASE          0x7FF0000000ull
#define GOYA_FW_DRAM_BASE          0x0ull
#define GOYA_FW_BOOT_FIT_SRAM_OFF  0x200000u     /* boot-fit in SRAM */
#define GOYA_FW_LINUX_FIT_DRAM_OFF 0x800000u     /* Linux FIT in DRAM */
#define GOYA_FW_FIT_MAX_SIZE       0x1400000u    /* driver's file limit */

/* CPU_BOOT_STATUS values used by the stub (hl_boot_if.h) */
#define GOYA_FW_STS_IN_WFE      1
#define GOYA_FW_STS_IN_BTL      4
#define GOYA_FW_STS_IN_PREBOOT  5
#define GOYA_FW_STS_IN_UBOOT    7

/* KMD_MSG_TO_CPU values */
#define GOYA_FW_KMD_MSG_NA       0
#define GOYA_FW_KMD_GOTO_WFE     1
#define GOYA_FW_KMD_FIT_RDY      2
#define GOYA_FW_KMD_SKIP_BMC     3
#define GOYA_FW_KMD_RST_DEV      5
#define GOYA_FW_KMD_LAST         6

/* CPU_CMD_STATUS_TO_HOST values */
#define GOYA_FW_CMD_CLR  0
#define GOYA_FW_CMD_OK   1
#define GOYA_FW_CMD_ERR  2

/* CPU_BOOT_DEV_STS0 / CPU_BOOT_ERR0 / CPU_BOOT_ERR1 bits */
#define GOYA_FW_DEV_STS0_ENABLED      (1u << 31)
#define GOYA_FW_BOOT_ERR0_FIT_CORRUPT (1u << 1)
#define GOYA_FW_BOOT_ERR0_ENABLED     (1u << 31)
#define GOYA_FW_BOOT_ERR1_ENABLED     (1u << 31)

/* CPU_PQ_INIT_STATUS values */
#define GOYA_FW_PQ_INIT_NA              0
#define GOYA_FW_PQ_INIT_READY_FOR_CP    1
#define GOYA_FW_PQ_INIT_READY_FOR_HOST  2
#define GOYA_FW_PQ_INIT_LEN_NOT_POW2    4
#define GOYA_FW_PQ_INIT_ILLEGAL_ADDR    5

/* Interrupt (SPI) numbers the host raises through GICD_SETSPI_NSR */
#define GOYA_FW_SPI_PI_UPDATE      484
#define GOYA_FW_SPI_HALT_MACHINE   485
#define GOYA_FW_SPI_INTS_REGISTER  486
#define GOYA_FW_SPI_SOFT_RESET     487

/* Event ids the fw itself generates */
#define GOYA_FW_EVENT_PKT_QUEUE_OUT_SYNC 506
#define GOYA_FW_EVENT_FIX_THERMAL_ENV_S  509
#define GOYA_FW_EVENT_FIX_THERMAL_ENV_E  510
#define GOYA_FW_EVENT_ID_MAX             1024

/* SW_ALL_RST_CFG */
#define GOYA_FW_RST_CPU  0x1000u

/* CPU-CP packet opcodes (enum cpucp_packet_id) */
enum {
    CPUCP_OP_DISABLE_PCI_ACCESS = 1,
    CPUCP_OP_ENABLE_PCI_ACCESS = 2,
    CPUCP_OP_TEMPERATURE_GET = 3,
    CPUCP_OP_VOLTAGE_GET = 4,
    CPUCP_OP_CURRENT_GET = 5,
    CPUCP_OP_FAN_SPEED_GET = 6,
    CPUCP_OP_PWM_GET = 7,
    CPUCP_OP_PWM_SET = 8,
    CPUCP_OP_FREQUENCY_SET = 9,
    CPUCP_OP_FREQUENCY_GET = 10,
    CPUCP_OP_LED_SET = 11,
    CPUCP_OP_I2C_WR = 12,
    CPUCP_OP_I2C_RD = 13,
    CPUCP_OP_INFO_GET = 14,
    CPUCP_OP_UNMASK_RAZWI_IRQ = 16,
    CPUCP_OP_UNMASK_RAZWI_IRQ_ARRAY = 17,
    CPUCP_OP_TEST = 18,
    CPUCP_OP_FREQUENCY_CURR_GET = 19,
    CPUCP_OP_MAX_POWER_GET = 20,
    CPUCP_OP_MAX_POWER_SET = 21,
    CPUCP_OP_EEPROM_DATA_GET = 22,
    CPUCP_OP_TEMPERATURE_SET = 24,
    CPUCP_OP_VOLTAGE_SET = 25,
    CPUCP_OP_CURRENT_SET = 26,
    CPUCP_OP_PCIE_THROUGHPUT_GET = 27,
    CPUCP_OP_PCIE_REPLAY_CNT_GET = 28,
    CPUCP_OP_TOTAL_ENERGY_GET = 29,
    CPUCP_OP_PLL_INFO_GET = 30,
    CPUCP_OP_POWER_GET = 32,
    CPUCP_OP_HBM_REPLACED_ROWS_INFO_GET = 43,
    CPUCP_OP_HBM_PENDING_ROWS_STATUS = 44,
    CPUCP_OP_SEC_ATTEST_GET = 49,
};

/* Packet return codes (enum cpucp_packet_rc) */
enum {
    CPUCP_RC_SUCCESS = 0,
    CPUCP_RC_INVALID = 1,          /* opcode not supported */
    CPUCP_RC_FAULT = 2,            /* fw failed (e.g. DMA fault) */
    CPUCP_RC_INVALID_PKT = 3,      /* malformed packet */
    CPUCP_RC_INVALID_PARAMS = 4,
};

#define CPUCP_FENCE_VAL      0xFE8CE7A5u
#define CPUCP_CTL_RC_SHIFT   12
#define CPUCP_CTL_RC_MASK    0x0000F000u
#define CPUCP_CTL_OP_SHIFT   16
#define CPUCP_CTL_OP_MASK    0x1FFF0000u

/* struct cpucp_packet: 24 bytes */
typedef struct GoyaCpucpPkt {
    uint64_t value;         /* value / result / addr */
    uint32_t ctl;
    uint32_t fence;
    union {
        struct {
            uint16_t sensor_index;
            uint16_t type;
        };
        uint32_t index;     /* pll_index, data_max_size, led_index... */
    };
    uint32_t port_index;
} GoyaCpucpPkt;

_Static_assert(sizeof(GoyaCpucpPkt) == 24, "cpucp_packet size");
_Static_assert(offsetof(GoyaCpucpPkt, ctl) == 8, "cpucp_packet.ctl");
_Static_assert(offsetof(GoyaCpucpPkt, fence) == 12, "cpucp_packet.fence");
_Static_assert(offsetof(GoyaCpucpPkt, sensor_index) == 16, "sensor_index");
_Static_assert(offsetof(GoyaCpucpPkt, type) == 18, "type");
_Static_assert(offsetof(GoyaCpucpPkt, port_index) == 20, "port_index");

/* UNMASK_RAZWI_IRQ_ARRAY: u32 count at 24, u32 ids from 28 */
#define CPUCP_IRQ_ARR_LEN_OFF   24
#define CPUCP_IRQ_ARR_DATA_OFF  28

/* struct hl_bd: 16 bytes */
typedef struct GoyaFwBd {
    uint64_t ptr;
    uint32_t len;
    uint32_t ctl;
} GoyaFwBd;

_Static_assert(sizeof(GoyaFwBd) == 16, "hl_bd size");
_Static_assert(offsetof(GoyaFwBd, len) == 8, "hl_bd.len");
_Static_assert(offsetof(GoyaFwBd, ctl) == 12, "hl_bd.ctl");

/* struct hl_eq_entry: 64 bytes */
typedef struct GoyaFwEqe {
    uint32_t reserved;
    uint32_t ctl;
    uint64_t data[7];
} GoyaFwEqe;

_Static_assert(sizeof(GoyaFwEqe) == 64, "hl_eq_entry size");
_Static_assert(offsetof(GoyaFwEqe, ctl) == 4, "hl_eq_entry.ctl");
_Static_assert(offsetof(GoyaFwEqe, data) == 8, "hl_eq_entry.data");

#define GOYA_FW_EQE_READY        0x80000000u
#define GOYA_FW_EQE_TYPE_SHIFT   16
#define GOYA_FW_EQE_TYPE_MASK    0x0FFF0000u
#define GOYA_FW_EQE_INDEX_MASK   0x0000FFFFu

/* struct cpucp_info (6.1): 1768 bytes */
#define GOYA_FW_VER_LEN       128
#define GOYA_FW_MAX_SENSORS   128
#define GOYA_FW_CARD_NAME_LEN 16

typedef struct GoyaFwSensor {
    uint32_t type;
    uint32_t flags;
} GoyaFwSensor;

typedef struct GoyaCpucpInfo {
    GoyaFwSensor sensors[GOYA_FW_MAX_SENSORS];
    char kernel_version[GOYA_FW_VER_LEN];
    uint32_t reserved;
    uint32_t card_type;
    uint32_t card_location;
    uint32_t cpld_version;
    uint32_t infineon_version;
    char fuse_version[GOYA_FW_VER_LEN];
    char thermal_version[GOYA_FW_VER_LEN];
    char cpucp_version[GOYA_FW_VER_LEN];
    uint32_t infineon_second_stage_version;
    uint64_t dram_size;
    char card_name[GOYA_FW_CARD_NAME_LEN];
    uint64_t tpc_binning_mask;
    uint64_t decoder_binning_mask;
    uint8_t sram_binning;
    uint8_t dram_binning_mask;
    uint8_t memory_repair_flag;
    uint8_t edma_binning_mask;
    uint8_t xbar_binning_mask;
    uint8_t interposer_version;
    uint8_t substrate_version;
    uint8_t reserved2;
    uint8_t sec_info[4];
    uint32_t reserved3;
    uint8_t pll_map[16];
    uint64_t mme_binning_mask;
    char fw_os_version[GOYA_FW_VER_LEN];
} GoyaCpucpInfo;

_Static_assert(sizeof(GoyaCpucpInfo) == 1768, "cpucp_info size");
_Static_assert(offsetof(GoyaCpucpInfo, kernel_version) == 1024, "kver");
_Static_assert(offsetof(GoyaCpucpInfo, card_location) == 1160, "cardloc");
_Static_assert(offsetof(GoyaCpucpInfo, cpld_version) == 1164, "cpld");
_Static_assert(offsetof(GoyaCpucpInfo, fuse_version) == 1172, "fuse");
_Static_assert(offsetof(GoyaCpucpInfo, thermal_version) == 1300, "thermal");
_Static_assert(offsetof(GoyaCpucpInfo, cpucp_version) == 1428, "cpucp");
_Static_assert(offsetof(GoyaCpucpInfo, dram_size) == 1560, "dram_size");
_Static_assert(offsetof(GoyaCpucpInfo, card_name) == 1568, "card_name");
_Static_assert(offsetof(GoyaCpucpInfo, reserved2) == 1607, "reserved2");
_Static_assert(offsetof(GoyaCpucpInfo, sec_info) == 1608, "sec_info");
_Static_assert(offsetof(GoyaCpucpInfo, pll_map) == 1616, "pll_map");
_Static_assert(offsetof(GoyaCpucpInfo, mme_binning_mask) == 1632, "mme");
_Static_assert(offsetof(GoyaCpucpInfo, fw_os_version) == 1640, "fw_os");

/* hwmon sensor types and attribute numbers of the 6.1 kernel (hwmon.h) */
enum {
    GOYA_HWMON_TEMP = 1,
    GOYA_HWMON_IN = 2,
    GOYA_HWMON_CURR = 3,
    GOYA_HWMON_POWER = 4,
    GOYA_HWMON_FAN = 7,
    GOYA_HWMON_PWM = 8,
    GOYA_HWMON_TYPE_MAX = 10,
};

/* Goya PLL indices (uapi enum hl_goya_pll_index) */
enum {
    GOYA_FW_PLL_CPU, GOYA_FW_PLL_IC, GOYA_FW_PLL_MC, GOYA_FW_PLL_MME,
    GOYA_FW_PLL_PCI, GOYA_FW_PLL_EMMC, GOYA_FW_PLL_TPC, GOYA_FW_PLL_NUM,
};

#define GOYA_FW_EEPROM_SIZE  4096u
#define GOYA_FW_PKT_MAX      4096u

#endif
