/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for drivers/usb/usb_desc.c: every input is parsed as a
 * device, configuration, hub and string descriptor. What parses must be
 * within the header's bounds and describe bytes of the input (each
 * endpoint kept is found in it); a configuration cut one byte short of
 * wTotalLength must fail; a failure always names a reason. Each input is
 * also tried as a configuration with wTotalLength set to its size and
 * every interface's bNumEndpoints to the endpoints after it.
 */
#include <drivers/usb/usb_desc.h>
#include <stdlib.h>
#include <string.h>

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_why(int r, const char *why)
{
	check(r == 0 || r == -1);
	if (r)
		check(why && why[0] && strlen(why) < 64);
}

/* The endpoint's descriptor bytes (type onwards) occur in buf. */
static int endpoint_in(const struct usb_endpoint *ep, const uint8_t *buf,
                       size_t len)
{
	const uint8_t want[6] = {USB_DT_ENDPOINT,
	                         ep->address,
	                         ep->attributes,
	                         (uint8_t)ep->max_packet,
	                         (uint8_t)(ep->max_packet >> 8),
	                         ep->interval};

	for (size_t i = 1; i + 6 <= len; i++) {
		if (!memcmp(buf + i, want, 6) && buf[i - 1] >= 7)
			return 1;
	}
	return 0;
}

static void check_interface(const struct usb_interface *intf,
                            const uint8_t *buf, size_t len)
{
	const struct usb_endpoint *ep = usb_find_int_in(intf);

	check(intf->alternate == 0);
	check(intf->nendpoints <= USB_MAX_ENDPOINTS);
	check(!ep || (ep >= intf->ep && ep < intf->ep + intf->nendpoints &&
	              (ep->address & 0x80) && (ep->attributes & 3) == 3));
	for (unsigned i = 0; i < intf->nendpoints; i++) {
		check((intf->ep[i].address & 0x0f) != 0);
		check(intf->ep[i].max_burst <= 15);
		check(endpoint_in(&intf->ep[i], buf, len));
	}
	check(intf->cls == USB_CLASS_HID || intf->hid_report_len == 0);
	check(usb_class_name(intf->cls) != NULL);
}

static void fuzz_config(const uint8_t *buf, size_t len)
{
	static struct usb_config c, again;
	const char *why = NULL;
	uint16_t total;
	int r = usb_parse_config(buf, len, &c, &why);

	check_why(r, why);
	if (usb_config_total_len(buf, len, &total, &why) == 0 && !r)
		check(total == c.total_len);
	if (r)
		return;
	check(c.total_len >= 9 && c.total_len <= len);
	check(c.ninterfaces <= USB_MAX_INTERFACES);
	for (unsigned i = 0; i < c.ninterfaces; i++) {
		check_interface(&c.intf[i], buf, c.total_len);
		for (unsigned j = 0; j < i; j++)
			check(c.intf[i].number != c.intf[j].number);
	}
	/* the same bytes up to wTotalLength give the same result */
	check(usb_parse_config(buf, c.total_len, &again, &why) == 0);
	check(!memcmp(&again, &c, offsetof(struct usb_config, why_buf)));
	check(usb_parse_config(buf, c.total_len - 1u, &again, &why) == -1);
}

static void fuzz_device_hub(const uint8_t *buf, size_t len)
{
	struct usb_device_desc d;
	struct usb_hub_desc h;
	const char *why = NULL;
	int r = usb_parse_device(buf, len, &d, &why);

	check_why(r, why);
	if (!r) {
		check(d.max_packet0 != 0 && buf[1] == USB_DT_DEVICE);
		check(len >= 18 ? d.nconfigs == buf[17] : d.nconfigs == 0);
	}
	r = usb_parse_hub(buf, len, &h, &why);
	check_why(r, why);
	if (!r) {
		check(h.nports >= 1 && h.power_on_ms == buf[5] * 2);
		check(buf[1] != USB_DT_SS_HUB || h.nports <= 15);
		check(buf[0] <= len);
	}
}

static void fuzz_string(const uint8_t *buf, size_t len)
{
	static const size_t sizes[] = {0, 1, 8, 200};
	char out[200];

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		const char *why = NULL;
		int r;

		memset(out, 'X', sizeof(out));
		r = usb_parse_string(buf, len, out, sizes[s], &why);
		if (r < 0) {
			check_why(r, why);
			continue;
		}
		check(sizes[s] ? (size_t)r < sizes[s] : r == 0);
		check(2u * (size_t)r <= len);
		if (!sizes[s])
			continue;
		check(strlen(out) == (size_t)r);
		for (int i = 0; i < r; i++)
			check(out[i] >= 0x20 && out[i] < 0x7f);
	}
}

/* The first 8 bytes as a setup packet, decoded and encoded again. */
static void fuzz_setup(const uint8_t *buf, size_t len)
{
	struct usb_setup s;
	uint8_t out[8];

	if (len < 8)
		return;
	s = (struct usb_setup){buf[0], buf[1], (uint16_t)(buf[2] | buf[3] << 8),
	                       (uint16_t)(buf[4] | buf[5] << 8),
	                       (uint16_t)(buf[6] | buf[7] << 8)};
	usb_setup_encode(&s, out);
	check(!memcmp(out, buf, 8));
}

/* Each interface descriptor's bNumEndpoints set to the endpoint
 * descriptors that follow it (a walk by bLength that stops at the first
 * bLength < 2), so that a copied or deleted endpoint still parses. */
static void fit_endpoint_counts(uint8_t *b, size_t len)
{
	uint8_t *intf = NULL;

	for (size_t at = b[0]; at + 2 <= len && b[at] >= 2; at += b[at]) {
		if (b[at + 1] == USB_DT_INTERFACE && b[at] >= 9 &&
		    at + 9 <= len) {
			intf = b + at;
			intf[4] = 0;
		} else if (b[at + 1] == USB_DT_ENDPOINT && intf) {
			intf[4]++;
		}
	}
}

/* The input again with wTotalLength set to its size and the endpoint
 * counts fitted, so that inserted or removed descriptors are walked
 * rather than stopped by a count. */
static void fuzz_config_fitted(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	if (size < 9 || size > 0xffff)
		return;
	copy = malloc(size);
	memcpy(copy, data, size);
	copy[2] = (uint8_t)size;
	copy[3] = (uint8_t)(size >> 8);
	fit_endpoint_counts(copy, size);
	fuzz_config(copy, size);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_config(data, size);
	fuzz_config_fitted(data, size);
	fuzz_device_hub(data, size);
	fuzz_string(data, size);
	fuzz_setup(data, size);
	return 0;
}
