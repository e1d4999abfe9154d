/* SPDX-License-Identifier: MIT */
/*
 * ICMP destination unreachable for a TCP connection (RFC 1122 4.2.3.9):
 * protocol or port unreachable while connecting ends the attempt; every
 * other case is a soft error, kept and reported only if the connection
 * then times out. Synchronized connections never abort on ICMP (RFC
 * 5461), and the quoted sequence number must lie in SND.UNA..SND.MAX
 * (RFC 5927 4.1) so blind forgeries are ignored.
 *
 * "Fragmentation needed and DF set" (code 4) is path MTU discovery (RFC
 * 1191): every segment goes with DF, and a valid report lowers the
 * connection's SMSS to the next-hop MTU less the IP and TCP headers (and
 * the timestamp option), never raising it. A router that reports MTU 0
 * (pre-RFC 1191) gets the next plateau below the quoted datagram's
 * length (RFC 1191 7). The floor is 576 bytes, the datagram every host
 * must accept (RFC 791, RFC 1122 3.3.3; Linux's floor is 552): a forged
 * report cannot cut segments to a few bytes, at the price that a real
 * path below 576 stalls (we do not fall back to sending without DF).
 * Not done: no PMTU cache per destination (each connection starts at
 * the MSS again), no raising probes (RFC 1191 6.3), no PLPMTUD (RFC
 * 4821).
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

#define TCP_PMTU_MIN 576

/* RFC 1191 7, table 7-1: MTU plateaus, largest first. */
static const uint16_t pmtu_plateaus[] = {65535, 32000, 17914, 8166, 4352, 2002,
                                         1492,  1006,  508,   296,  68};

static uint32_t pmtu_guess(uint32_t mtu, uint32_t quoted_len)
{
	if (mtu == 0) {
		for (unsigned i = 0; i < sizeof(pmtu_plateaus) / 2; i++) {
			if (pmtu_plateaus[i] < quoted_len) {
				mtu = pmtu_plateaus[i];
				break;
			}
		}
	}
	return mtu < TCP_PMTU_MIN ? TCP_PMTU_MIN : mtu;
}

void tcp_icmp_frag_needed(struct net_stack *s, ip4_addr_t raddr, uint16_t lport,
                          uint16_t rport, uint32_t seq, uint16_t mtu,
                          uint16_t quoted_len)
{
	struct tcp_sock *t = tcp_lookup(s, s->ip, lport, raddr, rport);
	struct tcp_conn *c = t ? &t->c : NULL;
	if (!c || c->state < TCP_ESTABLISHED || c->snd_una == c->snd_max ||
	    !seq_between(seq, c->snd_una, c->snd_max - 1)) {
		s->cnt.tcp_pmtu_ignored++;
		return;
	}
	uint32_t hdrs = IP_HLEN + TCP_HDR_MIN + (c->ts_ok ? TCP_TS_OPT_LEN : 0);
	uint32_t smss = pmtu_guess(mtu, quoted_len) - hdrs;
	if (!tcp_conn_lower_smss(c, smss, net_now(s))) {
		s->cnt.tcp_pmtu_ignored++;
		return;
	}
	s->cnt.tcp_pmtu_lowered++;
	tcp_after_event(t);
}
