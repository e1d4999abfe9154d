/* SPDX-License-Identifier: MIT */
/*
 * USB HID boot-protocol keyboards (HID 1.11 §4.2 boot interface, §7.2.5
 * SET_IDLE, §7.2.6 SET_PROTOCOL, §7.2.2 SET_REPORT, appendix B.1 the
 * report): a USB class driver (drivers/usb/usb.h) for interfaces of
 * class 3, subclass 1 (boot), protocol 1 (keyboard).
 *
 *   interrupt IN report (interrupt/poll context)
 *        -> hid_kbd_report (drivers/input/hid_kbd.c) -> input_key_push
 *   "usb-kbd" thread: auto-repeat (hid_kbd_next_ms / hid_kbd_tick) and
 *        the Caps/Num/Scroll Lock LEDs (SET_REPORT output, a control
 *        transfer, so never from the interrupt handler)
 *
 * Report protocol keyboards without a boot interface, and report
 * descriptors, are not handled.
 */
#include <libk/printf.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "drivers/input/hid_kbd.h"
#include "drivers/usb/usb.h"
#include "input/input.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "time/time.h"

#define MS           1000000ull
#define IDLE_WAKE_MS 1000 /* the thread looks around at least this often */
#define SLOW_EXIT_MS 3000 /* usbfault=slowexit */

struct usb_kbd {
	struct usb_device *dev;
	uint8_t iface;
	/* lk protects hid, leds_dirty, stop, exited; wq sleeps on it. */
	struct spinlock lk;
	struct hid_kbd hid;
	bool leds_dirty, stop, exited;
	bool pipe_failed; /* reports stopped: restart from the thread */
	bool has_thread;  /* kbd_thread was started */
	bool slow_exit;   /* usbfault=slowexit: the thread lingers 3 s */
	struct waitq wq;
};

static uint64_t now_ms(void)
{
	return time_ns() / MS;
}

/* Interrupt or poll context, controller lock held (usb_intr_fn). */
static void kbd_report(void *ctx, const uint8_t *data, size_t len)
{
	struct usb_kbd *k = ctx;
	struct key_event ev[HID_KBD_MAX_EVENTS];
	bool leds = false;
	uint64_t f = spin_lock_irqsave(&k->lk);
	size_t n = 0;

	if (data)
		n = hid_kbd_report(&k->hid, data, len, now_ms(), ev,
		                   HID_KBD_MAX_EVENTS, &leds);
	else
		k->pipe_failed = true;
	k->leds_dirty |= leds;
	spin_unlock_irqrestore(&k->lk, f);
	for (size_t i = 0; i < n; i++)
		input_key_push(&ev[i]);
	if (n || leds || !data)
		waitq_wake_all(&k->wq); /* repeat deadline, LEDs, restart */
}

static int class_request(struct usb_kbd *k, uint8_t req, uint16_t value,
                         void *data, uint16_t len)
{
	struct usb_setup s = {0x21, req, value, k->iface, len};

	return usb_control(k->dev, &s, data, NULL);
}

static void kbd_set_leds(struct usb_kbd *k, uint8_t leds)
{
	/* wValue: report type 2 (output) << 8 | report id 0 */
	class_request(k, HID_REQ_SET_REPORT, 0x0200, &leds, 1);
}

