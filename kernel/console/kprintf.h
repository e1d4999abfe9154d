/* SPDX-License-Identifier: MIT */
/*
 * The kernel console: kprintf writes to the serial port, to the framebuffer
 * console once it is up, and into an in-memory log ring (for a later `log`
 * command). Writers are serialised with interrupts off by the busy flag in
 * struct console (console.c), next to the data it protects.
 */
#ifndef KERNEL_CONSOLE_KPRINTF_H
#define KERNEL_CONSOLE_KPRINTF_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <libk/printf.h>
#include <tern/bootinfo.h>

/* ANSI SGR colour escapes (ECMA-48, 8.3.117), understood by fbcon and by
 * serial terminals. */
#define KC_RESET   "\x1b[0m"
#define KC_BOLD    "\x1b[1m"
#define KC_RED     "\x1b[31m"
#define KC_GREEN   "\x1b[32m"
#define KC_YELLOW  "\x1b[33m"
#define KC_BLUE    "\x1b[34m"
#define KC_MAGENTA "\x1b[35m"
#define KC_CYAN    "\x1b[36m"

#define CONSOLE_LOG_SIZE (64 * 1024) /* bytes kept; a power of two */

/* Bring up the serial port; kprintf works (serial and log) after this. */
void console_init(void);

/* Start mirroring output on the framebuffer console (no-op without one). */
void console_enable_fb(const struct tern_framebuffer *fb);

/* Stop using the framebuffer console (a panic inside fbcon must not
 * recurse through it). */
void console_disable_fb(void);

void console_write(const char *s, size_t n);
/* Like console_write, but not kept in the log ring (the shell's echo and
 * command output). */
void console_write_tty(const char *s, size_t n);
int kprintf(const char *fmt, ...) LIBK_PRINTF_LIKE(1, 2);
int vkprintf(const char *fmt, va_list ap) LIBK_PRINTF_LIKE(1, 0);

/* Format and write, kept in the log ring if log. One call's output reaches
 * the console as a whole (in pieces of a few hundred bytes when longer):
 * no other thread's or interrupt handler's output lands inside it. */
int console_vprintf(bool log, const char *fmt, va_list ap)
    LIBK_PRINTF_LIKE(2, 0);

/* Copy up to n bytes of the log, starting off bytes after the oldest byte
 * still kept. Returns bytes copied. */
size_t console_log_read(size_t off, char *buf, size_t n);
/* Bytes currently kept in the log, and bytes written in total. */
size_t console_log_count(void);
size_t console_log_total(void);
#endif
