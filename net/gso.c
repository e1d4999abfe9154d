/* SPDX-License-Identifier: MIT */
/*
 * Software segmentation: a TCP/IPv4 super-segment cut into frames of at
 * most one MSS of payload each, exactly as a NETDEV_F_TSO4 device would
 * (the contract is in net/include/net/netdev.h). The stack builds one
 * code path, super-segments; a device that cannot cut them gets the
 * pieces from here, just before its transmit().
 *
 *   super:   | eth 14 | ip ihl | tcp | payload (len - hdr_len bytes)   |
 *                                    |<- gso ->|<- gso ->|<- rest ->|
 *   piece i: | eth    | ip'    | tcp'| payload[i*gso, i*gso + gso)    |
 */
#include "net_priv.h"

#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define TCP_CWR 0x80

/* Fix piece i's IPv4 header (at ip, ihl bytes; total length tot). */
static void gso_fix_ip(uint8_t *ip, size_t ihl, size_t tot, unsigned i)
{
	put16(ip + 2, (uint16_t)tot);
	put16(ip + 4, (uint16_t)(get16(ip + 4) + i));
	put16(ip + 10, 0);
	put16(ip + 10, inet_checksum(ip, ihl));
}

/* Fix piece i's TCP header (at tcp, tcplen bytes with payload): the
 * sequence number, the flags that belong to one end, the checksum
 * (left to the device if partial: then the field holds the
 * pseudo-header sum, RFC 9293 3.1, as l4_csum_out leaves it). */
static void gso_fix_tcp(uint8_t *tcp, size_t tcplen, const uint8_t *ip,
                        uint32_t off, bool first, bool last, bool partial)
{
	put32(tcp + 4, get32(tcp + 4) + off);
	if (!last)
		tcp[13] &= (uint8_t) ~(TCP_FIN | TCP_PSH);
	if (!first)
		tcp[13] &= (uint8_t)~TCP_CWR;
	uint32_t sum = inet_pseudo_sum(get32(ip + 12), get32(ip + 16),
	                               IP_PROTO_TCP, (uint16_t)tcplen);
	if (partial) {
		put16(tcp + 16, (uint16_t)~inet_sum_fold(sum));
		return;
	}
	put16(tcp + 16, 0);
	put16(tcp + 16, inet_sum_fold(inet_sum_add(sum, tcp, tcplen)));
}

size_t net_gso_piece(const uint8_t *f, size_t len, const struct netdev_tx *tx,
                     unsigned i, bool partial, uint8_t *out, size_t cap,
                     struct netdev_tx *otx)
{
	size_t hdr = tx->hdr_len, gso = tx->gso_size;
	if (!gso || hdr < ETH_HLEN + IP_HLEN + 20 || hdr >= len ||
	    hdr + gso > cap)
		return 0;
	size_t ihl = (size_t)(f[ETH_HLEN] & 0xf) * 4;
	size_t tcp_at = ETH_HLEN + ihl;
	if (ihl < IP_HLEN || tcp_at + 20 > hdr)
		return 0;
	size_t payload = len - hdr, off = (size_t)i * gso;
	if (off >= payload)
		return 0;
	size_t plen = payload - off < gso ? payload - off : gso;
	nmemcpy(out, f, hdr);
	nmemcpy(out + hdr, f + hdr + off, plen);
	gso_fix_ip(out + ETH_HLEN, ihl, hdr - ETH_HLEN + plen, i);
	gso_fix_tcp(out + tcp_at, hdr - tcp_at + plen, out + ETH_HLEN,
	            (uint32_t)off, i == 0, off + plen == payload, partial);
	*otx = (struct netdev_tx){0};
	if (partial) {
		otx->csum_start = (uint16_t)tcp_at;
		otx->csum_offset = 16;
	}
	return hdr + plen;
}
