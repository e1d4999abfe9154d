/* SPDX-License-Identifier: MIT */
/* The i8042 PS/2 controller's first port (the keyboard). */
#ifndef KERNEL_DRIVERS_INPUT_I8042_H
#define KERNEL_DRIVERS_INPUT_I8042_H
#include <stdbool.h>
#include <stdint.h>

/* Set the controller up for a keyboard on port 1: port 2 off, IRQ1 on,
 * scancode translation to set 1 on, scanning enabled. Every wait is
 * bounded. Returns false if no controller answered. */
bool i8042_init(void);

/* A byte from the keyboard, or -1 if none is waiting. */
int i8042_read(void);
#endif
