/*
 * Goya register map: only what the model uses, named as in the habanalabs
 * driver's headers (include/goya/asic_reg/ and goya.h).  Offsets are from
 * CFG_BASE, as the driver's mmXXX values.  tests/unit/test_regs checks every
 * value here against the driver's own headers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_REGS_H
#define GOYA_REGS_H



/* Device address map (include/goya/goya.h) */
#define CFG_BAR_SIZE                    0x10000000ull
#define MSIX_BAR_SIZE                   0x1000ull
#define CFG_BASE                        0x7FFC000000ull
#define CFG_SIZE                        0x4000000
#define SRAM_BASE_ADDR                  0x7FF0000000ull
#define SRAM_SIZE                       0x32A0000
#define HOST_PHYS_BASE                  0x8000000000ull
#define HOST_PHYS_SIZE                  0x1000000000000ull
#define GOYA_MSIX_ENTRIES               8
#define QMAN_PQ_ENTRY_SIZE              16
#define DMA_MAX_NUM                     5
#define TPC_MAX_NUM                     8

/* PCIe DBI / AUX (goya_regs.h, pcie_aux_regs.h) */
#define mmPCIE_DBI_DEVICE_ID_VENDOR_ID_REG      0xC02000
#define mmPCIE_DBI_MSIX_DOORBELL_OFF            0xC02948
#define mmPCIE_AUX_DBI                          0xC07490

/* GIC: host/engine -> device-CPU interrupts (goya_regs.h) */
#define mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR    0x800040

/* DMA QMAN 0 and channel 0; n-th instance at + n * 0x8000 */
#define mmDMA_QM_0_GLBL_CFG0                    0x400000
#define mmDMA_QM_0_GLBL_CFG1                    0x400004
#define mmDMA_QM_0_GLBL_PROT                    0x400008
#define mmDMA_QM_0_GLBL_ERR_CFG                 0x40000C
#define mmDMA_QM_0_GLBL_ERR_ADDR_LO             0x400010
#define mmDMA_QM_0_GLBL_ERR_ADDR_HI             0x400014
#define mmDMA_QM_0_GLBL_ERR_WDATA               0x400018
#define mmDMA_QM_0_GLBL_NON_SECURE_PROPS        0x400020
#define mmDMA_QM_0_GLBL_STS0                    0x400024
#define mmDMA_QM_0_GLBL_STS1                    0x400028
#define mmDMA_QM_0_PQ_BASE_LO                   0x400060
#define mmDMA_QM_0_PQ_BASE_HI                   0x400064
#define mmDMA_QM_0_PQ_SIZE                      0x400068
#define mmDMA_QM_0_PQ_PI                        0x40006C
#define mmDMA_QM_0_PQ_CI                        0x400070
#define mmDMA_QM_0_CP_MSG_BASE0_ADDR_LO         0x400120
#define mmDMA_QM_0_CP_LDMA_TSIZE_OFFSET         0x400140
#define mmDMA_QM_0_CP_LDMA_SRC_BASE_LO_OFFSET   0x400144
#define mmDMA_QM_0_CP_LDMA_SRC_BASE_HI_OFFSET   0x400148
#define mmDMA_QM_0_CP_LDMA_COMMIT_OFFSET        0x400154
#define mmDMA_QM_0_CP_FENCE0_RDATA              0x400158
#define mmDMA_QM_0_CP_FENCE0_CNT                0x400168
#define mmDMA_QM_0_CP_STS                       0x400178
#define mmDMA_QM_1_GLBL_CFG0                    0x408000
#define mmDMA_CH_0_ERRMSG_ADDR_LO               0x401008
#define mmDMA_CH_0_ERRMSG_ADDR_HI               0x40100C
#define mmDMA_CH_0_ERRMSG_WDATA                 0x401010
#define mmDMA_CH_0_WR_COMP_ADDR_LO              0x401020
#define mmDMA_CH_0_WR_COMP_ADDR_HI              0x401024
#define mmDMA_CH_0_WR_COMP_WDATA                0x401028
#define mmDMA_CH_0_STS0                         0x401044

