/* SPDX-License-Identifier: MIT */
/*
 * A simulated world for host tests and fuzzers of net/: a fake clock, a
 * counting allocator (sim_live_allocs must be 0 after net_destroy), a
 * deterministic random source, NICs that capture what the stack sends,
 * and frame builders.
 */
#ifndef NETSIM_H
#define NETSIM_H
#include <net/net.h>
#include <net/proto.h>

#define SIM_TXQ 64

extern uint64_t sim_now;
extern long sim_live_allocs;
extern unsigned long sim_fail_alloc_after; /* 0: never fail */
extern const struct net_platform sim_plat;

struct sim_dev {
	struct netdev dev;
	uint8_t frames[SIM_TXQ][ETH_FRAME_MAX];
	size_t lens[SIM_TXQ];
	struct netdev_tx tx[SIM_TXQ]; /* as the stack handed it over */
	unsigned head, count;
	unsigned long tx_total;
	unsigned long tx_partial; /* frames sent with csum_start set */
	unsigned long tx_sg;      /* frames handed over in pieces (tried) */
};

/* A NIC with MAC 02:00:00:00:00:<last>. */
void sim_dev_init(struct sim_dev *d, const char *name, uint8_t last);
/* Pop the oldest frame the stack sent: its length, or 0 if none. With
 * dev.features NETDEV_F_TX_CSUM, sim_pop finishes the checksum as the
 * device would; sim_pop_raw gives the frame as the stack left it. */
size_t sim_pop(struct sim_dev *d, uint8_t *buf);
size_t sim_pop_raw(struct sim_dev *d, uint8_t *buf, struct netdev_tx *tx);
void sim_drain(struct sim_dev *d);
/* A stack on d with ip/24 and gateway x.x.x.1 (ip 0: unconfigured). */
struct net_stack *sim_stack(struct sim_dev *d, ip4_addr_t ip);
/* Advance the clock by ms in NET_TICK_MS steps, running timers. */
void sim_advance(struct net_stack *s, uint64_t ms);
/* Move every frame a sent into b's stack and vice versa until quiet. */
void sim_wire(struct sim_dev *a, struct sim_dev *b);

/* Frame builders: return the frame length. f has room for
 * ETH_FRAME_MAX + 64 bytes. */
size_t sim_eth(uint8_t *f, const uint8_t *dst, const uint8_t *src,
               uint16_t type);
/* An IPv4 datagram (header 20 bytes, valid checksum). frag_off in
 * bytes. */
size_t sim_ip(uint8_t *f, const uint8_t *dst_mac, const uint8_t *src_mac,
              ip4_addr_t src, ip4_addr_t dst, uint8_t proto, uint16_t id,
              uint16_t frag_off, int mf, const void *payload, size_t len);
size_t sim_udp(uint8_t *f, const uint8_t *dst_mac, const uint8_t *src_mac,
               ip4_addr_t src, ip4_addr_t dst, uint16_t sport, uint16_t dport,
               const void *data, size_t len);
size_t sim_arp(uint8_t *f, uint16_t op, const uint8_t *sha, ip4_addr_t spa,
               const uint8_t *tha, ip4_addr_t tpa);
extern const uint8_t sim_bcast[6];
/* Teach d's stack (address us) that peer is at sim_peer_mac: an ARP
 * request from peer for us (the stack creates entries only for those and
 * for its own requests); the stack's reply is taken off d's queue. */
void sim_teach(struct sim_dev *d, ip4_addr_t peer, ip4_addr_t us);
extern const uint8_t sim_peer_mac[6]; /* 02:00:00:00:00:99 */

/* Parse a frame the stack sent: fills what is non-NULL; returns the
 * IP protocol, or -1 if it is not a valid IPv4 frame. l4/l4len point
 * into f. */
int sim_parse(const uint8_t *f, size_t len, struct ip4_hdr *h,
              const uint8_t **l4, size_t *l4len);

/* The tests' own IPv4 reassembler (independent of net/reasm.c), for
 * what the stack sent: pops d's frames until one without MF, checks each
 * as a fragment of one datagram for an interface of mtu bytes (same ID,
 * addresses, protocol, TTL, TOS as the first; no options; DF clear once
 * fragmented; offsets contiguous and 8-aligned; every fragment but the
 * last exactly (mtu - 20) & ~7 bytes; frame length = total length) and
 * copies the payload into out[cap]. *first gets the first header.
 * Returns the payload length, or -1 with *why naming what broke. */
long sim_defrag(struct sim_dev *d, unsigned mtu, struct ip4_hdr *first,
                uint8_t *out, size_t cap, const char **why);

#endif
