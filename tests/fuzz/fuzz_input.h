/* SPDX-License-Identifier: MIT */
/* The fuzz targets' input reader: big-endian fields taken in turn, zeros
 * once the input runs out. */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H
#include <stddef.h>
#include <stdint.h>

struct input {
	const uint8_t *p;
	size_t n;
};

/* The next `bytes` bytes (at most 8) as a big-endian number. */
static inline uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++) {
		v = v << 8 | (in->n ? *in->p : 0);
		if (in->n)
			in->p++, in->n--;
	}
	return v;
}

#endif