/* MME */
#define mmMME_ARCH_STATUS                       0xD0000
#define mmMME_QM_GLBL_CFG0                      0xD8000
#define mmMME_CMDQ_GLBL_CFG0                    0xD9000

/* TPC n at + n * 0x40000 */
#define mmTPC0_CFG_STATUS                       0xE0681C
#define mmTPC0_CFG_FUNC_MBIST_CNTRL             0xE06E00
#define mmTPC0_QM_GLBL_CFG0                     0xE08000
#define mmTPC0_CMDQ_GLBL_CFG0                   0xE09000
#define mmTPC1_QM_GLBL_CFG0                     0xE48000

/* Sync manager (goya_regs.h) */
#define mmSYNC_MNGR_SOB_OBJ_0                   0x112000
#define mmSYNC_MNGR_MON_PAY_ADDRL_0             0x113000
#define mmSYNC_MNGR_MON_STATUS_0                0x114000

/* MMU / STLB (mmu_regs.h, stlb_regs.h, hw_ip/mmu/mmu_v1_0.h) */
#define mmMMU_MMU_ENABLE                        0x48000C
#define mmMMU_PAGE_ERROR_CAPTURE                0x480034
#define mmMMU_PAGE_ERROR_CAPTURE_VA             0x480038
#define MMU_ASID_BUSY                           0x490000
#define MMU_HOP0_PA43_12                        0x490004
#define MMU_HOP0_PA49_44                        0x490008
#define mmSTLB_INV_ALL_START                    0x490034

/* Device-CPU AXI user override (cpu_if_regs.h) */
#define mmCPU_IF_ARUSER_OVR                     0x442104
#define mmCPU_IF_ARUSER_OVR_EN                  0x442108
#define mmCPU_IF_AWUSER_OVR                     0x44210C
#define mmCPU_IF_AWUSER_OVR_EN                  0x442110

/* DMA macro range registers (dma_macro_regs.h, dma_macro_masks.h) */
#define mmDMA_MACRO_LBW_RANGE_HIT_BLOCK         0x4B0000
#define mmDMA_MACRO_LBW_RANGE_MASK_0            0x4B0004
#define mmDMA_MACRO_LBW_RANGE_BASE_0            0x4B0044
#define mmDMA_MACRO_HBW_RANGE_HIT_BLOCK         0x4B0084
#define mmDMA_MACRO_HBW_RANGE_MASK_49_32_0      0x4B00A8
#define mmDMA_MACRO_HBW_RANGE_MASK_31_0_0       0x4B00C8
#define mmDMA_MACRO_HBW_RANGE_BASE_49_32_0      0x4B00E8
#define mmDMA_MACRO_HBW_RANGE_BASE_31_0_0       0x4B0108
#define DMA_MACRO_LBW_RANGE_BASE_R_MASK         0x3FFFFFF

/* Protection bits: last 128 bytes of every 4 KiB block (goya.h) */
#define PROT_BITS_OFFS                          0xF80

/* DMA macro RAZWI capture (dma_macro_regs.h) */
#define mmDMA_MACRO_RAZWI_LBW_WT_VLD            0x4B013C
#define mmDMA_MACRO_RAZWI_LBW_RD_VLD            0x4B0144
#define mmDMA_MACRO_RAZWI_HBW_WT_VLD            0x4B014C
#define mmDMA_MACRO_RAZWI_HBW_RD_VLD            0x4B0154

/* PCI PLL (psoc_pci_pll_regs.h): read by the driver for the timestamp rate */
#define mmPSOC_PCI_PLL_NR                       0xC72100
#define mmPSOC_PCI_PLL_NF                       0xC72104
#define mmPSOC_PCI_PLL_OD                       0xC72108
#define mmPSOC_PCI_PLL_DIV_FACTOR_1             0xC72204
#define mmPSOC_PCI_PLL_DIV_SEL_1                0xC72284

