/* SPDX-License-Identifier: MIT */
/* uelf: a crafted user program parses into the expected load plan and
 * relocates through a store; each rejection path gets exactly one broken
 * field. With file arguments, real clang-built static PIEs too: the
 * sample (uelf_sample.c), then any programs (user/). */
#include "proc/uelf.h"
#include "test.h"
#include <stdlib.h>
#include <tern/elf64.h>
#include <tern/errno.h>
#include <tern/syscall.h>

/*
 * The crafted program (link base 0):
 *
 *   ph  type          file off  vaddr    filesz  memsz   flags
 *   0   PT_PHDR       0x40      0x40     8*56    8*56    R
 *   1   PT_LOAD       0         0        0x1000  0x1000  R     headers, RELA
 *   2   PT_LOAD       0x1000    0x1000   0x100   0x100   R X   text
 *   3   PT_LOAD       0x2000    0x2000   0x1000  0x1000  R     RELRO page
 *   4   PT_LOAD       0x3000    0x3000   0x100   0x2000  R W   data, bss
 *   5   PT_DYNAMIC    0x2000    0x2000   0x100   0x100   R W
 *   6   PT_GNU_STACK  0         0        0       0       R W
 *   7   PT_GNU_RELRO  0x2000    0x2000   0x1000  0x1000  R
 *
 * RELA at 0x800: RELATIVE 0x2100 (RELRO) = 0x1010, RELATIVE 0x3000 =
 * 0x3008, NONE, RELATIVE 0x4ff8 (last bss word) = 0x1000.
 */
#define U_SIZE        0x3100
#define U_NPH         8
#define U_RELA        0x800
#define U_NRELA       4
#define U_DYN         0x2000
#define U_ENTRY       0x1010
#define PH_PHDR       0
#define PH_R          1
#define PH_TEXT       2
#define PH_RELRO      3
#define PH_DATA       4
#define PH_DYN        5
#define PH_STACK      6
#define PH_GRELRO     7
#define DYN_RELACOUNT 3

struct uimg {
	_Alignas(16) uint8_t b[U_SIZE];
};

static struct elf64_ehdr *eh(struct uimg *u)
{
	return (struct elf64_ehdr *)(void *)u->b;
}

static struct elf64_phdr *ph(struct uimg *u, unsigned i)
{
	return (struct elf64_phdr *)(void *)(u->b + 64 + i * 56);
}

static struct elf64_rela *rela(struct uimg *u, unsigned i)
{
	return (struct elf64_rela *)(void *)(u->b + U_RELA + i * 24);
}

static struct elf64_dyn *dyn(struct uimg *u, unsigned i)
{
	return (struct elf64_dyn *)(void *)(u->b + U_DYN + i * 16);
}

static void set_ph(struct uimg *u, unsigned i, uint32_t type, uint32_t flags,
                   uint64_t off, uint64_t filesz, uint64_t memsz)
{
	*ph(u, i) = (struct elf64_phdr){type, flags,  off,   off,
	                                off,  filesz, memsz, 0x1000};
}

