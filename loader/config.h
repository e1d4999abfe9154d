/* SPDX-License-Identifier: MIT */
/*
 * tern.cfg, the loader's configuration file (see tern.cfg.in). Portable.
 *
 *	# comment                  '#' as the first non-blank character
 *	kernel=\tern\kernel.elf     path on the loader's volume ('/' or '\')
 *	cmdline=console=serial      the kernel command line, verbatim
 *	resolution=1024x768         GOP mode wanted (WIDTHxHEIGHT, decimal,
 *	                            1..TERN_CFG_RES_MAX each); absent or
 *	                            "keep": the firmware's current mode
 *
 * Lines end in LF or CRLF; blanks around keys and values are ignored, blank
 * lines too. A later key overrides an earlier one. Unknown keys and lines
 * without '=' are skipped with a warning. A value too long for its buffer,
 * a control character or NUL, a non-ASCII kernel path, an empty kernel
 * path or a malformed resolution is an error.
 */
#ifndef TERN_LOADER_CONFIG_H
#define TERN_LOADER_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TERN_CFG_DEFAULT_KERNEL "\\tern\\kernel.elf"
#define TERN_CFG_KERNEL_MAX     256   /* bytes including the NUL */
#define TERN_CFG_CMDLINE_MAX    1024  /* bytes including the NUL */
#define TERN_CFG_RES_MAX        16384 /* pixels, either dimension */

struct tern_cfg {
	char kernel[TERN_CFG_KERNEL_MAX];
	char cmdline[TERN_CFG_CMDLINE_MAX];
	uint32_t res_w, res_h; /* 0, 0: keep the firmware's GOP mode */
};

/* Receives one warning line (no newline); may be NULL. */
typedef void (*cfg_warn_fn)(void *ctx, const char *msg);

/* kernel = TERN_CFG_DEFAULT_KERNEL, cmdline = "", no resolution. */
void cfg_defaults(struct tern_cfg *cfg);

/* Parse buf[0..len) over cfg (call cfg_defaults first). Returns true, or
 * false with a one-line reason naming the line in err[0..errlen). cfg may
 * be partly updated on error. */
bool cfg_parse(struct tern_cfg *cfg, const char *buf, size_t len,
               cfg_warn_fn warn, void *ctx, char *err, size_t errlen);
#endif
