/* SPDX-License-Identifier: MIT */
/* Kernel command line lookup: "key=value key2 key3=\"quoted value\"". */
#include <libk/parse.h>
#include <libk/string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the word starting at w (at most n bytes): up to the first
 * blank outside double quotes, or the end. An unclosed quote runs to the
 * end. */
static size_t word_len(const char *w, size_t n)
{
	bool quoted = false;
	size_t i = 0;

	for (; i < n && (quoted || !is_blank(w[i])); i++) {
		if (w[i] == '"')
			quoted = !quoted;
	}
	return i;
}

/* If word w[0..n) is key or key=value, point *val and *vlen at the value
 * (quotes stripped) and return true. */
static bool match_word(const char *w, size_t n, const char *key, size_t klen,
                       const char **val, size_t *vlen)
{
	if (n < klen || LIBK_FN(memcmp)(w, key, klen))
		return false;
	if (n == klen) {
		*val = w + n;
		*vlen = 0;
		return true;
	}
	if (w[klen] != '=')
		return false;
	const char *v = w + klen + 1;
	size_t vl = n - klen - 1;
	if (vl && v[0] == '"') {
		v++;
		vl--;
		if (vl && v[vl - 1] == '"')
			vl--;
	}
	*val = v;
	*vlen = vl;
	return true;
}

bool kcmdline_find(const char *line, size_t len, const char *key,
                   const char **val, size_t *vlen)
{
	size_t klen = LIBK_FN(strlen)(key);
	bool found = false;

	if (!line || !klen)
		return false;
	len = LIBK_FN(strnlen)(line, len);
	for (size_t i = 0; i < len;) {
		if (is_blank(line[i])) {
			i++;
			continue;
		}
		size_t n = word_len(line + i, len - i);
		found |= match_word(line + i, n, key, klen, val, vlen);
		i += n;
	}
	return found;
}

bool kcmdline_get(const char *cmdline, const char *key, char *val, size_t valsz)
{
	const char *v;
	size_t vlen;

	if (valsz)
		val[0] = '\0';
	if (!cmdline ||
	    !kcmdline_find(cmdline, LIBK_FN(strlen)(cmdline), key, &v, &vlen))
		return false;
	if (!val)
		return true;
	if (vlen >= valsz)
		return false;
	LIBK_FN(memcpy)(val, v, vlen);
	val[vlen] = '\0';
	return true;
}
