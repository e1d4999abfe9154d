/* SPDX-License-Identifier: MIT */
/* The value of the kernel command line's net= option (net/netcfg.h). */
#include <libk/parse.h>
#include "net_priv.h"
#include <net/netcfg.h>

static bool word_is(const char *v, size_t len, const char *w)
{
	size_t n = nstrlen(w);
	return len == n && !nmemcmp(v, w, n);
}

/* Length of the field starting at v (up to ',' or the end). */
static size_t field(const char *v, size_t len)
{
	size_t i = 0;
	while (i < len && v[i] != ',')
		i++;
	return i;
}

/* "IP/PREFIX" */
static int parse_cidr(const char *v, size_t len, struct net_static_cfg *st)
{
	size_t slash = 0;
	while (slash < len && v[slash] != '/')
		slash++;
	uint64_t prefix;
	if (slash == len || ip4_parse(v, slash, &st->ip) ||
	    kparse_u64(v + slash + 1, len - slash - 1, 10, &prefix) ||
	    prefix < 1 || prefix > 30)
		return NET_EINVAL;
	st->mask = ip4_prefix_mask((unsigned)prefix);
	if (st->ip == IP4_ANY || (st->ip >> 28) >= 0xe ||
	    (st->ip & ~st->mask) == 0 || (st->ip | st->mask) == IP4_BROADCAST)
		return NET_EINVAL; /* network or broadcast address */
	return 0;
}

static int parse_static(const char *v, size_t len, struct net_static_cfg *st)
{
	ip4_addr_t *rest[] = {&st->gw, &st->dns};
	size_t n = field(v, len);
	if (parse_cidr(v, n, st))
		return NET_EINVAL;
	for (unsigned i = 0; i < 2 && n < len; i++) {
		v += n + 1;
		len -= n + 1;
		n = field(v, len);
		if (ip4_parse(v, n, rest[i]))
			return NET_EINVAL;
	}
	if (n < len)
		return NET_EINVAL; /* a fourth field */
	if (st->gw && (st->gw & st->mask) != (st->ip & st->mask))
		return NET_EINVAL; /* gateway outside the subnet */
	return 0;
}

int net_cfg_parse(const char *val, size_t len, struct net_cfg *out)
{
	struct net_cfg c = {0};
	static const char pfx[] = "static:";
	if (!val)
		return NET_EINVAL;
	if (word_is(val, len, "dhcp")) {
		c.mode = NET_CFG_DHCP;
	} else if (word_is(val, len, "none")) {
		c.mode = NET_CFG_NONE;
	} else if (len > sizeof(pfx) - 1 &&
	           !nmemcmp(val, pfx, sizeof(pfx) - 1)) {
		c.mode = NET_CFG_STATIC;
		if (parse_static(val + sizeof(pfx) - 1, len - (sizeof(pfx) - 1),
		                 &c.st))
			return NET_EINVAL;
	} else {
		return NET_EINVAL;
	}
	*out = c;
	return 0;
}
