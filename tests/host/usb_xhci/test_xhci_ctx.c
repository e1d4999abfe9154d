/* SPDX-License-Identifier: MIT */
/* xhci_ctx.c: DCIs, EP0 packet sizes, interrupt intervals (xHCI 1.2
 * §6.2.3.6), and the input contexts for Address Device and Configure
 * Endpoint with 32- and 64-byte contexts. */
#include <string.h>
#include "drivers/usb/xhci_ctx.h"
#include "drivers/usb/xhci_regs.h"
#include "test.h"

static void test_dci(void)
{
	CHECK_EQ(xhci_dci(0x00), 1);
	CHECK_EQ(xhci_dci(0x80), 1);
	CHECK_EQ(xhci_dci(0x01), 2);
	CHECK_EQ(xhci_dci(0x81), 3);
	CHECK_EQ(xhci_dci(0x0f), 30);
	CHECK_EQ(xhci_dci(0x8f), 31);
}

static void test_mps0(void)
{
	CHECK_EQ(xhci_default_mps0(XHCI_SPEED_LOW), 8);
	CHECK_EQ(xhci_default_mps0(XHCI_SPEED_FULL), 8);
	CHECK_EQ(xhci_default_mps0(XHCI_SPEED_HIGH), 64);
	CHECK_EQ(xhci_default_mps0(XHCI_SPEED_SUPER), 512);
	CHECK_EQ(xhci_default_mps0(0), 0);
	CHECK_EQ(xhci_default_mps0(9), 0);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_FULL, 64), 64);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_FULL, 16), 16);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_FULL, 12), 0);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_LOW, 64), 0);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_HIGH, 8), 0);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_SUPER, 9), 512);
	CHECK_EQ(xhci_mps0_from_desc(XHCI_SPEED_SUPER, 64), 0);
}

static void test_interval(void)
{
	/* FS/LS: ms -> floor(log2(8 ms)), 3..10 */
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_FULL, 1), 3);
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_FULL, 10), 6);  /* 80 -> 6 */
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_FULL, 32), 8);  /* 256 */
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_LOW, 255), 10); /* 2040 */
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_LOW, 0), 3);
	/* HS/SS: 2^(b-1) microframes -> b - 1, 0..15 */
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_HIGH, 1), 0);
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_HIGH, 7), 6);
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_SUPER, 16), 15);
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_HIGH, 200), 15);
	CHECK_EQ(xhci_int_interval(XHCI_SPEED_HIGH, 0), 0);
	/* whatever the input, the period stays in the field's range */
	for (unsigned s = 1; s <= 5; s++)
		for (unsigned b = 0; b < 256; b++)
			CHECK(xhci_int_interval(s, (uint8_t)b) <= 15);
}

static void test_address(unsigned csz)
{
	uint8_t in[33 * 64];
	uint32_t *ctl, *slot, *ep0;

	struct xhci_slot_info si = {.speed = XHCI_SPEED_HIGH, .root_port = 5};

	memset(in, 0xa5, sizeof(in));
	xhci_ctx_address(in, csz, &si, 64, 0x1234567000ull | 1);
	ctl = xhci_in_ctl(in, csz);
	slot = xhci_in_slot(in, csz);
	ep0 = xhci_in_ep(in, csz, 1);
	CHECK_EQ((uint8_t *)slot - in, csz);
	CHECK_EQ((uint8_t *)ep0 - in, 2 * csz);
	CHECK_EQ(ctl[0], 0);
	CHECK_EQ(ctl[1], 3);
	CHECK_EQ(slot[0], SLOT_SPEED(3) | SLOT_ENTRIES(1));
	CHECK_EQ((slot[1] >> 16) & 0xff, 5);
	CHECK_EQ(ep0[0], 0);
	CHECK_EQ((ep0[1] >> 3) & 7, EP_TYPE_CONTROL);
	CHECK_EQ((ep0[1] >> 1) & 3, 3);
	CHECK_EQ(ep0[1] >> 16, 64);
	CHECK_EQ(ep0[2], 0x34567001u);
	CHECK_EQ(ep0[3], 0x12);
	CHECK_EQ(ep0[4], 8);
	/* the whole input context was cleared, nothing past it touched */
	CHECK_EQ(in[XHCI_INPUT_CTX_BYTES(csz) - 1], 0);
	if (csz == 32)
		CHECK_EQ(in[XHCI_INPUT_CTX_BYTES(32)], 0xa5);
}

