/* SPDX-License-Identifier: MIT */
/* Per-source connection caps of the kernel's TCP services (svc_limit.h). */
#include "net/svc_limit.h"

unsigned svc_per_src_max = 16;
uint64_t svc_src_refused;

bool svc_src_room(const ip4_addr_t *from, unsigned n, ip4_addr_t addr)
{
	unsigned same = 0;

	for (unsigned i = 0; i < n; i++)
		same += from[i] == addr;
	return !svc_per_src_max || same < svc_per_src_max;
}
