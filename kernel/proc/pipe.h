/* SPDX-License-Identifier: MIT */
/*
 * Pipes: a PIPE_SIZE byte ring between the files of its two ends. Reads
 * block while it is empty and a writer is left (end of file once none
 * is); writes block while it is full. A write of at most PIPE_BUF bytes
 * goes in whole or not at all (POSIX atomicity); a longer one may be
 * interleaved with others. A write with no reader left kills the writer
 * with SIGPIPE, as on Linux, and returns -EPIPE.
 *
 *   writer --copy_from_user--> [ tail ....data.... head ] --copy_to_user-->
 * reader ring of PIPE_SIZE bytes, counters free-running
 */
#ifndef KERNEL_PROC_PIPE_H
#define KERNEL_PROC_PIPE_H
#include <stdbool.h>
#include <stdint.h>

#define PIPE_SIZE 16384 /* a power of two */
#define PIPE_BUF  4096

struct pipe;
struct file;

/* A pipe and its two files (one reference each). 0, or -ENOMEM /
 * -ENFILE. */
int pipe_create(struct file **rd, struct file **wr);
/* The file of one end closed for the last time. */
void pipe_close(struct pipe *p, bool writer);
/* read/write of n bytes at user address ubuf: bytes moved, or -errno
 * (-EAGAIN when nonblock and it would block, -EINTR if killed while
 * waiting, -EFAULT). */
long pipe_read(struct pipe *p, uint64_t ubuf, uint64_t n, bool nonblock);
long pipe_write(struct pipe *p, uint64_t ubuf, uint64_t n, bool nonblock);
/* Pipes alive (leak checks). */
unsigned pipe_count(void);
#endif