/* Repeat keys when due; send the LED byte when a lock key toggled. */
static void kbd_thread(void *arg)
{
	struct usb_kbd *k = arg;
	uint64_t f = spin_lock_irqsave(&k->lk);

	while (!k->stop) {
		struct key_event ev[HID_KBD_MAX_EVENTS];
		uint64_t now = now_ms(), next = hid_kbd_next_ms(&k->hid);
		int leds = -1;
		bool restart;
		size_t n;

		if (!k->leds_dirty && !k->pipe_failed && next > now) {
			uint64_t wait = next - now;

			waitq_wait_timeout(
			    &k->wq, &k->lk,
			    (wait < IDLE_WAKE_MS ? wait : IDLE_WAKE_MS) * MS);
			continue;
		}
		n = hid_kbd_tick(&k->hid, now, ev, HID_KBD_MAX_EVENTS);
		if (k->leds_dirty)
			leds = hid_kbd_leds(&k->hid);
		k->leds_dirty = false;
		restart = k->pipe_failed;
		k->pipe_failed = false;
		spin_unlock_irqrestore(&k->lk, f);
		for (size_t i = 0; i < n; i++)
			input_key_push(&ev[i]);
		if (leds >= 0)
			kbd_set_leds(k, (uint8_t)leds);
		if (restart)
			usb_intr_restart(k->dev);
		f = spin_lock_irqsave(&k->lk);
	}
	if (k->slow_exit) { /* as if stuck in a failing control transfer */
		spin_unlock_irqrestore(&k->lk, f);
		thread_sleep_ns(SLOW_EXIT_MS * MS);
		f = spin_lock_irqsave(&k->lk);
	}
	k->exited = true;
	waitq_wake_all(&k->wq);
	spin_unlock_irqrestore(&k->lk, f);
	thread_exit();
}

static int kbd_probe(struct usb_device *d, const struct usb_interface *intf)
{
	const struct usb_endpoint *ep = usb_find_int_in(intf);
	struct usb_kbd *k;

	if (intf->cls != USB_CLASS_HID || intf->subclass != HID_SUBCLASS_BOOT ||
	    intf->protocol != HID_PROTOCOL_KEYBOARD || !ep)
		return -1;
	k = kcalloc(1, sizeof(*k));
	if (!k)
		return -1;
	k->dev = d;
	k->iface = intf->number;
	k->lk = (struct spinlock)SPINLOCK_INIT("usb-kbd");
	waitq_init(&k->wq);
	hid_kbd_init(&k->hid);
	k->slow_exit = usb_fault("slowexit");
	if (usb_intr_open(d, ep, kbd_report, k)) {
		kfree(k);
		return -1;
	}
	d->driver_data = k;
	return 0;
}

/* After SET_CONFIGURATION: boot protocol, no idle repeats from the
 * device (we repeat ourselves), LEDs off, reports flowing. */
static int kbd_start(struct usb_device *d)
{
	struct usb_kbd *k = d->driver_data;
	char desc[32];

	if (class_request(k, HID_REQ_SET_PROTOCOL, 0, NULL, 0))
		kprintf("%s: SET_PROTOCOL(boot) refused; assuming boot "
		        "reports\n",
		        d->name);
	if (class_request(k, HID_REQ_SET_IDLE, 0, NULL, 0))
		kprintf("%s: SET_IDLE refused\n", d->name);
	kbd_set_leds(k, 0);
	/* The thread first: a pipe must never run without it, or a failed
	 * start would free k under a queued report. */
	if (usb_fault("thread") ||
	    !thread_create("usb-kbd", kbd_thread, k, PRIO_HIGH))
		return -1;
	k->has_thread = true;
	if (usb_intr_start(d))
		return -1;
	snprintf(desc, sizeof(desc), "%s hid", d->name);
	input_keyboard_added(desc);
	kprintf("%s: boot keyboard on interface %u\n", d->name, k->iface);
	return 0;
}

/* Thread context; the pipe is already stopped. Ends the thread, then
 * frees the state. The wait has no deadline of its own: every wait in
 * kbd_thread is bounded (a control transfer plus endpoint recovery is a
 * few seconds), and freeing k while it runs would be a use-after-free. */
static void kbd_disconnect(struct usb_device *d)
{
	struct usb_kbd *k = d->driver_data;
	uint64_t f;

	if (!k)
		return;
	f = spin_lock_irqsave(&k->lk);
	k->stop = true;
	waitq_wake_all(&k->wq);
	while (k->has_thread && !k->exited)
		waitq_wait_timeout(&k->wq, &k->lk, 10 * MS);
	spin_unlock_irqrestore(&k->lk, f);
	d->driver_data = NULL;
	kfree(k);
}

const struct usb_class_driver usb_kbd_driver = {"usb-kbd", kbd_probe, kbd_start,
                                                kbd_disconnect};