/* Timestamp (psoc_timestamp_regs.h) */
#define mmPSOC_TIMESTAMP_CNTCR                  0xC49000
#define mmPSOC_TIMESTAMP_CNTCVL                 0xC49008
#define mmPSOC_TIMESTAMP_CNTCVU                 0xC4900C

/* QMAN register offsets within a QMAN/CMDQ block (from DMA_QM_0) */
#define QM_OFF(r)               ((r) - mmDMA_QM_0_GLBL_CFG0)
#define QM_GLBL_CFG0            QM_OFF(mmDMA_QM_0_GLBL_CFG0)
#define QM_GLBL_CFG1            QM_OFF(mmDMA_QM_0_GLBL_CFG1)
#define QM_GLBL_PROT            QM_OFF(mmDMA_QM_0_GLBL_PROT)
#define QM_GLBL_ERR_CFG         QM_OFF(mmDMA_QM_0_GLBL_ERR_CFG)
#define QM_GLBL_ERR_ADDR_LO     QM_OFF(mmDMA_QM_0_GLBL_ERR_ADDR_LO)
#define QM_GLBL_ERR_ADDR_HI     QM_OFF(mmDMA_QM_0_GLBL_ERR_ADDR_HI)
#define QM_GLBL_ERR_WDATA       QM_OFF(mmDMA_QM_0_GLBL_ERR_WDATA)
#define QM_GLBL_NON_SECURE_PROPS QM_OFF(mmDMA_QM_0_GLBL_NON_SECURE_PROPS)
#define QM_GLBL_STS0            QM_OFF(mmDMA_QM_0_GLBL_STS0)
#define QM_GLBL_STS1            QM_OFF(mmDMA_QM_0_GLBL_STS1)
#define QM_PQ_BASE_LO           QM_OFF(mmDMA_QM_0_PQ_BASE_LO)
#define QM_PQ_BASE_HI           QM_OFF(mmDMA_QM_0_PQ_BASE_HI)
#define QM_PQ_SIZE              QM_OFF(mmDMA_QM_0_PQ_SIZE)
#define QM_PQ_PI                QM_OFF(mmDMA_QM_0_PQ_PI)
#define QM_PQ_CI                QM_OFF(mmDMA_QM_0_PQ_CI)
#define QM_CP_MSG_BASE0_ADDR_LO QM_OFF(mmDMA_QM_0_CP_MSG_BASE0_ADDR_LO)
#define QM_CP_LDMA_TSIZE_OFFSET QM_OFF(mmDMA_QM_0_CP_LDMA_TSIZE_OFFSET)
#define QM_CP_LDMA_SRC_BASE_LO_OFFSET \
    QM_OFF(mmDMA_QM_0_CP_LDMA_SRC_BASE_LO_OFFSET)
#define QM_CP_LDMA_SRC_BASE_HI_OFFSET \
    QM_OFF(mmDMA_QM_0_CP_LDMA_SRC_BASE_HI_OFFSET)
#define QM_CP_LDMA_COMMIT_OFFSET QM_OFF(mmDMA_QM_0_CP_LDMA_COMMIT_OFFSET)
#define QM_CP_FENCE0_RDATA      QM_OFF(mmDMA_QM_0_CP_FENCE0_RDATA)
#define QM_CP_FENCE0_CNT        QM_OFF(mmDMA_QM_0_CP_FENCE0_CNT)
#define QM_CP_STS               QM_OFF(mmDMA_QM_0_CP_STS)
#define QM_BLOCK_SIZE           0x1000

#define DMA_QM_STRIDE           (mmDMA_QM_1_GLBL_CFG0 - mmDMA_QM_0_GLBL_CFG0)
#define TPC_STRIDE              (mmTPC1_QM_GLBL_CFG0 - mmTPC0_QM_GLBL_CFG0)

