/* SPDX-License-Identifier: MIT */
/*
 * The legacy 8259A pair: remapped to vectors 0x20-0x2f (away from the CPU
 * exceptions) and fully masked, so that only the IOAPIC delivers ISA
 * interrupts. Initialisation words (8259A datasheet, "Initialization
 * Command Words"): ICW1 0x11 (edge, cascade, ICW4 follows), ICW2 vector
 * base, ICW3 cascade wiring (master: slave on IR2; slave: ID 2), ICW4 0x01
 * (8086 mode). OCW1 = the mask.
 */
#include <arch/cpu.h>
#include "arch/x86_64/pic.h"
#include "irq/irq.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

/* A write to an unused port: a short delay for old PICs. */
static void io_wait(void)
{
	outb(0x80, 0);
}

void pic_disable(void)
{
	const uint8_t seq[][2] = {
	    {PIC1_CMD, 0x11},
	    {PIC2_CMD, 0x11},
	    {PIC1_DATA, IRQ_VEC_PIC_BASE},
	    {PIC2_DATA, IRQ_VEC_PIC_BASE + 8},
	    {PIC1_DATA, 0x04},
	    {PIC2_DATA, 0x02},
	    {PIC1_DATA, 0x01},
	    {PIC2_DATA, 0x01},
	    {PIC1_DATA, 0xff},
	    {PIC2_DATA, 0xff},
	};

	for (unsigned i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		outb(seq[i][0], seq[i][1]);
		io_wait();
	}
}

bool pic_is_spurious(unsigned vector)
{
	unsigned irq = vector - IRQ_VEC_PIC_BASE;

	if (vector < IRQ_VEC_PIC_BASE || irq >= 16)
		return false;
	/* All lines are masked: anything from the 8259 is spurious (IRQ 7
	 * or 15). A slave spurious still needs an EOI on the master. */
	if (irq >= 8)
		outb(PIC1_CMD, 0x20);
	return true;
}
