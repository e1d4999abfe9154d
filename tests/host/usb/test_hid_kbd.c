/* SPDX-License-Identifier: MIT */
/* HID boot-keyboard reports (drivers/input/hid_kbd.c): typing, modifiers,
 * locks and LEDs, the keypad, rollover, release order, typematic repeat,
 * and the same key events as the PS/2 decoder (input/scancode.c) for the
 * same physical keys. */
#include "drivers/input/hid_kbd.h"
#include "input/scancode.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Usages (HID Usage Tables, keyboard page) used by name below. */
enum {
	U_A = 0x04,
	U_B = 0x05,
	U_C = 0x06,
	U_1 = 0x1e,
	U_ENTER = 0x28,
	U_SPACE = 0x2c,
	U_COMMA = 0x36,
	U_CAPS = 0x39,
	U_SCROLL = 0x47,
	U_NUM = 0x53,
	U_KP_1 = 0x59,
	M_LCTRL = 0x01,
	M_LSHIFT = 0x02,
	M_LALT = 0x04,
	M_LGUI = 0x08,
	M_RSHIFT = 0x20,
	M_RALT = 0x40,
};

/* A keyboard under test: the report it sends and every event it gave. */
struct kb {
	struct hid_kbd k;
	uint8_t rep[HID_KBD_REPORT];
	uint64_t now;
	struct key_event ev[4096];
	size_t n;
	bool leds; /* the last report toggled a lock */
};

static void kb_init(struct kb *t)
{
	memset(t, 0, sizeof(*t));
	hid_kbd_init(&t->k);
}

static size_t kb_send(struct kb *t)
{
	size_t n = hid_kbd_report(&t->k, t->rep, sizeof(t->rep), t->now,
	                          t->ev + t->n, HID_KBD_MAX_EVENTS, &t->leds);

	CHECK(n <= HID_KBD_MAX_EVENTS);
	t->n += n;
	return n;
}

static void kb_key(struct kb *t, uint8_t usage, bool down)
{
	for (int i = 2; i < HID_KBD_REPORT; i++) {
		if (down && t->rep[i] == 0) {
			t->rep[i] = usage;
			break;
		}
		if (!down && t->rep[i] == usage) {
			/* keyboards keep the slots packed */
			memmove(t->rep + i, t->rep + i + 1, 7 - (size_t)i);
			t->rep[7] = 0;
			break;
		}
	}
	kb_send(t);
}

static void kb_mod(struct kb *t, uint8_t bit, bool down)
{
	t->rep[0] = (uint8_t)(down ? t->rep[0] | bit : t->rep[0] & ~bit);
	kb_send(t);
}

static void kb_tap(struct kb *t, uint8_t usage)
{
	kb_key(t, usage, true);
	kb_key(t, usage, false);
}

static size_t kb_tick(struct kb *t, uint64_t now)
{
	size_t n;

	t->now = now;
	n = hid_kbd_tick(&t->k, now, t->ev + t->n, HID_KBD_MAX_EVENTS);
	t->n += n;
	return n;
}

/* The characters of the KEY_CHAR presses since event from. */
static const char *typed(const struct kb *t, size_t from)
{
	static char s[512];
	size_t o = 0;

	for (size_t i = from; i < t->n && o + 1 < sizeof(s); i++) {
		if (t->ev[i].down && t->ev[i].key == KEY_CHAR)
			s[o++] = (char)t->ev[i].ch;
	}
	s[o] = 0;
	return s;
}

static void check_event(const struct key_event *e, unsigned key, char ch,
                        uint8_t mods, bool down)
{
	CHECK_EQ(e->key, key);
	CHECK_EQ(e->ch, (uint8_t)ch);
	CHECK_EQ(e->mods, mods);
	CHECK_EQ(e->down, down);
}

