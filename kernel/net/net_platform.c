/* SPDX-License-Identifier: MIT */
/* The kernel's platform hooks for the network stack, and the stack on
 * eth0 (net_platform.h). */
#include <mm/kmalloc.h>
#include <arch/irq_flags.h>
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

/* The heap is not thread-safe: interrupts off around it (one CPU), the
 * way the scheduler guards its own calls (sched/stack.c). */
void *net_kmalloc(size_t n)
{
	uint64_t f = irq_save();
	void *p = kmalloc(n);

	irq_restore(f);
	return p;
}

void net_kfree(void *p)
{
	uint64_t f = irq_save();

	kfree(p);
	irq_restore(f);
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
