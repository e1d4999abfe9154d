/* SPDX-License-Identifier: MIT */
/*
 * USB descriptor parsers and setup-packet encoding (usb_desc.h), portable:
 * no arch headers, host-tested (tests/host/usb) and fuzzed (tests/fuzz).
 *
 * Implements: device descriptor (USB 2.0 §9.6.1), configuration walk
 * (§9.6.3 configuration, §9.6.5 interface, §9.6.6 endpoint; USB 3.2
 * §9.6.7 SuperSpeed endpoint companion; HID 1.11 §6.2.1 HID descriptor),
 * string descriptor (§9.6.9, to ASCII), hub descriptor (USB 2.0
 * §11.23.2.1, USB 3.2 §10.15.2.1), setup packet (§9.3), class codes.
 *
 * A configuration as the device sends it, walked descriptor by descriptor
 * (each starts with bLength, bDescriptorType; unknown types are skipped by
 * bLength):
 *
 *   offset 0         config (9): wTotalLength at 2, bConfigurationValue 5
 *   bLength          interface (9): number 2, alternate 3, bNumEndpoints 4,
 *                                   class 5, subclass 6, protocol 7
 *                      HID (9 + 3n): bNumDescriptors 5, then n x
 *                                   (type, wLength) from 6
 *                      endpoint (7): address 2, attributes 3,
 *                                   wMaxPacketSize 4, bInterval 6
 *                        SS companion (6): bMaxBurst 2 (must follow the
 *                                   endpoint directly)
 *                      class/vendor descriptors (skipped)
 *                    interface ...
 *   wTotalLength     end
 *
 * Missing: BOS and device-qualifier descriptors, alternate settings other
 * than 0 (checked for shape, not recorded), Interface Association
 * descriptors (skipped), the report descriptor itself (boot protocol only).
 */
#include <stdbool.h>
#include <libk/printf.h>
#include "drivers/usb/usb_desc.h"

#define CONFIG_HDR_LEN    9
#define DEVICE_DESC_LEN   18
#define DEVICE_DESC_MIN   8 /* what the first 8-byte read of ep0 gives */
#define INTERFACE_LEN     9
#define ENDPOINT_LEN      7
#define COMPANION_LEN     6
#define HID_DESC_MIN      9 /* one (type, length) pair */
#define HUB_DESC_MIN      9 /* USB 2: 7 + DeviceRemovable + PwrCtrlMask */
#define SS_HUB_DESC_LEN   12
#define SS_HUB_MAX_PORTS  15
#define SS_MAX_BURST      15
#define EP_TYPE_INTERRUPT 3
#define EP_DIR_IN         0x80

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