/* "Hello, World!" typed with the left and right Shift. */
static void test_typed_word(void)
{
	static struct kb t;
	/* h e l l o , space */
	static const uint8_t lower1[] = {0x08, 0x0f,    0x0f,
	                                 0x12, U_COMMA, U_SPACE};
	static const uint8_t lower2[] = {0x12, 0x15, 0x0f, 0x07};

	kb_init(&t);
	kb_mod(&t, M_LSHIFT, true);
	check_event(&t.ev[0], KEY_LSHIFT, 0, KMOD_SHIFT, true);
	kb_tap(&t, 0x0b); /* h */
	kb_mod(&t, M_LSHIFT, false);
	check_event(&t.ev[t.n - 1], KEY_LSHIFT, 0, 0, false);
	for (size_t i = 0; i < LEN(lower1); i++)
		kb_tap(&t, lower1[i]);
	kb_mod(&t, M_RSHIFT, true);
	kb_tap(&t, 0x1a); /* w */
	kb_mod(&t, M_RSHIFT, false);
	for (size_t i = 0; i < LEN(lower2); i++)
		kb_tap(&t, lower2[i]);
	kb_mod(&t, M_LSHIFT, true);
	kb_tap(&t, U_1);
	kb_mod(&t, M_LSHIFT, false);
	CHECK_STREQ(typed(&t, 0), "Hello, World!");
	/* 13 characters pressed and released, 3 Shifts down and up */
	CHECK_EQ(t.n, 13 * 2 + 3 * 2);
	CHECK_EQ(hid_kbd_leds(&t.k), 0);
}

/* A held key repeats after 500 ms, then every 33 ms, until released. */
static void test_repeat(void)
{
	static struct kb t;

	kb_init(&t);
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
	t.now = 1000;
	kb_key(&t, U_A, true);
	CHECK_EQ(hid_kbd_next_ms(&t.k), 1500);
	CHECK_EQ(kb_tick(&t, 1499), 0);
	CHECK_EQ(kb_tick(&t, 1500), 1);
	check_event(&t.ev[t.n - 1], KEY_CHAR, 'a', 0, true);
	CHECK_EQ(hid_kbd_next_ms(&t.k), 1533);
	CHECK_EQ(kb_tick(&t, 1532), 0);
	CHECK_EQ(kb_tick(&t, 1533), 1);
	CHECK_EQ(kb_tick(&t, 1600), 2); /* 1566, 1599 */
	CHECK_EQ(hid_kbd_next_ms(&t.k), 1632);
	/* a keyboard that ignores SET_IDLE(0) sends the same report again:
	 * no events, the rhythm unchanged */
	t.now = 1605;
	CHECK_EQ(kb_send(&t), 0);
	CHECK_EQ(hid_kbd_next_ms(&t.k), 1632);
	t.now = 1610;
	kb_key(&t, U_A, false);
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
	CHECK_EQ(kb_tick(&t, 5000), 0);
	CHECK_STREQ(typed(&t, 0), "aaaaa");
}

/* The repeat follows the last key pressed; releasing an older key does not
 * stop it; pressing another key (a modifier too) does. */
static void test_repeat_last_key(void)
{
	static struct kb t;

	kb_init(&t);
	kb_key(&t, U_A, true);
	t.now = 100;
	kb_key(&t, U_B, true);
	CHECK_EQ(hid_kbd_next_ms(&t.k), 600);
	t.now = 200;
	kb_key(&t, U_A, false);
	CHECK_EQ(hid_kbd_next_ms(&t.k), 600);
	CHECK_EQ(kb_tick(&t, 600), 1);
	CHECK_EQ(t.ev[t.n - 1].ch, 'b');
	t.now = 610;
	kb_mod(&t, M_LSHIFT, true);
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
	CHECK_EQ(kb_tick(&t, 2000), 0);
	/* a key pressed with Shift held repeats as the shifted character */
	t.now = 2000;
	kb_key(&t, U_C, true);
	CHECK_EQ(kb_tick(&t, 2533), 2);
	CHECK_STREQ(typed(&t, 0), "abbCCC");
}

/* Modifiers and locks do not repeat; a late tick gives at most max and
 * then resumes the rhythm from now. */
static void test_repeat_limits(void)
{
	static struct kb t;
	struct key_event ev[4];

	kb_init(&t);
	kb_mod(&t, M_LCTRL, true);
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
	kb_key(&t, U_CAPS, true);
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
	kb_key(&t, 0x46, true); /* Print Screen: no event, nothing repeats */
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
	kb_init(&t);
	kb_key(&t, U_ENTER, true);
	CHECK_EQ(hid_kbd_tick(&t.k, 100000, ev, LEN(ev)), LEN(ev));
	CHECK_EQ(ev[3].key, KEY_ENTER);
	CHECK_EQ(hid_kbd_next_ms(&t.k), 100033);
	CHECK_EQ(hid_kbd_tick(&t.k, 100033, ev, LEN(ev)), 1);
	CHECK_EQ(hid_kbd_tick(&t.k, 100033, ev, 0), 0);
}

