/* SPDX-License-Identifier: MIT */
#include <libk/ring.h>
#include "arch/x86_64/serial.h"
#include "console/kprintf.h"
#include "console/fbcon.h"

/* All console state; a spinlock will go here when there is a second CPU or
 * an interrupt handler that prints. */
static struct console {
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

void console_write(const char *s, size_t n)
{
	if (con.log.buf)
		kring_push(&con.log, s, n, true);
	serial_write(s, n);
	if (con.fb_on)
		fbcon_write(s, n);
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
