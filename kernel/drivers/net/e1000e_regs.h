/* SPDX-License-Identifier: MIT */
/*
 * Registers of the e1000e family beyond the 8254x ones it shares
 * (e1000_regs.h: CTRL, STATUS, ICR/IMS/IMC, RCTL, TCTL, TIPG, the queue 0
 * ring registers, MPC, MTA, RAL0/RAH0 sit at the same offsets with the
 * same meaning in the 82574 datasheet's register summary, 10.2).
 *
 * 82574: Intel 82574 GbE Controller Family Datasheet, chapter 10
 * (10.2.2 general, 10.2.4 interrupts, 10.2.5 receive, 10.2.6 transmit;
 * register names are the key, section numbers unchecked but for ITR).
 * PCH LAN (I217/I218/I219): the same MAC core inside the chipset, plus the
 * semaphore, firmware-status, PHY power and flash registers named below;
 * written from the I217/I218/I219 datasheets and the PCH datasheets' GbE
 * chapters, untested on real hardware.
 */
#ifndef KERNEL_DRIVERS_NET_E1000E_REGS_H
#define KERNEL_DRIVERS_NET_E1000E_REGS_H
#include "drivers/net/e1000_regs.h"

enum e1000e_reg {
	E1000E_EECD = 0x0010,        /* NVM control, 10.2.2.4 */
	E1000E_CTRL_EXT = 0x0018,    /* extended device control, 10.2.2.3 */
	E1000E_MDIC = 0x0020,        /* MDI (PHY) control, 10.2.2.7 */
	E1000E_FEXTNVM4 = 0x0024,    /* PCH: future extended NVM 4 */
	E1000E_FEXTNVM = 0x0028,     /* PCH */
	E1000E_ITR = 0x00c4,         /* interrupt throttling, 10.2.4.2 */
	E1000E_EIAC = 0x00dc,        /* MSI-X auto-clear, 10.2.4.8 */
	E1000E_IAM = 0x00e0,         /* interrupt ack auto-mask, 10.2.4.7 */
	E1000E_IVAR = 0x00e4,        /* MSI-X vector allocation, 10.2.4.9 */
	E1000E_EITR0 = 0x00e8,       /* MSI-X throttling, 4 bytes per vector */
	E1000E_EXTCNF_CTRL = 0x0f00, /* PCH: SW/FW/HW semaphore */
	E1000E_PHY_CTRL = 0x0f10,    /* PCH: PHY power control */
	E1000E_STRAP = 0x000c,       /* PCH SPT+: NVM size strap */
	E1000E_RXDCTL = 0x2828,
	E1000E_TXDCTL = 0x3828,
	E1000E_TARC0 = 0x3840,
	E1000E_RXCSUM = 0x5000, /* receive checksum control, 10.2.5.15 */
	E1000E_RFCTL = 0x5008,  /* receive filter control, 10.2.5.12 */
	E1000E_GCR = 0x5b00,    /* PCIe control */
	E1000E_H2ME = 0x5b50,   /* PCH: host to ME */
	E1000E_FWSM = 0x5b54,   /* PCH: firmware semaphore / status */
	E1000E_FEXTNVM11 = 0x5bbc,
};

/* CTRL (10.2.2.1), beyond e1000_regs.h */
#define E1000E_CTRL_GIO_MASTER_DISABLE (1u << 2)
#define E1000E_CTRL_LANPHYPC_OVERRIDE  (1u << 16) /* PCH */
#define E1000E_CTRL_LANPHYPC_VALUE     (1u << 17) /* PCH */
#define E1000E_CTRL_PHY_RST            (1u << 31)

/* STATUS (10.2.2.2) */
#define E1000E_STATUS_LAN_INIT_DONE     (1u << 9) /* PCH */
#define E1000E_STATUS_PHYRA             (1u << 10)
#define E1000E_STATUS_GIO_MASTER_ENABLE (1u << 19)

/* EECD: auto-read of the NVM done after reset (10.2.2.4) */
#define E1000E_EECD_AUTO_RD (1u << 9)

/* EERD on the 82574 (10.2.2.5): START bit 0, DONE bit 1, word address
 * in bits 15:2, data in 31:16 (the 82540EM has DONE at 4, address 15:8). */
#define E1000E_EERD_START      (1u << 0)
#define E1000E_EERD_DONE       (1u << 1)
#define E1000E_EERD_ADDR_SHIFT 2

/* CTRL_EXT (10.2.2.3) */
#define E1000E_CTRL_EXT_FORCE_SMBUS (1u << 11) /* PCH */
#define E1000E_CTRL_EXT_DRV_LOAD    (1u << 28) /* driver owns the NIC */
#define E1000E_CTRL_EXT_PBA_CLR     (1u << 31) /* MSI-X PBA support */

/* MDIC (10.2.2.7):
 *   | 31 | 30 E | 29 I | 28 R | 27:26 OP | 25:21 PHY | 20:16 REG | 15:0 data |
 * OP 01 write, 10 read; R set by hardware when done; E on error. */
#define E1000E_MDIC_REG(r) ((uint32_t)(r) << 16)
#define E1000E_MDIC_PHY(p) ((uint32_t)(p) << 21)
#define E1000E_MDIC_OP_WR  (1u << 26)
#define E1000E_MDIC_OP_RD  (2u << 26)
#define E1000E_MDIC_READY  (1u << 28)
#define E1000E_MDIC_ERROR  (1u << 30)

