/* SPDX-License-Identifier: MIT */
/* lspci, irq, uptime, reboot, poweroff: thin wrappers over the platform. */
#include <arch/power.h>
#include "irq/irq.h"
#include "pci/pci.h"
#include "shell/shell.h"
#include "time/time.h"

int cmd_lspci(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_dump(sh_printf);
	return 0;
}

int cmd_irq(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	irq_dump(sh_printf);
	return 0;
}

int cmd_uptime(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	time_print_uptime(sh_printf);
	return 0;
}

int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_printf("rebooting\n");
	power_reboot();
}

int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_printf("powering off\n");
	power_off();
	sh_printf("poweroff: the machine did not switch off\n");
	return 1;
}
