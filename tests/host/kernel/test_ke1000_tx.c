/* SPDX-License-Identifier: MIT */
/*
 * The e1000 transmit ring's offloads (kernel/drivers/net/e1000_tx.c)
 * against a model of the 82540EM as the 8254x SDM describes it
 * (e1000_txmodel.h): every frame on the wire is compared byte for byte
 * with one built here from scratch (checksums computed in full, TSO
 * pieces cut as netdev.h asks), the context descriptor is written only
 * when it changes, a super-segment that does not fit leaves the ring
 * untouched, and layouts the device cannot express are refused.
 */
#include <stdlib.h>
#include <string.h>
#include "drivers/net/e1000_tx.h"
#include "e1000_txmodel.h"
#include "test.h"

/* A struct netdev_tx without pieces: csum_start, csum_offset, gso_size,
 * hdr_len. */
#define TX(cs, co, gs, hl)                                                     \
	{                                                                      \
		.csum_start = (cs), .csum_offset = (co), .gso_size = (gs),     \
		.hdr_len = (hl)                                                \
	}

#define TDT_UNTOUCHED 0xdeadu

static struct txmodel *M;
static struct e1000_txring R;
static struct netdev D;
static uint8_t F[NETDEV_TSO_FRAME_MAX]; /* the frame handed to xmit */

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void setup(uint32_t features)
{
	memset(M, 0, sizeof(*M));
	memset(&D, 0, sizeof(D));
	D.features = features;
	e1000_txring_init(&R, M->d, TXM_RING, M->buf, TXM_BUF_PHYS);
}

/* Transmit F[0..len) and let the device run if the doorbell rang. */
static int xmit(size_t len, const struct netdev_tx *tx)
{
	int rc;

	M->tdt = TDT_UNTOUCHED;
	rc = e1000_txring_xmit(&R, &D, &M->tdt, F, len, tx);
	if (rc == NETDEV_TX_OK) {
		CHECK_EQ(M->tdt, R.tail);
		txm_run(M);
	} else {
		CHECK_EQ(M->tdt, TDT_UNTOUCHED);
		M->tdt = R.tail;
	}
	return rc;
}

/* An Ethernet + IPv4 header for proto and an L4 length; returns 34. */
static unsigned build_ip(uint8_t *f, unsigned proto, size_t l4len)
{
	static const uint8_t eth[14] = {2, 0, 0, 0, 0, 1,    2,
	                                0, 0, 0, 0, 2, 0x08, 0x00};
	static const uint8_t ip[20] = {0x45, 0,  0,  0, 0x12, 0x34, 0x40,
	                               0,    64, 0,  0, 0,    10,   0,
	                               2,    15, 10, 0, 2,    2};

	memcpy(f, eth, 14);
	memcpy(f + 14, ip, 20);
	f[14 + 9] = (uint8_t)proto;
	put16(f + 16, (unsigned)(20 + l4len));
	put16(f + 24, txm_fold(txm_sum(0, f + 14, 20)));
	return 34;
}

/* The pseudo-header sum (RFC 793) for an L4 length, folded, not
 * complemented: what the stack leaves in the checksum field. */
static unsigned pseudo(const uint8_t *f, unsigned proto, size_t l4len)
{
	uint32_t s = txm_sum(proto + (uint32_t)l4len, f + 26, 8);

	return (uint16_t)~txm_fold(s);
}

static void fill_payload(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)test_rand();
}

/* A TCP/IPv4 frame: doff 32-bit words of TCP header (NOP options),
 * payload n bytes, the TCP checksum field partial. Returns its length. */