void usb_setup_encode(const struct usb_setup *s, uint8_t out[8])
{
	out[0] = s->request_type;
	out[1] = s->request;
	out[2] = (uint8_t)s->value;
	out[3] = (uint8_t)(s->value >> 8);
	out[4] = (uint8_t)s->index;
	out[5] = (uint8_t)(s->index >> 8);
	out[6] = (uint8_t)s->length;
	out[7] = (uint8_t)(s->length >> 8);
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

/* The first 8 bytes give bcdUSB, the class triple and bMaxPacketSize0;
 * with all 18 (and bLength saying 18) the rest follows. */
int usb_parse_device(const uint8_t *buf, size_t len,
                     struct usb_device_desc *out, const char **why)
{
	*out = (struct usb_device_desc){0};
	if (len < DEVICE_DESC_MIN)
		return fail(why, "device: fewer than 8 bytes");
	if (buf[1] != USB_DT_DEVICE)
		return fail(why, "device: bDescriptorType is not 1");
	if (buf[0] < DEVICE_DESC_LEN)
		return fail(why, "device: bLength < 18");
	if (buf[7] == 0)
		return fail(why, "device: bMaxPacketSize0 is 0");
	out->usb_version = le16(buf + 2);
	out->cls = buf[4];
	out->subclass = buf[5];
	out->protocol = buf[6];
	out->max_packet0 = buf[7];
	if (len < DEVICE_DESC_LEN)
		return 0;
	out->vendor = le16(buf + 8);
	out->product = le16(buf + 10);
	out->release = le16(buf + 12);
	out->manufacturer_str = buf[14];
	out->product_str = buf[15];
	out->serial_str = buf[16];
	out->nconfigs = buf[17];
	return 0;
}

int usb_config_total_len(const uint8_t *buf, size_t len, uint16_t *total,
                         const char **why)
{
	if (len < CONFIG_HDR_LEN)
		return fail(why, "config: fewer than 9 bytes");
	if (buf[1] != USB_DT_CONFIG)
		return fail(why, "config: bDescriptorType is not 2");
	if (buf[0] < CONFIG_HDR_LEN)
		return fail(why, "config: bLength < 9");
	*total = le16(buf + 2);
	if (*total < buf[0])
		return fail(why,
		            "config: wTotalLength shorter than its header");
	return 0;
}

/* The state of a configuration walk. cur is the alternate-0 interface
 * being filled, or NULL inside a skipped alternate setting; in_intf says
 * whether any interface descriptor was seen yet. */
struct walk {
	struct usb_config *cfg;
	const char **why;
	struct usb_interface *cur;
	bool in_intf;
	uint8_t intf_num;          /* of the last interface descriptor */
	uint8_t claimed, seen;     /* its bNumEndpoints, endpoints after it */
	struct usb_endpoint *last; /* the endpoint just parsed, if recorded */
	bool after_ep;             /* the previous descriptor was an endpoint */
};

/* Fails the walk with fmt (up to three %u/%x) formatted into why_buf. */
static int walk_fail(struct walk *w, const char *fmt, unsigned a, unsigned b,
                     unsigned c)
{
	LIBK_FN(snprintf)
	(w->cfg->why_buf, sizeof(w->cfg->why_buf), fmt, a, b, c);
	return fail(w->why, w->cfg->why_buf);
}

/* The interface before this point got exactly the endpoints it claimed. */
static int close_interface(struct walk *w)
{
	if (w->in_intf && w->seen != w->claimed)
		return walk_fail(w,
		                 "interface %u claims %u endpoints, %u follow",
		                 w->intf_num, w->claimed, w->seen);
	return 0;
}

static bool interface_seen_before(const struct usb_config *cfg, uint8_t num)
{
	for (unsigned i = 0; i < cfg->ninterfaces; i++) {
		if (cfg->intf[i].number == num)
			return true;
	}
	return false;
}

static int on_interface(struct walk *w, const uint8_t *d, unsigned at)
{
	struct usb_config *cfg = w->cfg;
	struct usb_interface *intf;

	if (close_interface(w))
		return -1;
	if (d[0] < INTERFACE_LEN)
		return walk_fail(w, "config: interface at %u: bLength %u < 9",
		                 at, d[0], 0);
	w->in_intf = true;
	w->intf_num = d[2];
	w->claimed = d[4];
	w->seen = 0;
	w->cur = NULL;
	if (d[3] != 0)
		return 0; /* an alternate setting: shape checked, not kept */
	if (interface_seen_before(cfg, d[2]))
		return walk_fail(w, "interface %u appears twice", d[2], 0, 0);
	if (cfg->ninterfaces == USB_MAX_INTERFACES)
		return walk_fail(w, "config: more than %u interfaces",
		                 USB_MAX_INTERFACES, 0, 0);
	if (d[4] > USB_MAX_ENDPOINTS)
		return walk_fail(w, "interface %u claims %u endpoints, max %u",
		                 d[2], d[4], USB_MAX_ENDPOINTS);
	intf = &cfg->intf[cfg->ninterfaces++];
	*intf = (struct usb_interface){.number = d[2],
	                               .alternate = d[3],
	                               .cls = d[5],
	                               .subclass = d[6],
	                               .protocol = d[7]};
	w->cur = intf;
	return 0;
}

static int on_endpoint(struct walk *w, const uint8_t *d)
{
	struct usb_endpoint *ep;

	if (!w->in_intf)
		return walk_fail(w, "config: endpoint before any interface", 0,
		                 0, 0);
	if (d[0] < ENDPOINT_LEN)
		return walk_fail(w, "interface %u: endpoint bLength %u < 7",
		                 w->intf_num, d[0], 0);
	if ((d[2] & 0x0f) == 0)
		return walk_fail(w, "interface %u: endpoint 0x%02x is ep 0",
		                 w->intf_num, d[2], 0);
	if (w->seen++ >= w->claimed)
		return walk_fail(
		    w, "interface %u claims %u endpoints, more follow",
		    w->intf_num, w->claimed, 0);
	w->last = NULL;
	if (!w->cur)
		return 0;
	ep = &w->cur->ep[w->cur->nendpoints++];
	*ep = (struct usb_endpoint){.address = d[2],
	                            .attributes = d[3],
	                            .max_packet = le16(d + 4),
	                            .interval = d[6]};
	w->last = ep;
	return 0;
}

/* SuperSpeed endpoint companion: right after its endpoint (USB 3.2
 * §9.6.7), bMaxBurst 0..15. */
static int on_companion(struct walk *w, const uint8_t *d)
{
	if (!w->after_ep)
		return walk_fail(w,
		                 "interface %u: SS companion not after an "
		                 "endpoint",
		                 w->intf_num, 0, 0);
	if (d[0] < COMPANION_LEN)
		return walk_fail(w, "interface %u: SS companion bLength %u < 6",
		                 w->intf_num, d[0], 0);
	if (d[2] > SS_MAX_BURST)
		return walk_fail(w, "interface %u: bMaxBurst %u > 15",
		                 w->intf_num, d[2], 0);
	if (w->last)
		w->last->max_burst = d[2];
	return 0;
}

/* HID descriptor (HID 1.11 §6.2.1) inside a kept HID interface: the
 * length of its report descriptor (class descriptor type 0x22). */
static int on_hid(struct walk *w, const uint8_t *d)
{
	unsigned n;

	if (d[0] < HID_DESC_MIN)
		return walk_fail(w,
		                 "interface %u: HID descriptor bLength %u < 9",
		                 w->intf_num, d[0], 0);
	n = d[5];
	if (n == 0 || 6 + 3 * n > d[0])
		return walk_fail(
		    w, "interface %u: %u HID class descriptors in %u bytes",
		    w->intf_num, n, d[0]);
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *p = d + 6 + 3 * i;

		if (p[0] == USB_DT_REPORT) {
			w->cur->hid_report_len = le16(p + 1);
			return 0;
		}
	}
	return walk_fail(w,
	                 "interface %u: HID descriptor names no report "
	                 "descriptor",
	                 w->intf_num, 0, 0);
}

