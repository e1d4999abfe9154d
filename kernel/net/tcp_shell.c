/* SPDX-License-Identifier: MIT */
/*
 * `netstat`: one line per TCP socket of the stack (listeners, connections,
 * orphans still closing, TIME-WAIT), and `netstat -s`: the stack's
 * counters. The sockets are copied out under the net lock and printed
 * after it is dropped, so a slow console never stalls the stack.
 */
#include <libk/printf.h>
#include <libk/string.h>
#include <net/tcp_sock.h>
#include "net/net_platform.h"
#include "net/netif.h"
#include "shell/shell.h"

#define ADDR_STR_MAX (IP4_STR_MAX + 6) /* a.b.c.d:port */

struct snap {
	struct tcp_sock_info *v;
	unsigned n, cap;
	unsigned missed; /* sockets that did not fit */
};

static void snap_one(void *ctx, const struct tcp_sock_info *i)
{
	struct snap *s = ctx;

	if (s->n < s->cap)
		s->v[s->n++] = *i;
	else
		s->missed++;
}

/* Copy every socket's info (net lock taken here). False if out of
 * memory. */
static bool snap_take(struct snap *s)
{
	net_lock();
	s->cap = (unsigned)net_counters(net_stack())->tcp_socks + 16;
	s->v = net_kmalloc(s->cap * sizeof(*s->v));
	s->n = s->missed = 0;
	if (s->v)
		tcp_foreach(net_stack(), snap_one, s);
	net_unlock();
	return s->v != NULL;
}

static const char *addr_str(ip4_addr_t a, uint16_t port, bool any_port,
                            char out[ADDR_STR_MAX])
{
	char ip[IP4_STR_MAX];

	ip4_format(a, ip);
	if (any_port)
		snprintf(out, ADDR_STR_MAX, "%s:*", ip);
	else
		snprintf(out, ADDR_STR_MAX, "%s:%u", ip, port);
	return out;
}

/* "inf" for the initial (unbounded) slow-start threshold. */
static const char *ssthresh_str(uint32_t v, char out[12])
{
	if (v == UINT32_MAX)
		return "inf";
	snprintf(out, 12, "%u", v);
	return out;
}

static void print_sock(const struct tcp_sock_info *i)
{
	char l[ADDR_STR_MAX], r[ADDR_STR_MAX], ss[12];
	bool listening = i->state == TCP_LISTEN;

	sh_printf("tcp   %-21s %-21s %-12s%s",
	          addr_str(i->laddr, i->lport, false, l),
	          addr_str(i->raddr, i->rport, listening, r),
	          tcp_state_name(i->state), i->orphan ? "*" : " ");
	if (listening) {
		sh_printf(" backlog %u accept-q %u syn-q %u\n", i->backlog,
		          i->accept_q, i->syn_q);
		return;
	}
	sh_printf(" %7u %7u %5u/%-5u %8u %8s\n", i->sndq, i->rcvq, i->srtt_ms,
	          i->rttvar_ms, i->cwnd, ssthresh_str(i->ssthresh, ss));
}

static int netstat_sockets(void)
{
	struct snap s;

	if (!snap_take(&s)) {
		sh_printf("netstat: out of memory\n");
		return 1;
	}
	sh_printf("proto local                 remote                state   "
	          "      send-q  recv-q rtt/var ms     cwnd ssthresh\n");
	for (unsigned k = 0; k < s.n; k++)
		print_sock(&s.v[k]);
	if (s.missed)
		sh_printf("(%u more sockets appeared while listing)\n",
		          s.missed);
	sh_printf("%u TCP sockets (* = closed by its owner, finishing)\n", s.n);
	net_kfree(s.v);
	return 0;
}

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	sh_printf("%s\n", line);
}

static int cmd_netstat(int argc, char **argv)
{
	bool counters = argc == 2;

	if (argc == 2 && strcmp(argv[1], "-s"))
		return 2;
	if (!net_stack()) {
		sh_printf("netstat: no network stack\n");
		return 1;
	}
	if (!counters)
		return netstat_sockets();
	net_lock();
	net_counters_dump(net_stack(), print_line, NULL);
	net_unlock();
	return 0;
}
SHELL_CMD(netstat, "[-s]", "TCP sockets (-s: the stack's counters)", 0, 1,
          cmd_netstat);
