/* SPDX-License-Identifier: MIT */
/* 16550 UART on COM1 (0x3f8), 115200 8N1, polled. */
#ifndef KERNEL_ARCH_X86_64_SERIAL_H
#define KERNEL_ARCH_X86_64_SERIAL_H
#include <stdbool.h>
#include <stddef.h>

/* Program the UART and check that one is there (scratch register and
 * loopback test). Returns true if a working UART was found; otherwise all
 * other serial calls do nothing. */
bool serial_init(void);
bool serial_present(void);

/* Send n bytes, turning "\n" into "\r\n". Waits a bounded time per byte
 * for room in the transmitter, so a dead UART cannot hang the kernel. */
void serial_write(const char *s, size_t n);

/* A received byte, or -1 if none is waiting. */
int serial_getc(void);

/* Raise IRQ 4 whenever a byte arrives (IER bit 0, "received data
 * available"; MCR OUT2 already gates the line). False without a UART. */
bool serial_rx_irq_enable(void);
#endif
