/* SPDX-License-Identifier: MIT */
#include <libk/ring.h>
#include <libk/string.h>
#include <arch/serial.h>
#include <arch/thread_arch.h>
#include "console/kprintf.h"
#include "console/fbcon.h"

/* All console state. `busy` serialises writers (threads, interrupt
 * handlers) with interrupts off; a write that finds it taken on this CPU
 * is a fault or panic inside a write, which goes ahead rather than wait
 * forever. */
static struct console {
	volatile uint32_t busy;
	bool fb_on;
	struct kring log;
	uint8_t log_buf[CONSOLE_LOG_SIZE];
} con;

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
	uint64_t f = irq_save();
	bool mine = !__atomic_exchange_n(&con.busy, 1, __ATOMIC_ACQUIRE);

	if (log && con.log.buf)
		kring_push(&con.log, s, n, true);
	serial_write(s, n);
	if (con.fb_on)
		fbcon_write(s, n);
	if (mine)
		__atomic_store_n(&con.busy, 0, __ATOMIC_RELEASE);
	irq_restore(f);
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
 * one write_out, so that a thread switch (or an interrupt handler's
 * kprintf) cannot land inside a line: the timer tick may preempt a thread
 * between two conversions, never inside write_out. Output longer than
 * the buffer goes out in CON_PIECE pieces, each whole. On the caller's
 * stack: formatting may run in any thread or interrupt handler. */
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
	int n = vformat(piece_sink, &p, fmt, ap);

	piece_flush(&p);
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
	return kring_peek(&con.log, off, buf, n);
}

size_t console_log_count(void)
{
	return kring_count(&con.log);
}

size_t console_log_total(void)
{
	return con.log.head;
}