/* Num Lock off turns a repeating keypad 5 into no key: the repeat ends. */
static void test_repeat_keypad5(void)
{
	static struct kb t;

	kb_init(&t);
	kb_tap(&t, U_NUM);
	kb_key(&t, U_KP_1 + 4, true);
	CHECK_STREQ(typed(&t, 0), "5");
	kb_mod(&t, M_LGUI, false); /* no change: nothing */
	t.k.num = false;           /* as if Num Lock went off on the side */
	CHECK_EQ(kb_tick(&t, 1000), 0);
	CHECK_EQ(hid_kbd_next_ms(&t.k), UINT64_MAX);
}

/* Six keys held, then a seventh: the keyboard sends ErrorRollOver in
 * every slot; that report changes nothing. */
static void test_rollover(void)
{
	static struct kb t;
	uint8_t roll[8] = {M_LSHIFT, 0, 1, 1, 1, 1, 1, 1};
	struct key_event ev[HID_KBD_MAX_EVENTS];
	bool leds = true;

	kb_init(&t);
	for (uint8_t u = U_A; u < U_A + 6; u++)
		kb_key(&t, u, true);
	CHECK_STREQ(typed(&t, 0), "abcdef");
	CHECK_EQ(hid_kbd_report(&t.k, roll, 8, 0, ev, LEN(ev), &leds), 0);
	CHECK(!leds);
	CHECK_EQ(t.k.prev[0], 0); /* the Shift in it was not taken either */
	CHECK_EQ(t.k.repeat_usage, U_A + 5);
	/* POSTFail (0x02) in one slot: also a phantom state */
	roll[7] = 2;
	roll[2] = U_A;
	CHECK_EQ(hid_kbd_report(&t.k, roll, 8, 0, ev, LEN(ev), NULL), 0);
	/* back to five keys: one release, no new presses */
	size_t from = t.n;
	kb_key(&t, U_A, false);
	CHECK_EQ(t.n - from, 1);
	check_event(&t.ev[from], KEY_CHAR, 'a', 0, false);
}

/* Several changes in one report: modifier changes first, then releases in
 * the order the keys sat in the old report, then presses in slot order. */
static void test_release_order(void)
{
	static struct kb t;
	struct key_event ev[HID_KBD_MAX_EVENTS];
	const uint8_t r1[8] = {M_LSHIFT, 0, U_A, U_B, U_C, 0, 0, 0};
	const uint8_t r2[8] = {M_LCTRL, 0, U_B, 0x07, 0, 0, 0, 0};
	size_t n;

	kb_init(&t);
	n = hid_kbd_report(&t.k, r1, 8, 0, ev, LEN(ev), NULL);
	CHECK_EQ(n, 4);
	check_event(&ev[0], KEY_LSHIFT, 0, KMOD_SHIFT, true);
	check_event(&ev[1], KEY_CHAR, 'A', KMOD_SHIFT, true);
	check_event(&ev[2], KEY_CHAR, 'B', KMOD_SHIFT, true);
	check_event(&ev[3], KEY_CHAR, 'C', KMOD_SHIFT, true);
	n = hid_kbd_report(&t.k, r2, 8, 0, ev, LEN(ev), NULL);
	CHECK_EQ(n, 5);
	check_event(&ev[0], KEY_LCTRL, 0, KMOD_CTRL | KMOD_SHIFT, true);
	check_event(&ev[1], KEY_LSHIFT, 0, KMOD_CTRL, false);
	check_event(&ev[2], KEY_CHAR, 'a', KMOD_CTRL, false);
	check_event(&ev[3], KEY_CHAR, 'c', KMOD_CTRL, false);
	check_event(&ev[4], KEY_CHAR, 'd', KMOD_CTRL, true);
	/* all keys up at once */
	n = hid_kbd_report(&t.k, (const uint8_t[8]){0}, 8, 0, ev, LEN(ev),
	                   NULL);
	CHECK_EQ(n, 3);
	check_event(&ev[0], KEY_LCTRL, 0, 0, false);
	check_event(&ev[1], KEY_CHAR, 'b', 0, false);
	check_event(&ev[2], KEY_CHAR, 'd', 0, false);
}

