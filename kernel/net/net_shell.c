/* SPDX-License-Identifier: MIT */
/* ifconfig, dhcp, ping, nslookup, arp, udpecho: the network from the
 * shell, through the blocking calls of net_sock.h. */
#include <libk/parse.h>
#include <libk/string.h>
#include <net/arp.h>
#include <net/dhcp.h>
#include <net/icmp.h>
#include "net/net_sock.h"
#include "net/netif.h"
#include "sched/thread.h"
#include "shell/shell.h"
#include "time/time.h"

#define PING_LEN 56 /* Linux's default payload (-s changes it) */

static void sh_line(void *ctx, const char *line)
{
	(void)ctx;
	sh_printf("%s\n", line);
}

static const char *ip(ip4_addr_t a, char buf[IP4_STR_MAX])
{
	return ip4_format(a, buf);
}

static void print_dir(const char *dir, uint64_t pk, uint64_t by, uint64_t er,
                      uint64_t dr)
{
	sh_printf("        %s packets %llu  bytes %llu  errors %llu  dropped "
	          "%llu\n",
	          dir, (unsigned long long)pk, (unsigned long long)by,
	          (unsigned long long)er, (unsigned long long)dr);
}

static void print_counters(const struct netdev_stats *st)
{
	print_dir("RX", st->rx_packets, st->rx_bytes, st->rx_errors,
	          st->rx_dropped);
	print_dir("TX", st->tx_packets, st->tx_bytes, st->tx_errors,
	          st->tx_dropped);
}

static void print_stack_iface(struct net_stack *s)
{
	struct net_iface_info in;
	char a[IP4_STR_MAX], b[IP4_STR_MAX], c[IP4_STR_MAX];

	net_lock();
	if (net_iface_info(s, &in)) {
		net_unlock();
		return;
	}
	sh_printf("        dhcp %s\n", dhcp_state_name(dhcp_state(s)));
	net_unlock();
	if (in.configured)
		sh_printf("        inet %s  netmask %s  gateway %s\n",
		          ip(in.ip, a), ip(in.mask, b), ip(in.gw, c));
	else
		sh_printf("        inet (none)\n");
	for (unsigned i = 0; i < in.ndns; i++)
		sh_printf("        dns %s\n", ip(in.dns[i], a));
}

static int cmd_ifconfig(int argc, char **argv)
{
	bool stack_counters = argc == 2;

	if (argc == 2 && strcmp(argv[1], "-s"))
		return 2;
	if (!netdev_count())
		sh_printf("no network interfaces\n");
	for (unsigned i = 0; i < netdev_count(); i++) {
		struct netdev *d = netdev_get(i);
		const uint8_t *m = d->mac;

		sh_printf("%s: %s  link %s  mtu %u\n", d->name, d->driver,
		          d->link_up ? "up" : "down", d->mtu);
		sh_printf("        ether %02x:%02x:%02x:%02x:%02x:%02x\n", m[0],
		          m[1], m[2], m[3], m[4], m[5]);
		if (d->stack)
			print_stack_iface(d->stack);
		else
			sh_printf("        (no stack attached)\n");
		print_counters(&d->stats);
	}
	if (stack_counters && net_stack()) {
		net_lock();
		net_counters_dump(net_stack(), sh_line, NULL);
		net_unlock();
	}
	return 0;
}
SHELL_CMD(ifconfig, "[-s]", "interfaces: address, MAC, link, counters", 0, 1,
          cmd_ifconfig);

static void print_lease(const struct dhcp_lease *l)
{
	char a[IP4_STR_MAX], b[IP4_STR_MAX];

	sh_printf("lease: %s/%d gateway %s\n", ip(l->ip, a),
	          ip4_mask_prefix(l->mask), ip(l->gw, b));
	sh_printf("server %s, %u s (renew at %u s, rebind at %u s)\n",
	          ip(l->server, a), l->lease_s, l->t1_s, l->t2_s);
	for (unsigned i = 0; i < l->ndns; i++)
		sh_printf("dns %s\n", ip(l->dns[i], a));
}

static int cmd_dhcp(int argc, char **argv)
{
	struct dhcp_lease l;
	int rc;

	(void)argc;
	(void)argv;
	sh_printf("dhcp: discovering on eth0...\n");
	rc = knet_dhcp(30000, &l);
	if (rc) {
		sh_printf("dhcp: %s\n", net_strerror(rc));
		return 1;
	}
	print_lease(&l);
	return 0;
}
SHELL_CMD(dhcp, "", "run DHCP on eth0 and print the lease", 0, 0, cmd_dhcp);

/* Host as a dotted quad, or through DNS. Prints why on failure. */
static int resolve_or_say(const char *cmd, const char *host, ip4_addr_t *out)
{
	int rc = knet_resolve(host, out, 5000);

	if (rc)
		sh_printf("%s: %s: %s\n", cmd, host, net_strerror(rc));
	return rc;
}

struct ping_stats {
	unsigned sent, received, errors;
	uint64_t min_us, max_us, sum_us;
};

static void us_print(const char *pre, uint64_t us)
{
	sh_printf("%s%llu.%03llu", pre, (unsigned long long)(us / 1000),
	          (unsigned long long)(us % 1000));
}

