/* SPDX-License-Identifier: MIT */
/*
 * Intel 82540EM registers and descriptors, from the "PCI/PCI-X Family of
 * Gigabit Ethernet Controllers Software Developer's Manual" (8254x SDM,
 * 317453): register map in 13.1 (table 13-2), descriptions in 13.3-13.4,
 * descriptor formats in 3.2.3 (receive) and 3.3.3 (legacy transmit).
 * The e1000e family (82574, PCH LAN) keeps these offsets and bits;
 * e1000e_regs.h adds its own on top of this file.
 */
#ifndef KERNEL_DRIVERS_NET_E1000_REGS_H
#define KERNEL_DRIVERS_NET_E1000_REGS_H
#include <stdint.h>

enum e1000_reg {
	E1000_CTRL = 0x0000,   /* device control, 13.4.1 */
	E1000_STATUS = 0x0008, /* 13.4.2 */
	E1000_EERD = 0x0014,   /* EEPROM read, 13.4.4 */
	E1000_ICR = 0x00c0,    /* interrupt cause read (clears), 13.4.17 */
	E1000_IMS = 0x00d0,    /* interrupt mask set, 13.4.20 */
	E1000_IMC = 0x00d8,    /* interrupt mask clear, 13.4.21 */
	E1000_RCTL = 0x0100,   /* receive control, 13.4.22 */
	E1000_TCTL = 0x0400,   /* transmit control, 13.4.33 */
	E1000_TIPG = 0x0410,   /* transmit IPG, 13.4.34 */
	E1000_RDBAL = 0x2800,  /* receive descriptor ring, 13.4.25-29 */
	E1000_RDBAH = 0x2804,
	E1000_RDLEN = 0x2808,
	E1000_RDH = 0x2810,
	E1000_RDT = 0x2818,
	E1000_TDBAL = 0x3800, /* transmit descriptor ring, 13.4.38-42 */
	E1000_TDBAH = 0x3804,
	E1000_TDLEN = 0x3808,
	E1000_TDH = 0x3810,
	E1000_TDT = 0x3818,
	E1000_MPC = 0x4010,    /* missed packets (RX ring full), 13.7.4 */
	E1000_RXCSUM = 0x5000, /* receive checksum control, 13.4.30 */
	E1000_MTA = 0x5200,    /* multicast table, 128 dwords */
	E1000_RAL0 = 0x5400,
	E1000_RAH0 = 0x5404,
};

#define E1000_CTRL_SLU   (1u << 6)  /* set link up */
#define E1000_CTRL_ASDE  (1u << 5)  /* auto speed detection */
#define E1000_CTRL_RST   (1u << 26) /* self-clearing device reset */
#define E1000_STATUS_LU  (1u << 1)
#define E1000_EERD_START (1u << 0)
#define E1000_EERD_DONE  (1u << 4) /* 82540EM: bit 4, address in 15:8 */
#define E1000_RAH_AV     (1u << 31)

/* ICR / IMS bits, 13.4.17 */
#define E1000_INT_TXDW   (1u << 0)
#define E1000_INT_LSC    (1u << 2)
#define E1000_INT_RXDMT0 (1u << 4)
#define E1000_INT_RXO    (1u << 6)
#define E1000_INT_RXT0   (1u << 7)

#define E1000_RCTL_EN    (1u << 1)
#define E1000_RCTL_BAM   (1u << 15) /* accept broadcast */
#define E1000_RCTL_SECRC (1u << 26) /* strip the CRC */
/* BSIZE 00 with BSEX 0: 2048-byte buffers */

#define E1000_TCTL_EN      (1u << 1)
#define E1000_TCTL_PSP     (1u << 3)   /* pad short packets */
#define E1000_TCTL_CT(x)   ((x) << 4)  /* collision threshold: 0x0f */
#define E1000_TCTL_COLD(x) ((x) << 12) /* full duplex: 0x40 */
/* 13.4.34, 82540EM copper: IPGT 10, IPGR1 8, IPGR2 6 */
#define E1000_TIPG_VALUE (10u | 8u << 10 | 6u << 20)

