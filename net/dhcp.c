/* SPDX-License-Identifier: MIT */
/*
 * The DHCP client state machine (RFC 2131 4.4, figure 5). It is a client
 * of the stack's own UDP sockets (port 68), and sets the interface
 * address, gateway and DNS servers when bound.
 */
#include "net_priv.h"

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define RETRY_FIRST_MS   4000
#define RETRY_MAX_MS     64000
#define REQUEST_TRIES    4
#define RENEW_MIN_MS     60000
#define NAK_DELAY_MS     2000

struct dhcp_client {
	struct udp_sock *sock;
	enum dhcp_state state;
	uint32_t xid;
	uint32_t retry_ms; /* current backoff */
	unsigned tries;    /* in this state */
	uint64_t next_tx;  /* retransmission time */
	uint64_t started;  /* when INIT began, for the fallback */
	uint32_t fallback_ms;
	bool has_fallback;
	struct net_static_cfg fallback;
	ip4_addr_t offered, server;
	struct dhcp_lease lease;
	dhcp_notify_fn notify;
	void *notify_ctx;
};

const char *dhcp_state_name(enum dhcp_state st)
{
	static const char *const names[] = {
	    "off",      "selecting", "requesting", "bound",
	    "renewing", "rebinding", "fallback",   "failed",
	};
	return (unsigned)st < 8 ? names[st] : "?";
}

static void dhcp_set_state(struct net_stack *s, enum dhcp_state st)
{
	struct dhcp_client *c = s->dhcp;
	if (c->state == st)
		return;
	c->state = st;
	nlog(s, "dhcp: %s\n", dhcp_state_name(st));
	if (c->notify)
		c->notify(c->notify_ctx, st);
}

/* RFC 2131 4.1: randomised exponential backoff, 4 s doubling to 64 s,
 * +-1 s. */
static void dhcp_backoff(struct net_stack *s, uint64_t now)
{
	struct dhcp_client *c = s->dhcp;
	uint32_t jitter = s->plat.random32() % 2001;
	c->next_tx = now + c->retry_ms - 1000 + jitter;
	if (c->retry_ms < RETRY_MAX_MS)
		c->retry_ms *= 2;
}

static void dhcp_send(struct net_stack *s, uint8_t type, ip4_addr_t dst)
{
	struct dhcp_client *c = s->dhcp;
	struct dhcp_msg m = {.type = type, .xid = c->xid};
	uint8_t buf[DHCP_MSG_MAX];
	nmemcpy(m.chaddr, s->dev->mac, ETH_ALEN);
	if (c->state == DHCP_RENEWING || c->state == DHCP_REBINDING) {
		m.ciaddr = c->lease.ip;
	} else if (type == DHCP_REQUEST) {
		m.req_ip = c->offered, m.req_ip_set = true;
		m.server_id = c->server, m.server_set = true;
	}
	int len = dhcp_msg_build(buf, sizeof(buf), &m);
	if (len > 0)
		udp_sendto(c->sock, dst, DHCP_SERVER_PORT, buf, (size_t)len);
}

/* Enter SELECTING: DISCOVER now, or after delay_ms (after a NAK, so a
 * server that NAKs everything cannot make us spin). */
static void dhcp_discover(struct net_stack *s, uint64_t now, uint32_t delay_ms)
{
	struct dhcp_client *c = s->dhcp;
	c->xid = s->plat.random32();
	c->tries = 0;
	c->retry_ms = RETRY_FIRST_MS;
	dhcp_set_state(s, DHCP_SELECTING);
	if (delay_ms) {
		c->next_tx = now + delay_ms;
		return;
	}
	dhcp_send(s, DHCP_DISCOVER, IP4_BROADCAST);
	dhcp_backoff(s, now);
}

static void dhcp_unconfigure(struct net_stack *s)
{
	net_iface_set_addr(s, IP4_ANY, 0, 0);
	net_set_dns_servers(s, NULL, 0);
}

static void dhcp_restart(struct net_stack *s, uint64_t now, uint32_t delay_ms)
{
	struct dhcp_client *c = s->dhcp;
	nmemset(&c->lease, 0, sizeof(c->lease));
	dhcp_unconfigure(s);
	dhcp_discover(s, now, delay_ms);
}