/* One descriptor of d[0] bytes (2 <= d[0], inside wTotalLength). */
static int on_descriptor(struct walk *w, const uint8_t *d, unsigned at)
{
	switch (d[1]) {
	case USB_DT_INTERFACE:
		return on_interface(w, d, at);
	case USB_DT_ENDPOINT:
		return on_endpoint(w, d);
	case USB_DT_SS_EP_COMPANION:
		return on_companion(w, d);
	case USB_DT_HID:
		/* 0x21 is HID only in a HID interface (DFU, CCID reuse it) */
		if (w->cur && w->cur->cls == USB_CLASS_HID)
			return on_hid(w, d);
		return 0;
	case USB_DT_CONFIG:
	case USB_DT_DEVICE:
		return walk_fail(w, "config: descriptor type %u at %u", d[1],
		                 at, 0);
	default:
		return 0; /* class or vendor specific: skipped */
	}
}

int usb_parse_config(const uint8_t *buf, size_t len, struct usb_config *out,
                     const char **why)
{
	struct walk w = {.cfg = out, .why = why};
	uint16_t total;
	unsigned at;

	*out = (struct usb_config){0};
	if (usb_config_total_len(buf, len, &total, why))
		return -1;
	if (total > len)
		return walk_fail(
		    &w, "config: wTotalLength %u but %u bytes read", total,
		    len > 0xffff ? 0xffff : (unsigned)len, 0);
	out->total_len = total;
	out->value = buf[5];
	out->attributes = buf[7];
	out->max_power = buf[8];
	for (at = buf[0]; at < total; at += buf[at]) {
		if (total - at < 2)
			return walk_fail(&w, "config: 1 stray byte at %u", at,
			                 0, 0);
		if (buf[at] < 2)
			return walk_fail(&w,
			                 "config: descriptor at %u has "
			                 "bLength %u",
			                 at, buf[at], 0);
		if (buf[at] > total - at)
			return walk_fail(&w,
			                 "config: descriptor at %u runs past "
			                 "wTotalLength",
			                 at, 0, 0);
		if (on_descriptor(&w, buf + at, at))
			return -1;
		w.after_ep = buf[at + 1] == USB_DT_ENDPOINT;
	}
	return close_interface(&w);
}

const struct usb_endpoint *usb_find_int_in(const struct usb_interface *intf)
{
	for (unsigned i = 0; i < intf->nendpoints; i++) {
		const struct usb_endpoint *ep = &intf->ep[i];

		if ((ep->address & EP_DIR_IN) &&
		    (ep->attributes & 3) == EP_TYPE_INTERRUPT)
			return ep;
	}
	return NULL;
}

