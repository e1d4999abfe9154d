/* SPDX-License-Identifier: MIT */
/*
 * Networking at boot, once the NIC drivers have registered (drivers_init,
 * drivers/driver.h): the stack built on eth0 with the kernel's platform
 * hooks (net_platform.c), its memory budget, per-address cap and orphan
 * limits from the command line, configured from `net=`
 * (net/include/net/netcfg.h; default dhcp), netd started, then the TCP services
 * (echo, discard, httpd).
 */
#include <libk/parse.h>
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <net/dhcp.h>
#include <net/netcfg.h>
#include "core/boot.h"
#include "mm/mm_boot.h"
#include "net/httpd.h"
#include "net/net_platform.h"
#include "net/net_sock.h"
#include "net/svc_limit.h"
#include "net/netif.h"
#include "net/tcp_services.h"

/* Apply cfg to the fresh stack (net lock held). */
static void net_configure(struct net_stack *s, const struct net_cfg *cfg)
{
	char a[IP4_STR_MAX], g[IP4_STR_MAX];

	if (cfg->mode == NET_CFG_STATIC) {
		net_iface_set_addr(s, cfg->st.ip, cfg->st.mask, cfg->st.gw);
		if (cfg->st.dns)
			net_set_dns_servers(s, &cfg->st.dns, 1);
		net_log(
		    "net: eth0 static %s/%d gw %s\n", ip4_format(cfg->st.ip, a),
		    ip4_mask_prefix(cfg->st.mask), ip4_format(cfg->st.gw, g));
	} else {
		int rc = dhcp_start(s, NULL, 0);

		if (rc)
			net_log("net: dhcp: %s\n", net_strerror(rc));
	}
}

/* TCP's memory budget from the RAM the kernel manages (the heap grows
 * into it): a quarter at most, pressure from three quarters of that,
 * back to normal below half (net_tunables; 64/48/32 MiB with 256 MiB). */
static void net_mem_budget(struct net_stack *s)
{
	struct frame_counts fc = frame_counts(&kernel_frames);
	uint64_t high = (fc.free + fc.used) * FRAME_SIZE / 4;
	struct net_tunables *tu = net_tunables(s);

	tu->tcp_mem_high = high;
	tu->tcp_mem_pressure = high / 4 * 3;
	tu->tcp_mem_low = high / 2;
	net_log("net: tcp memory budget %llu MiB (pressure %llu, low %llu)\n",
	        (unsigned long long)(high >> 20),
	        (unsigned long long)(tu->tcp_mem_pressure >> 20),
	        (unsigned long long)(tu->tcp_mem_low >> 20));
}

/* *out = the command line's key=N (decimal, at most max); false, with
 * *out untouched, when the key is absent or malformed (logged). */
static bool cmdline_u32(const char *key, uint32_t max, uint32_t *out)
{
	char val[16];
	uint64_t n;

	if (!kcmdline_get(boot_cmdline(), key, val, sizeof(val)))
		return false;
	if (kparse_u64(val, strlen(val), 10, &n) || n > max) {
		net_log("net: bad %s=%s, keeping %u\n", key, val, *out);
		return false;
	}
	*out = (uint32_t)n;
	return true;
}

/* svc_per_src=N from the command line (svc_limit.h; 0 = no cap): behind
 * a NAT, QEMU's user networking included, every client has one address. */
static void net_svc_cap(void)
{
	uint32_t n = svc_per_src_max;

	if (cmdline_u32("svc_per_src", 1000000, &n))
		svc_per_src_max = n;
}

/* TCP's orphan limits from the command line, for tests that must see
 * them act within seconds: tcp_max_orphans=N, tcp_orphan_mem=BYTES,
 * tcp_orphan_idle_ms=MS; tcp_gso_max=BYTES (1: no super-segments) and
 * tcp_sg_min=BYTES (65536: payload always copied) for the benchmark's
 * comparisons; impair_loss_ppm=N, impair_reorder_ppm=N
 * for tests of lossy links with every offload (net/impair.c)
 * (net_tunables; 1 at least). */
static void net_cmdline_tunables(struct net_stack *s)
{
	struct net_tunables *tu = net_tunables(s);
	const struct {
		const char *key;
		uint32_t *field;
	} keys[] = {{"tcp_max_orphans", &tu->tcp_max_orphans},
	            {"tcp_orphan_mem", &tu->tcp_orphan_mem},
	            {"tcp_orphan_idle_ms", &tu->tcp_orphan_idle_ms},
	            {"tcp_gso_max", &tu->tcp_gso_max},
	            {"tcp_sg_min", &tu->tcp_sg_min},
	            {"impair_loss_ppm", &tu->impair_loss_ppm},
	            {"impair_reorder_ppm", &tu->impair_reorder_ppm}};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		uint32_t n = *keys[i].field;

		if (cmdline_u32(keys[i].key, UINT32_MAX, &n) && n > 0) {
			*keys[i].field = n;
			net_log("net: %s=%u\n", keys[i].key, n);
		}
	}
}

/* net= from the command line; dhcp when absent or malformed. */
static struct net_cfg net_cmdline_cfg(void)
{
	struct net_cfg cfg = {.mode = NET_CFG_DHCP};
	char val[128];

	if (kcmdline_get(boot_cmdline(), "net", val, sizeof(val)) &&
	    net_cfg_parse(val, strlen(val), &cfg))
		net_log("net: bad net=%s, using dhcp\n", val);
	return cfg;
}

void net_start(void)
{
	struct net_cfg cfg = net_cmdline_cfg();
	struct netdev *dev = netdev_get(0);
	struct net_stack *s;

	if (!dev)
		return;
	if (cfg.mode == NET_CFG_NONE) {
		net_log("net: net=none, %s left unconfigured\n", dev->name);
		return;
	}
	s = net_stack_attach(dev);
	if (!s) {
		net_log("net: cannot attach %s\n", dev->name);
		return;
	}
	net_mem_budget(s);
	net_cmdline_tunables(s);
	net_svc_cap();
	net_sock_init(s);
	netd_start();
	net_lock();
	net_configure(s, &cfg);
	net_unlock();
	tcp_services_start();
	httpd_start();
}
