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
