/* SPDX-License-Identifier: MIT */
/* Blocking network calls (net_sock.h). */
#include <libk/string.h>
#include <net/dns.h>
#include <net/icmp.h>
#include "net/net_sock.h"
#include "core/csprng.h"
#include "net/netif.h"
#include "sched/waitq.h"
#include "time/time.h"

static struct spinlock ev_lk = SPINLOCK_INIT("net-ev");
static struct waitq ev_wq = WAITQ_INIT(ev_wq);
static uint64_t ev_gen;

/* One ping in flight per slot, with an unpredictable id (an off-path
 * host cannot guess it to fake replies); the ICMP handler fills the slot
 * for a reply from dst, or an error quoting a request to dst, with the
 * slot's id and seq. */
#define PING_SLOTS 4
struct ping_slot {
	bool busy, done;
	uint16_t id, seq;
	ip4_addr_t dst;
	uint64_t sent_ns;
	struct knet_ping_result res;
};
static struct ping_slot pings[PING_SLOTS];

/* Stack callbacks run under the net lock: record, then wake. */
static void ev_signal(void)
{
	uint64_t f = spin_lock_irqsave(&ev_lk);

	ev_gen++;
	waitq_wake_all(&ev_wq);
	spin_unlock_irqrestore(&ev_lk, f);
}

static uint64_t ev_now(void)
{
	uint64_t f = spin_lock_irqsave(&ev_lk), g = ev_gen;

	spin_unlock_irqrestore(&ev_lk, f);
	return g;
}

/* Sleep until an event after gen, or the deadline (time_ns). False once
 * the deadline has passed. */
static bool ev_wait(uint64_t gen, uint64_t deadline)
{
	uint64_t f, now = time_ns();
	bool in_time = now < deadline;

	f = spin_lock_irqsave(&ev_lk);
	if (in_time && ev_gen == gen)
		waitq_wait_timeout(&ev_wq, &ev_lk, deadline - now);
	spin_unlock_irqrestore(&ev_lk, f);
	return in_time;
}

static void icmp_event(void *ctx, const struct icmp_event *ev)
{
	(void)ctx;
	for (unsigned i = 0; i < PING_SLOTS; i++) {
		struct ping_slot *p = &pings[i];

		ip4_addr_t peer =
		    ev->type == ICMP_ECHO_REPLY ? ev->from : ev->quoted_dst;

		if (!p->busy || p->done || p->id != ev->id ||
		    p->seq != ev->seq || p->dst != peer)
			continue;
		p->res.rtt_us = (time_ns() - p->sent_ns) / 1000;
		p->res.ttl = ev->ttl;
		p->res.type = ev->type;
		p->res.code = ev->code;
		p->res.from = ev->from;
		p->done = true;
	}
	ev_signal();
}

static void dhcp_event(void *ctx, enum dhcp_state st)
{
	struct dhcp_lease l;
	char a[IP4_STR_MAX], g[IP4_STR_MAX];

	(void)ctx;
	if (st == DHCP_BOUND && !dhcp_lease(net_stack(), &l))
		net_log("net: dhcp: bound %s/%d gw %s, lease %u s\n",
		        ip4_format(l.ip, a), ip4_mask_prefix(l.mask),
		        ip4_format(l.gw, g), l.lease_s);
	ev_signal();
}

void net_sock_init(struct net_stack *s)
{
	icmp_set_handler(s, icmp_event, NULL);
	dhcp_set_notify(s, dhcp_event, NULL);
}

static void udp_ready(void *ctx, struct udp_sock *u)
{
	(void)ctx;
	(void)u;
	ev_signal();
}

int knet_udp_open(struct udp_sock **out, uint16_t port)
{
	struct udp_sock *u;
	int rc;

	if (!net_stack())
		return NET_ENODEV;
	net_lock();
	u = udp_open(net_stack());
	rc = u ? udp_bind(u, IP4_ANY, port) : NET_ENOMEM;
	if (u && rc) {
		udp_close(u);
		u = NULL;
	}
	if (u)
		udp_set_notify(u, udp_ready, NULL);
	net_unlock();
	*out = u;
	return rc;
}

int knet_udp_sendto(struct udp_sock *u, ip4_addr_t dst, uint16_t port,
                    const void *buf, size_t len)
{
	int rc;

	net_lock();
	rc = udp_sendto(u, dst, port, buf, len);
	net_unlock();
	return rc;
}

int knet_udp_recvfrom(struct udp_sock *u, void *buf, size_t cap,
                      ip4_addr_t *src, uint16_t *sport, uint32_t timeout_ms)
{
	uint64_t deadline = time_ns() + timeout_ms * 1000000ull;

	for (;;) {
		uint64_t gen = ev_now();
		int rc;

		net_lock();
		rc = udp_recvfrom(u, buf, cap, src, sport);
		net_unlock();
		if (rc != NET_EAGAIN)
			return rc;
		if (!ev_wait(gen, deadline))
			return NET_ETIMEDOUT;
	}
}

