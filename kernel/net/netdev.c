/* SPDX-License-Identifier: MIT */
/* The NIC registry and the netd thread (netif.h). */
#include <libk/printf.h>
#include <libk/string.h>
#include "net/netif.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "time/time.h"

static struct netdev *devs[NETDEV_MAX];
static unsigned ndevs;

static struct spinlock kick_lk = SPINLOCK_INIT("netd-kick");
static struct waitq kick_wq = WAITQ_INIT(kick_wq);
static bool kicked;
static struct mutex stack_mutex;

int netdev_register(struct netdev *dev)
{
	if (ndevs == NETDEV_MAX)
		return -1;
	snprintf(dev->name, sizeof(dev->name), "eth%u", ndevs);
	devs[ndevs++] = dev;
	return 0;
}

unsigned netdev_count(void)
{
	return ndevs;
}

struct netdev *netdev_get(unsigned i)
{
	return i < ndevs ? devs[i] : NULL;
}

void netdev_kick(void)
{
	uint64_t f = spin_lock_irqsave(&kick_lk);

	kicked = true;
	waitq_wake_all(&kick_wq);
	spin_unlock_irqrestore(&kick_lk, f);
}

void net_lock(void)
{
	mutex_lock(&stack_mutex);
}

void net_unlock(void)
{
	mutex_unlock(&stack_mutex);
}

/* Sleep until an interrupt kicks us or the period ends. */
static void netd_wait(void)
{
	uint64_t f = spin_lock_irqsave(&kick_lk);

	if (!kicked)
		waitq_wait_timeout(&kick_wq, &kick_lk,
		                   NETD_PERIOD_MS * 1000000ull);
	kicked = false;
	spin_unlock_irqrestore(&kick_lk, f);
}

/* One round: every NIC with a stack polled until it runs dry (bounded,
 * so a flood cannot keep netd from the timers), then the stack's timers.
 * Returns true if a NIC still had frames when the round ended. */
static bool netd_round(void)
{
	bool more = false;

	net_lock();
	for (unsigned i = 0; i < ndevs; i++) {
		struct netdev *d = devs[i];
		unsigned rounds = 0;

		if (!d->stack)
			continue;
		while (d->ops->poll(d, NETD_BUDGET) == NETD_BUDGET)
			if (++rounds == 4) {
				more = true;
				break;
			}
	}
	if (net_stack())
		net_poll_timers(net_stack());
	net_unlock();
	return more;
}

static void netd_main(void *arg)
{
	(void)arg;
	for (;;) {
		if (netd_round())
			thread_yield(); /* let others run under a flood */
		else
			netd_wait();
	}
}

void netd_start(void)
{
	mutex_init(&stack_mutex, "net");
	if (!thread_create("netd", netd_main, NULL, PRIO_NORMAL))
		net_log("net: cannot start netd\n");
}
