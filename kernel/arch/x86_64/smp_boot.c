/* SPDX-License-Identifier: MIT */
/*
 * Starting the application processors (smp.h; Intel SDM Vol. 3A, 9.4.4.1
 * "Typical BSP initialization sequence": INIT, 10 ms, SIPI, 200 us, a
 * second SIPI if the first did not take). One CPU at a time: they share
 * the trampoline page and its data words.
 *
 * The trampoline's page tables (below 4 GiB: real mode loads CR3 as 32
 * bits) identity-map the trampoline page and share the kernel half:
 *
 *   low PML4 [page's index]  -> PDPT -> PD -> PT -> the page (RX)
 *   low PML4 [256 .. 511]    =  the kernel's entries
 *
 * ap_main switches to the kernel's own tables at once.
 */
#include <libk/parse.h>
#include <libk/printf.h>
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <mm/kmalloc.h>
#include <arch/cpu.h>
#include <arch/ist.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/pgwalk.h>
#include <arch/smp.h>
#include <arch/tlb.h>
#include <arch/trap.h>
#include <tern/bootinfo.h>
#include <tern/pte.h>
#include "acpi/acpi_tables.h"
#include "console/kprintf.h"
#include "core/kstack.h"
#include "irq/irq.h"
#include "mm/mm_boot.h"
#include "mm/vm.h"
#include "time/tick.h"
#include "time/time.h"

#define PAGE 4096ull

#define STACK_SIZE (16 * 1024)
#define START_WAIT 3000000000ull /* ns an AP has to come online */
#define MSR_EFER   0xc0000080

extern const char ap_tramp_start[], ap_tramp_end[], tr_gdt[], tr_gdtr[],
    tr_far[], tr_cr3[], tr_stack[], tr_entry[], tr_arg[], tr_long[];

struct cpu cpus[SMP_MAX_CPUS];
static unsigned ncpus = 1; /* started or tried: cpus[0 .. ncpus) */

/* What every AP copies from the BSP. */
static struct {
	uint64_t cr0, cr4, efer, pat;
} bsp_state;

unsigned smp_cpus_online(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ncpus; i++)
		n += __atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE);
	return n;
}

unsigned smp_cpus_tried(void)
{
	return ncpus;
}

static void (*ap_entry)(unsigned cpu);
static void (*ap_tick)(void);

void smp_set_ap_entry(void (*fn)(unsigned cpu))
{
	__atomic_store_n(&ap_entry, fn, __ATOMIC_RELEASE);
}

void smp_set_ap_tick(void (*fn)(void))
{
	__atomic_store_n(&ap_tick, fn, __ATOMIC_RELEASE);
}

void smp_ap_irq(unsigned cpu, unsigned vector)
{
	void (*tick)(void) = __atomic_load_n(&ap_tick, __ATOMIC_ACQUIRE);

	if (vector == IRQ_VEC_TIMER) {
		cpus[cpu].ticks++;
		if (tick)
			tick();
	} else {
		cpus[cpu].stray_irqs++;
	}
}

void smp_send_resched(unsigned cpu)
{
	if (cpu >= ncpus || cpu == this_cpu_index() ||
	    !__atomic_load_n(&cpus[cpu].online, __ATOMIC_ACQUIRE))
		return;
	lapic_send_ipi(cpus[cpu].apic_id, IRQ_VEC_RESCHED);
}

void smp_dump(int (*print)(const char *fmt, ...))
{
	print("cpu  apic  state    timer ticks  stray irqs  resched ipis\n");
	for (unsigned i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];
		bool on = __atomic_load_n(&c->online, __ATOMIC_ACQUIRE);

		print("%3u  %4u  %-7s  %11llu  %10llu  %12llu\n", i, c->apic_id,
		      on ? "online" : "failed",
		      (unsigned long long)__atomic_load_n(&c->ticks,
		                                          __ATOMIC_RELAXED),
		      (unsigned long long)c->stray_irqs,
		      (unsigned long long)c->resched_ipis);
	}
	print("tlb shootdowns %llu (%llu pages, %llu whole flushes, %llu for "
	      "process spaces)\n",
	      (unsigned long long)tlb_stats.shootdowns,
	      (unsigned long long)tlb_stats.pages,
	      (unsigned long long)tlb_stats.full,
	      (unsigned long long)tlb_stats.spaces);
}

/* An AP's idle loop until the scheduler runs there: interrupts on (its
 * timer, NMIs), HLT between them. */
/* Halt until the scheduler takes this CPU over (its timer wakes it every
 * tick to look). */