/* Legacy receive descriptor, 3.2.3 */
struct e1000_rx_desc {
	uint64_t addr;
	uint16_t length;
	uint16_t csum;
	uint8_t status;
	uint8_t errors;
	uint16_t special;
};
#define E1000_RXD_DD    (1u << 0)
#define E1000_RXD_EOP   (1u << 1)
#define E1000_RXD_IXSM  (1u << 2) /* ignore the checksum bits */
#define E1000_RXD_TCPCS (1u << 5) /* TCP/UDP checksum checked */
#define E1000_RXD_IPCS  (1u << 6) /* IPv4 header checksum checked */
/* errors: CE, SE, SEQ, CXE, RXE spoil the frame; TCPE and IPE (3.2.9)
 * only mean a checksum did not match, and the stack checks it again */
#define E1000_RXE_TCPE  (1u << 5)
#define E1000_RXE_IPE   (1u << 6)
#define E1000_RXE_FRAME (0x97u)

/* RXCSUM, 13.4.30: offload IP and TCP/UDP checksum checks (3.2.9) */
#define E1000_RXCSUM_IPOFL (1u << 8)
#define E1000_RXCSUM_TUOFL (1u << 9)

/* Legacy transmit descriptor, 3.3.3 */
struct e1000_tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso;
	uint8_t cmd;
	uint8_t status;
	uint8_t css;
	uint16_t special;
};
#define E1000_TXD_CMD_EOP  (1u << 0)
#define E1000_TXD_CMD_IFCS (1u << 1)
#define E1000_TXD_CMD_RS   (1u << 3)
#define E1000_TXD_DD       (1u << 0)

/* TCP/IP context descriptor, 3.3.5: where the checksums of the data
 * descriptors that follow start, go and end (byte offsets into the
 * frame; *CSE 0 = to the end), and for TSO (3.3.6, 3.5) the payload
 * length, header length and MSS. */
struct e1000_tx_ctx_desc {
	uint8_t ipcss, ipcso;
	uint16_t ipcse;
	uint8_t tucss, tucso;
	uint16_t tucse;
	uint32_t cmd_paylen; /* PAYLEN 19:0, DTYP 23:20 = 0000, TUCMD 31:24 */
	uint8_t status;
	uint8_t hdrlen;
	uint16_t mss;
};
#define E1000_TUCMD_TCP  (1u << 0) /* TCP (else UDP) */
#define E1000_TUCMD_IP   (1u << 1) /* IPv4 (else IPv6) */
#define E1000_TUCMD_TSE  (1u << 2)
#define E1000_TUCMD_RS   (1u << 3)
#define E1000_TUCMD_DEXT (1u << 5)

/* TCP/IP data descriptor, 3.3.7: a piece of a frame that the last
 * context describes. POPTS count only in a frame's first one. */
struct e1000_tx_data_desc {
	uint64_t addr;
	uint32_t cmd_len; /* DTALEN 19:0, DTYP 23:20 = 0001, DCMD 31:24 */
	uint8_t status;
	uint8_t popts;
	uint16_t special;
};
#define E1000_TXD_DTYP_DATA  (1u << 20)
#define E1000_TXD_CMD_TSE    (1u << 2) /* DCMD bits are TUCMD's */
#define E1000_TXD_CMD_DEXT   (1u << 5)
#define E1000_TXD_POPTS_IXSM (1u << 0) /* insert the IP checksum */
#define E1000_TXD_POPTS_TXSM (1u << 1) /* insert the TCP/UDP checksum */
_Static_assert(sizeof(struct e1000_tx_ctx_desc) == 16 &&
                   sizeof(struct e1000_tx_data_desc) == 16,
               "every transmit descriptor is 16 bytes");
#endif
