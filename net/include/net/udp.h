/* SPDX-License-Identifier: MIT */
/*
 * UDP sockets (RFC 768), non-blocking. The glue builds blocking calls on
 * udp_poll + the notify callback (which it uses to wake a wait queue):
 *
 *   u = udp_open(s);  udp_bind(u, IP4_ANY, 0);       0 = ephemeral port
 *   udp_sendto(u, dst, port, buf, len);
 *   while ((n = udp_recvfrom(u, buf, cap, &src, &sport)) == NET_EAGAIN)
 *           wait until notified;
 *   udp_close(u);
 */
#ifndef NET_UDP_H
#define NET_UDP_H
#include <net/net.h>

#define UDP_DATA_MAX      65507 /* 65535 - IP - UDP headers (fragmented) */
#define UDP_EPHEMERAL_LO  49152
#define UDP_EPHEMERAL_HI  65535
#define UDP_POLL_READABLE 1u /* a datagram is queued */
#define UDP_POLL_ERROR    2u /* an ICMP error is pending */

struct udp_sock;
typedef void (*udp_notify_fn)(void *ctx, struct udp_sock *u);

/* A new unbound socket, or NULL (out of memory). */
struct udp_sock *udp_open(struct net_stack *s);
/* Bind to addr (IP4_ANY or the interface address) and port (0: a random
 * free ephemeral port). NET_EADDRINUSE, NET_EINVAL (already bound). */
int udp_bind(struct udp_sock *u, ip4_addr_t addr, uint16_t port);
uint16_t udp_local_port(const struct udp_sock *u);
/* Send len <= UDP_DATA_MAX bytes (fragmented beyond the MTU) (an unbound socket
 * is bound to an ephemeral port first). Returns len or NET_E*. Broadcast
 * 255.255.255.255 works without an address (the DHCP client uses it). */
int udp_sendto(struct udp_sock *u, ip4_addr_t dst, uint16_t dport,
               const void *buf, size_t len);
/* Take the oldest datagram: copies min(len, cap) bytes, returns the
 * datagram's full length (a longer datagram is truncated, like
 * MSG_TRUNC), fills src/sport if non-NULL. NET_EAGAIN when empty; a
 * pending ICMP error is returned (and cleared) first, as NET_E*. */
int udp_recvfrom(struct udp_sock *u, void *buf, size_t cap, ip4_addr_t *src,
                 uint16_t *sport);
/* UDP_POLL_* bits. */
unsigned udp_poll(const struct udp_sock *u);
/* fn(ctx, u) runs whenever u becomes readable or gets an error. */
void udp_set_notify(struct udp_sock *u, udp_notify_fn fn, void *ctx);
/* Datagrams dropped because the queue was full. */
uint64_t udp_drops(const struct udp_sock *u);
/* Unbind, free queued datagrams and the socket. NULL is ignored. */
void udp_close(struct udp_sock *u);

#endif
