/* SPDX-License-Identifier: MIT */
/* The Internet checksum (RFC 1071), incremental update (RFC 1624). */
#include "net_priv.h"

uint32_t inet_sum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t acc = sum;
	while (len >= 2) {
		acc += get16(p);
		p += 2;
		len -= 2;
	}
	if (len) /* RFC 1071 4.1: pad the odd byte with a zero */
		acc += (uint32_t)p[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t inet_sum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t inet_checksum(const void *buf, size_t len)
{
	return inet_sum_fold(inet_sum_add(0, buf, len));
}

/* HC' = ~(~HC + ~m + m') (RFC 1624 eqn. 3). */
uint16_t inet_csum_update16(uint16_t csum, uint16_t old_word, uint16_t new_word)
{
	uint32_t sum = (uint16_t)~csum;
	sum += (uint16_t)~old_word;
	sum += new_word;
	return inet_sum_fold(sum);
}

uint32_t inet_pseudo_sum(ip4_addr_t src, ip4_addr_t dst, uint8_t proto,
                         uint16_t len)
{
	uint32_t sum = (src >> 16) + (src & 0xffff);
	sum += (dst >> 16) + (dst & 0xffff);
	return sum + proto + len;
}

void net_csum_complete(void *frame, size_t len, const struct netdev_tx *tx)
{
	uint8_t *f = frame;
	size_t start = tx->csum_start, at = start + tx->csum_offset;

	if (!start || start >= len || at + 2 > len)
		return;
	put16(f + at, inet_sum_fold(inet_sum_add(0, f + start, len - start)));
}

/* sum plus p's bytes from its l4 header to the end, pieces included. A
 * piece that starts at an odd offset has its bytes in the other halves
 * of the 16-bit words: its own sum is added byte-swapped (RFC 1071
 * 2(B), byte order independence). */
static uint32_t sum_pkt_l4(uint32_t sum, const struct pkt *p)
{
	size_t off = p->len - NET_HDRS;
	uint64_t acc = inet_sum_add(sum, p->data + NET_HDRS, off);

	for (unsigned i = 0; i < NETDEV_FRAGS; i++) {
		uint16_t part = (uint16_t)~inet_sum_fold(
		    inet_sum_add(0, p->frag[i].p, p->frag[i].n));
		acc += off & 1 ? (uint16_t)(part << 8 | part >> 8) : part;
		off += p->frag[i].n;
	}
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

/* virtio 1.2 5.1.6.2: with a device that completes checksums, the field
 * holds the pseudo-header sum (folded, not complemented), so that the
 * device's checksum over [csum_start, end) is the full one. Only for a
 * datagram that leaves whole: fragments could not be finished. */
void l4_csum_out(struct net_stack *s, struct pkt *p, uint8_t proto,
                 ip4_addr_t dst, unsigned field)
{
	uint8_t *l4 = pkt_l4(p);
	size_t l4len = pkt_len(p) - NET_HDRS;
	uint32_t sum = inet_pseudo_sum(s->ip, dst, proto, (uint16_t)l4len);
	struct netdev *dev = s->dev;

	/* a super-segment's pieces are finished below (device or gso.c) */
	if (p->gso_size || (dev && (dev->features & NETDEV_F_TX_CSUM) &&
	                    IP_HLEN + l4len <= dev->mtu)) {
		put16(l4 + field, (uint16_t)~inet_sum_fold(sum));
		p->csum_start = NET_HDRS;
		p->csum_offset = (uint16_t)field;
		return;
	}
	uint16_t c = inet_sum_fold(sum_pkt_l4(sum, p));
	/* RFC 768: a computed zero is sent as all ones (TCP: the same) */
	put16(l4 + field, c ? c : 0xffff);
}
