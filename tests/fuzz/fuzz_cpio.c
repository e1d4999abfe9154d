/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for kernel/proc/cpio.c: every input is walked as a newc
 * archive. Each member must lie inside the input with its name
 * NUL-terminated at namesize - 1 and free of ".." components; the walk must
 * advance and end in the trailer or a named error; cpio_find of each
 * member's name must find the first member with that normalised path, and
 * the normalised path must match the name it came from.
 */
#include <proc/cpio.h>
#include <stdlib.h>
#include <string.h>

static void check(int ok)
{
	if (!ok)
		abort();
}

static int inside(const void *p, size_t n, const uint8_t *buf, size_t len)
{
	const uint8_t *q = p;

	return q >= buf && n <= len && q - buf <= (ptrdiff_t)(len - n);
}

/* A normalised path ("/a/b") with a ".." component. */
static int dotdot(const char *norm)
{
	for (const char *p = norm; (p = strstr(p, "/..")); p++)
		if (p[3] == '/' || p[3] == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char norm[CPIO_NAME_MAX + 2];
	size_t pos = 0, prev, steps = 0;
	struct cpio_entry e, f;
	const char *err = NULL;
	int r;

	for (;;) {
		prev = pos;
		r = cpio_next(data, size, &pos, &e, &err);
		if (r != 1)
			break;
		check(pos > prev + CPIO_HEADER_SIZE && pos <= size);
		check(++steps <= size / CPIO_HEADER_SIZE);
		check(inside(e.name, e.namesize, data, size));
		check(e.namesize >= 1 && e.name[e.namesize - 1] == 0 &&
		      strlen(e.name) == e.namesize - 1);
		check(inside(e.data, e.size, data, size));
		check(cpio_path_norm(e.name, norm, sizeof(norm)) <
		      sizeof(norm));
		check(norm[0] == '/' && !strstr(norm, "//") && !dotdot(norm) &&
		      !strstr(norm, "/./"));
		check(cpio_path_eq(norm, e.name));
		check(cpio_find(data, size, norm, &f, NULL) == 1);
		check(f.name <= e.name && cpio_path_eq(f.name, e.name));
	}
	check(r == 0 || r == -1);
	check(pos == prev);
	if (r < 0)
		check(err && err[0] && strlen(err) < 64);
	return 0;
}