/* GLBL_STS0 bits (dma_qm_0_masks.h) */
#define QM_GLBL_STS0_IDLE_MASK  0xF      /* PQF/CQF/CP/DMA idle */
#define QM_GLBL_STS0_STOP_SHIFT 4        /* PQF/CQF/CP/DMA is-stop */
#define QM_GLBL_CFG1_CP_STOP    (1u << 2)
#define QM_GLBL_CFG1_STOP_MASK  0xF
#define QM_CP_STS_FENCE_IN_PROGRESS (1u << 22)
#define QM_CP_STS_FENCE_ID_SHIFT 20
#define DMA_CH_0_STS0_DMA_BUSY_MASK 0x1
#define MME_ARCH_STATUS_IDLE    0x780    /* SB A/B/CIN/COUT empty */
#define TPC_CFG_STATUS_IDLE     0x1E
#define TPC_CFG_FUNC_MBIST_CNTRL_START (1u << 0)
#define TPC_CFG_FUNC_MBIST_CNTRL_DONE  (1u << 1)

/* MMU geometry (hw_ip/mmu/mmu_v1_0.h, mmu_general.h) */
#define MMU_V1_0_HOP0_SHIFT     48
#define MMU_V1_0_HOP1_SHIFT     39
#define MMU_V1_0_HOP2_SHIFT     30
#define MMU_V1_0_HOP3_SHIFT     21
#define MMU_V1_0_HOP4_SHIFT     12
#define PAGE_PRESENT_MASK       0x1ull
#define LAST_MASK               0x800ull
#define FLAGS_MASK              0xFFFull
#define MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID (1u << 18)

/* Packets (goya_packets.h) */
#define PACKET_WREG_32          0x1
#define PACKET_WREG_BULK        0x2
#define PACKET_MSG_LONG         0x3
#define PACKET_MSG_SHORT        0x4
#define PACKET_CP_DMA           0x5
#define PACKET_MSG_PROT         0x7
#define PACKET_FENCE            0x8
#define PACKET_LIN_DMA          0x9
#define PACKET_NOP              0xA
#define PACKET_STOP             0xB
#define GOYA_PKT_CTL_OPCODE_SHIFT 24
#define GOYA_PKT_CTL_OPCODE_MASK  0x1F000000
#define GOYA_PKT_WREG32_CTL_REG_OFFSET_MASK 0x0000FFFF
#define GOYA_PKT_LIN_DMA_CTL_WRCOMP_MASK 0x00000004
#define GOYA_PKT_LIN_DMA_CTL_MEMSET_MASK 0x00000040

/*
 * Coresight (include/goya/asic_reg/goya_blocks.h, psoc_etr_regs.h): the
 * units HL_IOCTL_DEBUG programs.  Unit bases are device addresses; the
 * register offsets inside an ETF/STM unit are the numbers the driver
 * writes (goya/goya_coresight.c), ARM CoreSight TMC/STM register layout.
 */
