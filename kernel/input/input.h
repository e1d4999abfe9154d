/* SPDX-License-Identifier: MIT */
/*
 * Console input: the PS/2 keyboard (IRQ 1, decoded into key events) and
 * the serial port (IRQ 4, raw bytes), merged into one stream of terminal
 * bytes for the shell. Interrupt handlers only queue; readers block.
 *
 *   IRQ1 -> i8042 byte -> kbd_decode -> key-event queue --+
 *                                                          +-> input_getc
 *   IRQ4 -> UART bytes --------------> serial byte queue -+   (key_to_bytes
 *                                                              for keys)
 * If an IRQ cannot be had, a thread polls that device every 10 ms instead.
 */
#ifndef KERNEL_INPUT_INPUT_H
#define KERNEL_INPUT_INPUT_H
#include <stdbool.h>
#include <stdint.h>
#include "input/keys.h"

/* Needs the scheduler and the interrupt controllers. */
void input_init(void);

/* Block until a byte is available from either console; return it. */
int input_getc(void);

/* Take the next key event, if any (the shell uses input_getc instead). */
bool input_key_pop(struct key_event *ev);

/* Counters for diagnostics: key events and serial bytes received, events
 * and bytes dropped because a queue was full. */
struct input_stats {
	uint64_t keys, serial, dropped;
	bool kbd_irq, serial_irq, kbd_present;
};
struct input_stats input_stats(void);
#endif
