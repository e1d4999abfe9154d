/* SPDX-License-Identifier: MIT */
/*
 * A model of the 82540EM's transmit side as the 8254x SDM describes it,
 * for test_ke1000_tx.c: on each TDT write it walks TDH..TDT and
 *
 *   legacy descriptor (3.3.3)    appends the buffer; EOP sends the frame
 *   context descriptor (3.3.5)   replaces the one context (counted)
 *   data descriptor (3.3.7)      appends the buffer, POPTS and TSE from a
 *                                frame's first; EOP sends the frame:
 *                                TXSM/IXSM insert the checksums; with TSE
 *                                it is cut into MSS pieces (3.5.9: IP
 *                                total length, identification + i,
 *                                sequence + i * MSS, FIN and PSH only on
 *                                the last, TCP length added to the
 *                                pseudo-header sum the field holds)
 *
 * and writes DD back where RS asks for it. With `qemu` it also does what
 * QEMU 7.2's e1000 does (seen in a pcap of its output) when a TSO
 * payload is a whole number of MSS pieces: one more, header-only piece. Every
 * frame it sends is kept (frames[], nframes). With `paused` it only records the
 * TDT value.
 */
#ifndef TESTS_HOST_KERNEL_E1000_TXMODEL_H
#define TESTS_HOST_KERNEL_E1000_TXMODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drivers/net/e1000_tx.h"

#define TXM_RING      64
#define TXM_BUF_PHYS  0x40000000ull /* device address of buf[0] */
#define TXM_FRAMES    128
#define TXM_FRAME_MAX 1514

struct txm_frame {
	uint8_t b[TXM_FRAME_MAX];
	size_t len;
};

struct txmodel {
	struct e1000_tx_desc d[TXM_RING];
	uint8_t buf[TXM_RING * E1000_TX_BUF];
	uint32_t tdt;       /* the doorbell register */
	unsigned tdh;       /* the next descriptor the device reads */
	unsigned ctx_reads; /* context descriptors read */
	bool paused;
	bool qemu;                    /* QEMU 7.2's extra TSO piece */
	struct e1000_tx_ctx_desc ctx; /* the device's one context */
	uint8_t pkt[70000];           /* the frame being gathered */
	size_t pkt_len;
	uint8_t popts;
	bool tse;
	struct txm_frame frames[TXM_FRAMES];
	unsigned nframes;
};

/* The TDT register was written (m->tdt): unless paused, the device sends
 * everything up to it. */
void txm_run(struct txmodel *m);

/* The ones' complement sum of b[0..n) added to sum (not folded). */
uint32_t txm_sum(uint32_t sum, const uint8_t *b, size_t n);
/* Fold and complement. */
uint16_t txm_fold(uint32_t sum);
#endif
