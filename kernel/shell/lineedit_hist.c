/* SPDX-License-Identifier: MIT */
/* The line editor's history and tab completion (lineedit.h). */
#include <libk/string.h>
#include "shell/lineedit.h"
#include "shell/lineedit_impl.h"

#define MAX_MATCHES 32

static char *hist_at(struct ledit *e, size_t i)
{
	return e->hist[(e->first + i) % LEDIT_HISTORY];
}

void ledit_history_add(struct ledit *e, const char *line)
{
	if (!*line ||
	    (e->nhist && !LIBK_FN(strcmp)(hist_at(e, e->nhist - 1), line)))
		return;
	if (e->nhist == LEDIT_HISTORY) {
		e->first = (e->first + 1) % LEDIT_HISTORY;
		e->nhist--;
	}
	LIBK_FN(strlcpy)(hist_at(e, e->nhist), line, LEDIT_MAX);
	e->nhist++;
	e->browse = e->nhist;
}

/* Replace the line being edited with s, cursor at the end. */
static void set_line(struct ledit *e, const char *s)
{
	e->len = e->cur = LIBK_FN(strlcpy)(e->buf, s, LEDIT_MAX);
	if (e->len > LEDIT_MAX - 1)
		e->len = e->cur = LEDIT_MAX - 1;
	ledit_redraw(e);
}

void ledit_history_move(struct ledit *e, int dir)
{
	if (dir < 0 && e->browse == 0)
		return;
	if (dir > 0 && e->browse >= e->nhist)
		return;
	if (e->browse == e->nhist)
		LIBK_FN(strlcpy)
	(e->draft, e->buf, LEDIT_MAX); /* leaving the new line */
	e->browse = dir < 0 ? e->browse - 1 : e->browse + 1;
	set_line(e, e->browse == e->nhist ? e->draft : hist_at(e, e->browse));
}

/* Length of the prefix all names share. */
static size_t common_prefix(const char **names, size_t n)
{
	size_t len = LIBK_FN(strlen)(names[0]);

	for (size_t i = 1; i < n; i++) {
		size_t j = 0;

		while (j < len && names[i][j] == names[0][j])
			j++;
		len = j;
	}
	return len;
}

/* Several candidates and nothing more to add: list them, then redraw. */
static void list_matches(struct ledit *e, const char **names, size_t n)
{
	ledit_puts(e, "\r\n");
	for (size_t i = 0; i < n; i++) {
		ledit_puts(e, names[i]);
		ledit_puts(e, i + 1 < n ? "  " : "\r\n");
	}
	ledit_redraw(e);
}

void ledit_complete(struct ledit *e)
{
	const char *names[MAX_MATCHES];
	size_t n, stored, common;

	if (!e->complete || e->cur != e->len ||
	    LIBK_FN(memchr)(e->buf, ' ', e->len))
		return; /* only the first word, with the cursor at its end */
	n = e->complete(e->ctx, e->buf, e->len, names, MAX_MATCHES);
	stored = n < MAX_MATCHES ? n : MAX_MATCHES;
	if (!stored)
		return;
	common = common_prefix(names, stored);
	if (common > e->len)
		ledit_insert(e, names[0] + e->len, common - e->len);
	else if (stored > 1)
		list_matches(e, names, stored);
	if (stored == 1 && n == 1)
		ledit_insert(e, " ", 1);
}
