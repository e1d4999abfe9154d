/* SPDX-License-Identifier: MIT */
/* The IDT: 256 interrupt gates (32 exceptions, then device interrupts)
 * pointing at the stubs of trap_entry.S
 * (SDM Vol. 3A, 6.14.1, Figure 6-8: 64-bit IDT gate descriptor).
 *
 *   127..96 reserved   95..64 offset 63..32
 *   63..48 offset 31..16   47 P  46..45 DPL  43..40 type  34..32 IST
 *   31..16 selector    15..0 offset 15..0
 */
#include <arch/gdt.h>
#include <arch/trap.h>
#include "core/trapdecode.h"

#define GATE_INTERRUPT 0x8e /* P=1, DPL 0, type 0xe: 64-bit interrupt gate */
#define STUB_SIZE      16

struct idt_gate {
	uint16_t off_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

extern char trap_stubs[];
#define IDT_VECTORS 256
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

static uint8_t ist_for(unsigned vec)
{
	switch (vec) {
	case EXC_DF:
		return IST_DF;
	case EXC_NMI:
		return IST_NMI;
	case EXC_MC:
		return IST_MC;
	default:
		return 0;
	}
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = {sizeof(idt) - 1, (uint64_t)idt};

	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void idt_init(void)
{
	for (unsigned v = 0; v < IDT_VECTORS; v++) {
		uint64_t a = (uint64_t)(trap_stubs + v * STUB_SIZE);

		idt[v] = (struct idt_gate){
		    .off_lo = a & 0xffff,
		    .selector = SEL_KCODE,
		    .ist = ist_for(v),
		    .type = GATE_INTERRUPT,
		    .off_mid = (a >> 16) & 0xffff,
		    .off_hi = a >> 32,
		};
	}
	idt_load();
}
