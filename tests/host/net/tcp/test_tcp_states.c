/* SPDX-License-Identifier: MIT */
/*
 * Every transition of RFC 9293's state diagram (3.3.2, Figure 5), the
 * RST, ABORT and timeout edges, and the events a state must answer or
 * ignore without moving (3.10.7), as a table. Each row puts a fresh
 * connection X into its start state by feeding it hand-made segments
 * from a raw peer P, applies one event, and checks the new state, the
 * error kept for the user, the bytes made readable and the one segment
 * sent (or that none was). ACKs may be delayed: after the event the
 * clock moves CP_DELACK_MS on and the timers run before anything is
 * checked. The table runs twice, the second time with both ISNs at the
 * top of the sequence space so that every row also crosses 2^32.
 */
#include "../../test.h"
#include "connpair.h"
#include <string.h>

/* How a row gets X into its start state (reach()). */
enum reach {
	R_CLOSED,
	R_LISTEN,
	R_SYN_SENT,
	R_SYN_RCVD_P, /* passive: LISTEN got a SYN */
	R_SYN_RCVD_A, /* active: simultaneous open */
	R_ESTAB,
	R_FIN_WAIT_1,
	R_FIN_WAIT_2,
	R_CLOSE_WAIT,
	R_CLOSING,
	R_LAST_ACK,
	R_TIME_WAIT,
	R_COUNT
};

static const enum tcp_state reach_state[R_COUNT] = {
    TCP_CLOSED,       TCP_LISTEN,      TCP_SYN_SENT,   TCP_SYN_RECEIVED,
    TCP_SYN_RECEIVED, TCP_ESTABLISHED, TCP_FIN_WAIT_1, TCP_FIN_WAIT_2,
    TCP_CLOSE_WAIT,   TCP_CLOSING,     TCP_LAST_ACK,   TCP_TIME_WAIT,
};

enum event {
	E_PASSIVE_OPEN,
	E_ACTIVE_OPEN,
	E_SEND,  /* one byte */
	E_CLOSE, /* user CLOSE (3.10.4) */
	E_ABORT, /* user ABORT (3.10.5) */
	E_SYN,   /* SYN at P's SND.NXT, no ACK */
	E_SYN_ACK,
	E_ACK,        /* ACK of everything X sent */
	E_ACK_BAD,    /* ACK of something X never sent */
	E_FIN,        /* FIN,ACK not acking X's FIN */
	E_FIN_ACKING, /* FIN,ACK acking all X sent */
	E_OLD_FIN,    /* P's FIN again (retransmitted) */
	E_RST,        /* RST at RCV.NXT */
	E_RST_ACK,    /* RST,ACK acking X's SYN */
	E_RST_INWIN,  /* RST in the window, not at RCV.NXT */
	E_DATA,       /* 10 bytes at RCV.NXT with an ACK */
	E_DATA_NOACK, /* 10 bytes without the ACK bit */
	E_FAR,        /* ACK far outside the receive window */
	E_2MSL,       /* the TIME-WAIT timer runs out */
	E_RETRIES,    /* the peer never answers: retransmit until X quits */
};

/* Which sequence number the segment X sends must carry. */
enum chk { C_NONE, C_ISS, C_SND_NXT, C_SEG_ACK };

struct row {
	enum reach from;
	enum event ev;
	enum tcp_state to;
	uint8_t out; /* flags of the one segment sent (PSH ignored); 0 none */
	enum chk chk;
	int rc;       /* return of the user call (0 for segments/timers) */
	int err;      /* c->err afterwards */
	uint32_t got; /* bytes made readable */
	const char *why;
};

#define A_           TCP_ACK
#define SA           (TCP_SYN | TCP_ACK)
#define FA           (TCP_FIN | TCP_ACK)
#define R_           TCP_RST
#define RA           (TCP_RST | TCP_ACK)
#define CLOSED       TCP_CLOSED
#define LISTEN       TCP_LISTEN
#define SYN_SENT     TCP_SYN_SENT
#define SYN_RCVD     TCP_SYN_RECEIVED
#define ESTAB        TCP_ESTABLISHED
#define FIN_WAIT_1   TCP_FIN_WAIT_1
#define FIN_WAIT_2   TCP_FIN_WAIT_2
#define CLOSE_WAIT   TCP_CLOSE_WAIT
#define CLOSING      TCP_CLOSING
#define LAST_ACK     TCP_LAST_ACK
#define TIME_WAIT    TCP_TIME_WAIT
#define ECONNREFUSED NET_ECONNREFUSED
#define ECONNRESET   NET_ECONNRESET
#define ETIMEDOUT    NET_ETIMEDOUT

