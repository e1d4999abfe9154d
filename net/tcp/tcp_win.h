/* SPDX-License-Identifier: MIT */
/*
 * Window decisions: the scale we offer (RFC 7323 2.2), the window we
 * advertise with receiver silly-window avoidance (RFC 9293 3.8.6.2.2),
 * and whether the sender may send now: sender SWS avoidance (3.8.6.2.1)
 * with Nagle's algorithm (3.7.4).
 */
#ifndef NET_TCP_WIN_H
#define NET_TCP_WIN_H
#include <stdbool.h>
#include <stdint.h>
#include "tcp_seq.h"

/* The smallest shift (0..14) with 65535 << shift >= cap. */
uint8_t tcp_ws_for_buffer(uint32_t cap);

/* The 16-bit window field for wnd under shift ws: wnd >> ws, at most
 * 65535. What the peer learns is that value << ws, never more than wnd. */
uint16_t tcp_wnd_field(uint32_t wnd, uint8_t ws);

/*
 * The receive window to advertise. free = buffer space from RCV.NXT on
 * (tcp_rcvbuf_window), cap = the buffer size, mss = the peer's effective
 * MSS, adv_edge = the right edge advertised last (RCV.NXT + RCV.WND then).
 * The right edge never moves left (3.8.6.2.2: no shrinking), and it moves
 * right only once free space exceeds the current window by at least
 * min(cap / 2, mss): the receiver side of silly-window avoidance.
 */
uint32_t tcp_rcv_window(uint32_t free, uint32_t cap, uint32_t mss,
                        tcp_seq_t rcv_nxt, tcp_seq_t adv_edge);

/* Whether to send a segment now (3.8.6.2.1 with Nagle): unsent = bytes
 * queued but not yet sent, usable = SND.UNA + SND.WND - SND.NXT,
 * max_wnd = the largest window the peer has offered, in_flight = some
 * data is unacknowledged, nodelay = Nagle off. Every send is taken as
 * pushed. Yes if a full segment fits; or all queued data fits and Nagle
 * allows it (nothing in flight, or nodelay); or at least half the peer's
 * largest window can go. */
bool tcp_snd_ok(uint32_t unsent, uint32_t usable, uint32_t mss,
                uint32_t max_wnd, bool in_flight, bool nodelay);

#endif