static void dhcp_apply_lease(struct net_stack *s, const struct dhcp_msg *m,
                             uint64_t now)
{
	struct dhcp_client *c = s->dhcp;
	struct dhcp_lease *l = &c->lease;
	nmemset(l, 0, sizeof(*l));
	l->ip = m->yiaddr;
	l->mask = m->mask_set && ip4_mask_prefix(m->mask) > 0
	              ? m->mask
	              : ip4_prefix_mask(24);
	l->gw = m->router_set ? m->router : 0;
	l->server = m->server_id;
	l->ndns = m->ndns;
	nmemcpy(l->dns, m->dns, sizeof(l->dns));
	l->lease_s = m->lease_set ? m->lease_s : 3600;
	if (l->lease_s < 10)
		l->lease_s = 10;
	/* RFC 2131 4.4.5: T1 = 0.5, T2 = 0.875 of the lease by default */
	l->t1_s = m->t1_set && m->t1_s < l->lease_s ? m->t1_s : l->lease_s / 2;
	l->t2_s = m->t2_set && m->t2_s < l->lease_s && m->t2_s >= l->t1_s
	              ? m->t2_s
	              : (uint32_t)((uint64_t)l->lease_s * 7 / 8);
	l->bound_at_ms = now;
	c->server = m->server_id;
	net_iface_set_addr(s, l->ip, l->mask, l->gw);
	net_set_dns_servers(s, l->dns, l->ndns);
	c->next_tx = 0;
	dhcp_set_state(s, DHCP_BOUND);
}

static bool dhcp_reply_ok(struct net_stack *s, const struct dhcp_msg *m)
{
	struct dhcp_client *c = s->dhcp;
	return m->op == 2 && m->xid == c->xid &&
	       !nmemcmp(m->chaddr, s->dev->mac, ETH_ALEN) && m->server_set;
}

static void dhcp_input(struct net_stack *s, const struct dhcp_msg *m,
                       uint64_t now)
{
	struct dhcp_client *c = s->dhcp;
	switch (c->state) {
	case DHCP_SELECTING:
		if (m->type != DHCP_OFFER || !m->yiaddr ||
		    m->yiaddr == IP4_BROADCAST)
			break;
		c->offered = m->yiaddr;
		c->server = m->server_id;
		c->tries = 0;
		c->retry_ms = RETRY_FIRST_MS;
		dhcp_set_state(s, DHCP_REQUESTING);
		dhcp_send(s, DHCP_REQUEST, IP4_BROADCAST);
		dhcp_backoff(s, now);
		return;
	case DHCP_REQUESTING:
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		if (c->state == DHCP_REQUESTING && m->server_id != c->server)
			break;
		if (m->type == DHCP_ACK && m->yiaddr &&
		    m->yiaddr != IP4_BROADCAST) {
			dhcp_apply_lease(s, m, now);
			return;
		}
		if (m->type == DHCP_NAK) {
			nlog(s, "dhcp: NAK\n");
			dhcp_restart(s, now, NAK_DELAY_MS);
			return;
		}
		break;
	default:
		break;
	}
	s->cnt.dhcp_rx_ignored++;
}

static void dhcp_readable(void *ctx, struct udp_sock *u)
{
	struct net_stack *s = ctx;
	uint8_t buf[DHCP_MSG_MAX];
	ip4_addr_t src;
	uint16_t sport;
	int n;
	while ((n = udp_recvfrom(u, buf, sizeof(buf), &src, &sport)) !=
	       NET_EAGAIN) {
		struct dhcp_msg m;
		if (n < 0)
			continue; /* an ICMP error: retries cover it */
		if (sport != DHCP_SERVER_PORT ||
		    dhcp_msg_parse(
		        buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf),
		        &m)) {
			s->cnt.dhcp_rx_bad++;
			continue;
		}
		if (!dhcp_reply_ok(s, &m)) {
			s->cnt.dhcp_rx_ignored++;
			continue;
		}
		dhcp_input(s, &m, net_now(s));
		if (!s->dhcp || s->dhcp->sock != u)
			return;
	}
}

int dhcp_start(struct net_stack *s, const struct net_static_cfg *fallback,
               uint32_t fallback_ms)
{
	if (!s->dev)
		return NET_ENODEV;
	struct dhcp_client *c = s->dhcp;
	if (!c) {
		c = net_alloc(s, sizeof(*c));
		if (!c)
			return NET_ENOMEM;
		nmemset(c, 0, sizeof(*c));
		s->dhcp = c;
	}
	if (!c->sock) {
		c->sock = udp_open(s);
		if (!c->sock)
			return NET_ENOMEM;
		int err = udp_bind(c->sock, IP4_ANY, DHCP_CLIENT_PORT);
		if (err) {
			udp_close(c->sock);
			c->sock = NULL;
			return err;
		}
		udp_set_notify(c->sock, dhcp_readable, s);
	}
	c->has_fallback = fallback != NULL;
	if (fallback)
		c->fallback = *fallback;
	c->fallback_ms = fallback_ms;
	uint64_t now = net_now(s);
	c->started = now;
	c->state = DHCP_OFF;
	dhcp_restart(s, now, 0);
	return 0;
}

void dhcp_stop(struct net_stack *s)
{
	struct dhcp_client *c = s->dhcp;
	if (!c)
		return;
	udp_close(c->sock);
	c->sock = NULL;
	c->next_tx = 0;
	dhcp_set_state(s, DHCP_OFF);
}

