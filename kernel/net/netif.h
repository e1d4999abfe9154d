/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of networking: the NIC registry, the netd thread and
 * the lock around the portable stack (net/).
 *
 *   PCI probe (boot)  --netdev_register(dev)-->  eth0, eth1, ...
 *   (the NIC drivers are in kernel/drivers/net/)
 *   NIC interrupt     --netdev_kick()--------->  wakes netd
 *   netd thread       loop: net_lock; ops->poll(budget) for each NIC;
 *                     net_poll_timers; net_unlock; sleep until kicked
 *                     or NETD_PERIOD_MS
 *   shell / kernel    net_lock; non-blocking stack call; net_unlock;
 *   threads           wait on the event queue (net_sock.h)
 *
 * Locking choice: one sleeping mutex (net_lock) serialises every call
 * into the stack, from netd and from the threads using sockets. The stack
 * is single-threaded (net/include/net/net.h), and this is the simplest
 * way to honour that without a request queue: calls are short and never
 * block inside the lock. Interrupt handlers never take it: they only
 * acknowledge the device and call netdev_kick().
 */
#ifndef KERNEL_NET_NETIF_H
#define KERNEL_NET_NETIF_H
#include <stdbool.h>
#include <net/net.h>
#include <net/netdev.h>
#include "net/net_platform.h" /* net_stack(), net_log() */

#define NETDEV_MAX     4
#define NETD_BUDGET    64 /* frames per poll call */
#define NETD_PERIOD_MS 20 /* poll fallback and timer period */

/* Name dev eth<N> and remember it. 0, or -1 when the table is full.
 * Called from driver probes at boot, before net_start. */
int netdev_register(struct netdev *dev);
unsigned netdev_count(void);
struct netdev *netdev_get(unsigned i);

/* Driver helpers: the frame was queued (count it); the device's link
 * bit as just read (tell the stack when it changed). */
static inline int netdev_tx_done(struct netdev *dev, size_t len)
{
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	return NETDEV_TX_OK;
}

static inline void netdev_link_seen(struct netdev *dev, bool up)
{
	if (up != dev->link_up)
		netdev_set_link(dev, up);
}

/* From interrupt handlers: there is work for netd. */
void netdev_kick(void);

/* After sched_init: build the stack on eth0, apply net= from the kernel
 * command line (default dhcp), start netd. Nothing happens without a
 * NIC or with net=none. */
void net_start(void);

/* Start netd (net_start does). */
void netd_start(void);

/* The lock around every call into the stack (net_stack()). */
void net_lock(void);
void net_unlock(void);
#endif