/* Caps, Num and Scroll Lock toggle on press; the LED byte follows (B.1:
 * bit 0 Num, 1 Caps, 2 Scroll); Caps Lock shifts letters only. */
static void test_locks_and_leds(void)
{
	static struct kb t;

	kb_init(&t);
	kb_key(&t, U_CAPS, true);
	CHECK(t.leds);
	CHECK_EQ(hid_kbd_leds(&t.k), 0x02);
	check_event(&t.ev[0], KEY_CAPSLOCK, 0, KMOD_CAPS, true);
	kb_key(&t, U_CAPS, false);
	CHECK(!t.leds);
	check_event(&t.ev[1], KEY_CAPSLOCK, 0, KMOD_CAPS, false);
	kb_tap(&t, U_A);
	kb_tap(&t, U_1);
	kb_mod(&t, M_LSHIFT, true);
	kb_tap(&t, U_A);
	kb_tap(&t, U_1);
	kb_mod(&t, M_LSHIFT, false);
	CHECK_STREQ(typed(&t, 0), "A1a!");
	kb_key(&t, U_NUM, true);
	CHECK(t.leds);
	CHECK_EQ(hid_kbd_leds(&t.k), 0x03);
	kb_key(&t, U_NUM, false);
	kb_key(&t, U_SCROLL, true);
	CHECK_EQ(hid_kbd_leds(&t.k), 0x07);
	check_event(&t.ev[t.n - 1], KEY_SCROLLLOCK, 0, KMOD_CAPS, true);
	kb_key(&t, U_SCROLL, false);
	kb_tap(&t, U_CAPS);
	CHECK_EQ(hid_kbd_leds(&t.k), 0x05);
	kb_tap(&t, U_A);
	CHECK_EQ(t.ev[t.n - 1].mods, 0);
	CHECK_STREQ(typed(&t, 0), "A1a!a");
}

static void test_modifiers(void)
{
	static struct kb t;

	kb_init(&t);
	kb_mod(&t, M_LCTRL, true);
	kb_tap(&t, U_C);
	check_event(&t.ev[1], KEY_CHAR, 'c', KMOD_CTRL, true);
	kb_mod(&t, M_LCTRL, false);
	kb_mod(&t, M_RALT, true);
	check_event(&t.ev[t.n - 1], KEY_RALT, 0, KMOD_ALT, true);
	kb_mod(&t, M_LALT, true);
	kb_mod(&t, M_RALT, false);
	check_event(&t.ev[t.n - 1], KEY_RALT, 0, KMOD_ALT, false);
	kb_mod(&t, M_LALT, false);
	check_event(&t.ev[t.n - 1], KEY_LALT, 0, 0, false);
	/* the GUI keys have no key code: no event, as on PS/2 */
	size_t from = t.n;
	kb_mod(&t, M_LGUI, true);
	kb_mod(&t, 0x80, true);
	CHECK_EQ(t.n, from);
	kb_tap(&t, U_B);
	CHECK_EQ(t.ev[t.n - 1].mods, 0);
	/* both shifts, one let go: still shifted */
	kb_mod(&t, M_LSHIFT, true);
	kb_mod(&t, M_RSHIFT, true);
	kb_mod(&t, M_LSHIFT, false);
	check_event(&t.ev[t.n - 1], KEY_LSHIFT, 0, KMOD_SHIFT, false);
	kb_tap(&t, U_A);
	CHECK_STREQ(typed(&t, from), "bA");
}