static void build(struct uimg *u)
{
	static const uint8_t ident[] = {0x7f,       'E',         'L',       'F',
	                                ELFCLASS64, ELFDATA2LSB, EV_CURRENT};
	static const struct elf64_dyn dt[] = {
	    {DT_RELA, U_RELA}, {DT_RELASZ, U_NRELA * 24},
	    {DT_RELAENT, 24},  {DT_RELACOUNT, 2},
	    {DT_NULL, 0},
	};

	memset(u, 0, sizeof(*u));
	memcpy(eh(u)->e_ident, ident, sizeof(ident));
	eh(u)->e_type = ET_DYN;
	eh(u)->e_machine = EM_X86_64;
	eh(u)->e_version = EV_CURRENT;
	eh(u)->e_entry = U_ENTRY;
	eh(u)->e_phoff = 64;
	eh(u)->e_ehsize = 64;
	eh(u)->e_phentsize = 56;
	eh(u)->e_phnum = U_NPH;
	set_ph(u, PH_PHDR, PT_PHDR, PF_R, 0x40, U_NPH * 56, U_NPH * 56);
	set_ph(u, PH_R, PT_LOAD, PF_R, 0, 0x1000, 0x1000);
	set_ph(u, PH_TEXT, PT_LOAD, PF_R | PF_X, 0x1000, 0x100, 0x100);
	set_ph(u, PH_RELRO, PT_LOAD, PF_R, 0x2000, 0x1000, 0x1000);
	set_ph(u, PH_DATA, PT_LOAD, PF_R | PF_W, 0x3000, 0x100, 0x2000);
	set_ph(u, PH_DYN, PT_DYNAMIC, PF_R | PF_W, U_DYN, 0x100, 0x100);
	set_ph(u, PH_STACK, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0);
	set_ph(u, PH_GRELRO, PT_GNU_RELRO, PF_R, 0x2000, 0x1000, 0x1000);
	*rela(u, 0) = (struct elf64_rela){0x2100, R_X86_64_RELATIVE, 0x1010};
	*rela(u, 1) = (struct elf64_rela){0x3000, R_X86_64_RELATIVE, 0x3008};
	*rela(u, 2) = (struct elf64_rela){0, R_X86_64_NONE, 0};
	*rela(u, 3) = (struct elf64_rela){0x4ff8, R_X86_64_RELATIVE, 0x1000};
	memcpy(dyn(u, 0), dt, sizeof(dt));
	memset(u->b + 0x1000, 0xcc, 0x100);
}

/* A flat image of [base + link_base, + span) for the store. */
struct flat {
	uint8_t *img;
	uint64_t lo, size;
	unsigned stores, fail_after;
};

static int flat_store(void *ctx, uint64_t uaddr, uint64_t value)
{
	struct flat *f = ctx;

	if (f->stores++ == f->fail_after)
		return -EFAULT;
	if (uaddr < f->lo || uaddr - f->lo > f->size - 8)
		return -EINVAL; /* the test fails on this below */
	memcpy(f->img + (uaddr - f->lo), &value, 8);
	return 0;
}

/* Copy a parsed program's segments into f (zeroing the rest). */
static void flat_load(const struct uelf *u, struct flat *f, uint64_t base)
{
	unsigned i;

	f->lo = base + u->pie.link_base;
	f->size = u->pie.span;
	f->img = calloc(1, f->size);
	f->stores = 0;
	f->fail_after = ~0u;
	for (i = 0; i < u->pie.nseg; i++) {
		const struct elf_pie_seg *s = &u->pie.seg[i];

		memcpy(f->img + (s->vaddr - u->pie.link_base),
		       u->pie.file + s->offset, s->filesz);
	}
}

static uint64_t flat_u64(const struct flat *f, uint64_t uaddr)
{
	uint64_t v;

	memcpy(&v, f->img + (uaddr - f->lo), 8);
	return v;
}

