/* SPDX-License-Identifier: MIT */
/* The stack's private state and the calls between its layers. */
#ifndef NET_PRIV_H
#define NET_PRIV_H
#include <libk/cdefs.h>
#include <libk/printf.h>
#include <libk/string.h>
#include <net/arp.h>
#include <net/dhcp.h>
#include <net/dns.h>
#include <net/icmp.h>
#include <net/net.h>
#include <net/proto.h>
#include <net/udp.h>

#define nmemcpy    LIBK_FN(memcpy)
#define nmemset    LIBK_FN(memset)
#define nmemcmp    LIBK_FN(memcmp)
#define nstrlen    LIBK_FN(strlen)
#define nsnprintf  LIBK_FN(snprintf)
#define nvsnprintf LIBK_FN(vsnprintf)

/* Big-endian (network order) loads and stores. */
static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}
static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

#define ETH_HLEN       14
#define ETH_P_IP       0x0800
#define ETH_P_ARP      0x0806
#define ETH_P_VLAN     0x8100
#define ETH_P_QINQ     0x88a8
#define IP_HLEN        20
#define IP_PROTO_ICMP  1
#define IP_PROTO_UDP   17
#define IP_PROTO_TCP   6
#define UDP_HLEN       8
#define ICMP_HLEN      8
#define NET_HDRS       (ETH_HLEN + IP_HLEN)
#define IP_TOTAL_MAX   65535 /* total length field: header + data */
#define IP_ID_BUCKETS  64    /* identification counters (ip_frag.c) */
#define IP_ID_CACHE    16    /* remembered (src, dst, proto) hashes */
#define ARP_CACHE_SIZE 32

/* An outbound frame: data[0..len) is Ethernet header onwards, then the
 * bytes of frag[] if any (pkt_len is the whole). One owner: whoever holds
 * the pointer frees it or hands it on. frag[] borrows a TCP send ring's
 * bytes (tcp_xmit, only for a NETDEV_F_SG device) and is valid only
 * until tcp_xmit returns: whatever keeps a packet longer makes it linear
 * first (the ARP queue, software GSO: pkt_linearize; impairment gathers
 * what it holds). */
struct pkt {
	struct pkt *next;
	size_t len;
	/* the device completes the checksum (struct netdev_tx): 0, or
	 * set by l4_csum_out */
	uint16_t csum_start, csum_offset;
	/* a TCP super-segment (struct netdev_tx): 0, or set by tcp_xmit */
	uint16_t gso_size, hdr_len;
	struct netdev_frag frag[NETDEV_FRAGS];
	uint8_t data[];
};

static inline size_t pkt_len(const struct pkt *p)
{
	return p->len + p->frag[0].n + p->frag[1].n;
}

struct arp_entry {
	ip4_addr_t ip;
	uint8_t mac[ETH_ALEN];
	uint8_t state; /* 0 free, else ARP_* + 1 */
	uint8_t tries;
	uint64_t expires;   /* reachable until */
	uint64_t last_req;  /* when the last request went out */
	uint64_t mac_since; /* learned, changed or last defended */
	bool held_logged;   /* a refused change was logged since then */
	uint64_t probe_at;  /* asking the old MAC about a claim until (0: no) */
	uint8_t claim_mac[ETH_ALEN]; /* the MAC claimed meanwhile */
	struct pkt *q;               /* waiting for resolution, FIFO */
	unsigned qlen;
};

struct reasm_frag {
	struct reasm_frag *next; /* sorted by off */
	uint16_t off, len;
	uint8_t data[];
};

struct reasm_dgram {
	struct reasm_dgram *next;
	ip4_addr_t src, dst;
	uint16_t id;
	uint8_t proto;
	uint8_t hlen;    /* of the first fragment's header, once seen */
	uint8_t hdr[60]; /* the first fragment's header */
	uint32_t end;    /* payload length, once the last one is seen */
	uint64_t deadline;
	unsigned nfrags;
	struct reasm_frag *frags;
};

/* A received datagram handed to ICMP/UDP. */
struct ip_rx {
	const uint8_t *hdr; /* the IP header as received (for ICMP quotes) */
	size_t hlen;
	struct ip4_hdr h;
	bool bcast;   /* sent to a broadcast address */
	bool csum_ok; /* the device vouched for the TCP/UDP checksum */
	const uint8_t *data;
	size_t len;
};

