/* SPDX-License-Identifier: MIT */
/*
 * The DNS stub resolver: one UDP socket (random ephemeral port) and a
 * random 16-bit ID per query; try i goes to server i % nservers, every
 * dns_timeout_ms, for dns_tries rounds. A reply counts only if it comes
 * from the server asked, from port 53, with our ID and question.
 * NXDOMAIN ends the query; SERVFAIL/REFUSED/garbage moves to the next
 * try. Answers are cached for their TTL (at most a day).
 */
#include "net_priv.h"

#define DNS_TTL_MAX (24u * 3600)

struct dns_query {
	struct dns_query *next;
	struct net_stack *s;
	struct udp_sock *sock;
	char name[DNS_NAME_MAX + 1];
	uint16_t id;
	unsigned tries;
	ip4_addr_t server; /* asked last */
	uint64_t deadline;
	dns_done_fn fn;
	void *ctx;
};

static struct dns_cache_entry *cache_find(struct net_stack *s, const char *name,
                                          uint64_t now)
{
	for (unsigned i = 0; i < DNS_CACHE_SIZE; i++) {
		struct dns_cache_entry *e = &s->dns_cache[i];
		if (e->name[0] && now < e->expires &&
		    dns_name_eq(e->name, name))
			return e;
	}
	return NULL;
}

static void cache_put(struct net_stack *s, const char *name,
                      const struct dns_answer *a, uint64_t now)
{
	if (a->ttl == 0)
		return;
	struct dns_cache_entry *victim = &s->dns_cache[0];
	for (unsigned i = 0; i < DNS_CACHE_SIZE; i++) {
		struct dns_cache_entry *e = &s->dns_cache[i];
		if (!e->name[0] || now >= e->expires ||
		    dns_name_eq(e->name, name)) {
			victim = e;
			break;
		}
		if (e->expires < victim->expires)
			victim = e;
	}
	LIBK_FN(strlcpy)(victim->name, name, sizeof(victim->name));
	victim->n = a->naddrs;
	nmemcpy(victim->addrs, a->addrs, sizeof(victim->addrs));
	uint32_t ttl = a->ttl < DNS_TTL_MAX ? a->ttl : DNS_TTL_MAX;
	victim->expires = now + (uint64_t)ttl * 1000;
}

static void query_free(struct net_stack *s, struct dns_query *q)
{
	for (struct dns_query **pp = &s->queries; *pp; pp = &(*pp)->next) {
		if (*pp == q) {
			*pp = q->next;
			break;
		}
	}
	udp_close(q->sock);
	net_free(s, q);
}

/* Report and free q. */
static void query_done(struct net_stack *s, struct dns_query *q, int err,
                       const struct dns_answer *a)
{
	dns_done_fn fn = q->fn;
	void *ctx = q->ctx;
	char name[DNS_NAME_MAX + 1];
	nmemcpy(name, q->name, sizeof(name));
	query_free(s, q);
	fn(ctx, err, name, a ? a->addrs : NULL, a ? a->naddrs : 0);
}

/* Send try number q->tries, or give up. */
static void query_send(struct net_stack *s, struct dns_query *q, uint64_t now)
{
	uint8_t buf[DNS_MSG_MAX];
	if (!s->ndns || q->tries >= s->tun.dns_tries * s->ndns) {
		query_done(s, q, NET_ETIMEDOUT, NULL);
		return;
	}
	q->server = s->dns[q->tries % s->ndns];
	q->tries++;
	q->deadline = now + s->tun.dns_timeout_ms;
	int len = dns_query_build(buf, sizeof(buf), q->id, q->name);
	if (len > 0)
		udp_sendto(q->sock, q->server, DNS_PORT, buf, (size_t)len);
}

static void query_reply(struct net_stack *s, struct dns_query *q,
                        const uint8_t *buf, size_t len)
{
	struct dns_answer a;
	uint64_t now = net_now(s);
	if (dns_response_parse(buf, len, q->name, &a)) {
		s->cnt.dns_rx_bad++;
		return;
	}
	if (a.id != q->id) {
		s->cnt.dns_rx_ignored++;
		return;
	}
	if (a.rcode == 3 || (a.rcode == 0 && !a.naddrs && !a.truncated)) {
		query_done(s, q, NET_ENOTFOUND, NULL);
	} else if (a.rcode == 0 && a.naddrs) {
		cache_put(s, q->name, &a, now);
		query_done(s, q, 0, &a);
	} else {
		query_send(s, q, now); /* server failure: next server */
	}
}

static void dns_readable(void *ctx, struct udp_sock *u)
{
	struct dns_query *q = ctx;
	struct net_stack *s = q->s;
	uint8_t buf[DNS_MSG_MAX];
	ip4_addr_t src;
	uint16_t sport;
	int n = udp_recvfrom(u, buf, sizeof(buf), &src, &sport);
	if (n == NET_EAGAIN || n < 0)
		return; /* an ICMP error: the timeout moves on */
	if (src != q->server || sport != DNS_PORT) {
		s->cnt.dns_rx_ignored++;
		return;
	}
	/* the query may be freed by query_reply: touch nothing after */
	query_reply(s, q, buf,
	            (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf));
}

int dns_resolve(struct net_stack *s, const char *name, ip4_addr_t *out,
                dns_done_fn fn, void *ctx)
{
	uint8_t probe[DNS_MSG_MAX];
	size_t n = name ? nstrlen(name) : 0;
	if (!n || n > DNS_NAME_MAX || !out || !fn)
		return NET_EINVAL;
	if (ip4_parse(name, n, out) == 0)
		return 0;
	if (dns_query_build(probe, sizeof(probe), 0, name) < 0)
		return NET_EINVAL;
	uint64_t now = net_now(s);
	const struct dns_cache_entry *e = cache_find(s, name, now);
	if (e) {
		*out = e->addrs[0];
		return 0;
	}
	if (!s->ndns)
		return NET_ENETUNREACH;
	struct dns_query *q = net_alloc(s, sizeof(*q));
	if (!q)
		return NET_ENOMEM;
	nmemset(q, 0, sizeof(*q));
	q->s = s;
	q->fn = fn;
	q->ctx = ctx;
	q->id = (uint16_t)s->plat.random32();
	if (name[n - 1] == '.')
		n--; /* asked, answered and cached as "name" */
	nmemcpy(q->name, name, n);
	q->name[n] = 0;
	q->sock = udp_open(s);
	if (!q->sock || udp_bind(q->sock, IP4_ANY, 0)) {
		udp_close(q->sock);
		net_free(s, q);
		return NET_ENOMEM;
	}
	udp_set_notify(q->sock, dns_readable, q);
	q->next = s->queries;
	s->queries = q;
	query_send(s, q, now);
	return NET_EINPROGRESS;
}

void dns_cancel(struct net_stack *s, void *ctx)
{
	struct dns_query *q = s->queries;
	while (q) {
		struct dns_query *next = q->next;
		if (q->ctx == ctx)
			query_free(s, q);
		q = next;
	}
}

void dns_timers(struct net_stack *s, uint64_t now)
{
	struct dns_query *q = s->queries;
	while (q) {
		struct dns_query *next = q->next;
		if (due(q->deadline, now))
			query_send(s, q, now); /* may free q */
		q = next;
	}
}

void dns_free_all(struct net_stack *s)
{
	while (s->queries)
		query_free(s, s->queries);
}
