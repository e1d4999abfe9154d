/* SPDX-License-Identifier: MIT */
/* Window scale, advertised window and send decisions (net/tcp/tcp_win.h). */
#include "tcp_wire.h"
#include "tcp_win.h"

uint8_t tcp_ws_for_buffer(uint32_t cap)
{
	uint8_t s = 0;
	while (s < TCP_WS_MAX && ((uint64_t)0xffff << s) < cap)
		s++;
	return s;
}

uint16_t tcp_wnd_field(uint32_t wnd, uint8_t ws)
{
	uint32_t v = wnd >> ws;
	return v > 0xffff ? 0xffff : (uint16_t)v;
}

uint32_t tcp_rcv_window(uint32_t free, uint32_t cap, uint32_t mss,
                        tcp_seq_t rcv_nxt, tcp_seq_t adv_edge)
{
	uint32_t cur = seq_gt(adv_edge, rcv_nxt) ? adv_edge - rcv_nxt : 0;
	uint32_t step = cap / 2 < mss ? cap / 2 : mss;
	if (free > cur && free - cur >= step)
		return free;
	return cur;
}

bool tcp_snd_ok(uint32_t unsent, uint32_t usable, uint32_t mss,
                uint32_t max_wnd, bool in_flight, bool nodelay)
{
	uint32_t n = unsent < usable ? unsent : usable;
	if (n == 0)
		return false;
	if (n >= mss)
		return true;
	if (n == unsent && (!in_flight || nodelay))
		return true;
	return max_wnd && n >= max_wnd / 2;
}
