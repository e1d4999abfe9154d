/* SPDX-License-Identifier: MIT */
/*
 * Wire-format helpers, parsers and builders of the stack, exposed for the
 * host tests and fuzzers (the kernel glue does not need them). Every
 * parser takes a buffer and a length and checks lengths before reading.
 */
#ifndef NET_PROTO_H
#define NET_PROTO_H
#include <net/dns.h>

/* Internet checksum (RFC 1071). inet_sum_add adds len bytes to a 32-bit
 * partial sum as 16-bit big-endian words; only the last chunk of a
 * message may have an odd length. inet_sum_fold folds and complements. */
uint32_t inet_sum_add(uint32_t sum, const void *buf, size_t len);
uint16_t inet_sum_fold(uint32_t sum);
uint16_t inet_checksum(const void *buf, size_t len);
/* RFC 1624 eqn. 3: the checksum after one 16-bit word changed. */
uint16_t inet_csum_update16(uint16_t csum, uint16_t old_word,
                            uint16_t new_word);
/* The sum of the UDP/TCP pseudo-header (RFC 768). */
uint32_t inet_pseudo_sum(ip4_addr_t src, ip4_addr_t dst, uint8_t proto,
                         uint16_t len);

/* An IPv4 header, validated (RFC 791 3.1). */
struct ip4_hdr {
	uint8_t hlen; /* bytes, 20..60 */
	uint8_t tos, ttl, proto;
	uint16_t total_len, id, frag_off; /* frag_off in bytes */
	bool df, mf;
	ip4_addr_t src, dst;
};
/* 0, or NET_EPROTO (version, IHL, length) / NET_EINVAL (checksum). The
 * datagram is buf[0..total_len); bytes past it (Ethernet padding) are
 * not part of it. */
int ip4_hdr_parse(const uint8_t *buf, size_t len, struct ip4_hdr *h);
/* Write a 20-byte header with its checksum. */
void ip4_hdr_build(uint8_t *buf, const struct ip4_hdr *h);

/* DHCP message (RFC 2131 2, options RFC 2132). */
#define DHCP_DISCOVER 1
#define DHCP_OFFER    2
#define DHCP_REQUEST  3
#define DHCP_DECLINE  4
#define DHCP_ACK      5
#define DHCP_NAK      6
#define DHCP_RELEASE  7
#define DHCP_MSG_MAX  576
struct dhcp_msg {
	uint8_t op, type; /* type: option 53, 0 if absent */
	uint32_t xid;
	uint16_t flags;
	ip4_addr_t ciaddr, yiaddr, siaddr;
	uint8_t chaddr[ETH_ALEN];
	/* options; *_set says whether present */
	ip4_addr_t mask, router, server_id, req_ip;
	ip4_addr_t dns[NET_DNS_MAX];
	unsigned ndns;
	uint32_t lease_s, t1_s, t2_s;
	bool mask_set, router_set, server_set, lease_set, t1_set, t2_set,
	    req_ip_set;
};
/* 0, or NET_EPROTO for a short message, bad cookie or a truncated
 * option. */
int dhcp_msg_parse(const uint8_t *buf, size_t len, struct dhcp_msg *m);
/* Build a client message (op 1) into buf[cap]: type, xid, ciaddr,
 * chaddr, flags, and options 53, 61, 50 (req_ip_set), 54 (server_set),
 * 55 (parameter list), 255. Returns the length (>= 300), or NET_EINVAL
 * if cap is too small. */
int dhcp_msg_build(uint8_t *buf, size_t cap, const struct dhcp_msg *m);

/* DNS (RFC 1035 4.1). */
#define DNS_PORT    53
#define DNS_HDR_LEN 12
#define DNS_MSG_MAX 512
#define DNS_PTR_MAX 16 /* compression pointers followed per name */
/* Encode "www.example.com" as a query for A/IN with RD set. Returns the
 * length or NET_EINVAL (empty/oversized label, name too long, cap). */
int dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const char *name);
/* Decode the (possibly compressed) name at *off into out[DNS_NAME_MAX+1]
 * as dotted text; *off moves past the name in place. Loop-safe: at most
 * DNS_PTR_MAX pointers. 0 or NET_EPROTO. */
int dns_name_decode(const uint8_t *msg, size_t len, size_t *off, char *out);
/* Names equal as DNS compares them: ASCII case ignored (RFC 1035 2.3.3),
 * and "host." (fully qualified) the same as "host". */
bool dns_name_eq(const char *a, const char *b);
struct dns_answer {
	uint16_t id, rcode;
	bool truncated;
	ip4_addr_t addrs[DNS_ADDRS_MAX];
	unsigned naddrs;
	uint32_t ttl; /* smallest TTL of the A records used */
};
/* Parse a response to our query for qname (id checked by the caller):
 * the question must echo qname; A records for qname or a CNAME chain
 * from it are collected. qname may end in the root's dot ("host.").
 * 0 or NET_EPROTO. */
int dns_response_parse(const uint8_t *msg, size_t len, const char *qname,
                       struct dns_answer *a);

#endif
