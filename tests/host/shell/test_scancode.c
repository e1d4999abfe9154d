/* SPDX-License-Identifier: MIT */
/* Scancode set 1 decoding (US layout, modifiers, extended keys) and the
 * key-to-bytes translation. */
#include "input/keys.h"
#include "input/scancode.h"
#include "test.h"

/* Feed bytes; write the characters of KEY_CHAR presses into out (others as
 * '#'), return how many events came. */
static int feed(struct kbd_decoder *d, const uint8_t *b, size_t n, char *out,
                struct key_event *last)
{
	int events = 0;
	size_t o = 0;
	struct key_event ev;

	for (size_t i = 0; i < n; i++) {
		if (!kbd_decode(d, b[i], &ev))
			continue;
		events++;
		if (last)
			*last = ev;
		if (ev.down && ev.key == KEY_CHAR)
			out[o++] = (char)ev.ch;
	}
	out[o] = 0;
	return events;
}

static void test_letters_and_shift(void)
{
	struct kbd_decoder d;
	char out[32];
	/* h, i, LShift down, 1, LShift up, space, CapsLock, a, LShift+a */
	const uint8_t seq[] = {0x23, 0xa3, 0x17, 0x97, 0x2a, 0x02,
	                       0x82, 0xaa, 0x39, 0xb9, 0x3a, 0xba,
	                       0x1e, 0x9e, 0x36, 0x1e, 0x9e, 0xb6};

	kbd_decoder_init(&d);
	feed(&d, seq, sizeof(seq), out, NULL);
	CHECK_STREQ(out, "hi! Aa");
}

static void test_punctuation(void)
{
	struct kbd_decoder d;
	char out[32];
	const uint8_t seq[] = {0x0c, 0x0d, 0x1a, 0x1b, 0x27, 0x28, 0x29, 0x2b,
	                       0x33, 0x34, 0x35, 0x2a, 0x0c, 0x28, 0x35, 0xaa};

	kbd_decoder_init(&d);
	feed(&d, seq, sizeof(seq), out, NULL);
	CHECK_STREQ(out, "-=[];'`\\,./_\"?");
}

static void test_extended(void)
{
	struct kbd_decoder d;
	struct key_event ev;
	char out[8];
	const struct {
		uint8_t code;
		unsigned key;
	} keys[] = {{0x48, KEY_UP},     {0x50, KEY_DOWN}, {0x4b, KEY_LEFT},
	            {0x4d, KEY_RIGHT},  {0x47, KEY_HOME}, {0x4f, KEY_END},
	            {0x53, KEY_DELETE}, {0x1c, KEY_ENTER}};

	kbd_decoder_init(&d);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		uint8_t b[2] = {0xe0, keys[i].code};
		uint8_t r[2] = {0xe0, (uint8_t)(keys[i].code | 0x80)};

		CHECK_EQ(feed(&d, b, 2, out, &ev), 1);
		CHECK_EQ(ev.key, keys[i].key);
		CHECK(ev.down);
		CHECK_EQ(feed(&d, r, 2, out, &ev), 1);
		CHECK(!ev.down);
	}
	/* keypad 8 without 0xe0 and Num Lock off: also Up */
	CHECK(kbd_decode(&d, 0x48, &ev));
	CHECK_EQ(ev.key, KEY_UP);
}

/* F1..F10 (0x3b..0x44) were missing: only F11/F12 gave events. */
static void test_function_keys(void)
{
	struct kbd_decoder d;
	struct key_event ev;

	kbd_decoder_init(&d);
	for (unsigned n = 1; n <= 12; n++) {
		uint8_t code = (uint8_t)(n <= 10 ? 0x3a + n : 0x57 + n - 11);

		CHECK(kbd_decode(&d, code, &ev));
		CHECK_EQ(ev.key, KEY_F1 + n - 1);
		CHECK(ev.down);
		CHECK(kbd_decode(&d, code | 0x80, &ev));
		CHECK(!ev.down);
	}
}

/* The keypad: Num Lock off gives navigation keys (5 nothing), on gives
 * "789-456+1230."; '-' and '+' either way. */