static void test_good(void)
{
	static const unsigned prot[] = {PROT_READ, PROT_READ | PROT_EXEC,
	                                PROT_READ, PROT_READ | PROT_WRITE};
	static struct uimg u;
	struct uelf p;
	const char *err = NULL;
	struct flat f;
	uint64_t base;
	unsigned i;

	build(&u);
	CHECK_EQ(uelf_parse(u.b, sizeof(u.b), &p, &err), 0);
	CHECK_STREQ(err, "");
	CHECK_EQ(p.pie.nseg, 4);
	CHECK_EQ(p.pie.link_base, 0);
	CHECK_EQ(p.pie.span, 0x5000);
	CHECK_EQ(p.pie.entry, U_ENTRY);
	CHECK_EQ(p.pie.phnum, U_NPH);
	CHECK_EQ(p.phdr_vaddr, 0x40);
	CHECK_EQ(p.rela_offset, U_RELA);
	CHECK_EQ(p.nrela, U_NRELA);
	CHECK_EQ(p.nrelative, 3);
	CHECK_EQ(p.relro_start, 0x2000);
	CHECK_EQ(p.relro_end, 0x3000);
	for (i = 0; i < 4; i++) {
		CHECK_EQ(p.pie.seg[i].vaddr, 0x1000 * i);
		CHECK_EQ(p.pie.seg[i].offset, 0x1000 * i);
		CHECK_EQ(uelf_prot(p.pie.seg[i].flags), prot[i]);
	}
	CHECK_EQ(p.pie.seg[3].filesz, 0x100);
	CHECK_EQ(p.pie.seg[3].memsz, 0x2000);

	for (base = 0x10000; base < (1ull << 46); base = base * 4099 + 0x1000) {
		base &= ~0xfffull;
		flat_load(&p, &f, base);
		CHECK_EQ(uelf_relocate(&p, base, flat_store, &f), 0);
		CHECK_EQ(f.stores, 3);
		CHECK_EQ(flat_u64(&f, base + 0x2100), base + 0x1010);
		CHECK_EQ(flat_u64(&f, base + 0x3000), base + 0x3008);
		CHECK_EQ(flat_u64(&f, base + 0x4ff8), base + 0x1000);
		CHECK_EQ(f.img[0x1000], 0xcc);
		free(f.img);
	}
	/* The store's error stops the walk and comes back. */
	flat_load(&p, &f, 0x400000);
	f.fail_after = 1;
	CHECK_EQ(uelf_relocate(&p, 0x400000, flat_store, &f), -EFAULT);
	CHECK_EQ(f.stores, 2);
	CHECK_EQ(flat_u64(&f, 0x400000 + 0x2100), 0x400000 + 0x1010);
	CHECK_EQ(flat_u64(&f, 0x400000 + 0x4ff8), 0);
	free(f.img);
	/* Bad bases: misaligned, past the lower half, wrapping. */
	CHECK_EQ(uelf_relocate(&p, 0x400800, flat_store, &f), -EINVAL);
	CHECK_EQ(uelf_relocate(&p, (1ull << 47) - 0x4000, flat_store, &f),
	         -EINVAL);
	CHECK_EQ(uelf_relocate(&p, ~0xfffull, flat_store, &f), -EINVAL);
	base = (1ull << 47) - 0x5000; /* the image ends at the very top */
	flat_load(&p, &f, base);
	CHECK_EQ(uelf_relocate(&p, base, flat_store, &f), 0);
	CHECK_EQ(flat_u64(&f, base + 0x4ff8), base + 0x1000);
	free(f.img);

	/* No PT_PHDR: the headers' address inside the first PT_LOAD. */
	ph(&u, PH_PHDR)->p_type = 0;
	CHECK_EQ(uelf_parse(u.b, sizeof(u.b), &p, &err), 0);
	CHECK_EQ(p.phdr_vaddr, 0x40);
	/* Nor in a PT_LOAD's file bytes: 0. */
	ph(&u, PH_R)->p_filesz = 0x20;
	dyn(&u, 0)->d_tag = DT_NULL; /* the RELA table went with it */
	CHECK_EQ(uelf_parse(u.b, sizeof(u.b), &p, &err), 0);
	CHECK_EQ(p.phdr_vaddr, 0);
	/* No relocations at all. */
	build(&u);
	dyn(&u, 0)->d_tag = DT_NULL;
	CHECK_EQ(uelf_parse(u.b, sizeof(u.b), &p, &err), 0);
	CHECK_EQ(p.nrela, 0);
	flat_load(&p, &f, 0x10000);
	CHECK_EQ(uelf_relocate(&p, 0x10000, flat_store, &f), 0);
	CHECK_EQ(f.stores, 0);
	free(f.img);
}

/* Parse u (first len bytes) expecting failure with why in the message. */
static void expect_fail(struct uimg *u, size_t len, const char *why, int line)
{
	struct uelf p;
	const char *err = NULL;
	int rc = uelf_parse(u->b, len, &p, &err);

	test_checks++;
	if (rc != -ENOEXEC || !err || !strstr(err, why))
		test_fail(__FILE__, line, "want -ENOEXEC \"%s\", got %d \"%s\"",
		          why, rc, err ? err : "(null)");
}
#define FAILS(u, why) expect_fail((u), sizeof((u)->b), (why), __LINE__)

