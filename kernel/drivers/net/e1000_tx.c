/* SPDX-License-Identifier: MIT */
/* The shared legacy transmit ring (e1000_tx.h). */
#include <libk/string.h>
#include "drivers/dma.h"
#include "drivers/net/e1000_tx.h"
#include "net/netif.h"

#define ETH_HLEN    14
#define IP4_MIN_HDR 20
#define TCP_MIN_HDR 20

void e1000_txring_init(struct e1000_txring *r, void *descs, unsigned n,
                       uint8_t *buf, uint64_t buf_phys)
{
	*r = (struct e1000_txring){
	    .d = descs, .buf = buf, .buf_phys = buf_phys, .n = n};
	for (unsigned i = 0; i < n; i++) {
		r->d[i].addr = buf_phys + (uint64_t)i * E1000_TX_BUF;
		r->d[i].status = E1000_TXD_DD;
	}
}

void e1000_txring_reclaim(struct e1000_txring *r)
{
	while (r->clean != r->tail && (r->d[r->clean].status & E1000_TXD_DD))
		r->clean = (r->clean + 1) % r->n;
}

/* Slots free to fill (one always stays empty: tail + 1 == clean). */
static unsigned tx_room(const struct e1000_txring *r)
{
	return (r->clean + r->n - r->tail - 1) % r->n;
}

/* Make room for `need` slots: true if they are free (after reclaiming). */
static bool tx_reserve(struct e1000_txring *r, unsigned need)
{
	if (tx_room(r) < need)
		e1000_txring_reclaim(r);
	return tx_room(r) >= need;
}

/* The descriptors are in memory before the device sees the new tail; WB
 * stores then the UC doorbell store stay in order on x86 (SDM 3A 8.2.2),
 * so only the compiler needs holding back. One doorbell per frame. */
static void tx_doorbell(struct e1000_txring *r, volatile uint32_t *tdt)
{
	dma_wmb();
	*tdt = r->tail;
}

int e1000_txring_send(struct e1000_txring *r, struct netdev *dev,
                      volatile uint32_t *tdt, const void *frame, size_t len)
{
	unsigned t = r->tail;

	if (len < ETH_HLEN || len > ETH_FRAME_MAX) {
		dev->stats.tx_errors++;
		return NETDEV_TX_ERROR;
	}
	if (!tx_reserve(r, 1)) {
		dev->stats.tx_dropped++;
		return NETDEV_TX_BUSY;
	}
	LIBK_FN(memcpy)(r->buf + (size_t)t * E1000_TX_BUF, frame, len);
	r->d[t] = (struct e1000_tx_desc){
	    .addr = r->buf_phys + (uint64_t)t * E1000_TX_BUF,
	    .length = (uint16_t)len,
	    .cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS};
	r->tail = (t + 1) % r->n;
	tx_doorbell(r, tdt);
	return netdev_tx_done(dev, len);
}

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The IPv4 part of a context (3.3.5): the header at ETH_HLEN, its
 * checksum field, its last byte. Returns the header length, or 0 if the
 * frame holds no IPv4 header. */
static unsigned ctx_ip(const uint8_t *f, size_t len,
                       struct e1000_tx_ctx_desc *c)
{
	unsigned ihl;

	if (len < ETH_HLEN + IP4_MIN_HDR || be16_at(f + 12) != 0x0800 ||
	    f[ETH_HLEN] >> 4 != 4)
		return 0;
	ihl = (f[ETH_HLEN] & 15u) * 4;
	if (ihl < IP4_MIN_HDR || ETH_HLEN + ihl > len)
		return 0;
	c->ipcss = ETH_HLEN;
	c->ipcso = ETH_HLEN + 10;
	c->ipcse = (uint16_t)(ETH_HLEN + ihl - 1);
	c->cmd_paylen = (uint32_t)E1000_TUCMD_IP << 24;
	if (f[ETH_HLEN + 9] == 6)
		c->cmd_paylen |= (uint32_t)E1000_TUCMD_TCP << 24;
	return ihl;
}