/* USB 2.0 §11.23.2.1 and USB 3.2 §10.15.2.1 share the first 7 bytes:
 * bLength, type, bNbrPorts, wHubCharacteristics, bPwrOn2PwrGood (2 ms
 * units), bHubContrCurrent. */
int usb_parse_hub(const uint8_t *buf, size_t len, struct usb_hub_desc *out,
                  const char **why)
{
	bool ss;

	*out = (struct usb_hub_desc){0};
	if (len < 2)
		return fail(why, "hub: fewer than 2 bytes");
	if (buf[1] != USB_DT_HUB && buf[1] != USB_DT_SS_HUB)
		return fail(why, "hub: bDescriptorType is not 0x29 or 0x2a");
	ss = buf[1] == USB_DT_SS_HUB;
	if (buf[0] < (ss ? SS_HUB_DESC_LEN : HUB_DESC_MIN))
		return fail(why, ss ? "hub: SS hub bLength < 12"
		                    : "hub: bLength < 9");
	if (buf[0] > len)
		return fail(why, "hub: descriptor truncated");
	if (buf[2] == 0)
		return fail(why, "hub: 0 ports");
	if (ss && buf[2] > SS_HUB_MAX_PORTS)
		return fail(why, "hub: SS hub with more than 15 ports");
	/* DeviceRemovable (a bit per port, and bit 0) must be there. The
	 * PortPwrCtrlMask after it is a USB 1.0 leftover (11.23.2.1: all
	 * ones) that nothing reads; QEMU 7.2's usb-hub sends it shorter than
	 * DeviceRemovable (bLength 10 for 8 ports), so it is not required. */
	if (!ss && buf[0] < 7 + (buf[2] + 8) / 8)
		return fail(why, "hub: bLength too short for its port bitmaps");
	out->nports = buf[2];
	out->characteristics = le16(buf + 3);
	out->power_on_ms = (uint16_t)(buf[5] * 2);
	return 0;
}

/* UTF-16LE to ASCII; a surrogate pair (0xd800..0xdbff then
 * 0xdc00..0xdfff) gives one '?'. */
int usb_parse_string(const uint8_t *buf, size_t len, char *out, size_t outlen,
                     const char **why)
{
	size_t o = 0;

	if (outlen)
		out[0] = 0;
	if (len < 2)
		return fail(why, "string: fewer than 2 bytes");
	if (buf[1] != USB_DT_STRING)
		return fail(why, "string: bDescriptorType is not 3");
	if (buf[0] < 2 || buf[0] > len)
		return fail(why, buf[0] < 2 ? "string: bLength < 2"
		                            : "string: descriptor truncated");
	if (buf[0] & 1)
		return fail(why, "string: odd bLength");
	for (unsigned i = 2; i + 1 < buf[0] && o + 1 < outlen; i += 2) {
		uint16_t u = le16(buf + i);

		if (u >= 0xd800 && u <= 0xdbff && i + 3 < buf[0] &&
		    (le16(buf + i + 2) & 0xfc00) == 0xdc00)
			i += 2;
		out[o++] = u >= 0x20 && u < 0x7f ? (char)u : '?';
	}
	if (outlen)
		out[o] = 0;
	return (int)o;
}

/* The USB-IF base class codes. */
const char *usb_class_name(uint8_t cls)
{
	static const char *const names[] = {
	    [0x00] = "(per interface)",
	    [0x01] = "audio",
	    [0x02] = "communications",
	    [0x03] = "HID",
	    [0x05] = "physical",
	    [0x06] = "image",
	    [0x07] = "printer",
	    [0x08] = "mass storage",
	    [0x09] = "hub",
	    [0x0a] = "CDC data",
	    [0x0b] = "smart card",
	    [0x0d] = "content security",
	    [0x0e] = "video",
	    [0x0f] = "healthcare",
	    [0x10] = "audio/video",
	    [0x11] = "billboard",
	    [0x12] = "USB-C bridge",
	};

	if (cls < sizeof(names) / sizeof(names[0]) && names[cls])
		return names[cls];
	switch (cls) {
	case 0xdc:
		return "diagnostic";
	case 0xe0:
		return "wireless";
	case 0xef:
		return "miscellaneous";
	case 0xfe:
		return "application";
	case 0xff:
		return "vendor";
	default:
		return "?";
	}
}