static _Noreturn void ap_idle(unsigned cpu)
{
	for (;;) {
		void (*entry)(unsigned) =
		    __atomic_load_n(&ap_entry, __ATOMIC_ACQUIRE);

		if (entry)
			entry(cpu);
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
}

/* Every online CPU found its own per-CPU area through GS. */
static bool percpu_all_right(void)
{
	cpus[0].gs_index = this_cpu_index();
	for (unsigned i = 0; i < ncpus; i++)
		if (__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE) &&
		    cpus[i].gs_index != i)
			return false;
	return true;
}

/* First C code of an AP, on its own stack (from the trampoline). */
_Noreturn void ap_main(struct cpu *c);
_Noreturn void ap_main(struct cpu *c)
{
	write_cr3(kernel_space.root);
	wrmsr(MSR_EFER, bsp_state.efer);
	write_cr0(bsp_state.cr0);
	write_cr4(bsp_state.cr4);
	gdt_init_cpu(c->index, c->ist_top);
	c->gs_index = this_cpu_index();
	idt_load();
	wrmsr(MSR_IA32_PAT, bsp_state.pat);
	lapic_init_ap();
	/* the BSP calibrated the bus clock every LAPIC timer counts */
	lapic_timer_periodic(IRQ_VEC_TIMER, TICK_HZ);
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	ap_idle(c->index);
}

/* A table page below 4 GiB, zeroed: its physical address, or 0. */
static uint64_t low_table(void)
{
	uint64_t pa =
	    frame_alloc_contig_below(&kernel_frames, 1, 1, 1ull << 32);

	if (pa == MM_NO_PHYS)
		return 0;
	LIBK_FN(memset)(phys_to_virt(pa), 0, PAGE);
	return pa;
}

/* The trampoline's PML4 (see the top of the file), or 0. */
static uint64_t low_tables(uint64_t page)
{
	uint64_t t[4];
	uint64_t *pml4;

	for (int i = 0; i < 4; i++)
		if (!(t[i] = low_table()))
			return 0; /* a few frames lost on a boot this starved */
	pml4 = phys_to_virt(t[0]);
	LIBK_FN(memcpy)
	(pml4 + 256, (uint64_t *)phys_to_virt(kernel_space.root) + 256,
	 256 * 8);
	pml4[(page >> 39) & 511] = t[1] | PTE_P | PTE_RW;
	((uint64_t *)phys_to_virt(t[1]))[(page >> 30) & 511] =
	    t[2] | PTE_P | PTE_RW;
	((uint64_t *)phys_to_virt(t[2]))[(page >> 21) & 511] =
	    t[3] | PTE_P | PTE_RW;
	((uint64_t *)phys_to_virt(t[3]))[(page >> 12) & 511] = page | PTE_P;
	return t[0];
}

/* Write a word of the trampoline's data at symbol sym. */
static void tramp_set(uint8_t *tramp, const char *sym, uint64_t v, size_t n)
{
	LIBK_FN(memcpy)(tramp + (sym - ap_tramp_start), &v, n);
}

/* The copy of the trampoline at page, its tables at cr3. */
static void tramp_install(uint64_t page, uint64_t cr3)
{
	uint8_t *tramp = phys_to_virt(page);

	LIBK_FN(memcpy)
	(tramp, ap_tramp_start, (size_t)(ap_tramp_end - ap_tramp_start));
	tramp_set(tramp, tr_gdtr + 2,
	          page + (uint64_t)(tr_gdt - ap_tramp_start), 4);
	tramp_set(tramp, tr_far, page + (uint64_t)(tr_long - ap_tramp_start),
	          4);
	tramp_set(tramp, tr_cr3, cr3, 8);
	tramp_set(tramp, tr_entry, (uint64_t)(uintptr_t)ap_main, 8);
}

/* Names for the registry: "cpu3 start stack", "cpu3 IST2 (NMI) stack"
 * and so on. */
static char stack_names[SMP_MAX_CPUS][1 + IST_COUNT][28];

/* size bytes of stack for c from the page allocator (a guard page below,
 * mm/README.md), entered in the stack registry as its stack slot (0: the
 * start stack, 1 + i: IST i+1) so that backtraces and overflow reports
 * on this AP follow it. Its top, or 0. */
