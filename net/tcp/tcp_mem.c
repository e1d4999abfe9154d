/* SPDX-License-Identifier: MIT */
/*
 * The stack's TCP memory budget, like Linux's tcp_mem: every socket
 * structure and buffer is charged to tcp_mem_bytes when allocated and
 * credited when freed (tcp_table.c). Three tunables give the states:
 *
 *   bytes:  0 ....... low ....... pressure ............ high
 *   state:  NORMAL ------------------>|PRESSURE ----->|HARD|
 *           NORMAL<---|(leaves pressure only below low)
 *
 * HARD: not even one connection with small buffers (TCP_MEM_CONN_MIN)
 * fits below high any more. Whatever the state, an allocation that
 * would pass high is refused (tcp_mem_room).
 *
 * What each state does is in tcp_sock.h (Limits).
 */
#include "tcp_sock_priv.h"

/* A connection started under pressure: its socket and small buffers. */
#define TCP_MEM_CONN_MIN (sizeof(struct tcp_sock) + 2 * TCP_BUF_PRESSURE)

void tcp_mem_update(struct net_stack *s)
{
	const struct net_tunables *tu = &s->tun;
	uint64_t used = s->cnt.tcp_mem_bytes, was = s->cnt.tcp_mem_state;
	uint64_t st = was;
	if (used + TCP_MEM_CONN_MIN > tu->tcp_mem_high)
		st = TCP_MEM_HARD; /* not even a small connection fits */
	else if (used > tu->tcp_mem_pressure)
		st = TCP_MEM_PRESSURE;
	else if (used < tu->tcp_mem_low)
		st = TCP_MEM_NORMAL;
	else if (st == TCP_MEM_HARD)
		st = TCP_MEM_PRESSURE;
	if (was == TCP_MEM_NORMAL && st != TCP_MEM_NORMAL)
		s->cnt.tcp_mem_pressure_events++;
	s->cnt.tcp_mem_state = st;
	s->tcp->wnd_clamp =
	    st == TCP_MEM_NORMAL ? UINT32_MAX : TCP_BUF_PRESSURE;
}

void tcp_mem_charge(struct net_stack *s, int64_t delta)
{
	TCP_ASSERT(s, delta >= 0 || s->cnt.tcp_mem_bytes >= (uint64_t)-delta,
	           "tcp_mem_bytes credited below zero");
	s->cnt.tcp_mem_bytes += (uint64_t)delta;
	tcp_mem_update(s);
}

bool tcp_mem_room(struct net_stack *s, uint64_t bytes)
{
	if (s->cnt.tcp_mem_bytes + bytes <= s->tun.tcp_mem_high)
		return true;
	s->cnt.tcp_mem_refused++;
	return false;
}

uint32_t tcp_mem_bufsize(const struct net_stack *s, uint32_t size)
{
	if (s->cnt.tcp_mem_state == TCP_MEM_NORMAL || size <= TCP_BUF_PRESSURE)
		return size;
	return TCP_BUF_PRESSURE;
}
