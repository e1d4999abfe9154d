/* SPDX-License-Identifier: MIT */
/* tern.cfg parser: defaults, comments, CRLF, blanks, unknown keys, errors. */
#include "config.h"
#include "test.h"

static unsigned warnings;
static char last_warning[128];

static void warn(void *ctx, const char *msg)
{
	warnings++;
	snprintf(last_warning, sizeof(last_warning), "%s", msg);
}

static bool parse(struct tern_cfg *c, const char *text, char *err)
{
	cfg_defaults(c);
	warnings = 0;
	err[0] = '\0';
	return cfg_parse(c, text, strlen(text), warn, NULL, err, 128);
}

static void test_good(void)
{
	struct tern_cfg c;
	char err[128];

	CHECK(parse(&c, "", err));
	CHECK_STREQ(c.kernel, "\\tern\\kernel.elf");
	CHECK_STREQ(c.cmdline, "");
	CHECK(parse(&c,
	            "# comment\r\n\r\n  kernel = \\a\\b.elf \r\n"
	            "cmdline=test=all  console=serial\r\n   # more\n",
	            err));
	CHECK_STREQ(c.kernel, "\\a\\b.elf");
	CHECK_STREQ(c.cmdline, "test=all  console=serial");
	CHECK_EQ(warnings, 0);
	CHECK(parse(&c, "cmdline=a\ncmdline=b", err)); /* last wins, no LF */
	CHECK_STREQ(c.cmdline, "b");
	CHECK(parse(&c, "cmdline=\n", err));
	CHECK_STREQ(c.cmdline, "");
	CHECK(parse(&c, "color=blue\nkernel=/k.elf\n", err));
	CHECK_EQ(warnings, 1);
	CHECK(strstr(last_warning, "line 1") && strstr(last_warning, "color"));
	CHECK_STREQ(c.kernel, "/k.elf");
	CHECK(parse(&c, "just words\n", err));
	CHECK_EQ(warnings, 1);
	CHECK(strstr(last_warning, "no '='"));
	CHECK(parse(&c, "cmdline=x # not a comment\n", err));
	CHECK_STREQ(c.cmdline, "x # not a comment");
	CHECK(parse(&c, "cmdline=caf\xc3\xa9\n", err)); /* UTF-8 is fine */
}

static void test_bad(void)
{
	char big[TERN_CFG_CMDLINE_MAX + 32];
	struct tern_cfg c;
	char err[128];
	size_t n;

	n = (size_t)snprintf(big, sizeof(big), "\ncmdline=");
	memset(big + n, 'x', TERN_CFG_CMDLINE_MAX - 1);
	big[n + TERN_CFG_CMDLINE_MAX - 1] = '\0';
	CHECK(parse(&c, big, err)); /* exactly the maximum */
	CHECK_EQ(strlen(c.cmdline), TERN_CFG_CMDLINE_MAX - 1);
	big[n + TERN_CFG_CMDLINE_MAX - 1] = 'x';
	big[n + TERN_CFG_CMDLINE_MAX] = '\0';
	CHECK(!parse(&c, big, err));
	CHECK(strstr(err, "line 2") && strstr(err, "too long"));
	CHECK(!parse(&c, "kernel=\n", err));
	CHECK(strstr(err, "empty kernel"));
	CHECK(!parse(&c, "kernel=\\k\xc3\xa9.elf\n", err));
	CHECK(strstr(err, "bad character"));
	CHECK(!parse(&c, "cmdline=a\x01b\n", err));
	CHECK(strstr(err, "bad character"));
	cfg_defaults(&c);
	CHECK(!cfg_parse(&c, "cmdline=a\0b\n", 12, NULL, NULL, err, 128));
	CHECK(strstr(err, "NUL"));
}

/* resolution=: accepted forms, every malformed one refused naming the
 * line, and the result on refusal is "keep" (0x0). */
static void test_resolution(void)
{
	static const char *const bad[] = {
	    "",          "1024",       "1024x",
	    "x768",      "1024x768x",  "1024*768",
	    "-1x768",    "+1024x768",  "0x768",
	    "1024x0",    "16385x768",  "1024x16385",
	    "0x400x768", "1024 x 768", "99999999999999999999x1",
	    "10 24x768", "1024xx768",  "KEEP"};
	struct tern_cfg c;
	char err[128], text[64];

	CHECK(parse(&c, "", err));
	CHECK_EQ(c.res_w, 0);
	CHECK_EQ(c.res_h, 0);
	CHECK(parse(&c, "resolution=1024x768\n", err));
	CHECK_EQ(c.res_w, 1024);
	CHECK_EQ(c.res_h, 768);
	CHECK(parse(&c, "resolution = 1920X1080 \r\n", err));
	CHECK_EQ(c.res_w, 1920);
	CHECK_EQ(c.res_h, 1080);
	CHECK(parse(&c, "resolution=16384x1\n", err));
	CHECK_EQ(c.res_w, TERN_CFG_RES_MAX);
	CHECK(parse(&c, "resolution=0800x0600\n", err)); /* decimal */
	CHECK_EQ(c.res_w, 800);
	CHECK_EQ(c.res_h, 600);
	CHECK(parse(&c, "resolution=800x600\nresolution=keep\n", err));
	CHECK_EQ(c.res_w, 0);
	CHECK_EQ(c.res_h, 0);
	CHECK_EQ(warnings, 0);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "# x\nresolution=%s\n", bad[i]);
		if (parse(&c, text, err)) {
			test_fail(__FILE__, __LINE__, "accepted '%s'", bad[i]);
			continue;
		}
		CHECK(strstr(err, "line 2") && strstr(err, "bad resolution"));
		CHECK(strstr(err, "WIDTHxHEIGHT"));
		CHECK_EQ(c.res_w, 0);
		CHECK_EQ(c.res_h, 0);
	}
}

/* Random bytes: never crash, and on success the fields stay terminated. */
static void test_random(void)
{
	char buf[300], err[128];
	struct tern_cfg c;
	unsigned i, j, len;
	static const char alphabet[] =
	    "kernel=cmdline#\r\n \t\\x\x80\x01resolution0123456789";

	test_rng_seed();
	for (i = 0; i < 20000; i++) {
		len = (unsigned)test_rand_below(sizeof(buf));
		for (j = 0; j < len; j++)
			buf[j] = alphabet[test_rand_below(sizeof(alphabet))];
		cfg_defaults(&c);
		if (cfg_parse(&c, buf, len, NULL, NULL, err, sizeof(err))) {
			CHECK(memchr(c.kernel, 0, sizeof(c.kernel)) != NULL);
			CHECK(memchr(c.cmdline, 0, sizeof(c.cmdline)) != NULL);
			CHECK(c.res_w <= TERN_CFG_RES_MAX);
			CHECK(c.res_h <= TERN_CFG_RES_MAX);
			CHECK((c.res_w == 0) == (c.res_h == 0));
		}
	}
}

int main(void)
{
	test_good();
	test_bad();
	test_resolution();
	test_random();
	return test_finish();
}
