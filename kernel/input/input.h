/* SPDX-License-Identifier: MIT */
/*
 * Console input: key events from every keyboard driver and raw bytes from
 * the serial port, merged into one stream of terminal bytes for the shell.
 * Drivers only queue (from interrupt handlers or their own threads);
 * readers block.
 *
 *   i8042 (drivers/input/i8042.c) --+
 *   USB HID keyboards (usb_kbd.c) --+-> input_key_push -> key-event queue --+
 *                                                                            +->
 * input_getc IRQ4 -> UART bytes -----------------------------> serial byte
 * queue ----+   (key_to_bytes for keys) If the UART's IRQ cannot be had, a
 * thread polls it every 10 ms instead.
 */
#ifndef KERNEL_INPUT_INPUT_H
#define KERNEL_INPUT_INPUT_H
#include <stdbool.h>
#include <stdint.h>
#include "input/keys.h"

/* Needs the scheduler and the interrupt controllers; before drivers_init. */
void input_init(void);

/* Queue one key event for the console. Any context, interrupts on or off;
 * an event that finds the queue full is dropped and counted. */
void input_key_push(const struct key_event *ev);

/* A keyboard driver found a keyboard: name it for the log and the stats
 * ("i8042 irq 1", "usb 1-2 hid"). At most INPUT_MAX_KBDS are listed. */
#define INPUT_MAX_KBDS 4
void input_keyboard_added(const char *desc);

/* After drivers_init: one `input:` line naming the keyboards found so far
 * (or "keyboard absent") and how serial input arrives. */
void input_report(void);

/* Block until a byte is available from either console; return it. */
int input_getc(void);
/* The same, for a process's read: -1 if interrupted (a kill). */
int input_getc_intr(void);

/* fn is called (any context) for each Ctrl-C (byte 0x03) as it arrives;
 * when it returns true the byte is consumed, else queued as usual. */
void input_set_intr_hook(bool (*fn)(void));

/* Counters for diagnostics: key events and serial bytes received, events
 * and bytes dropped because a queue was full, keyboards attached. */
struct input_stats {
	uint64_t keys, serial, dropped;
	bool serial_irq;
	unsigned keyboards;
};
struct input_stats input_stats(void);
#endif
