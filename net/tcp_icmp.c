/* SPDX-License-Identifier: MIT */
/*
 * ICMP destination unreachable for a TCP connection (RFC 1122 4.2.3.9):
 * protocol or port unreachable while connecting ends the attempt; every
 * other case is a soft error, kept and reported only if the connection
 * then times out. Synchronized connections never abort on ICMP (RFC
 * 5461), and the quoted sequence number must lie in SND.UNA..SND.MAX
 * (RFC 5927 4.1) so blind forgeries are ignored.
 */
#include "tcp_priv.h"
#include "tcp_sock_priv.h"

void tcp_icmp_unreach(struct net_stack *s, ip4_addr_t raddr, uint16_t lport,
                      uint16_t rport, uint32_t seq, uint8_t code)
{
	struct tcp_sock *t = tcp_lookup(s, s->ip, lport, raddr, rport);
	if (!t)
		return;
	struct tcp_conn *c = &t->c;
	if (c->snd_una == c->snd_max ||
	    !seq_between(seq, c->snd_una, c->snd_max - 1))
		return;
	bool hard = code == 2 || code == 3;
	int err = hard ? NET_ECONNREFUSED : NET_EHOSTUNREACH;
	if (hard && c->state == TCP_SYN_SENT) {
		tcp_fail(c, err);
		tcp_after_event(t);
		return;
	}
	t->soft_err = err;
	t->soft_una = c->snd_una;
}

int tcp_sock_err(const struct tcp_sock *t)
{
	int err = t->c.err;
	if (err == NET_ETIMEDOUT && t->soft_err && t->c.snd_una == t->soft_una)
		return t->soft_err;
	return err;
}
