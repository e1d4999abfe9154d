/* SPDX-License-Identifier: MIT */
/* The few ELF-64 types the start code reads from its own image (gABI 4
 * "Relocation", 5 "Program Header" and "Dynamic Section"; psABI 4.4.1 for
 * R_X86_64_RELATIVE). Private to libc. */
#ifndef USER_LIBC_ELF_H
#define USER_LIBC_ELF_H
#include <stdint.h>

#define PT_GNU_RELRO      0x6474e552
#define DT_NULL           0
#define DT_RELA           7
#define DT_RELASZ         8
#define DT_RELAENT        9
#define R_X86_64_RELATIVE 8

struct elf_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf_rela {
	uint64_t r_offset, r_info;
	int64_t r_addend;
};
#endif
