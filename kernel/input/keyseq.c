/* SPDX-License-Identifier: MIT */
/* key_to_bytes: key events as the bytes a VT100-style terminal sends. */
#include <libk/string.h>
#include "input/keys.h"

#define ESC "\x1b"

static const char *const seqs[KEY_COUNT] = {
    [KEY_ESC] = ESC,        [KEY_BACKSPACE] = "\x7f", [KEY_TAB] = "\t",
    [KEY_ENTER] = "\r",     [KEY_UP] = ESC "[A",      [KEY_DOWN] = ESC "[B",
    [KEY_RIGHT] = ESC "[C", [KEY_LEFT] = ESC "[D",    [KEY_HOME] = ESC "[H",
    [KEY_END] = ESC "[F",   [KEY_INSERT] = ESC "[2~", [KEY_DELETE] = ESC "[3~",
    [KEY_PGUP] = ESC "[5~", [KEY_PGDN] = ESC "[6~",
};

/* The C0 control code for Ctrl+c, or c itself if it has none. */
static char ctrl_of(char c)
{
	if (c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 1);
	if (c >= '@' && c <= '_')
		return (char)(c - '@');
	return c;
}

size_t key_to_bytes(const struct key_event *ev, char *out, size_t n)
{
	char tmp[2];
	const char *s;
	size_t len = 0;

	if (!ev->down || ev->key >= KEY_COUNT)
		return 0;
	if (ev->key == KEY_CHAR) {
		if (ev->mods & KMOD_ALT)
			tmp[len++] = '\x1b';
		tmp[len++] = (ev->mods & KMOD_CTRL) ? ctrl_of((char)ev->ch)
		                                    : (char)ev->ch;
		s = tmp;
	} else {
		s = seqs[ev->key];
		if (!s)
			return 0;
		len = LIBK_FN(strlen)(s);
	}
	if (len > n)
		return 0;
	LIBK_FN(memcpy)(out, s, len);
	return len;
}
