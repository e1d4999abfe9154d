/* SPDX-License-Identifier: MIT */
/*
 * HID boot-protocol keyboard reports turned into key events (HID 1.11,
 * appendix B.1; usage IDs from the HID Usage Tables, keyboard page 0x07),
 * portable and host-tested. The same struct key_event the i8042 path
 * produces (input/keys.h), US layout.
 *
 *   byte 0      modifiers: bit 0 LCtrl 1 LShift 2 LAlt 3 LGUI
 *                          4 RCtrl 5 RShift 6 RAlt 7 RGUI
 *   byte 1      reserved
 *   bytes 2..7  usage IDs of up to six keys held, 0 = none;
 *               all 0x01 = ErrorRollOver (too many keys: ignored)
 *
 * A key is pressed when its usage appears that was not in the previous
 * report, released when it disappears. USB keyboards do not repeat by
 * themselves: the last key pressed repeats after HID_REPEAT_DELAY_MS and
 * then every HID_REPEAT_RATE_MS while it stays held (hid_kbd_tick). Caps
 * Lock, Num Lock and Scroll Lock toggle on press; hid_kbd_leds gives the
 * output report byte for SET_REPORT (B.1: bit 0 Num, 1 Caps, 2 Scroll).
 */
#ifndef KERNEL_DRIVERS_INPUT_HID_KBD_H
#define KERNEL_DRIVERS_INPUT_HID_KBD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "input/keys.h"

#define HID_REPEAT_DELAY_MS 500
#define HID_REPEAT_RATE_MS  33
#define HID_KBD_REPORT      8
/* The most events one report can give: 8 modifier changes, 6 releases,
 * 6 presses. */
#define HID_KBD_MAX_EVENTS 20

struct hid_kbd {
	uint8_t prev[HID_KBD_REPORT]; /* the last report accepted */
	bool caps, num, scroll;       /* lock states */
	uint8_t repeat_usage;         /* 0: nothing repeating */
	uint64_t repeat_at_ms;        /* when it repeats next */
};

void hid_kbd_init(struct hid_kbd *k);

/* Feed one input report of len bytes received at now_ms. Fewer than 3
 * bytes, or ErrorRollOver, change nothing and give 0; bytes past 8 are
 * ignored. Writes at most max events to out, in order: modifier changes,
 * releases, presses; returns how many. *leds_changed (may be NULL) is set
 * when a lock key toggled, so the caller sends SET_REPORT. */
size_t hid_kbd_report(struct hid_kbd *k, const uint8_t *rep, size_t len,
                      uint64_t now_ms, struct key_event *out, size_t max,
                      bool *leds_changed);

/* Auto-repeat: the press events due by now_ms (at most max). */
size_t hid_kbd_tick(struct hid_kbd *k, uint64_t now_ms, struct key_event *out,
                    size_t max);

/* When hid_kbd_tick will next have something, or UINT64_MAX. */
uint64_t hid_kbd_next_ms(const struct hid_kbd *k);

/* The LED output report byte for the current lock states. */
uint8_t hid_kbd_leds(const struct hid_kbd *k);
#endif
