/* SPDX-License-Identifier: MIT */
/* cpio newc reader (see cpio.h). Every length is checked against the
 * bytes left before anything is read. */
#include <libk/string.h>
#include "proc/cpio.h"

#define MAGIC         "070701"
#define MAGIC_LEN     6
#define NFIELDS       13
#define TRAILER       "TRAILER!!!"
#define TRAILER_BYTES 11 /* with its NUL */

/* Header field indices, in file order. */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
};

#define BAD(m)                                                                 \
	do {                                                                   \
		if (err)                                                       \
			*err = (m);                                            \
		return -1;                                                     \
	} while (0)

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Eight hex digits at p into *v; false if any is not a hex digit. */
static bool hex8(const char *p, uint32_t *v)
{
	uint32_t x = 0;

	for (int i = 0; i < 8; i++) {
		int d = hexval(p[i]);

		if (d < 0)
			return false;
		x = x << 4 | (uint32_t)d;
	}
	*v = x;
	return true;
}

static size_t pad4(size_t n)
{
	return (4 - (n & 3)) & 3;
}

/* The next path component of *p: skips "/" and "." components, returns
 * its length (0 at the end) with *c at its start, and moves *p past it. */
static size_t next_comp(const char **p, const char **c)
{
	const char *s = *p;

	for (;;) {
		size_t n = 0;

		while (*s == '/')
			s++;
		while (s[n] && s[n] != '/')
			n++;
		if (n == 1 && s[0] == '.') {
			s++;
			continue;
		}
		*c = s;
		*p = s + n;
		return n;
	}
}

static bool has_dotdot(const char *name)
{
	const char *c;
	size_t n;

	while ((n = next_comp(&name, &c)))
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return true;
	return false;
}

bool cpio_path_eq(const char *a, const char *b)
{
	const char *ca, *cb;
	size_t na, nb;

	do {
		na = next_comp(&a, &ca);
		nb = next_comp(&b, &cb);
		if (na != nb || LIBK_FN(memcmp)(ca, cb, na))
			return false;
	} while (na);
	return true;
}

size_t cpio_path_norm(const char *name, char *out, size_t cap)
{
	const char *c;
	size_t n, len = 0;

	while ((n = next_comp(&name, &c))) {
		for (size_t i = 0; i <= n; i++, len++)
			if (len + 1 < cap)
				out[len] = i ? c[i - 1] : '/';
	}
	if (!len) {
		if (cap > 1)
			out[0] = '/';
		len = 1;
	}
	if (cap)
		out[len < cap ? len : cap - 1] = 0;
	return len;
}

/* The 13 header fields of the member at p (CPIO_HEADER_SIZE bytes). */
static int parse_header(const char *p, uint32_t f[NFIELDS], const char **err)
{
	if (LIBK_FN(memcmp)(p, MAGIC, MAGIC_LEN))
		BAD("bad magic (not a newc archive)");
	for (int i = 0; i < NFIELDS; i++)
		if (!hex8(p + MAGIC_LEN + 8 * i, &f[i]))
			BAD("bad hex digit in a header field");
	return 0;
}

int cpio_next(const void *buf, size_t len, size_t *pos, struct cpio_entry *e,
              const char **err)
{
	const char *base = buf;
	size_t p = *pos, left, name_at, data_at, end;
	uint32_t f[NFIELDS];

	if (p > len)
		BAD("position past the end");
	left = len - p;
	if (left == 0)
		BAD("archive ends without TRAILER!!!");
	if (left < CPIO_HEADER_SIZE)
		BAD("truncated header");
	if (parse_header(base + p, f, err))
		return -1;
	if (f[F_NAMESIZE] == 0)
		BAD("zero namesize");
	if (f[F_NAMESIZE] > CPIO_NAME_MAX)
		BAD("name longer than CPIO_NAME_MAX");
	name_at = p + CPIO_HEADER_SIZE;
	if (left - CPIO_HEADER_SIZE < f[F_NAMESIZE])
		BAD("truncated name");
	if (base[name_at + f[F_NAMESIZE] - 1] != 0)
		BAD("name not NUL-terminated at namesize");
	if (LIBK_FN(memchr)(base + name_at, 0, f[F_NAMESIZE] - 1))
		BAD("NUL inside the name");
	/* header + name <= 110 + 4096 and file sizes are 32-bit: the sums
	 * below cannot wrap a 64-bit size_t; they are compared with left. */
	data_at = CPIO_HEADER_SIZE + f[F_NAMESIZE];
	data_at += pad4(p + data_at);
	if (f[F_NAMESIZE] == TRAILER_BYTES &&
	    !LIBK_FN(memcmp)(base + name_at, TRAILER, TRAILER_BYTES))
		return 0;
	if (has_dotdot(base + name_at))
		BAD("name with a .. component");
	end = data_at + f[F_FILESIZE];
	if (data_at > left || end > left)
		BAD("truncated file data");
	end += pad4(p + end);
	if (end > left)
		end = left; /* the last member's padding may be cut */
	*e = (struct cpio_entry){
	    .name = base + name_at,
	    .namesize = f[F_NAMESIZE],
	    .ino = f[F_INO],
	    .mode = f[F_MODE],
	    .uid = f[F_UID],
	    .gid = f[F_GID],
	    .nlink = f[F_NLINK],
	    .mtime = f[F_MTIME],
	    .data = (const uint8_t *)base + p + data_at,
	    .size = f[F_FILESIZE],
	};
	*pos = p + end;
	return 1;
}

int cpio_find(const void *buf, size_t len, const char *path,
              struct cpio_entry *e, const char **err)
{
	size_t pos = 0;
	struct cpio_entry cur;
	int r;

	while ((r = cpio_next(buf, len, &pos, &cur, err)) == 1) {
		if (cpio_path_eq(cur.name, path)) {
			*e = cur;
			return 1;
		}
	}
	return r;
}