static size_t build_tcp(size_t n, unsigned doff, unsigned flags)
{
	unsigned l4 = build_ip(F, 6, doff * 4 + n);
	uint8_t *t = F + l4;

	memset(t, 1, doff * 4); /* NOP options */
	put16(t, 40000);
	put16(t + 2, 80);
	put16(t + 4, 0xfffe); /* the sequence number wraps in TSO */
	put16(t + 6, 0xf000);
	put16(t + 8, 0x1111);
	put16(t + 10, 0x2222);
	t[12] = (uint8_t)(doff << 4);
	t[13] = (uint8_t)flags;
	put16(t + 14, 65535);
	put16(t + 16, pseudo(F, 6, doff * 4 + n));
	put16(t + 18, 0);
	fill_payload(t + doff * 4, n);
	return l4 + doff * 4 + n;
}

static size_t build_udp(size_t n)
{
	unsigned l4 = build_ip(F, 17, 8 + n);

	put16(F + l4, 5353);
	put16(F + l4 + 2, 53);
	put16(F + l4 + 4, (unsigned)(8 + n));
	put16(F + l4 + 6, pseudo(F, 17, 8 + n));
	fill_payload(F + l4 + 8, n);
	return l4 + 8 + n;
}

/* f with the L4 checksum at f[l4 + off] completed from scratch. */
static void complete(uint8_t *f, size_t len, unsigned proto, unsigned off)
{
	size_t l4len = len - 34;

	put16(f + 34 + off, 0);
	put16(f + 34 + off,
	      txm_fold(txm_sum(proto + (uint32_t)l4len, f + 26, 8) +
	               txm_sum(0, f + 34, l4len)));
}

/* The last frame on the wire is F finished as a csum device must. */
static void check_sent_csum(size_t len, unsigned proto, unsigned off)
{
	static uint8_t want[TXM_FRAME_MAX];
	const struct txm_frame *got = &M->frames[M->nframes - 1];

	memcpy(want, F, len);
	complete(want, len, proto, off);
	CHECK_EQ(got->len, len);
	CHECK_MEMEQ(got->b, want, len);
}

/* TCP and UDP checksums; the context descriptor written only when it
 * changes; complete frames go as legacy descriptors. */
static void test_csum(void)
{
	struct netdev_tx tcp = TX(34, 16, 0, 0), udp = TX(34, 6, 0, 0),
	                 none = {0};
	size_t len;

	setup(NETDEV_F_TX_CSUM | NETDEV_F_TSO4);
	for (unsigned i = 0; i < 4; i++) {
		len = build_tcp(100 * i + 1, 5, 0x18);
		CHECK_EQ(xmit(len, &tcp), NETDEV_TX_OK);
		check_sent_csum(len, 6, 16);
	}
	CHECK_EQ(M->ctx_reads, 1);
	len = build_udp(333);
	CHECK_EQ(xmit(len, &udp), NETDEV_TX_OK);
	check_sent_csum(len, 17, 6);
	CHECK_EQ(M->ctx_reads, 2);
	len = build_tcp(1460, 5, 0x10);
	CHECK_EQ(xmit(len, &tcp), NETDEV_TX_OK);
	check_sent_csum(len, 6, 16);
	CHECK_EQ(M->ctx_reads, 3);
	len = build_tcp(7, 5, 0x10); /* complete already: untouched */
	complete(F, len, 6, 16);
	CHECK_EQ(xmit(len, &none), NETDEV_TX_OK);
	CHECK_MEMEQ(M->frames[M->nframes - 1].b, F, len);
	CHECK_EQ(M->ctx_reads, 3);
	CHECK_EQ(M->nframes, 7);
	CHECK_EQ(R.ctx_writes, 3);
	CHECK_EQ(R.offloaded, 6);
	CHECK_EQ(D.stats.tx_packets, 7);
}

/* Many rounds of the ring, mixing kinds: a slot that held a context
 * descriptor must get its buffer address back when it carries data. */
