/* SPDX-License-Identifier: MIT */
/*
 * HID boot-protocol keyboard reports to key events (hid_kbd.h): HID 1.11
 * appendix B.1 (the 8-byte report, the LED output byte), HID Usage Tables
 * chapter 10 (keyboard/keypad page 0x07). Portable, host-tested
 * (tests/host/usb/test_hid_kbd.c, which also checks that the events equal
 * those of the PS/2 decoder, input/scancode.c, for the same keys) and
 * fuzzed.
 *
 *   usage      key                       usage      key
 *   0x04-0x1d  a-z                       0x3a-0x45  F1-F12
 *   0x1e-0x27  1-9, 0                    0x47       Scroll Lock
 *   0x28-0x2b  Enter Esc Backspace Tab   0x49-0x52  Ins Home PgUp Del End
 *   0x2c-0x38  space - = [ ] \ #(as \)              PgDn Right Left Down Up
 *              ; ' ` , . /               0x53       Num Lock
 *   0x39       Caps Lock                 0x54-0x58  keypad / * - + Enter
 *   0xe0-0xe7  modifiers (byte 0 bits)   0x59-0x63  keypad 1-9 0 . (Num
 *                                                   Lock off: End Down
 *                                                   PgDn Left (5: none)
 *                                                   Right Home Up PgUp
 *                                                   Ins Del)
 *
 * Missing: the GUI keys, Print Screen (0x46), Pause (0x48), the non-US
 * backslash (0x64) and everything from 0x65 on give no event, as on the
 * PS/2 path; no layouts but US; Shift does not turn keypad digits into
 * navigation keys; report protocol (the report descriptor) is not parsed.
 */
#include "drivers/input/hid_kbd.h"

