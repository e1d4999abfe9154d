/* SPDX-License-Identifier: MIT */
/* ustack: the initial process stack of psABI 3.4.1 (figure 3.9); the
 * layout picture is in ustack.h. */
#include "ustack.h"
#include <libk/bitops.h>
#include <libk/string.h>
#include <tern/errno.h>
#include <tern/syscall.h>

/* The caller's buffer standing for user addresses [lo, lo + size). */
struct ubuf {
	uint8_t *b;
	uint64_t lo;
};

static void put(const struct ubuf *u, uint64_t uaddr, const void *src,
                size_t len)
{
	LIBK_FN(memcpy)(u->b + (uaddr - u->lo), src, len);
}

static void put64(const struct ubuf *u, uint64_t uaddr, uint64_t v)
{
	put(u, uaddr, &v, sizeof(v));
}

/* Add the size of n strings (NULs included) to *total, reading none past
 * the USTACK_MAX_STRINGS budget. */
static int measure(const char *const *s, size_t n, size_t *total)
{
	size_t i, left, len;

	if (n && !s)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!s[i])
			return -EINVAL;
		left = USTACK_MAX_STRINGS - *total;
		len = LIBK_FN(strnlen)(s[i], left);
		if (len == left)
			return -E2BIG;
		*total += len + 1;
	}
	return 0;
}

/* Copy n strings upwards from *at, storing each one's address in the
 * pointer array at ptrs; *at moves past them. */
static void place(const struct ubuf *u, const char *const *s, size_t n,
                  uint64_t *at, uint64_t ptrs)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = LIBK_FN(strlen)(s[i]) + 1;
		put(u, *at, s[i], len);
		put64(u, ptrs + i * 8, *at);
		*at += len;
	}
	put64(u, ptrs + n * 8, 0);
}

int ustack_build(const struct ustack_args *a, uint64_t top, void *buf,
                 size_t bufsize, uint64_t *rsp)
{
	const char *const execfn[1] = {a->execfn};
	size_t strings = 0;
	uint64_t str_lo, rnd, sp, at, words;
	struct ubuf u;
	int rc;

	if ((top & 15) || bufsize > top || !buf || !a->random || !a->execfn)
		return -EINVAL;
	if (a->argc > USTACK_MAX_ARGC || a->envc > USTACK_MAX_ENVC)
		return -E2BIG;
	if ((rc = measure(a->argv, a->argc, &strings)) ||
	    (rc = measure(a->envp, a->envc, &strings)) ||
	    (rc = measure(execfn, 1, &strings)))
		return rc;
	/* Every term is bounded by the limits above: no overflow. The
	 * worst case of both roundings must fit, so nothing below wraps. */
	words = 1 + (a->argc + 1) + (a->envc + 1) + 2 * USTACK_NAUXV;
	if (8 + strings + 15 + USTACK_RANDOM + words * 8 + 15 > bufsize)
		return -E2BIG;
	str_lo = top - 8 - strings;
	rnd = align_down(str_lo - USTACK_RANDOM, 16);
	sp = align_down(rnd - words * 8, 16);
	u = (struct ubuf){buf, top - bufsize};

	/* Padding too: no stale bytes of buf reach the process. */
	LIBK_FN(memset)(u.b + (sp - u.lo), 0, top - sp);
	put64(&u, top - 8, 0);
	at = str_lo;
	place(&u, a->argv, a->argc, &at, sp + 8);
	place(&u, a->envp, a->envc, &at, sp + 8 + (a->argc + 1) * 8);
	put(&u, at, a->execfn, top - 8 - at);
	put(&u, rnd, a->random, USTACK_RANDOM);
	put64(&u, sp, a->argc);

	const uint64_t auxv[USTACK_NAUXV][2] = {
	    {AT_PHDR, a->phdr}, {AT_PHENT, a->phent}, {AT_PHNUM, a->phnum},
	    {AT_PAGESZ, 4096},  {AT_BASE, a->base},   {AT_ENTRY, a->entry},
	    {AT_RANDOM, rnd},   {AT_EXECFN, at},      {AT_NULL, 0},
	};
	put(&u, sp + 8 * (1 + a->argc + 1 + a->envc + 1), auxv, sizeof(auxv));
	*rsp = sp;
	return 0;
}
