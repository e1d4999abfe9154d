/* SPDX-License-Identifier: MIT */
/*
 * Limits the kernel's TCP services (httpd.c, tcp_services.c) share
 * against slow or greedy clients: at most svc_per_src_max connections
 * from one source address per service (a new one beyond that is reset
 * at accept and counted), so one host cannot take every slot.
 */
#ifndef KERNEL_NET_SVC_LIMIT_H
#define KERNEL_NET_SVC_LIMIT_H
#include <net/net.h>

/* Connections one address may hold per service: 16; 0 = no cap. A
 * tunable: change it at any time (it applies to new connections). */
extern unsigned svc_per_src_max;
/* Connections echo and discard reset for that (httpd counts its own). */
extern uint64_t svc_src_refused;

/* Whether a connection from addr may join a service whose live
 * connections come from from[0..n) (svc_per_src_max). */
bool svc_src_room(const ip4_addr_t *from, unsigned n, ip4_addr_t addr);
#endif
