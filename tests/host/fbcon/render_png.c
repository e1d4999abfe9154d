/* SPDX-License-Identifier: MIT */
/* Dev tool, not a test: renders a sample console screen (every printable
 * character, the colours, the block and box glyphs) through fbcon into a
 * fake framebuffer and saves it as a PNG, to look at the font.
 *
 *	fbcon_render_png out.png [scale [chars]]
 *
 * With "chars", only the character table is drawn, on a small screen, so a
 * large scale shows single pixels.
 *
 * The PNG (RFC 2083) is written by hand: 8-bit RGB, one zlib stream
 * (RFC 1950) of uncompressed "stored" deflate blocks (RFC 1951 3.2.4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_fb.h"
#include "fbcon.h"

#define W 640
#define H 400

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

static uint32_t crc(uint32_t c, const uint8_t *p, size_t n)
{
	c = ~c;
	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void chunk(FILE *out, const char *type, const uint8_t *data, size_t n)
{
	uint8_t hdr[8], tail[4];

	be32(hdr, (uint32_t)n);
	memcpy(hdr + 4, type, 4);
	be32(tail, crc(crc(0, hdr + 4, 4), data, n));
	fwrite(hdr, 1, 8, out);
	fwrite(data, 1, n, out);
	fwrite(tail, 1, 4, out);
}

/* zlib stream of stored blocks around raw (n bytes); returns its size. */
static size_t zlib_stored(const uint8_t *raw, size_t n, uint8_t *z)
{
	size_t o = 0;
	uint32_t a = 1, b = 0;

	z[o++] = 0x78;
	z[o++] = 0x01;
	for (size_t i = 0; i == 0 || i < n;) {
		size_t len = n - i > 65535 ? 65535 : n - i;

		z[o++] = i + len == n; /* BFINAL, BTYPE 00 */
		z[o++] = (uint8_t)len;
		z[o++] = (uint8_t)(len >> 8);
		z[o++] = (uint8_t)~len;
		z[o++] = (uint8_t)(~len >> 8);
		memcpy(z + o, raw + i, len);
		o += len;
		i += len;
		if (n == 0)
			break;
	}
	for (size_t i = 0; i < n; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	be32(z + o, (b << 16) | a);
	return o + 4;
}

/* The fake framebuffer is BGRX: 0x00RRGGBB per pixel. */
static int write_png(const char *path, const struct fake_fb *f, int scale)
{
	uint32_t w = f->fb.width * scale, h = f->fb.height * scale;
	size_t raw_n = (size_t)h * (1 + 3 * w);
	uint8_t *raw = malloc(raw_n),
	        *z = malloc(raw_n + raw_n / 65535 * 5 + 64);
	uint8_t ihdr[13] = {0};
	FILE *out = fopen(path, "wb");

	if (!raw || !z || !out)
		return 1;
	for (uint32_t y = 0; y < h; y++) {
		uint8_t *p = raw + (size_t)y * (1 + 3 * w);

		*p++ = 0; /* filter: none */
		for (uint32_t x = 0; x < w; x++) {
			uint32_t px = fake_fb_pixel(f, x / scale, y / scale);

			*p++ = (uint8_t)(px >> 16);
			*p++ = (uint8_t)(px >> 8);
			*p++ = (uint8_t)px;
		}
	}
	be32(ihdr, w);
	be32(ihdr + 4, h);
	ihdr[8] = 8; /* bit depth */
	ihdr[9] = 2; /* colour type: RGB */
	fwrite("\x89PNG\r\n\x1a\n", 1, 8, out);
	chunk(out, "IHDR", ihdr, sizeof(ihdr));
	chunk(out, "IDAT", z, zlib_stored(raw, raw_n, z));
	chunk(out, "IEND", NULL, 0);
	free(raw);
	free(z);
	return fclose(out) != 0;
}

static void char_table(void)
{
	for (int c = 0x20; c < 0x7f; c++) {
		char ch = (char)c;

		fbcon_write(&ch, 1);
		if ((c & 31) == 31)
			fbcon_puts("\n");
	}
}

static void sample_screen(void)
{
	char line[64];

	fbcon_puts("\e[1;97mtern console font 8x16\e[0m  "
	           "(every printable ASCII character)\n\n");
	char_table();
	fbcon_puts(
	    "\n\nThe quick brown fox jumps over the lazy dog. 0123456789\n"
	    "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG! Il1| O0o\n"
	    "int main(void) { return x[i] + y->z * 2 - ~(a & b) ^ c; }\n"
	    "gjpqy Qg; \"quoted\" 'single' `back` @home #tag $5 50%\n"
	    "\n");
	for (int i = 0; i < 8; i++) {
		snprintf(line, sizeof(line), "\e[%dm c%d \e[%dm c%d \e[0m",
		         30 + i, i, 90 + i, i + 8);
		fbcon_puts(line);
	}
	fbcon_puts("\n");
	for (int i = 0; i < 8; i++) {
		snprintf(line, sizeof(line),
		         "\e[%d;97m b%d \e[%d;30m b%d \e[0m", 40 + i, i,
		         100 + i, i + 8);
		fbcon_puts(line);
	}
	fbcon_puts("\n\n\e[1;32m[ ok ]\e[0m kernel booted   "
	           "\e[1;31m[fail]\e[0m no disk   \e[33mwarning\e[0m\n\n");
	fbcon_puts("\u2591\u2591\u2591\u2592\u2592\u2592\u2593\u2593\u2593"
	           "\u2588\u2588\u2588 \u2584\u2580\u258c\u2590  "
	           "\u250c\u2500\u252c\u2500\u2510 \u251c\u2500\u253c\u2500"
	           "\u2524 \u2514\u2500\u2534\u2500\u2518  "
	           "caf\u00e9 \xff (replacement) \u2014 dash\n");
	fbcon_puts("tab:\tA\tB\tC\n> prompt_");
}

int main(int argc, char **argv)
{
	struct fake_fb f;
	int scale = argc > 2 ? atoi(argv[2]) : 2;

	if (argc < 2 || scale < 1 || scale > 8) {
		fprintf(stderr, "usage: %s out.png [scale 1-8]\n", argv[0]);
		return 2;
	}
	crc_init();
	if (argc > 3 && !strcmp(argv[3], "chars")) {
		fake_fb_create(&f, 33 * 8, 4 * 16, 0, TERN_FB_BGRX8888, 0, 0,
		               0);
		fbcon_init(&f.fb);
		fbcon_puts("\e[?25l");
		char_table();
	} else {
		fake_fb_create(&f, W, H, 0, TERN_FB_BGRX8888, 0, 0, 0);
		fbcon_init(&f.fb);
		sample_screen();
	}
	if (write_png(argv[1], &f, scale)) {
		perror(argv[1]);
		return 1;
	}
	fake_fb_destroy(&f);
	return 0;
}
