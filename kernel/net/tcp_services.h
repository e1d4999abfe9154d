/* SPDX-License-Identifier: MIT */
/* TCP echo (port 7) and discard (port 9) servers (tcp_services.c). */
#ifndef KERNEL_NET_TCP_SERVICES_H
#define KERNEL_NET_TCP_SERVICES_H

/* Listen on both ports (any address) and start the serving thread.
 * 0 or NET_E*; net_start calls it once the stack is up. */
int tcp_services_start(void);
#endif