static void test_wraps(void)
{
	struct netdev_tx tcp = TX(34, 16, 0, 0), udp = TX(34, 6, 0, 0),
	                 none = {0};

	test_rng_seed();
	setup(NETDEV_F_TX_CSUM);
	for (unsigned i = 0; i < 1000; i++) {
		unsigned kind = (unsigned)test_rand_below(3);
		size_t n = (size_t)test_rand_below(1460) + 1, len;

		M->nframes = 0;
		if (kind == 0) {
			len = build_tcp(n, 5 + (unsigned)test_rand_below(11),
			                0x10);
			if (len > ETH_FRAME_MAX)
				len = build_tcp(n - 40, 15, 0x10);
			CHECK_EQ(xmit(len, &tcp), NETDEV_TX_OK);
			check_sent_csum(len, 6, 16);
		} else if (kind == 1) {
			len = build_udp(n);
			CHECK_EQ(xmit(len, &udp), NETDEV_TX_OK);
			check_sent_csum(len, 17, 6);
		} else {
			len = build_udp(n);
			complete(F, len, 17, 6);
			CHECK_EQ(xmit(len, &none), NETDEV_TX_OK);
			CHECK_MEMEQ(M->frames[0].b, F, len);
		}
		CHECK_EQ(M->nframes, 1);
	}
	CHECK_EQ(D.stats.tx_errors + D.stats.tx_dropped, 0);
}

/* Piece i of the super-segment in F as netdev.h describes it, built
 * from scratch into out; returns its length. */
