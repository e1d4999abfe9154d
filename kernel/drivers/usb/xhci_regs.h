/* SPDX-License-Identifier: MIT */
/*
 * xHCI register, TRB and context layouts (eXtensible Host Controller
 * Interface 1.2, chapters 5 and 6). Register offsets are bytes from the
 * start of their block; every register is read and written as 32 bits
 * (64-bit ones as two halves, low first, 5.1).
 *
 *  BAR0 (MMIO)
 *  +--------------------+ 0
 *  | capability regs    |  CAPLENGTH, HCSPARAMS1-3, HCCPARAMS1-2, DBOFF,
 *  |                    |  RTSOFF (5.3)
 *  +--------------------+ CAPLENGTH
 *  | operational regs   |  USBCMD, USBSTS, PAGESIZE, CRCR, DCBAAP, CONFIG
 *  |   port reg sets    |  at +0x400, 16 bytes per port (5.4)
 *  +--------------------+ RTSOFF
 *  | runtime regs       |  MFINDEX, interrupter sets at +0x20, 32 bytes
 *  +--------------------+ DBOFF
 *  | doorbell array     |  one dword per slot, DB 0 = the command ring
 *  +--------------------+
 *  | extended caps      |  a list from HCCPARAMS1.xECP (7): legacy
 *  +--------------------+  support (BIOS handoff), supported protocols
 */
#ifndef KERNEL_DRIVERS_USB_XHCI_REGS_H
#define KERNEL_DRIVERS_USB_XHCI_REGS_H
#include <stdint.h>

/* --- capability registers (5.3) --- */
#define XHCI_CAPLENGTH  0x00 /* byte; HCIVERSION is the word at 0x02 */
#define XHCI_HCSPARAMS1 0x04 /* 7:0 MaxSlots, 18:8 MaxIntrs, 31:24 MaxPorts */
#define XHCI_HCSPARAMS2 0x08 /* 3:0 IST, 7:4 ERST Max, 25:21 scratch hi, */
                             /* 31:27 scratch lo */
#define XHCI_HCCPARAMS1 0x10
#define XHCI_DBOFF      0x14
#define XHCI_RTSOFF     0x18

#define HCS1_MAX_SLOTS(v) ((v)&0xff)
#define HCS1_MAX_PORTS(v) ((v) >> 24)
#define HCS2_SCRATCH(v)   ((((v) >> 21) & 0x1f) << 5 | ((v) >> 27))
#define HCC1_AC64         (1u << 0)   /* 64-bit addresses */
#define HCC1_CSZ          (1u << 2)   /* 64-byte contexts */
#define HCC1_PPC          (1u << 3)   /* port power control */
#define HCC1_XECP(v)      ((v) >> 16) /* dwords from BAR0 */

/* --- operational registers (5.4) --- */
#define XHCI_USBCMD    0x00
#define XHCI_USBSTS    0x04
#define XHCI_PAGESIZE  0x08
#define XHCI_CRCR      0x18 /* 64-bit */
#define XHCI_DCBAAP    0x30 /* 64-bit */
#define XHCI_CONFIG    0x38
#define XHCI_PORTSC(p) (0x400 + 0x10 * ((p)-1)) /* p = 1..MaxPorts */

#define CMD_RUN   (1u << 0)
#define CMD_HCRST (1u << 1)
#define CMD_INTE  (1u << 2)
#define CMD_HSEE  (1u << 3)

#define STS_HCH  (1u << 0)  /* halted */
#define STS_HSE  (1u << 2)  /* host system error (RW1C) */
#define STS_EINT (1u << 3)  /* event interrupt (RW1C) */
#define STS_PCD  (1u << 4)  /* port change detect (RW1C) */
#define STS_CNR  (1u << 11) /* controller not ready */
#define STS_HCE  (1u << 12) /* host controller error */

#define CRCR_RCS (1u << 0) /* ring cycle state */
#define CRCR_CA  (1u << 2) /* command abort */

/*
 * PORTSC (5.4.8). "RW1C" bits clear when written 1, so every write starts
 * from PORTSC_KEEP(v): the read value with only the bits that must be
 * written back as read (RO and RWS ones), never a change bit or PED.
 *
 *  31  30  27..25  24  23..17   16  15..14 13..10  9   8..5  4  3  1   0
 * WPR  DR  wake    CAS changes  LWS  PIC   speed   PP   PLS  PR OCA PED CCS
 *           enables    (RW1C)                                       (RW1C)
 */