/* Keypad 1..9 0 . without and with Num Lock; / * - + Enter either way. */
static void test_keypad(void)
{
	static const unsigned nav[] = {
	    KEY_END,  KEY_DOWN, KEY_PGDN, KEY_LEFT,   0,         KEY_RIGHT,
	    KEY_HOME, KEY_UP,   KEY_PGUP, KEY_INSERT, KEY_DELETE};
	static struct kb t;

	kb_init(&t);
	for (unsigned i = 0; i < LEN(nav); i++) {
		size_t from = t.n;

		kb_tap(&t, (uint8_t)(U_KP_1 + i));
		CHECK_EQ(t.n - from, nav[i] ? 2 : 0);
		if (nav[i])
			CHECK_EQ(t.ev[from].key, nav[i]);
	}
	for (uint8_t u = 0x54; u <= 0x57; u++)
		kb_tap(&t, u);
	CHECK_STREQ(typed(&t, 0), "/*-+");
	kb_tap(&t, 0x58);
	CHECK_EQ(t.ev[t.n - 1].key, KEY_ENTER);
	kb_tap(&t, U_NUM);
	size_t from = t.n;
	kb_mod(&t, M_LSHIFT, true); /* Shift does not change keypad digits */
	for (unsigned i = 0; i < LEN(nav); i++)
		kb_tap(&t, (uint8_t)(U_KP_1 + i));
	CHECK_STREQ(typed(&t, from), "1234567890.");
}

/* Short, long and odd reports. */
static void test_report_shapes(void)
{
	static struct kb t;
	struct key_event ev[HID_KBD_MAX_EVENTS];
	const uint8_t three[3] = {0, 0, U_A};
	const uint8_t dup[8] = {0, 0, U_B, U_B, U_B, 0, 0, 0};
	const uint8_t six[8] = {0, 0, 4, 5, 6, 7, 8, 9};
	uint8_t ten[10] = {0, 0xff, U_C, 0, 0, 0, 0, 0, U_A, U_B};

	kb_init(&t);
	CHECK_EQ(hid_kbd_report(&t.k, three, 2, 0, ev, LEN(ev), NULL), 0);
	CHECK_EQ(hid_kbd_report(&t.k, three, 3, 0, ev, LEN(ev), NULL), 1);
	CHECK_EQ(ev[0].ch, 'a');
	/* the same usage in three slots: one press, one release */
	CHECK_EQ(hid_kbd_report(&t.k, dup, 8, 0, ev, LEN(ev), NULL), 2);
	check_event(&ev[0], KEY_CHAR, 'a', 0, false);
	check_event(&ev[1], KEY_CHAR, 'b', 0, true);
	/* bytes past 8 ignored; the reserved byte too */
	CHECK_EQ(hid_kbd_report(&t.k, ten, 10, 0, ev, LEN(ev), NULL), 2);
	check_event(&ev[1], KEY_CHAR, 'c', 0, true);
	/* max limits what is written, never more */
	hid_kbd_init(&t.k);
	CHECK_EQ(hid_kbd_report(&t.k, six, 8, 0, ev, 2, NULL), 2);
	CHECK_EQ(ev[1].ch, 'b');
}

/* A physical key: its usage (or modifier bit) and its set-1 make code
 * (with 0xe0 when ext). */
struct phys {
	uint8_t usage, modbit, code;
	bool ext;
};

