/* SPDX-License-Identifier: MIT */
#include "input/scancode.h"

#define SC_BREAK    0x80
#define SC_EXTENDED 0xe0
#define SC_PAUSE    0xe1
#define PAUSE_LEN   5 /* bytes after the first 0xe1 */
#define SC_F1       0x3b
#define SC_F10      0x44
#define SC_KEYPAD_7 0x47 /* keypad 7 8 9 - 4 5 6 + 1 2 3 0 . up to 0x53 */

/* US layout, set 1 make codes 0x00..0x39: unshifted and shifted
 * characters; 0 = not a character key. */
static const char plain[0x3a] =
    "\0\0331234567890-=\b\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x3a] =
    "\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

/* Keys that are not characters, by make code (without and with 0xe0). */
struct special {
	uint8_t code;
	uint8_t key;
};
static const struct special base_keys[] = {
    {0x01, KEY_ESC},     {0x0e, KEY_BACKSPACE},  {0x0f, KEY_TAB},
    {0x1c, KEY_ENTER},   {0x1d, KEY_LCTRL},      {0x2a, KEY_LSHIFT},
    {0x36, KEY_RSHIFT},  {0x38, KEY_LALT},       {0x3a, KEY_CAPSLOCK},
    {0x45, KEY_NUMLOCK}, {0x46, KEY_SCROLLLOCK}, {0x57, KEY_F1 + 10},
    {0x58, KEY_F1 + 11},
};
static const struct special ext_keys[] = {
    {0x1c, KEY_ENTER},  {0x1d, KEY_RCTRL}, {0x38, KEY_RALT}, {0x47, KEY_HOME},
    {0x48, KEY_UP},     {0x49, KEY_PGUP},  {0x4b, KEY_LEFT}, {0x4d, KEY_RIGHT},
    {0x4f, KEY_END},    {0x50, KEY_DOWN},  {0x51, KEY_PGDN}, {0x52, KEY_INSERT},
    {0x53, KEY_DELETE}, {0x35, KEY_CHAR}, /* keypad '/' */
};

/* The keypad (0x47..0x53 without 0xe0): characters with Num Lock on,
 * navigation keys with it off; '-' and '+' either way, 5 only as '5'. */
static const char keypad_chars[] = "789-456+1230.";
static const uint8_t keypad_nav[] = {
    KEY_HOME, KEY_UP,  KEY_PGUP, KEY_NONE, KEY_LEFT,   KEY_NONE,   KEY_RIGHT,
    KEY_NONE, KEY_END, KEY_DOWN, KEY_PGDN, KEY_INSERT, KEY_DELETE,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

void kbd_decoder_init(struct kbd_decoder *d)
{
	*d = (struct kbd_decoder){0};
}

static uint8_t lookup(const struct special *t, unsigned n, uint8_t code)
{
	for (unsigned i = 0; i < n; i++) {
		if (t[i].code == code)
			return t[i].key;
	}
	return KEY_NONE;
}

/* Modifier key -> (bit in sides, KMOD_* bit), or 0. */
static unsigned side_bit(unsigned key)
{
	if (key >= KEY_LSHIFT && key <= KEY_RALT)
		return 1u << (key - KEY_LSHIFT);
	return 0;
}

static uint8_t side_mod(unsigned key)
{
	static const uint8_t mods[] = {KMOD_SHIFT, KMOD_SHIFT, KMOD_CTRL,
	                               KMOD_CTRL,  KMOD_ALT,   KMOD_ALT};
	return mods[key - KEY_LSHIFT];
}

static void track_modifiers(struct kbd_decoder *d, unsigned key, bool down)
{
	unsigned bit = side_bit(key);

	if (bit) {
		d->sides = down ? d->sides | bit : d->sides & ~bit;
		d->held = 0;
		for (unsigned k = KEY_LSHIFT; k <= KEY_RALT; k++) {
			if (d->sides & side_bit(k))
				d->held |= side_mod(k);
		}
	} else if (key == KEY_CAPSLOCK && down) {
		d->caps = !d->caps;
	} else if (key == KEY_NUMLOCK && down) {
		d->num = !d->num;
	}
}

/* The character for a non-extended make code, or 0. Caps Lock inverts
 * Shift for letters only. */
static char char_for(const struct kbd_decoder *d, uint8_t code)
{
	bool shift = d->held & KMOD_SHIFT;
	char c;

	if (code >= SC_KEYPAD_7 && code < SC_KEYPAD_7 + N(keypad_nav)) {
		c = keypad_chars[code - SC_KEYPAD_7];
		return d->num || c == '-' || c == '+' ? c : 0;
	}
	if (code >= N(plain) || !plain[code])
		return 0;
	c = plain[code];
	if (c >= 'a' && c <= 'z' && d->caps)
		shift = !shift;
	return shift ? shifted[code] : c;
}

/* A key without 0xe0: special keys, F1..F10, characters, then the
 * keypad's navigation keys. *c gets the character of a KEY_CHAR. */
static unsigned base_key(const struct kbd_decoder *d, uint8_t code, char *c)
{
	unsigned key = lookup(base_keys, N(base_keys), code);

	if (key != KEY_NONE)
		return key;
	if (code >= SC_F1 && code <= SC_F10)
		return KEY_F1 + (code - SC_F1);
	if ((*c = char_for(d, code)))
		return KEY_CHAR;
	if (code >= SC_KEYPAD_7 && code < SC_KEYPAD_7 + N(keypad_nav))
		return keypad_nav[code - SC_KEYPAD_7];
	return KEY_NONE;
}

/* Swallow the rest of a Pause sequence; true while inside one. */
static bool in_pause(struct kbd_decoder *d, uint8_t byte)
{
	if (d->e1_left) {
		d->e1_left--;
		return true;
	}
	if (byte == SC_PAUSE) {
		d->e1_left = PAUSE_LEN;
		d->prefix = 0;
		return true;
	}
	return false;
}

bool kbd_decode(struct kbd_decoder *d, uint8_t byte, struct key_event *ev)
{
	bool ext = d->prefix == SC_EXTENDED, down = !(byte & SC_BREAK);
	uint8_t code = byte & ~SC_BREAK;
	unsigned key;
	char c = 0;

	if (in_pause(d, byte))
		return false;
	if (byte == SC_EXTENDED) {
		d->prefix = SC_EXTENDED;
		return false;
	}
	d->prefix = 0;
	if (ext) {
		key = lookup(ext_keys, N(ext_keys), code);
		c = key == KEY_CHAR ? '/' : 0;
	} else {
		key = base_key(d, code, &c);
	}
	if (key == KEY_NONE)
		return false; /* unknown code, fake shift, keypad 5 */
	track_modifiers(d, key, down);
	*ev = (struct key_event){
	    .key = (uint16_t)key,
	    .ch = (uint8_t)c,
	    .mods = (uint8_t)(d->held | (d->caps ? KMOD_CAPS : 0)),
	    .down = down};
	return true;
}
