/* SPDX-License-Identifier: MIT */
#include <libk/printf.h>
#include <libk/string.h>
#include "core/trapdecode.h"

/* SDM Vol. 3A, 6.3.1, Table 6-1. */
static const struct {
	const char *mnemonic;
	const char *name;
	bool errcode;
} exc_table[EXC_COUNT] = {
    [0] = {"#DE", "Divide error", false},
    [1] = {"#DB", "Debug", false},
    [2] = {"NMI", "Non-maskable interrupt", false},
    [3] = {"#BP", "Breakpoint", false},
    [4] = {"#OF", "Overflow", false},
    [5] = {"#BR", "BOUND range exceeded", false},
    [6] = {"#UD", "Invalid opcode", false},
    [7] = {"#NM", "Device not available", false},
    [8] = {"#DF", "Double fault", true},
    [9] = {"CSO", "Coprocessor segment overrun", false},
    [10] = {"#TS", "Invalid TSS", true},
    [11] = {"#NP", "Segment not present", true},
    [12] = {"#SS", "Stack-segment fault", true},
    [13] = {"#GP", "General protection fault", true},
    [14] = {"#PF", "Page fault", true},
    [16] = {"#MF", "x87 floating-point error", false},
    [17] = {"#AC", "Alignment check", true},
    [18] = {"#MC", "Machine check", false},
    [19] = {"#XM", "SIMD floating-point exception", false},
    [20] = {"#VE", "Virtualization exception", false},
    [21] = {"#CP", "Control protection exception", true},
    [28] = {"#HV", "Hypervisor injection exception", false},
    [29] = {"#VC", "VMM communication exception", true},
    [30] = {"#SX", "Security exception", true},
};

const char *exc_name(unsigned vector)
{
	if (vector >= EXC_COUNT)
		return "Vector out of range";
	return exc_table[vector].name ? exc_table[vector].name : "Reserved";
}

const char *exc_mnemonic(unsigned vector)
{
	if (vector >= EXC_COUNT || !exc_table[vector].mnemonic)
		return "#??";
	return exc_table[vector].mnemonic;
}

bool exc_has_error_code(unsigned vector)
{
	return vector < EXC_COUNT && exc_table[vector].errcode;
}

bool exc_has_selector_error(unsigned vector)
{
	return vector == EXC_TS || vector == EXC_NP || vector == EXC_SS ||
	       vector == EXC_GP;
}

/* Append ", word" (or just "word" first) to buf. */
static void append(char *buf, size_t size, const char *word)
{
	if (buf[0])
		LIBK_FN(strlcat)(buf, ", ", size);
	LIBK_FN(strlcat)(buf, word, size);
}

void pf_err_describe(uint64_t err, char *buf, size_t size)
{
	static const struct {
		uint32_t bit;
		const char *word;
	} extra[] = {
	    {PF_ERR_RSVD, "reserved bit set in a paging entry"},
	    {PF_ERR_PK, "protection-key violation"},
	    {PF_ERR_SS, "shadow-stack access"},
	    {PF_ERR_HLAT, "HLAT paging"},
	    {PF_ERR_SGX, "SGX violation"},
	};

	if (!size)
		return;
	buf[0] = 0;
	append(buf, size,
	       err & PF_ERR_P ? "protection violation" : "page not present");
	append(buf, size,
	       err & PF_ERR_I ? "instruction fetch"
	                      : (err & PF_ERR_W ? "write" : "read"));
	append(buf, size, err & PF_ERR_U ? "user mode" : "kernel mode");
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		if (err & extra[i].bit)
			append(buf, size, extra[i].word);
	}
}

void sel_err_describe(uint64_t err, char *buf, size_t size)
{
	static const char *const tables[] = {"GDT", "IDT", "LDT", "IDT"};
	unsigned table = (err >> 1) & 3; /* bit 1 IDT, bit 2 TI (LDT) */
	unsigned index = (err >> 3) & 0x1fff;
	const char *ext = err & 1 ? ", external event" : "";

	if (!size)
		return;
	if ((err & 0xffff) == 0)
		LIBK_FN(snprintf)(buf, size, "0 (no selector)");
	else if (table & 1)
		LIBK_FN(snprintf)(buf, size, "IDT vector %u%s", index, ext);
	else
		LIBK_FN(snprintf)
	(buf, size, "%s selector %#x (index %u)%s", tables[table],
	 (unsigned)(err & 0xfff8), index, ext);
}