static void ping_one(ip4_addr_t dst, unsigned seq, size_t len,
                     struct ping_stats *ps)
{
	struct knet_ping_result r;
	char a[IP4_STR_MAX];
	int rc = knet_ping(dst, (uint16_t)seq, len, 2000, &r);

	ps->sent++;
	if (rc == NET_EHOSTUNREACH) {
		ps->errors++;
		sh_printf("From %s icmp_seq=%u Destination Unreachable (code "
		          "%u)\n",
		          ip(r.from, a), seq, r.code);
		return;
	}
	if (rc) {
		sh_printf("icmp_seq=%u: %s\n", seq, net_strerror(rc));
		return;
	}
	ps->received++;
	ps->sum_us += r.rtt_us;
	if (ps->received == 1 || r.rtt_us < ps->min_us)
		ps->min_us = r.rtt_us;
	if (r.rtt_us > ps->max_us)
		ps->max_us = r.rtt_us;
	sh_printf("%u bytes from %s: icmp_seq=%u ttl=%u", (unsigned)len + 8,
	          ip(r.from, a), seq, r.ttl);
	us_print(" time=", r.rtt_us);
	sh_printf(" ms\n");
}

static void ping_summary(const char *host, const struct ping_stats *ps,
                         uint64_t elapsed_ms)
{
	unsigned loss =
	    ps->sent ? (ps->sent - ps->received) * 100 / ps->sent : 0;

	sh_printf("\n--- %s ping statistics ---\n", host);
	sh_printf("%u packets transmitted, %u received, ", ps->sent,
	          ps->received);
	if (ps->errors)
		sh_printf("+%u errors, ", ps->errors);
	sh_printf("%u%% packet loss, time %llums\n", loss,
	          (unsigned long long)elapsed_ms);
	if (!ps->received)
		return;
	us_print("rtt min/avg/max = ", ps->min_us);
	us_print("/", ps->sum_us / ps->received);
	us_print("/", ps->max_us);
	sh_printf(" ms\n");
}

/* "-c N" or "-s N" at argv[i]: 0 and *v, or 2 (usage). */
static int ping_opt(int argc, char **argv, int i, uint64_t max, uint64_t *v)
{
	if (i + 1 >= argc ||
	    kparse_u64(argv[i + 1], strlen(argv[i + 1]), 10, v) || *v > max)
		return 2;
	return 0;
}

static int cmd_ping(int argc, char **argv)
{
	const char *host = NULL;
	struct ping_stats ps = {0};
	uint64_t count = 4, len = PING_LEN, start;
	ip4_addr_t dst;
	char a[IP4_STR_MAX];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c")) {
			if (ping_opt(argc, argv, i++, 100000, &count) || !count)
				return 2;
		} else if (!strcmp(argv[i], "-s")) {
			if (ping_opt(argc, argv, i++, ICMP_ECHO_DATA_MAX, &len))
				return 2;
		} else if (!host) {
			host = argv[i];
		} else {
			return 2;
		}
	}
	if (!host)
		return 2;
	if (resolve_or_say("ping", host, &dst))
		return 1;
	sh_printf("PING %s (%s) %u(%u) bytes of data.\n", host, ip(dst, a),
	          (unsigned)len, (unsigned)len + 28);
	start = time_ns();
	for (unsigned seq = 1; seq <= count; seq++) {
		uint64_t t0 = time_ns(), spent;

		ping_one(dst, seq, (size_t)len, &ps);
		spent = time_ns() - t0;
		if (seq < count && spent < 1000000000ull)
			thread_sleep_ns(1000000000ull - spent);
	}
	ping_summary(host, &ps, (time_ns() - start) / 1000000);
	return ps.received ? 0 : 1;
}
SHELL_CMD(ping, "HOST [-c N] [-s SIZE]",
          "ICMP echo (SIZE <= 65507), Linux-style summary", 1, 5, cmd_ping);

static int cmd_nslookup(int argc, char **argv)
{
	struct net_iface_info in;
	ip4_addr_t addr;
	char a[IP4_STR_MAX];
	int rc;

	(void)argc;
	if (!net_stack()) {
		sh_printf("nslookup: %s\n", net_strerror(NET_ENODEV));
		return 1;
	}
	net_lock();
	rc = net_iface_info(net_stack(), &in);
	net_unlock();
	sh_printf("Server:  %s\n",
	          !rc && in.ndns ? ip(in.dns[0], a) : "(none)");
	if (resolve_or_say("nslookup", argv[1], &addr))
		return 1;
	sh_printf("Name:    %s\nAddress: %s\n", argv[1], ip(addr, a));
	return 0;
}
SHELL_CMD(nslookup, "NAME", "resolve a name (DNS A record)", 1, 1,
          cmd_nslookup);

static int cmd_arp(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "-f"))
		return 2;
	if (!net_stack()) {
		sh_printf("arp: %s\n", net_strerror(NET_ENODEV));
		return 1;
	}
	net_lock();
	if (argc == 2)
		arp_flush(net_stack());
	else
		arp_dump(net_stack(), sh_line, NULL);
	net_unlock();
	return 0;
}
SHELL_CMD(arp, "[-f]", "the ARP cache (-f flushes it)", 0, 1, cmd_arp);
