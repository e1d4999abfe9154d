/* SPDX-License-Identifier: MIT */
/* The kernel's platform hooks for the network stack, and the stack on
 * eth0 (net_platform.h). */
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "core/csprng.h"
#include "net/net_platform.h"
#include "time/time.h"

static struct net_stack *stack0;

struct net_stack *net_stack(void)
{
	return stack0;
}

void net_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
}

static uint64_t plat_now_ms(void)
{
	return time_ns() / 1000000u;
}

static uint32_t plat_random32(void)
{
	return (uint32_t)csprng_u64();
}

/* kmalloc and kfree take mm's lock themselves (mm/kmalloc.h). */
void *net_kmalloc(size_t n)
{
	return kmalloc(n);
}

void net_kfree(void *p)
{
	kfree(p);
}

static const struct net_platform kernel_net_platform = {
    plat_now_ms, plat_random32, net_kmalloc, net_kfree, net_log,
};

struct net_stack *net_stack_attach(struct netdev *dev)
{
	stack0 = net_create(&kernel_net_platform);
	if (!stack0 || net_iface_add(stack0, dev))
		return NULL;
	return stack0;
}
