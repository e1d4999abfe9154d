/* SPDX-License-Identifier: MIT */
/* C-locale character classes (C17 7.4), by ASCII range. */
#include <libk/ctype.h>

static int in(int c, int lo, int hi)
{
	return c >= lo && c <= hi;
}

int LIBK_FN(isdigit)(int c)
{
	return in(c, '0', '9');
}

int LIBK_FN(isspace)(int c)
{
	return c == ' ' || in(c, '\t', '\r'); /* \t \n \v \f \r */
}

static int is_upper(int c)
{
	return in(c, 'A', 'Z');
}

static int is_lower(int c)
{
	return in(c, 'a', 'z');
}

int LIBK_FN(isalpha)(int c)
{
	return is_upper(c) || is_lower(c);
}

int LIBK_FN(isalnum)(int c)
{
	return LIBK_FN(isalpha)(c) || LIBK_FN(isdigit)(c);
}

int LIBK_FN(isxdigit)(int c)
{
	return LIBK_FN(isdigit)(c) || in(c, 'a', 'f') || in(c, 'A', 'F');
}

int LIBK_FN(isprint)(int c)
{
	return in(c, 0x20, 0x7e);
}

int LIBK_FN(tolower)(int c)
{
	return is_upper(c) ? c - 'A' + 'a' : c;
}

int LIBK_FN(toupper)(int c)
{
	return is_lower(c) ? c - 'a' + 'A' : c;
}