static void test_header_errors(void)
{
	static struct uimg u;

	build(&u);
	expect_fail(&u, 0, "too small", __LINE__);
	expect_fail(&u, 63, "too small", __LINE__);
	expect_fail(&u, 100, "program headers lie outside the file", __LINE__);
	expect_fail(&u, 0x2010, "segment 3 extends outside the file", __LINE__);
	u.b[0] = 0;
	FAILS(&u, "magic");
	build(&u);
	eh(&u)->e_ident[EI_CLASS] = 1;
	FAILS(&u, "not a 64-bit ELF");
	build(&u);
	eh(&u)->e_ident[EI_DATA] = 2;
	FAILS(&u, "little-endian");
	build(&u);
	eh(&u)->e_machine = 3;
	FAILS(&u, "not an x86-64");
	build(&u);
	eh(&u)->e_type = ET_EXEC;
	FAILS(&u, "not a static PIE");
	build(&u);
	eh(&u)->e_phentsize = 32;
	FAILS(&u, "program header size");
	build(&u);
	eh(&u)->e_phnum = 0;
	FAILS(&u, "no program headers");
	build(&u);
	eh(&u)->e_phoff = U_SIZE - 56;
	FAILS(&u, "program headers lie outside the file");
	build(&u);
	eh(&u)->e_phoff = ~0ull - 8;
	FAILS(&u, "program headers lie outside the file");
	build(&u);
	eh(&u)->e_phnum = 0xffff; /* huge count */
	FAILS(&u, "program headers lie outside the file");
}

static void test_segment_errors(void)
{
	static struct uimg u;
	unsigned i;

	build(&u);
	ph(&u, PH_TEXT)->p_flags |= PF_W;
	FAILS(&u, "segment 2 is writable and executable (W+X)");
	build(&u);
	ph(&u, PH_DATA)->p_flags |= PF_X;
	FAILS(&u, "segment 4 is writable and executable");
	build(&u);
	ph(&u, PH_DATA)->p_vaddr = 0x2000; /* onto the RELRO page */
	ph(&u, PH_DATA)->p_offset = 0x2000;
	FAILS(&u, "share a page");
	build(&u);
	ph(&u, PH_TEXT)->p_vaddr = 0x1f80; /* runs into the next page */
	ph(&u, PH_TEXT)->p_offset = 0xf80;
	eh(&u)->e_entry = 0x1f90;
	FAILS(&u, "share a page");
	build(&u);
	eh(&u)->e_entry = 0x3010; /* data, not text */
	FAILS(&u, "entry point 0x3010 is not in an executable segment");
	build(&u);
	eh(&u)->e_entry = 0x1100; /* one past text */
	FAILS(&u, "not in an executable segment");
	build(&u);
	ph(&u, PH_DATA)->p_filesz = 0x3000;
	FAILS(&u, "file size exceeds memory size");
	build(&u);
	ph(&u, PH_DATA)->p_vaddr = 0x3008;
	FAILS(&u, "differ modulo the page size");
	build(&u);
	ph(&u, PH_DATA)->p_memsz = 0;
	FAILS(&u, "segment 4 is empty");
	build(&u);
	ph(&u, PH_DATA)->p_vaddr = 0xffff800000003000ull;
	FAILS(&u, "segment 4 is not in the lower half");
	build(&u);
	ph(&u, PH_DATA)->p_vaddr = (1ull << 47) - 0x1000; /* ends past it */
	FAILS(&u, "segment 4 is not in the lower half");
	build(&u);
	ph(&u, PH_DATA)->p_vaddr = 0xfffffffffffff000ull;
	FAILS(&u, "wraps");
	build(&u);
	ph(&u, PH_DATA)->p_memsz = 1ull << 30; /* span 1 GiB + 12 KiB */
	FAILS(&u, "image spans 1024 MiB, more than 1024");
	build(&u);
	ph(&u, PH_STACK)->p_type = PT_DYNAMIC;
	FAILS(&u, "more than one PT_DYNAMIC");
	build(&u);
	ph(&u, PH_DYN)->p_offset = U_SIZE;
	FAILS(&u, "dynamic section lies outside the file");
	/* 17 PT_LOADs, in a file big enough for their headers. */
	build(&u);
	eh(&u)->e_phnum = 17;
	eh(&u)->e_phoff = 0x400;
	for (i = 0; i < 17; i++) {
		struct elf64_phdr *h = (void *)(u.b + 0x400 + i * 56);

		*h =
		    (struct elf64_phdr){PT_LOAD, PF_R | PF_X, 0,    0x10000 * i,
		                        0,       0x10,        0x10, 0x1000};
	}
	FAILS(&u, "more than 16 PT_LOAD");
	eh(&u)->e_phnum = 0;
	FAILS(&u, "no program headers");
	eh(&u)->e_phnum = 1;
	((struct elf64_phdr *)(void *)(u.b + 0x400))->p_type = 4; /* NOTE */
	FAILS(&u, "no PT_LOAD segments");
}

