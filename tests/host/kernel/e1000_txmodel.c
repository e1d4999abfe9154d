/* SPDX-License-Identifier: MIT */
/* The 82540EM transmit model (e1000_txmodel.h). */
#include <string.h>
#include "e1000_txmodel.h"
#include "test.h"

uint32_t txm_sum(uint32_t sum, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

uint16_t txm_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)(p[0] << 8 | p[1]);
}

/* Insert a checksum over f[css .. cse or the end] at f[cso]. */
static void insert_sum(uint8_t *f, size_t len, unsigned css, unsigned cso,
                       unsigned cse)
{
	size_t end = cse ? cse + 1u : len;

	CHECK(css < end && end <= len && cso + 2 <= len);
	put16(f + cso, txm_fold(txm_sum(0, f + css, end - css)));
}

static void emit(struct txmodel *m, uint8_t *f, size_t len)
{
	const struct e1000_tx_ctx_desc *c = &m->ctx;

	if (m->popts & E1000_TXD_POPTS_TXSM)
		insert_sum(f, len, c->tucss, c->tucso, c->tucse);
	if (m->popts & E1000_TXD_POPTS_IXSM)
		insert_sum(f, len, c->ipcss, c->ipcso, c->ipcse);
	CHECK(len <= TXM_FRAME_MAX);
	CHECK(m->nframes < TXM_FRAMES);
	if (m->nframes < TXM_FRAMES && len <= TXM_FRAME_MAX) {
		memcpy(m->frames[m->nframes].b, f, len);
		m->frames[m->nframes++].len = len;
	}
}

/* Piece i of the gathered super-segment (3.5.9): payload bytes
 * [off, off + piece) after the header. */
static void emit_piece(struct txmodel *m, size_t i, size_t off, size_t piece)
{
	const struct e1000_tx_ctx_desc *c = &m->ctx;
	unsigned hl = c->hdrlen;
	size_t paylen = m->pkt_len - hl;
	uint8_t f[TXM_FRAME_MAX + 4096];
	uint8_t *ip = f + c->ipcss, *tcp = f + c->tucss;
	uint32_t ph, seq;

	memcpy(f, m->pkt, hl);
	memcpy(f + hl, m->pkt + hl + off, piece);
	put16(ip + 2, (unsigned)(hl + piece - c->ipcss));
	put16(ip + 4, (get16(ip + 4) + (unsigned)i) & 0xffffu);
	seq = ((uint32_t)get16(tcp + 4) << 16 | get16(tcp + 6)) + (uint32_t)off;
	put16(tcp + 4, seq >> 16);
	put16(tcp + 6, seq & 0xffffu);
	if (off + piece < paylen)
		tcp[13] &= (uint8_t)~0x09u; /* FIN, PSH */
	ph = get16(f + c->tucso) + (uint32_t)(hl + piece - c->tucss);
	put16(f + c->tucso, (ph & 0xffffu) + (ph >> 16));
	emit(m, f, hl + piece);
}

static void emit_tso(struct txmodel *m)
{
	const struct e1000_tx_ctx_desc *c = &m->ctx;
	unsigned hl = c->hdrlen, mss = c->mss;
	size_t paylen = m->pkt_len - hl, i = 0, off = 0;

	CHECK(c->cmd_paylen & (uint32_t)E1000_TUCMD_TSE << 24);
	CHECK(c->cmd_paylen & (uint32_t)E1000_TUCMD_TCP << 24);
	CHECK(c->cmd_paylen & (uint32_t)E1000_TUCMD_IP << 24);
	CHECK_EQ(c->cmd_paylen & 0xfffffu, paylen);
	CHECK(mss && hl + mss <= TXM_FRAME_MAX);
	for (; off < paylen; off += mss, i++)
		emit_piece(m, i, off, paylen - off < mss ? paylen - off : mss);
	if (m->qemu && paylen % mss == 0)
		emit_piece(m, i, paylen, 0);
}

/* A data or legacy descriptor: its buffer onto the frame being
 * gathered; EOP sends it. */
static void gather(struct txmodel *m, const struct e1000_tx_desc *d,
                   uint32_t lower)
{
	unsigned cmd = lower >> 24;
	bool ext = cmd & E1000_TXD_CMD_DEXT;
	size_t len = ext ? (lower & 0xfffffu) : d->length;
	uint64_t off = d->addr - TXM_BUF_PHYS;

	CHECK(!ext || ((lower >> 20) & 15) == 1);
	if (!m->pkt_len) {
		m->popts =
		    ext ? ((const struct e1000_tx_data_desc *)d)->popts : 0;
		m->tse = ext && (cmd & E1000_TXD_CMD_TSE);
	}
	CHECK(!ext || m->tse == !!(cmd & E1000_TXD_CMD_TSE));
	CHECK(d->addr >= TXM_BUF_PHYS && len <= E1000_TX_BUF &&
	      off + len <= sizeof(m->buf));
	CHECK(m->pkt_len + len <= sizeof(m->pkt));
	if (d->addr >= TXM_BUF_PHYS && off + len <= sizeof(m->buf) &&
	    m->pkt_len + len <= sizeof(m->pkt)) {
		memcpy(m->pkt + m->pkt_len, m->buf + off, len);
		m->pkt_len += len;
	}
	if (!(cmd & E1000_TXD_CMD_EOP))
		return;
	if (m->tse)
		emit_tso(m);
	else
		emit(m, m->pkt, m->pkt_len);
	m->pkt_len = 0;
}

void txm_run(struct txmodel *m)
{
	CHECK(m->tdt < TXM_RING);
	if (m->paused)
		return;
	while (m->tdh != m->tdt) {
		struct e1000_tx_desc *d = &m->d[m->tdh];
		uint32_t lower;

		memcpy(&lower, &d->length, 4);
		if ((lower >> 24 & E1000_TXD_CMD_DEXT) &&
		    ((lower >> 20) & 15) == 0) {
			memcpy(&m->ctx, d, sizeof(m->ctx));
			m->ctx_reads++;
		} else {
			gather(m, d, lower);
		}
		if (lower >> 24 & E1000_TXD_CMD_RS)
			d->status |= E1000_TXD_DD;
		m->tdh = (m->tdh + 1) % TXM_RING;
	}
}
