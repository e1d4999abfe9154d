/* SPDX-License-Identifier: MIT */
/* kelf: a valid crafted kernel loads and relocates at several slides; each
 * kind of corruption is refused with the right reason; the real kernel
 * (argv[1], if given) loads at two slides that differ exactly at its
 * relocations. */
#include "kelf.h"
#include "test.h"
#include "test_elf.h"
#include <stdlib.h>

static struct test_elf e;
static struct kelf k;

/* kelf_parse + kelf_load (at virt) of e, expecting failure mentioning
 * `why`, or success when why is NULL. */
static void expect(const char *why, uint64_t virt, int line)
{
	static uint8_t image[TE_SPAN];
	bool ok = kelf_parse(&k, e.b, sizeof(e.b));

	if (ok && k.span <= sizeof(image))
		ok = kelf_load(&k, image, virt);
	test_checks++;
	if (why && (ok || !strstr(k.err, why)))
		test_fail(__FILE__, line, "want \"%s\", got %s \"%s\"", why,
		          ok ? "success" : "error", k.err);
	if (!why && !ok)
		test_fail(__FILE__, line, "unexpected error \"%s\"", k.err);
}
#define EXPECT_ERR(why) expect((why), TE_LB, __LINE__)

static void test_valid(void)
{
	uint8_t *image = malloc(TE_SPAN);
	int64_t slides[] = {0, 0x200000, -0x40000000ll, 0x1000};
	uint64_t w[6];
	unsigned i;

	te_build(&e);
	CHECK(kelf_parse(&k, e.b, sizeof(e.b)));
	CHECK_EQ(k.nseg, 3);
	CHECK_EQ(k.link_base, TE_LB);
	CHECK_EQ(k.span, TE_SPAN);
	CHECK_EQ(k.entry, TE_LB + 0x10);
	for (i = 0; i < sizeof(slides) / sizeof(slides[0]); i++) {
		uint64_t s = (uint64_t)slides[i];

		memset(image, 0xaa, TE_SPAN);
		CHECK(kelf_load(&k, image, TE_LB + s));
		memcpy(w, image + TE_PTR_OFF - 0x1000, sizeof(w));
		CHECK_EQ(w[0], TE_LB + 0x10 + s);   /* RELA */
		CHECK_EQ(w[1], TE_LB + 0x1008 + s); /* RELA */
		CHECK_EQ(w[2], TE_LB + 0x20 + s);   /* RELR address */
		CHECK_EQ(w[3], TE_LB + 0x30 + s);   /* RELR bitmap bit 1 */
		CHECK_EQ(w[4], 0x1234);             /* bit 2 clear */
		CHECK_EQ(w[5], TE_LB + 0x40 + s);   /* RELR bitmap bit 3 */
		CHECK_EQ(image[0], 0xcc);           /* text copied */
		CHECK_EQ(image[0x100], 0);          /* page tail zeroed */
		CHECK_EQ(image[TE_SPAN - 1], 0);    /* bss zeroed */
	}
	CHECK(!kelf_load(&k, image, TE_LB + 0x800)); /* misaligned base */
	free(image);
}

static void test_symbols(void)
{
	struct tern_symbol syms[4];
	char str[32];
	uint32_t n, sz;

	te_build(&e);
	CHECK(kelf_parse(&k, e.b, sizeof(e.b)));
	CHECK(kelf_symbols(&k, NULL, 0, NULL, 0, &n, &sz));
	CHECK_EQ(n, 2);
	CHECK_EQ(sz, sizeof("zeta") + sizeof("alpha"));
	CHECK(kelf_symbols(&k, syms, 4, str, sizeof(str), &n, &sz));
	CHECK_EQ(n, 2);
	CHECK_EQ(syms[0].addr, TE_LB + 0x10);
	CHECK_EQ(syms[0].size, 0x20);
	CHECK_STREQ(str + syms[0].name_off, "alpha");
	CHECK_EQ(syms[1].addr, TE_LB + 0x80);
	CHECK_STREQ(str + syms[1].name_off, "zeta");
	CHECK(!kelf_symbols(&k, syms, 1, str, sizeof(str), &n, &sz));
	CHECK(!kelf_symbols(&k, syms, 4, str, 5, &n, &sz));
	te_ehdr(&e)->e_shoff = 0;
	CHECK(kelf_parse(&k, e.b, sizeof(e.b)));
	CHECK(kelf_symbols(&k, NULL, 0, NULL, 0, &n, &sz));
	CHECK_EQ(n, 0);
	te_build(&e);
	te_ehdr(&e)->e_shoff = TE_SIZE - 64;
	CHECK(kelf_parse(&k, e.b, sizeof(e.b)));
	CHECK(!kelf_symbols(&k, NULL, 0, NULL, 0, &n, &sz));
}

