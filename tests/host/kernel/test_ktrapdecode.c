/* SPDX-License-Identifier: MIT */
/* Exception names and error-code decoding. */
#include "core/trapdecode.h"
#include "test.h"

static void test_names(void)
{
	CHECK_STREQ(exc_name(EXC_PF), "Page fault");
	CHECK_STREQ(exc_mnemonic(EXC_PF), "#PF");
	CHECK_STREQ(exc_name(EXC_DF), "Double fault");
	CHECK_STREQ(exc_name(EXC_DE), "Divide error");
	CHECK_STREQ(exc_mnemonic(EXC_GP), "#GP");
	CHECK_STREQ(exc_name(15), "Reserved");
	CHECK_STREQ(exc_mnemonic(15), "#??");
	CHECK_STREQ(exc_name(32), "Vector out of range");
	CHECK_STREQ(exc_mnemonic(1000), "#??");
	for (unsigned v = 0; v < EXC_COUNT; v++)
		CHECK(exc_name(v) && exc_mnemonic(v));
}

static void test_error_code_vectors(void)
{
	/* SDM Vol. 3A, Table 6-1: exactly these push an error code. */
	static const unsigned with[] = {8, 10, 11, 12, 13, 14, 17, 21, 29, 30};
	unsigned n = 0;

	for (unsigned v = 0; v < 40; v++)
		n += exc_has_error_code(v);
	CHECK_EQ(n, 10);
	for (unsigned i = 0; i < 10; i++)
		CHECK(exc_has_error_code(with[i]));
	CHECK(exc_has_selector_error(EXC_GP));
	CHECK(exc_has_selector_error(EXC_TS));
	CHECK(!exc_has_selector_error(EXC_PF));
	CHECK(!exc_has_selector_error(EXC_DF));
}

static void test_pf(void)
{
	char b[160];

	pf_err_describe(0x2, b, sizeof(b));
	CHECK_STREQ(b, "page not present, write, kernel mode");
	pf_err_describe(0x0, b, sizeof(b));
	CHECK_STREQ(b, "page not present, read, kernel mode");
	pf_err_describe(PF_ERR_P | PF_ERR_I, b, sizeof(b));
	CHECK_STREQ(b, "protection violation, instruction fetch, kernel mode");
	pf_err_describe(PF_ERR_P | PF_ERR_W | PF_ERR_U | PF_ERR_RSVD |
	                    PF_ERR_PK,
	                b, sizeof(b));
	CHECK_STREQ(b, "protection violation, write, user mode, reserved bit "
	               "set in a paging entry, protection-key violation");
	pf_err_describe(PF_ERR_SS | PF_ERR_SGX, b, sizeof(b));
	CHECK(strstr(b, "shadow-stack") && strstr(b, "SGX"));
	pf_err_describe(0x2, b, 10); /* truncated but terminated */
	CHECK_EQ(strlen(b), 9);
	pf_err_describe(0x2, b, 0); /* must not write */
}

static void test_selector(void)
{
	char b[80];

	sel_err_describe(0, b, sizeof(b));
	CHECK_STREQ(b, "0 (no selector)");
	sel_err_describe(0x28, b, sizeof(b));
	CHECK_STREQ(b, "GDT selector 0x28 (index 5)");
	sel_err_describe(0x2c, b, sizeof(b)); /* TI=1 */
	CHECK_STREQ(b, "LDT selector 0x28 (index 5)");
	sel_err_describe(0x40 * 8 + 2, b, sizeof(b)); /* IDT vector 0x40 */
	CHECK_STREQ(b, "IDT vector 64");
	sel_err_describe(14 * 8 + 3, b, sizeof(b));
	CHECK_STREQ(b, "IDT vector 14, external event");
	sel_err_describe(0x11, b, sizeof(b));
	CHECK_STREQ(b, "GDT selector 0x10 (index 2), external event");
}

int main(void)
{
	test_names();
	test_error_code_vectors();
	test_pf();
	test_selector();
	return test_finish();
}
