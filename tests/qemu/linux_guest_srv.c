// SPDX-License-Identifier: MIT
/*
 * The echo (RFC 862, port 7) and discard (RFC 863, port 9) services of the
 * Linux guest that scripts/bench-net compares tern with (linux_guest.py
 * builds it statically into the guest's initramfs).
 *
 * One process, one poll(2) loop, no fork per connection: the connection
 * rate then measures the guest kernel's TCP, not process creation under
 * emulation (busybox `nc -ll -e cat` managed about a tenth of tern's rate
 * for that reason). Discard reads 1 MiB a call. Echo writes back what it
 * reads; a reply that does not fit the send buffer is finished with
 * blocking writes (the benchmark's replies are a byte).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_FDS = 1024, BUF = 1 << 20 };

static struct pollfd fds[MAX_FDS];
static int is_echo[MAX_FDS]; /* per fds slot: 1 echo, 0 discard */
static int nfds;
static char buf[BUF];

/* A listening TCP socket on every address, or exit on failure. */
static int listen_on(int port)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	if (s < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 128)) {
		perror("peerd: listen");
		exit(1);
	}
	return s;
}

static void add(int fd, int echo)
{
	if (nfds == MAX_FDS) {
		close(fd);
		return;
	}
	fds[nfds] = (struct pollfd){.fd = fd, .events = POLLIN};
	is_echo[nfds++] = echo;
}

/* Drop slot i (its fd closed); the last slot moves into it. */
static void drop(int i)
{
	close(fds[i].fd);
	fds[i] = fds[--nfds];
	is_echo[i] = is_echo[nfds];
}

/* Write all n bytes to a non-blocking socket, waiting when it is full. */
static int write_all(int fd, const char *p, ssize_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EAGAIN) {
			struct pollfd w = {.fd = fd, .events = POLLOUT};
			poll(&w, 1, -1);
			continue;
		}
		if (k < 0)
			return -1;
		p += k;
		n -= k;
	}
	return 0;
}

/* One readable connection: 0 to keep it, -1 once it is finished. */
static int serve(int i)
{
	ssize_t n = read(fds[i].fd, buf, is_echo[i] ? 65536 : BUF);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		return -1;
	return is_echo[i] ? write_all(fds[i].fd, buf, n) : 0;
}

int main(void)
{
	add(listen_on(7), 1);
	add(listen_on(9), 0);
	for (;;) {
		if (poll(fds, nfds, -1) < 0)
			continue;
		for (int i = nfds - 1; i >= 0; i--) {
			if (!fds[i].revents)
				continue;
			if (i <
			    2) { /* a listener: take every waiting connection */
				int c;
				while ((c = accept4(fds[i].fd, NULL, NULL,
				                    SOCK_NONBLOCK)) >= 0)
					add(c, is_echo[i]);
			} else if (serve(i) < 0) {
				drop(i);
			}
		}
	}
}
