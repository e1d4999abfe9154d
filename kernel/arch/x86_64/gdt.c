/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include <arch/gdt.h>
#include <arch/percpu.h>
#include <arch/smp.h>

/* SDM Vol. 3A, 7.7, Figure 7-11: 104 bytes, no I/O permission bitmap. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");

/* Code/data descriptors: base 0, limit 0xfffff, G=1. Access byte: P, DPL,
 * S=1, type; flags: L (64-bit code) or D/B (data). */
#define DESC_KCODE     0x00af9a000000ffffull
#define DESC_KDATA     0x00cf92000000ffffull
#define DESC_UDATA     0x00cff2000000ffffull
#define DESC_UCODE     0x00affa000000ffffull
#define TSS_TYPE_AVAIL 0x89ull /* P=1, DPL 0, type 9: available 64-bit TSS */

/* One GDT and TSS per CPU (writable: ltr sets the busy bit in the TSS
 * descriptor, so no two CPUs can share one). */
static struct {
	uint64_t gdt[7] __attribute__((aligned(16)));
	struct tss tss __attribute__((aligned(16)));
} per_cpu[SMP_MAX_CPUS];

/* The two 8-byte halves of a 64-bit system-segment descriptor. */
static void tss_descriptor(uint64_t base, uint32_t limit, uint64_t out[2])
{
	out[0] = (limit & 0xffffull) | (base & 0xffffffull) << 16 |
	         TSS_TYPE_AVAIL << 40 | ((uint64_t)limit >> 16 & 0xf) << 48 |
	         (base >> 24 & 0xff) << 56;
	out[1] = base >> 32;
}

/* lgdt, far-return into the new CS, reload the data segments, ltr. */
static void load(const uint64_t *gdt, size_t size)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = {(uint16_t)(size - 1), (uint64_t)gdt};

	__asm__ volatile("lgdt %0\n\t"
	                 "pushq %1\n\t"
	                 "leaq 1f(%%rip), %%rax\n\t"
	                 "pushq %%rax\n\t"
	                 "lretq\n"
	                 "1:\n\t"
	                 "movw %2, %%ax\n\t"
	                 "movw %%ax, %%ds\n\t"
	                 "movw %%ax, %%es\n\t"
	                 "movw %%ax, %%ss\n\t"
	                 "xorl %%eax, %%eax\n\t"
	                 "movw %%ax, %%fs\n\t"
	                 "movw %%ax, %%gs\n\t"
	                 "movw %3, %%ax\n\t"
	                 "ltr %%ax"
	                 :
	                 : "m"(gdtr), "i"(SEL_KCODE), "i"(SEL_KDATA),
	                   "i"(SEL_TSS)
	                 : "rax", "memory");
}

void tss_set_rsp0(uint64_t top)
{
	per_cpu[this_cpu_index()].tss.rsp[0] = top;
}

void gdt_init_cpu(unsigned cpu, const uint64_t ist_top[IST_COUNT])
{
	uint64_t *gdt = per_cpu[cpu].gdt;
	struct tss *t = &per_cpu[cpu].tss;

	LIBK_FN(memset)(t, 0, sizeof(*t));
	for (int i = 0; i < IST_COUNT; i++)
		t->ist[i] = ist_top[i];
	t->iomap_base = sizeof(*t);
	gdt[0] = 0;
	gdt[SEL_KCODE / 8] = DESC_KCODE;
	gdt[SEL_KDATA / 8] = DESC_KDATA;
	gdt[SEL_UDATA / 8] = DESC_UDATA;
	gdt[SEL_UCODE / 8] = DESC_UCODE;
	tss_descriptor((uint64_t)t, sizeof(*t) - 1, &gdt[SEL_TSS / 8]);
	load(gdt, sizeof(per_cpu[cpu].gdt));
	percpu_init(cpu); /* after load: a GS load may clear the base */
}

void gdt_init(const uint64_t ist_top[IST_COUNT])
{
	gdt_init_cpu(0, ist_top);
}
