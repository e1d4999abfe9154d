/* SPDX-License-Identifier: MIT */
/*
 * libc_start: from the initial stack to main(). Called by _start (crt0.S)
 * with the initial rsp. In order:
 *   1. self-relocation (the image is a static PIE linked at 0; Linux maps
 *      it at a random base and applies nothing; tern's loader may already
 *      have applied the same relocations, which is harmless);
 *   2. the stack-protector canary from AT_RANDOM;
 *   3. RELRO made read-only;
 *   4. exit(main(argc, argv, envp)).
 * Until step 1 is done no code here may read an absolute address from data,
 * and none of it carries a canary (no_stack_protector): the guard changes
 * under it.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>
#include "elf.h"
#include "libc_private.h"

#define HIDDEN       __attribute__((visibility("hidden")))
#define NO_CANARY    __attribute__((no_stack_protector))
#define DEFAULT_PAGE 4096ul

/* Linker-defined: the image's dynamic section, and its first byte (the
 * ELF header at link address 0, so its run-time address is the base).
 * Hidden, so the compiler reaches both PC-relatively. */
extern const struct elf_dyn _DYNAMIC[] HIDDEN;
extern const char __ehdr_start[] HIDDEN;

int main(int argc, char **argv, char **envp);

char **environ;
const char *libc_progname = "?";

/* Applies the R_X86_64_RELATIVE relocations of DT_RELA (*where = base +
 * addend), writing only words that differ, so that an image already
 * relocated by the kernel, with RELRO read-only, is left untouched.
 * Returns 0, or -1 if another relocation type is present (the build's ELF
 * check forbids that). */
NO_CANARY static int self_relocate(uintptr_t base)
{
	uintptr_t rela = 0;
	size_t size = 0, ent = sizeof(struct elf_rela);

	for (const struct elf_dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_RELA)
			rela = base + d->d_val;
		else if (d->d_tag == DT_RELASZ)
			size = d->d_val;
		else if (d->d_tag == DT_RELAENT)
			ent = d->d_val;
	}
	if (!rela || ent < sizeof(struct elf_rela))
		return 0;
	for (size_t off = 0; off + ent <= size; off += ent) {
		const struct elf_rela *r =
		    (const struct elf_rela *)(rela + off);
		uintptr_t *where = (uintptr_t *)(base + r->r_offset);
		uintptr_t value = base + (uintptr_t)r->r_addend;

		if ((uint32_t)r->r_info != R_X86_64_RELATIVE)
			return -1;
		if (*where != value)
			*where = value;
	}
	return 0;
}

/* The auxv value for key, or 0 when absent. */
NO_CANARY static uintptr_t auxv_get(const uintptr_t *auxv, uintptr_t key)
{
	for (; auxv[0] != AT_NULL; auxv += 2)
		if (auxv[0] == key)
			return auxv[1];
	return 0;
}

/* The canary: the first 8 of AT_RANDOM's 16 bytes (getrandom if the kernel
 * gave none), with the lowest byte zeroed so that a string overflow or a
 * string read cannot reproduce or leak the whole word. */
NO_CANARY static void set_canary(const uintptr_t *auxv)
{
	const unsigned char *rnd =
	    (const unsigned char *)auxv_get(auxv, AT_RANDOM);
	uintptr_t g = 0;

	if (rnd) {
		for (int i = 7; i >= 0; i--)
			g = g << 8 | rnd[i];
	} else {
		(void)getrandom(&g, sizeof(g), 0);
	}
	__stack_chk_guard = g & ~(uintptr_t)0xff;
}

/* mprotect the PT_GNU_RELRO range read-only (whole pages inside it); a
 * kernel that refuses leaves it writable, which is not fatal. */
NO_CANARY static void protect_relro(uintptr_t base, const uintptr_t *auxv)
{
	const struct elf_phdr *ph = (const void *)auxv_get(auxv, AT_PHDR);
	uintptr_t n = auxv_get(auxv, AT_PHNUM);
	uintptr_t page = auxv_get(auxv, AT_PAGESZ);

	if (!page)
		page = DEFAULT_PAGE;
	for (uintptr_t i = 0; ph && i < n; i++) {
		if (ph[i].p_type != PT_GNU_RELRO)
			continue;
		uintptr_t start = (base + ph[i].p_vaddr) & ~(page - 1);
		uintptr_t end =
		    (base + ph[i].p_vaddr + ph[i].p_memsz) & ~(page - 1);
		if (end > start)
			(void)mprotect((void *)start, end - start, PROT_READ);
	}
}

/* sp: the initial stack (argc, argv..., NULL, envp..., NULL, auxv...). */
NO_CANARY _Noreturn void libc_start(uintptr_t *sp);
NO_CANARY _Noreturn void libc_start(uintptr_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **e = envp;
	uintptr_t base = (uintptr_t)__ehdr_start;

	while (*e)
		e++;
	const uintptr_t *auxv = (const uintptr_t *)(e + 1);

	if (self_relocate(base) < 0)
		libc_fatal("unsupported relocation type");
	set_canary(auxv);
	protect_relro(base, auxv);
	environ = envp;
	if (argc > 0 && argv[0])
		libc_progname = argv[0];
	exit(main(argc, argv, envp));
}