static const struct phys keys[] = {
    /* letters a..z */
    {0x04, 0, 0x1e, 0},
    {0x05, 0, 0x30, 0},
    {0x06, 0, 0x2e, 0},
    {0x07, 0, 0x20, 0},
    {0x08, 0, 0x12, 0},
    {0x09, 0, 0x21, 0},
    {0x0a, 0, 0x22, 0},
    {0x0b, 0, 0x23, 0},
    {0x0c, 0, 0x17, 0},
    {0x0d, 0, 0x24, 0},
    {0x0e, 0, 0x25, 0},
    {0x0f, 0, 0x26, 0},
    {0x10, 0, 0x32, 0},
    {0x11, 0, 0x31, 0},
    {0x12, 0, 0x18, 0},
    {0x13, 0, 0x19, 0},
    {0x14, 0, 0x10, 0},
    {0x15, 0, 0x13, 0},
    {0x16, 0, 0x1f, 0},
    {0x17, 0, 0x14, 0},
    {0x18, 0, 0x16, 0},
    {0x19, 0, 0x2f, 0},
    {0x1a, 0, 0x11, 0},
    {0x1b, 0, 0x2d, 0},
    {0x1c, 0, 0x15, 0},
    {0x1d, 0, 0x2c, 0},
    /* 1..9 0 */
    {0x1e, 0, 0x02, 0},
    {0x1f, 0, 0x03, 0},
    {0x20, 0, 0x04, 0},
    {0x21, 0, 0x05, 0},
    {0x22, 0, 0x06, 0},
    {0x23, 0, 0x07, 0},
    {0x24, 0, 0x08, 0},
    {0x25, 0, 0x09, 0},
    {0x26, 0, 0x0a, 0},
    {0x27, 0, 0x0b, 0},
    /* Enter Esc Backspace Tab space - = [ ] \ #(as \) ; ' ` , . / */
    {0x28, 0, 0x1c, 0},
    {0x29, 0, 0x01, 0},
    {0x2a, 0, 0x0e, 0},
    {0x2b, 0, 0x0f, 0},
    {0x2c, 0, 0x39, 0},
    {0x2d, 0, 0x0c, 0},
    {0x2e, 0, 0x0d, 0},
    {0x2f, 0, 0x1a, 0},
    {0x30, 0, 0x1b, 0},
    {0x31, 0, 0x2b, 0},
    {0x32, 0, 0x2b, 0},
    {0x33, 0, 0x27, 0},
    {0x34, 0, 0x28, 0},
    {0x35, 0, 0x29, 0},
    {0x36, 0, 0x33, 0},
    {0x37, 0, 0x34, 0},
    {0x38, 0, 0x35, 0},
    /* Caps Lock, F1..F12, Scroll Lock */
    {0x39, 0, 0x3a, 0},
    {0x3a, 0, 0x3b, 0},
    {0x3b, 0, 0x3c, 0},
    {0x3c, 0, 0x3d, 0},
    {0x3d, 0, 0x3e, 0},
    {0x3e, 0, 0x3f, 0},
    {0x3f, 0, 0x40, 0},
    {0x40, 0, 0x41, 0},
    {0x41, 0, 0x42, 0},
    {0x42, 0, 0x43, 0},
    {0x43, 0, 0x44, 0},
    {0x44, 0, 0x57, 0},
    {0x45, 0, 0x58, 0},
    {0x47, 0, 0x46, 0},
    /* Insert Home PgUp Delete End PgDn Right Left Down Up */
    {0x49, 0, 0x52, 1},
    {0x4a, 0, 0x47, 1},
    {0x4b, 0, 0x49, 1},
    {0x4c, 0, 0x53, 1},
    {0x4d, 0, 0x4f, 1},
    {0x4e, 0, 0x51, 1},
    {0x4f, 0, 0x4d, 1},
    {0x50, 0, 0x4b, 1},
    {0x51, 0, 0x50, 1},
    {0x52, 0, 0x48, 1},
    /* Num Lock, keypad / * - + Enter 1..9 0 . */
    {0x53, 0, 0x45, 0},
    {0x54, 0, 0x35, 1},
    {0x55, 0, 0x37, 0},
    {0x56, 0, 0x4a, 0},
    {0x57, 0, 0x4e, 0},
    {0x58, 0, 0x1c, 1},
    {0x59, 0, 0x4f, 0},
    {0x5a, 0, 0x50, 0},
    {0x5b, 0, 0x51, 0},
    {0x5c, 0, 0x4b, 0},
    {0x5d, 0, 0x4c, 0},
    {0x5e, 0, 0x4d, 0},
    {0x5f, 0, 0x47, 0},
    {0x60, 0, 0x48, 0},
    {0x61, 0, 0x49, 0},
    {0x62, 0, 0x52, 0},
    {0x63, 0, 0x53, 0},
    /* LCtrl LShift LAlt RCtrl RShift RAlt */
    {0, 0x01, 0x1d, 0},
    {0, 0x02, 0x2a, 0},
    {0, 0x04, 0x38, 0},
    {0, 0x10, 0x1d, 1},
    {0, 0x20, 0x36, 0},
    {0, 0x40, 0x38, 1},
};

/* Both keyboards side by side. */
struct pair {
	struct kb usb;
	struct kbd_decoder ps2;
	struct key_event ps2_ev[4096];
	size_t ps2_n;
	bool held[LEN(keys)];
	unsigned nheld; /* non-modifier keys held (a report has 6 slots) */
};