struct dhcp_client;
struct dns_query;
struct tcp_table;
struct dns_cache_entry {
	char name[DNS_NAME_MAX + 1]; /* "" when free */
	ip4_addr_t addrs[DNS_ADDRS_MAX];
	unsigned n;
	uint64_t expires;
};
#define DNS_CACHE_SIZE 16

/* A frame impair.c holds back (frame NULL: none). */
struct impair_held {
	uint8_t *frame;
	size_t len;
	unsigned flags;      /* NETDEV_RX_* (receive) */
	struct netdev_tx tx; /* how to finish it (transmit) */
};

struct net_stack {
	struct net_platform plat;
	struct net_tunables tun;
	struct net_counters cnt;
	struct netdev *dev;
	ip4_addr_t ip, mask, gw;
	ip4_addr_t dns[NET_DNS_MAX];
	unsigned ndns;
	uint8_t ip_id_key[16]; /* ip_frag.c */
	uint16_t ip_id_ctr[IP_ID_BUCKETS];
	struct ip_id_memo {
		ip4_addr_t src, dst;
		uint8_t proto, valid, bucket;
		uint16_t offset;
	} ip_id_memo[IP_ID_CACHE];
	struct arp_entry arp[ARP_CACHE_SIZE];
	struct reasm_dgram *reasm;
	unsigned nreasm;
	struct udp_sock *socks;
	icmp_event_fn icmp_fn;
	void *icmp_ctx;
	/* icmp.c: the error token bucket, in thousandths of a token */
	bool icmp_bucket_started;
	uint64_t icmp_tokens, icmp_refilled;
	struct dhcp_client *dhcp;
	struct dns_query *queries;
	struct dns_cache_entry dns_cache[DNS_CACHE_SIZE];
	struct tcp_table *tcp; /* tcp_sock_priv.h */
	struct {
		struct impair_held rx, tx;
	} imp; /* impair.c */
};

static inline uint64_t net_now(struct net_stack *s)
{
	return s->plat.now_ms();
}
/* Memory (mem.c): failures are counted in alloc_fail. */
void *net_alloc(struct net_stack *s, size_t n);
void net_free(struct net_stack *s, void *p);
/* A line to the platform's log hook, if it has one (not the kernel's
 * net_log, which is one such hook). */
#define nlog(s, ...)                                                           \
	do {                                                                   \
		if ((s)->plat.log)                                             \
			(s)->plat.log(__VA_ARGS__);                            \
	} while (0)

/* Test impairment (impair.c), active when impair_on. impair_rx and
 * impair_tx return true when they took the frame (dropped or held back);
 * impair_release sends on what is held that way (after another frame
 * passed it, or from the timers); impair_free drops it. */
bool impair_on(const struct net_stack *s);
bool impair_rx(struct net_stack *s, const void *frame, size_t len,
               unsigned flags);
bool impair_tx(struct net_stack *s, const void *frame, size_t len,
               const struct netdev_tx *tx);
void impair_release(struct net_stack *s, bool rx, bool tx);
void impair_free(struct net_stack *s);
/* eth.c: a received frame past impairment; a finished frame to the
 * device past impairment (counted in eth_tx / eth_tx_fail). */
void eth_input(struct net_stack *s, const uint8_t *f, size_t len,
               unsigned flags);
void eth_xmit_now(struct net_stack *s, const void *frame, size_t len,
                  const struct netdev_tx *tx);

/* Packets. pkt_new gives a frame of len bytes (complete: csum_start
 * 0); pkt_alloc leaves room for Ethernet + IP headers in front of l4len
 * bytes of payload (pkt_l4). */
struct pkt *pkt_new(struct net_stack *s, size_t len);
struct pkt *pkt_alloc(struct net_stack *s, size_t l4len);
void pkt_free_list(struct net_stack *s, struct pkt *p);
/* p with its frag[] bytes copied into data[] (p itself if it has none;
 * else a new packet, and p is freed). NULL if there is no memory (p is
 * freed, alloc_fail counted). */
struct pkt *pkt_linearize(struct net_stack *s, struct pkt *p);
static inline uint8_t *pkt_l4(struct pkt *p)
{
	return p->data + NET_HDRS;
}

/* The TCP or UDP checksum of p's l4 payload (everything after the IP
 * header; its checksum field, at offset field, zero) from the stack's
 * address to dst: complete, or left to the device (NETDEV_F_TX_CSUM)
 * when p fits the MTU. */
void l4_csum_out(struct net_stack *s, struct pkt *p, uint8_t proto,
                 ip4_addr_t dst, unsigned field);

