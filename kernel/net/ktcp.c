/* SPDX-License-Identifier: MIT */
/*
 * Blocking TCP (ktcp.h) over the stack's non-blocking sockets.
 *
 * Wake-ups are per socket. Every socket handed out by this file has a
 * context (the ctx of its notify callback) holding the hooks of
 * the threads waiting on it; the stack's notify callback wakes exactly
 * those threads:
 *
 *   caller (net lock held)             netd (net lock held)
 *   ----------------------             --------------------
 *   try -> NET_EAGAIN                  stack -> notify(ctx):
 *   hook waiter on each socket,          for each hook: fired = true,
 *   fired = false, unlock, sleep         wake its waiter
 *   until fired or the deadline;
 *   lock, try again
 *
 * The notify callback only ever runs inside a stack call, that is with
 * the net lock held, so clearing `fired` under the net lock right after
 * a try loses no event: anything later sets it again before we sleep.
 * One waiter hooked on several sockets is how ktcp_poll waits.
 *
 * Locks: the contexts and their hook lists belong to the net lock;
 * `fired` and the waiter's queue to kw_lk (a spinlock, since the sleep
 * must drop it atomically).
 */
#include <libk/panic.h>
#include <libk/string.h>
#include "net/ktcp.h"
#include "net/net_platform.h"
#include "net/netif.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "time/time.h"

#define KTCP_CHUNK     (16u * 1024) /* bytes per stack call (lock hold) */
#define POLL_STACK_FDS 16           /* ktcp_poll hooks without kmalloc */
#define DEADLINE_NEVER UINT64_MAX

/* What this file keeps per socket. */
struct sock_ctx {
	struct tcp_sock *t;
	struct list_node hooks; /* struct hook.link */
};

/* A sleeping thread (one per blocking call). */
struct waiter {
	bool fired;
	struct waitq wq;
};

/* A waiter's place on one socket's hook list. */
struct hook {
	struct list_node link;
	struct waiter *w;
};

static struct spinlock kw_lk = SPINLOCK_INIT("ktcp");
/* Stack callback (net lock held): wake every thread waiting on t. */
static void ktcp_notify(void *ctx, struct tcp_sock *t)
{
	struct sock_ctx *c = ctx;
	uint64_t f = spin_lock_irqsave(&kw_lk);
	struct hook *h;

	(void)t;
	list_for_each_entry(h, &c->hooks, link)
	{
		h->w->fired = true;
		waitq_wake_all(&h->w->wq);
	}
	spin_unlock_irqrestore(&kw_lk, f);
}

/* The context of t (net lock held). Sockets not from this file are a
 * caller bug. */
static struct sock_ctx *ctx_of(const struct tcp_sock *t)
{
	void *c;

	if (tcp_notify_of(t, &c) != ktcp_notify)
		panic("ktcp: socket %p was not made by ktcp", (const void *)t);
	return c;
}

/* Give t a context and our notify callback (net lock held). False (t
 * untouched) when out of memory. */
static bool ctx_attach(struct tcp_sock *t)
{
	struct sock_ctx *c = net_kmalloc(sizeof(*c));

	if (!c)
		return false;
	c->t = t;
	list_init(&c->hooks);
	tcp_set_notify(t, ktcp_notify, c);
	return true;
}

/* Forget t's context before t goes back to the stack (net lock held).
 * A thread still blocked on t would wake up on a freed socket. */
static void ctx_detach(struct tcp_sock *t)
{
	struct sock_ctx *c = ctx_of(t);

	if (!list_empty(&c->hooks))
		panic("ktcp: socket %p closed while a thread waits on it",
		      (void *)t);
	tcp_set_notify(t, NULL, NULL);
	net_kfree(c);
}

static uint64_t deadline_of(uint32_t timeout_ms)
{
	if (timeout_ms == KTCP_FOREVER)
		return DEADLINE_NEVER;
	return time_ns() + timeout_ms * 1000000ull;
}

/* Sleep until w fires or the deadline. False once the deadline passed. */
static bool waiter_sleep(struct waiter *w, uint64_t deadline)
{
	uint64_t f = spin_lock_irqsave(&kw_lk), now = time_ns();

	if (!w->fired && now < deadline) {
		if (deadline == DEADLINE_NEVER)
			waitq_wait(&w->wq, &kw_lk);
		else
			waitq_wait_timeout(&w->wq, &kw_lk, deadline - now);
	}
	spin_unlock_irqrestore(&kw_lk, f);
	return deadline == DEADLINE_NEVER || time_ns() < deadline;
}

