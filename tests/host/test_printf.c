/* SPDX-License-Identifier: MIT */
/* libk printf: fixed cases, then a randomized differential test against
 * glibc's snprintf over generated conversion specifications, values and
 * buffer sizes. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <libk/printf.h>
#include "test.h"

#define OUT 512

/* Format with both implementations into buffers of `size` bytes and
 * compare the return values and the buffers. */
#define DIFF(size, fmt, ...)                                                   \
	do {                                                                   \
		char _mine[OUT], _ref[OUT];                                    \
		memset(_mine, 0x55, OUT);                                      \
		memset(_ref, 0x55, OUT);                                       \
		int _rm = libk_snprintf(_mine, (size), fmt, __VA_ARGS__);      \
		int _rr = snprintf(_ref, (size), fmt, __VA_ARGS__);            \
		compare(fmt, (size), _mine, _rm, _ref, _rr);                   \
	} while (0)

static void compare(const char *fmt, size_t size, const char *mine, int rm,
                    const char *ref, int rr)
{
	test_checks++;
	if (rm != rr || memcmp(mine, ref, OUT))
		test_fail(__FILE__, __LINE__,
		          "fmt \"%s\" size %zu: libk %d \"%s\" glibc %d \"%s\"",
		          fmt, size, rm, size ? mine : "", rr, size ? ref : "");
}