#define PORTSC_CCS      (1u << 0)
#define PORTSC_PED      (1u << 1)
#define PORTSC_OCA      (1u << 3)
#define PORTSC_PR       (1u << 4)
#define PORTSC_PLS(v)   (((v) >> 5) & 0xf)
#define PORTSC_PP       (1u << 9)
#define PORTSC_SPEED(v) (((v) >> 10) & 0xf)
#define PORTSC_CSC      (1u << 17)
#define PORTSC_PEC      (1u << 18)
#define PORTSC_WRC      (1u << 19)
#define PORTSC_OCC      (1u << 20)
#define PORTSC_PRC      (1u << 21)
#define PORTSC_PLC      (1u << 22)
#define PORTSC_CEC      (1u << 23)
#define PORTSC_WPR      (1u << 31)
#define PORTSC_CHANGES                                                         \
	(PORTSC_CSC | PORTSC_PEC | PORTSC_WRC | PORTSC_OCC | PORTSC_PRC |      \
	 PORTSC_PLC | PORTSC_CEC)
#define PORTSC_RO_RWS                                                          \
	(PORTSC_CCS | PORTSC_OCA | 0x3c00u /* speed */ | (1u << 30) |          \
	 0x1e0u /* PLS */ | PORTSC_PP | 0xc000u /* PIC */ | 0x0e000000u)
#define PORTSC_KEEP(v) ((v)&PORTSC_RO_RWS)

/* Protocol Speed IDs when a protocol capability defines none (7.2.2.1.1) */
#define XHCI_SPEED_FULL  1
#define XHCI_SPEED_LOW   2
#define XHCI_SPEED_HIGH  3
#define XHCI_SPEED_SUPER 4
#define XHCI_SPEED_SSP   5

/* --- runtime registers: interrupter n at 0x20 + 32 n (5.5.2) --- */
#define XHCI_IR(n)     (0x20 + 0x20 * (n))
#define XHCI_IR_IMAN   0x00 /* bit 0 IP (RW1C), bit 1 IE */
#define XHCI_IR_IMOD   0x04 /* 15:0 interval in 250 ns units */
#define XHCI_IR_ERSTSZ 0x08
#define XHCI_IR_ERSTBA 0x10 /* 64-bit */
#define XHCI_IR_ERDP   0x18 /* 64-bit: 2:0 DESI, bit 3 EHB (RW1C) */
#define IMAN_IP        (1u << 0)
#define IMAN_IE        (1u << 1)
#define ERDP_EHB       (1u << 3)

/* --- extended capabilities (7) --- */
#define XECP_ID(v)    ((v)&0xff)
#define XECP_NEXT(v)  (((v) >> 8) & 0xff) /* dwords; 0 ends the list */
#define XECP_LEGACY   1
#define XECP_PROTOCOL 2

/* USB Legacy Support (7.1): USBLEGSUP at +0, USBLEGCTLSTS at +4 */
#define LEGSUP_BIOS_OWNED (1u << 16)
#define LEGSUP_OS_OWNED   (1u << 24)
/* USBLEGCTLSTS: SMI enables (bits 0, 4, 13, 14, 15) and the RW1C SMI
 * events they report (bits 29, 30, 31). */
#define LEGCTL_SMI_ENABLES 0x0000e011u
#define LEGCTL_SMI_EVENTS  0xe0000000u

/* Supported Protocol (7.2): dword 0 bits 31:24 major revision, dword 2
 * 7:0 compatible port offset, 15:8 count; dword 3 4:0 slot type. */

/*
 * TRB (6.4): 16 bytes, the same frame for every ring.
 *
 *   +--------------------------------------------+
 *   | parameter (64): buffer / context / setup   |  +0
 *   +----------------------+---------------------+
 *   | status (32)          | control (32)        |  +8, +12
 *   +----------------------+---------------------+
 *   control: bit 0 cycle, 1 ENT/TC, 2 ISP, 4 CH, 5 IOC, 6 IDT,
 *            15:10 type, 16 DIR (data/status), 17:16 TRT (setup),
 *            20:16 endpoint id, 31:24 slot id
 *   event status: 23:0 residual length / parameter, 31:24 completion code
 */
struct xhci_trb {
	uint64_t param;
	uint32_t status;
	uint32_t control;
};
_Static_assert(sizeof(struct xhci_trb) == 16, "TRB is 16 bytes");

#define TRB_CYCLE       (1u << 0)
#define TRB_TC          (1u << 1) /* link: toggle cycle */
#define TRB_ISP         (1u << 2)
#define TRB_CH          (1u << 4)
#define TRB_IOC         (1u << 5)
#define TRB_IDT         (1u << 6)
#define TRB_BSR         (1u << 9) /* address device: block SET_ADDRESS */
#define TRB_DIR_IN      (1u << 16)
#define TRB_TRT(t)      ((uint32_t)(t) << 16) /* setup: 0 none 2 out 3 in */
#define TRB_TYPE(t)     ((uint32_t)(t) << 10)
#define TRB_GET_TYPE(c) (((c) >> 10) & 0x3f)
#define TRB_EP(e)       ((uint32_t)(e) << 16)
#define TRB_GET_EP(c)   (((c) >> 16) & 0x1f)
#define TRB_SLOT(s)     ((uint32_t)(s) << 24)
#define TRB_GET_SLOT(c) ((c) >> 24)
#define TRB_CODE(s)     ((s) >> 24)
#define TRB_RESIDUAL(s) ((s)&0xffffff)

