/* SPDX-License-Identifier: MIT */
/*
 * A line editor fed one byte at a time, as a VT100-style terminal sends
 * them (the keyboard driver turns keys into the same bytes, see
 * input/keys.h). Portable and host-tested; all output (echo, redraws) goes
 * through the out callback, so it never touches a device.
 *
 *   editing   printable ASCII inserts at the cursor; Left/Right (ESC [ D/C,
 *             Ctrl-B/F), Home/End (ESC [ H/F, ESC [ 1~/4~, ESC O H/F,
 *             Ctrl-A/E), Backspace (0x7f, 0x08), Delete (ESC [ 3~, Ctrl-D),
 *             Ctrl-U (kill to start), Ctrl-K (kill to end), Ctrl-W (kill
 *             the word before the cursor), Ctrl-C (abandon the line)
 *   history   Up/Down (ESC [ A/B, Ctrl-P/N) walk the last LEDIT_HISTORY
 *             lines; the line being typed is kept while browsing
 *   complete  Tab completes the first word from the complete callback
 *   enter     CR, LF or CR LF (counted once) ends the line
 *
 * Anything else (other control bytes, bytes >= 0x80, unknown or over-long
 * escape sequences) is dropped. A line never grows beyond LEDIT_MAX - 1
 * bytes: further characters are dropped and counted in `dropped`.
 */
#ifndef KERNEL_SHELL_LINEEDIT_H
#define KERNEL_SHELL_LINEEDIT_H
#include <stdbool.h>
#include <stddef.h>

#define LEDIT_MAX     256 /* line buffer, with its NUL */
#define LEDIT_HISTORY 16  /* lines kept */
#define LEDIT_ESC_MAX 8   /* parameter bytes kept from one sequence */

typedef void (*ledit_out_fn)(void *ctx, const char *s, size_t n);

/* Names that could complete prefix[0..len): return how many there are and
 * store up to max of them in out. */
typedef size_t (*ledit_complete_fn)(void *ctx, const char *prefix, size_t len,
                                    const char **out, size_t max);

enum ledit_result {
	LEDIT_MORE,   /* keep feeding */
	LEDIT_LINE,   /* a line is ready: ledit_line(), then ledit_start() */
	LEDIT_CANCEL, /* Ctrl-C: the line was abandoned; ledit_start() */
};

struct ledit {
	char buf[LEDIT_MAX];
	size_t len, cur;
	size_t dropped; /* bytes refused this line because it was full */
	const char *prompt;
	ledit_out_fn out;
	ledit_complete_fn complete;
	void *ctx;
	/* escape sequence parser */
	int esc; /* 0 none, 1 after ESC, 2 in CSI, 3 after ESC O */
	char param[LEDIT_ESC_MAX];
	size_t plen;
	bool esc_long; /* parameters overflowed: drop the sequence */
	bool last_cr;
	/* history: hist[(first + i) % LEDIT_HISTORY], i < nhist, oldest first
	 */
	char hist[LEDIT_HISTORY][LEDIT_MAX];
	size_t nhist, first;
	size_t browse; /* == nhist when not browsing */
	char draft[LEDIT_MAX];
};

void ledit_init(struct ledit *e, const char *prompt, ledit_out_fn out,
                ledit_complete_fn complete, void *ctx);

/* Begin a new, empty line: print the prompt. */
void ledit_start(struct ledit *e);

/* Feed one input byte. */
enum ledit_result ledit_feed(struct ledit *e, unsigned char c);

/* The finished line (NUL-terminated, valid until the next feed). */
static inline const char *ledit_line(const struct ledit *e)
{
	return e->buf;
}

/* Add a line to the history (empty lines and repeats of the newest are
 * skipped; the oldest is dropped when full). ledit_feed does this itself
 * for every finished line. */
void ledit_history_add(struct ledit *e, const char *line);
#endif
