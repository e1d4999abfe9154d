/* SPDX-License-Identifier: MIT */
/* The stack instance: creation, the interface, timers, error texts (memory
 * is mem.c). */
#include "net_priv.h"

static const struct net_tunables default_tunables = {
    .arp_reachable_ms = 60000,
    .arp_retry_ms = 1000,
    .arp_max_tries = 3,
    .arp_queue_max = 4,
    .reasm_timeout_ms = 30000,
    .reasm_max_datagrams = 8,
    .reasm_max_frags = 64,
    .reasm_max_per_src = 4,
    .icmp_err_burst = 10,
    .icmp_err_per_sec = 10,
    .arp_mac_hold_ms = 5000,
    .udp_rxq_max = 32,
    .dns_timeout_ms = 2000,
    .dns_tries = 2,
    .ttl = 64,
    .tcp_max_socks = 2048,
    .tcp_max_orphans = 256,
    .tcp_orphan_mem = 32u << 20,
    .tcp_orphan_idle_ms = 60000,
    .tcp_gso_max = TCP_GSO_MAX,
    .tcp_sg_min = 65536,
    .tcp_mem_low = 64u << 20,
    .tcp_mem_pressure = 96u << 20,
    .tcp_mem_high = 128u << 20,
};

struct net_stack *net_create(const struct net_platform *plat)
{
	if (!plat || !plat->now_ms || !plat->random32 || !plat->alloc ||
	    !plat->free)
		return NULL;
	struct net_stack *s = plat->alloc(sizeof(*s));
	if (!s)
		return NULL;
	nmemset(s, 0, sizeof(*s));
	s->plat = *plat;
	s->tun = default_tunables;
	ip_id_init(s);
	if (tcp_stack_init(s)) {
		plat->free(s);
		return NULL;
	}
	return s;
}

void net_destroy(struct net_stack *s)
{
	if (!s)
		return;
	tcp_free_all(s);
	dhcp_free(s);
	dns_free_all(s);
	udp_free_all(s);
	arp_flush(s);
	reasm_free_all(s);
	impair_free(s);
	if (s->dev)
		s->dev->stack = NULL;
	s->plat.free(s);
}

struct net_tunables *net_tunables(struct net_stack *s)
{
	return &s->tun;
}

const struct net_counters *net_counters(const struct net_stack *s)
{
	return &s->cnt;
}

int net_iface_add(struct net_stack *s, struct netdev *dev)
{
	if (!dev || !dev->ops || !dev->ops->transmit)
		return NET_EINVAL;
	if (s->dev || dev->stack)
		return NET_EBUSY;
	s->dev = dev;
	dev->stack = s;
	return 0;
}

int net_iface_set_addr(struct net_stack *s, ip4_addr_t ip, ip4_addr_t mask,
                       ip4_addr_t gw)
{
	if (!s->dev)
		return NET_ENODEV;
	if (ip != IP4_ANY && (ip4_mask_prefix(mask) < 0 || ip == IP4_BROADCAST))
		return NET_EINVAL;
	bool changed = ip != s->ip;
	s->ip = ip;
	s->mask = ip ? mask : 0;
	s->gw = ip ? gw : 0;
	if (changed && ip)
		arp_announce(s);
	return 0;
}

void net_set_dns_servers(struct net_stack *s, const ip4_addr_t *srv, unsigned n)
{
	s->ndns = 0;
	for (unsigned i = 0; i < n && s->ndns < NET_DNS_MAX; i++)
		if (srv[i] != IP4_ANY)
			s->dns[s->ndns++] = srv[i];
}

int net_iface_info(const struct net_stack *s, struct net_iface_info *out)
{
	if (!s->dev)
		return NET_ENODEV;
	nmemset(out, 0, sizeof(*out));
	nmemcpy(out->name, s->dev->name, NETDEV_NAME_MAX);
	out->name[NETDEV_NAME_MAX - 1] = 0;
	out->driver = s->dev->driver;
	nmemcpy(out->mac, s->dev->mac, ETH_ALEN);
	out->mtu = s->dev->mtu;
	out->link_up = s->dev->link_up;
	out->configured = s->ip != IP4_ANY;
	out->ip = s->ip;
	out->mask = s->mask;
	out->gw = s->gw;
	out->ndns = s->ndns;
	nmemcpy(out->dns, s->dns, sizeof(out->dns));
	out->stats = s->dev->stats;
	return 0;
}

void netdev_set_link(struct netdev *dev, bool up)
{
	bool was = dev->link_up;
	dev->link_up = up;
	struct net_stack *s = dev->stack;
	if (s && up && !was && s->ip)
		arp_announce(s);
}

void net_poll_timers(struct net_stack *s)
{
	uint64_t now = net_now(s);
	arp_timers(s, now);
	reasm_timers(s, now);
	dhcp_timers(s, now);
	dns_timers(s, now);
	tcp_timers(s, now);
	impair_release(s, true, true);
}

const char *net_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "invalid argument",
	    "out of memory",
	    "try again",
	    "address in use",
	    "network unreachable",
	    "host unreachable",
	    "connection refused",
	    "message too long",
	    "timed out",
	    "name not found",
	    "protocol error",
	    "no interface",
	    "busy",
	    "in progress",
	    "no buffer space",
	    "cancelled",
	    "connection reset",
	    "not connected",
	    "already connected",
	};
	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0])))
		return "unknown error";
	return msg[-err];
}
