/* SPDX-License-Identifier: MIT */
/* What netstat shows: one tcp_sock_info per socket. */
#include "tcp_sock_priv.h"

void tcp_sock_info(const struct tcp_sock *t, struct tcp_sock_info *out)
{
	const struct tcp_conn *c = &t->c;
	nmemset(out, 0, sizeof(*out));
	out->laddr = t->laddr;
	out->raddr = t->raddr;
	out->lport = t->lport;
	out->rport = t->rport;
	out->state = c->state;
	out->orphan = t->orphan;
	out->sndq = t->sndmem ? c->snd.len : 0;
	out->rcvq = t->rcvmem ? c->rcv.used : 0;
	out->sndbuf = t->sndbuf;
	out->rcvbuf = t->rcvbuf;
	if (c->rtt.has_sample) {
		out->srtt_ms = (uint32_t)(c->rtt.srtt_us / 1000);
		out->rttvar_ms = (uint32_t)(c->rtt.rttvar_us / 1000);
		out->rto_ms = tcp_rtt_rto(&c->rtt);
	}
	out->cwnd = c->cc.cwnd;
	out->ssthresh = c->cc.ssthresh;
	out->snd_wnd = c->snd_wnd;
	out->rcv_wnd = t->rcvmem ? tcp_rcvbuf_window(&c->rcv) : 0;
	out->mss = c->smss;
	out->snd_ws = c->snd_ws;
	out->rcv_ws = c->rcv_ws;
	out->retransmits = c->stats.retransmits;
	out->backlog = t->backlog;
	out->accept_q = t->nacc;
	out->syn_q = t->nsyn;
}

void tcp_foreach(struct net_stack *s,
                 void (*fn)(void *ctx, const struct tcp_sock_info *i),
                 void *ctx)
{
	struct tcp_sock_info info;
	for (const struct tcp_sock *t = s->tcp->all; t; t = t->next) {
		tcp_sock_info(t, &info);
		fn(ctx, &info);
	}
}