static void test_policy_errors(void)
{
	static struct uimg u;

	build(&u);
	ph(&u, PH_STACK)->p_type = PT_INTERP;
	FAILS(&u, "PT_INTERP");
	build(&u);
	ph(&u, PH_STACK)->p_flags |= PF_X;
	FAILS(&u, "executable stack");
	build(&u);
	ph(&u, PH_PHDR)->p_vaddr = 0x5000;
	FAILS(&u, "PT_PHDR is not inside a PT_LOAD");
	build(&u);
	ph(&u, PH_PHDR)->p_vaddr = 0xfe0; /* runs into the text page */
	FAILS(&u, "PT_PHDR is not inside a PT_LOAD");
	build(&u);
	ph(&u, PH_GRELRO)->p_memsz = 0x1001;
	FAILS(&u, "PT_GNU_RELRO is not inside a PT_LOAD");
}

static void test_dynamic_errors(void)
{
	static const struct {
		int64_t tag;
		const char *why;
	} kinds[] = {
	    {DT_REL, "DT_REL relocations"},
	    {DT_RELR, "DT_RELR relocations"},
	    {DT_TEXTREL, "DT_TEXTREL"},
	    {DT_PLTRELSZ, "DT_JMPREL"},
	};
	static struct uimg u;
	unsigned i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		build(&u);
		*dyn(&u, DYN_RELACOUNT) = (struct elf64_dyn){kinds[i].tag, 24};
		FAILS(&u, kinds[i].why);
	}
	build(&u);
	dyn(&u, 2)->d_val = 16;
	FAILS(&u, "DT_RELAENT is 16, want 24");
	build(&u);
	dyn(&u, 2)->d_tag = DT_NULL; /* no DT_RELAENT at all */
	FAILS(&u, "DT_RELAENT is 0, want 24");
	build(&u);
	dyn(&u, 1)->d_val = 95;
	FAILS(&u, "not a multiple of 24");
	build(&u);
	dyn(&u, 1)->d_val = 24ull << 50; /* huge count */
	FAILS(&u, "not inside a segment's file bytes");
	build(&u);
	dyn(&u, 0)->d_val = 0x1000 - 48; /* runs past PH_R's file bytes */
	FAILS(&u, "not inside a segment's file bytes");
	build(&u);
	dyn(&u, 0)->d_val = 0x30c0; /* in data, but past its file bytes */
	FAILS(&u, "not inside a segment's file bytes");
	build(&u);
	dyn(&u, DYN_RELACOUNT)->d_val = 5;
	FAILS(&u, "DT_RELACOUNT 5 exceeds");
}