void knet_udp_close(struct udp_sock *u)
{
	net_lock();
	udp_close(u);
	net_unlock();
}

struct dns_wait {
	bool done;
	int err;
	ip4_addr_t addr;
};

static void dns_done(void *ctx, int err, const char *name,
                     const ip4_addr_t *addrs, unsigned n)
{
	struct dns_wait *w = ctx;

	(void)name;
	w->err = err ? err : (n ? 0 : NET_ENOTFOUND);
	if (!w->err)
		w->addr = addrs[0];
	w->done = true;
	ev_signal();
}

int knet_resolve(const char *name, ip4_addr_t *out, uint32_t timeout_ms)
{
	uint64_t deadline = time_ns() + timeout_ms * 1000000ull;
	struct dns_wait w = {false, 0, 0};
	int rc;

	if (!net_stack())
		return NET_ENODEV;
	net_lock();
	rc = dns_resolve(net_stack(), name, out, dns_done, &w);
	net_unlock();
	if (rc != NET_EINPROGRESS)
		return rc;
	for (;;) {
		uint64_t gen = ev_now();
		bool done;

		net_lock();
		done = w.done;
		if (!done && time_ns() >= deadline) {
			dns_cancel(net_stack(), &w); /* w lives on our stack */
			net_unlock();
			return NET_ETIMEDOUT;
		}
		net_unlock();
		if (done) {
			*out = w.addr;
			return w.err;
		}
		ev_wait(gen, deadline);
	}
}

/* A random id no other busy slot uses. Under the net lock. */
static uint16_t ping_new_id(void)
{
	for (;;) {
		uint16_t id = (uint16_t)csprng_u64();
		bool used = false;

		for (unsigned i = 0; i < PING_SLOTS; i++)
			used |= pings[i].busy && pings[i].id == id;
		if (!used)
			return id;
	}
}

static struct ping_slot *ping_claim(ip4_addr_t dst, uint16_t seq)
{
	struct ping_slot *p = NULL;

	net_lock();
	for (unsigned i = 0; i < PING_SLOTS && !p; i++)
		if (!pings[i].busy)
			p = &pings[i];
	if (p) {
		memset(p, 0, sizeof(*p));
		p->id = ping_new_id();
		p->busy = true;
		p->seq = seq;
		p->dst = dst;
	}
	net_unlock();
	return p;
}

int knet_ping(ip4_addr_t dst, uint16_t seq, size_t len, uint32_t timeout_ms,
              struct knet_ping_result *res)
{
	static uint8_t payload[ICMP_ECHO_DATA_MAX];
	uint64_t deadline = time_ns() + timeout_ms * 1000000ull;
	struct ping_slot *p;
	int rc;

	if (!net_stack())
		return NET_ENODEV;
	if (len > ICMP_ECHO_DATA_MAX)
		return NET_EMSGSIZE;
	if (!(p = ping_claim(dst, seq)))
		return NET_EBUSY;
	for (size_t i = 0; i < len; i++)
		payload[i] = (uint8_t)(0x10 + i);
	net_lock();
	p->sent_ns = time_ns();
	rc = icmp_echo_send(net_stack(), dst, p->id, seq, payload, len);
	net_unlock();
	while (!rc) {
		uint64_t gen = ev_now();
		bool done;

		net_lock();
		done = p->done;
		*res = p->res;
		net_unlock();
		if (done)
			rc =
			    res->type == ICMP_ECHO_REPLY ? 1 : NET_EHOSTUNREACH;
		else if (!ev_wait(gen, deadline))
			rc = NET_ETIMEDOUT;
	}
	net_lock();
	p->busy = false;
	net_unlock();
	return rc == 1 ? 0 : rc;
}

static bool dhcp_has_lease(struct dhcp_lease *out)
{
	enum dhcp_state st;
	bool ok;

	net_lock();
	st = dhcp_state(net_stack());
	ok = (st == DHCP_BOUND || st == DHCP_FALLBACK) &&
	     !dhcp_lease(net_stack(), out);
	net_unlock();
	return ok;
}

int knet_dhcp(uint32_t timeout_ms, struct dhcp_lease *out)
{
	uint64_t deadline = time_ns() + timeout_ms * 1000000ull;
	int rc;

	if (!net_stack())
		return NET_ENODEV;
	net_lock();
	rc = dhcp_start(net_stack(), NULL, 0);
	net_unlock();
	if (rc)
		return rc;
	for (;;) {
		uint64_t gen = ev_now();

		if (dhcp_has_lease(out))
			return 0;
		if (!ev_wait(gen, deadline))
			return NET_ETIMEDOUT;
	}
}