#define USAGE_ROLLOVER  0x01 /* ErrorRollOver; 0x02 POSTFail, 0x03 ... */
#define USAGE_ERROR_MAX 0x03 /* ... ErrorUndefined: all phantom states */
#define USAGE_A         0x04
#define USAGE_Z         0x1d
#define USAGE_1         0x1e
#define USAGE_0         0x27
#define USAGE_SPACE     0x2c
#define USAGE_SLASH     0x38
#define USAGE_F1        0x3a
#define USAGE_F12       0x45
#define USAGE_KP_SLASH  0x54
#define USAGE_KP_ENTER  0x58
#define USAGE_KP_1      0x59
#define USAGE_KP_DOT    0x63
#define KEY_SLOTS       6
#define FIRST_SLOT      2
#define LED_NUM         (1u << 0)
#define LED_CAPS        (1u << 1)
#define LED_SCROLL      (1u << 2)

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 0x2c..0x38, unshifted and shifted (0x32 is the non-US '#', the key the
 * PS/2 path knows as '\'). */
static const char punct[] = " -=[]\\\\;'`,./";
static const char punct_shift[] = " _+{}||:\"~<>?";
static const char digit_shift[] = "!@#$%^&*()";

/* Non-character keys from Enter (0x28) to keypad Enter (0x58). */
static const uint8_t special[] = {
    [0x28] = KEY_ENTER,  [0x29] = KEY_ESC,      [0x2a] = KEY_BACKSPACE,
    [0x2b] = KEY_TAB,    [0x39] = KEY_CAPSLOCK, [0x47] = KEY_SCROLLLOCK,
    [0x49] = KEY_INSERT, [0x4a] = KEY_HOME,     [0x4b] = KEY_PGUP,
    [0x4c] = KEY_DELETE, [0x4d] = KEY_END,      [0x4e] = KEY_PGDN,
    [0x4f] = KEY_RIGHT,  [0x50] = KEY_LEFT,     [0x51] = KEY_DOWN,
    [0x52] = KEY_UP,     [0x53] = KEY_NUMLOCK,  [0x58] = KEY_ENTER,
};

/* Keypad 1..9, 0, '.' with Num Lock off. */
static const uint8_t keypad_nav[] = {
    KEY_END,  KEY_DOWN, KEY_PGDN, KEY_LEFT,   KEY_NONE,   KEY_RIGHT,
    KEY_HOME, KEY_UP,   KEY_PGUP, KEY_INSERT, KEY_DELETE,
};
static const char keypad_chars[] = "/*-+";
static const char keypad_digits[] = "1234567890.";

/* Byte 0 bit -> modifier key (the GUI keys have none). */
static const uint8_t modifier_key[8] = {
    KEY_LCTRL, KEY_LSHIFT, KEY_LALT, KEY_NONE,
    KEY_RCTRL, KEY_RSHIFT, KEY_RALT, KEY_NONE,
};

void hid_kbd_init(struct hid_kbd *k)
{
	*k = (struct hid_kbd){0};
}

static uint8_t mods_of(const struct hid_kbd *k)
{
	uint8_t m = k->prev[0], mods = 0;

	if (m & 0x22)
		mods |= KMOD_SHIFT;
	if (m & 0x11)
		mods |= KMOD_CTRL;
	if (m & 0x44)
		mods |= KMOD_ALT;
	return (uint8_t)(mods | (k->caps ? KMOD_CAPS : 0));
}

/* The character of a main-block key, or 0. Caps Lock inverts Shift for
 * letters only. */
static char char_of(const struct hid_kbd *k, uint8_t usage)
{
	bool shift = mods_of(k) & KMOD_SHIFT;

	if (usage >= USAGE_A && usage <= USAGE_Z) {
		char c = (char)('a' + usage - USAGE_A);
		return shift != k->caps ? (char)(c - 'a' + 'A') : c;
	}
	if (usage >= USAGE_1 && usage <= USAGE_0) {
		unsigned i = usage - USAGE_1;
		return shift ? digit_shift[i] : (char)(i == 9 ? '0' : '1' + i);
	}
	if (usage >= USAGE_SPACE && usage <= USAGE_SLASH)
		return (shift ? punct_shift : punct)[usage - USAGE_SPACE];
	if (usage >= USAGE_KP_SLASH && usage < USAGE_KP_ENTER)
		return keypad_chars[usage - USAGE_KP_SLASH];
	if (usage >= USAGE_KP_1 && usage <= USAGE_KP_DOT && k->num)
		return keypad_digits[usage - USAGE_KP_1];
	return 0;
}

/* The key a usage stands for in the current state (KEY_NONE: no event);
 * *ch gets the character of a KEY_CHAR. */
static unsigned key_of(const struct hid_kbd *k, uint8_t usage, uint8_t *ch)
{
	char c = char_of(k, usage);

	*ch = (uint8_t)c;
	if (c)
		return KEY_CHAR;
	if (usage >= USAGE_F1 && usage <= USAGE_F12)
		return KEY_F1 + (usage - USAGE_F1);
	if (usage >= USAGE_KP_1 && usage <= USAGE_KP_DOT)
		return keypad_nav[usage - USAGE_KP_1];
	if (usage < N(special))
		return special[usage];
	return KEY_NONE;
}

static bool is_lock(unsigned key)
{
	return key == KEY_CAPSLOCK || key == KEY_NUMLOCK ||
	       key == KEY_SCROLLLOCK;
}

/* Appends an event for usage if it has one and there is room. */
static void emit_usage(const struct hid_kbd *k, uint8_t usage, bool down,
                       struct key_event *out, size_t max, size_t *n)
{
	uint8_t ch;
	unsigned key = key_of(k, usage, &ch);

	if (key == KEY_NONE || *n >= max)
		return;
	out[(*n)++] = (struct key_event){
	    .key = (uint16_t)key, .ch = ch, .mods = mods_of(k), .down = down};
}

static bool has_usage(const uint8_t *slots, uint8_t usage)
{
	for (unsigned i = 0; i < KEY_SLOTS; i++) {
		if (slots[i] == usage)
			return true;
	}
	return false;
}

/* True for slots[i] that is a key (not 0) seen for the first time. */
static bool first_at(const uint8_t *slots, unsigned i)
{
	for (unsigned j = 0; j < i; j++) {
		if (slots[j] == slots[i])
			return false;
	}
	return slots[i] != 0;
}

/* Modifier byte changes, one bit at a time, each event carrying the
 * modifiers as they are after it (as the PS/2 path does). A press stops
 * the repeat of the key held before. */
static void apply_modifiers(struct hid_kbd *k, uint8_t now,
                            struct key_event *out, size_t max, size_t *n)
{
	for (unsigned b = 0; b < 8; b++) {
		uint8_t bit = (uint8_t)(1u << b);
		bool down = now & bit;

		if (down == !!(k->prev[0] & bit))
			continue;
		k->prev[0] ^= bit;
		if (down)
			k->repeat_usage = 0;
		if (modifier_key[b] != KEY_NONE && *n < max)
			out[(*n)++] = (struct key_event){.key = modifier_key[b],
			                                 .mods = mods_of(k),
			                                 .down = down};
	}
}

/* A newly pressed usage: toggles its lock, or becomes the key that
 * repeats; either way the key repeating before stops. */
static void press(struct hid_kbd *k, uint8_t usage, uint64_t now_ms, bool *leds)
{
	uint8_t ch;
	unsigned key = key_of(k, usage, &ch);

	k->repeat_usage = 0;
	if (is_lock(key)) {
		if (key == KEY_CAPSLOCK)
			k->caps = !k->caps;
		else if (key == KEY_NUMLOCK)
			k->num = !k->num;
		else
			k->scroll = !k->scroll;
		*leds = true;
	} else if (key != KEY_NONE) {
		k->repeat_usage = usage;
		k->repeat_at_ms = now_ms + HID_REPEAT_DELAY_MS;
	}
}

/* Any key slot holding one of the error usages (ErrorRollOver, POSTFail,
 * ErrorUndefined) marks a report whose key state is unknown. */
static bool is_error_report(const uint8_t *rep, size_t len)
{
	for (size_t i = FIRST_SLOT; i < len && i < HID_KBD_REPORT; i++) {
		if (rep[i] >= USAGE_ROLLOVER && rep[i] <= USAGE_ERROR_MAX)
			return true;
	}
	return false;
}

size_t hid_kbd_report(struct hid_kbd *k, const uint8_t *rep, size_t len,
                      uint64_t now_ms, struct key_event *out, size_t max,
                      bool *leds_changed)
{
	uint8_t cur[HID_KBD_REPORT] = {0};
	const uint8_t *was = k->prev + FIRST_SLOT, *is = cur + FIRST_SLOT;
	bool leds = false;
	size_t n = 0;

	if (leds_changed)
		*leds_changed = false;
	if (len < FIRST_SLOT + 1 || is_error_report(rep, len))
		return 0;
	for (size_t i = 0; i < len && i < HID_KBD_REPORT; i++)
		cur[i] = rep[i];
	apply_modifiers(k, cur[0], out, max, &n);
	for (unsigned i = 0; i < KEY_SLOTS; i++) {
		if (!first_at(was, i) || has_usage(is, was[i]))
			continue;
		if (was[i] == k->repeat_usage)
			k->repeat_usage = 0;
		emit_usage(k, was[i], false, out, max, &n);
	}
	for (unsigned i = 0; i < KEY_SLOTS; i++) {
		if (!first_at(is, i) || has_usage(was, is[i]))
			continue;
		press(k, is[i], now_ms, &leds);
		emit_usage(k, is[i], true, out, max, &n);
	}
	for (unsigned i = 1; i < HID_KBD_REPORT; i++)
		k->prev[i] = cur[i];
	if (leds_changed)
		*leds_changed = leds;
	return n;
}

/* Due repeats, at most max; if more were due than fit (a late tick), the
 * rest are dropped and the rhythm restarts from now rather than
 * flooding. */
size_t hid_kbd_tick(struct hid_kbd *k, uint64_t now_ms, struct key_event *out,
                    size_t max)
{
	size_t n = 0;

	while (k->repeat_usage && k->repeat_at_ms <= now_ms && n < max) {
		size_t before = n;

		emit_usage(k, k->repeat_usage, true, out, max, &n);
		if (n == before) { /* Num Lock turned keypad 5 into nothing */
			k->repeat_usage = 0;
			break;
		}
		k->repeat_at_ms += HID_REPEAT_RATE_MS;
	}
	if (k->repeat_usage && k->repeat_at_ms <= now_ms)
		k->repeat_at_ms = now_ms + HID_REPEAT_RATE_MS;
	return n;
}

uint64_t hid_kbd_next_ms(const struct hid_kbd *k)
{
	return k->repeat_usage ? k->repeat_at_ms : UINT64_MAX;
}

uint8_t hid_kbd_leds(const struct hid_kbd *k)
{
	return (uint8_t)((k->num ? LED_NUM : 0) | (k->caps ? LED_CAPS : 0) |
	                 (k->scroll ? LED_SCROLL : 0));
}
