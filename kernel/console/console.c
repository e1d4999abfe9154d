/* SPDX-License-Identifier: MIT */
#include <libk/ring.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/serial.h>
#include <arch/smp_call.h>
#include <arch/thread_arch.h>
#include "console/kprintf.h"
#include "console/fbcon.h"
#include "core/panic.h"

/* All console state. `owner` (the holder CPU + 1, 0: free) serialises
 * writers on every CPU (threads, interrupt handlers) with interrupts off,
 * so lines never interleave and the log ring stays whole. It nests on its
 * holder (depth): a fault or panic inside a write goes ahead. The CPU
 * reporting a panic takes it over after CON_STEAL_SPINS: the other CPUs
 * are stopped by NMI, maybe while holding it. */
#define CON_STEAL_SPINS (1u << 20)

static struct console {
	uint32_t owner;
	uint32_t depth;
	bool fb_on;
	struct kring log;
	uint8_t log_buf[CONSOLE_LOG_SIZE];
} con;

/* Take the console (interrupts off); returns the flags for con_unlock.
 * A waiter serves cross-CPU calls. */
static uint64_t con_lock(void)
{
	uint64_t f = irq_save();
	uint32_t me = arch_cpu_index() + 1, free_ = 0;

	if (__atomic_load_n(&con.owner, __ATOMIC_RELAXED) == me) {
		con.depth++;
		return f;
	}
	for (uint32_t spins = 0;
	     !__atomic_compare_exchange_n(&con.owner, &free_, me, false,
	                                  __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
	     free_ = 0) {
		if (++spins > CON_STEAL_SPINS && panic_on_this_cpu()) {
			__atomic_store_n(&con.owner, me, __ATOMIC_RELAXED);
			break;
		}
		cpu_pause();
		smp_call_service();
	}
	con.depth = 1;
	return f;
}

static void con_unlock(uint64_t f)
{
	if (--con.depth == 0)
		__atomic_store_n(&con.owner, 0, __ATOMIC_RELEASE);
	irq_restore(f);
}

void console_init(void)
{
	kring_init(&con.log, con.log_buf, sizeof(con.log_buf));
	serial_init();
}

void console_enable_fb(const struct tern_framebuffer *fb)
{
	fbcon_init(fb);
	con.fb_on = fbcon_active();
}

void console_disable_fb(void)
{
	con.fb_on = false;
}

/* Write to the screens, and to the log ring if log. */
static void write_out(const char *s, size_t n, bool log)
{
	uint64_t f = con_lock();

	if (log && con.log.buf)
		kring_push(&con.log, s, n, true);
	serial_write(s, n);
	if (con.fb_on)
		fbcon_write(s, n);
	con_unlock(f);
}

void console_write(const char *s, size_t n)
{
	write_out(s, n, true);
}

void console_write_tty(const char *s, size_t n)
{
	write_out(s, n, false);
}

/* A formatted call's bytes are gathered here and reach the screens in
 * CON_PIECE pieces, the whole call under the console lock: no other CPU,
 * thread or interrupt handler lands inside it. On the caller's stack:
 * formatting may run in any thread or interrupt handler. */
#define CON_PIECE 192

struct con_piece {
	bool log;
	size_t n;
	char b[CON_PIECE];
};

static void piece_flush(struct con_piece *p)
{
	if (p->n)
		write_out(p->b, p->n, p->log);
	p->n = 0;
}

static void piece_sink(void *ctx, const char *s, size_t n)
{
	struct con_piece *p = ctx;

	while (n) {
		size_t k = n < CON_PIECE - p->n ? n : CON_PIECE - p->n;

		memcpy(p->b + p->n, s, k);
		p->n += k;
		s += k;
		n -= k;
		if (p->n == CON_PIECE)
			piece_flush(p);
	}
}

int console_vprintf(bool log, const char *fmt, va_list ap)
{
	struct con_piece p = {.log = log};
	uint64_t f = con_lock();
	int n = vformat(piece_sink, &p, fmt, ap);

	piece_flush(&p);
	con_unlock(f);
	return n;
}

int vkprintf(const char *fmt, va_list ap)
{
	return console_vprintf(true, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vkprintf(fmt, ap);
	va_end(ap);
	return n;
}

size_t console_log_read(size_t off, char *buf, size_t n)
{
	uint64_t f = con_lock();
	size_t r = kring_peek(&con.log, off, buf, n);

	con_unlock(f);
	return r;
}

size_t console_log_count(void)
{
	uint64_t f = con_lock();
	size_t r = kring_count(&con.log);

	con_unlock(f);
	return r;
}

size_t console_log_total(void)
{
	return __atomic_load_n(&con.log.head, __ATOMIC_RELAXED);
}
