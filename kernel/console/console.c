/* SPDX-License-Identifier: MIT */
#include <libk/ring.h>
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

static void sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

int vkprintf(const char *fmt, va_list ap)
{
	return vformat(sink, NULL, fmt, ap);
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
