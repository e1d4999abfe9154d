/* SPDX-License-Identifier: MIT */
#include <libk/ring.h>
#include "arch/x86_64/serial.h"
#include "console/kprintf.h"
#if __has_include("console/fbcon.h")
#include "console/fbcon.h"
#define HAVE_FBCON 1
#else
#define HAVE_FBCON 0
#endif

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
#if HAVE_FBCON
	if (fb->format == TERN_FB_NONE)
		return;
	fbcon_init(fb);
	con.fb_on = true;
#else
	(void)fb;
#endif
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
#if HAVE_FBCON
	if (con.fb_on)
		fbcon_write(s, n);
#endif
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
