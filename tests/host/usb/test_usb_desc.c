/* SPDX-License-Identifier: MIT */
/* USB descriptor parsers (drivers/usb/usb_desc.c) on descriptors in the
 * shape real devices send, and on malformed ones. Every parse runs on a
 * heap copy of exactly len bytes, so ASan catches a read past the end. */
#include <stdlib.h>
#include "drivers/usb/usb_desc.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* QEMU 7.2 usb-kbd (usb_version=2, high speed): hw/usb/dev-hid.c's
 * device and configuration as they go on the wire. */
static const uint8_t kbd_device[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x27,
    0x06, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x0b, 0x01,
};
static const uint8_t kbd_config[] = {
    0x09, 0x02, 0x22, 0x00, 0x01, 0x01, 0x08, 0xa0, 0x32, /* config */
    0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00, /* interface */
    0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x3f, 0x00, /* HID */
    0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x07,             /* EP 1 IN */
};

/* A full-speed 8-port hub: one interface, the status-change endpoint, and
 * its hub descriptor as 11.23.2.1 lays it out (7 + 2 DeviceRemovable + 2
 * PortPwrCtrlMask bytes; QEMU's own, one mask byte short, is in
 * test_hub_qemu_short_power_mask). */
static const uint8_t hub_device[] = {
    0x12, 0x01, 0x10, 0x01, 0x09, 0x00, 0x00, 0x08, 0x09,
    0x04, 0xaa, 0x55, 0x01, 0x01, 0x01, 0x02, 0x03, 0x01,
};
static const uint8_t hub_config[] = {
    0x09, 0x02, 0x19, 0x00, 0x01, 0x01, 0x00, 0xe0, 0x00,
    0x09, 0x04, 0x00, 0x00, 0x01, 0x09, 0x00, 0x00, 0x00,
    0x07, 0x05, 0x81, 0x03, 0x02, 0x00, 0xff,
};
static const uint8_t hub_desc[] = {
    0x0b, 0x29, 0x08, 0x0a, 0x00, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff,
};
/* A 4-port SuperSpeed hub: bPwrOn2PwrGood 0x32 (100 ms). */
static const uint8_t ss_hub_desc[] = {
    0x0c, 0x2a, 0x04, 0x09, 0x00, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* A composite keyboard + mouse receiver: an Interface Association
 * descriptor, a boot keyboard, a boot mouse whose HID descriptor names a
 * physical descriptor before the report one, and a vendor interface with
 * an alternate setting 1 (skipped) and a class-specific descriptor. */
static const uint8_t combo_config[] = {
    0x09, 0x02, 0x6b, 0x00, 0x03, 0x01, 0x00, 0xa0, 0x31, 0x08, 0x0b, 0x00,
    0x02, 0x03, 0x00, 0x00, 0x00, /* IAD */
    0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00, 0x09, 0x21, 0x11,
    0x01, 0x00, 0x01, 0x22, 0x41, 0x00, 0x07, 0x05, 0x81, 0x03, 0x08, 0x00,
    0x0a, /* keyboard */
    0x09, 0x04, 0x01, 0x00, 0x01, 0x03, 0x01, 0x02, 0x00, 0x0c, 0x21, 0x11,
    0x01, 0x00, 0x02, 0x23, 0x10, 0x00, 0x22, 0x34, 0x00, 0x07, 0x05, 0x82,
    0x03, 0x04, 0x00, 0x0a, /* mouse */
    0x09, 0x04, 0x02, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x05, 0x24, 0x00,
    0x10, 0x01, /* class-specific */
    0x09, 0x04, 0x02, 0x01, 0x02, 0xff, 0x00, 0x00, 0x00, 0x07, 0x05, 0x83,
    0x01, 0x00, 0x02, 0x01, 0x07, 0x05, 0x03, 0x01, 0x00, 0x02, 0x01,
};

/* A SuperSpeed mass-storage device (bulk-only): bcdUSB 3.2,
 * bMaxPacketSize0 9 (2^9), each bulk endpoint with its companion. */
static const uint8_t ss_device[] = {
    0x12, 0x01, 0x20, 0x03, 0x00, 0x00, 0x00, 0x09, 0x81,
    0x07, 0x81, 0x55, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
};
static const uint8_t ss_config[] = {
    0x09, 0x02, 0x2c, 0x00, 0x01, 0x01, 0x00, 0x80, 0x70, 0x09, 0x04,
    0x00, 0x00, 0x02, 0x08, 0x06, 0x50, 0x00, 0x07, 0x05, 0x81, 0x02,
    0x00, 0x04, 0x00, 0x06, 0x30, 0x0f, 0x00, 0x00, 0x00, 0x07, 0x05,
    0x02, 0x02, 0x00, 0x04, 0x00, 0x06, 0x30, 0x07, 0x00, 0x00, 0x00,
};

static void *copy(const uint8_t *b, size_t len)
{
	void *p = malloc(len ? len : 1);

	memcpy(p, b, len);
	return p;
}

/* parse(copy of b, len, ...) on a heap copy of exactly len bytes. */
#define ON_COPY(parse, b, len, ...)                                            \
	({                                                                     \
		void *p_ = copy(b, len);                                       \
		int r_ = parse(p_, len, __VA_ARGS__);                          \
		free(p_);                                                      \
		r_;                                                            \
	})
#define device(b, len, d, why) ON_COPY(usb_parse_device, b, len, d, why)
#define hub(b, len, h, why)    ON_COPY(usb_parse_hub, b, len, h, why)

/* A function: compound literals' commas do not pass through a macro. */
static int string(const uint8_t *b, size_t len, char *out, size_t outlen,
                  const char **why)
{
	return ON_COPY(usb_parse_string, b, len, out, outlen, why);
}

static int config(const uint8_t *b, size_t len, struct usb_config *c,
                  const char **why)
{
	*why = NULL;
	return ON_COPY(usb_parse_config, b, len, c, why);
}

static void test_qemu_keyboard(void)
{
	struct usb_device_desc d;
	struct usb_config c;
	const struct usb_endpoint *ep;
	const char *why;
	uint16_t total = 0;

	CHECK_EQ(device(kbd_device, LEN(kbd_device), &d, &why), 0);
	CHECK_EQ(d.usb_version, 0x0200);
	CHECK_EQ(d.max_packet0, 64);
	CHECK_EQ(d.vendor, 0x0627);
	CHECK_EQ(d.product, 0x0001);
	CHECK_EQ(d.product_str, 4);
	CHECK_EQ(d.serial_str, 11);
	CHECK_EQ(d.nconfigs, 1);
	/* the first 8-byte read: max_packet0, the rest zero */
	CHECK_EQ(device(kbd_device, 8, &d, &why), 0);
	CHECK_EQ(d.max_packet0, 64);
	CHECK_EQ(d.usb_version, 0x0200);
	CHECK_EQ(d.vendor, 0);
	CHECK_EQ(d.nconfigs, 0);

	CHECK_EQ(usb_config_total_len(kbd_config, 9, &total, &why), 0);
	CHECK_EQ(total, LEN(kbd_config));
	CHECK_EQ(config(kbd_config, LEN(kbd_config), &c, &why), 0);
	CHECK_EQ(c.total_len, 34);
	CHECK_EQ(c.value, 1);
	CHECK_EQ(c.attributes, 0xa0);
	CHECK_EQ(c.max_power, 50);
	CHECK_EQ(c.ninterfaces, 1);
	CHECK_EQ(c.intf[0].cls, USB_CLASS_HID);
	CHECK_EQ(c.intf[0].subclass, HID_SUBCLASS_BOOT);
	CHECK_EQ(c.intf[0].protocol, HID_PROTOCOL_KEYBOARD);
	CHECK_EQ(c.intf[0].hid_report_len, 63);
	CHECK_EQ(c.intf[0].nendpoints, 1);
	ep = usb_find_int_in(&c.intf[0]);
	CHECK(ep != NULL);
	if (ep) {
		CHECK_EQ(ep->address, 0x81);
		CHECK_EQ(ep->max_packet, 8);
		CHECK_EQ(ep->interval, 7);
		CHECK_EQ(ep->max_burst, 0);
	}
	/* a larger buffer than wTotalLength is fine: the walk stops there */
	uint8_t big[64] = {0};
	memcpy(big, kbd_config, LEN(kbd_config));
	CHECK_EQ(config(big, sizeof(big), &c, &why), 0);
	CHECK_EQ(c.ninterfaces, 1);
}

static void test_hub(void)
{
	struct usb_device_desc d;
	struct usb_config c;
	struct usb_hub_desc h;
	const char *why;

	CHECK_EQ(device(hub_device, LEN(hub_device), &d, &why), 0);
	CHECK_EQ(d.cls, USB_CLASS_HUB);
	CHECK_STREQ(usb_class_name(d.cls), "hub");
	CHECK_EQ(config(hub_config, LEN(hub_config), &c, &why), 0);
	CHECK_EQ(c.intf[0].cls, USB_CLASS_HUB);
	CHECK_EQ(c.intf[0].hid_report_len, 0);
	CHECK(usb_find_int_in(&c.intf[0]) != NULL);
	CHECK_EQ(hub(hub_desc, LEN(hub_desc), &h, &why), 0);
	CHECK_EQ(h.nports, 8);
	CHECK_EQ(h.characteristics, 0x000a);
	CHECK_EQ(h.power_on_ms, 2);
	CHECK_EQ(hub(ss_hub_desc, LEN(ss_hub_desc), &h, &why), 0);
	CHECK_EQ(h.nports, 4);
	CHECK_EQ(h.characteristics, 0x0009);
	CHECK_EQ(h.power_on_ms, 100);
}

/* What QEMU 7.2's usb-hub really sends (seen on the wire by the xHCI
 * driver): bLength 10, DeviceRemovable 2 bytes, PortPwrCtrlMask only 1.
 * It was refused as "too short for its port bitmaps" and no hub worked. */
static void test_hub_qemu_short_power_mask(void)
{
	static const uint8_t qemu[] = {0x0a, 0x29, 0x08, 0x0a, 0x00,
	                               0x01, 0x00, 0x00, 0x00, 0xff};
	struct usb_hub_desc h;
	const char *why = NULL;

	CHECK_EQ(hub(qemu, LEN(qemu), &h, &why), 0);
	CHECK_EQ(h.nports, 8);
	CHECK_EQ(h.power_on_ms, 2);
}

/* bPwrOn2PwrGood 255 is 510 ms: the header's uint8_t could not hold it. */
static void test_hub_power_on_510(void)
{
	uint8_t b[LEN(hub_desc)];
	struct usb_hub_desc h;
	const char *why;

	memcpy(b, hub_desc, sizeof(b));
	b[5] = 0xff;
	CHECK_EQ(hub(b, sizeof(b), &h, &why), 0);
	CHECK_EQ(h.power_on_ms, 510);
}

static void test_hub_malformed(void)
{
	struct usb_hub_desc h;
	const char *why = NULL;
	uint8_t b[LEN(hub_desc)], ss[LEN(ss_hub_desc)];

	CHECK_EQ(hub(hub_desc, 10, &h, &why), -1);
	CHECK_STREQ(why, "hub: descriptor truncated");
	memcpy(b, hub_desc, sizeof(b));
	b[2] = 0;
	CHECK_EQ(hub(b, sizeof(b), &h, &why), -1);
	CHECK_STREQ(why, "hub: 0 ports");
	b[2] = 16;
	b[0] = 9; /* 16 ports need 3 DeviceRemovable bytes */
	CHECK_EQ(hub(b, sizeof(b), &h, &why), -1);
	CHECK_STREQ(why, "hub: bLength too short for its port bitmaps");
	b[0] = 8;
	CHECK_EQ(hub(b, sizeof(b), &h, &why), -1);
	CHECK_STREQ(why, "hub: bLength < 9");
	b[1] = USB_DT_CONFIG;
	CHECK_EQ(hub(b, sizeof(b), &h, &why), -1);
	CHECK_STREQ(why, "hub: bDescriptorType is not 0x29 or 0x2a");
	memcpy(ss, ss_hub_desc, sizeof(ss));
	ss[0] = 11;
	CHECK_EQ(hub(ss, sizeof(ss), &h, &why), -1);
	CHECK_STREQ(why, "hub: SS hub bLength < 12");
	ss[0] = 12;
	ss[2] = 16;
	CHECK_EQ(hub(ss, sizeof(ss), &h, &why), -1);
	CHECK_STREQ(why, "hub: SS hub with more than 15 ports");
	CHECK_EQ(hub(ss, 1, &h, &why), -1);
	CHECK_STREQ(why, "hub: fewer than 2 bytes");
}

static void test_composite(void)
{
	struct usb_config c;
	const char *why = NULL;

	CHECK_EQ(config(combo_config, LEN(combo_config), &c, &why), 0);
	CHECK(why == NULL);
	CHECK_EQ(c.ninterfaces, 3);
	CHECK_EQ(c.intf[0].number, 0);
	CHECK_EQ(c.intf[0].protocol, 1);
	CHECK_EQ(c.intf[0].hid_report_len, 0x41);
	CHECK_EQ(c.intf[1].number, 1);
	CHECK_EQ(c.intf[1].protocol, 2);
	CHECK_EQ(c.intf[1].hid_report_len, 0x34);
	CHECK_EQ(usb_find_int_in(&c.intf[1])->address, 0x82);
	CHECK_EQ(c.intf[2].number, 2);
	CHECK_EQ(c.intf[2].alternate, 0);
	CHECK_EQ(c.intf[2].nendpoints, 0); /* alternate 1's are not kept */
	CHECK(usb_find_int_in(&c.intf[2]) == NULL);
	CHECK_STREQ(usb_class_name(c.intf[2].cls), "vendor");
}

static void test_superspeed(void)
{
	struct usb_device_desc d;
	struct usb_config c;
	const char *why;

	CHECK_EQ(device(ss_device, LEN(ss_device), &d, &why), 0);
	CHECK_EQ(d.usb_version, 0x0320);
	CHECK_EQ(d.max_packet0, 9);
	CHECK_EQ(config(ss_config, LEN(ss_config), &c, &why), 0);
	CHECK_EQ(c.max_power, 0x70);
	CHECK_EQ(c.intf[0].nendpoints, 2);
	CHECK_EQ(c.intf[0].ep[0].address, 0x81);
	CHECK_EQ(c.intf[0].ep[0].max_packet, 1024);
	CHECK_EQ(c.intf[0].ep[0].max_burst, 15);
	CHECK_EQ(c.intf[0].ep[1].address, 0x02);
	CHECK_EQ(c.intf[0].ep[1].max_burst, 7);
	CHECK(usb_find_int_in(&c.intf[0]) == NULL); /* bulk only */
	CHECK_STREQ(usb_class_name(c.intf[0].cls), "mass storage");
}

static void test_device_malformed(void)
{
	struct usb_device_desc d;
	const char *why = NULL;
	uint8_t b[18];

	CHECK_EQ(device(kbd_device, 7, &d, &why), -1);
	CHECK_STREQ(why, "device: fewer than 8 bytes");
	memcpy(b, kbd_device, sizeof(b));
	b[1] = USB_DT_CONFIG;
	CHECK_EQ(device(b, sizeof(b), &d, &why), -1);
	CHECK_STREQ(why, "device: bDescriptorType is not 1");
	memcpy(b, kbd_device, sizeof(b));
	b[0] = 17;
	CHECK_EQ(device(b, sizeof(b), &d, &why), -1);
	CHECK_STREQ(why, "device: bLength < 18");
	memcpy(b, kbd_device, sizeof(b));
	b[7] = 0;
	CHECK_EQ(device(b, sizeof(b), &d, &why), -1);
	CHECK_STREQ(why, "device: bMaxPacketSize0 is 0");
}

/* One malformed configuration: a good one (base, len bytes) with the
 * bytes at [at, at + n) replaced by rep, and the reason it must fail. */
struct bad_config {
	const uint8_t *base;
	uint8_t len, at, n, rep[2];
	const char *why;
};

/* kbd_config: header 0..8 (bNumEndpoints at 13), interface 9..17, HID
 * 18..26 (bNumDescriptors 23, first type 24), endpoint 27..33 (address
 * 29); ss_config: endpoint 18..24, companion 25..30 (bMaxBurst 27). */
static const struct bad_config bad_configs[] = {
    {kbd_config, 34, 1, 1, {1}, "config: bDescriptorType is not 2"},
    {kbd_config, 34, 0, 1, {8}, "config: bLength < 9"},
    {kbd_config,
     34,
     2,
     2,
     {8, 0},
     "config: wTotalLength shorter than its header"},
    /* bLength 0 and 1 inside */
    {kbd_config, 34, 18, 1, {0}, "config: descriptor at 18 has bLength 0"},
    {kbd_config, 34, 27, 1, {1}, "config: descriptor at 27 has bLength 1"},
    /* the endpoint says 8 bytes, 7 are left */
    {kbd_config,
     34,
     27,
     1,
     {8},
     "config: descriptor at 27 runs past wTotalLength"},
    /* more endpoints claimed than follow, fewer, too many */
    {kbd_config, 34, 13, 1, {3}, "interface 0 claims 3 endpoints, 1 follow"},
    {kbd_config, 34, 13, 1, {0}, "interface 0 claims 0 endpoints, more follow"},
    {kbd_config, 34, 13, 1, {9}, "interface 0 claims 9 endpoints, max 8"},
    /* endpoint 0 has no descriptor; a short endpoint */
    {kbd_config, 34, 29, 1, {0x80}, "interface 0: endpoint 0x80 is ep 0"},
    {kbd_config, 34, 27, 1, {6}, "interface 0: endpoint bLength 6 < 7"},
    /* HID descriptors: 2 class descriptors in 9 bytes; no report one */
    {kbd_config,
     34,
     23,
     1,
     {2},
     "interface 0: 2 HID class descriptors in 9 bytes"},
    {kbd_config,
     34,
     24,
     1,
     {0x23},
     "interface 0: HID descriptor names no report descriptor"},
    /* interface, HID descriptor and companion shorter than they must be */
    {kbd_config, 34, 9, 1, {8}, "config: interface at 9: bLength 8 < 9"},
    {kbd_config, 34, 18, 1, {8}, "interface 0: HID descriptor bLength 8 < 9"},
    {ss_config,
     LEN(ss_config),
     25,
     1,
     {5},
     "interface 0: SS companion bLength 5 < 6"},
    /* a device descriptor type inside the configuration */
    {kbd_config, 34, 19, 1, {1}, "config: descriptor type 1 at 18"},
    /* a companion that does not follow an endpoint; bMaxBurst 16 */
    {ss_config,
     LEN(ss_config),
     18,
     2,
     {0x07, 0x21},
     "interface 0: SS companion not after an endpoint"},
    {ss_config,
     LEN(ss_config),
     27,
     1,
     {0x10},
     "interface 0: bMaxBurst 16 > 15"},
};

static void test_config_malformed(void)
{
	struct usb_config c;
	const char *why = NULL;
	uint8_t b[64];

	CHECK_EQ(config(kbd_config, 8, &c, &why), -1);
	CHECK_STREQ(why, "config: fewer than 9 bytes");
	CHECK_EQ(config(kbd_config, 33, &c, &why), -1);
	CHECK_STREQ(why, "config: wTotalLength 34 but 33 bytes read");
	for (size_t i = 0; i < LEN(bad_configs); i++) {
		const struct bad_config *t = &bad_configs[i];

		memcpy(b, t->base, t->len);
		memcpy(b + t->at, t->rep, t->n);
		CHECK_EQ(config(b, t->len, &c, &why), -1);
		CHECK_STREQ(why, t->why);
	}
	/* wTotalLength one more than the descriptors: a stray byte */
	memcpy(b, kbd_config, 34);
	b[2] = 35;
	b[34] = 0x07;
	CHECK_EQ(config(b, 35, &c, &why), -1);
	CHECK_STREQ(why, "config: 1 stray byte at 34");
}

/* An endpoint (and its interface's HID descriptor) before any interface:
 * the interface descriptor and the endpoint swap places. */
static void test_endpoint_first(void)
{
	static const uint8_t b[] = {
	    0x09, 0x02, 0x19, 0x00, 0x01, 0x01, 0x00, 0xa0, 0x32,
	    0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x07, 0x09, 0x04,
	    0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00,
	};
	struct usb_config c;
	const char *why;

	CHECK_EQ(config(b, LEN(b), &c, &why), -1);
	CHECK_STREQ(why, "config: endpoint before any interface");
}

/* Nine interfaces of no endpoints: one more than USB_MAX_INTERFACES; and
 * the same interface number twice. */
static void test_too_many_interfaces(void)
{
	uint8_t b[9 + 9 * 9];
	struct usb_config c;
	const char *why;

	memcpy(b, kbd_config, 9);
	b[2] = sizeof(b);
	for (int i = 0; i < 9; i++) {
		const uint8_t intf[9] = {9, 4, (uint8_t)i, 0, 0, 3, 0, 0, 0};
		memcpy(b + 9 + 9 * i, intf, 9);
	}
	CHECK_EQ(config(b, sizeof(b), &c, &why), -1);
	CHECK_STREQ(why, "config: more than 8 interfaces");
	CHECK_EQ(config(b, sizeof(b) - 9, &c, &why), -1); /* wTotalLength */
	b[2] = sizeof(b) - 9;
	CHECK_EQ(config(b, sizeof(b) - 9, &c, &why), 0);
	CHECK_EQ(c.ninterfaces, 8);
	b[9 + 9 * 3 + 2] = 1;
	CHECK_EQ(config(b, sizeof(b) - 9, &c, &why), -1);
	CHECK_STREQ(why, "interface 1 appears twice");
}

/* Some keyboards put the HID descriptor after the endpoint (Linux's
 * usbhid looks there too): still the interface's. */
static void test_hid_after_endpoint(void)
{
	uint8_t b[LEN(kbd_config)];
	struct usb_config c;
	const char *why;

	memcpy(b, kbd_config, 18);
	memcpy(b + 18, kbd_config + 27, 7);
	memcpy(b + 25, kbd_config + 18, 9);
	CHECK_EQ(config(b, sizeof(b), &c, &why), 0);
	CHECK_EQ(c.intf[0].hid_report_len, 63);
	CHECK_EQ(c.intf[0].nendpoints, 1);
}

/* 0x21 is not a HID descriptor outside a HID interface (DFU uses it for
 * its functional descriptor, 7 bytes): skipped, not an error. */
static void test_dfu_functional(void)
{
	static const uint8_t b[] = {
	    0x09, 0x02, 0x1b, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
	    0x09, 0x04, 0x00, 0x00, 0x00, 0xfe, 0x01, 0x02, 0x00,
	    0x09, 0x21, 0x0b, 0xff, 0x00, 0x00, 0x10, 0x1a, 0x01,
	};
	struct usb_config c;
	const char *why = NULL;

	CHECK_EQ(config(b, LEN(b), &c, &why), 0);
	CHECK_EQ(c.ninterfaces, 1);
	CHECK_EQ(c.intf[0].hid_report_len, 0);
	CHECK_STREQ(usb_class_name(0xfe), "application");
}

/* Every prefix of every good configuration either parses (when it holds
 * wTotalLength) or fails with a reason; each single-byte change too. */
static void test_prefixes_and_mutations(void)
{
	static const struct {
		const uint8_t *b;
		size_t len;
	} good[] = {{kbd_config, LEN(kbd_config)},
	            {hub_config, LEN(hub_config)},
	            {combo_config, LEN(combo_config)},
	            {ss_config, LEN(ss_config)}};
	struct usb_config c;
	const char *why;

	test_rng_seed();
	for (size_t g = 0; g < LEN(good); g++) {
		uint8_t m[256];

		for (size_t n = 0; n <= good[g].len; n++) {
			why = NULL;
			int r = config(good[g].b, n, &c, &why);
			CHECK_EQ(r, n == good[g].len ? 0 : -1);
			CHECK(r == 0 || (why && why[0]));
		}
		for (int i = 0; i < 2000; i++) {
			memcpy(m, good[g].b, good[g].len);
			m[test_rand_below(good[g].len)] = (uint8_t)test_rand();
			why = NULL;
			if (config(m, good[g].len, &c, &why)) {
				CHECK(why && why[0]);
				continue;
			}
			CHECK(c.ninterfaces <= USB_MAX_INTERFACES);
			for (int k = 0; k < c.ninterfaces; k++)
				CHECK(c.intf[k].nendpoints <=
				      USB_MAX_ENDPOINTS);
		}
	}
}

static void test_strings(void)
{
	/* "QEMU" as string descriptor 1 of QEMU's devices */
	static const uint8_t qemu[] = {10, 3, 'Q', 0, 'E', 0, 'M', 0, 'U', 0};
	/* "é" (U+00E9), a surrogate pair (U+1F600), a lone low surrogate */
	static const uint8_t odd[] = {14,   3,    'a',  0,    0xe9, 0x00, 0x3d,
	                              0xd8, 0x00, 0xde, 0x00, 0xdc, 'z',  0};
	char out[16];
	const char *why = NULL;

	CHECK_EQ(string(qemu, sizeof(qemu), out, sizeof(out), &why), 4);
	CHECK_STREQ(out, "QEMU");
	CHECK_EQ(string(qemu, sizeof(qemu), out, 3, &why), 2);
	CHECK_STREQ(out, "QE");
	CHECK_EQ(string(odd, sizeof(odd), out, sizeof(out), &why), 5);
	CHECK_STREQ(out, "a???z");
	CHECK_EQ(string(qemu, 9, out, sizeof(out), &why), -1);
	CHECK_STREQ(why, "string: descriptor truncated");
	CHECK_STREQ(out, "");
	CHECK_EQ(string((const uint8_t[]){9, 3, 'a', 0, 'b', 0, 'c', 0, 'd'}, 9,
	                out, sizeof(out), &why),
	         -1);
	CHECK_STREQ(why, "string: odd bLength");
	CHECK_EQ(string((const uint8_t[]){2, 3}, 2, out, sizeof(out), &why), 0);
	CHECK_STREQ(out, "");
	CHECK_EQ(string((const uint8_t[]){1, 3}, 2, out, sizeof(out), &why),
	         -1);
	CHECK_STREQ(why, "string: bLength < 2");
	CHECK_EQ(string((const uint8_t[]){4, 2, 'a', 0}, 4, out, 4, &why), -1);
	CHECK_STREQ(why, "string: bDescriptorType is not 3");
	CHECK_EQ(string(qemu, 1, out, sizeof(out), &why), -1);
	CHECK_STREQ(why, "string: fewer than 2 bytes");
}

static void test_setup_and_names(void)
{
	/* GET_DESCRIPTOR(device, 18); SET_REPORT(output, LEDs) to intf 0 */
	const struct usb_setup get = {0x80, USB_REQ_GET_DESCRIPTOR,
	                              USB_DT_DEVICE << 8, 0, 18};
	const struct usb_setup leds = {0x21, HID_REQ_SET_REPORT, 0x0200, 0x0102,
	                               1};
	uint8_t b[8];

	usb_setup_encode(&get, b);
	CHECK_MEMEQ(b, "\x80\x06\x00\x01\x00\x00\x12\x00", 8);
	usb_setup_encode(&leds, b);
	CHECK_MEMEQ(b, "\x21\x09\x00\x02\x02\x01\x01\x00", 8);
	CHECK_STREQ(usb_class_name(0), "(per interface)");
	CHECK_STREQ(usb_class_name(USB_CLASS_HID), "HID");
	CHECK_STREQ(usb_class_name(0xff), "vendor");
	CHECK_STREQ(usb_class_name(0x04), "?");
	CHECK_STREQ(usb_class_name(0x80), "?");
}

int main(void)
{
	test_qemu_keyboard();
	test_hub();
	test_hub_power_on_510();
	test_hub_qemu_short_power_mask();
	test_hub_malformed();
	test_composite();
	test_superspeed();
	test_device_malformed();
	test_config_malformed();
	test_endpoint_first();
	test_too_many_interfaces();
	test_hid_after_endpoint();
	test_dfu_functional();
	test_prefixes_and_mutations();
	test_strings();
	test_setup_and_names();
	return test_finish();
}
