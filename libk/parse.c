/* SPDX-License-Identifier: MIT */
/* kparse_u64: bounded, overflow-checked unsigned number parsing. */
#include <libk/parse.h>

/* Value of digit c in bases up to 36, or 99 if c is no digit. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a') + 10;
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A') + 10;
	return 99;
}

/* Length of a radix prefix ("0x" or "0b") at s matching base, and the base
 * it selects; 0 if none. */
static size_t radix_prefix(const char *s, size_t len, unsigned *base)
{
	if (len < 2 || s[0] != '0')
		return 0;
	char c = (char)(s[1] | 0x20);
	if (c == 'x' && (*base == 0 || *base == 16)) {
		*base = 16;
		return 2;
	}
	if (c == 'b' && (*base == 0 || *base == 2)) {
		*base = 2;
		return 2;
	}
	return 0;
}

int kparse_u64(const char *s, size_t len, unsigned base, uint64_t *out)
{
	if (!s || !len)
		return KPARSE_EEMPTY;
	if (base == 1 || base > 36)
		return KPARSE_EINVAL;

	size_t i = radix_prefix(s, len, &base);
	if (!base)
		base = 10;
	if (i == len)
		return KPARSE_EINVAL; /* "0x" with no digits */

	uint64_t v = 0;
	for (; i < len; i++) {
		unsigned d = digit_value(s[i]);
		if (d >= base)
			return KPARSE_EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return KPARSE_ERANGE;
		v = v * base + d;
	}
	*out = v;
	return 0;
}
