/* SPDX-License-Identifier: MIT */
/* lspci, irq, cpus, uptime, reboot, poweroff: thin wrappers over the
 * platform. */
#include "sched/thread.h"
#include <arch/power.h>
#include <arch/smp.h>
#include "irq/irq.h"
#include "pci/pci.h"
#include "shell/shell.h"
#include "time/time.h"

static int cmd_lspci(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_dump(sh_printf);
	return 0;
}
SHELL_CMD(lspci, "", "the PCI devices", 0, 0, cmd_lspci);

static int cmd_irq(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	irq_dump(sh_printf);
	return 0;
}
SHELL_CMD(irq, "", "per-vector interrupt counters", 0, 0, cmd_irq);

static int cmd_cpus(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	smp_dump(sh_printf);
	sched_dump_cpus(sh_printf);
	return 0;
}
SHELL_CMD(cpus, "", "the CPUs: APIC id, online, timer ticks, run queues", 0, 0,
          cmd_cpus);

static int cmd_uptime(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	time_print_uptime(sh_printf);
	return 0;
}
SHELL_CMD(uptime, "", "time since boot", 0, 0, cmd_uptime);

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_printf("rebooting\n");
	power_reboot();
}
SHELL_CMD(reboot, "", "reset the machine", 0, 0, cmd_reboot);

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_printf("powering off\n");
	power_off();
	sh_printf("poweroff: the machine did not switch off\n");
	return 1;
}
SHELL_CMD(poweroff, "", "switch the machine off (ACPI S5)", 0, 0, cmd_poweroff);