/* The context for checksum offload: TCP/UDP sum from csum_start to the
 * end (TUCSE 0), stored at csum_start + csum_offset. -1 if TUCSS/TUCSO
 * (8 bits) cannot say it or the field lies outside the frame. */
static int ctx_csum(const uint8_t *f, size_t len, const struct netdev_tx *tx,
                    struct e1000_tx_ctx_desc *c)
{
	unsigned so = tx->csum_start + tx->csum_offset;

	*c = (struct e1000_tx_ctx_desc){0};
	if (so > 255 || so + 2 > len)
		return -1;
	(void)ctx_ip(f, len, c);
	c->tucss = (uint8_t)tx->csum_start;
	c->tucso = (uint8_t)so;
	c->cmd_paylen |= (uint32_t)(E1000_TUCMD_DEXT | E1000_TUCMD_RS) << 24;
	return 0;
}

/* The context for a TCP/IPv4 super-segment (3.3.6): TSE, the payload
 * after hdr_len cut into gso_size pieces. -1 unless the frame is one
 * (the TCP header right after the IPv4 header, csum_start there,
 * hdr_len its end, pieces within the MTU). */
static int ctx_tso(const uint8_t *f, size_t len, const struct netdev_tx *tx,
                   struct e1000_tx_ctx_desc *c)
{
	unsigned ihl, l4;

	*c = (struct e1000_tx_ctx_desc){0};
	ihl = ctx_ip(f, len, c);
	l4 = ETH_HLEN + ihl;
	if (!ihl || f[ETH_HLEN + 9] != 6 || tx->csum_start != l4 ||
	    tx->csum_offset != 16 || l4 + TCP_MIN_HDR > len ||
	    tx->hdr_len != l4 + (f[l4 + 12] >> 4) * 4u || tx->hdr_len > 255 ||
	    tx->hdr_len >= len || len > NETDEV_TSO_FRAME_MAX || !tx->gso_size ||
	    tx->hdr_len + tx->gso_size > ETH_FRAME_MAX)
		return -1;
	c->tucss = (uint8_t)l4;
	c->tucso = (uint8_t)(l4 + 16);
	c->cmd_paylen |=
	    (uint32_t)(len - tx->hdr_len) |
	    (uint32_t)(E1000_TUCMD_DEXT | E1000_TUCMD_RS | E1000_TUCMD_TSE)
	        << 24;
	c->hdrlen = (uint8_t)tx->hdr_len;
	c->mss = tx->gso_size;
	return 0;
}

/* Write the context at tail unless the device holds this one already
 * (TSO contexts, with their PAYLEN, are written every time; the device
 * has one context, 3.3.5, so they also replace the cached one). */
static void tx_put_ctx(struct e1000_txring *r,
                       const struct e1000_tx_ctx_desc *c)
{
	if (r->ctx_valid && !LIBK_FN(memcmp)(&r->ctx, c, sizeof(*c)))
		return;
	*(volatile struct e1000_tx_ctx_desc *)&r->d[r->tail] = *c;
	r->tail = (r->tail + 1) % r->n;
	r->ctx = *c;
	r->ctx_valid = !(c->cmd_paylen & (uint32_t)E1000_TUCMD_TSE << 24);
	r->ctx_writes++;
}

/* Write a data descriptor (3.3.7) at tail for the len bytes already in
 * its slot's buffer: dcmd, EOP if eop, popts (which count in a frame's
 * first only). The slot's address is written again: a context
 * descriptor may have covered it. */