static void test_header_errors(void)
{
	te_build(&e), e.b[1] = 'F', EXPECT_ERR("bad ELF magic");
	te_build(&e), e.b[EI_CLASS] = 1, EXPECT_ERR("not a 64-bit");
	te_build(&e), e.b[EI_DATA] = 2, EXPECT_ERR("little-endian");
	te_build(&e), te_ehdr(&e)->e_machine = 3, EXPECT_ERR("x86-64");
	te_build(&e), te_ehdr(&e)->e_type = ET_EXEC, EXPECT_ERR("static PIE");
	te_build(&e), te_ehdr(&e)->e_phentsize = 32, EXPECT_ERR("header size");
	te_build(&e), te_ehdr(&e)->e_phnum = 0, EXPECT_ERR("no program");
	te_build(&e), te_ehdr(&e)->e_phoff = TE_SIZE - 100,
	              EXPECT_ERR("outside the file");
	te_build(&e), te_ehdr(&e)->e_phoff = ~0ull - 8,
	              EXPECT_ERR("outside the file");
	te_build(&e), te_ehdr(&e)->e_entry = TE_LB + 0x1000,
	              EXPECT_ERR("not in an executable");
	te_build(&e);
	CHECK(!kelf_parse(&k, e.b, 10));
	CHECK(strstr(k.err, "too small"));
	CHECK(!kelf_parse(&k, e.b, 100));
	CHECK(strstr(k.err, "outside the file"));
	CHECK(!kelf_parse(&k, e.b, 0x3010));
	CHECK(strstr(k.err, "segment 2 extends outside the file"));
}

static void test_segment_errors(void)
{
	struct elf64_phdr *ph;
	unsigned i;

	te_build(&e), te_phdr(&e, 0)->p_flags |= PF_W, EXPECT_ERR("(W+X)");
	te_build(&e),
	    te_phdr(&e, 1)->p_offset = TE_SIZE,
	                EXPECT_ERR("segment 1 extends outside the file");
	te_build(&e), te_phdr(&e, 1)->p_filesz = 0x201,
	                          EXPECT_ERR("exceeds memory size");
	te_build(&e), te_phdr(&e, 2)->p_vaddr += 8, EXPECT_ERR("modulo");
	te_build(&e), te_phdr(&e, 0)->p_vaddr = 0x200000,
	                          EXPECT_ERR("higher half");
	te_build(&e), te_phdr(&e, 1)->p_memsz = 0x1001,
	                          EXPECT_ERR("segments 1 and 2 share a page");
	te_build(&e), te_phdr(&e, 2)->p_memsz = ~0ull - 0x1000,
	                          EXPECT_ERR("wraps");
	te_build(&e), te_phdr(&e, 2)->p_memsz = 3ull << 29, EXPECT_ERR("spans");
	te_build(&e), te_phdr(&e, 0)->p_memsz = 0, EXPECT_ERR("empty");
	te_build(&e), te_phdr(&e, TE_PH_DYN)->p_type = PT_DYNAMIC,
	                          te_phdr(&e, 1)->p_type = PT_DYNAMIC,
	                          EXPECT_ERR("more than one PT_DYNAMIC");
	te_build(&e);
	for (i = 0; i < 3; i++)
		te_phdr(&e, i)->p_type = 0x6474e551; /* PT_GNU_STACK */
	EXPECT_ERR("no PT_LOAD");
	/* 17 PT_LOADs: more than KELF_MAX_SEGS. */
	te_build(&e);
	te_ehdr(&e)->e_phoff = 0x400;
	te_ehdr(&e)->e_phnum = KELF_MAX_SEGS + 1;
	for (i = 0; i <= KELF_MAX_SEGS; i++) {
		ph = (struct elf64_phdr *)(void *)(e.b + 0x400 + i * 56);
		*ph = (struct elf64_phdr){PT_LOAD, PF_R, 0, TE_LB + i * 0x1000,
		                          0,       0,    8, 0x1000};
	}
	EXPECT_ERR("more than 16");
}

