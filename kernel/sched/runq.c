/* SPDX-License-Identifier: MIT */
#include "sched/runq.h"

void runq_init(struct runq *rq)
{
	for (unsigned i = 0; i < SCHED_PRIOS; i++)
		list_init(&rq->level[i]);
	rq->mask = 0;
	rq->count = 0;
}

static unsigned prio_clamp(unsigned prio)
{
	return prio < SCHED_PRIOS ? prio : SCHED_PRIOS - 1;
}

void runq_push(struct runq *rq, struct list_node *node, unsigned prio)
{
	prio = prio_clamp(prio);
	list_add_tail(&rq->level[prio], node);
	rq->mask |= 1u << prio;
	rq->count++;
}

int runq_top(const struct runq *rq)
{
	return rq->mask ? 31 - __builtin_clz(rq->mask) : -1;
}

void runq_remove(struct runq *rq, struct list_node *node, unsigned prio)
{
	prio = prio_clamp(prio);
	list_del(node);
	rq->count--;
	if (list_empty(&rq->level[prio]))
		rq->mask &= ~(1u << prio);
}

struct list_node *runq_pop(struct runq *rq)
{
	int top = runq_top(rq);
	struct list_node *n;

	if (top < 0)
		return NULL;
	n = list_first(&rq->level[top]);
	runq_remove(rq, n, (unsigned)top);
	return n;
}

struct list_node *runq_pop_if(struct runq *rq,
                              bool (*ok)(const struct list_node *, void *),
                              void *ctx)
{
	for (int lvl = runq_top(rq); lvl >= 0; lvl--) {
		struct list_node *head = &rq->level[lvl], *n;

		for (n = head->next; n != head; n = n->next) {
			if (ok(n, ctx)) {
				runq_remove(rq, n, (unsigned)lvl);
				return n;
			}
		}
	}
	return NULL;
}
