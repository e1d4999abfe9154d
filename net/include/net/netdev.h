/* SPDX-License-Identifier: MIT */
/*
 * The boundary between NIC drivers (kernel/net/drivers: virtio-net, e1000)
 * and tern's portable network stack (net/).
 *
 *   driver                         stack (net/)
 *   ------                         ------------
 *   netdev_register(dev)  ───────▶ the device gets an interface
 *   RX ring has a frame   ───────▶ net_rx(dev, frame, len)   (netd thread)
 *                         ◀─────── dev->ops->transmit(dev, frame, len)
 *   link change           ───────▶ netdev_set_link(dev, up)
 *
 * Checksum offload (both optional, virtio-net's VIRTIO_NET_F_CSUM and
 * GUEST_CSUM): a driver whose device completes TCP/UDP checksums sets
 * NETDEV_F_TX_CSUM in dev->features before netdev_register; the stack
 * then hands it frames with tx->csum_start != 0, whose checksum field
 * holds only the pseudo-header sum (net_csum_complete shows what the
 * device must do). A driver whose device vouches for a received frame's
 * TCP/UDP checksum passes NETDEV_RX_CSUM_OK to net_rx_flags, and the
 * stack skips that check (the IP header checksum is always verified).
 *
 * Ownership: net_rx() borrows the frame only for the duration of the call
 * (the stack copies what it keeps), so the driver may recycle its RX buffer
 * as soon as net_rx returns. transmit() borrows the frame likewise: the
 * driver copies it into its TX ring (or fails with NETDEV_TX_BUSY when the
 * ring is full, which the stack counts as a drop) before returning.
 *
 * Context: net_rx, netdev_poll and the stack's timers all run on one
 * kernel thread ("netd"); drivers' interrupt handlers only acknowledge the
 * device and wake netd. Nothing here includes arch headers.
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETDEV_NAME_MAX 8
#define ETH_ALEN        6
#define ETH_FRAME_MAX   1514 /* without FCS; MTU 1500 */

enum netdev_tx_result {
	NETDEV_TX_OK = 0,
	NETDEV_TX_BUSY = -1,  /* ring full: dropped, counted in tx_dropped */
	NETDEV_TX_ERROR = -2, /* bad length or device error: tx_errors */
};

/* Counters, updated by the driver (rx_*, tx_*) and the stack (*_dropped
 * when it discards a frame it cannot parse). */
struct netdev_stats {
	uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
};

struct netdev;

/* dev->features: what the device does for the stack. */
#define NETDEV_F_TX_CSUM (1u << 0) /* completes partial TCP/UDP checksums */
#define NETDEV_F_TSO4                                                          \
	(1u << 1) /* cuts TCP/IPv4 super-segments (needs                       \
	             NETDEV_F_TX_CSUM) */

#define NETDEV_F_SG                                                            \
	(1u << 2) /* takes a frame whose payload continues in tx->frag[] */

/* The longest frame transmit() is handed when the device has
 * NETDEV_F_TSO4: an Ethernet header and the largest IPv4 datagram. */
#define NETDEV_TSO_FRAME_MAX (14 + 65535)

/*
 * How a frame handed to transmit() is to be finished. csum_start 0: the
 * frame is complete. Else the device computes the ones' complement
 * checksum of frame[csum_start..len) (the field already holds the
 * pseudo-header sum) and stores it at csum_start + csum_offset.
 *
 * gso_size != 0 (only to a NETDEV_F_TSO4 device): the frame is one TCP/IPv4
 * super-segment, longer than the MTU. The device cuts its payload (after
 * hdr_len bytes of Ethernet, IPv4 and TCP headers) into pieces of gso_size
 * bytes (the last may be shorter) and sends each as a frame of its own:
 *
 *   super:  | eth | ip | tcp | payload ............................... |
 *   piece i:| eth | ip'| tcp'| payload[i*gso_size, (i+1)*gso_size)     |
 *
 * ip': total length of the piece, identification + i, checksum redone.
 * tcp': sequence number + i*gso_size, FIN and PSH only on the last piece,
 * CWR only on the first, checksum completed per piece (csum_start and
 * csum_offset are set as for checksum offload). net_gso_segment does the
 * same in software (the stack uses it when the device cannot).
 */
