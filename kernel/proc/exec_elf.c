/* SPDX-License-Identifier: MIT */
/*
 * A static-PIE program into a fresh address space: the load plan from
 * uelf.h, the image at a random page-aligned bias in the PIE window, its
 * relocations applied through the kernel's view of the new pages, the
 * final protections (W^X, RELRO read-only), and a stack at a random top
 * in the stack window holding argv, envp and auxv (ustack.h).
 */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include <tern/syscall.h>
#include "console/kprintf.h"
#include "core/csprng.h"
#include "proc/exec.h"
#include "proc/uelf.h"
#include "proc/ulayout.h"
#include "proc/ustack.h"

#define PAGE        FRAME_SIZE
#define ARGS_BUF    (16 * 1024) /* the stack's argument area, built here */
#define STACK_PAGES 32          /* 128 KiB, mapped at once */

static uint64_t page_down(uint64_t a)
{
	return a & ~(PAGE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

/* PF_* to PT_* (read is implied). */
static unsigned seg_flags(uint32_t pf)
{
	unsigned prot = uelf_prot(pf);

	return (prot & PROT_WRITE ? PT_WRITE : 0) |
	       (prot & PROT_EXEC ? PT_EXEC : 0);
}

static int store8(void *ctx, uint64_t uaddr, uint64_t value)
{
	return uspace_write(ctx, uaddr, &value, sizeof(value));
}

/* Set flags on every page of [va, end). */
static int protect(struct uspace *as, uint64_t va, uint64_t end, unsigned flags)
{
	for (uint64_t a = page_down(va); a < page_up(end); a += PAGE)
		if (pt_protect(&as->pt, a, flags | PT_USER))
			return -EINVAL;
	uspace_flush(as);
	return 0;
}

/* Map, fill, relocate and protect the image at bias base. */
static int load_image(struct uspace *as, const struct uelf *u, uint64_t base)
{
	const struct elf_pie *pie = &u->pie;
	int rc = 0;

	for (unsigned i = 0; i < pie->nseg && !rc; i++) {
		const struct elf_pie_seg *s = &pie->seg[i];
		uint64_t va = base + s->vaddr;

		for (uint64_t a = page_down(va);
		     a < page_up(va + s->memsz) && !rc; a += PAGE)
			rc = uspace_map_zero(as, a, PT_WRITE);
		if (!rc)
			rc = uspace_write(as, va, pie->file + s->offset,
			                  s->filesz);
	}
	if (!rc)
		rc = uelf_relocate(u, base, store8, as);
	for (unsigned i = 0; i < pie->nseg && !rc; i++) {
		const struct elf_pie_seg *s = &pie->seg[i];

		rc = protect(as, base + s->vaddr, base + s->vaddr + s->memsz,
		             seg_flags(s->flags));
	}
	if (!rc && u->relro_end > u->relro_start)
		rc = protect(as, base + u->relro_start, base + u->relro_end, 0);
	return rc;
}

/* The stack: STACK_PAGES below top, the arguments built at its top. */
static int load_stack(struct uspace *as, const struct uelf *u, uint64_t base,
                      uint64_t top, const struct exec_args *ea, uint64_t *rsp)
{
	static const char *const none[1] = {NULL};
	uint8_t random[USTACK_RANDOM];
	uint8_t *buf;
	int rc = 0;
	struct ustack_args a = {
	    .argv = ea->argv,
	    .argc = ea->argc,
	    .envp = ea->envp ? ea->envp : none,
	    .envc = ea->envc,
	    .execfn = ea->path,
	    .random = random,
	    .phdr = u->phdr_vaddr ? base + u->phdr_vaddr : 0,
	    .phent = 56,
	    .phnum = u->pie.phnum,
	    .base = 0,
	    .entry = base + u->pie.entry,
	};

	for (unsigned i = 1; i <= STACK_PAGES && !rc; i++)
		rc = uspace_map_zero(as, top - i * PAGE, PT_WRITE);
	if (rc)
		return rc;
	buf = kmalloc(ARGS_BUF);
	if (!buf)
		return -ENOMEM;
	csprng_get(random, sizeof(random));
	rc = ustack_build(&a, top, buf, ARGS_BUF, rsp);
	if (!rc)
		rc = uspace_write(as, *rsp, buf + (*rsp - (top - ARGS_BUF)),
		                  top - *rsp);
	LIBK_FN(memset)(random, 0, sizeof(random));
	kfree(buf);
	return rc;
}

int exec_load(struct uspace *as, const void *file, size_t len,
              const struct exec_args *ea, struct exec_result *out)
{
	struct uelf *u = kmalloc(sizeof(*u));
	const char *err = NULL;
	uint64_t base, top;
	int rc;

	if (!u)
		return -ENOMEM;
	rc = uelf_parse(file, len, u, &err);
	if (rc) {
		if (!ea->quiet)
			kprintf("exec: %s: %s\n", ea->path,
			        err ? err : "not a program");
		kfree(u);
		return rc;
	}
	base = ea->norandmaps ? ULAYOUT_PIE_BASE
	                      : ulayout_slot(ULAYOUT_PIE_BASE, ULAYOUT_PIE_BITS,
	                                     csprng_u64());
	base -= u->pie.link_base;
	top = ea->norandmaps ? ULAYOUT_STACK_BASE
	                     : ulayout_slot(ULAYOUT_STACK_BASE,
	                                    ULAYOUT_STACK_BITS, csprng_u64());
	rc = load_image(as, u, base);
	if (!rc)
		rc = load_stack(as, u, base, top, ea, &out->sp);
	out->entry = base + u->pie.entry;
	out->base = base;
	kfree(u);
	return rc;
}
