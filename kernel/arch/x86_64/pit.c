/* SPDX-License-Identifier: MIT */
/*
 * 8254 PIT channel 2 as a one-shot stopwatch (8254 datasheet; port 0x61 is
 * the PC's NMI status/control: bit 0 gates channel 2, bit 1 enables the
 * speaker, bit 5 reads the channel 2 output). Mode 0 raises OUT when the
 * count reaches zero.
 */
#include <arch/cpu.h>
#include "arch/x86_64/pit.h"

#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PORT_61       0x61
#define CMD_CH2_MODE0 0xb0 /* channel 2, lobyte/hibyte, mode 0, binary */

uint64_t pit_time_tsc(uint32_t us, uint64_t *ns)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000), spins = 0;
	uint64_t t0, t1;
	uint8_t p61;

	*ns = 0;
	if (count > 0xffff)
		count = 0xffff;
	p61 = inb(PORT_61);
	outb(PORT_61, (p61 & ~0x02) & ~0x01); /* gate low, speaker off */
	outb(PIT_CMD, CMD_CH2_MODE0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	if (inb(PORT_61) & 0x20) {  /* mode 0 holds OUT low until terminal */
		outb(PORT_61, p61); /* count: high now means no PIT */
		return 0;
	}
	t0 = rdtsc();
	outb(PORT_61, (p61 & ~0x02) | 0x01); /* gate high: count */
	while (!(inb(PORT_61) & 0x20) && ++spins < PIT_SPIN_MAX)
		;
	t1 = rdtsc();
	outb(PORT_61, p61);
	if (spins == PIT_SPIN_MAX)
		return 0;
	*ns = (uint64_t)count * 1000000000ull / PIT_HZ;
	return t1 - t0;
}