static uint64_t cpu_stack(struct cpu *c, unsigned slot, size_t size)
{
	char *name = stack_names[c->index][slot];
	void *s = kmalloc(size);
	uint64_t base = (uint64_t)(uintptr_t)s;

	if (!s)
		return 0;
	snprintf(name, sizeof(stack_names[0][0]), "cpu%u %s", c->index,
	         slot ? ist_name(slot - 1) : "start stack");
	kstack_add(&kernel_stacks, name, base, base + size, PAGE_SIZE);
	return base + size;
}

/* Stacks for c: its start stack and IST stacks. 0 or -1. */
static int cpu_stacks(struct cpu *c)
{
	uint64_t top = cpu_stack(c, 0, STACK_SIZE);

	if (!top)
		return -1;
	c->stack_top = top - 8;
	for (unsigned i = 0; i < IST_COUNT; i++) {
		c->ist_top[i] = cpu_stack(c, 1 + i, IST_STACK_SIZE);
		if (!c->ist_top[i])
			return -1;
	}
	return 0;
}

/* INIT-SIPI-SIPI to c; true once it is online. */
static bool start_one(uint8_t *tramp, uint64_t page, struct cpu *c)
{
	uint64_t t0;

	tramp_set(tramp, tr_stack, c->stack_top, 8);
	tramp_set(tramp, tr_arg, (uint64_t)(uintptr_t)c, 8);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_init(c->apic_id);
	time_sleep_busy_ns(10000000);
	for (int sipi = 0; sipi < 2; sipi++) {
		lapic_send_sipi(c->apic_id, (uint8_t)(page >> 12));
		t0 = time_ns();
		while (time_ns() - t0 < (sipi ? START_WAIT : 200000))
			if (__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
				return true;
	}
	lapic_send_init(c->apic_id); /* back to waiting: it may not run late */
	return false;
}

/* How many CPUs the command line allows in all. */
static unsigned cpu_limit(const char *cmdline)
{
	char v[16];
	uint64_t n;

	if (kcmdline_get(cmdline, "nosmp", NULL, 0))
		return 1;
	if (kcmdline_get(cmdline, "maxcpus", v, sizeof(v)) &&
	    !kparse_u64(v, LIBK_FN(strlen)(v), 10, &n) && n >= 1)
		return n < SMP_MAX_CPUS ? (unsigned)n : SMP_MAX_CPUS;
	return SMP_MAX_CPUS;
}

/* Every enabled MADT CPU but this one, up to limit CPUs in all: into
 * cpus[1 ..]. Returns how many the MADT lists, this one included. */
static unsigned plan(const struct madt_info *madt, unsigned limit)
{
	unsigned listed = 0;

	cpus[0] = (struct cpu){.index = 0, .apic_id = lapic_id(), .online = 1};
	for (unsigned i = 0; madt && i < madt->ncpus; i++) {
		const struct madt_cpu *m = &madt->cpu[i];

		if (!m->enabled)
			continue;
		listed++;
		if (m->apic_id == cpus[0].apic_id || ncpus >= limit)
			continue;
		cpus[ncpus] =
		    (struct cpu){.index = ncpus, .apic_id = m->apic_id};
		ncpus++;
	}
	return listed ? listed : 1;
}

void smp_init(const struct madt_info *madt, const struct tern_bootinfo *bi,
              const char *cmdline)
{
	uint64_t page = bi->ap_trampoline_phys, cr3;
	unsigned listed = plan(madt, cpu_limit(cmdline));

	if (ncpus > 1 && !page) {
		kprintf(KC_YELLOW "smp: no trampoline page from the loader: "
		                  "1 CPU" KC_RESET "\n");
		ncpus = 1;
	}
	cr3 = ncpus > 1 ? low_tables(page) : 0;
	if (ncpus > 1 && !cr3) {
		kprintf(KC_YELLOW "smp: no memory for the trampoline's tables: "
		                  "1 CPU" KC_RESET "\n");
		ncpus = 1;
	}
	bsp_state.cr0 = read_cr0();
	bsp_state.cr4 = read_cr4();
	bsp_state.efer = rdmsr(MSR_EFER);
	bsp_state.pat = rdmsr(MSR_IA32_PAT);
	if (ncpus > 1)
		tramp_install(page, cr3);
	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (cpu_stacks(c) || !start_one(phys_to_virt(page), page, c))
			kprintf(KC_YELLOW "smp: cpu %u (APIC id %u) did not "
			                  "start: left out" KC_RESET "\n",
			        i, c->apic_id);
	}
	kprintf("smp: %u of %u CPUs online (%u listed in the MADT), "
	        "per-CPU areas %s\n",
	        smp_cpus_online(), ncpus, listed,
	        percpu_all_right() ? "ok" : "WRONG");
}