/* Ethernet: fill the header and transmit; frees p. */
void eth_output(struct net_stack *s, struct pkt *p, const uint8_t *dst_mac,
                uint16_t type);
extern const uint8_t eth_broadcast[ETH_ALEN];

/* ARP. */
void arp_rx(struct net_stack *s, const uint8_t *buf, size_t len);
/* Send p (an IPv4 frame) to next hop ip: now, or after resolution.
 * Takes p. */
void arp_output(struct net_stack *s, struct pkt *p, ip4_addr_t nexthop);
void arp_announce(struct net_stack *s);
void arp_timers(struct net_stack *s, uint64_t now);

/* IPv4. */
/* csum_ok: NETDEV_RX_CSUM_OK was given (not trusted for fragments). */
void ip_rx(struct net_stack *s, const uint8_t *buf, size_t len, bool csum_ok);
/* Route to dst: *nexthop (or IP4_BROADCAST for a broadcast). */
int ip_route(const struct net_stack *s, ip4_addr_t dst, ip4_addr_t *nexthop);
bool ip_is_bcast(const struct net_stack *s, ip4_addr_t a);
/* Fill the IP header in front of the l4 payload (p->len covers it) and
 * send. Takes p in every case; returns 0 or NET_E*. */
int ip_output(struct net_stack *s, struct pkt *p, uint8_t proto,
              ip4_addr_t dst);
void ip_deliver(struct net_stack *s, const struct ip_rx *rx);
/* ip_frag.c: the identification secret and counters (at creation); the
 * ID for the next datagram src -> dst; and the last step of sending:
 * the IPv4 frame p (header built by ip_output) to mac, whole when it
 * fits the MTU, else as fragments. Takes p. */
void ip_id_init(struct net_stack *s);
uint16_t ip_id_next(struct net_stack *s, ip4_addr_t src, ip4_addr_t dst,
                    uint8_t proto);
void ip_frame_output(struct net_stack *s, struct pkt *p, const uint8_t *mac);
void reasm_input(struct net_stack *s, const struct ip4_hdr *h,
                 const uint8_t *hdr, const uint8_t *payload);
void reasm_timers(struct net_stack *s, uint64_t now);
void reasm_free_all(struct net_stack *s);

/* ICMP and UDP. */
void icmp_rx(struct net_stack *s, const struct ip_rx *rx);
void icmp_send_unreach(struct net_stack *s, const struct ip_rx *rx,
                       uint8_t code);
void udp_rx(struct net_stack *s, const struct ip_rx *rx);
/* An ICMP error quoting a UDP datagram src:sport -> dst:dport: it goes
 * to the socket bound to sport (and src) whose last datagram went to
 * dst:dport. False if no socket matched. */
bool udp_icmp_error(struct net_stack *s, ip4_addr_t src, ip4_addr_t dst,
                    uint16_t sport, uint16_t dport, int err);
void udp_free_all(struct net_stack *s);

/* TCP (tcp_table.c, tcp_io.c): the table is set up by net_create. */
int tcp_stack_init(struct net_stack *s);
void tcp_rx(struct net_stack *s, const struct ip_rx *rx);
void tcp_timers(struct net_stack *s, uint64_t now);
void tcp_free_all(struct net_stack *s);
/* ICMP destination unreachable (code) quoting our segment lport ->
 * raddr:rport with sequence number seq. */
void tcp_icmp_unreach(struct net_stack *s, ip4_addr_t raddr, uint16_t lport,
                      uint16_t rport, uint32_t seq, uint8_t code);
/* ICMP fragmentation needed (RFC 1191) quoting our segment with
 * sequence number seq in a datagram of quoted_len bytes; mtu is the
 * next-hop MTU (0 from routers older than RFC 1191). */
void tcp_icmp_frag_needed(struct net_stack *s, ip4_addr_t raddr, uint16_t lport,
                          uint16_t rport, uint32_t seq, uint16_t mtu,
                          uint16_t quoted_len);

/* DHCP and DNS. */
void dhcp_timers(struct net_stack *s, uint64_t now);
void dhcp_free(struct net_stack *s);
void dns_timers(struct net_stack *s, uint64_t now);
void dns_free_all(struct net_stack *s);

/* Whether a deadline has passed (0 = unset). */
static inline bool due(uint64_t deadline, uint64_t now)
{
	return deadline && now >= deadline;
}

#endif
