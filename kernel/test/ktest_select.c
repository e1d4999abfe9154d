/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include "test/ktest.h"

/* Calls each comma-separated element of list until fn returns true. */
static bool any_item(const char *list,
                     bool (*fn)(const char *item, size_t len, const void *arg),
                     const void *arg, const char **hit, size_t *hitlen)
{
	const char *p = list;

	for (;;) {
		const char *comma = LIBK_FN(strchr)(p, ',');
		size_t len = comma ? (size_t)(comma - p) : LIBK_FN(strlen)(p);

		if (len && fn(p, len, arg)) {
			*hit = p;
			*hitlen = len;
			return true;
		}
		if (!comma)
			return false;
		p = comma + 1;
	}
}

bool ktest_name_matches(const char *item, size_t len, const char *name)
{
	size_t n = LIBK_FN(strlen)(name);

	if (len && item[len - 1] == '*') /* a prefix */
		return n >= len - 1 && !LIBK_FN(memcmp)(item, name, len - 1);
	return n == len && !LIBK_FN(memcmp)(item, name, len);
}

static bool item_is(const char *item, size_t len, const void *name)
{
	return (len == 3 && !LIBK_FN(memcmp)(item, "all", 3)) ||
	       ktest_name_matches(item, len, name);
}

bool ktest_selected(const char *list, const char *name)
{
	const char *hit;
	size_t len;

	return any_item(list, item_is, name, &hit, &len);
}

static bool item_unknown(const char *item, size_t len, const void *known)
{
	bool (*const *fn)(const char *, size_t) = known;

	if (len == 3 && !LIBK_FN(memcmp)(item, "all", 3))
		return false;
	return !(*fn)(item, len);
}

bool ktest_unknown_name(const char *list,
                        bool (*known)(const char *name, size_t len),
                        const char **bad, size_t *badlen)
{
	return any_item(list, item_unknown, &known, bad, badlen);
}
