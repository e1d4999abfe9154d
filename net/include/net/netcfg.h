/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line's network choice:
 *
 *   net=dhcp                                 DHCP (the default)
 *   net=none                                 no network
 *   net=static:IP/PREFIX[,GW[,DNS]]          e.g.
 * static:10.0.2.15/24,10.0.2.2,10.0.2.3
 */
#ifndef NET_NETCFG_H
#define NET_NETCFG_H
#include <net/dhcp.h>

enum net_cfg_mode { NET_CFG_DHCP, NET_CFG_NONE, NET_CFG_STATIC };

struct net_cfg {
	enum net_cfg_mode mode;
	struct net_static_cfg st; /* NET_CFG_STATIC only; missing parts 0 */
};

/* Parse the value of net= (len bytes, no NUL needed). 0, or NET_EINVAL
 * (and *out untouched) for anything malformed. */
int net_cfg_parse(const char *val, size_t len, struct net_cfg *out);

#endif