static void tx_put_desc(struct e1000_txring *r, size_t len, uint32_t dcmd,
                        uint8_t popts, bool eop)
{
	unsigned t = r->tail;
	uint32_t cmd = dcmd | E1000_TXD_CMD_DEXT | E1000_TXD_CMD_IFCS |
	               E1000_TXD_CMD_RS | (eop ? E1000_TXD_CMD_EOP : 0);

	*(volatile struct e1000_tx_data_desc *)&r->d[t] =
	    (struct e1000_tx_data_desc){
	        .addr = r->buf_phys + (uint64_t)t * E1000_TX_BUF,
	        .cmd_len = (uint32_t)len | E1000_TXD_DTYP_DATA | cmd << 24,
	        .popts = popts};
	r->tail = (t + 1) % r->n;
}

/* Copy the frame into data descriptors from tail on, E1000_TX_BUF per
 * slot, the last with EOP; dcmd goes into each, popts into the first.
 * Room was reserved. Returns the first slot's buffer. */
static uint8_t *tx_put_data(struct e1000_txring *r, const uint8_t *f,
                            size_t len, uint32_t dcmd, uint8_t popts)
{
	uint8_t *first = r->buf + (size_t)r->tail * E1000_TX_BUF;

	for (size_t off = 0; off < len; off += E1000_TX_BUF) {
		size_t piece =
		    len - off < E1000_TX_BUF ? len - off : E1000_TX_BUF;

		LIBK_FN(memcpy)
		(r->buf + (size_t)r->tail * E1000_TX_BUF, f + off, piece);
		tx_put_desc(r, piece, dcmd, off ? 0 : popts,
		            off + piece == len);
	}
	return first;
}

/* Put the TCP/IPv4 header at h into the state the device finishes from
 * (3.5): the IPv4 checksum field zero (IXSM sums the header as it is),
 * the TCP checksum field the pseudo-header sum with TCP length tcplen,
 * folded, not complemented. TSO wants tcplen 0: the device adds each
 * piece's length. The stack's field had the super-segment's length. */
static void tcp_prime(uint8_t *h, unsigned l4, unsigned tcplen)
{
	uint32_t sum = 6 + tcplen; /* zero byte, protocol TCP, length */

	h[ETH_HLEN + 10] = h[ETH_HLEN + 11] = 0;
	for (unsigned i = ETH_HLEN + 12; i < ETH_HLEN + 20; i += 2)
		sum += be16_at(h + i);
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	h[l4 + 16] = (uint8_t)(sum >> 8);
	h[l4 + 17] = (uint8_t)sum;
}

static void put_be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Piece i of the super-segment f, cut here into one data descriptor
 * (the checksum context is in place): the fields as netdev.h lists
 * them, the checksums left to IXSM and TXSM. */
static void tso_put_piece(struct e1000_txring *r, const uint8_t *f, size_t len,
                          const struct netdev_tx *tx, unsigned i)
{
	unsigned hl = tx->hdr_len, mss = tx->gso_size, l4 = tx->csum_start;
	size_t off = (size_t)i * mss, piece = len - hl - off;
	uint8_t *b = r->buf + (size_t)r->tail * E1000_TX_BUF, *t = b + l4;
	uint32_t seq;

	if (piece > mss)
		piece = mss;
	LIBK_FN(memcpy)(b, f, hl);
	LIBK_FN(memcpy)(b + hl, f + hl + off, piece);
	put_be16(b + ETH_HLEN + 2, (unsigned)(hl - ETH_HLEN + piece));
	put_be16(b + ETH_HLEN + 4, (be16_at(b + ETH_HLEN + 4) + i) & 0xffffu);
	seq = ((uint32_t)be16_at(t + 4) << 16 | be16_at(t + 6)) + (uint32_t)off;
	put_be16(t + 4, seq >> 16);
	put_be16(t + 6, seq & 0xffffu);
	if (hl + off + piece < len)
		t[13] &= (uint8_t)~0x09u; /* FIN, PSH: the last piece only */
	if (i)
		t[13] &= (uint8_t)~0x80u; /* CWR: the first only */
	tcp_prime(b, l4, (unsigned)(hl - l4 + piece));
	tx_put_desc(r, hl + piece, 0,
	            E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM, true);
}

