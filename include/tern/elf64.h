/* SPDX-License-Identifier: MIT */
/*
 * The subset of the ELF-64 object file format that the loader (the kernel
 * ELF) and the kernel (user programs) read, written from
 * the System V gABI ("ELF-64 Object File Format" 1.5 and the generic ABI
 * chapters 4 and 5) and the x86-64 psABI (relocation types, section 4.4).
 * Portable: no EFI or arch headers.
 */
#ifndef TERN_ELF64_H
#define TERN_ELF64_H
#include <stdint.h>

/* e_ident[] indices and values (gABI 4, "ELF Identification"). */
#define EI_MAG0     0
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define EI_NIDENT   16
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

#define ET_EXEC   2
#define ET_DYN    3
#define EM_X86_64 62

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/* Program headers (gABI 5, "Program Header"). */
#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PT_INTERP  3
#define PT_PHDR    6
/* GNU extensions (LSB "Program Header", also in lld's output). */
#define PT_GNU_STACK 0x6474e551
#define PT_GNU_RELRO 0x6474e552
#define PF_X         1u
#define PF_W         2u
#define PF_R         4u

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

/* Section headers (gABI 4, "Sections"). */
#define SHN_UNDEF     0
#define SHN_LORESERVE 0xff00
#define SHT_SYMTAB    2
#define SHT_STRTAB    3
#define SHT_NOBITS    8

struct elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

/* Symbols (gABI 4, "Symbol Table"). */
#define STT_FUNC            2
#define ELF64_ST_TYPE(info) ((info)&0xf)

struct elf64_sym {
	uint32_t st_name;
	uint8_t st_info;
	uint8_t st_other;
	uint16_t st_shndx;
	uint64_t st_value;
	uint64_t st_size;
};

/* Dynamic section tags (gABI 5, "Dynamic Section"); DT_RELR* from the
 * gABI's relative-relocation extension (tags 35..37). */
#define DT_NULL     0
#define DT_PLTRELSZ 2
#define DT_RELA     7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_REL      17
#define DT_TEXTREL  22
#define DT_JMPREL   23
#define DT_RELRSZ   35
#define DT_RELR     36
#define DT_RELRENT  37
/* GNU extension: how many R_*_RELATIVE entries lead the RELA table. */
#define DT_RELACOUNT 0x6ffffff9

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

/* Relocations with addend (gABI 4, "Relocation"; psABI 4.4.1 types). */
#define ELF64_R_TYPE(info) ((uint32_t)(info))
#define R_X86_64_NONE      0
#define R_X86_64_64        1
#define R_X86_64_GLOB_DAT  6
#define R_X86_64_JUMP_SLOT 7
#define R_X86_64_RELATIVE  8

struct elf64_rela {
	uint64_t r_offset;
	uint64_t r_info;
	int64_t r_addend;
};

#endif
