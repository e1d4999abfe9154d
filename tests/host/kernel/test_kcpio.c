/* SPDX-License-Identifier: MIT */
/* cpio newc reader: archives built here, valid and corrupt. */
#include <stdlib.h>
#include "proc/cpio.h"
#include "test.h"

/* An archive under construction. */
struct ar {
	uint8_t buf[16384];
	size_t len;
};

static void put(struct ar *a, const void *p, size_t n)
{
	if (n)
		memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void pad(struct ar *a)
{
	while (a->len & 3)
		a->buf[a->len++] = 0;
}

/* One member with raw header fields f[13] (namesize f[11] is written as
 * given; name bytes are strlen(name) + 1, padded). */
static void member_raw(struct ar *a, const uint32_t f[13], const char *name,
                       const void *data, size_t size)
{
	char h[CPIO_HEADER_SIZE + 1];

	memcpy(h, "070701", 6);
	for (int i = 0; i < 13; i++)
		snprintf(h + 6 + 8 * i, 9, "%08x", f[i]);
	put(a, h, CPIO_HEADER_SIZE);
	put(a, name, strlen(name) + 1);
	pad(a);
	put(a, data, size);
	pad(a);
}

static void member(struct ar *a, const char *name, uint32_t mode,
                   const void *data, uint32_t size, uint32_t ino)
{
	uint32_t f[13] = {ino,  mode, 0, 0, 1, 0,
	                  size, 0,    0, 0, 0, (uint32_t)strlen(name) + 1,
	                  0};

	member_raw(a, f, name, data, size);
}

static void trailer(struct ar *a)
{
	member(a, "TRAILER!!!", 0, NULL, 0, 0);
}

static const char motd[] = "welcome to tern\n";

/* ".", etc/, etc/motd, bin/x (5 bytes), /bin/y (empty), trailer. */
static void sample(struct ar *a)
{
	a->len = 0;
	member(a, ".", CPIO_S_IFDIR | 0755, NULL, 0, 1);
	member(a, "./etc", CPIO_S_IFDIR | 0755, NULL, 0, 2);
	member(a, "./etc/motd", CPIO_S_IFREG | 0644, motd, sizeof(motd) - 1, 3);
	member(a, "bin/x", CPIO_S_IFREG | 0755, "ABCDE", 5, 4);
	member(a, "/bin/y", CPIO_S_IFREG | 0755, NULL, 0, 5);
	trailer(a);
}

/* Walks buf[0..len) (a private heap copy, so ASan sees any overread);
 * returns the last cpio_next result, the members in *n, *err set. */
static int walk(const void *src, size_t len, int *n, const char **err)
{
	uint8_t *buf = malloc(len ? len : 1);
	size_t pos = 0, steps = 0;
	struct cpio_entry e;
	int r;

	memcpy(buf, src, len);
	*n = 0;
	*err = NULL;
	while ((r = cpio_next(buf, len, &pos, &e, err)) == 1) {
		(*n)++;
		CHECK(pos <= len);
		CHECK((const uint8_t *)e.name > buf &&
		      (const uint8_t *)e.name + e.namesize <= buf + len);
		CHECK(e.name[e.namesize - 1] == 0);
		CHECK(e.data >= buf && e.data + e.size <= buf + len);
		if (++steps > len / CPIO_HEADER_SIZE + 1) {
			CHECK(!"cpio_next does not advance");
			break;
		}
	}
	if (r < 0)
		CHECK(*err && **err);
	free(buf);
	return r;
}

static void test_valid(void)
{
	static struct ar a;
	struct cpio_entry e;
	size_t pos = 0;
	const char *err = NULL;
	int n;

	sample(&a);
	CHECK_EQ(walk(a.buf, a.len, &n, &err), 0);
	CHECK_EQ(n, 5);
	/* fields of each member, in order */
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 1);
	CHECK_STREQ(e.name, ".");
	CHECK_EQ(e.mode, CPIO_S_IFDIR | 0755);
	CHECK_EQ(e.ino, 1);
	CHECK_EQ(pos % 4, 0);
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 1);
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 1);
	CHECK_STREQ(e.name, "./etc/motd");
	CHECK_EQ(e.size, sizeof(motd) - 1);
	CHECK_MEMEQ(e.data, motd, sizeof(motd) - 1);
	CHECK_EQ(e.nlink, 1);
	CHECK_EQ(e.namesize, 11);
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 1);
	CHECK_MEMEQ(e.data, "ABCDE", 5);
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 1);
	CHECK_STREQ(e.name, "/bin/y");
	CHECK_EQ(e.size, 0);
	/* the trailer: 0, and again 0 without moving */
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 0);
	CHECK_EQ(cpio_next(a.buf, a.len, &pos, &e, &err), 0);
	/* bytes after the trailer (block padding) are not looked at */
	memset(a.buf + a.len, 0xee, 512);
	CHECK_EQ(walk(a.buf, a.len + 512, &n, &err), 0);
}

