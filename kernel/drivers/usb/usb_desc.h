/* SPDX-License-Identifier: MIT */
/*
 * USB descriptors and standard requests (USB 2.0 chapter 9, USB 3.2
 * chapter 9), portable: no arch headers, host-tested and fuzzed. Every
 * parser takes the bytes the device returned and their length, checks
 * bLength/bDescriptorType/wTotalLength before reading, and on a malformed
 * descriptor returns -1 with *why naming what was wrong; nothing is read
 * past len.
 *
 *   device descriptor (18 bytes, 9.6.1)
 *   configuration descriptor (9 bytes) followed, up to wTotalLength, by
 *     interface (9) [HID (9+), endpoint (7) [SS companion (6)]...]... and
 *     any class or vendor descriptors (skipped by their bLength)
 *
 *   setup packet (8 bytes, 9.3):
 *   +---------------+----------+--------+--------+---------+
 *   | bmRequestType | bRequest | wValue | wIndex | wLength |
 *   |  1            |  1       |  2 LE  |  2 LE  |  2 LE   |
 *   +---------------+----------+--------+--------+---------+
 */
#ifndef KERNEL_DRIVERS_USB_USB_DESC_H
#define KERNEL_DRIVERS_USB_USB_DESC_H
#include <stddef.h>
#include <stdint.h>

/* Descriptor types (9.4, Table 9-5; HID 1.11 7.1; hub 11.23.2.1) */
#define USB_DT_DEVICE          1
#define USB_DT_CONFIG          2
#define USB_DT_STRING          3
#define USB_DT_INTERFACE       4
#define USB_DT_ENDPOINT        5
#define USB_DT_HID             0x21
#define USB_DT_REPORT          0x22
#define USB_DT_HUB             0x29
#define USB_DT_SS_HUB          0x2a
#define USB_DT_SS_EP_COMPANION 0x30

/* Standard requests (Table 9-4) and HID class requests (HID 1.11 7.2) */
#define USB_REQ_GET_STATUS        0
#define USB_REQ_CLEAR_FEATURE     1
#define USB_REQ_SET_FEATURE       3
#define USB_REQ_SET_ADDRESS       5
#define USB_REQ_GET_DESCRIPTOR    6
#define USB_REQ_SET_CONFIGURATION 9
#define HID_REQ_SET_REPORT        0x09
#define HID_REQ_SET_IDLE          0x0a
#define HID_REQ_SET_PROTOCOL      0x0b

/* Classes (the USB-IF class codes) */
#define USB_CLASS_HID         0x03
#define USB_CLASS_HUB         0x09
#define HID_SUBCLASS_BOOT     1
#define HID_PROTOCOL_KEYBOARD 1

#define USB_MAX_INTERFACES 8
#define USB_MAX_ENDPOINTS  8 /* per interface */

struct usb_setup {
	uint8_t request_type, request;
	uint16_t value, index, length;
};

/* The 8 bytes of a setup packet, little-endian (9.3). */
void usb_setup_encode(const struct usb_setup *s, uint8_t out[8]);

struct usb_device_desc {
	uint16_t usb_version; /* bcdUSB */
	uint8_t cls, subclass, protocol;
	uint8_t max_packet0; /* bMaxPacketSize0 as given (USB 3: an exponent) */
	uint16_t vendor, product, release;
	uint8_t manufacturer_str, product_str, serial_str;
	uint8_t nconfigs;
};

/* The device descriptor. At least the first 8 bytes are needed for
 * max_packet0 (the rest is then zero); the full 18 for everything.
 * Returns 0, or -1 with *why. */
int usb_parse_device(const uint8_t *buf, size_t len,
                     struct usb_device_desc *out, const char **why);

struct usb_endpoint {
	uint8_t address;     /* bit 7: IN */
	uint8_t attributes;  /* bits 1:0 transfer type: 3 interrupt */
	uint16_t max_packet; /* bits 10:0 size, 12:11 extra transactions */
	uint8_t interval;
	uint8_t max_burst; /* from the SuperSpeed companion, else 0 */
};

struct usb_interface {
	uint8_t number, alternate;
	uint8_t cls, subclass, protocol;
	uint8_t nendpoints; /* endpoints recorded in ep[] */
	struct usb_endpoint ep[USB_MAX_ENDPOINTS];
	uint16_t hid_report_len; /* from the HID descriptor, 0 if none */
};

struct usb_config {
	uint16_t total_len;
	uint8_t value; /* for SET_CONFIGURATION */
	uint8_t attributes, max_power;
	uint8_t ninterfaces; /* interfaces recorded (alternate 0 only) */
	struct usb_interface intf[USB_MAX_INTERFACES];
	char why_buf[64]; /* a failed parse's *why may point here */
};

/* A whole configuration (its 9-byte header then everything up to
 * wTotalLength, which must not exceed len). Interfaces with alternate
 * settings other than 0 are skipped; more than USB_MAX_INTERFACES or
 * USB_MAX_ENDPOINTS is an error, as is any descriptor with bLength < 2 or
 * running past the end, an endpoint outside an interface, or an interface
 * claiming more endpoints than follow it. Returns 0, or -1 with *why
 * (which may point into out->why_buf, so it lives as long as *out). */
int usb_parse_config(const uint8_t *buf, size_t len, struct usb_config *out,
                     const char **why);

/* Just the 9-byte configuration header (the first GET_DESCRIPTOR, which
 * learns how much to ask for): *total = wTotalLength. Returns 0, or -1
 * with *why. */
int usb_config_total_len(const uint8_t *buf, size_t len, uint16_t *total,
                         const char **why);

/* A string descriptor (9.6.9) as ASCII: UTF-16LE code units 0x20..0x7e
 * are copied, anything else (a surrogate pair counts once) becomes '?'.
 * out is always NUL-terminated when outlen > 0; a longer string is cut.
 * Returns the characters written (without the NUL), or -1 with *why.
 * String index 0 (the LANGID list) is not a string: do not pass it. */
int usb_parse_string(const uint8_t *buf, size_t len, char *out, size_t outlen,
                     const char **why);

/* The first interrupt IN endpoint of intf, or NULL. */
const struct usb_endpoint *usb_find_int_in(const struct usb_interface *intf);

struct usb_hub_desc {
	uint8_t nports;
	uint16_t characteristics;
	uint16_t power_on_ms; /* bPwrOn2PwrGood x 2: up to 510 */
};

/* A USB 2.0 hub descriptor (11.23.2.1) or USB 3 one (10.15.2.1). */
int usb_parse_hub(const uint8_t *buf, size_t len, struct usb_hub_desc *out,
                  const char **why);

/* Names for lsusb: "1.5 Gb/s"-style speed names are the host
 * controller's business; these name a class code ("HID", "hub", ...,
 * "vendor", "(per interface)" for 0, "?" otherwise). */
const char *usb_class_name(uint8_t cls);
#endif
