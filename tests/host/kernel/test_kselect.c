/* SPDX-License-Identifier: MIT */
/* test= list matching for the ktest runner. */
#include "test/ktest.h"
#include "test.h"

static bool known(const char *name, size_t len)
{
	static const char *const names[] = {"alpha", "beta", "alphabet"};

	for (size_t i = 0; i < 3; i++) {
		if (ktest_name_matches(name, len, names[i]))
			return true;
	}
	return false;
}

static void test_selected(void)
{
	CHECK(ktest_selected("all", "alpha"));
	CHECK(ktest_selected("alpha", "alpha"));
	CHECK(!ktest_selected("alpha", "alphabet"));
	CHECK(!ktest_selected("alphabet", "alpha"));
	CHECK(ktest_selected("beta,alpha", "alpha"));
	CHECK(ktest_selected("beta,,alpha,", "alpha"));
	CHECK(!ktest_selected("", "alpha"));
	CHECK(!ktest_selected(",", "alpha"));
	CHECK(!ktest_selected("al", "alpha"));
	CHECK(!ktest_selected("All", "alpha"));
	CHECK(ktest_selected("x,all", "beta"));
	CHECK(ktest_selected("alph*", "alpha"));
	CHECK(ktest_selected("alph*", "alphabet"));
	CHECK(ktest_selected("alpha*", "alpha"));
	CHECK(!ktest_selected("alphab*", "alpha"));
	CHECK(!ktest_selected("b*", "alpha"));
	CHECK(ktest_selected("*", "beta"));
	CHECK(ktest_selected("x,be*", "beta"));
	CHECK(!ktest_selected("alpha*x", "alphabet"));
}

static void test_unknown(void)
{
	const char *bad = NULL;
	size_t len = 0;

	CHECK(!ktest_unknown_name("all", known, &bad, &len));
	CHECK(!ktest_unknown_name("alpha,beta", known, &bad, &len));
	CHECK(!ktest_unknown_name("", known, &bad, &len));
	CHECK(ktest_unknown_name("alpha,gamma,beta", known, &bad, &len));
	CHECK_EQ(len, 5);
	CHECK(!strncmp(bad, "gamma", len));
	CHECK(ktest_unknown_name("alph", known, &bad, &len));
	CHECK_EQ(len, 4);
	CHECK(ktest_unknown_name("beta,all,zz", known, &bad, &len));
	CHECK(!strcmp(bad, "zz"));
	CHECK(!ktest_unknown_name("alph*,b*", known, &bad, &len));
	CHECK(ktest_unknown_name("alpha,g*", known, &bad, &len));
	CHECK(!strncmp(bad, "g*", len));
}

int main(void)
{
	test_selected();
	test_unknown();
	return test_finish();
}