static void test_reloc_errors(void)
{
	static struct uimg u;

	build(&u);
	rela(&u, 1)->r_info = R_X86_64_64;
	FAILS(&u, "relocation 1: unsupported type 1 (R_X86_64_64)");
	build(&u);
	rela(&u, 2)->r_info = R_X86_64_JUMP_SLOT;
	FAILS(&u, "unsupported type 7 (R_X86_64_JUMP_SLOT)");
	build(&u);
	rela(&u, 3)->r_info = 37; /* IRELATIVE */
	FAILS(&u, "unsupported type 37 (unknown)");
	build(&u);
	rela(&u, 0)->r_offset = 0x1010; /* text */
	FAILS(&u, "relocation 0: target 0x1010 is not in a writable");
	build(&u);
	rela(&u, 0)->r_offset = 0x10; /* read-only headers */
	FAILS(&u, "target 0x10 is not in a writable");
	build(&u);
	rela(&u, 3)->r_offset = 0x4ffc; /* straddles the end of bss */
	FAILS(&u, "target 0x4ffc is not in a writable");
	build(&u);
	rela(&u, 3)->r_offset = ~0ull - 3;
	FAILS(&u, "is not in a writable");
	/* Without PT_GNU_RELRO the R-only page is not writable. */
	build(&u);
	ph(&u, PH_GRELRO)->p_type = 0;
	FAILS(&u, "target 0x2100 is not in a writable");
}

/* A real static PIE from clang-19 and ld.lld-19: it parses, and its
 * relocations land inside the image and point into it. The sample
 * (uelf_sample.c) must have some, and its string table, relocated, must
 * point at its strings. */
static void test_real(const char *path, bool sample)
{
	static const char *const want[] = {"tern", "uelf", "sample"};
	FILE *fp = fopen(path, "rb");
	uint64_t i, base = 0x7f1234560000ull, hits = 0;
	const char *err = NULL;
	struct uelf p;
	struct flat f;
	uint8_t *file;
	long size;

	CHECK(fp != NULL);
	if (!fp)
		return;
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	file = malloc((size_t)size);
	CHECK(fread(file, 1, (size_t)size, fp) == (size_t)size);
	fclose(fp);
	CHECK_EQ(uelf_parse(file, (size_t)size, &p, &err), 0);
	if (err && *err)
		printf("test_kuelf: %s: %s\n", path, err);
	CHECK(p.nrelative > 0 || !sample);
	CHECK(p.phdr_vaddr != 0);
	CHECK(p.pie.stack.present);
	printf("test_kuelf: %s: %u segments, span %#llx, entry %#llx, "
	       "%llu RELATIVE, RELRO [%#llx, %#llx)\n",
	       path, p.pie.nseg, (unsigned long long)p.pie.span,
	       (unsigned long long)p.pie.entry, (unsigned long long)p.nrelative,
	       (unsigned long long)p.relro_start,
	       (unsigned long long)p.relro_end);
	flat_load(&p, &f, base);
	CHECK_EQ(uelf_relocate(&p, base, flat_store, &f), 0);
	CHECK_EQ(f.stores, p.nrelative);
	/* Every stored word now holds an address inside the image; those
	 * naming a string name one of the sample's words. */
	for (i = 0; i + 8 <= f.size; i += 8) {
		uint64_t v = flat_u64(&f, f.lo + i);
		unsigned w;

		if (v < f.lo || v >= f.lo + f.size)
			continue;
		for (w = 0; w < 3; w++)
			if (v - f.lo + strlen(want[w]) < f.size &&
			    !strcmp((char *)f.img + (v - f.lo), want[w]))
				hits |= 1u << w;
	}
	if (sample)
		CHECK_EQ(hits, 7);
	free(f.img);
	free(file);
}

int main(int argc, char **argv)
{
	test_good();
	test_header_errors();
	test_segment_errors();
	test_policy_errors();
	test_dynamic_errors();
	test_reloc_errors();
	/* test_kuelf [SAMPLE [PROGRAM...]] */
	for (int i = 1; i < argc; i++)
		test_real(argv[i], i == 1);
	return test_finish();
}