static void test_keypad(void)
{
	static const uint8_t nav[] = {
	    KEY_HOME, KEY_UP,     KEY_PGUP,  0,       KEY_LEFT,
	    0,        KEY_RIGHT,  0,         KEY_END, KEY_DOWN,
	    KEY_PGDN, KEY_INSERT, KEY_DELETE};
	struct kbd_decoder d;
	struct key_event ev;
	char out[16];

	kbd_decoder_init(&d);
	for (uint8_t code = 0x47; code <= 0x53; code++) {
		unsigned want = nav[code - 0x47];
		bool got = kbd_decode(&d, code, &ev);

		if (code == 0x4a || code == 0x4e) {
			CHECK(got && ev.key == KEY_CHAR);
			continue;
		}
		CHECK_EQ(got, want != 0);
		if (got)
			CHECK_EQ(ev.key, want);
	}
	CHECK(kbd_decode(&d, 0x45, &ev)); /* Num Lock */
	CHECK_EQ(ev.key, KEY_NUMLOCK);
	CHECK(d.num);
	for (uint8_t code = 0x47; code <= 0x53; code++) {
		const uint8_t b[2] = {code, (uint8_t)(code | 0x80)};

		feed(&d, b, 2, out + (code - 0x47), NULL);
	}
	CHECK_STREQ(out, "789-456+1230.");
}

static void test_modifiers(void)
{
	struct kbd_decoder d;
	struct key_event ev;
	char out[8];
	const uint8_t ctrl_c[] = {0x1d, 0x2e};
	const uint8_t rctrl_up[] = {0xe0, 0x1d, 0xe0, 0x9d, 0x2e};
	const uint8_t both_shifts[] = {0x2a, 0x36, 0xaa, 0x1e};

	kbd_decoder_init(&d);
	feed(&d, ctrl_c, 2, out, &ev);
	CHECK(ev.mods & KMOD_CTRL);
	CHECK_EQ(ev.ch, 'c');
	kbd_decoder_init(&d);
	feed(&d, rctrl_up, sizeof(rctrl_up), out, &ev);
	CHECK(!(ev.mods & KMOD_CTRL));
	kbd_decoder_init(&d);
	feed(&d, both_shifts, sizeof(both_shifts), out, &ev);
	CHECK_STREQ(out, "A"); /* right shift still held */
}

static void test_pause_and_fake_shift(void)
{
	struct kbd_decoder d;
	char out[8];
	const uint8_t seq[] = {0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5,
	                       0x1e, 0xe0, 0x2a, 0xe0, 0x37, 0x1e};

	kbd_decoder_init(&d);
	feed(&d, seq, sizeof(seq), out, NULL);
	CHECK_STREQ(out, "aa");
	CHECK(!(d.held & KMOD_SHIFT));
}

/* Any byte stream: never crashes, modifiers stay within their bits. */
static void test_fuzz(void)
{
	struct kbd_decoder d;
	struct key_event ev;

	test_rng_seed();
	kbd_decoder_init(&d);
	for (int i = 0; i < 200000; i++) {
		if (kbd_decode(&d, (uint8_t)test_rand(), &ev)) {
			CHECK(ev.key > KEY_NONE && ev.key < KEY_COUNT);
			CHECK(ev.key != KEY_CHAR ||
			      (ev.ch >= 0x20 && ev.ch < 0x7f));
		}
	}
	CHECK(!(d.held & ~(KMOD_SHIFT | KMOD_CTRL | KMOD_ALT)));
}

static void test_key_to_bytes(void)
{
	char b[8];
	struct key_event up = {.key = KEY_UP, .down = true};
	struct key_event del = {.key = KEY_DELETE, .down = true};
	struct key_event ca = {
	    .key = KEY_CHAR, .ch = 'a', .mods = KMOD_CTRL, .down = true};
	struct key_event altx = {
	    .key = KEY_CHAR, .ch = 'x', .mods = KMOD_ALT, .down = true};
	struct key_event rel = {.key = KEY_CHAR, .ch = 'a'};
	struct key_event shift = {.key = KEY_LSHIFT, .down = true};

	CHECK_EQ(key_to_bytes(&up, b, sizeof(b)), 3);
	CHECK(!memcmp(b, "\x1b[A", 3));
	CHECK_EQ(key_to_bytes(&del, b, sizeof(b)), 4);
	CHECK(!memcmp(b, "\x1b[3~", 4));
	CHECK_EQ(key_to_bytes(&ca, b, sizeof(b)), 1);
	CHECK_EQ(b[0], 1);
	CHECK_EQ(key_to_bytes(&altx, b, sizeof(b)), 2);
	CHECK(!memcmp(b, "\x1bx", 2));
	CHECK_EQ(key_to_bytes(&rel, b, sizeof(b)), 0);
	CHECK_EQ(key_to_bytes(&shift, b, sizeof(b)), 0);
	CHECK_EQ(key_to_bytes(&del, b, 3), 0); /* does not fit */
}

int main(void)
{
	test_letters_and_shift();
	test_punctuation();
	test_extended();
	test_function_keys();
	test_keypad();
	test_modifiers();
	test_pause_and_fake_shift();
	test_fuzz();
	test_key_to_bytes();
	return test_finish();
}
