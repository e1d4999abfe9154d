/* SPDX-License-Identifier: MIT */
/*
 * i8042 keyboard controller (IBM PC AT Technical Reference; the command
 * byte layout is the AT one):
 *
 *   port 0x60  data (read: output buffer, write: to the device / data of a
 *              controller command)
 *   port 0x64  read: status (bit 0 output full, bit 1 input full,
 *              bit 5 the byte came from port 2); write: controller command
 *
 *   command byte: bit 0 port-1 IRQ, bit 1 port-2 IRQ, bit 4 port-1 clock
 *   off, bit 5 port-2 clock off, bit 6 translate to scancode set 1
 */
#include <arch/cpu.h>
#include "drivers/driver.h"
#include "drivers/input/i8042.h"
#include "input/input.h"
#include "input/scancode.h"
#include "irq/irq.h"
#include "sched/thread.h"
#include "sync/spinlock.h"

#define DATA   0x60
#define STATUS 0x64
#define CMD    0x64

#define ST_OUT_FULL 0x01
#define ST_IN_FULL  0x02
#define ST_AUX      0x20

#define C_READ_CFG  0x20
#define C_WRITE_CFG 0x60
#define C_PORT2_OFF 0xa7
#define C_PORT1_OFF 0xad
#define C_PORT1_ON  0xae

#define CFG_IRQ1      0x01
#define CFG_IRQ12     0x02
#define CFG_CLK1_OFF  0x10
#define CFG_TRANSLATE 0x40

#define KBD_ENABLE 0xf4
#define KBD_ACK    0xfa

#define SPINS 200000

static bool wait_status(uint8_t mask, bool set)
{
	for (int i = 0; i < SPINS; i++) {
		if (!!(inb(STATUS) & mask) == set)
			return true;
	}
	return false;
}

static bool send(uint16_t port, uint8_t v)
{
	if (!wait_status(ST_IN_FULL, false))
		return false;
	outb(port, v);
	return true;
}

static int recv(void)
{
	if (!wait_status(ST_OUT_FULL, true))
		return -1;
	return inb(DATA);
}

static void flush(void)
{
	for (int i = 0; i < 64 && (inb(STATUS) & ST_OUT_FULL); i++)
		(void)inb(DATA);
}

bool i8042_init(void)
{
	int cfg;

	if (inb(STATUS) == 0xff)
		return false; /* nothing on the bus */
	send(CMD, C_PORT1_OFF);
	send(CMD, C_PORT2_OFF);
	flush();
	if (!send(CMD, C_READ_CFG) || (cfg = recv()) < 0)
		return false;
	cfg = (cfg | CFG_IRQ1 | CFG_TRANSLATE) & ~(CFG_IRQ12 | CFG_CLK1_OFF);
	if (!send(CMD, C_WRITE_CFG) || !send(DATA, (uint8_t)cfg))
		return false;
	send(CMD, C_PORT1_ON);
	if (send(DATA, KBD_ENABLE) && recv() != KBD_ACK)
		flush();
	return true;
}

int i8042_read(void)
{
	uint8_t st = inb(STATUS);

	if (!(st & ST_OUT_FULL))
		return -1;
	if (st & ST_AUX) {
		(void)inb(DATA); /* a mouse byte: not ours */
		return -1;
	}
	return inb(DATA);
}

/* The keyboard on port 1, started at boot: bytes decoded (scancode.c) and
 * queued for the console by the IRQ 1 handler, or by a thread polling
 * every 10 ms if the IRQ cannot be had. */
static struct {
	struct spinlock lk; /* dec and the controller's data port */
	struct kbd_decoder dec;
} kbd = {.lk = SPINLOCK_INIT("i8042")};

static void kbd_drain(void)
{
	uint64_t f = spin_lock_irqsave(&kbd.lk);
	struct key_event ev;
	int b;

	while ((b = i8042_read()) >= 0)
		if (kbd_decode(&kbd.dec, (uint8_t)b, &ev))
			input_key_push(&ev);
	spin_unlock_irqrestore(&kbd.lk, f);
}

static void kbd_irq(unsigned vector, void *ctx)
{
	(void)vector;
	(void)ctx;
	kbd_drain();
}

static void kbd_poller(void *arg)
{
	(void)arg;
	for (;;) {
		kbd_drain();
		thread_sleep_ns(10000000ull);
	}
}

static void i8042_start(void)
{
	int vec;

	kbd_decoder_init(&kbd.dec);
	if (!i8042_init())
		return;
	vec = irq_request_isa(1, kbd_irq, NULL);
	if (vec >= 0) {
		irq_set_name((unsigned)vec, "i8042 keyboard");
		input_keyboard_added("i8042 irq 1");
		/* A byte that arrived before IRQ 1 was routed raised its edge
		 * while masked: with the output buffer full no new edge would
		 * ever come. Take it now. */
		kbd_drain();
	} else {
		thread_create("i8042-poll", kbd_poller, NULL, PRIO_HIGH);
		input_keyboard_added("i8042 polled");
	}
}
DRIVER_INIT(i8042_start);