static void test_int_in(unsigned csz, unsigned speed, uint16_t max_packet,
                        uint8_t interval, unsigned want_burst,
                        unsigned want_esit, unsigned want_interval)
{
	uint8_t in[33 * 64];
	struct usb_endpoint ep = {0x81, 3, max_packet, interval, 0};
	struct xhci_slot_info si = {.speed = speed, .root_port = 2};
	uint32_t *ctl, *slot, *e;

	memset(in, 0xa5, sizeof(in));
	xhci_ctx_int_in(in, csz, &si, &ep, 0xabc000ull | 1);
	ctl = xhci_in_ctl(in, csz);
	slot = xhci_in_slot(in, csz);
	e = xhci_in_ep(in, csz, 3);
	CHECK_EQ(ctl[1], 1u << 0 | 1u << 3);
	CHECK_EQ(slot[0], SLOT_SPEED(speed) | SLOT_ENTRIES(3));
	CHECK_EQ(slot[1], SLOT_PORT(2));
	CHECK_EQ(slot[3], 0);
	CHECK_EQ((e[0] >> 16) & 0xff, want_interval);
	CHECK_EQ((e[1] >> 3) & 7, EP_TYPE_INT_IN);
	CHECK_EQ((e[1] >> 8) & 0xff, want_burst);
	CHECK_EQ(e[1] >> 16, max_packet & 0x7ff);
	CHECK_EQ(e[2], 0xabc001u);
	CHECK_EQ(e[4] >> 16 | (e[0] >> 24) << 16, want_esit);
}

/* Route strings (§8.9): a nibble per tier, ports over 15 clamped. */
static void test_route(void)
{
	uint32_t r = xhci_route(0, 0, 3); /* behind a hub on a root port */

	CHECK_EQ(r, 0x3);
	r = xhci_route(r, 1, 7);
	CHECK_EQ(r, 0x73);
	CHECK_EQ(xhci_route(r, 2, 20), 0xf73);
	CHECK_EQ(xhci_route(0x12345, 5, 1), 0x12345); /* no sixth tier */
}

/* A full-speed device behind a high-speed hub (TT in slot 4, port 2),
 * and a high-speed hub itself: the fields land where §6.2.2 puts them. */
static void test_hub_fields(unsigned csz)
{
	uint8_t in[33 * 64];
	struct xhci_slot_info dev = {.speed = XHCI_SPEED_FULL,
	                             .root_port = 3,
	                             .route = 0x21,
	                             .tt_slot = 4,
	                             .tt_port = 2};
	struct xhci_slot_info hub = {.speed = XHCI_SPEED_HIGH,
	                             .root_port = 1,
	                             .hub = true,
	                             .mtt = true,
	                             .nports = 7,
	                             .think_time = 2};
	struct usb_endpoint ep = {0x81, 3, 1, 12, 0};
	uint32_t *slot = xhci_in_slot(in, csz);

	xhci_ctx_address(in, csz, &dev, 8, 0x1000 | 1);
	CHECK_EQ(slot[0], 0x21u | SLOT_SPEED(1) | SLOT_ENTRIES(1));
	CHECK_EQ(slot[1], SLOT_PORT(3));
	CHECK_EQ(slot[2], 4u | 2u << 8);
	xhci_ctx_int_in(in, csz, &hub, &ep, 0x2000 | 1);
	CHECK_EQ(slot[0],
	         SLOT_SPEED(3) | SLOT_MTT | SLOT_HUB | SLOT_ENTRIES(3));
	CHECK_EQ(slot[1], SLOT_PORT(1) | 7u << 24);
	CHECK_EQ(slot[2], 2u << 16);
	/* a device that is not a hub never claims ports or a think time */
	dev.nports = 9;
	dev.think_time = 3;
	xhci_ctx_address(in, csz, &dev, 8, 0x1000 | 1);
	CHECK_EQ(slot[1], SLOT_PORT(3));
	CHECK_EQ(slot[2] >> 16, 0);
}

int main(void)
{
	test_route();
	test_hub_fields(32);
	test_hub_fields(64);
	test_dci();
	test_mps0();
	test_interval();
	test_address(32);
	test_address(64);
	/* QEMU usb-kbd at high speed: 8 bytes every 2^6 microframes */
	test_int_in(32, XHCI_SPEED_HIGH, 8, 7, 0, 8, 6);
	/* full speed, 10 ms */
	test_int_in(64, XHCI_SPEED_FULL, 8, 10, 0, 8, 6);
	/* high-bandwidth HS: 2 extra transactions of 1024 */
	test_int_in(32, XHCI_SPEED_HIGH, 0x1000 | 1024, 1, 2, 3072, 0);
	return test_finish();
}
