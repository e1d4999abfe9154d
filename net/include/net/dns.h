/* SPDX-License-Identifier: MIT */
/* DNS stub resolver (RFC 1035): A records over UDP, with a TTL cache. */
#ifndef NET_DNS_H
#define NET_DNS_H
#include <net/net.h>

#define DNS_NAME_MAX  253 /* text form, without the final dot */
#define DNS_ADDRS_MAX 4   /* A records kept per name */

/* err is 0 (n >= 1 addresses) or NET_ENOTFOUND / NET_ETIMEDOUT /
 * NET_EPROTO / NET_ENOMEM. Called once per pending query. */
typedef void (*dns_done_fn)(void *ctx, int err, const char *name,
                            const ip4_addr_t *addrs, unsigned n);

/*
 * Resolve name. A dotted quad or a cached name completes at once: returns
 * 0 with *out set and fn is NOT called. Otherwise a query goes to the
 * configured servers (random ID and source port; dns_timeout_ms per try,
 * dns_tries rounds over the servers) and NET_EINPROGRESS is returned: fn
 * will be called exactly once, unless dns_cancel(ctx) comes first. Other
 * errors: NET_EINVAL (bad name), NET_ENETUNREACH (no server), NET_ENOMEM.
 */
int dns_resolve(struct net_stack *s, const char *name, ip4_addr_t *out,
                dns_done_fn fn, void *ctx);
/* Forget every pending query started with ctx (fn is not called). */
void dns_cancel(struct net_stack *s, void *ctx);

#endif