static void ps2_byte(struct pair *p, uint8_t b)
{
	struct key_event ev;

	if (kbd_decode(&p->ps2, b, &ev))
		p->ps2_ev[p->ps2_n++] = ev;
}

/* Press or release keys[i] on both. */
static void pair_key(struct pair *p, size_t i, bool down)
{
	const struct phys *k = &keys[i];

	if (k->ext)
		ps2_byte(p, 0xe0);
	ps2_byte(p, (uint8_t)(k->code | (down ? 0 : 0x80)));
	if (k->modbit) {
		kb_mod(&p->usb, k->modbit, down);
	} else {
		kb_key(&p->usb, k->usage, down);
		p->nheld = down ? p->nheld + 1 : p->nheld - 1;
	}
	p->held[i] = down;
}

static void pair_init(struct pair *p)
{
	memset(p, 0, sizeof(*p));
	kb_init(&p->usb);
	kbd_decoder_init(&p->ps2);
}

/* Both gave the same events; returns how many differ (0 is good). */
static unsigned pair_compare(const struct pair *p)
{
	unsigned bad = 0;

	CHECK_EQ(p->usb.n, p->ps2_n);
	for (size_t i = 0; i < p->ps2_n && i < p->usb.n; i++) {
		const struct key_event *a = &p->usb.ev[i], *b = &p->ps2_ev[i];

		if (a->key != b->key || a->ch != b->ch || a->mods != b->mods ||
		    a->down != b->down) {
			if (!bad)
				test_fail(__FILE__, __LINE__,
				          "event %zu: usb key %u ch %#x mods "
				          "%#x down %d, ps2 key %u ch %#x "
				          "mods %#x down %d",
				          i, a->key, a->ch, a->mods, a->down,
				          b->key, b->ch, b->mods, b->down);
			bad++;
		}
	}
	return bad;
}

/* Every key tapped alone, under Shift, Ctrl, Caps Lock and Num Lock. */
static void test_same_as_ps2_table(void)
{
	static struct pair p;
	static const uint8_t states[][2] = {{0, 0},       {0x02, 0}, {0x01, 0},
	                                    {0x20, 0x39}, {0, 0x53}, {0x40, 0}};

	pair_init(&p);
	for (size_t s = 0; s < LEN(states); s++) {
		size_t mod = LEN(keys), lock = LEN(keys);

		for (size_t i = 0; i < LEN(keys); i++) {
			if (states[s][0] && keys[i].modbit == states[s][0])
				mod = i;
			if (states[s][1] && keys[i].usage == states[s][1])
				lock = i;
		}
		if (lock < LEN(keys)) {
			pair_key(&p, lock, true);
			pair_key(&p, lock, false);
		}
		if (mod < LEN(keys))
			pair_key(&p, mod, true);
		for (size_t i = 0; i < LEN(keys); i++) {
			if (i == mod || i == lock)
				continue;
			pair_key(&p, i, true);
			pair_key(&p, i, false);
		}
		if (mod < LEN(keys))
			pair_key(&p, mod, false);
		if (lock < LEN(keys)) {
			pair_key(&p, lock, true);
			pair_key(&p, lock, false);
		}
	}
	CHECK_EQ(pair_compare(&p), 0);
	CHECK(p.ps2_n > 6 * 2 * (LEN(keys) - 2)); /* nearly all gave events */
}

/* Random presses and releases, one change per report, up to six keys. */
static void test_same_as_ps2_random(void)
{
	static struct pair p;

	test_rng_seed();
	for (int round = 0; round < 20; round++) {
		pair_init(&p);
		for (int step = 0; step < 150; step++) {
			size_t i = test_rand_below(LEN(keys));

			if (p.held[i])
				pair_key(&p, i, false);
			else if (keys[i].modbit || p.nheld < 6)
				pair_key(&p, i, true);
		}
		CHECK_EQ(pair_compare(&p), 0);
	}
}

int main(void)
{
	test_typed_word();
	test_repeat();
	test_repeat_last_key();
	test_repeat_limits();
	test_repeat_keypad5();
	test_rollover();
	test_release_order();
	test_locks_and_leds();
	test_modifiers();
	test_keypad();
	test_report_shapes();
	test_same_as_ps2_table();
	test_same_as_ps2_random();
	return test_finish();
}