#define mmCPU_STM_BASE                           0x7FFE486000ull
#define mmDMA_CH_0_CS_STM_BASE                   0x7FFE401000ull
#define mmDMA_CH_1_CS_STM_BASE                   0x7FFE411000ull
#define mmDMA_CH_2_CS_STM_BASE                   0x7FFE421000ull
#define mmDMA_CH_3_CS_STM_BASE                   0x7FFE431000ull
#define mmDMA_CH_4_CS_STM_BASE                   0x7FFE441000ull
#define mmDMA_MACRO_CS_STM_BASE                  0x7FFE461000ull
#define mmMME1_SBA_STM_BASE                      0x7FFE042000ull
#define mmMME3_SBB_STM_BASE                      0x7FFE0C2000ull
#define mmMME4_WACS2_STM_BASE                    0x7FFE112000ull
#define mmMME4_WACS_STM_BASE                     0x7FFE102000ull
#define mmMMU_CS_STM_BASE                        0x7FFE4C1000ull
#define mmPCIE_STM_BASE                          0x7FFEC01000ull
#define mmPSOC_STM_BASE                          0x7FFEC41000ull
#define mmTPC0_EML_STM_BASE                      0x7FFF003000ull
#define mmTPC1_EML_STM_BASE                      0x7FFF203000ull
#define mmTPC2_EML_STM_BASE                      0x7FFF403000ull
#define mmTPC3_EML_STM_BASE                      0x7FFF603000ull
#define mmTPC4_EML_STM_BASE                      0x7FFF803000ull
#define mmTPC5_EML_STM_BASE                      0x7FFFA03000ull
#define mmTPC6_EML_STM_BASE                      0x7FFFC03000ull
#define mmTPC7_EML_STM_BASE                      0x7FFFE03000ull
#define mmCPU_ETF_0_BASE                         0x7FFE481000ull
#define mmCPU_ETF_1_BASE                         0x7FFE482000ull
#define mmCPU_ETF_TRACE_BASE                     0x7FFE488000ull
#define mmDMA_CH_0_CS_ETF_BASE                   0x7FFE403000ull
#define mmDMA_CH_1_CS_ETF_BASE                   0x7FFE413000ull
#define mmDMA_CH_2_CS_ETF_BASE                   0x7FFE423000ull
#define mmDMA_CH_3_CS_ETF_BASE                   0x7FFE433000ull
#define mmDMA_CH_4_CS_ETF_BASE                   0x7FFE443000ull
#define mmDMA_MACRO_CS_ETF_BASE                  0x7FFE463000ull
#define mmMME1_SBA_ETF_BASE                      0x7FFE044000ull
#define mmMME3_SBB_ETF_BASE                      0x7FFE0C4000ull
#define mmMME4_WACS2_ETF_BASE                    0x7FFE114000ull
#define mmMME4_WACS_ETF_BASE                     0x7FFE104000ull
#define mmMMU_CS_ETF_BASE                        0x7FFE4C3000ull
#define mmPCIE_ETF_BASE                          0x7FFEC02000ull
#define mmPSOC_ETF_BASE                          0x7FFEC44000ull
#define mmTPC0_EML_ETF_BASE                      0x7FFF002000ull
#define mmTPC1_EML_ETF_BASE                      0x7FFF202000ull
#define mmTPC2_EML_ETF_BASE                      0x7FFF402000ull
#define mmTPC3_EML_ETF_BASE                      0x7FFF602000ull
#define mmTPC4_EML_ETF_BASE                      0x7FFF802000ull
#define mmTPC5_EML_ETF_BASE                      0x7FFFA02000ull
#define mmTPC6_EML_ETF_BASE                      0x7FFFC02000ull
#define mmTPC7_EML_ETF_BASE                      0x7FFFE02000ull
#define mmPSOC_ETR_RSZ                          0x2C43004
#define mmPSOC_ETR_STS                          0x2C4300C
#define mmPSOC_ETR_RWP                          0x2C43018
#define mmPSOC_ETR_CTL                          0x2C43020
#define mmPSOC_ETR_MODE                         0x2C43028
#define mmPSOC_ETR_RWPHI                        0x2C4303C
#define mmPSOC_ETR_DBALO                        0x2C43118
#define mmPSOC_ETR_DBAHI                        0x2C4311C
#define mmPSOC_ETR_FFCR                         0x2C43304
#define mmPCIE_WRAP_PSOC_AWUSER                 0xC01D10

/* Async event ids (goya_async_events.h) */
#define GOYA_ASYNC_EVENT_ID_TPC0_CMDQ           430
#define GOYA_ASYNC_EVENT_ID_TPC0_QM             438
#define GOYA_ASYNC_EVENT_ID_MME_QM              447
#define GOYA_ASYNC_EVENT_ID_MME_CMDQ            448
#define GOYA_ASYNC_EVENT_ID_DMA0_QM             449
#define GOYA_ASYNC_EVENT_ID_DMA0_CH             455

#endif
