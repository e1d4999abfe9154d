/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include <arch/serial.h>
#include "console/kprintf.h"
#include "input/input.h"
#include "irq/irq.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"

#define KEYQ     64  /* key events */
#define SERIALQ  512 /* bytes; a power of two */
#define PENDING  8   /* bytes of one key's sequence not yet read */
#define POLL_NS  10000000ull
#define KBD_DESC 24

static struct {
	struct spinlock lk; /* everything below */
	struct waitq readers;
	struct key_event keys[KEYQ];
	unsigned khead, kcount;
	uint8_t ser[SERIALQ];
	unsigned shead, scount;
	char pending[PENDING];
	unsigned pend_off, pend_len;
	char kbd[INPUT_MAX_KBDS][KBD_DESC];
	struct input_stats st;
} in = {.lk = SPINLOCK_INIT("input")};

static bool (*intr_hook)(void);

#define CTRL_C 0x03

void input_set_intr_hook(bool (*fn)(void))
{
	intr_hook = fn;
}

/* A Ctrl-C the hook takes (it is then not queued). */
static bool intr_taken(void)
{
	return intr_hook && intr_hook();
}

/* Does key event ev type Ctrl-C? */
static bool key_is_intr(const struct key_event *ev)
{
	char b[PENDING];

	return key_to_bytes(ev, b, sizeof(b)) == 1 && b[0] == CTRL_C;
}

void input_key_push(const struct key_event *ev)
{
	uint64_t f;

	if (key_is_intr(ev) && intr_taken())
		return;
	f = spin_lock_irqsave(&in.lk);

	if (in.kcount == KEYQ) {
		in.st.dropped++;
	} else {
		in.keys[(in.khead + in.kcount++) % KEYQ] = *ev;
		in.st.keys++;
	}
	spin_unlock_irqrestore(&in.lk, f);
	waitq_wake_all(&in.readers);
}

void input_keyboard_added(const char *desc)
{
	uint64_t f = spin_lock_irqsave(&in.lk);

	if (in.st.keyboards < INPUT_MAX_KBDS)
		strlcpy(in.kbd[in.st.keyboards], desc, KBD_DESC);
	in.st.keyboards++;
	spin_unlock_irqrestore(&in.lk, f);
}

/* Drain the UART into the serial byte queue. Interrupts off. */
static void poll_serial(void)
{
	int b;

	while ((b = serial_getc()) >= 0) {
		if (b == CTRL_C && intr_taken())
			continue;
		if (in.scount == SERIALQ) {
			in.st.dropped++;
			continue;
		}
		in.ser[(in.shead + in.scount++) % SERIALQ] = (uint8_t)b;
		in.st.serial++;
	}
}

static void serial_poll_wake(void)
{
	uint64_t f = spin_lock_irqsave(&in.lk);

	poll_serial();
	spin_unlock_irqrestore(&in.lk, f);
	if (in.scount)
		waitq_wake_all(&in.readers);
}

static void serial_irq(unsigned vector, void *ctx)
{
	(void)vector;
	(void)ctx;
	serial_poll_wake();
}

/* Fallback when the UART has no interrupt. */
static void serial_poller(void *arg)
{
	(void)arg;
	for (;;) {
		serial_poll_wake();
		thread_sleep_ns(POLL_NS);
	}
}

static bool serial_irq_request(void)
{
	int vec = irq_request_isa(4, serial_irq, NULL);

	if (vec < 0)
		return false;
	irq_set_name((unsigned)vec, "com1 serial");
	return serial_rx_irq_enable();
}

void input_init(void)
{
	waitq_init(&in.readers);
	if (!serial_present())
		return;
	in.st.serial_irq = serial_irq_request();
	if (!in.st.serial_irq)
		thread_create("serial-poll", serial_poller, NULL, PRIO_HIGH);
	else
		serial_poll_wake(); /* bytes that came before the IRQ did */
}

void input_report(void)
{
	char list[INPUT_MAX_KBDS * (KBD_DESC + 2)] = "";
	unsigned n =
	    in.st.keyboards < INPUT_MAX_KBDS ? in.st.keyboards : INPUT_MAX_KBDS;

	for (unsigned i = 0; i < n; i++) {
		if (i)
			strlcat(list, ", ", sizeof(list));
		strlcat(list, in.kbd[i], sizeof(list));
	}
	kprintf("input: keyboard %s, serial %s\n", n ? list : "absent",
	        !serial_present()  ? "absent"
	        : in.st.serial_irq ? "irq 4"
	                           : "polled");
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

int input_getc_intr(void)
{
	uint64_t f = spin_lock_irqsave(&in.lk);
	int b;

	while ((b = take_byte()) < 0)
		if (!waitq_wait_intr(&in.readers, &in.lk))
			break;
	spin_unlock_irqrestore(&in.lk, f);
	return b;
}

struct input_stats input_stats(void)
{
	return in.st;
}
