/* SPDX-License-Identifier: MIT */
/* The console as processes see it (fds 0, 1, 2): output as it is, input
 * a cooked line at a time through the line discipline (ldisc.h). */
#ifndef KERNEL_PROC_TTY_H
#define KERNEL_PROC_TTY_H
#include <stdint.h>

/* Once, before the first process (proc_init). */
void tty_init(void);
/* Read up to n bytes of the current line into user memory at ubuf,
 * waiting for one to be typed: bytes read, 0 at end of file (Ctrl-D),
 * -EINTR if the reader was killed, -EFAULT. A line longer than n is
 * served over several reads; a failed copy loses nothing. */
long tty_read(uint64_t ubuf, uint64_t n);
/* Write n bytes from user memory at ubuf: bytes written or -EFAULT. */
long tty_write(uint64_t ubuf, uint64_t n);
#endif