/* Forget the events so far (net lock held, right after a try that saw
 * their effects: the notify callback cannot run before we unlock). */
static void waiter_clear(struct waiter *w)
{
	uint64_t f = spin_lock_irqsave(&kw_lk);

	w->fired = false;
	spin_unlock_irqrestore(&kw_lk, f);
}

/* One blocking operation: try() runs with the net lock held and returns
 * NET_EAGAIN to keep waiting on socks[0..n). */
struct op {
	int (*try)(struct op *op);
	struct tcp_sock *const *socks;
	unsigned n;
	struct hook *hooks; /* n of them */
	void *buf;
	size_t len;
	struct tcp_sock *out;
	struct ktcp_pollfd *fds;
};

static void hooks_add(struct op *op, struct waiter *w)
{
	for (unsigned i = 0; i < op->n; i++) {
		op->hooks[i].w = w;
		if (op->socks[i])
			list_add_tail(&ctx_of(op->socks[i])->hooks,
			              &op->hooks[i].link);
	}
}

static void hooks_del(struct op *op)
{
	for (unsigned i = 0; i < op->n; i++)
		if (op->socks[i])
			list_del(&op->hooks[i].link);
}

/* Try op until it gives anything but NET_EAGAIN; NET_EAGAIN once the
 * deadline has passed (after one last try). Takes the net lock. */
static int op_run(struct op *op, uint64_t deadline)
{
	struct waiter w = {.fired = false};
	int rc;

	waitq_init(&w.wq);
	net_lock();
	rc = op->try(op);
	if (rc == NET_EAGAIN && time_ns() < deadline) {
		bool in_time = true;

		hooks_add(op, &w);
		while (rc == NET_EAGAIN && in_time) {
			waiter_clear(&w);
			net_unlock();
			in_time = waiter_sleep(&w, deadline);
			net_lock();
			rc = op->try(op);
		}
		hooks_del(op);
	}
	net_unlock();
	return rc;
}

/* op_run on the one socket t. */
static int op_run1(struct op *op, struct tcp_sock *t, uint64_t deadline)
{
	struct hook h;

	op->socks = &t;
	op->n = 1;
	op->hooks = &h;
	return op_run(op, deadline);
}

static int timed_out(int rc)
{
	return rc == NET_EAGAIN ? NET_ETIMEDOUT : rc;
}

/* Take the net lock (the caller drops it) and make a socket with its
 * context: 0 and *out, or NET_ENOMEM and NULL. Without a stack:
 * NET_ENODEV, and the lock is not taken. */
static int sock_open(struct tcp_sock **out)
{
	*out = NULL;
	if (!net_stack())
		return NET_ENODEV;
	net_lock();
	*out = tcp_open(net_stack());
	if (*out && !ctx_attach(*out)) {
		tcp_abort(*out);
		*out = NULL;
	}
	return *out ? 0 : NET_ENOMEM;
}

int ktcp_listen(struct tcp_sock **out, uint16_t port, unsigned backlog)
{
	struct tcp_sock *t;
	int rc = sock_open(&t);

	if (rc == NET_ENODEV)
		return rc;
	if (!rc)
		rc = tcp_bind(t, IP4_ANY, port);
	if (!rc)
		rc = tcp_listen(t, backlog);
	if (rc && t) {
		ctx_detach(t);
		tcp_abort(t);
		t = NULL;
	}
	net_unlock();
	*out = t;
	return rc;
}

static int accept_try(struct op *op)
{
	struct tcp_sock *c;
	int rc = tcp_accept(op->socks[0], &c);

	if (rc)
		return rc;
	if (!ctx_attach(c)) {
		tcp_abort(c);
		return NET_ENOMEM;
	}
	op->out = c;
	return 0;
}

int ktcp_accept(struct tcp_sock *l, struct tcp_sock **out, uint32_t timeout_ms)
{
	struct op op = {.try = accept_try};
	int rc = timed_out(op_run1(&op, l, deadline_of(timeout_ms)));

	*out = rc ? NULL : op.out;
	return rc;
}

/* Connected: 0; failed: the error; still trying: NET_EAGAIN. */
static int connect_try(struct op *op)
{
	struct tcp_sock *t = op->socks[0];
	unsigned ev = tcp_poll(t);

	if (ev & TCP_POLL_ERROR) {
		int err = tcp_error(t);

		return err ? err : NET_ECONNREFUSED;
	}
	if (ev & TCP_POLL_WRITABLE)
		return 0;
	if (ev & TCP_POLL_HUP)
		return NET_ECONNRESET;
	return NET_EAGAIN;
}

