/* SPDX-License-Identifier: MIT */
/*
 * The local APIC in xAPIC or x2APIC mode (Intel SDM Vol. 3A, chapter 11 in
 * the 2023 editions). Register offsets (11.4.1, Table 11-1):
 *
 *   0x020 ID        0x080 TPR      0x0b0 EOI      0x0f0 SVR
 *   0x280 ESR       0x300 ICR low  0x310 ICR high 0x320 LVT timer
 *   0x350 LVT LINT0 0x360 LVT LINT1 0x370 LVT error
 *   0x380 timer initial count  0x390 current count  0x3e0 divide config
 *
 * xAPIC: the registers are 4 KiB of MMIO at IA32_APIC_BASE. x2APIC
 * (11.12.1.2, Table 11-6): MSR 0x800 + offset / 16, no MMIO; the ID
 * register holds the whole 32-bit ID (xAPIC: bits 31:24); the ICR is one
 * 64-bit MSR 0x830 with the destination in bits 63:32 and no delivery-
 * status bit (11.12.9); EOI and ESR take only 0. The mode is chosen by
 * irq/apic_mode.c. The x2APIC path is written from the SDM and untested:
 * QEMU 7.2's TCG offers no x2APIC and KVM is unusable here.
 */
#include <arch/cpu.h>
#include <arch/lapic.h>
#include "console/kprintf.h"
#include "irq/apic_mode.h"
#include "irq/irq.h"
#include "mm/vm.h"

#define MSR_APIC_BASE    0x1b
#define MSR_X2APIC       0x800 /* + offset / 16 */
#define MSR_X2APIC_ICR   0x830
#define APIC_BASE_ADDR   0x000ffffffffff000ull
#define CPUID1_X2APIC    (1u << 21) /* ECX */
#define R_ID             0x020
#define R_TPR            0x080
#define R_EOI            0x0b0
#define R_SVR            0x0f0
#define R_ESR            0x280
#define R_ICR_LO         0x300
#define R_ICR_HI         0x310
#define R_LVT_TIMER      0x320
#define R_LVT_LINT0      0x350
#define R_LVT_LINT1      0x360
#define R_LVT_ERROR      0x370
#define R_TIMER_INIT     0x380
#define R_TIMER_CUR      0x390
#define R_TIMER_DIV      0x3e0
#define SVR_ENABLE       (1u << 8)
#define LVT_MASKED       (1u << 16)
#define LVT_PERIODIC     (1u << 17)
#define LVT_NMI          (4u << 8) /* delivery mode NMI */
#define LVT_LEVEL        (1u << 15)
#define LVT_ACTIVE_LOW   (1u << 13)
#define ICR_SELF         (1u << 18) /* destination shorthand 01 */
#define ICR_PENDING      (1u << 12)
#define ICR_DM_INIT      (5u << 8) /* delivery mode INIT */
#define ICR_DM_STARTUP   (6u << 8) /* delivery mode start-up (SIPI) */
#define ICR_ASSERT       (1u << 14)
#define ICR_DM_NMI       (4u << 8)  /* delivery mode NMI */
#define ICR_ALL_BUT_SELF (3u << 18) /* destination shorthand 11 */
#define DIV_16           0x3
#define ICR_SPINS        1000000 /* an IPI leaves in well under that */

static volatile uint32_t *regs; /* xAPIC MMIO */
static bool x2;                 /* x2APIC: registers are MSRs */
static bool ready;
static uint64_t timer_hz;
static const struct madt_info *boot_madt; /* for the APs' LINTs */

static uint32_t rd(unsigned reg)
{
	return x2 ? (uint32_t)rdmsr(MSR_X2APIC + reg / 16) : regs[reg / 4];
}

static void wr(unsigned reg, uint32_t v)
{
	if (x2)
		wrmsr(MSR_X2APIC + reg / 16, v);
	else
		regs[reg / 4] = v;
}

bool lapic_ready(void)
{
	return ready;
}

bool lapic_is_x2apic(void)
{
	return ready && x2;
}

/* LINTn programming from the MADT's local APIC NMI entries (5.2.12.7);
 * without any, LINT1 is NMI and LINT0 masked (the usual PC wiring). */
static void setup_lints(const struct madt_info *m)
{
	bool lint1_set = false;

	wr(R_LVT_LINT0, LVT_MASKED);
	for (unsigned i = 0; m && i < m->nnmis; i++) {
		uint32_t v = LVT_NMI;

		if ((m->nmi[i].flags & MADT_POLARITY_MASK) == MADT_POLARITY_LOW)
			v |= LVT_ACTIVE_LOW;
		if ((m->nmi[i].flags & MADT_TRIGGER_MASK) == MADT_TRIGGER_LEVEL)
			v |= LVT_LEVEL;
		wr(m->nmi[i].lint ? R_LVT_LINT1 : R_LVT_LINT0, v);
		lint1_set |= m->nmi[i].lint == 1;
	}
	if (!lint1_set)
		wr(R_LVT_LINT1, LVT_NMI);
}

/* Put the APIC in the mode apic_mode_plan chooses; maps the MMIO page
 * for xAPIC. Logs one "lapic:" line. */
