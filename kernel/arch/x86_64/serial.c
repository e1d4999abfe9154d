/* SPDX-License-Identifier: MIT */
/*
 * 16550 UART driver, polled. Register offsets from COM1 = 0x3f8 (PC16550D
 * data sheet):
 *
 *   +0 RBR/THR (DLL when LCR.DLAB)   +4 MCR  modem control
 *   +1 IER     (DLM when LCR.DLAB)   +5 LSR  line status
 *   +2 FCR     FIFO control          +7 SCR  scratch
 *   +3 LCR     line control
 */
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/serial.h>

#define COM1 0x3f8
#define THR  0
#define IER  1
#define FCR  2
#define LCR  3
#define MCR  4
#define LSR  5
#define SCR  7

#define LCR_DLAB         0x80
#define LCR_8N1          0x03
#define FCR_ENABLE_CLEAR 0xc7 /* FIFO on, clear RX/TX, 14-byte trigger */
#define MCR_NORMAL       0x0b /* DTR, RTS, OUT2 */
#define MCR_LOOPBACK     0x1e /* loopback, RTS, OUT1, OUT2 */
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20

#define TX_SPINS 100000 /* ~ms at emulated port speeds; a byte takes 87 us */

static bool uart_ok;

static void reg_write(unsigned reg, uint8_t v)
{
	outb(COM1 + reg, v);
}

static uint8_t reg_read(unsigned reg)
{
	return inb(COM1 + reg);
}

bool serial_init(void)
{
	reg_write(SCR, 0x5a);
	if (reg_read(SCR) != 0x5a)
		return uart_ok = false;
	reg_write(IER, 0);
	reg_write(LCR, LCR_DLAB);
	reg_write(THR, 1); /* divisor 1: 115200 baud */
	reg_write(IER, 0);
	reg_write(LCR, LCR_8N1);
	reg_write(FCR, FCR_ENABLE_CLEAR);
	reg_write(MCR, MCR_LOOPBACK);
	reg_write(THR, 0xae);
	for (int i = 0; i < TX_SPINS && !(reg_read(LSR) & LSR_DATA_READY); i++)
		;
	if (reg_read(THR) != 0xae)
		return uart_ok = false;
	reg_write(MCR, MCR_NORMAL);
	return uart_ok = true;
}

bool serial_present(void)
{
	return uart_ok;
}

static void put_byte(uint8_t c)
{
	for (int i = 0; i < TX_SPINS; i++) {
		if (reg_read(LSR) & LSR_THR_EMPTY) {
			reg_write(THR, c);
			return;
		}
	}
	uart_ok = false; /* stuck transmitter: stop trying */
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n && uart_ok; i++) {
		if (s[i] == '\n')
			put_byte('\r');
		put_byte((uint8_t)s[i]);
	}
}

int serial_getc(void)
{
	if (!uart_ok || !(reg_read(LSR) & LSR_DATA_READY))
		return -1;
	return reg_read(THR);
}

bool serial_rx_irq_enable(void)
{
	if (uart_ok)
		reg_write(IER, 0x01);
	return uart_ok;
}
