/* SPDX-License-Identifier: MIT */
/* The tern.cfg parser: a line at a time, every read bounded by len. */
#include "config.h"
#include <libk/parse.h>
#include <libk/printf.h>
#include <libk/string.h>

struct cfg_line {
	const char *key, *val;
	size_t klen, vlen;
	unsigned no; /* 1-based line number */
};

void cfg_defaults(struct tern_cfg *cfg)
{
	LIBK_FN(strlcpy)
	(cfg->kernel, TERN_CFG_DEFAULT_KERNEL, sizeof(cfg->kernel));
	cfg->cmdline[0] = '\0';
	cfg->res_w = cfg->res_h = 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Strip blanks (and a CR) from both ends of s[0..*len). */
static const char *trim(const char *s, size_t *len)
{
	while (*len && is_blank(s[0])) {
		s++;
		(*len)--;
	}
	while (*len && is_blank(s[*len - 1]))
		(*len)--;
	return s;
}

static bool key_is(const struct cfg_line *l, const char *key)
{
	return l->klen == LIBK_FN(strlen)(key) &&
	       !LIBK_FN(memcmp)(l->key, key, l->klen);
}

/* Copy the value into dst[0..cap), checking length and characters. */
static bool store(const struct cfg_line *l, char *dst, size_t cap,
                  bool ascii_only, char *err, size_t errlen)
{
	size_t i;

	if (l->vlen >= cap) {
		LIBK_FN(snprintf)
		(err, errlen,
		 "line %u: value of '%.*s' is "
		 "too long (%zu bytes, max %zu)",
		 l->no, (int)l->klen, l->key, l->vlen, cap - 1);
		return false;
	}
	for (i = 0; i < l->vlen; i++) {
		unsigned char c = (unsigned char)l->val[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f ||
		    (ascii_only && c > 0x7f)) {
			LIBK_FN(snprintf)
			(err, errlen,
			 "line %u: bad character"
			 " %#x in '%.*s'",
			 l->no, c, (int)l->klen, l->key);
			return false;
		}
	}
	LIBK_FN(memcpy)(dst, l->val, l->vlen);
	dst[l->vlen] = '\0';
	return true;
}

/* One dimension of a resolution: decimal digits, 1..TERN_CFG_RES_MAX. */
static bool res_dim(const char *s, size_t len, uint32_t *out)
{
	uint64_t v;

	if (!len || s[0] < '0' || s[0] > '9' || kparse_u64(s, len, 10, &v) ||
	    v < 1 || v > TERN_CFG_RES_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* "WIDTHxHEIGHT" (x or X) or "keep" into cfg->res_w/res_h. */
static bool store_resolution(struct tern_cfg *cfg, const struct cfg_line *l,
                             char *err, size_t errlen)
{
	const char *v = l->val, *x = LIBK_FN(memchr)(v, 'x', l->vlen);
	size_t wlen;

	if (l->vlen == 4 && !LIBK_FN(memcmp)(v, "keep", 4)) {
		cfg->res_w = cfg->res_h = 0;
		return true;
	}
	if (!x)
		x = LIBK_FN(memchr)(v, 'X', l->vlen);
	wlen = x ? (size_t)(x - v) : 0;
	if (!x || !res_dim(v, wlen, &cfg->res_w) ||
	    !res_dim(x + 1, l->vlen - wlen - 1, &cfg->res_h)) {
		LIBK_FN(snprintf)
		(err, errlen,
		 "line %u: bad resolution '%.*s' (want WIDTHxHEIGHT, e.g. "
		 "1024x768, each 1-%u, or keep)",
		 l->no, (int)(l->vlen > 24 ? 24 : l->vlen), v,
		 TERN_CFG_RES_MAX);
		cfg->res_w = cfg->res_h = 0;
		return false;
	}
	return true;
}

/* Apply one non-blank, non-comment line. */
static bool apply(struct tern_cfg *cfg, const struct cfg_line *l,
                  cfg_warn_fn warn, void *ctx, char *err, size_t errlen)
{
	char msg[96];

	if (key_is(l, "kernel")) {
		if (l->vlen == 0) {
			LIBK_FN(snprintf)
			(err, errlen,
			 "line %u: empty kernel "
			 "path",
			 l->no);
			return false;
		}
		return store(l, cfg->kernel, sizeof(cfg->kernel), true, err,
		             errlen);
	}
	if (key_is(l, "cmdline"))
		return store(l, cfg->cmdline, sizeof(cfg->cmdline), false, err,
		             errlen);
	if (key_is(l, "resolution"))
		return store_resolution(cfg, l, err, errlen);
	if (warn) {
		LIBK_FN(snprintf)
		(msg, sizeof(msg),
		 "line %u: unknown key "
		 "'%.*s' ignored",
		 l->no, (int)(l->klen > 32 ? 32 : l->klen), l->key);
		warn(ctx, msg);
	}
	return true;
}

/* Split raw[0..len) (one line, no LF) into key and value and apply it. */
static bool parse_line(struct tern_cfg *cfg, const char *raw, size_t len,
                       unsigned no, cfg_warn_fn warn, void *ctx, char *err,
                       size_t errlen)
{
	struct cfg_line l = {.no = no};
	const char *eq;
	char msg[64];

	raw = trim(raw, &len);
	if (len == 0 || raw[0] == '#')
		return true;
	if (LIBK_FN(memchr)(raw, '\0', len)) {
		LIBK_FN(snprintf)(err, errlen, "line %u: NUL byte", no);
		return false;
	}
	eq = LIBK_FN(memchr)(raw, '=', len);
	if (!eq) {
		if (warn) {
			LIBK_FN(snprintf)
			(msg, sizeof(msg),
			 "line %u: no '=',"
			 " ignored",
			 no);
			warn(ctx, msg);
		}
		return true;
	}
	l.klen = (size_t)(eq - raw);
	l.key = trim(raw, &l.klen);
	l.vlen = len - (size_t)(eq + 1 - raw);
	l.val = trim(eq + 1, &l.vlen);
	return apply(cfg, &l, warn, ctx, err, errlen);
}

bool cfg_parse(struct tern_cfg *cfg, const char *buf, size_t len,
               cfg_warn_fn warn, void *ctx, char *err, size_t errlen)
{
	unsigned no = 1;
	size_t pos = 0;

	while (pos < len) {
		const char *nl = LIBK_FN(memchr)(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (!parse_line(cfg, buf + pos, end - pos, no++, warn, ctx, err,
		                errlen))
			return false;
		pos = end + 1;
	}
	return true;
}
