/* SPDX-License-Identifier: MIT */
/*
 * Key events: what the keyboard driver produces and the console consumes.
 * Portable (no arch headers). A printable key arrives as KEY_CHAR with ch
 * already translated through the layout, Shift and Caps Lock; every other
 * key has its own code.
 */
#ifndef KERNEL_INPUT_KEYS_H
#define KERNEL_INPUT_KEYS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum key_code {
	KEY_NONE = 0,
	KEY_CHAR, /* ch holds the ASCII character */
	KEY_ESC,
	KEY_BACKSPACE,
	KEY_TAB,
	KEY_ENTER,
	KEY_UP,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PGUP,
	KEY_PGDN,
	KEY_INSERT,
	KEY_DELETE,
	KEY_F1, /* KEY_F1 + n - 1 for Fn, n = 1..12 */
	KEY_F12 = KEY_F1 + 11,
	KEY_LSHIFT,
	KEY_RSHIFT,
	KEY_LCTRL,
	KEY_RCTRL,
	KEY_LALT,
	KEY_RALT,
	KEY_CAPSLOCK,
	KEY_NUMLOCK,
	KEY_SCROLLLOCK,
	KEY_COUNT
};

/* Modifier bits, as they were after the event was applied. */
#define KMOD_SHIFT (1u << 0)
#define KMOD_CTRL  (1u << 1)
#define KMOD_ALT   (1u << 2)
#define KMOD_CAPS  (1u << 3) /* Caps Lock is on */

struct key_event {
	uint16_t key; /* enum key_code */
	uint8_t ch;   /* KEY_CHAR only */
	uint8_t mods; /* KMOD_* */
	bool down;    /* press (or auto-repeat) rather than release */
};

/* The terminal byte sequence a key press stands for, as a serial terminal
 * would send it (so that one line editor serves both consoles):
 *
 *   KEY_CHAR        the character; with Ctrl a letter or @[\]^_ becomes
 *                   its C0 code (Ctrl-A = 0x01); with Alt, ESC first
 *   Enter, Tab      "\r", "\t"          Backspace   0x7f
 *   arrows          ESC [ A/B/C/D       Home, End   ESC [ H, ESC [ F
 *   Insert, Delete  ESC [ 2~, ESC [ 3~  PgUp, PgDn  ESC [ 5~, ESC [ 6~
 *   Esc             0x1b
 *
 * Releases and modifier keys give nothing. Writes at most n bytes to out and
 * returns how many (0 if they do not all fit). */
size_t key_to_bytes(const struct key_event *ev, char *out, size_t n);
#endif
