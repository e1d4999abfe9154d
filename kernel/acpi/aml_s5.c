/* SPDX-License-Identifier: MIT */
/*
 * A minimal, bounds-checked AML scan for \_S5 (ACPI 6.5, 7.4.2: the
 * package's first two integers are SLP_TYPa and SLP_TYPb). It does not
 * interpret AML: it looks for the byte pattern of a named package
 *
 *   NameOp 0x08 [RootChar '\' 0x5c] '_S5_' PackageOp 0x12 PkgLength
 *   NumElements  element0  element1 ...
 *
 * where PkgLength is 1-4 bytes (20.2.4: bits 7:6 of the lead byte give
 * the count of following bytes) and each element is an integer
 * (20.2.3: ZeroOp 0x00, OneOp 0x01, OnesOp 0xff, BytePrefix 0x0a byte,
 * WordPrefix 0x0b, DWordPrefix 0x0c, QWordPrefix 0x0e + value).
 */
#include "acpi/acpi_tables.h"

#define AML_NAME_OP    0x08
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR  0x5c

/* Decode an integer at *pos; returns false if it is not one or is cut. */
static bool aml_int(const uint8_t *p, size_t len, size_t *pos, uint64_t *v)
{
	static const uint8_t width[] = {
	    [0x0a] = 1, [0x0b] = 2, [0x0c] = 4, [0x0e] = 8};
	uint8_t op;
	unsigned w;

	if (*pos >= len)
		return false;
	op = p[(*pos)++];
	if (op == 0x00 || op == 0x01 || op == 0xff) {
		*v = op == 0xff ? ~0ull : op;
		return true;
	}
	if (op < 0x0a || op > 0x0e || !width[op])
		return false;
	w = width[op];
	if (len - *pos < w)
		return false;
	*v = 0;
	for (unsigned i = 0; i < w; i++)
		*v |= (uint64_t)p[*pos + i] << (8 * i);
	*pos += w;
	return true;
}

/* Skip a PkgLength at *pos (only its size matters here). */
static bool skip_pkglength(const uint8_t *p, size_t len, size_t *pos)
{
	unsigned follow;

	if (*pos >= len)
		return false;
	follow = p[*pos] >> 6;
	if (len - *pos < 1 + follow)
		return false;
	*pos += 1 + follow;
	return true;
}

/* The package right after the name at pos; fills out. */
static int s5_package(const uint8_t *p, size_t len, size_t pos,
                      struct acpi_s5 *out)
{
	uint64_t a, b;

	if (pos >= len || p[pos++] != AML_PACKAGE_OP)
		return ACPI_EBADAML;
	if (!skip_pkglength(p, len, &pos) || pos >= len || p[pos++] < 2)
		return ACPI_EBADAML;
	if (!aml_int(p, len, &pos, &a) || !aml_int(p, len, &pos, &b))
		return ACPI_EBADAML;
	out->slp_typa = a & 7;
	out->slp_typb = b & 7;
	return ACPI_OK;
}

int acpi_find_s5(const void *aml, size_t len, struct acpi_s5 *out)
{
	const uint8_t *p = aml;
	int last = ACPI_ENOTFOUND;

	for (size_t i = 1; i + 4 <= len; i++) {
		size_t name = i;

		if (__builtin_memcmp(p + i, "_S5_", 4))
			continue;
		if (p[name - 1] == AML_ROOT_CHAR && name >= 2)
			name--;
		if (p[name - 1] != AML_NAME_OP)
			continue; /* a reference, not the declaration */
		last = s5_package(p, len, i + 4, out);
		if (last == ACPI_OK)
			return ACPI_OK;
	}
	return last;
}
