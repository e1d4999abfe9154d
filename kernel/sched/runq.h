/* SPDX-License-Identifier: MIT */
/*
 * The run queue: one FIFO per priority level and a bitmap of the non-empty
 * ones. Picking takes the head of the highest non-empty level, so threads
 * of one level take turns (round robin) and a lower level runs only when
 * every higher one is empty. Portable, host-tested.
 *
 *   mask  0b1010          level 3: [a] -> [b]     <- pop takes a
 *                         level 2: (empty)
 *                         level 1: [c]
 */
#ifndef KERNEL_SCHED_RUNQ_H
#define KERNEL_SCHED_RUNQ_H
#include <stdbool.h>
#include <libk/list.h>

#define SCHED_PRIOS 4 /* 0 = idle only ... 3 = highest */

struct runq {
	struct list_node level[SCHED_PRIOS];
	unsigned mask;
	unsigned count;
};

void runq_init(struct runq *rq);
/* Append node at level prio (clamped to SCHED_PRIOS - 1). */
void runq_push(struct runq *rq, struct list_node *node, unsigned prio);
/* Remove and return the next node to run, or NULL if all are empty. */
struct list_node *runq_pop(struct runq *rq);
/* The first node, highest level first, for which ok(node, ctx) is true,
 * removed from the queue; NULL if none is. */
struct list_node *runq_pop_if(struct runq *rq,
                              bool (*ok)(const struct list_node *, void *),
                              void *ctx);
/* The highest non-empty level, or -1. */
int runq_top(const struct runq *rq);
/* Take node (queued at level prio) out of the queue. */
void runq_remove(struct runq *rq, struct list_node *node, unsigned prio);
#endif
