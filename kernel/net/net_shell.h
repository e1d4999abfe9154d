/* SPDX-License-Identifier: MIT */
/* The network shell commands (net_shell.c), listed in shell_cmds.c. */
#ifndef KERNEL_NET_NET_SHELL_H
#define KERNEL_NET_NET_SHELL_H

int cmd_ifconfig(int argc, char **argv);
int cmd_dhcp(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_nslookup(int argc, char **argv);
int cmd_arp(int argc, char **argv);
int cmd_udpecho(int argc, char **argv);
int cmd_netstat(int argc, char **argv); /* tcp_shell.c */
int cmd_get(int argc, char **argv);     /* http_get.c */

#define NET_SHELL_CMDS                                                         \
	{"ifconfig", "[-s]", "interfaces: address, MAC, link, counters",       \
	 0,          1,      cmd_ifconfig},                                    \
	    {"dhcp", "", "run DHCP on eth0 and print the lease",               \
	     0,      0,  cmd_dhcp},                                            \
	    {"ping",                                                           \
	     "HOST [-c N] [-s SIZE]",                                          \
	     "ICMP echo (SIZE <= 65507), Linux-style summary",                 \
	     1,                                                                \
	     5,                                                                \
	     cmd_ping},                                                        \
	    {"nslookup", "NAME", "resolve a name (DNS A record)",              \
	     1,          1,      cmd_nslookup},                                \
	    {"arp", "[-f]", "the ARP cache (-f flushes it)", 0, 1, cmd_arp},   \
	    {"udpecho", "[PORT]", "start a UDP echo server (default port 7)",  \
	     0,         1,        cmd_udpecho},                                \
	    {"netstat", "[-s]", "TCP sockets (-s: the stack's counters)",      \
	     0,         1,      cmd_netstat},                                  \
	    {"get", "URL", "HTTP GET: status, headers, body size and time",    \
	     1,     1,     cmd_get},
#endif