static const struct row rows[] = {
    /* Figure 5's arcs */
    {R_CLOSED, E_PASSIVE_OPEN, LISTEN, 0, C_NONE, 0, 0, 0,
     "3.10.1 passive OPEN"},
    {R_CLOSED, E_ACTIVE_OPEN, SYN_SENT, TCP_SYN, C_ISS, 0, 0, 0,
     "3.10.1 active OPEN: snd SYN"},
    {R_LISTEN, E_SYN, SYN_RCVD, SA, C_ISS, 0, 0, 0,
     "3.10.7.2 third: rcv SYN, snd SYN,ACK"},
    {R_LISTEN, E_CLOSE, CLOSED, 0, C_NONE, 0, 0, 0,
     "3.10.4 LISTEN: delete TCB"},
    {R_SYN_SENT, E_CLOSE, CLOSED, 0, C_NONE, 0, 0, 0,
     "3.10.4 SYN-SENT: delete TCB"},
    {R_SYN_SENT, E_SYN, SYN_RCVD, SA, C_ISS, 0, 0, 0,
     "3.10.7.3 fourth: simultaneous open"},
    {R_SYN_SENT, E_SYN_ACK, ESTAB, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.3 fourth: rcv SYN,ACK, snd ACK"},
    {R_SYN_RCVD_P, E_ACK, ESTAB, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: ACK of SYN (passive)"},
    {R_SYN_RCVD_A, E_ACK, ESTAB, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: ACK of SYN (simultaneous)"},
    {R_SYN_RCVD_P, E_CLOSE, FIN_WAIT_1, FA, C_NONE, 0, 0, 0,
     "3.10.4 SYN-RECEIVED: snd FIN"},
    {R_ESTAB, E_CLOSE, FIN_WAIT_1, FA, C_SND_NXT, 0, 0, 0,
     "3.10.4 ESTABLISHED: snd FIN"},
    {R_ESTAB, E_FIN, CLOSE_WAIT, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: rcv FIN, snd ACK"},
    {R_FIN_WAIT_1, E_ACK, FIN_WAIT_2, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: ACK of FIN"},
    {R_FIN_WAIT_1, E_FIN, CLOSING, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: simultaneous close"},
    {R_FIN_WAIT_1, E_FIN_ACKING, TIME_WAIT, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: FIN + ACK of FIN"},
    {R_FIN_WAIT_2, E_FIN, TIME_WAIT, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: rcv FIN, snd ACK"},
    {R_CLOSE_WAIT, E_CLOSE, LAST_ACK, FA, C_SND_NXT, 0, 0, 0,
     "3.10.4 CLOSE-WAIT: snd FIN"},
    {R_CLOSING, E_ACK, TIME_WAIT, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: ACK of FIN"},
    {R_LAST_ACK, E_ACK, CLOSED, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: ACK of FIN"},
    {R_TIME_WAIT, E_2MSL, CLOSED, 0, C_NONE, 0, 0, 0,
     "3.10.8 time-wait timeout"},
    /* RST (3.10.7.3 second; 3.10.7.4 second, RFC 5961 3.2) */
    {R_SYN_SENT, E_RST_ACK, CLOSED, 0, C_NONE, 0, ECONNREFUSED, 0,
     "3.10.7.3 RST with an acceptable ACK"},
    {R_SYN_RCVD_P, E_RST, LISTEN, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 passive SYN-RECEIVED back to LISTEN"},
    {R_SYN_RCVD_A, E_RST, CLOSED, 0, C_NONE, 0, ECONNREFUSED, 0,
     "3.10.7.4 active SYN-RECEIVED: refused"},
    {R_ESTAB, E_RST, CLOSED, 0, C_NONE, 0, ECONNRESET, 0,
     "3.10.7.4 RST: reset"},
    {R_FIN_WAIT_1, E_RST, CLOSED, 0, C_NONE, 0, ECONNRESET, 0,
     "3.10.7.4 RST: reset"},
    {R_FIN_WAIT_2, E_RST, CLOSED, 0, C_NONE, 0, ECONNRESET, 0,
     "3.10.7.4 RST: reset"},
    {R_CLOSE_WAIT, E_RST, CLOSED, 0, C_NONE, 0, ECONNRESET, 0,
     "3.10.7.4 RST: reset"},
    {R_CLOSING, E_RST, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.7.4 RST: CLOSED"},
    {R_LAST_ACK, E_RST, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.7.4 RST: CLOSED"},
    {R_TIME_WAIT, E_RST, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.7.4 RST: CLOSED"},
    /* ABORT (3.10.5): RST only from SYN-RECEIVED to CLOSE-WAIT */
    {R_LISTEN, E_ABORT, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.5 LISTEN"},
    {R_SYN_SENT, E_ABORT, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.5 SYN-SENT"},
    {R_SYN_RCVD_P, E_ABORT, CLOSED, R_, C_SND_NXT, 0, 0, 0, "3.10.5 snd RST"},
    {R_ESTAB, E_ABORT, CLOSED, R_, C_SND_NXT, 0, 0, 0, "3.10.5 snd RST"},
    {R_FIN_WAIT_1, E_ABORT, CLOSED, R_, C_SND_NXT, 0, 0, 0, "3.10.5 snd RST"},
    {R_FIN_WAIT_2, E_ABORT, CLOSED, R_, C_SND_NXT, 0, 0, 0, "3.10.5 snd RST"},
    {R_CLOSE_WAIT, E_ABORT, CLOSED, R_, C_SND_NXT, 0, 0, 0, "3.10.5 snd RST"},
    {R_CLOSING, E_ABORT, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.5 CLOSING: no RST"},
    {R_LAST_ACK, E_ABORT, CLOSED, 0, C_NONE, 0, 0, 0,
     "3.10.5 LAST-ACK: no RST"},
    {R_TIME_WAIT, E_ABORT, CLOSED, 0, C_NONE, 0, 0, 0,
     "3.10.5 TIME-WAIT: no RST"},
    /* retransmission gives up (3.8.3 R2, RFC 6298) */
    {R_SYN_SENT, E_RETRIES, CLOSED, 0, C_NONE, 0, ETIMEDOUT, 0,
     "3.8.3 SYN retries"},
    {R_SYN_RCVD_P, E_RETRIES, CLOSED, 0, C_NONE, 0, ETIMEDOUT, 0,
     "3.8.3 SYN,ACK retries"},
    {R_ESTAB, E_RETRIES, CLOSED, 0, C_NONE, 0, ETIMEDOUT, 0,
     "3.8.3 data retries"},
    {R_FIN_WAIT_1, E_RETRIES, CLOSED, 0, C_NONE, 0, ETIMEDOUT, 0,
     "3.8.3 FIN retries"},
    {R_CLOSING, E_RETRIES, CLOSED, 0, C_NONE, 0, ETIMEDOUT, 0,
     "3.8.3 FIN retries"},
    {R_LAST_ACK, E_RETRIES, CLOSED, 0, C_NONE, 0, ETIMEDOUT, 0,
     "3.8.3 FIN retries"},
    /* answered or ignored without a state change (3.10.7) */
    {R_CLOSED, E_DATA, CLOSED, R_, C_SEG_ACK, 0, 0, 0,
     "3.10.7.1 ACK set: <SEQ=SEG.ACK><RST>"},
    {R_CLOSED, E_SYN, CLOSED, RA, C_NONE, 0, 0, 0,
     "3.10.7.1 no ACK: <SEQ=0><ACK=..><RST,ACK>"},
    {R_CLOSED, E_RST, CLOSED, 0, C_NONE, 0, 0, 0, "3.10.7.1 RST discarded"},
    {R_LISTEN, E_RST, LISTEN, 0, C_NONE, 0, 0, 0,
     "3.10.7.2 first: RST ignored"},
    {R_LISTEN, E_ACK, LISTEN, R_, C_SEG_ACK, 0, 0, 0,
     "3.10.7.2 second: ACK -> RST"},
    {R_LISTEN, E_DATA, LISTEN, R_, C_SEG_ACK, 0, 0, 0,
     "3.10.7.2 second: ACK -> RST"},
    {R_LISTEN, E_DATA_NOACK, LISTEN, 0, C_NONE, 0, 0, 0,
     "3.10.7.2 fourth: drop"},
    {R_SYN_SENT, E_ACK_BAD, SYN_SENT, R_, C_SEG_ACK, 0, 0, 0,
     "3.10.7.3 first: bad ACK -> RST"},
    {R_SYN_SENT, E_RST, SYN_SENT, 0, C_NONE, 0, 0, 0,
     "3.10.7.3 second: RST without ACK dropped"},
    {R_SYN_SENT, E_DATA_NOACK, SYN_SENT, 0, C_NONE, 0, 0, 0,
     "3.10.7.3 fifth: no SYN/RST: drop"},
    {R_SYN_SENT, E_SEND, SYN_SENT, 0, C_NONE, 1, 0, 0,
     "3.10.2 SYN-SENT: queued"},
    {R_SYN_RCVD_P, E_ACK_BAD, SYN_RCVD, R_, C_SEG_ACK, 0, 0, 0,
     "3.10.7.4 fifth: bad ACK -> RST"},
    {R_SYN_RCVD_P, E_SYN, LISTEN, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fourth: passive -> LISTEN"},
    {R_ESTAB, E_SYN, ESTAB, A_, C_SND_NXT, 0, 0, 0,
     "RFC 5961 4.2 challenge ACK"},
    {R_ESTAB, E_RST_INWIN, ESTAB, A_, C_SND_NXT, 0, 0, 0,
     "RFC 5961 3.2 challenge ACK"},
    {R_ESTAB, E_FAR, ESTAB, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 first: unacceptable -> ACK"},
    {R_ESTAB, E_DATA, ESTAB, A_, C_SND_NXT, 0, 0, 10,
     "3.10.7.4 seventh: data taken"},
    {R_ESTAB, E_DATA_NOACK, ESTAB, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: no ACK bit: drop"},
    {R_ESTAB, E_ACK_BAD, ESTAB, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 fifth: ACK of unsent: ACK, drop"},
    {R_ESTAB, E_SEND, ESTAB, A_, C_SND_NXT, 1, 0, 0,
     "3.10.2 ESTABLISHED: send"},
    {R_FIN_WAIT_1, E_DATA, FIN_WAIT_1, A_, C_SND_NXT, 0, 0, 10,
     "3.10.7.4 seventh"},
    {R_FIN_WAIT_1, E_CLOSE, FIN_WAIT_1, 0, C_NONE, NET_EINVAL, 0, 0,
     "3.10.4 closing already"},
    {R_FIN_WAIT_2, E_DATA, FIN_WAIT_2, A_, C_SND_NXT, 0, 0, 10,
     "3.10.7.4 seventh"},
    {R_FIN_WAIT_2, E_CLOSE, FIN_WAIT_2, 0, C_NONE, NET_EINVAL, 0, 0,
     "3.10.4 closing already"},
    {R_CLOSE_WAIT, E_DATA, CLOSE_WAIT, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 seventh: text after FIN ignored"},
    {R_CLOSE_WAIT, E_OLD_FIN, CLOSE_WAIT, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: remain"},
    {R_CLOSE_WAIT, E_SEND, CLOSE_WAIT, A_, C_SND_NXT, 1, 0, 0,
     "3.10.2 CLOSE-WAIT: may send"},
    {R_CLOSING, E_DATA, CLOSING, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 seventh: ignored"},
    {R_CLOSING, E_OLD_FIN, CLOSING, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: remain"},
    {R_LAST_ACK, E_OLD_FIN, LAST_ACK, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: remain"},
    {R_LAST_ACK, E_SEND, LAST_ACK, 0, C_NONE, NET_EINVAL, 0, 0,
     "3.10.2 LAST-ACK: closing"},
    {R_TIME_WAIT, E_OLD_FIN, TIME_WAIT, A_, C_SND_NXT, 0, 0, 0,
     "3.10.7.4 eighth: ACK, restart 2 MSL"},
    {R_TIME_WAIT, E_ACK, TIME_WAIT, 0, C_NONE, 0, 0, 0,
     "3.10.7.4 fifth: TIME-WAIT"},
    {R_TIME_WAIT, E_SYN, TIME_WAIT, A_, C_SND_NXT, 0, 0, 0,
     "RFC 5961 4.2 challenge ACK"},
    {R_TIME_WAIT, E_CLOSE, TIME_WAIT, 0, C_NONE, NET_EINVAL, 0, 0,
     "3.10.4 closing already"},
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static struct cp_end X; /* the connection under test */
static tcp_seq_t x_iss; /* X's ISN */
static tcp_seq_t p_iss; /* the raw peer's ISN ... */
static tcp_seq_t p_nxt; /* ... and its SND.NXT */
static uint64_t now;
static unsigned ran[NROWS];

/* P sends X a segment. */
static void inject(uint8_t flags, tcp_seq_t seq, tcp_seq_t ack,
                   const void *data, uint32_t len)
{
	struct tcp_seg s = {.seq = seq,
	                    .ack = ack,
	                    .flags = flags,
	                    .wnd = 65535,
	                    .data = data,
	                    .len = len};
	tcp_conn_input(&X.c, &s, now);
}

/* Let a delayed ACK out: the clock moves CP_DELACK_MS, timers run. */
static void flush_delack(void)
{
	now += CP_DELACK_MS;
	tcp_conn_timer(&X.c, now);
}

static void reach(enum reach r)
{
	switch (r) {
	case R_CLOSED:
		break;
	case R_LISTEN:
		CHECK_EQ(tcp_conn_open_passive(&X.c, x_iss), 0);
		break;
	case R_SYN_SENT:
		CHECK_EQ(tcp_conn_open_active(&X.c, x_iss, now), 0);
		break;
	case R_SYN_RCVD_P:
		reach(R_LISTEN);
		inject(TCP_SYN, p_nxt++, 0, NULL, 0);
		break;
	case R_SYN_RCVD_A:
		reach(R_SYN_SENT);
		inject(TCP_SYN, p_nxt++, 0, NULL, 0);
		break;
	case R_ESTAB:
		reach(R_SYN_SENT);
		inject(SA, p_nxt++, x_iss + 1, NULL, 0);
		break;
	case R_FIN_WAIT_1:
		reach(R_ESTAB);
		CHECK_EQ(tcp_conn_close(&X.c, now), 0);
		break;
	case R_FIN_WAIT_2:
		reach(R_FIN_WAIT_1);
		inject(A_, p_nxt, X.c.snd_max, NULL, 0);
		break;
	case R_CLOSE_WAIT:
		reach(R_ESTAB);
		inject(FA, p_nxt++, X.c.snd_max, NULL, 0);
		break;
	case R_CLOSING:
		reach(R_FIN_WAIT_1);
		inject(FA, p_nxt++, X.c.snd_una, NULL, 0);
		break;
	case R_LAST_ACK:
		reach(R_CLOSE_WAIT);
		CHECK_EQ(tcp_conn_close(&X.c, now), 0);
		break;
	case R_TIME_WAIT:
		reach(R_FIN_WAIT_2);
		inject(FA, p_nxt++, X.c.snd_max, NULL, 0);
		break;
	case R_COUNT:
		break;
	}
}

/* The peer stays silent: fire the retransmission timer until X gives
 * up. Only what the last firing sends is kept. */
static void retries(void)
{
	if (X.c.state == TCP_ESTABLISHED)
		CHECK_EQ(tcp_conn_send(&X.c, "r", 1, now), 1);
	unsigned fired = 0;
	while (X.c.rexmit_at && fired < 100) {
		cp_clear(&X);
		now = X.c.rexmit_at;
		tcp_conn_timer(&X.c, now);
		fired++;
	}
	CHECK(fired > TCP_SYN_RETRIES);
	CHECK(fired <= TCP_MAX_RETRIES + 1);
}

/* Apply ev; returns the user call's result (0 for others). *seg_ack is
 * the ACK field of the segment injected. */
static int apply(enum event ev, tcp_seq_t *seg_ack)
{
	static const uint8_t ten[10] = "0123456789";
	tcp_seq_t una = X.c.snd_una, max = X.c.snd_max;
	*seg_ack = max;
	switch (ev) {
	case E_PASSIVE_OPEN:
		return tcp_conn_open_passive(&X.c, x_iss);
	case E_ACTIVE_OPEN:
		return tcp_conn_open_active(&X.c, x_iss, now);
	case E_SEND:
		return tcp_conn_send(&X.c, "s", 1, now);
	case E_CLOSE:
		return tcp_conn_close(&X.c, now);
	case E_ABORT:
		tcp_conn_abort(&X.c);
		return 0;
	case E_SYN:
		inject(TCP_SYN, p_nxt, 0, NULL, 0);
		break;
	case E_SYN_ACK:
		inject(SA, p_nxt, *seg_ack = x_iss + 1, NULL, 0);
		break;
	case E_ACK:
		inject(A_, p_nxt, max, NULL, 0);
		break;
	case E_ACK_BAD:
		inject(A_, p_nxt, *seg_ack = max + 1000, NULL, 0);
		break;
	case E_FIN:
		inject(FA, p_nxt, *seg_ack = una, NULL, 0);
		break;
	case E_FIN_ACKING:
		inject(FA, p_nxt, max, NULL, 0);
		break;
	case E_OLD_FIN:
		inject(FA, p_nxt - 1, max, NULL, 0);
		break;
	case E_RST:
		inject(R_, p_nxt, 0, NULL, 0);
		break;
	case E_RST_ACK:
		inject(RA, p_nxt, max, NULL, 0);
		break;
	case E_RST_INWIN:
		inject(R_, p_nxt + 1, 0, NULL, 0);
		break;
	case E_DATA:
		inject(A_ | TCP_PSH, p_nxt, *seg_ack = una, ten, 10);
		break;
	case E_DATA_NOACK:
		inject(TCP_PSH, p_nxt, 0, ten, 10);
		break;
	case E_FAR:
		inject(A_, p_nxt + 0x10000000u, max, NULL, 0);
		break;
	case E_2MSL:
		CHECK(X.c.timewait_at != 0);
		now = X.c.timewait_at - 1;
		tcp_conn_timer(&X.c, now);
		CHECK_EQ(X.c.state, TCP_TIME_WAIT);
		now++;
		tcp_conn_timer(&X.c, now);
		break;
	case E_RETRIES:
		retries();
		break;
	}
	return 0;
}

/* Everything X sent since the last cp_clear: exactly what row r says. */
static void check_out(const struct row *r, size_t i, tcp_seq_t snd_nxt0,
                      tcp_seq_t seg_ack)
{
	struct cp_pkt k;
	if (!r->out) {
		if (X.n)
			fprintf(stderr, "row %zu (%s): unexpected flags %#x\n",
			        i, r->why, X.q[X.head].h.flags);
		CHECK_EQ(X.n, 0);
		return;
	}
	CHECK_EQ(X.n, 1);
	if (!cp_pop(&X, &k)) {
		fprintf(stderr, "row %zu (%s): nothing sent\n", i, r->why);
		return;
	}
	CHECK_EQ(k.h.flags & ~TCP_PSH, r->out);
	if ((k.h.flags & TCP_ACK) && !(k.h.flags & TCP_RST))
		CHECK_EQ(k.h.ack, X.c.rcv.nxt + (X.c.rcv_fin ? 1 : 0));
	if (r->chk == C_ISS)
		CHECK_EQ(k.h.seq, x_iss);
	else if (r->chk == C_SND_NXT)
		CHECK_EQ(k.h.seq, snd_nxt0);
	else if (r->chk == C_SEG_ACK)
		CHECK_EQ(k.h.seq, seg_ack);
	if (r->out == RA) /* 3.10.7.1: it acks the whole offending segment */
		CHECK_EQ(k.h.ack, p_nxt + 1);
}

static void run_row(size_t i)
{
	const struct row *r = &rows[i];
	unsigned long fails = test_failures;
	cp_end_init(&X, 8192);
	now = 5000;
	p_nxt = p_iss;
	reach(r->from);
	CHECK_EQ(X.c.state, reach_state[r->from]);
	flush_delack();
	CHECK_EQ(X.c.state, reach_state[r->from]);
	cp_clear(&X);
	uint32_t used0 = X.c.rcv.used;
	tcp_seq_t snd_nxt0 = X.c.snd_nxt, seg_ack;
	int rc = apply(r->ev, &seg_ack);
	flush_delack();
	CHECK_EQ(rc, r->rc);
	CHECK_EQ(X.c.state, r->to);
	CHECK_EQ(X.c.err, r->err);
	CHECK_EQ(X.c.rcv.used - used0, r->got);
	if (r->ev == E_SEND && r->rc == 1 && r->out)
		snd_nxt0 = X.c.snd_una; /* the data went out from SND.UNA */
	check_out(r, i, snd_nxt0, seg_ack);
	/* a resent FIN restarts the 2*MSL wait (3.10.7.4 eighth) */
	if (r->to == TCP_TIME_WAIT && r->ev == E_OLD_FIN)
		CHECK_EQ(X.c.timewait_at,
		         now - CP_DELACK_MS + 2 * (uint64_t)TCP_MSL_MS);
	/* leaving CLOSED for good stops every timer */
	if (r->to == TCP_CLOSED)
		CHECK(!X.c.rexmit_at && !X.c.timewait_at);
	if (test_failures != fails)
		fprintf(stderr, "  ^ row %zu: %s --%d--> %s (%s), ISS %#x\n", i,
		        tcp_state_name(reach_state[r->from]), r->ev,
		        tcp_state_name(r->to), r->why, x_iss);
	ran[i]++;
	cp_end_free(&X);
}

/* The arcs of Figure 5 (plus SYN-RECEIVED -> LISTEN and the 2 MSL
 * timeout): each must be some row's from -> to. */
static void check_coverage(unsigned rounds)
{
	static const enum tcp_state arcs[][2] = {
	    {CLOSED, LISTEN},         {CLOSED, SYN_SENT},
	    {LISTEN, SYN_RCVD},       {LISTEN, CLOSED},
	    {SYN_SENT, CLOSED},       {SYN_SENT, SYN_RCVD},
	    {SYN_SENT, ESTAB},        {SYN_RCVD, ESTAB},
	    {SYN_RCVD, FIN_WAIT_1},   {SYN_RCVD, LISTEN},
	    {ESTAB, FIN_WAIT_1},      {ESTAB, CLOSE_WAIT},
	    {FIN_WAIT_1, FIN_WAIT_2}, {FIN_WAIT_1, CLOSING},
	    {FIN_WAIT_1, TIME_WAIT},  {FIN_WAIT_2, TIME_WAIT},
	    {CLOSE_WAIT, LAST_ACK},   {CLOSING, TIME_WAIT},
	    {LAST_ACK, CLOSED},       {TIME_WAIT, CLOSED},
	};
	for (size_t a = 0; a < sizeof(arcs) / sizeof(arcs[0]); a++) {
		bool found = false;
		for (size_t i = 0; i < NROWS; i++)
			found |= reach_state[rows[i].from] == arcs[a][0] &&
			         rows[i].to == arcs[a][1];
		if (!found)
			fprintf(stderr, "arc %s -> %s has no row\n",
			        tcp_state_name(arcs[a][0]),
			        tcp_state_name(arcs[a][1]));
		CHECK(found);
	}
	/* every state is left by some event and an abort closes it */
	for (int s = TCP_LISTEN; s <= TCP_TIME_WAIT; s++) {
		bool left = false, aborted = false;
		for (size_t i = 0; i < NROWS; i++) {
			bool from = reach_state[rows[i].from] == (unsigned)s;
			left |= from && rows[i].to != (unsigned)s;
			aborted |= from && rows[i].ev == E_ABORT;
		}
		CHECK(left);
		CHECK(aborted || s == TCP_SYN_RECEIVED);
	}
	for (size_t i = 0; i < NROWS; i++)
		CHECK_EQ(ran[i], rounds);
}

/* Regression: both ends time out after the peer already got their data
 * (all ACKs lost), so both rewind SND.NXT (go-back-N). The resent data is
 * old to the peer (3.4: unacceptable, ACK and drop); that ACK must carry
 * SND.MAX, or it is old too, gets dropped, and neither end ever learns
 * its data arrived. */
static void test_both_rewound(void)
{
	static uint8_t d[3 * TCP_CONN_MSS];
	struct cp_pair p;
	cp_init(&p, 16384);
	CHECK(cp_connect(&p, 0xfffff000u, 77));
	CHECK_EQ(tcp_conn_send(&p.a.c, d, sizeof(d), p.now), (int)sizeof(d));
	CHECK_EQ(tcp_conn_send(&p.b.c, d, sizeof(d), p.now), (int)sizeof(d));
	struct cp_pkt k;
	while (cp_pop(&p.a, &k)) /* the data arrives, the ACKs are lost */
		tcp_conn_input(&p.b.c, &k.h, p.now);
	while (cp_pop(&p.b, &k))
		if (k.h.len)
			tcp_conn_input(&p.a.c, &k.h, p.now);
	p.now += CP_DELACK_MS;
	tcp_conn_timer(&p.a.c, p.now);
	tcp_conn_timer(&p.b.c, p.now);
	cp_clear(&p.a);
	cp_clear(&p.b);
	CHECK(p.a.c.rexmit_at && p.b.c.rexmit_at);
	p.now = p.a.c.rexmit_at > p.b.c.rexmit_at ? p.a.c.rexmit_at
	                                          : p.b.c.rexmit_at;
	tcp_conn_timer(&p.a.c, p.now);
	tcp_conn_timer(&p.b.c, p.now);
	CHECK(seq_lt(p.a.c.snd_nxt, p.a.c.snd_max));
	CHECK(seq_lt(p.b.c.snd_nxt, p.b.c.snd_max));
	/* a bounded run: an ACK war (each end answering the other's old ACK)
	 * or a stall both fail the checks below */
	for (int i = 0; i < 400; i++) {
		bool a = cp_pop(&p.a, &k);
		if (a)
			tcp_conn_input(&p.b.c, &k.h, p.now);
		bool b = cp_pop(&p.b, &k);
		if (b)
			tcp_conn_input(&p.a.c, &k.h, p.now);
		if (!a && !b)
			cp_tick(&p, 100);
	}
	CHECK(!p.a.n && !p.b.n);
	CHECK_EQ(p.a.c.err, 0);
	CHECK_EQ(p.b.c.err, 0);
	CHECK_EQ(p.a.c.snd_una, p.a.c.snd_max);
	CHECK_EQ(p.b.c.snd_una, p.b.c.snd_max);
	CHECK_EQ(p.a.c.retries, 0);
	CHECK_EQ(p.b.c.retries, 0);
	cp_free(&p);
}

/* Regression: a SYN,ACK with MSS 0 left SMSS 0, so queued data never
 * left and no timer ran: the connection hung for good. Now the peer's MSS
 * has a floor; every MSS still gives data segments of at most SMSS. */
static void test_tiny_peer_mss(void)
{
	static const uint16_t mss[] = {0, 1, 40, 64, 100};
	static uint8_t d[500];
	for (unsigned i = 0; i < sizeof(mss) / sizeof(mss[0]); i++) {
		cp_end_init(&X, 8192);
		now = 1000;
		CHECK_EQ(tcp_conn_open_active(&X.c, 10, now), 0);
		struct tcp_seg sa = {.seq = 70,
		                     .ack = 11,
		                     .flags = SA,
		                     .wnd = 8192,
		                     .opts = {.mss_set = true, .mss = mss[i]}};
		tcp_conn_input(&X.c, &sa, now);
		CHECK_EQ(X.c.state, TCP_ESTABLISHED);
		CHECK(X.c.smss > 0);
		cp_clear(&X);
		CHECK_EQ(tcp_conn_send(&X.c, d, sizeof(d), now),
		         (int)sizeof(d));
		CHECK(X.n > 0);
		CHECK(X.max_len > 0 && X.max_len <= X.c.smss);
		CHECK(seq_gt(X.c.snd_max, 11));
		cp_end_free(&X);
	}
}

/* Regression: closed in SYN-RECEIVED (FIN-WAIT-1, SYN,ACK and FIN both
 * lost), the retransmission timer went back to SND.UNA, i.e. onto the
 * SYN, and tcp_output looped for ever emitting empty segments there.
 * Now the SYN,ACK goes again; once it is acked the FIN follows. */
static void test_close_in_syn_received_timeout(void)
{
	for (int round = 0; round < 2; round++) {
		x_iss = round ? 0xffffffffu : 300, p_iss = 900;
		cp_end_init(&X, 8192);
		now = 1000;
		p_nxt = p_iss;
		reach(R_SYN_RCVD_P);
		CHECK_EQ(tcp_conn_close(&X.c, now), 0);
		CHECK_EQ(X.c.state, TCP_FIN_WAIT_1);
		cp_clear(&X); /* SYN,ACK and FIN lost */
		CHECK(X.c.rexmit_at != 0);
		now = X.c.rexmit_at;
		tcp_conn_timer(&X.c, now);
		CHECK(X.n >= 1 && X.n <= 2);
		struct cp_pkt k;
		CHECK(cp_pop(&X, &k));
		CHECK_EQ(k.h.flags, SA);
		CHECK_EQ(k.h.seq, x_iss);
		CHECK_EQ(k.h.ack, p_iss + 1);
		CHECK(seq_le(X.c.snd_nxt, X.c.snd_max));
		cp_clear(&X);
		/* the peer acks the SYN: the FIN (again, if need be) */
		inject(A_, p_nxt, x_iss + 1, NULL, 0);
		if (!X.n) {
			now = X.c.rexmit_at;
			tcp_conn_timer(&X.c, now);
		}
		CHECK(cp_pop(&X, &k));
		CHECK_EQ(k.h.flags, FA);
		CHECK_EQ(k.h.seq, x_iss + 1);
		inject(A_, p_nxt, x_iss + 2, NULL, 0);
		CHECK_EQ(X.c.state, TCP_FIN_WAIT_2);
		cp_end_free(&X);
	}
}

/* The right edge (ACK + window) each end last advertised. */
static tcp_seq_t last_edge[2];

static bool note_edge(struct cp_end *e, const struct tcp_seg *h)
{
	if ((h->flags & TCP_ACK) && !(h->flags & (TCP_SYN | TCP_RST)))
		last_edge[e->c.passive] = h->ack + h->wnd; /* 4 KiB: no scale */
	return false;
}

/* Regression: the right edge a SYN,ACK offered was not recorded, so when
 * the passive end's first ACK came after two full segments (ACKed
 * together, none read), receiver silly-window avoidance offered 0 and
 * the edge moved left (RFC 9293 3.8.6.2.2: it must not). */
static void test_syn_window_edge_kept(void)
{
	static uint8_t d[3000];
	struct cp_pair p;
	cp_init(&p, 4096);
	p.a.drop = p.b.drop = note_edge;
	tcp_seq_t isa = 0xfffff800u, isb = 1234;
	CHECK(cp_connect(&p, isa, isb));
	CHECK_EQ(tcp_conn_send(&p.a.c, d, sizeof(d), p.now), (int)sizeof(d));
	cp_settle(&p);
	CHECK_EQ(p.b.c.rcv.nxt, isa + 1 + 3000); /* all in, none read */
	CHECK_EQ(last_edge[1], isa + 1 + 4096);  /* B's, as its SYN,ACK */
	CHECK_EQ(p.a.c.snd_wnd, 4096 - 3000);
	cp_free(&p);
}

int main(void)
{
	test_rng_seed();
	x_iss = 1000, p_iss = 5000;
	for (size_t i = 0; i < NROWS; i++)
		run_row(i);
	/* again with both ISNs at the top of the space: every SYN, FIN and
	 * byte above crosses 2^32 */
	x_iss = 0xffffffffu, p_iss = 0xfffffffeu;
	for (size_t i = 0; i < NROWS; i++)
		run_row(i);
	/* and with random ISNs */
	x_iss = (tcp_seq_t)test_rand(), p_iss = (tcp_seq_t)test_rand();
	for (size_t i = 0; i < NROWS; i++)
		run_row(i);
	check_coverage(3);
	test_both_rewound();
	test_tiny_peer_mss();
	test_close_in_syn_received_timeout();
	test_syn_window_edge_kept();
	printf("%zu transitions x 3 ISN pairs\n", NROWS);
	return test_finish();
}