static bool set_mode(uint64_t base, bool cpu_x2apic, bool want_x2apic)
{
	struct apic_plan p;
	uint32_t id = 0;

	if (apic_mode_of(base) == APIC_MODE_X2APIC)
		id = (uint32_t)rdmsr(MSR_X2APIC + R_ID / 16);
	apic_mode_plan(base, cpu_x2apic, want_x2apic, id, &p);
	for (unsigned i = 0; i < p.nwrites; i++)
		wrmsr(MSR_APIC_BASE, p.write[i]);
	x2 = p.to == APIC_MODE_X2APIC;
	if (!x2) {
		regs = vm_map_io(base & APIC_BASE_ADDR, 4096, VM_UC);
		if (!regs)
			return false;
	}
	ready = true;
	if (x2)
		kprintf("lapic: x2APIC, id %u (%s)\n", lapic_id(), p.why);
	else
		kprintf("lapic: xAPIC at %#llx, id %u (%s)\n",
		        (unsigned long long)(base & APIC_BASE_ADDR), lapic_id(),
		        p.why);
	return true;
}

bool lapic_init(const struct madt_info *madt, bool want_x2apic)
{
	uint32_t a, b, c, d;
	uint64_t base;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & (1u << 9))) /* CPUID.1:EDX.APIC */
		return false;
	base = rdmsr(MSR_APIC_BASE);
	if (madt && madt->lapic_address &&
	    madt->lapic_address != (base & APIC_BASE_ADDR))
		kprintf("lapic: MADT says %#llx, MSR %#llx; using the MSR\n",
		        (unsigned long long)madt->lapic_address,
		        (unsigned long long)(base & APIC_BASE_ADDR));
	if (!set_mode(base, c & CPUID1_X2APIC, want_x2apic))
		return false;
	boot_madt = madt;
	wr(R_TPR, 0);
	wr(R_SVR, SVR_ENABLE | IRQ_VEC_SPURIOUS);
	setup_lints(madt);
	wr(R_LVT_ERROR, IRQ_VEC_ERROR);
	wr(R_ESR, 0);
	wr(R_LVT_TIMER, LVT_MASKED);
	lapic_eoi();
	return true;
}

uint32_t lapic_id(void)
{
	if (!ready)
		return 0;
	return x2 ? rd(R_ID) : rd(R_ID) >> 24;
}

void lapic_eoi(void)
{
	if (ready)
		wr(R_EOI, 0);
}

/* xAPIC: wait (bounded) for the previous IPI to leave, then ICR high and
 * low, the low write sends. x2APIC: one 64-bit write, nothing to wait
 * for (11.12.9). */
void lapic_self_ipi(uint8_t vector)
{
	if (x2) {
		wrmsr(MSR_X2APIC_ICR, ICR_SELF | vector);
		return;
	}
	for (unsigned i = 0; i < ICR_SPINS && (rd(R_ICR_LO) & ICR_PENDING); i++)
		cpu_pause();
	wr(R_ICR_HI, 0);
	wr(R_ICR_LO, ICR_SELF | vector);
}

/* An IPI to the CPU with APIC id dest (ICR: 11.6.1). */
static void send_ipi(uint32_t dest, uint32_t lo)
{
	if (x2) {
		wrmsr(MSR_X2APIC_ICR, (uint64_t)dest << 32 | lo);
		return;
	}
	for (unsigned i = 0; i < ICR_SPINS && (rd(R_ICR_LO) & ICR_PENDING); i++)
		cpu_pause();
	wr(R_ICR_HI, dest << 24);
	wr(R_ICR_LO, lo);
}

void lapic_send_init(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_DM_INIT | ICR_ASSERT);
}

void lapic_send_sipi(uint32_t apic_id, uint8_t page)
{
	send_ipi(apic_id, ICR_DM_STARTUP | ICR_ASSERT | page);
}

void lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	send_ipi(apic_id, ICR_ASSERT | vector); /* fixed delivery mode */
}

void lapic_send_nmi(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_DM_NMI | ICR_ASSERT);
}

void lapic_nmi_others(void)
{
	if (ready)
		send_ipi(0, ICR_DM_NMI | ICR_ASSERT | ICR_ALL_BUT_SELF);
}

void lapic_init_ap(void)
{
	if (x2)
		wrmsr(MSR_APIC_BASE,
		      rdmsr(MSR_APIC_BASE) | APIC_BASE_EN | APIC_BASE_EXTD);
	wr(R_TPR, 0);
	wr(R_SVR, SVR_ENABLE | IRQ_VEC_SPURIOUS);
	setup_lints(boot_madt);
	wr(R_LVT_ERROR, IRQ_VEC_ERROR);
	wr(R_ESR, 0);
	wr(R_LVT_TIMER, LVT_MASKED);
	lapic_eoi();
}

uint64_t lapic_timer_calibrate(uint64_t (*measure)(void))
{
	uint64_t ns, ticks;

	wr(R_TIMER_DIV, DIV_16);
	wr(R_LVT_TIMER, LVT_MASKED);
	wr(R_TIMER_INIT, 0xffffffffu);
	ns = measure();
	ticks = 0xffffffffu - rd(R_TIMER_CUR);
	wr(R_TIMER_INIT, 0);
	timer_hz = ns ? ticks * 1000000000ull / ns : 0;
	return timer_hz;
}

bool lapic_timer_periodic(uint8_t vector, uint32_t hz)
{
	uint64_t count = hz ? timer_hz / hz : 0;

	if (!ready || !count || count > 0xffffffffu)
		return false;
	wr(R_TIMER_DIV, DIV_16);
	wr(R_LVT_TIMER, LVT_PERIODIC | vector);
	wr(R_TIMER_INIT, (uint32_t)count);
	return true;
}

uint64_t lapic_timer_hz(void)
{
	return timer_hz;
}
