/* SPDX-License-Identifier: MIT */
/*
 * The console's line discipline for processes ("cooked" mode): bytes
 * typed are collected into a line, echoed, and handed to read() only
 * when the line is done. Portable: tested on the host (test_kldisc).
 *
 *   printable, tab, UTF-8   appended and echoed (dropped when full)
 *   Enter (\r or \n)        the line, ending in '\n'      -> LDISC_LINE
 *   Backspace / DEL         erase one character (a whole UTF-8 sequence)
 *   Ctrl-U                  erase the line
 *   Ctrl-D                  end of file on an empty line   -> LDISC_EOF
 *                           else the line as it is, without '\n'
 *   Ctrl-C                  (when the kernel gave it here) the line is
 *                           dropped, "^C" echoed
 *   ESC sequences           (arrows, function keys) swallowed
 */
#ifndef KERNEL_PROC_LDISC_H
#define KERNEL_PROC_LDISC_H
#include <stddef.h>
#include <stdint.h>

#define LDISC_MAX 256 /* bytes of a line, with its '\n' */

enum ldisc_result { LDISC_MORE, LDISC_LINE, LDISC_EOF };

struct ldisc {
	char line[LDISC_MAX];
	size_t len;
	unsigned esc; /* 0, or the state of an escape sequence */
	void (*echo)(const char *s, size_t n, void *ctx);
	void *ctx;
};

void ldisc_init(struct ldisc *ld, void (*echo)(const char *, size_t, void *),
                void *ctx);
/* Feed one byte. On LDISC_LINE the line is line[0..len); the caller
 * takes it and calls ldisc_reset. */
enum ldisc_result ldisc_feed(struct ldisc *ld, uint8_t b);
void ldisc_reset(struct ldisc *ld);
#endif
