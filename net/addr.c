/* SPDX-License-Identifier: MIT */
/* IPv4 addresses as text, and prefixes. */
#include "net_priv.h"

int ip4_parse(const char *str, size_t len, ip4_addr_t *out)
{
	uint32_t v = 0;
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		unsigned octet = 0, digits = 0;
		while (i < len && str[i] >= '0' && str[i] <= '9') {
			if (digits && octet == 0)
				return NET_EINVAL; /* no leading zeros */
			octet = octet * 10 + (unsigned)(str[i++] - '0');
			if (++digits > 3 || octet > 255)
				return NET_EINVAL;
		}
		if (!digits)
			return NET_EINVAL;
		v = v << 8 | octet;
		if (part < 3 && (i >= len || str[i++] != '.'))
			return NET_EINVAL;
	}
	if (i != len)
		return NET_EINVAL;
	*out = v;
	return 0;
}

char *ip4_format(ip4_addr_t ip, char buf[IP4_STR_MAX])
{
	nsnprintf(buf, IP4_STR_MAX, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
	          (ip >> 8) & 255, ip & 255);
	return buf;
}

ip4_addr_t ip4_prefix_mask(unsigned prefix)
{
	if (prefix == 0)
		return 0;
	if (prefix >= 32)
		return 0xffffffffu;
	return ~((1u << (32 - prefix)) - 1);
}

int ip4_mask_prefix(ip4_addr_t mask)
{
	int n = 0;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return ip4_prefix_mask((unsigned)n) == mask ? n : NET_EINVAL;
}