enum xhci_trb_type {
	TRB_NORMAL = 1,
	TRB_SETUP = 2,
	TRB_DATA = 3,
	TRB_STATUS = 4,
	TRB_LINK = 6,
	TRB_ENABLE_SLOT = 9,
	TRB_DISABLE_SLOT = 10,
	TRB_ADDRESS_DEVICE = 11,
	TRB_CONFIGURE_EP = 12,
	TRB_EVALUATE_CTX = 13,
	TRB_RESET_EP = 14,
	TRB_STOP_EP = 15,
	TRB_SET_TR_DEQ = 16,
	TRB_NOOP_CMD = 23,
	TRB_EV_TRANSFER = 32,
	TRB_EV_COMMAND = 33,
	TRB_EV_PORT = 34,
	TRB_EV_HOST = 37,
};

/* Completion codes (6.4.5) that the driver tells apart. */
enum xhci_cc {
	CC_SUCCESS = 1,
	CC_DATA_BUFFER = 2,
	CC_BABBLE = 3,
	CC_TRANSACTION = 4,
	CC_TRB = 5,
	CC_STALL = 6,
	CC_SHORT_PACKET = 13,
	CC_CONTEXT_STATE = 19,
	CC_CMD_RING_STOPPED = 24,
	CC_CMD_ABORTED = 25,
	CC_STOPPED = 26,
	CC_STOPPED_LEN = 27,
};

/* Event Ring Segment Table entry (6.5). */
struct xhci_erst_entry {
	uint64_t base; /* 64-byte aligned */
	uint32_t size; /* TRBs, 16..4096 */
	uint32_t rsvd;
};

/*
 * Contexts (6.2): 32 bytes each, or 64 with HCCPARAMS1.CSZ (the extra 32
 * are reserved). Device context = slot context + 31 endpoint contexts,
 * indexed by DCI (1 = EP0, 2n / 2n+1 = endpoint n OUT / IN). The input
 * context has the input control context in front of them.
 *
 *  slot ctx  dw0  19:0 route string, 23:20 speed, 25 MTT, 26 hub,
 *                 31:27 context entries
 *            dw1  23:16 root hub port number, 31:24 number of ports
 *            dw2  7:0 TT hub slot, 15:8 TT port, 17:16 TT think time
 *            dw3  7:0 device address, 31:27 slot state
 *  ep ctx    dw0  2:0 state, 23:16 interval, 31:24 max ESIT payload hi
 *            dw1  2:1 CErr, 5:3 type, 15:8 max burst, 31:16 max packet
 *            dw2-3  TR dequeue pointer | DCS (bit 0)
 *            dw4  15:0 average TRB length, 31:16 max ESIT payload lo
 *  input control ctx  dw0 drop flags, dw1 add flags (bit n = context n)
 */
#define SLOT_SPEED(s)    ((uint32_t)(s) << 20)
#define SLOT_MTT         (1u << 25)
#define SLOT_HUB         (1u << 26)
#define SLOT_ENTRIES(n)  ((uint32_t)(n) << 27)
#define SLOT_PORT(p)     ((uint32_t)(p) << 16)
#define SLOT_NPORTS(n)   ((uint32_t)(n) << 24)
#define SLOT_TT_SLOT(s)  ((uint32_t)(s))
#define SLOT_TT_PORT(p)  ((uint32_t)(p) << 8)
#define SLOT_TTT(t)      ((uint32_t)(t) << 16)
#define EP_INTERVAL(i)   ((uint32_t)(i) << 16)
#define EP_ESIT_HI(p)    ((uint32_t)((p) >> 16) << 24)
#define EP_CERR(n)       ((uint32_t)(n) << 1)
#define EP_TYPE(t)       ((uint32_t)(t) << 3)
#define EP_BURST(b)      ((uint32_t)(b) << 8)
#define EP_MPS(m)        ((uint32_t)(m) << 16)
#define EP_AVG_TRB(n)    ((uint32_t)(n))
#define EP_ESIT_LO(p)    ((uint32_t)((p)&0xffff) << 16)
#define EP_TYPE_CONTROL  4
#define EP_TYPE_INT_IN   7
#define EP_STATE(dw0)    ((dw0)&7)
#define EP_STATE_HALTED  2
#define EP_STATE_STOPPED 3
#endif