static void test_find(void)
{
	static struct ar a;
	struct cpio_entry e;
	const char *err = NULL;

	sample(&a);
	const char *hits[] = {"/etc/motd",   "etc/motd",      "./etc/motd",
	                      "//etc//motd", "/./etc/./motd", "/etc/motd/"};
	for (size_t i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
		memset(&e, 0, sizeof(e));
		CHECK_EQ(cpio_find(a.buf, a.len, hits[i], &e, &err), 1);
		CHECK_STREQ(e.name, "./etc/motd");
	}
	CHECK_EQ(cpio_find(a.buf, a.len, "/bin/x", &e, NULL), 1);
	CHECK_EQ(e.size, 5);
	CHECK_EQ(cpio_find(a.buf, a.len, "bin/y", &e, NULL), 1);
	CHECK_STREQ(e.name, "/bin/y");
	CHECK_EQ(cpio_find(a.buf, a.len, "/", &e, NULL), 1);
	CHECK_STREQ(e.name, ".");
	CHECK_EQ(cpio_find(a.buf, a.len, "/etc", &e, NULL), 1);
	CHECK_EQ(e.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
	CHECK_EQ(cpio_find(a.buf, a.len, "/etc/mot", &e, NULL), 0);
	CHECK_EQ(cpio_find(a.buf, a.len, "/etc/motdx", &e, NULL), 0);
	CHECK_EQ(cpio_find(a.buf, a.len, "/bin", &e, NULL), 0);
	CHECK_EQ(cpio_find(a.buf, a.len, "TRAILER!!!", &e, NULL), 0);
	/* malformed before the file: -1 with the reason */
	a.buf[0] = 'x';
	CHECK_EQ(cpio_find(a.buf, a.len, "/etc/motd", &e, &err), -1);
	CHECK_STREQ(err, "bad magic (not a newc archive)");
}

static void test_paths(void)
{
	char out[16];

	CHECK(cpio_path_eq("./bin/x", "/bin/x"));
	CHECK(cpio_path_eq("bin/x", "/bin/x"));
	CHECK(cpio_path_eq(".", ""));
	CHECK(cpio_path_eq("/", "./"));
	CHECK(!cpio_path_eq("/bin/x", "/bin/xy"));
	CHECK(!cpio_path_eq("/bin/x", "/bin"));
	CHECK(!cpio_path_eq("/bin", "/bin/x"));
	CHECK(cpio_path_eq("a/.../b", "/a/.../b")); /* "..." is a name */
	CHECK_EQ(cpio_path_norm("./bin/x", out, sizeof(out)), 6);
	CHECK_STREQ(out, "/bin/x");
	CHECK_EQ(cpio_path_norm(".", out, sizeof(out)), 1);
	CHECK_STREQ(out, "/");
	CHECK_EQ(cpio_path_norm("", out, sizeof(out)), 1);
	CHECK_STREQ(out, "/");
	CHECK_EQ(cpio_path_norm("a//b/./c/", out, sizeof(out)), 6);
	CHECK_STREQ(out, "/a/b/c");
	/* truncated to the buffer, length still the full one */
	CHECK_EQ(cpio_path_norm("abcdefgh/ijklmnop", out, 8), 18);
	CHECK_STREQ(out, "/abcdef");
	CHECK_EQ(cpio_path_norm("abc", out, 1), 4);
	CHECK_STREQ(out, "");
	CHECK_EQ(cpio_path_norm("abc", NULL, 0), 4);
}

/* Every prefix of a valid archive: malformed, until the trailer fits. */
static void test_truncated(void)
{
	static struct ar a;
	const char *err;
	size_t full, trailer_at;
	int n, r;

	sample(&a);
	full = a.len;
	trailer_at = full - 124; /* 110 + 11, padded to 124 */
	for (size_t cut = 0; cut < full; cut++) {
		r = walk(a.buf, cut, &n, &err);
		if (cut >= trailer_at + CPIO_HEADER_SIZE + 11) {
			CHECK_EQ(r, 0);
		} else {
			CHECK_EQ(r, -1);
			if (r != -1)
				printf("cut %zu gave %d\n", cut, r);
		}
	}
	CHECK_EQ(walk(a.buf, 0, &n, &err), -1);
	CHECK_STREQ(err, "archive ends without TRAILER!!!");
	CHECK_EQ(walk(a.buf, 50, &n, &err), -1);
	CHECK_STREQ(err, "truncated header");
	CHECK_EQ(walk(a.buf, CPIO_HEADER_SIZE + 1, &n, &err), -1);
	CHECK_STREQ(err, "truncated name");
	/* cut in etc/motd's data */
	CHECK_EQ(walk(a.buf, 3 * 112 + 20, &n, &err), -1);
	CHECK_STREQ(err, "truncated file data");
	CHECK_EQ(n, 2);
	/* no trailer at all */
	CHECK_EQ(walk(a.buf, trailer_at, &n, &err), -1);
	CHECK_STREQ(err, "archive ends without TRAILER!!!");
	CHECK_EQ(n, 5);
}

/* A non-hex character in every position of every field; the magic. */
static void test_bad_hex(void)
{
	static struct ar a;
	const char *err;
	int n;

	for (size_t i = 6; i < CPIO_HEADER_SIZE; i++) {
		sample(&a);
		a.buf[i] = (i & 1) ? 'g' : ' ';
		CHECK_EQ(walk(a.buf, a.len, &n, &err), -1);
		CHECK_STREQ(err, "bad hex digit in a header field");
	}
	for (size_t i = 0; i < 6; i++) {
		sample(&a);
		a.buf[i] ^= 0x10;
		CHECK_EQ(walk(a.buf, a.len, &n, &err), -1);
		CHECK_STREQ(err, "bad magic (not a newc archive)");
	}
	/* "070702" (the crc variant) is not newc */
	sample(&a);
	a.buf[5] = '2';
	CHECK_EQ(walk(a.buf, a.len, &n, &err), -1);
	/* upper-case digits are hex too */
	a.len = 0;
	uint32_t f[13] = {0xabcdef, 0100644, 0, 0, 1, 0, 3, 0, 0, 0, 0, 2, 0};
	member_raw(&a, f, "A", "xyz", 3);
	for (size_t i = 6; i < CPIO_HEADER_SIZE; i++)
		if (a.buf[i] >= 'a' && a.buf[i] <= 'f')
			a.buf[i] -= 32;
	trailer(&a);
	CHECK_EQ(walk(a.buf, a.len, &n, &err), 0);
	CHECK_EQ(n, 1);
	struct cpio_entry e;
	CHECK_EQ(cpio_find(a.buf, a.len, "/A", &e, NULL), 1);
	CHECK_EQ(e.ino, 0xabcdef);
}

/* One member with field k replaced by v, then a trailer: its error. */
static const char *with_field(int k, uint32_t v, const char *name)
{
	static struct ar a;
	static const char *err;
	uint32_t f[13] = {1, 0100644, 0, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0};
	int n;

	f[11] = (uint32_t)strlen(name) + 1;
	f[k] = v;
	a.len = 0;
	member_raw(&a, f, name, "data", 4);
	trailer(&a);
	if (walk(a.buf, a.len, &n, &err) != -1)
		return "no error";
	return err;
}

static void test_bad_fields(void)
{
	CHECK_STREQ(with_field(6, 0xffffffff, "f"), "truncated file data");
	CHECK_STREQ(with_field(6, 0x7fffffff, "f"), "truncated file data");
	CHECK_STREQ(with_field(6, 200, "f"), "truncated file data");
	CHECK_STREQ(with_field(11, 0xffffffff, "f"),
	            "name longer than CPIO_NAME_MAX");
	CHECK_STREQ(with_field(11, CPIO_NAME_MAX + 1, "f"),
	            "name longer than CPIO_NAME_MAX");
	CHECK_STREQ(with_field(11, 0, "f"), "zero namesize");
	/* namesize one short: the byte at namesize - 1 is not the NUL */
	CHECK_STREQ(with_field(11, 3, "abcd"),
	            "name not NUL-terminated at namesize");
	/* namesize one long: a NUL inside the name */
	CHECK_STREQ(with_field(11, 6, "abcd"), "NUL inside the name");
	CHECK_STREQ(with_field(11, 1000, "abcd"), "truncated name");
	CHECK_STREQ(with_field(0, 7, "../etc/passwd"),
	            "name with a .. component");
	CHECK_STREQ(with_field(0, 7, "a/../../b"), "name with a .. component");
	CHECK_STREQ(with_field(0, 7, "a/.."), "name with a .. component");
	CHECK_STREQ(with_field(0, 7, "/.."), "name with a .. component");
	/* names with dots that are not ".." components are fine */
	CHECK_STREQ(with_field(0, 7, "..a"), "no error");
	CHECK_STREQ(with_field(0, 7, "a/..."), "no error");
	CHECK_STREQ(with_field(0, 7, "a..b/c"), "no error");
	/* an empty name (namesize 1) is the root, like "." */
	CHECK_STREQ(with_field(0, 7, ""), "no error");
}

/* Names of 1..9 bytes with data of 0..9 bytes: the padding rules. */
static void test_padding(void)
{
	static struct ar a;
	static const char names[] = "abcdefghi";
	char name[16];
	const char *err;
	int n;

	a.len = 0;
	for (int nl = 1; nl <= 9; nl++) {
		for (uint32_t ds = 0; ds <= 9; ds++) {
			snprintf(name, sizeof(name), "%.*s", nl, names);
			name[0] = (char)('0' + ds);
			member(&a, name, CPIO_S_IFREG | 0644, "0123456789", ds,
			       (uint32_t)(nl * 10 + ds));
		}
	}
	trailer(&a);
	CHECK_EQ(walk(a.buf, a.len, &n, &err), 0);
	CHECK_EQ(n, 90);
	for (int nl = 1; nl <= 9; nl++) {
		for (uint32_t ds = 0; ds <= 9; ds++) {
			struct cpio_entry e;

			snprintf(name, sizeof(name), "%.*s", nl, names);
			name[0] = (char)('0' + ds);
			CHECK_EQ(cpio_find(a.buf, a.len, name, &e, &err), 1);
			CHECK_EQ(e.size, ds);
			CHECK_EQ(e.ino, nl * 10 + ds);
			CHECK_MEMEQ(e.data, "0123456789", ds);
			CHECK_EQ((e.data - a.buf) % 4, 0);
		}
	}
	/* a trailer whose own padding is cut still ends the archive */
	CHECK_EQ(walk(a.buf, a.len - 1, &n, &err), 0);
}

/* Random byte flips of a valid archive: never a crash, hang or overread
 * (walk checks bounds and progress; ASan watches the copy). */
static void test_random_flips(void)
{
	static struct ar a, b;
	const char *err;
	int n, r, bad = 0;

	test_rng_seed();
	sample(&a);
	for (int iter = 0; iter < 20000; iter++) {
		b = a;
		for (int k = 0, m = 1 + (int)test_rand_below(4); k < m; k++) {
			size_t at = test_rand_below(a.len);
			static const char pick[] = "0123456789abcdefg\0/.T";

			b.buf[at] =
			    test_rand_below(2)
			        ? (uint8_t)
			              pick[test_rand_below(sizeof(pick) - 1)]
			        : (uint8_t)test_rand();
		}
		r = walk(b.buf,
		         test_rand_below(2) ? b.len : test_rand_below(b.len),
		         &n, &err);
		CHECK(r == 0 || r == -1);
		bad += r < 0;
	}
	CHECK(bad > 0);
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[1 << 24];

	*len = 0;
	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

/* test_kcpio ARCHIVE [SRC=PATH ...]: an archive from scripts/mkcpio.py
 * walks to its trailer with a directory for every parent, and holds each
 * PATH with the bytes of SRC. */
static void check_archive(int argc, char **argv)
{
	static uint8_t want[1 << 20];
	size_t len, wlen, pos = 0;
	uint8_t *buf = slurp(argv[1], &len);
	struct cpio_entry e, d;
	const char *err = NULL;
	char dir[CPIO_NAME_MAX];
	int r, n;

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_EQ(walk(buf, len, &n, &err), 0);
	while ((r = cpio_next(buf, len, &pos, &e, &err)) == 1) {
		char *slash;

		CHECK_EQ(e.mtime, 0);
		CHECK_EQ(e.uid, 0);
		cpio_path_norm(e.name, dir, sizeof(dir));
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = 0;
			CHECK_EQ(cpio_find(buf, len, dir, &d, NULL), 1);
			CHECK_EQ(d.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
		}
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		FILE *f;

		CHECK(eq != NULL);
		if (!eq)
			continue;
		*eq = 0;
		f = fopen(argv[i], "rb");
		CHECK(f != NULL);
		if (!f)
			continue;
		wlen = fread(want, 1, sizeof(want), f);
		fclose(f);
		CHECK_EQ(cpio_find(buf, len, eq + 1, &e, &err), 1);
		CHECK_EQ(e.size, wlen);
		CHECK_EQ(e.mode & CPIO_S_IFMT, CPIO_S_IFREG);
		if (e.size == wlen)
			CHECK_MEMEQ(e.data, want, wlen);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		check_archive(argc, argv);
		return test_finish();
	}
	test_valid();
	test_find();
	test_paths();
	test_truncated();
	test_bad_hex();
	test_bad_fields();
	test_padding();
	test_random_flips();
	return test_finish();
}
