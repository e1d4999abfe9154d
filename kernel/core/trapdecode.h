/* SPDX-License-Identifier: MIT */
/*
 * Names of the x86_64 exception vectors and decoders for their error codes
 * (Intel SDM Vol. 3A, 6.3.1 Table 6-1; 6.13 error code; 4.7 page-fault
 * error code). Portable: no arch headers, host-tested.
 */
#ifndef KERNEL_CORE_TRAPDECODE_H
#define KERNEL_CORE_TRAPDECODE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXC_DE    0  /* divide error */
#define EXC_DB    1  /* debug */
#define EXC_NMI   2  /* non-maskable interrupt */
#define EXC_BP    3  /* breakpoint (int3) */
#define EXC_UD    6  /* invalid opcode */
#define EXC_DF    8  /* double fault */
#define EXC_TS    10 /* invalid TSS */
#define EXC_NP    11 /* segment not present */
#define EXC_SS    12 /* stack-segment fault */
#define EXC_GP    13 /* general protection */
#define EXC_PF    14 /* page fault */
#define EXC_MC    18 /* machine check */
#define EXC_COUNT 32

/* Page-fault error code bits (SDM Vol. 3A, 4.7). */
#define PF_ERR_P    (1u << 0)  /* 1: protection violation, 0: not present */
#define PF_ERR_W    (1u << 1)  /* 1: write, 0: read */
#define PF_ERR_U    (1u << 2)  /* 1: user mode, 0: supervisor */
#define PF_ERR_RSVD (1u << 3)  /* a reserved bit was set in a paging entry */
#define PF_ERR_I    (1u << 4)  /* instruction fetch */
#define PF_ERR_PK   (1u << 5)  /* protection-key violation */
#define PF_ERR_SS   (1u << 6)  /* shadow-stack access */
#define PF_ERR_HLAT (1u << 7)  /* HLAT paging */
#define PF_ERR_SGX  (1u << 15) /* SGX-specific access-control violation */

/* "Page fault", or "Reserved" / "Vector out of range". */
const char *exc_name(unsigned vector);
/* "#PF", "NMI", or "#??". */
const char *exc_mnemonic(unsigned vector);
/* True for the vectors where the CPU pushes an error code. */
bool exc_has_error_code(unsigned vector);
/* True for #TS, #NP, #SS, #GP: the error code is a selector error code. */
bool exc_has_selector_error(unsigned vector);

/* Describe a page-fault error code, e.g. "not-present write, kernel mode,
 * data access". Always NUL-terminates (size > 0); truncates silently. */
void pf_err_describe(uint64_t err, char *buf, size_t size);

/* Describe a selector error code, e.g. "GDT selector 0x28 (index 5)",
 * "IDT vector 0x40, external event", or "null (0)". */
void sel_err_describe(uint64_t err, char *buf, size_t size);
#endif