static void test_reloc_errors(void)
{
	te_build(&e),
	    te_rela(&e, 1)->r_info = R_X86_64_64,
	                EXPECT_ERR(
	                    "unsupported relocation type 1 (R_X86_64_64)");
	te_build(&e), te_rela(&e, 1)->r_info = R_X86_64_JUMP_SLOT,
	                          EXPECT_ERR("R_X86_64_JUMP_SLOT");
	te_build(&e), te_rela(&e, 0)->r_offset = TE_LB + TE_SPAN - 4,
	                          EXPECT_ERR("outside the image");
	te_build(&e), te_rela(&e, 0)->r_offset = 0x1000,
	                          EXPECT_ERR("outside the image");
	te_build(&e), te_dyn(&e, 0)->d_val = TE_LB + TE_SPAN - 8,
	                         EXPECT_ERR("DT_RELA table outside");
	te_build(&e), te_dyn(&e, 2)->d_val = 16, EXPECT_ERR("entry size");
	te_build(&e), te_dyn(&e, 5)->d_val = 4, EXPECT_ERR("entry size");
	te_build(&e), te_dyn(&e, 1)->d_tag = DT_REL, EXPECT_ERR("DT_REL");
	te_build(&e), *te_u64(&e, TE_RELR_OFF) = 3, EXPECT_ERR("bitmap before");
	te_build(&e), *te_u64(&e, TE_RELR_OFF) = TE_LB + TE_SPAN,
	                          EXPECT_ERR("outside the image");
	/* DT_NULL ends the table: a bad tag after it is never seen. */
	te_build(&e), te_dyn(&e, 3)->d_tag = DT_NULL,
	                         te_dyn(&e, 4)->d_tag = DT_REL,
	                         EXPECT_ERR(NULL);
}

/* A differing byte at *i must lie in an 8-byte word (not necessarily
 * aligned) that differs by exactly d; *i moves past that word. */
static bool slid_word(const uint8_t *a, const uint8_t *b, size_t n, size_t *i,
                      uint64_t d)
{
	size_t s = *i >= 7 ? *i - 7 : 0;
	uint64_t x, y;

	for (; s <= *i && s + 8 <= n; s++) {
		memcpy(&x, a + s, 8);
		memcpy(&y, b + s, 8);
		if (x - y == d) {
			*i = s + 7;
			return true;
		}
	}
	return false;
}

/* Real kernel: loading at two slides changes exactly the relocated words,
 * each by the slide difference. */
static void test_real_kernel(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *file, *a, *b;
	long size;
	size_t i, diffs = 0;
	const uint64_t d = 0x40000000;

	if (!f) {
		printf("test_kelf: %s not found, skipping\n", path);
		return;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	file = malloc((size_t)size);
	CHECK(fread(file, 1, (size_t)size, f) == (size_t)size);
	fclose(f);
	CHECK(kelf_parse(&k, file, (size_t)size));
	a = malloc(k.span);
	b = malloc(k.span);
	CHECK(kelf_load(&k, a, k.link_base));
	CHECK(kelf_load(&k, b, k.link_base - d));
	for (i = 0; i < k.span; i++) {
		if (a[i] == b[i])
			continue;
		if (!slid_word(a, b, k.span, &i, d))
			break;
		diffs++;
	}
	CHECK(i >= k.span);
	CHECK(diffs > 0);
	printf("test_kelf: %s: %zu relocated words\n", path, diffs);
	free(a);
	free(b);
	free(file);
}

int main(int argc, char **argv)
{
	test_valid();
	test_symbols();
	test_header_errors();
	test_segment_errors();
	test_reloc_errors();
	if (argc > 1)
		test_real_kernel(argv[1]);
	return test_finish();
}
