/* SPDX-License-Identifier: MIT */
/*
 * PS/2 scancode set 1 decoder (what an i8042 with translation enabled
 * delivers, whatever set the keyboard itself speaks), US layout. Portable
 * and host-tested: it takes one byte at a time and keeps all its state in
 * struct kbd_decoder.
 *
 *   make code          0x01..0x58            break = make | 0x80
 *   extended key       0xe0, make/break      (arrows, Home, End, right Ctrl)
 *   Pause              0xe1 0x1d 0x45 0xe1 0x9d 0xc5  (swallowed)
 *   fake shifts        0xe0 0x2a / 0xe0 0xaa around Print Screen (ignored)
 *   keypad             0x47..0x53: digits and '.' with Num Lock on,
 *                      Home/Up/PgUp/Left/Right/End/Down/PgDn/Ins/Del off
 *
 * (IBM PC AT Technical Reference, keyboard scan codes; the set 1 values
 * are the ones the 8042 translation table produces.)
 */
#ifndef KERNEL_INPUT_SCANCODE_H
#define KERNEL_INPUT_SCANCODE_H
#include <stdbool.h>
#include <stdint.h>
#include "input/keys.h"

struct kbd_decoder {
	uint8_t prefix;  /* 0, 0xe0, or 0xe1 while inside a Pause sequence */
	uint8_t e1_left; /* bytes of the Pause sequence still to swallow */
	uint8_t held;    /* KMOD_SHIFT/CTRL/ALT bits, any side */
	uint8_t sides;   /* which of the six modifier keys are down */
	bool caps;       /* Caps Lock toggled on */
	bool num;        /* Num Lock toggled on: keypad gives digits */
};

void kbd_decoder_init(struct kbd_decoder *d);

/* Feed one byte from the controller. Returns true and fills *ev when the
 * byte completes a key event; prefixes, unknown codes and the Pause
 * sequence give false. Any byte sequence is accepted. */
bool kbd_decode(struct kbd_decoder *d, uint8_t byte, struct key_event *ev);
#endif
