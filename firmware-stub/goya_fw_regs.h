/*
 * Goya firmware stub: the registers the device CPU owns.
 *
 * Offsets are relative to CFG_BASE (0x7F_FC00_0000) and named like the
 * habanalabs driver's mm* macros (goya_reg_map.h, asic_reg/ headers).  Only
 * the registers goya_fw.c decodes are listed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_FW_REGS_H
#define GOYA_FW_REGS_H

/* PSOC_GLOBAL_CONF: boot sequencer and reset controller */
#define mmPSOC_GLOBAL_CONF_BOOT_SEQ_RE_START     0xC4B024
#define mmPSOC_GLOBAL_CONF_BTM_FSM               0xC4B028
#define mmPSOC_GLOBAL_CONF_SW_BTM_FSM            0xC4B030
#define mmPSOC_GLOBAL_CONF_SCRATCHPAD_0          0xC4B100
#define mmPSOC_GLOBAL_CONF_SCRATCHPAD_31         0xC4B17C
#define mmPSOC_GLOBAL_CONF_WARM_REBOOT           0xC4B300
#define mmPSOC_GLOBAL_CONF_UBOOT_MAGIC           0xC4B304
#define mmPSOC_GLOBAL_CONF_APP_STATUS            0xC4B320
#define mmPSOC_GLOBAL_CONF_BOOT_STRAP_PINS       0xC4B430
#define mmPSOC_GLOBAL_CONF_SW_ALL_RST_CFG        0xC4B474

/* Scratchpad aliases (goya_reg_map.h) */
#define mmCPU_PQ_BASE_ADDR_LOW                   0xC4B100
#define mmCPU_PQ_BASE_ADDR_HIGH                  0xC4B104
#define mmCPU_EQ_BASE_ADDR_LOW                   0xC4B108
#define mmCPU_EQ_BASE_ADDR_HIGH                  0xC4B10C
#define mmCPU_EQ_LENGTH                          0xC4B110
#define mmCPU_PQ_LENGTH                          0xC4B114
#define mmCPU_EQ_CI                              0xC4B118
#define mmCPU_PQ_INIT_STATUS                     0xC4B11C
#define mmCPU_CQ_BASE_ADDR_LOW                   0xC4B120
#define mmCPU_CQ_BASE_ADDR_HIGH                  0xC4B124
#define mmCPU_CQ_LENGTH                          0xC4B128
#define mmCPU_BOOT_DEV_STS0                      0xC4B150
#define mmCPU_BOOT_DEV_STS1                      0xC4B154
#define mmCPU_CMD_STATUS_TO_HOST                 0xC4B15C
#define mmCPU_BOOT_ERR0                          0xC4B160
#define mmCPU_BOOT_ERR1                          0xC4B164
#define mmPREBOOT_VER_OFFSET                     0xC4B170
#define mmUBOOT_VER_OFFSET                       0xC4B174
#define mmHW_STATE                               mmPSOC_GLOBAL_CONF_APP_STATUS
#define mmPSOC_GLOBAL_CONF_CPU_BOOT_STATUS       mmPSOC_GLOBAL_CONF_WARM_REBOOT
#define mmPSOC_GLOBAL_CONF_KMD_MSG_TO_CPU        mmPSOC_GLOBAL_CONF_UBOOT_MAGIC

/* CPU_IF: the host's doorbell for the CPU PQ */
#define mmCPU_IF_PF_PQ_PI                        0x442100

/* GIC distributor: host/engine -> device CPU interrupts */
#define mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR     0x800040

/* SW_ALL_RST_CFG bit that resets the device CPU */
#define PSOC_GLOBAL_CONF_SW_ALL_RST_CFG_CPU_MASK 0x1000

#endif
