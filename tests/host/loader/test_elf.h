/* SPDX-License-Identifier: MIT */
/*
 * A crafted static-PIE kernel for the loader tests, built field by field so
 * each test can break exactly one thing.
 *
 *   file offset   contents                         vaddr (LB = link base)
 *   0x0000        ELF header, 4 program headers
 *   0x1000        text  R X  0x100 bytes            LB
 *   0x2000        rodata R   RELA table, RELR table LB + 0x1000
 *   0x3000        data  R W  .dynamic, pointers     LB + 0x2000 (+ bss to
 *                                                   LB + 0x5000)
 *   0x4000        .symtab, .strtab, section headers (not loaded)
 */
#ifndef TEST_LOADER_TEST_ELF_H
#define TEST_LOADER_TEST_ELF_H
#include <tern/elf64.h>
#include <stddef.h>
#include <stdint.h>

#define TE_LB        0xffffffff80000000ull
#define TE_SIZE      0x4800
#define TE_PH_TEXT   0
#define TE_PH_RODATA 1
#define TE_PH_DATA   2
#define TE_PH_DYN    3
#define TE_RELA_OFF  0x2000 /* file offset of the RELA table */
#define TE_RELR_OFF  0x2100
#define TE_DYN_OFF   0x3000
#define TE_PTR_OFF   0x3080 /* relocated words start here (file offset) */
#define TE_NRELA     3
#define TE_SPAN      0x5000

struct test_elf {
	_Alignas(16) uint8_t b[TE_SIZE];
};

/* A valid kernel. */
void te_build(struct test_elf *e);

static inline struct elf64_ehdr *te_ehdr(struct test_elf *e)
{
	return (struct elf64_ehdr *)(void *)e->b;
}

static inline struct elf64_phdr *te_phdr(struct test_elf *e, unsigned i)
{
	return (struct elf64_phdr *)(void *)(e->b + 64 + i * 56);
}

static inline struct elf64_rela *te_rela(struct test_elf *e, unsigned i)
{
	return (struct elf64_rela *)(void *)(e->b + TE_RELA_OFF + i * 24);
}

static inline struct elf64_dyn *te_dyn(struct test_elf *e, unsigned i)
{
	return (struct elf64_dyn *)(void *)(e->b + TE_DYN_OFF + i * 16);
}

static inline uint64_t *te_u64(struct test_elf *e, size_t off)
{
	return (uint64_t *)(void *)(e->b + off);
}
#endif
