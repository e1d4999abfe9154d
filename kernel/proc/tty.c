/* SPDX-License-Identifier: MIT */
/*
 * The console for processes (tty.h). One reader at a time holds the
 * mutex while it waits for a line; the bytes of a line it could not take
 * wait in `pending` for the next read, whoever makes it.
 *
 *   input_getc_intr --> ldisc (echo, editing) --> pending --> read()
 */
#include <libk/string.h>
#include <tern/errno.h>
#include "console/kprintf.h"
#include "input/input.h"
#include "proc/ldisc.h"
#include "proc/tty.h"
#include "proc/uaccess.h"
#include "sched/mutex.h"

#define CHUNK 256

static struct {
	struct mutex m; /* every field below */
	bool ready;
	struct ldisc ld;
	char pending[LDISC_MAX];
	size_t off, len; /* pending[off..len) not read yet */
} tty;

static void tty_echo(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	console_write_tty(s, n);
}

void tty_init(void)
{
	mutex_init(&tty.m, "tty");
}

/* Fill pending with the next line: 1, 0 at end of file, -EINTR. m held. */
static int next_line(void)
{
	if (!tty.ready) {
		ldisc_init(&tty.ld, tty_echo, NULL);
		tty.ready = true;
	}
	for (;;) {
		int b = input_getc_intr();
		enum ldisc_result r;

		if (b < 0)
			return -EINTR;
		r = ldisc_feed(&tty.ld, (uint8_t)b);
		if (r == LDISC_EOF)
			return 0;
		if (r == LDISC_LINE) {
			LIBK_FN(memcpy)(tty.pending, tty.ld.line, tty.ld.len);
			tty.off = 0;
			tty.len = tty.ld.len;
			ldisc_reset(&tty.ld);
			return 1;
		}
	}
}

long tty_read(uint64_t ubuf, uint64_t n)
{
	long rc = 0;

	if (!n)
		return 0;
	mutex_lock(&tty.m);
	if (tty.off == tty.len)
		rc = next_line();
	if (rc >= 0 && tty.off < tty.len) {
		if (n > tty.len - tty.off)
			n = tty.len - tty.off;
		rc = copy_to_user(ubuf, tty.pending + tty.off, n);
		if (!rc) {
			tty.off += n;
			rc = (long)n;
		}
	}
	mutex_unlock(&tty.m);
	return rc;
}

long tty_write(uint64_t ubuf, uint64_t n)
{
	char chunk[CHUNK];
	uint64_t done = 0;

	while (done < n) {
		uint64_t k = n - done < CHUNK ? n - done : CHUNK;
		long rc = copy_from_user(chunk, ubuf + done, k);

		if (rc)
			return done ? (long)done : rc;
		console_write_tty(chunk, k);
		done += k;
	}
	return (long)done;
}
