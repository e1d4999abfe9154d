/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include "arch/x86_64/i8042.h"
#include "arch/x86_64/serial.h"
#include "console/kprintf.h"
#include "input/input.h"
#include "input/scancode.h"
#include "irq/irq.h"
#include "sched/thread.h"
#include "sync/spinlock.h"
#include "sync/waitq.h"

#define KEYQ    64  /* key events */
#define SERIALQ 512 /* bytes; a power of two */
#define PENDING 8   /* bytes of one key's sequence not yet read */
#define POLL_NS 10000000ull

static struct {
	struct spinlock lk;
	struct waitq readers;
	struct kbd_decoder dec;
	struct key_event keys[KEYQ];
	unsigned khead, kcount;
	uint8_t ser[SERIALQ];
	unsigned shead, scount;
	char pending[PENDING];
	unsigned pend_off, pend_len;
	struct input_stats st;
} in = {.lk = SPINLOCK_INIT("input")};

/* Drain the i8042 into the key-event queue. Interrupts off. */
static void poll_keyboard(void)
{
	struct key_event ev;
	int b;

	while ((b = i8042_read()) >= 0) {
		if (!kbd_decode(&in.dec, (uint8_t)b, &ev))
			continue;
		if (in.kcount == KEYQ) {
			in.st.dropped++;
			continue;
		}
		in.keys[(in.khead + in.kcount++) % KEYQ] = ev;
		in.st.keys++;
	}
}

/* Drain the UART into the serial byte queue. Interrupts off. */
static void poll_serial(void)
{
	int b;

	while ((b = serial_getc()) >= 0) {
		if (in.scount == SERIALQ) {
			in.st.dropped++;
			continue;
		}
		in.ser[(in.shead + in.scount++) % SERIALQ] = (uint8_t)b;
		in.st.serial++;
	}
}

static void poll_all(void)
{
	uint64_t f = spin_lock_irqsave(&in.lk);

	if (in.st.kbd_present)
		poll_keyboard();
	poll_serial();
	spin_unlock_irqrestore(&in.lk, f);
	if (in.kcount || in.scount)
		waitq_wake_all(&in.readers);
}

static void input_irq(unsigned vector, void *ctx)
{
	(void)vector;
	(void)ctx;
	poll_all();
}

/* Fallback when a device has no interrupt. */
static void poller(void *arg)
{
	(void)arg;
	for (;;) {
		poll_all();
		thread_sleep_ns(POLL_NS);
	}
}

/* Route ISA IRQ irq to the input handler and name it; true on success. */
static bool request(unsigned irq, const char *name)
{
	int vec = irq_request_isa(irq, input_irq, NULL);

	if (vec < 0)
		return false;
	irq_set_name((unsigned)vec, name);
	return true;
}

void input_init(void)
{
	waitq_init(&in.readers);
	kbd_decoder_init(&in.dec);
	in.st.kbd_present = i8042_init();
	if (in.st.kbd_present)
		in.st.kbd_irq = request(1, "i8042 keyboard");
	if (serial_present())
		in.st.serial_irq =
		    request(4, "com1 serial") && serial_rx_irq_enable();
	if (!in.st.kbd_irq || !in.st.serial_irq)
		thread_create("input-poll", poller, NULL, PRIO_HIGH);
	kprintf("input: keyboard %s, serial %s\n",
	        !in.st.kbd_present ? "absent"
	        : in.st.kbd_irq    ? "irq 1"
	                           : "polled",
	        in.st.serial_irq ? "irq 4" : "polled");
}

bool input_key_pop(struct key_event *ev)
{
	uint64_t f = spin_lock_irqsave(&in.lk);
	bool got = in.kcount > 0;

	if (got) {
		*ev = in.keys[in.khead];
		in.khead = (in.khead + 1) % KEYQ;
		in.kcount--;
	}
	spin_unlock_irqrestore(&in.lk, f);
	return got;
}

/* The next byte already queued, or -1. Lock held. */
static int take_byte(void)
{
	struct key_event ev;

	while (in.pend_off == in.pend_len && in.kcount) {
		ev = in.keys[in.khead];
		in.khead = (in.khead + 1) % KEYQ;
		in.kcount--;
		in.pend_off = 0;
		in.pend_len = (unsigned)key_to_bytes(&ev, in.pending, PENDING);
	}
	if (in.pend_off < in.pend_len)
		return (uint8_t)in.pending[in.pend_off++];
	if (in.scount) {
		int b = in.ser[in.shead];

		in.shead = (in.shead + 1) % SERIALQ;
		in.scount--;
		return b;
	}
	return -1;
}

int input_getc(void)
{
	uint64_t f = spin_lock_irqsave(&in.lk);
	int b;

	while ((b = take_byte()) < 0)
		waitq_wait(&in.readers, &in.lk);
	spin_unlock_irqrestore(&in.lk, f);
	return b;
}

struct input_stats input_stats(void)
{
	return in.st;
}