int ktcp_connect(struct tcp_sock **out, ip4_addr_t dst, uint16_t port,
                 uint32_t timeout_ms)
{
	uint64_t deadline = deadline_of(timeout_ms);
	struct op op = {.try = connect_try};
	struct tcp_sock *t;
	int rc;

	*out = NULL;
	if ((rc = sock_open(&t)) == NET_ENODEV)
		return rc;
	if (!rc)
		rc = tcp_connect(t, dst, port);
	net_unlock();
	if (rc == NET_EINPROGRESS)
		rc = timed_out(op_run1(&op, t, deadline));
	if (!rc)
		*out = t;
	else if (t)
		ktcp_abort(t);
	return rc;
}

static int send_try(struct op *op)
{
	return tcp_send(op->socks[0], op->buf,
	                op->len < KTCP_CHUNK ? op->len : KTCP_CHUNK);
}

long ktcp_send(struct tcp_sock *t, const void *buf, size_t len,
               uint32_t timeout_ms)
{
	uint64_t deadline = deadline_of(timeout_ms);
	struct op op = {.try = send_try};
	size_t sent = 0;

	while (sent < len) {
		int rc;

		op.buf = (void *)((const uint8_t *)buf + sent);
		op.len = len - sent;
		rc = op_run1(&op, t, deadline);
		if (rc < 0)
			return sent ? (long)sent : timed_out(rc);
		sent += (size_t)rc;
		if (sent < len)
			thread_yield(); /* netd may be waiting for the lock */
	}
	return (long)sent;
}

static int recv_try(struct op *op)
{
	return tcp_recv(op->socks[0], op->buf,
	                op->len < KTCP_CHUNK * 4 ? op->len : KTCP_CHUNK * 4);
}

long ktcp_recv(struct tcp_sock *t, void *buf, size_t len, uint32_t timeout_ms)
{
	struct op op = {.try = recv_try, .buf = buf, .len = len};

	if (!len)
		return 0;
	return timed_out(op_run1(&op, t, deadline_of(timeout_ms)));
}

int ktcp_shutdown(struct tcp_sock *t)
{
	int rc;

	net_lock();
	rc = tcp_shutdown(t);
	net_unlock();
	return rc;
}

ip4_addr_t ktcp_peer(struct tcp_sock *t)
{
	struct tcp_sock_info i;

	net_lock();
	tcp_sock_info(t, &i);
	net_unlock();
	return i.raddr;
}

void ktcp_close(struct tcp_sock *t)
{
	net_lock();
	ctx_detach(t);
	tcp_close(t);
	net_unlock();
}

void ktcp_abort(struct tcp_sock *t)
{
	net_lock();
	ctx_detach(t);
	tcp_abort(t);
	net_unlock();
}

/* The bits of ev that fd reports (ktcp.h): ERROR always, HUP to those
 * who read. */
static unsigned revents_of(unsigned ev, unsigned want)
{
	unsigned show = want | TCP_POLL_ERROR;

	if (want & (TCP_POLL_READABLE | TCP_POLL_HUP))
		show |= TCP_POLL_HUP;
	return ev & show;
}

static int poll_try(struct op *op)
{
	int ready = 0;

	for (unsigned i = 0; i < op->n; i++) {
		struct ktcp_pollfd *fd = &op->fds[i];

		fd->revents =
		    fd->sock ? revents_of(tcp_poll(fd->sock), fd->events) : 0;
		ready += fd->revents != 0;
	}
	return ready ? ready : NET_EAGAIN;
}

int ktcp_poll(struct ktcp_pollfd *fds, unsigned n, uint32_t timeout_ms)
{
	struct hook stack_hooks[POLL_STACK_FDS];
	struct tcp_sock *stack_socks[POLL_STACK_FDS];
	struct op op = {.try = poll_try, .n = n, .fds = fds};
	struct tcp_sock **socks = stack_socks;
	int rc;

	op.hooks = stack_hooks;
	if (n > POLL_STACK_FDS) {
		op.hooks = net_kmalloc(n * sizeof(*op.hooks));
		socks = net_kmalloc(n * sizeof(*socks));
		if (!op.hooks || !socks) {
			net_kfree(op.hooks);
			net_kfree(socks);
			return NET_ENOMEM;
		}
	}
	for (unsigned i = 0; i < n; i++)
		socks[i] = fds[i].sock;
	op.socks = socks;
	rc = op_run(&op, deadline_of(timeout_ms));
	if (n > POLL_STACK_FDS) {
		net_kfree(op.hooks);
		net_kfree(socks);
	}
	return rc == NET_EAGAIN ? 0 : rc;
}
