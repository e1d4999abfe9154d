/* SPDX-License-Identifier: MIT */
/*
 * The TCP connection states (RFC 9293 3.3.2), as netstat shows them
 * (tcp_sock_info) and as the connection machine (net/tcp/tcp.h) keeps
 * them.
 */
#ifndef NET_TCP_STATE_H
#define NET_TCP_STATE_H

enum tcp_state {
	TCP_CLOSED,
	TCP_LISTEN,
	TCP_SYN_SENT,
	TCP_SYN_RECEIVED,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
};

/* "ESTABLISHED", "TIME-WAIT", ... (net/tcp/tcp_conn.c). */
const char *tcp_state_name(enum tcp_state s);

#endif