void dhcp_free(struct net_stack *s)
{
	if (!s->dhcp)
		return;
	udp_close(s->dhcp->sock);
	net_free(s, s->dhcp);
	s->dhcp = NULL;
}

enum dhcp_state dhcp_state(const struct net_stack *s)
{
	return s->dhcp ? s->dhcp->state : DHCP_OFF;
}

int dhcp_lease(const struct net_stack *s, struct dhcp_lease *out)
{
	enum dhcp_state st = dhcp_state(s);
	if (st != DHCP_BOUND && st != DHCP_RENEWING && st != DHCP_REBINDING &&
	    st != DHCP_FALLBACK)
		return NET_EAGAIN;
	*out = s->dhcp->lease;
	return 0;
}

void dhcp_set_notify(struct net_stack *s, dhcp_notify_fn fn, void *ctx)
{
	if (!s->dhcp) {
		s->dhcp = net_alloc(s, sizeof(*s->dhcp));
		if (!s->dhcp)
			return;
		nmemset(s->dhcp, 0, sizeof(*s->dhcp));
	}
	s->dhcp->notify = fn;
	s->dhcp->notify_ctx = ctx;
}

/* No lease in time: the caller's static configuration, or failure. */
static void dhcp_give_up(struct net_stack *s)
{
	struct dhcp_client *c = s->dhcp;
	udp_close(c->sock);
	c->sock = NULL;
	c->next_tx = 0;
	if (!c->has_fallback) {
		dhcp_set_state(s, DHCP_FAILED);
		return;
	}
	struct dhcp_lease *l = &c->lease;
	nmemset(l, 0, sizeof(*l));
	l->ip = c->fallback.ip;
	l->mask = c->fallback.mask;
	l->gw = c->fallback.gw;
	l->dns[0] = c->fallback.dns;
	l->ndns = c->fallback.dns ? 1 : 0;
	net_iface_set_addr(s, l->ip, l->mask, l->gw);
	net_set_dns_servers(s, l->dns, l->ndns);
	dhcp_set_state(s, DHCP_FALLBACK);
}

/* RFC 2131 4.4.5: in RENEWING/REBINDING, retransmit after half the time
 * left until T2 (resp. lease end), but not sooner than 60 s. */
static uint64_t half_left(uint64_t now, uint64_t until)
{
	uint64_t left = until > now ? (until - now) / 2 : 0;
	return now + (left < RENEW_MIN_MS ? RENEW_MIN_MS : left);
}

static void dhcp_lease_timers(struct net_stack *s, uint64_t now)
{
	struct dhcp_client *c = s->dhcp;
	const struct dhcp_lease *l = &c->lease;
	uint64_t t1 = l->bound_at_ms + (uint64_t)l->t1_s * 1000;
	uint64_t t2 = l->bound_at_ms + (uint64_t)l->t2_s * 1000;
	uint64_t end = l->bound_at_ms + (uint64_t)l->lease_s * 1000;
	if (now >= end) {
		nlog(s, "dhcp: lease expired\n");
		dhcp_restart(s, now, 0);
		return;
	}
	if (now >= t2 && c->state != DHCP_REBINDING) {
		dhcp_set_state(s, DHCP_REBINDING);
		c->next_tx = now;
	} else if (now >= t1 && c->state == DHCP_BOUND) {
		c->xid = s->plat.random32();
		dhcp_set_state(s, DHCP_RENEWING);
		c->next_tx = now;
	}
	if (!due(c->next_tx, now))
		return;
	if (c->state == DHCP_RENEWING) {
		dhcp_send(s, DHCP_REQUEST, c->server);
		c->next_tx = half_left(now, t2);
	} else if (c->state == DHCP_REBINDING) {
		dhcp_send(s, DHCP_REQUEST, IP4_BROADCAST);
		c->next_tx = half_left(now, end);
	}
}

void dhcp_timers(struct net_stack *s, uint64_t now)
{
	struct dhcp_client *c = s->dhcp;
	if (!c || !c->sock)
		return;
	if (c->state == DHCP_BOUND || c->state == DHCP_RENEWING ||
	    c->state == DHCP_REBINDING) {
		dhcp_lease_timers(s, now);
		return;
	}
	if (c->fallback_ms && now - c->started >= c->fallback_ms) {
		dhcp_give_up(s);
		return;
	}
	if (!due(c->next_tx, now))
		return;
	if (c->state == DHCP_REQUESTING && ++c->tries >= REQUEST_TRIES) {
		dhcp_discover(s, now, 0);
		return;
	}
	dhcp_send(s, c->state == DHCP_SELECTING ? DHCP_DISCOVER : DHCP_REQUEST,
	          IP4_BROADCAST);
	dhcp_backoff(s, now);
}
