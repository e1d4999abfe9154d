/* SPDX-License-Identifier: MIT */
/* The printf engine: parses conversion specifications (C17 7.21.6.1) and
 * sends the formatted pieces to a sink. No buffers beyond a few stack
 * bytes, no allocation, no floating point. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <libk/printf.h>
#include <libk/string.h>

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_ZERO = 1 << 1,  /* '0' */
	F_PLUS = 1 << 2,  /* '+' */
	F_SPACE = 1 << 3, /* ' ' */
	F_ALT = 1 << 4,   /* '#' */
};

enum len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned flags;
	size_t width; /* 0: none */
	int prec;     /* -1: none */
	enum len len;
};

struct out {
	libk_sink_fn sink;
	void *ctx;
	size_t count;
};

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "%zd reads ptrdiff_t");

static void emit(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->ctx, s, n);
		o->count += n;
	}
}

static void emit_repeat(struct out *o, char c, size_t n)
{
	char chunk[32];
	size_t k = n < sizeof(chunk) ? n : sizeof(chunk);

	for (size_t i = 0; i < k; i++)
		chunk[i] = c;
	for (; n > k; n -= k)
		emit(o, chunk, k);
	emit(o, chunk, n);
}

/* Emit s[0..n) right-justified in the field width (left with '-'). */
static void emit_field(struct out *o, const struct spec *sp, const char *s,
                       size_t n)
{
	size_t pad = sp->width > n ? sp->width - n : 0;

	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	emit(o, s, n);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

/* Emit an integer: prefix (sign or 0x), then precision zeros, then the
 * digits of mag in base, laid out in the field width. A value of zero with
 * precision 0 has no digits (C17 7.21.6.1p8). */
static void emit_int(struct out *o, const struct spec *sp, uint64_t mag,
                     unsigned base, bool upper, const char *prefix)
{
	const char *xdigits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[64];
	size_t nd = 0, plen = LIBK_FN(strlen)(prefix);

	for (; mag; mag /= base)
		digits[sizeof(digits) - ++nd] = xdigits[mag % base];

	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	size_t zeros = prec > nd ? prec - nd : 0;
	if (base == 8 && (sp->flags & F_ALT) && !zeros)
		zeros = 1; /* '#' forces a leading 0 digit */

	size_t body = plen + zeros + nd;
	size_t pad = sp->width > body ? sp->width - body : 0;
	bool zero_pad =
	    (sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->prec < 0;

	if (!(sp->flags & F_LEFT) && !zero_pad)
		emit_repeat(o, ' ', pad);
	emit(o, prefix, plen);
	emit_repeat(o, '0', zeros + (zero_pad ? pad : 0));
	emit(o, digits + sizeof(digits) - nd, nd);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

static int64_t arg_signed(enum len len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t arg_unsigned(enum len len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

static void conv_signed(struct out *o, const struct spec *sp, va_list *ap)
{
	int64_t v = arg_signed(sp->len, ap);
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	const char *sign = v < 0                 ? "-"
	                   : sp->flags & F_PLUS  ? "+"
	                   : sp->flags & F_SPACE ? " "
	                                         : "";

	emit_int(o, sp, mag, 10, false, sign);
}

static void conv_unsigned(struct out *o, const struct spec *sp, char conv,
                          va_list *ap)
{
	uint64_t v = arg_unsigned(sp->len, ap);
	bool alt = (sp->flags & F_ALT) && v;

	switch (conv) {
	case 'o':
		emit_int(o, sp, v, 8, false, "");
		break;
	case 'x':
		emit_int(o, sp, v, 16, false, alt ? "0x" : "");
		break;
	case 'X':
		emit_int(o, sp, v, 16, true, alt ? "0X" : "");
		break;
	default:
		emit_int(o, sp, v, 10, false, "");
		break;
	}
}

static void conv_pointer(struct out *o, const struct spec *sp, va_list *ap)
{
	struct spec p = *sp;

	p.prec = 16;
	emit_int(o, &p, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
}

static void conv_string(struct out *o, const struct spec *sp, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);

	if (!s)
		s = "(null)";
	size_t n = sp->prec < 0 ? LIBK_FN(strlen)(s)
	                        : LIBK_FN(strnlen)(s, (size_t)sp->prec);
	emit_field(o, sp, s, n);
}

static void conv_char(struct out *o, const struct spec *sp, va_list *ap)
{
	char c = (char)va_arg(*ap, int);

	emit_field(o, sp, &c, 1);
}

/* Decimal digits at *p, saturating at INT_MAX. */
static int parse_num(const char **p)
{
	int v = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++) {
		int d = **p - '0';
		v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
	}
	return v;
}

static unsigned parse_flags(const char **p)
{
	unsigned flags = 0;

	for (;; (*p)++) {
		switch (**p) {
		case '-':
			flags |= F_LEFT;
			break;
		case '0':
			flags |= F_ZERO;
			break;
		case '+':
			flags |= F_PLUS;
			break;
		case ' ':
			flags |= F_SPACE;
			break;
		case '#':
			flags |= F_ALT;
			break;
		default:
			return flags;
		}
	}
}

static void parse_width(const char **p, struct spec *sp, va_list *ap)
{
	if (**p != '*') {
		sp->width = (size_t)parse_num(p);
		return;
	}
	(*p)++;
	int w = va_arg(*ap, int);
	if (w < 0) { /* C17 7.21.6.1p5: negative width is '-' plus width */
		sp->flags |= F_LEFT;
		sp->width = (size_t) - (long long)w;
	} else {
		sp->width = (size_t)w;
	}
}

static void parse_prec(const char **p, struct spec *sp, va_list *ap)
{
	sp->prec = -1;
	if (**p != '.')
		return;
	(*p)++;
	if (**p == '*') {
		(*p)++;
		int v = va_arg(*ap, int);
		sp->prec = v < 0 ? -1 : v; /* negative: as if omitted */
	} else {
		sp->prec = parse_num(p);
	}
}

static enum len parse_len(const char **p)
{
	const char *s = *p;
	enum len len = LEN_NONE;

	switch (*s) {
	case 'h':
		len = s[1] == 'h' ? LEN_HH : LEN_H;
		break;
	case 'l':
		len = s[1] == 'l' ? LEN_LL : LEN_L;
		break;
	case 'z':
		len = LEN_Z;
		break;
	case 't':
		len = LEN_T;
		break;
	case 'j':
		len = LEN_J;
		break;
	default:
		return LEN_NONE;
	}
	*p += (len == LEN_HH || len == LEN_LL) ? 2 : 1;
	return len;
}

/* Run the conversion named by c. Returns false if c is not one. */
static bool convert(struct out *o, const struct spec *sp, char c, va_list *ap)
{
	switch (c) {
	case 'd':
	case 'i':
		conv_signed(o, sp, ap);
		return true;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		conv_unsigned(o, sp, c, ap);
		return true;
	case 'p':
		conv_pointer(o, sp, ap);
		return true;
	case 's':
		conv_string(o, sp, ap);
		return true;
	case 'c':
		conv_char(o, sp, ap);
		return true;
	case '%':
		emit(o, "%", 1);
		return true;
	default:
		return false;
	}
}

/* Handle one specification; *p points just past the '%'. On return *p is
 * past the conversion character (or at the terminating NUL). */
static void format_one(struct out *o, const char **p, va_list *ap)
{
	const char *start = *p - 1;
	struct spec sp = {0};

	sp.flags = parse_flags(p);
	parse_width(p, &sp, ap);
	parse_prec(p, &sp, ap);
	sp.len = parse_len(p);

	char c = **p;
	if (c)
		(*p)++;
	if (!c || !convert(o, &sp, c, ap))
		emit(o, start, (size_t)(*p - start)); /* unknown: as written */
}

int LIBK_FN(vformat)(libk_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = {sink, ctx, 0};
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *lit = fmt;
		while (*fmt && *fmt != '%')
			fmt++;
		emit(&o, lit, (size_t)(fmt - lit));
		if (*fmt == '%') {
			fmt++;
			format_one(&o, &fmt, &args);
		}
	}
	va_end(args);
	return o.count > INT_MAX ? -1 : (int)o.count;
}
