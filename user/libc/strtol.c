/* SPDX-License-Identifier: MIT */
/* strtol and strtoul. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

/* The value of digit c in base, or -1. */
static int digit(int c, int base)
{
	int v = isdigit(c)             ? c - '0'
	        : c >= 'a' && c <= 'z' ? c - 'a' + 10
	        : c >= 'A' && c <= 'Z' ? c - 'A' + 10
	                               : 99;
	return v < base ? v : -1;
}

/* The common part: skips spaces and a sign (*neg), detects the base, and
 * accumulates the magnitude up to limit (saturating, *over set). Returns
 * the magnitude; *end gets the first unused character, s if none. */
static unsigned long parse(const char *s, char **end, int base, int *neg,
                           unsigned long limit, int *over)
{
	const char *p = s;
	unsigned long v = 0;
	int any = 0;

	*neg = *over = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') &&
	    digit((unsigned char)p[2], 16) >= 0) {
		p += 2;
		base = 16;
	} else if (base == 0)
		base = p[0] == '0' ? 8 : 10;
	for (int d; base >= 2 && base <= 36 &&
	            (d = digit((unsigned char)*p, base)) >= 0;
	     p++) {
		any = 1;
		if (v > (limit - (unsigned long)d) / (unsigned long)base) {
			*over = 1;
			v = limit;
		} else
			v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (base < 0 || base == 1 || base > 36)
		errno = EINVAL;
	return v;
}

long strtol(const char *s, char **end, int base)
{
	int neg, over;
	unsigned long lim = (unsigned long)LONG_MAX + 1;
	unsigned long v = parse(s, end, base, &neg, lim, &over);

	if (over || (!neg && v == lim)) {
		errno = ERANGE;
		return neg ? LONG_MIN : LONG_MAX;
	}
	return neg ? (long)(0ul - v) : (long)v;
}

/* A '-' negates the value in unsigned arithmetic, as C specifies. */
unsigned long strtoul(const char *s, char **end, int base)
{
	int neg, over;
	unsigned long v = parse(s, end, base, &neg, ULONG_MAX, &over);

	if (over) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? 0ul - v : v;
}
