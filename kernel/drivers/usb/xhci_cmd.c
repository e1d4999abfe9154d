/* SPDX-License-Identifier: MIT */
/*
 * xHCI commands (xHCI 1.2 §4.6): one TRB on the command ring, doorbell 0,
 * then a Command Completion Event naming that TRB (§6.4.2.2). One command
 * is in flight at a time (cmd_mutex); each wait is bounded by
 * XHCI_CMD_MS. A command that times out is aborted through CRCR.CA
 * (§4.6.1.2) so the ring does not stay stuck behind it.
 *
 * Endpoint recovery (§4.6.8 Reset Endpoint, §4.6.9 Stop Endpoint,
 * §4.6.10 Set TR Dequeue Pointer) lives here too: after a STALL or a
 * timeout the endpoint is halted or still holds old TRBs; it is moved to
 * Stopped and its dequeue pointer set to our enqueue position.
 */
#include "drivers/usb/xhci.h"
#include "drivers/usb/xhci_ctx.h"

static const char *const cc_names[] = {
    "invalid",
    "success",
    "data buffer error",
    "babble",
    "transaction error",
    "TRB error",
    "stall",
    "resource error",
    "bandwidth error",
    "no slots",
    "invalid stream type",
    "slot not enabled",
    "endpoint not enabled",
    "short packet",
    "ring underrun",
    "ring overrun",
    "VF event ring full",
    "parameter error",
    "bandwidth overrun",
    "context state error",
    "no ping response",
    "event ring full",
    "incompatible device",
    "missed service",
    "command ring stopped",
    "command aborted",
    "stopped",
    "stopped, length invalid",
};

const char *xhci_cc_name(unsigned code)
{
	if (code < sizeof(cc_names) / sizeof(cc_names[0]))
		return cc_names[code];
	return "error";
}

/* After a timeout: abort the command ring (§4.6.1.2). The controller
 * ends our command (Command Aborted) or it had completed meanwhile, then
 * stops the ring with a Command Ring Stopped event; the next doorbell
 * restarts it past our TRB. CRCR is written whole: some controllers
 * (QEMU's among them) act on CA only when the high dword is written.
 * Should the ring have stopped already, a CRCR write loads the ring
 * pointer (§5.4.5), so the pointer bits are exactly where the ring
 * stops: our enqueue position and cycle state. (CRR is no guide: QEMU
 * reads it as 0.) Returns 0 if the command completed after all (w->code
 * is real), else -1. Lock held. */
static int xhci_abort_command(struct xhci *hc, struct xhci_wait *w)
{
	struct xhci_wait stop = {0};

	hc->stop_wait = &stop;
	xw64(hc->op, XHCI_CRCR, xhci_ring_deq_ptr(&hc->cmd) | CRCR_CA);
	if (xhci_wait_locked(hc, &stop, 100))
		xhci_log(hc, "command ring did not stop");
	hc->stop_wait = NULL;
	if (!w->done || w->code == CC_CMD_ABORTED)
		return -1;
	xhci_log(hc, "command completed during the abort: %s",
	         xhci_cc_name(w->code));
	return 0;
}

/* usbfault=cmdtimeout: the first command of each controller is given
 * no time at all, so it takes the abort path (cmd_mutex held). */
static unsigned command_bound(struct xhci *hc)
{
	if (!hc->fault_cmd)
		return XHCI_CMD_MS;
	hc->fault_cmd = false;
	return 0;
}

int xhci_command(struct xhci *hc, uint64_t param, uint32_t control,
                 unsigned *slot_out)
{
	struct xhci_wait w = {0};
	unsigned ms;
	uint64_t f;
	int rc;

	mutex_lock(&hc->cmd_mutex);
	ms = command_bound(hc);
	f = spin_lock_irqsave(&hc->lock);
	w.trb = xhci_ring_push(&hc->cmd, param, 0, control);
	hc->cmd_wait = &w;
	xhci_ring_doorbell(hc, 0, 0);
	rc = xhci_wait_locked(hc, &w, ms);
	if (rc) {
		xhci_log(hc, "command %u timed out after %u ms",
		         TRB_GET_TYPE(control), ms);
		rc = xhci_abort_command(hc, &w);
	}
	hc->cmd_wait = NULL;
	spin_unlock_irqrestore(&hc->lock, f);
	mutex_unlock(&hc->cmd_mutex);
	if (rc)
		return -1;
	if (slot_out)
		*slot_out = w.slot;
	return w.code;
}

/* One step of xhci_ep_recover; logs a failure naming the command, the
 * endpoint state the controller reported and the completion code. */
static int ep_command(struct xhci_slot *s, unsigned dci, uint64_t param,
                      unsigned type, const char *what)
{
	struct xhci *hc = s->hc;
	int cc = xhci_command(
	    hc, param, TRB_TYPE(type) | TRB_SLOT(s->id) | TRB_EP(dci), NULL);

	if (cc != CC_SUCCESS && cc != CC_CONTEXT_STATE)
		xhci_log(hc, "slot %u ep %u: %s failed: %s", s->id, dci, what,
		         cc < 0 ? "timed out" : xhci_cc_name((unsigned)cc));
	return cc;
}

static uint32_t ep_state(struct xhci_slot *s, unsigned dci)
{
	return EP_STATE(xhci_dev_ep(s->out_ctx, s->hc->csz, dci)[0]);
}

/* Bring a halted or running endpoint to Stopped: Reset Endpoint or Stop
 * Endpoint as the output context says. The context may be stale (the
 * endpoint halted after we read it): a Context State Error is then
 * answered from the state read again, once. */
static int ep_to_stopped(struct xhci_slot *s, unsigned dci)
{
	for (int tries = 0; tries < 2; tries++) {
		uint32_t state = ep_state(s, dci);
		int cc = CC_SUCCESS;

		if (state == EP_STATE_HALTED)
			cc = ep_command(s, dci, 0, TRB_RESET_EP,
			                "Reset Endpoint");
		else if (state != EP_STATE_STOPPED)
			cc =
			    ep_command(s, dci, 0, TRB_STOP_EP, "Stop Endpoint");
		if (cc == CC_SUCCESS)
			return 0;
		if (cc != CC_CONTEXT_STATE)
			return -1;
	}
	return ep_state(s, dci) == EP_STATE_STOPPED ? 0 : -1;
}

int xhci_ep_recover(struct xhci_slot *s, unsigned dci, struct xhci_ring *r)
{
	struct xhci *hc = s->hc;
	uint64_t f, deq;

	for (int tries = 0; tries < 2; tries++) {
		if (ep_to_stopped(s, dci))
			return -1;
		f = spin_lock_irqsave(&hc->lock);
		deq = xhci_ring_deq_ptr(r);
		spin_unlock_irqrestore(&hc->lock, f);
		int cc = ep_command(s, dci, deq, TRB_SET_TR_DEQ,
		                    "Set TR Dequeue Pointer");
		if (cc == CC_SUCCESS)
			return 0;
		if (cc != CC_CONTEXT_STATE) /* not stopped after all: again */
			return -1;
		xhci_log(hc,
		         "slot %u ep %u: Set TR Dequeue Pointer found the "
		         "endpoint %s, stopping it again",
		         s->id, dci,
		         ep_state(s, dci) == EP_STATE_HALTED ? "halted"
		                                             : "not stopped");
	}
	return -1;
}
