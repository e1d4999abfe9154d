/* SPDX-License-Identifier: MIT */
#include "test_elf.h"
#include <string.h>

static void phdr(struct test_elf *e, unsigned i, uint32_t type, uint32_t flags,
                 uint64_t off, uint64_t filesz, uint64_t memsz)
{
	*te_phdr(e, i) = (struct elf64_phdr){
	    type,   flags, off,   TE_LB + off - 0x1000, TE_LB + off - 0x1000,
	    filesz, memsz, 0x1000};
}

/* RELA: two RELATIVE words and a NONE. RELR: one address entry and a
 * bitmap selecting the 1st and 3rd words after it. */
static void relocs(struct test_elf *e)
{
	uint64_t ptr = TE_LB + TE_PTR_OFF - 0x1000; /* vaddr of TE_PTR_OFF */
	uint64_t *relr = te_u64(e, TE_RELR_OFF);

	*te_rela(e, 0) = (struct elf64_rela){ptr, R_X86_64_RELATIVE,
	                                     (int64_t)(TE_LB + 0x10)};
	*te_rela(e, 1) = (struct elf64_rela){ptr + 8, R_X86_64_RELATIVE,
	                                     (int64_t)(TE_LB + 0x1008)};
	*te_rela(e, 2) = (struct elf64_rela){0, R_X86_64_NONE, 0};
	relr[0] = ptr + 16;
	relr[1] = (1u << 1 | 1u << 3) | 1; /* ptr + 24, ptr + 40 */
	*te_u64(e, TE_PTR_OFF + 16) = TE_LB + 0x20;
	*te_u64(e, TE_PTR_OFF + 24) = TE_LB + 0x30;
	*te_u64(e, TE_PTR_OFF + 32) = 0x1234; /* not relocated */
	*te_u64(e, TE_PTR_OFF + 40) = TE_LB + 0x40;
}

static void dynamic(struct test_elf *e)
{
	const struct elf64_dyn d[] = {
	    {DT_RELA, TE_LB + TE_RELA_OFF - 0x1000},
	    {DT_RELASZ, TE_NRELA * 24},
	    {DT_RELAENT, 24},
	    {DT_RELR, TE_LB + TE_RELR_OFF - 0x1000},
	    {DT_RELRSZ, 16},
	    {DT_RELRENT, 8},
	    {DT_NULL, 0},
	};

	memcpy(e->b + TE_DYN_OFF, d, sizeof(d));
}

/* .symtab: alpha, zeta (functions), an object, an undefined function, a
 * function with a bad name offset. */
static void symbols(struct test_elf *e)
{
	static const char str[] = "\0zeta\0alpha\0obj\0undef";
	const struct elf64_sym syms[] = {
	    {0},
	    {1, STT_FUNC, 0, 1, TE_LB + 0x80, 0x10},
	    {6, STT_FUNC, 0, 1, TE_LB + 0x10, 0x20},
	    {12, 1 /* STT_OBJECT */, 0, 3, TE_LB + 0x2000, 8},
	    {16, STT_FUNC, 0, SHN_UNDEF, 0, 0},
	    {999, STT_FUNC, 0, 1, TE_LB + 0x90, 4},
	};
	struct elf64_shdr sh[3] = {{0}};

	memcpy(e->b + 0x4000, syms, sizeof(syms));
	memcpy(e->b + 0x4100, str, sizeof(str));
	sh[1] = (struct elf64_shdr){.sh_type = SHT_SYMTAB,
	                            .sh_offset = 0x4000,
	                            .sh_size = sizeof(syms),
	                            .sh_link = 2,
	                            .sh_entsize = sizeof(struct elf64_sym)};
	sh[2] = (struct elf64_shdr){
	    .sh_type = SHT_STRTAB, .sh_offset = 0x4100, .sh_size = sizeof(str)};
	memcpy(e->b + 0x4200, sh, sizeof(sh));
}

void te_build(struct test_elf *e)
{
	struct elf64_ehdr *eh = te_ehdr(e);

	memset(e, 0, sizeof(*e));
	memcpy(eh->e_ident,
	       "\x7f"
	       "ELF",
	       4);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TE_LB + 0x10;
	eh->e_phoff = 64;
	eh->e_shoff = 0x4200;
	eh->e_ehsize = 64;
	eh->e_phentsize = 56;
	eh->e_phnum = 4;
	eh->e_shentsize = 64;
	eh->e_shnum = 3;
	phdr(e, TE_PH_TEXT, PT_LOAD, PF_R | PF_X, 0x1000, 0x100, 0x100);
	phdr(e, TE_PH_RODATA, PT_LOAD, PF_R, 0x2000, 0x200, 0x200);
	phdr(e, TE_PH_DATA, PT_LOAD, PF_R | PF_W, 0x3000, 0x100, 0x3000);
	phdr(e, TE_PH_DYN, PT_DYNAMIC, PF_R | PF_W, 0x3000, 0x70, 0x70);
	memset(e->b + 0x1000, 0xcc, 0x100); /* int3 */
	relocs(e);
	dynamic(e);
	symbols(e);
}