/* A super-segment (ctx_tso accepted it as c): one TSO run (context, then
 * the frame in E1000_TX_BUF pieces). Except on a device with
 * tso_whole_quirk when the payload is a whole number of pieces: QEMU
 * 7.2's e1000 (seen in a pcap of its output) then sends one more,
 * header-only piece (EOP finds the piece buffer holding the header and
 * sends it). Those are cut here, one descriptor per piece after one
 * checksum context: as many bytes copied, a few more descriptors. So
 * are super-segments with CWR, which the device would leave on every
 * piece (netdev.h: the first only). */
static int tx_tso(struct e1000_txring *r, struct netdev *dev, const uint8_t *f,
                  size_t len, const struct netdev_tx *tx,
                  struct e1000_tx_ctx_desc *c)
{
	unsigned mss = tx->gso_size;
	size_t pay = len - tx->hdr_len, pieces = (pay + mss - 1) / mss;
	/* 3.5.9 clears FIN and PSH in all but the last piece, not CWR */
	bool cwr = f[tx->csum_start + 13] & 0x80u;
	bool cut = (r->tso_whole_quirk && pay % mss == 0) || cwr;
	size_t need =
	    1 + (cut ? pieces : (len + E1000_TX_BUF - 1) / E1000_TX_BUF);

	if (!tx_reserve(r, (unsigned)need)) {
		dev->stats.tx_dropped++;
		return NETDEV_TX_BUSY;
	}
	if (cut) {
		struct e1000_tx_ctx_desc cc;

		(void)ctx_csum(f, len, tx, &cc); /* ctx_tso accepted it */
		tx_put_ctx(r, &cc);
		for (unsigned i = 0; i < pieces; i++)
			tso_put_piece(r, f, len, tx, i);
	} else {
		tx_put_ctx(r, c);
		tcp_prime(
		    tx_put_data(r, f, len, E1000_TXD_CMD_TSE,
		                E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM),
		    tx->csum_start, 0);
	}
	r->tso++;
	return NETDEV_TX_OK;
}

/* The frame's context; -1 if it cannot be offloaded as asked. */
static int tx_plan(struct netdev *dev, const uint8_t *f, size_t len,
                   const struct netdev_tx *tx, struct e1000_tx_ctx_desc *c)
{
	if (len < ETH_HLEN)
		return -1;
	if (tx->gso_size)
		return (dev->features & NETDEV_F_TSO4) ? ctx_tso(f, len, tx, c)
		                                       : -1;
	if (!(dev->features & NETDEV_F_TX_CSUM) || len > ETH_FRAME_MAX)
		return -1;
	return ctx_csum(f, len, tx, c);
}

int e1000_txring_xmit(struct e1000_txring *r, struct netdev *dev,
                      volatile uint32_t *tdt, const void *frame, size_t len,
                      const struct netdev_tx *tx)
{
	struct e1000_tx_ctx_desc c;

	if (!tx->csum_start && !tx->gso_size)
		return e1000_txring_send(r, dev, tdt, frame, len);
	if (tx_plan(dev, frame, len, tx, &c)) {
		dev->stats.tx_errors++;
		return NETDEV_TX_ERROR;
	}
	if (tx->gso_size) {
		if (tx_tso(r, dev, frame, len, tx, &c))
			return NETDEV_TX_BUSY;
	} else if (tx_reserve(r, 2)) {
		tx_put_ctx(r, &c);
		(void)tx_put_data(r, frame, len, 0, E1000_TXD_POPTS_TXSM);
	} else {
		dev->stats.tx_dropped++;
		return NETDEV_TX_BUSY;
	}
	r->offloaded++;
	tx_doorbell(r, tdt);
	return netdev_tx_done(dev, len);
}