#define EXPECT(want, fmt, ...)                                                 \
	do {                                                                   \
		char _buf[OUT];                                                \
		int _n =                                                       \
		    libk_snprintf(_buf, sizeof(_buf), fmt, ##__VA_ARGS__);     \
		CHECK_STREQ(_buf, want);                                       \
		CHECK_EQ(_n, strlen(want));                                    \
	} while (0)

static void test_fixed(void)
{
	EXPECT("x=42 -7 ff FF", "x=%d %i %x %X", 42, -7, 255, 255);
	EXPECT("(null)|(nul", "%s|%.4s", (char *)NULL, (char *)NULL);
	EXPECT("0x0000000000000000", "%p", (void *)0);
	EXPECT("0x00000000deadbeef", "%p", (void *)0xdeadbeef);
	EXPECT("  0x0000000000000001|", "%20p|", (void *)1);
	EXPECT("%", "%%");
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("-9223372036854775808", "%jd", INTMAX_MIN);
	EXPECT("-3", "%td", (ptrdiff_t)-3);
	EXPECT("|ab   |", "|%-*s|", 5, "ab");
	EXPECT("|ab   |", "|%*s|", -5, "ab");
	EXPECT("|   12|", "|%5.*d|", -1, 12); /* negative precision: none */

	/* truncation and NUL termination */
	char buf[6];
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ(libk_snprintf(buf, sizeof(buf), "%s", "hello world"), 11);
	CHECK_STREQ(buf, "hello");
	CHECK_EQ(libk_snprintf(NULL, 0, "%d", 12345), 5);
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ(libk_snprintf(buf, 1, "abc"), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'z');
}

/* Conversions libk does not know are printed as written, never crash. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wformat"
#pragma clang diagnostic ignored "-Wformat-insufficient-args"
#pragma clang diagnostic ignored "-Wformat-invalid-specifier"
static void test_unknown(void)
{
	EXPECT("a%qb", "a%qb");
	EXPECT("%5.3k|", "%5.3k|");
	EXPECT("%lq", "%lq");
	EXPECT("end%", "end%");
	EXPECT("end%-5", "end%-5");
	EXPECT("end%.*", "end%.*", 3);
}
#pragma clang diagnostic pop

/* A sink that counts calls and bytes, to test vformat directly. */
struct count_sink {
	size_t bytes;
	char text[64];
};

static void count_fn(void *ctx, const char *s, size_t n)
{
	struct count_sink *c = ctx;

	for (size_t i = 0; i < n && c->bytes + 1 < sizeof(c->text); i++)
		c->text[c->bytes + i] = s[i];
	c->bytes += n;
}

static int call_vformat(struct count_sink *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int call_vformat(struct count_sink *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = libk_vformat(count_fn, c, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vformat(void)
{
	struct count_sink c = {0};

	CHECK_EQ(call_vformat(&c, "%08x:%-3c|", 0xbeef, 'q'), 13);
	CHECK_EQ(c.bytes, 13);
	CHECK(!memcmp(c.text, "0000beef:q  |", 13));

	struct count_sink big = {0};
	CHECK_EQ(call_vformat(&big, "%5000d", 1), 5000); /* long padding */
	CHECK_EQ(big.bytes, 5000);
}

/* ---- randomized differential test ---- */

enum kind {
	K_INT,
	K_LONG,
	K_LLONG,
	K_SIZE,
	K_PTRDIFF,
	K_INTMAX,
	K_STR,
	K_CHAR
};

struct gen {
	char fmt[64];
	enum kind kind;
	int nstar;
	int star[2];
};

static void append(struct gen *g, const char *s)
{
	strncat(g->fmt, s, sizeof(g->fmt) - strlen(g->fmt) - 1);
}

/* Random value with an interesting magnitude: edges, small, or wide. */
static uint64_t rand_value(void)
{
	static const uint64_t edges[] = {
	    0,
	    1,
	    7,
	    8,
	    9,
	    10,
	    15,
	    16,
	    0x7f,
	    0x80,
	    0xff,
	    0x100,
	    0x7fff,
	    0x8000,
	    0xffff,
	    0x7fffffff,
	    0x80000000,
	    0xffffffff,
	    0x7fffffffffffffff,
	    0x8000000000000000,
	    UINT64_MAX,
	};
	switch (test_rand_below(4)) {
	case 0:
		return edges[test_rand_below(sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return test_rand_below(1000);
	default:
		return test_rand() >> test_rand_below(64);
	}
}

static void gen_flags(struct gen *g, char conv)
{
	bool numeric = conv != 's' && conv != 'c';
	const char *flags = numeric ? "-0+ #" : "-";

	for (int i = (int)test_rand_below(4); i > 0; i--) {
		char f[2] = {flags[test_rand_below(strlen(flags))], 0};
		if (f[0] == '#' && (conv == 'd' || conv == 'i' || conv == 'u'))
			continue; /* undefined in C */
		append(g, f);
	}
}

/* Width or precision: none, digits, or '*' with a random int. */
static void gen_num(struct gen *g, bool prec)
{
	char tmp[16];
	unsigned r = (unsigned)test_rand_below(4);

	if (r == 0)
		return;
	if (prec)
		append(g, ".");
	if (r == 1 && prec)
		return; /* "." alone: precision 0 */
	if (r == 3) {
		append(g, "*");
		g->star[g->nstar++] = (int)test_rand_below(60) - 20;
		return;
	}
	snprintf(tmp, sizeof(tmp), "%d", (int)test_rand_below(30));
	append(g, tmp);
}

static enum kind gen_length(struct gen *g)
{
	static const struct {
		const char *mod;
		enum kind kind;
	} lens[] = {
	    {"", K_INT},     {"hh", K_INT}, {"h", K_INT},     {"l", K_LONG},
	    {"ll", K_LLONG}, {"z", K_SIZE}, {"t", K_PTRDIFF}, {"j", K_INTMAX},
	};
	size_t i = test_rand_below(sizeof(lens) / sizeof(lens[0]));

	append(g, lens[i].mod);
	return lens[i].kind;
}

static void gen_spec(struct gen *g)
{
	static const char convs[] = "diuxXoscc";
	char conv = convs[test_rand_below(sizeof(convs) - 1)];

	memset(g, 0, sizeof(*g));
	append(g, test_rand_below(3) ? "<" : "");
	append(g, "%");
	gen_flags(g, conv);
	gen_num(g, false);
	if (conv != 'c')
		gen_num(g, true);
	g->kind = conv == 's' ? K_STR : conv == 'c' ? K_CHAR : gen_length(g);
	char c[2] = {conv, 0};
	append(g, c);
	append(g, test_rand_below(2) ? ">" : "");
}

/* Call DIFF with the stars and one value of the right type. */
#define DIFF_STARS(size, g, v)                                                 \
	do {                                                                   \
		if ((g)->nstar == 0)                                           \
			DIFF(size, (g)->fmt, v);                               \
		else if ((g)->nstar == 1)                                      \
			DIFF(size, (g)->fmt, (g)->star[0], v);                 \
		else                                                           \
			DIFF(size, (g)->fmt, (g)->star[0], (g)->star[1], v);   \
	} while (0)

#pragma clang diagnostic ignored "-Wformat-nonliteral"
#pragma clang diagnostic ignored "-Wformat-security"

static void diff_one(const struct gen *g, size_t size)
{
	static const char *const strs[] = {"", "a", "hello", "tern os",
	                                   "0123456789abcdefghij"};
	uint64_t v = rand_value();

	switch (g->kind) {
	case K_INT:
		DIFF_STARS(size, g, (int)v);
		break;
	case K_LONG:
		DIFF_STARS(size, g, (long)v);
		break;
	case K_LLONG:
		DIFF_STARS(size, g, (long long)v);
		break;
	case K_SIZE:
		DIFF_STARS(size, g, (size_t)v);
		break;
	case K_PTRDIFF:
		DIFF_STARS(size, g, (ptrdiff_t)v);
		break;
	case K_INTMAX:
		DIFF_STARS(size, g, (intmax_t)v);
		break;
	case K_STR:
		DIFF_STARS(size, g, strs[v % 5]);
		break;
	case K_CHAR:
		DIFF_STARS(size, g, (int)(v % 95) + 32);
		break;
	}
}

static void test_differential(void)
{
	struct gen g;

	for (int iter = 0; iter < 200000; iter++) {
		gen_spec(&g);
		size_t size = test_rand_below(8) ? OUT : test_rand_below(12);
		diff_one(&g, size);
	}
}

int main(void)
{
	test_rng_seed();
	test_fixed();
	test_unknown();
	test_vformat();
	test_differential();
	return test_finish();
}
