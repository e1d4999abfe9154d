/* SPDX-License-Identifier: MIT */
/* The local APIC mode decision (see apic_mode.h). */
#include "irq/apic_mode.h"

#define MODE_BITS (APIC_BASE_EN | APIC_BASE_EXTD)

enum apic_mode apic_mode_of(uint64_t apic_base)
{
	switch (apic_base & MODE_BITS) {
	case 0:
		return APIC_MODE_DISABLED;
	case APIC_BASE_EN:
		return APIC_MODE_XAPIC;
	case MODE_BITS:
		return APIC_MODE_X2APIC;
	default:
		return APIC_MODE_INVALID;
	}
}

const char *apic_mode_name(enum apic_mode m)
{
	static const char *const names[] = {"disabled", "xAPIC", "x2APIC",
	                                    "invalid"};

	return (unsigned)m < 4 ? names[m] : "?";
}

static void step(struct apic_plan *p, uint64_t *base, uint64_t bits)
{
	*base = (*base & ~MODE_BITS) | bits;
	p->write[p->nwrites++] = *base;
}

void apic_mode_plan(uint64_t apic_base, bool cpu_x2apic, bool want_x2apic,
                    uint32_t x2apic_id, struct apic_plan *p)
{
	uint64_t b = apic_base;

	*p = (struct apic_plan){.from = apic_mode_of(apic_base)};
	if (p->from == APIC_MODE_X2APIC) {
		p->to = APIC_MODE_X2APIC;
		if (want_x2apic) {
			p->why = "firmware handed over in x2APIC mode";
		} else if (x2apic_id > 0xff) {
			p->why = "nox2apic ignored: the APIC id needs x2APIC";
		} else {
			step(p, &b, 0); /* x2APIC -> disabled */
			step(p, &b, APIC_BASE_EN);
			p->to = APIC_MODE_XAPIC;
			p->why = "nox2apic: firmware's x2APIC disabled, "
			         "re-enabled as xAPIC";
		}
		return;
	}
	if (p->from == APIC_MODE_INVALID)
		step(p, &b, 0);
	if (p->from != APIC_MODE_XAPIC)
		step(p, &b, APIC_BASE_EN);
	p->to = APIC_MODE_XAPIC;
	if (!want_x2apic) {
		p->why =
		    cpu_x2apic ? "nox2apic" : "nox2apic; cpu has no x2APIC";
	} else if (!cpu_x2apic) {
		p->why = "cpu has no x2APIC";
	} else {
		step(p, &b, MODE_BITS);
		p->to = APIC_MODE_X2APIC;
		p->why = "cpu has x2APIC";
	}
}