static size_t ref_piece(size_t len, unsigned hl, unsigned mss, unsigned i,
                        uint8_t *out)
{
	size_t off = (size_t)i * mss, piece = len - hl - off;
	uint8_t *t = out + 34;
	uint32_t seq;
	bool last = piece <= mss;

	if (!last)
		piece = mss;
	memcpy(out, F, hl);
	memcpy(out + hl, F + hl + off, piece);
	put16(out + 16, (unsigned)(hl - 14 + piece));
	put16(out + 18, (0x1234u + i) & 0xffffu);
	put16(out + 24, 0);
	put16(out + 24, txm_fold(txm_sum(0, out + 14, 20)));
	seq = ((uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 | t[6] << 8 | t[7]) +
	      (uint32_t)off;
	put16(t + 4, seq >> 16);
	put16(t + 6, seq & 0xffffu);
	if (!last)
		t[13] &= (uint8_t)~0x09u;
	if (i)
		t[13] &= (uint8_t)~0x80u;
	complete(out, hl + piece, 6, 16);
	return hl + piece;
}

/* One super-segment: every piece exactly as ref_piece. */
static void tso_case_flags(size_t n, unsigned doff, unsigned mss,
                           unsigned flags)
{
	static uint8_t want[TXM_FRAME_MAX];
	size_t len = build_tcp(n, doff, flags);
	unsigned hl = 34 + doff * 4, pieces = (unsigned)((n + mss - 1) / mss);
	struct netdev_tx tx = TX(34, 16, (uint16_t)mss, (uint16_t)hl);

	M->nframes = 0;
	CHECK_EQ(xmit(len, &tx), NETDEV_TX_OK);
	CHECK_EQ(M->nframes, pieces);
	for (unsigned i = 0; i < pieces && i < M->nframes; i++) {
		size_t wl = ref_piece(len, hl, mss, i, want);

		CHECK_EQ(M->frames[i].len, wl);
		CHECK_MEMEQ(M->frames[i].b, want, wl);
	}
}

static void tso_case(size_t n, unsigned doff, unsigned mss)
{
	tso_case_flags(n, doff, mss, 0x19); /* FIN PSH ACK */
}

/* The pieces come out right on the datasheet's device and on QEMU's,
 * which sends a header-only piece more after a TSO payload that is a
 * whole number of pieces (the driver, told of the quirk, cuts those). */
static void test_tso(bool qemu)
{
	struct netdev_tx tcp = TX(34, 16, 0, 0);
	unsigned ctx;
	size_t len;

	test_rng_seed();
	setup(NETDEV_F_TX_CSUM | NETDEV_F_TSO4);
	M->qemu = qemu;
	R.tso_whole_quirk = qemu;
	tso_case(65535 - 20 - 20, 5, 1460); /* the largest */
	tso_case(1448 * 10, 8, 1448);       /* a whole number of pieces */
	tso_case(1, 5, 1460);
	tso_case(1460, 5, 1460);
	tso_case(536 * 7, 15, 536);
	tso_case(2 * 1460, 5, 1460);
	tso_case_flags(5000, 5, 1460, 0x98); /* CWR: on the first only */
	tso_case(20000, 15, 536);
	CHECK_EQ(R.tso, 8);
	/* a TSO context replaced the checksum one: written again */
	ctx = M->ctx_reads;
	len = build_tcp(10, 5, 0x18);
	CHECK_EQ(xmit(len, &tcp), NETDEV_TX_OK);
	check_sent_csum(len, 6, 16);
	CHECK_EQ(M->ctx_reads, ctx + 1);
	CHECK_EQ(D.stats.tx_errors + D.stats.tx_dropped, 0);
}

/* A super-segment needing more slots than are free fails BUSY with the
 * ring, its descriptors and the doorbell untouched; once the device has
 * caught up it goes. */
static void test_tso_busy(void)
{
	static struct e1000_tx_desc before[TXM_RING];
	struct netdev_tx none = {0}, tso = TX(34, 16, 1460, 54);
	unsigned tail;
	size_t len;

	setup(NETDEV_F_TX_CSUM | NETDEV_F_TSO4);
	M->paused = true;
	for (unsigned i = 0; i < 40; i++) {
		len = build_udp(100);
		CHECK_EQ(xmit(len, &none), NETDEV_TX_OK);
	}
	len = build_tcp(60000, 5, 0x10); /* 1 + 30 slots; 23 free */
	tail = R.tail;
	memcpy(before, M->d, sizeof(before));
	CHECK_EQ(xmit(len, &tso), NETDEV_TX_BUSY);
	CHECK_EQ(R.tail, tail);
	CHECK_MEMEQ(M->d, before, sizeof(before));
	CHECK_EQ(D.stats.tx_dropped, 1);
	M->paused = false;
	txm_run(M);
	CHECK_EQ(M->nframes, 40);
	M->nframes = 0;
	CHECK_EQ(xmit(len, &tso), NETDEV_TX_OK);
	CHECK_EQ(M->nframes, 42);
}

/* What the context descriptor cannot say is refused, the ring
 * untouched: offloads the device did not announce, a super-segment
 * that is not TCP/IPv4 or whose header length is wrong, pieces over the
 * MTU, a checksum field outside the frame. */
static void test_rejects(void)
{
	static const struct {
		uint32_t features;
		struct netdev_tx tx;
		bool udp;
	} c[] = {
	    {NETDEV_F_TX_CSUM, TX(34, 16, 1460, 54), false},
	    {0, TX(34, 16, 0, 0), false},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(34, 6, 1460, 42), true},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(34, 16, 1460, 58), false},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(34, 16, 1461, 54), false},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(30, 16, 1460, 54), false},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(0, 0, 1460, 54), false},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(2000, 16, 0, 0), false},
	    {NETDEV_F_TX_CSUM | NETDEV_F_TSO4, TX(250, 10, 0, 0), false},
	};

	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t len = c[i].udp ? build_udp(3000) : build_tcp(3000, 5, 0);

		setup(c[i].features);
		if (!c[i].tx.gso_size)
			len = c[i].udp ? build_udp(100) : build_tcp(100, 5, 0);
		CHECK_EQ(xmit(len, &c[i].tx), NETDEV_TX_ERROR);
		CHECK_EQ(R.tail, 0);
		CHECK_EQ(D.stats.tx_errors, 1);
	}
}

int main(void)
{
	M = calloc(1, sizeof(*M));
	CHECK(M != NULL);
	test_csum();
	test_wraps();
	test_tso(false);
	test_tso(true);
	test_tso_busy();
	test_rejects();
	free(M);
	return test_finish();
}
