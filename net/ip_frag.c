/* SPDX-License-Identifier: MIT */
/*
 * IPv4 output: identification values and fragmentation (RFC 791 2.3
 * "Fragmentation and Reassembly", 3.2 "An Example Fragmentation
 * Procedure"; RFC 6864, RFC 7739).
 *
 * A datagram larger than the interface MTU with DF clear leaves as
 * fragments. Every fragment but the last carries a multiple of 8 bytes:
 *
 *   datagram:  [hdr | 3000 bytes of payload]         MTU 1500
 *   fragments: [hdr off=0    MF | 1480 bytes]
 *              [hdr off=1480 MF | 1480 bytes]
 *              [hdr off=2960    |   40 bytes]
 *
 * The stack never sends IP options, so every fragment has the same
 * 20-byte header (no option-copy rule to apply). A fragment that cannot
 * be allocated ends the datagram: the rest is not sent (the receiver's
 * reassembly times out), counted in ip_frag_fail.
 *
 * Identification (RFC 7739 5.3, hash-based): a keyed BLAKE2s of (source,
 * destination, protocol) picks one of IP_ID_BUCKETS counters and an
 * offset; ID = offset + counter++. IDs toward one destination do not
 * repeat until 65536 datagrams went there (a bucket is shared by a few
 * destinations at most), and an observer cannot learn from the IDs it
 * sees how much we send to anyone else (no global counter, RFC 6864 and
 * the "idle scan" it enables), nor predict the first ID toward a new
 * destination. The hash depends on its inputs alone, so a small
 * direct-mapped memo keeps it per flow rather than per datagram (it was
 * a fifth of tern's time receiving a bulk TCP stream, in its ACKs).
 */
#include "net_priv.h"
#include <libk/blake2s.h>

void ip_id_init(struct net_stack *s)
{
	for (unsigned i = 0; i < sizeof(s->ip_id_key); i += 4) {
		uint32_t r = s->plat.random32();
		nmemcpy(s->ip_id_key + i, &r, 4);
	}
	for (unsigned i = 0; i < IP_ID_BUCKETS; i++)
		s->ip_id_ctr[i] = (uint16_t)s->plat.random32();
}

/* The bucket and offset for (src, dst, proto): BLAKE2s under the key. */
static void ip_id_hash(const struct net_stack *s, struct ip_id_memo *m)
{
	uint8_t in[9], out[4];
	put32(in, m->src);
	put32(in + 4, m->dst);
	in[8] = m->proto;
	blake2s(out, sizeof(out), s->ip_id_key, sizeof(s->ip_id_key), in,
	        sizeof(in));
	m->bucket = out[0] % IP_ID_BUCKETS;
	m->offset = get16(out + 2);
}

uint16_t ip_id_next(struct net_stack *s, ip4_addr_t src, ip4_addr_t dst,
                    uint8_t proto)
{
	unsigned slot = (dst ^ (dst >> 8) ^ (dst >> 16) ^ proto) % IP_ID_CACHE;
	struct ip_id_memo *m = &s->ip_id_memo[slot];
	if (!m->valid || m->src != src || m->dst != dst || m->proto != proto) {
		*m = (struct ip_id_memo){
		    .src = src, .dst = dst, .proto = proto, .valid = 1};
		ip_id_hash(s, m);
	}
	return (uint16_t)(m->offset + s->ip_id_ctr[m->bucket]++);
}

/* Send fragment [off, off+n) of the datagram whose header is h and
 * payload pl. False if out of memory. */
static bool frag_send(struct net_stack *s, const struct ip4_hdr *h,
                      const uint8_t *pl, size_t off, size_t n, bool more,
                      const uint8_t *mac)
{
	struct pkt *f = pkt_alloc(s, n);
	if (!f)
		return false;
	struct ip4_hdr fh = *h;
	fh.total_len = (uint16_t)(IP_HLEN + n);
	fh.frag_off = (uint16_t)off;
	fh.mf = more;
	ip4_hdr_build(f->data + ETH_HLEN, &fh);
	nmemcpy(pkt_l4(f), pl + off, n);
	s->cnt.ip_frags_sent++;
	eth_output(s, f, mac, ETH_P_IP);
	return true;
}

void ip_frame_output(struct net_stack *s, struct pkt *p, const uint8_t *mac)
{
	size_t dlen = p->len - ETH_HLEN;
	size_t mtu = s->dev->mtu;
	if (dlen <= mtu || p->gso_size) { /* pieces fit: gso.c */
		eth_output(s, p, mac, ETH_P_IP);
		return;
	}
	const uint8_t *ih = p->data + ETH_HLEN;
	struct ip4_hdr h;
	size_t per = mtu > IP_HLEN ? (mtu - IP_HLEN) & ~(size_t)7 : 0;
	/* ip_output built this header: DF set, options or an MTU below
	 * 28 mean a caller broke the contract; refuse rather than loop */
	if (ip4_hdr_parse(ih, dlen, &h) || h.df || h.hlen != IP_HLEN || h.mf ||
	    h.frag_off || per == 0) {
		s->cnt.ip_tx_too_big++;
		net_free(s, p);
		return;
	}
	size_t plen = dlen - IP_HLEN;
	bool ok = true;
	for (size_t off = 0; ok && off < plen; off += per) {
		size_t n = plen - off < per ? plen - off : per;
		ok =
		    frag_send(s, &h, ih + IP_HLEN, off, n, off + n < plen, mac);
	}
	if (ok)
		s->cnt.ip_frag_datagrams++;
	else
		s->cnt.ip_frag_fail++;
	net_free(s, p);
}