/* ICR/IMS bits (10.2.4.1), beyond e1000_regs.h. In MSI-X mode the queue
 * causes RxQ0/TxQ0 and "Other" (every other cause, LSC among them) are
 * what IVAR routes to vectors. */
#define E1000E_INT_RXQ0     (1u << 20)
#define E1000E_INT_TXQ0     (1u << 22)
#define E1000E_INT_OTHER    (1u << 24)
#define E1000E_INT_ASSERTED (1u << 31)

/* RCTL: descriptor type 11:10 stays 00 with RFCTL.EXSTEN (extended) */
#define E1000E_RFCTL_EXSTEN (1u << 15)

/* EXTCNF_CTRL (PCH): software's flag in the SW/FW/HW semaphore */
#define E1000E_EXTCNF_SWFLAG (1u << 5)

/* FWSM (PCH): firmware (ME) valid, and ULP configuration still running */
#define E1000E_FWSM_FW_VALID     (1u << 15)
#define E1000E_FWSM_ULP_CFG_DONE (1u << 10)
#define E1000E_FWSM_RSPCIPHY     (1u << 6) /* PHY reset is allowed */

/* H2ME (PCH): ask the ME to apply (and so leave) ULP settings */
#define E1000E_H2ME_ULP_DISABLE      (1u << 11)
#define E1000E_H2ME_ENFORCE_SETTINGS (1u << 12)

/* PHY_CTRL (PCH): gate the PHY off in non-D0a states; cleared so the link
 * comes up */
#define E1000E_PHY_CTRL_GBE_DISABLE (1u << 6)

/* PCH LAN PHY (I217+): MDIO address 2, page select in register 31
 * (page << 5); pages 768 and up answer at address 1. */
#define E1000E_PCH_PHY_ADDR     2
#define E1000E_PCH_PHY_HV_ADDR  1
#define E1000E_PHY_PAGE_SELECT  31
#define E1000E_PHY_HV_PAGE_BASE 768
/* I218/I219 ULP configuration, PHY page 779 register 16: bit 0 START,
 * bit 2 IND, bit 4 STICKY_ULP, bit 5 INBAND_EXIT, bit 6 WOL_HOST, bit 8
 * RESET_TO_SMBUS, bit 10 EN_ULP_LANPHYPC, bit 11 DIS_CLR_STICKY_ON_PERST,
 * bit 12 DIS_SMB_PERST. Disabling ULP clears all but START, then sets
 * START to apply. */
#define E1000E_ULP_CONFIG1_PAGE 779
#define E1000E_ULP_CONFIG1_REG  16
#define E1000E_ULP_START        (1u << 0)
#define E1000E_ULP_CLEAR_MASK                                                  \
	((1u << 2) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) |           \
	 (1u << 10) | (1u << 11) | (1u << 12))
/* CV_SMB_CTRL, PHY page 769 register 23, bit 0 forces SMBus mode */
#define E1000E_CV_SMB_CTRL_PAGE   769
#define E1000E_CV_SMB_CTRL_REG    23
#define E1000E_CV_SMB_FORCE_SMBUS (1u << 0)

/* PCH NVM flash registers (LPT: BAR1, 16/32-bit; SPT+: BAR0 + 0xE000,
 * 32-bit only):
 *   0x00 GFPREG   GbE region: base sector 12:0, limit sector 28:16
 *   0x04 HSFSTS   16 bits: FDONE 0, FCERR 1, DAEL 2, SCIP 5, FDV 14
 *   0x06 HSFCTL   16 bits: FGO 0, FCYCLE 2:1 (00 read), FDBC 13:8 (n-1)
 *   0x08 FADDR    linear flash address
 *   0x10 FDATA0   the data read
 */
#define E1000E_SPT_FLASH_OFF  0xe000
#define E1000E_FL_GFPREG      0x00
#define E1000E_FL_HSFSTS      0x04
#define E1000E_FL_HSFCTL      0x06
#define E1000E_FL_FADDR       0x08
#define E1000E_FL_FDATA0      0x10
#define E1000E_HSFSTS_FDONE   (1u << 0)
#define E1000E_HSFSTS_FCERR   (1u << 1)
#define E1000E_HSFSTS_DAEL    (1u << 2)
#define E1000E_HSFSTS_SCIP    (1u << 5)
#define E1000E_HSFSTS_FDV     (1u << 14)
#define E1000E_HSFCTL_FGO     (1u << 0)
#define E1000E_HSFCTL_FDBC(n) ((uint32_t)((n)-1) << 8)

/* Extended receive descriptor (7.1.5), one per 16 bytes:
 *
 *  read (driver writes):  | buffer address 63:0 | 0 (DD must read 0)  |
 *  write-back (device):   | MRQ | RSS/csum      | staterr  | len+vlan  |
 *                           dw0   dw1             dw2        dw3
 */
union e1000e_rx_desc {
	struct {
		uint64_t addr;
		uint64_t zero;
	} read;
	struct {
		uint32_t mrq;
		uint32_t rss;
		uint32_t staterr;
		uint32_t lenvlan;
	} wb;
};
#endif
