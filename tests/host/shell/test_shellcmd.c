/* SPDX-License-Identifier: MIT */
/* Command-line splitting, lookup, argument counts, name completion. */
#include "shell/cmdline.h"
#include "test.h"

static int ran;
static int run(int argc, char **argv)
{
	(void)argv;
	ran = argc;
	return 0;
}

static const struct shell_cmd tbl[] = {
    {"help", "", "h", 0, 0, run},
    {"log", "[n]", "l", 0, 1, run},
    {"lspci", "", "p", 0, 0, run},
};

static void test_split(void)
{
	char line[] = "  log \t 42   ";
	char many[] = "a b c d e f g h i";
	char empty[] = " \t ";
	char *argv[SHELL_MAX_ARGS];

	CHECK_EQ(shell_split(line, argv, SHELL_MAX_ARGS), 2);
	CHECK_STREQ(argv[0], "log");
	CHECK_STREQ(argv[1], "42");
	CHECK_EQ(shell_split(many, argv, SHELL_MAX_ARGS), -1);
	CHECK_EQ(shell_split(empty, argv, SHELL_MAX_ARGS), 0);
}

static void test_find_and_args(void)
{
	const struct shell_cmd *c = shell_find(tbl, 3, "log");

	CHECK(c == &tbl[1]);
	CHECK(shell_find(tbl, 3, "lo") == NULL);
	CHECK(shell_find(tbl, 3, "") == NULL);
	CHECK(shell_argc_ok(c, 1));
	CHECK(shell_argc_ok(c, 2));
	CHECK(!shell_argc_ok(c, 3));
	CHECK(!shell_argc_ok(&tbl[0], 2));
	c->run(2, NULL);
	CHECK_EQ(ran, 2);
}

static void test_complete(void)
{
	const char *out[4];

	CHECK_EQ(shell_complete(tbl, 3, "l", 1, out, 4), 2);
	CHECK_STREQ(out[0], "log");
	CHECK_STREQ(out[1], "lspci");
	CHECK_EQ(shell_complete(tbl, 3, "l", 1, out, 1), 2); /* counts all */
	CHECK_EQ(shell_complete(tbl, 3, "", 0, out, 4), 3);
	CHECK_EQ(shell_complete(tbl, 3, "x", 1, out, 4), 0);
	CHECK_EQ(shell_complete(tbl, 3, "helpx", 5, out, 4), 0);
}

int main(void)
{
	test_split();
	test_find_and_args();
	test_complete();
	return test_finish();
}
