/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for drivers/input/hid_kbd.c: the input is a program of
 * reports (any length, any bytes, any event limit) and repeat ticks at
 * growing times:
 *
 *   op & 3 == 0   report: next byte % 16 = length, then that many bytes
 *   op & 3 == 1   tick: time += next byte * 4 ms
 *   op & 3 >= 2   time += next byte * 256 ms
 *   op >> 2 % 21  the event limit (0..20) for a report or tick
 *
 * Checked: never more events than the limit or HID_KBD_MAX_EVENTS; every
 * event a real key with a printable character only for KEY_CHAR, modifier
 * bits only, Caps in mods exactly when Caps Lock is on; an accepted report
 * becomes the state; the repeating key is one held; a tick leaves nothing
 * due; the LED byte follows the locks.
 */
#include <drivers/input/hid_kbd.h>
#include <stdlib.h>
#include <string.h>

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_events(const struct hid_kbd *k, const struct key_event *ev,
                         size_t n, size_t max)
{
	check(n <= max && n <= HID_KBD_MAX_EVENTS);
	for (size_t i = 0; i < n; i++) {
		check(ev[i].key > KEY_NONE && ev[i].key < KEY_COUNT);
		if (ev[i].key == KEY_CHAR)
			check(ev[i].ch >= 0x20 && ev[i].ch < 0x7f);
		else
			check(ev[i].ch == 0);
		check(!(ev[i].mods &
		        ~(KMOD_SHIFT | KMOD_CTRL | KMOD_ALT | KMOD_CAPS)));
	}
	/* with none dropped, the last event carries the Caps state now */
	if (n && n < max)
		check(!!(ev[n - 1].mods & KMOD_CAPS) == k->caps);
}

/* After any call: the repeating key is held, the LEDs follow the locks. */
static void check_state(const struct hid_kbd *k)
{
	bool held = false;

	for (int i = 2; i < HID_KBD_REPORT; i++)
		held |= k->prev[i] == k->repeat_usage;
	check(!k->repeat_usage || held);
	check((k->repeat_usage != 0) == (hid_kbd_next_ms(k) != UINT64_MAX));
	check(hid_kbd_leds(k) ==
	      ((k->num ? 1 : 0) | (k->caps ? 2 : 0) | (k->scroll ? 4 : 0)));
}

/* A report the parser must take (3+ bytes, no error usage) becomes the
 * state: modifiers and the six slots, zero-padded. */
static void check_accepted(const struct hid_kbd *k, const uint8_t *rep,
                           size_t len)
{
	uint8_t want[HID_KBD_REPORT] = {0};

	if (len < 3)
		return;
	for (size_t i = 2; i < len && i < HID_KBD_REPORT; i++) {
		if (rep[i] >= 1 && rep[i] <= 3)
			return;
	}
	memcpy(want, rep, len < HID_KBD_REPORT ? len : HID_KBD_REPORT);
	check(k->prev[0] == want[0]);
	check(!memcmp(k->prev + 2, want + 2, HID_KBD_REPORT - 2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hid_kbd k;
	struct key_event ev[HID_KBD_MAX_EVENTS + 4];
	uint64_t now = 0;
	size_t p = 0;

	hid_kbd_init(&k);
	while (p + 1 < size) {
		uint8_t op = data[p++], arg = data[p++];
		size_t max = (op >> 2) % (HID_KBD_MAX_EVENTS + 1), n;

		if ((op & 3) == 0) {
			size_t len = arg % 16;
			bool leds = false;
			uint8_t before = hid_kbd_leds(&k);

			if (len > size - p)
				len = size - p;
			n = hid_kbd_report(&k, data + p, len, now, ev, max,
			                   &leds);
			check_accepted(&k, data + p, len);
			check(leds == (before != hid_kbd_leds(&k)));
			p += len;
		} else if ((op & 3) == 1) {
			now += (uint64_t)arg * 4;
			n = hid_kbd_tick(&k, now, ev, max);
			check(hid_kbd_next_ms(&k) > now);
		} else {
			now += (uint64_t)arg * 256;
			continue;
		}
		check_events(&k, ev, n, max);
		check_state(&k);
	}
	return 0;
}
