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

#define CRCR_CA (1u << 2)

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

/* After a timeout: abort the command ring (CRCR.CA); the controller
 * stops it with a Command Ring Stopped event and skips our TRB. Lock
 * held. */
static void xhci_abort_command(struct xhci *hc, struct xhci_wait *w)
{
	w->done = false;
	xw64(hc->op, XHCI_CRCR, CRCR_CA);
	(void)xhci_wait_locked(hc, w, 100);
}

int xhci_command(struct xhci *hc, uint64_t param, uint32_t control,
                 unsigned *slot_out)
{
	struct xhci_wait w = {0};
	uint64_t f;
	int rc;

	mutex_lock(&hc->cmd_mutex);
	f = spin_lock_irqsave(&hc->lock);
	w.trb = xhci_ring_push(&hc->cmd, param, 0, control);
	hc->cmd_wait = &w;
	xhci_ring_doorbell(hc, 0, 0);
	rc = xhci_wait_locked(hc, &w, XHCI_CMD_MS);
	if (rc) {
		xhci_log(hc, "command %u timed out after %u ms",
		         TRB_GET_TYPE(control), XHCI_CMD_MS);
		xhci_abort_command(hc, &w);
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

int xhci_ep_recover(struct xhci_slot *s, unsigned dci, struct xhci_ring *r)
{
	struct xhci *hc = s->hc;
	uint32_t state = EP_STATE(xhci_dev_ep(s->out_ctx, hc->csz, dci)[0]);
	uint32_t target = TRB_SLOT(s->id) | TRB_EP(dci);
	uint64_t f, deq;
	int cc;

	if (state == EP_STATE_HALTED)
		cc = xhci_command(hc, 0, TRB_TYPE(TRB_RESET_EP) | target, NULL);
	else if (state != EP_STATE_STOPPED)
		cc = xhci_command(hc, 0, TRB_TYPE(TRB_STOP_EP) | target, NULL);
	else
		cc = CC_SUCCESS;
	if (cc != CC_SUCCESS && cc != CC_CONTEXT_STATE)
		return -1;
	f = spin_lock_irqsave(&hc->lock);
	deq = xhci_ring_deq_ptr(r);
	spin_unlock_irqrestore(&hc->lock, f);
	cc = xhci_command(hc, deq, TRB_TYPE(TRB_SET_TR_DEQ) | target, NULL);
	return cc == CC_SUCCESS ? 0 : -1;
}
