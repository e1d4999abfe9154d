/* SPDX-License-Identifier: MIT */
/*
 * The lock-order checker's logic, portable (no arch header; host-tested in
 * tests/host/sync). Locks belong to classes, named by the string a lock is
 * initialised with: every "pipe" lock is one class. Each context (a CPU
 * for spinlocks, a thread for mutexes) keeps the stack of classes it
 * holds; taking class N while holding H records the edge H -> N ("N was
 * taken while H was held"). An edge that closes a cycle is an inversion:
 * two contexts can each hold one lock of the cycle and wait for the next.
 *
 *   held stack            graph (after[a] bit b: a -> b)
 *   +---------+              net ----> console
 *   | console |  take net?    ^           |
 *   | tty     |  console->net |___________|  closes net->console->net
 *   +---------+
 *
 * Bounded: LD_CLASSES classes (adjacency as a 256x256 bitmap, 8 KiB),
 * LD_HELD_MAX nested locks per context. Running out is a verdict of its
 * own (the caller turns the checker off and says so), never a crash.
 *
 * Interrupt rule: a class held with interrupts enabled (a plain spin_lock)
 * must never be taken in an interrupt handler, or the handler can spin
 * on a lock its own CPU holds. Mutexes sleep: never in a handler, never
 * under a spinlock.
 *
 * The caller serialises calls on one graph; a held stack belongs to one
 * context at a time.
 */
#ifndef KERNEL_SYNC_LOCKDEP_GRAPH_H
#define KERNEL_SYNC_LOCKDEP_GRAPH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LD_CLASSES  256
#define LD_HELD_MAX 16
#define LD_WORDS    (LD_CLASSES / 64)

/* How a class has been used (struct ld_graph.usage). */
enum {
	LD_USED_IRQ_ON = 1,  /* held with interrupts enabled */
	LD_USED_IN_IRQ = 2,  /* taken in an interrupt handler */
	LD_USED_SLEEPING = 4 /* a mutex's class */
};

/* What an acquisition is (ld_acquire's flags). */
enum {
	LD_IRQ_ON = 1, /* interrupts stay enabled while it is held */
	LD_IN_IRQ = 2, /* the taker is an interrupt handler */
	LD_SLEEP = 4   /* a sleeping lock (mutex) */
};

enum ld_verdict {
	LD_OK,
	LD_INVERSION,        /* taking .taking while holding .holding closes
	                        the cycle .path[0] (= taking) .. .holding */
	LD_SAME_CLASS,       /* a second lock of a class already held */
	LD_IRQ_UNSAFE,       /* .taking is used both in irq and with IF on */
	LD_SLEEP_IN_IRQ,     /* a mutex taken in an interrupt handler */
	LD_SLEEP_UNDER_SPIN, /* a mutex taken while .holding (a spinlock) */
	LD_TOO_MANY_CLASSES,
	LD_TOO_DEEP /* more than LD_HELD_MAX locks held at once */
};

struct ld_held {
	unsigned n;
	uint16_t cls[LD_HELD_MAX];
};

struct ld_report {
	enum ld_verdict v;
	unsigned taking, holding; /* classes */
	const char *name;         /* taking's name (LD_TOO_MANY_CLASSES) */
	unsigned flags;           /* the acquisition's flags */
	unsigned path_len;        /* LD_INVERSION: taking -> ... -> holding */
	uint16_t path[LD_CLASSES];
};

struct ld_graph {
	unsigned n;
	const char *name[LD_CLASSES];
	uint8_t usage[LD_CLASSES];
	uint64_t after[LD_CLASSES][LD_WORDS];
	/* scratch for the reachability search */
	uint16_t parent[LD_CLASSES], queue[LD_CLASSES];
	uint64_t seen[LD_WORDS];
};

void ld_graph_init(struct ld_graph *g);

/* The class named name (compared as a string), added if new. Returns its
 * index, or -1 if the table is full. */
int ld_class(struct ld_graph *g, const char *name);

/* Check taking class c in a context that holds *held and, outside it,
 * *outer (the thread's mutexes under a CPU's spinlocks; NULL if none).
 * flags: LD_IRQ_ON, LD_IN_IRQ, LD_SLEEP. On LD_OK the new edges and usage
 * are recorded and c is pushed on *held; otherwise *r says what is wrong
 * and the graph and stack are left as they were. */
enum ld_verdict ld_acquire(struct ld_graph *g, struct ld_held *held,
                           const struct ld_held *outer, unsigned c,
                           unsigned flags, struct ld_report *r);

/* The fast path: if taking spinlock class c (flags as for ld_acquire)
 * would record nothing new (every edge from *held and *outer to c known,
 * its usage already seen, c not held, room on *held), push c and return
 * true; anything new was checked when it was recorded. Otherwise false:
 * call ld_acquire (under the caller's lock). Needs no lock itself: it
 * only reads what only ever grows. */
bool ld_acquire_known(const struct ld_graph *g, struct ld_held *held,
                      const struct ld_held *outer, unsigned c, unsigned flags);
/* Take c off *held (its topmost entry; locks may be released in any
 * order). Returns false if c is not held. */
bool ld_release(struct ld_held *held, unsigned c);

/* One line (no newline) saying what *r found, naming the classes. */
size_t ld_format(const struct ld_graph *g, const struct ld_report *r, char *buf,
                 size_t size);

/* The stack's class names, innermost last: "'tty' 'console'", or
 * "nothing" when empty. */
size_t ld_format_held(const struct ld_graph *g, const struct ld_held *h,
                      char *buf, size_t size);
#endif
