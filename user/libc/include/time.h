/* SPDX-License-Identifier: MIT */
/* Clocks and sleeping (clock ids in tern/syscall.h). */
#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>
#include <tern/syscall.h>

typedef int clockid_t;

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

int clock_gettime(clockid_t clk, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
#endif
