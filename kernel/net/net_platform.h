/* SPDX-License-Identifier: MIT */
/*
 * The kernel as the network's platform (net_platform.c): the hooks the
 * portable stack is built with (time, CSPRNG, heap, log), the stack on
 * eth0 that every glue file reaches through net_stack(), and the heap
 * and log sink the glue and the NIC drivers use themselves. Bringing the
 * network up (when, on which NIC, configured how) is net_boot.c.
 */
#ifndef KERNEL_NET_NET_PLATFORM_H
#define KERNEL_NET_NET_PLATFORM_H
#include <stddef.h>
#include <net/net.h>
#include <net/netdev.h>

/* The stack on eth0 (NULL before net_stack_attach, or without a NIC). */
struct net_stack *net_stack(void);

/* Create the stack with the kernel's hooks, attach dev to it and make it
 * net_stack(). The stack, or NULL when it could not be created or dev
 * refused. Called once, by net_start. */
struct net_stack *net_stack_attach(struct netdev *dev);

/* The kernel heap for networking code, and the stack's alloc/free hooks:
 * kmalloc/kfree, which take mm's lock themselves. */
void *net_kmalloc(size_t n);
void net_kfree(void *p);

/* A sink for the stack's log hook and the drivers: "net: ..." lines. */
void net_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
