/* SPDX-License-Identifier: MIT */
/* A UDP echo server (RFC 862) on a kernel thread: every datagram goes
 * back to its sender unchanged. Started by `udpecho [PORT]`. */
#include <libk/parse.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include "net/net_sock.h"
#include "sched/thread.h"
#include "shell/shell.h"

struct echo {
	struct udp_sock *u;
	uint16_t port;
	uint64_t echoed;
	uint8_t buf[UDP_DATA_MAX];
};

static void echo_main(void *arg)
{
	struct echo *e = arg;
	ip4_addr_t src;
	uint16_t sport;

	for (;;) {
		int n = knet_udp_recvfrom(e->u, e->buf, sizeof(e->buf), &src,
		                          &sport, 60000);

		if (n < 0)
			continue; /* timeout, or an ICMP error for a peer */
		if ((size_t)n > sizeof(e->buf))
			n = sizeof(e->buf);
		if (knet_udp_sendto(e->u, src, sport, e->buf, (size_t)n) >= 0)
			e->echoed++;
	}
}

static int cmd_udpecho(int argc, char **argv)
{
	uint64_t port = 7;
	struct echo *e;
	int rc;

	if (argc == 2 && (kparse_u64(argv[1], strlen(argv[1]), 10, &port) ||
	                  !port || port > 65535))
		return 2;
	e = kcalloc(1, sizeof(*e));
	if (!e)
		return 1;
	e->port = (uint16_t)port;
	rc = knet_udp_open(&e->u, e->port);
	if (rc || !thread_create("udpecho", echo_main, e, PRIO_NORMAL)) {
		sh_printf("udpecho: port %u: %s\n", e->port,
		          net_strerror(rc ? rc : NET_ENOMEM));
		if (!rc)
			knet_udp_close(e->u);
		kfree(e);
		return 1;
	}
	sh_printf("udpecho: listening on UDP port %u\n", e->port);
	return 0;
}
SHELL_CMD(udpecho, "[PORT]", "start a UDP echo server (default port 7)", 0, 1,
          cmd_udpecho);
