/* SPDX-License-Identifier: MIT */
/* Software segmentation (net/gso.c, the NETDEV_F_TSO4 contract of
 * netdev.h): super-segments with payloads around multiples of the MSS
 * are cut into pieces whose IPv4 headers (length, identification,
 * checksum) and TCP headers (sequence number, FIN/PSH on the last piece
 * only, CWR on the first only, checksum, completed here or left to the
 * device) are each right, and whose payloads put back together give the
 * original. Malformed descriptions give no piece. */
#include "../../test.h"
#include "../netsim.h"
#include "net_priv.h"

#define MSS   1448
#define OPTS  12 /* timestamps */
#define HDR   (14 + 20 + 20 + OPTS)
#define SRC   IP4(10, 0, 0, 2)
#define DST   IP4(10, 0, 0, 9)
#define SEQ0  0xfffff000u /* wraps inside the bigger super-segments */
#define ID0   0xfffe      /* wraps too */
#define FLAGS (0x80 | 0x10 | 0x08 | 0x01) /* CWR ACK PSH FIN */

static uint8_t super[65536 + 128], piece[ETH_FRAME_MAX], back[65536];

/* A super-segment as tcp_xmit leaves it: headers, payload pattern, the
 * checksum field holding the pseudo-header sum over the whole length. */
static size_t build_super(size_t plen, struct netdev_tx *tx)
{
	uint8_t *ip = super + 14, *tcp = ip + 20;
	size_t tcplen = 20 + OPTS + plen;
	memset(super, 0, HDR);
	put16(super + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + tcplen));
	put16(ip + 4, ID0);
	ip[6] = 0x40; /* DF */
	ip[8] = 64;
	ip[9] = 6;
	put32(ip + 12, SRC);
	put32(ip + 16, DST);
	put16(ip + 10, inet_checksum(ip, 20));
	put16(tcp, 1234);
	put16(tcp + 2, 80);
	put32(tcp + 4, SEQ0);
	tcp[12] = (20 + OPTS) / 4 << 4;
	tcp[13] = FLAGS;
	for (size_t i = 0; i < plen; i++)
		super[HDR + i] = (uint8_t)(i * 7 + (i >> 8));
	uint32_t sum = inet_pseudo_sum(SRC, DST, 6, (uint16_t)tcplen);
	put16(tcp + 16, (uint16_t)~inet_sum_fold(sum));
	*tx = (struct netdev_tx){.csum_start = 34,
	                         .csum_offset = 16,
	                         .gso_size = MSS,
	                         .hdr_len = HDR};
	return HDR + plen;
}

/* Check piece i (n bytes in piece[], tx as returned) of a super-segment
 * of plen payload bytes cut into count pieces. */
static void check_piece(size_t n, const struct netdev_tx *tx, unsigned i,
                        unsigned count, size_t plen, bool partial)
{
	const uint8_t *ip = piece + 14, *tcp = ip + 20;
	size_t want = i + 1 < count ? MSS : plen - (size_t)i * MSS;
	CHECK_EQ(n, HDR + want);
	CHECK_EQ(get16(ip + 2), n - 14);
	CHECK_EQ(get16(ip + 4), (uint16_t)(ID0 + i));
	CHECK_EQ(inet_checksum(ip, 20), 0);
	CHECK_EQ(get32(tcp + 4), SEQ0 + i * MSS);
	uint8_t f = tcp[13];
	CHECK_EQ(!!(f & 0x01), i + 1 == count); /* FIN */
	CHECK_EQ(!!(f & 0x08), i + 1 == count); /* PSH */
	CHECK_EQ(!!(f & 0x80), i == 0);         /* CWR */
	CHECK(f & 0x10);                        /* ACK on all */
	CHECK_EQ(tx->csum_start, partial ? 34 : 0);
	CHECK_EQ(tx->gso_size, 0);
	if (partial)
		net_csum_complete(piece, n, tx);
	uint32_t sum = inet_pseudo_sum(SRC, DST, 6, (uint16_t)(n - 34));
	CHECK_EQ(inet_sum_fold(inet_sum_add(sum, tcp, n - 34)), 0);
	memcpy(back + (size_t)i * MSS, piece + HDR, want);
}

static void check_size(size_t plen, bool partial)
{
	struct netdev_tx tx, ptx;
	size_t len = build_super(plen, &tx), n;
	unsigned count = (unsigned)((plen + MSS - 1) / MSS), i = 0;
	memset(back, 0, sizeof(back));
	while ((n = net_gso_piece(super, len, &tx, i, partial, piece,
	                          sizeof(piece), &ptx))) {
		check_piece(n, &ptx, i, count, plen, partial);
		i++;
	}
	CHECK_EQ(i, count);
	CHECK(memcmp(back, super + HDR, plen) == 0);
}

static void test_sizes(void)
{
	static const size_t k[] = {1, 2, 3, 44};
	for (unsigned p = 0; p < 2; p++) {
		check_size(1, p);
		check_size(65455 - 20 - OPTS, p); /* the largest */
		for (unsigned j = 0; j < sizeof(k) / sizeof(k[0]); j++)
			for (int d = -1; d <= 1; d++)
				check_size(k[j] * MSS + (size_t)d, p);
	}
}

static void test_malformed(void)
{
	struct netdev_tx tx, ptx;
	size_t len = build_super(3 * MSS, &tx);
	struct netdev_tx bad = tx;
	bad.gso_size = 0;
	CHECK_EQ(net_gso_piece(super, len, &bad, 0, true, piece, sizeof(piece),
	                       &ptx),
	         0);
	bad = tx;
	bad.hdr_len = (uint16_t)len;
	CHECK_EQ(net_gso_piece(super, len, &bad, 0, true, piece, sizeof(piece),
	                       &ptx),
	         0);
	bad = tx;
	bad.hdr_len = 40; /* shorter than Ethernet + IP + TCP */
	CHECK_EQ(net_gso_piece(super, len, &bad, 0, true, piece, sizeof(piece),
	                       &ptx),
	         0);
	CHECK_EQ(
	    net_gso_piece(super, len, &tx, 0, true, piece, HDR + MSS - 1, &ptx),
	    0);
	super[14] = 0x44; /* IHL 16 bytes */
	CHECK_EQ(
	    net_gso_piece(super, len, &tx, 0, true, piece, sizeof(piece), &ptx),
	    0);
}

int main(void)
{
	test_sizes();
	test_malformed();
	return test_finish();
}
