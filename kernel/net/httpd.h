/* SPDX-License-Identifier: MIT */
/* The HTTP/1.1 server on port 80 (httpd.c). */
#ifndef KERNEL_NET_HTTPD_H
#define KERNEL_NET_HTTPD_H

/* Listen on port 80 (any address) and start the serving thread. 0 or
 * NET_E*; net_start calls it once the stack is up. */
int httpd_start(void);
#endif