struct netdev_frag {
	const void *p;
	uint32_t n; /* 0: unused */
};
#define NETDEV_FRAGS 2

/*
 * frag[] (only to a NETDEV_F_SG device; else all unused): the frame does
 * not end at len but goes on with frag[0], then frag[1], in place. The
 * stack hands TCP payload this way straight from a socket's send ring
 * (which wraps at most once), so the driver's copy into its own buffers
 * is the only one:
 *
 *   frame[0..len)   frag[0].p[0..n)   frag[1].p[0..n)
 *   | eth ip tcp |  | payload ...  |  | ... payload  |
 *
 * The pieces are borrowed for the call, like the frame.
 */
struct netdev_tx {
	uint16_t csum_start, csum_offset;
	uint16_t gso_size, hdr_len;
	struct netdev_frag frag[NETDEV_FRAGS];
};

/* The whole frame's length: len plus tx's pieces. */
static inline size_t netdev_tx_len(size_t len, const struct netdev_tx *tx)
{
	for (unsigned i = 0; i < NETDEV_FRAGS; i++)
		len += tx->frag[i].n;
	return len;
}

/* net_rx_flags: the device checked the frame's TCP/UDP checksum (or the
 * frame came from a local peer that never computed one). */
#define NETDEV_RX_CSUM_OK (1u << 0)

struct netdev_ops {
	/* Queue one Ethernet frame (no FCS, 14..ETH_FRAME_MAX bytes, or up
	 * to NETDEV_TSO_FRAME_MAX with tx->gso_size; with NETDEV_F_SG these
	 * bounds are for netdev_tx_len), finished as tx says
	 * (never NULL; csum_start is 0 unless the device has
	 * NETDEV_F_TX_CSUM, gso_size 0 unless it has NETDEV_F_TSO4). Returns
	 * enum netdev_tx_result. Must not block. */
	int (*transmit)(struct netdev *dev, const void *frame, size_t len,
	                const struct netdev_tx *tx);
	/* Move received frames into the stack with net_rx(); returns how
	 * many were delivered, at most budget. Called by netd after the
	 * driver's interrupt woke it, and periodically as a fallback. */
	unsigned (*poll)(struct netdev *dev, unsigned budget);
};

struct netdev {
	char name[NETDEV_NAME_MAX]; /* "eth0" */
	const char *driver;         /* "virtio-net", "e1000" */
	uint8_t mac[ETH_ALEN];
	uint16_t mtu; /* 1500 */
	bool link_up;
	uint32_t features; /* NETDEV_F_* */
	const struct netdev_ops *ops;
	void *priv; /* the driver's state */
	struct netdev_stats stats;
	void *stack; /* the stack's per-interface state (net/) */
};

/* Implemented by the stack (net/). */
void net_rx(struct netdev *dev, const void *frame, size_t len);
/* net_rx with NETDEV_RX_* flags from the device. */
void net_rx_flags(struct netdev *dev, const void *frame, size_t len,
                  unsigned flags);
/* Finish a frame as a NETDEV_F_TX_CSUM device would (tx as given to
 * transmit; nothing if tx->csum_start is 0). For software fallbacks and
 * tests. */
void net_csum_complete(void *frame, size_t len, const struct netdev_tx *tx);
void netdev_set_link(struct netdev *dev, bool up);

/* Software segmentation (net/gso.c): piece i (from 0) of the
 * super-segment f[0..len) that tx describes (gso_size, hdr_len), cut as
 * the comment on struct netdev_tx says, into out[0..cap) (cap at least
 * hdr_len + gso_size). partial: leave the TCP checksum to the device
 * (*otx gets csum_start/csum_offset), else complete it. Returns the
 * piece's length, 0 past the last piece or if the frame is malformed. */
size_t net_gso_piece(const uint8_t *f, size_t len, const struct netdev_tx *tx,
                     unsigned i, bool partial, uint8_t *out, size_t cap,
                     struct netdev_tx *otx);

#endif
