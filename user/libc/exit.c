/* SPDX-License-Identifier: MIT */
/* exit with atexit handlers, abort, and the stack protector's failure
 * path. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc_private.h"

#define MAX_ATEXIT 32

static void (*handlers[MAX_ATEXIT])(void);
static int nhandlers;

int atexit(void (*fn)(void))
{
	if (nhandlers == MAX_ATEXIT)
		return -1;
	handlers[nhandlers++] = fn;
	return 0;
}

/* A handler that calls exit() again resumes the list where it stands, so
 * no handler runs twice. */
_Noreturn void exit(int status)
{
	while (nhandlers > 0)
		handlers[--nhandlers]();
	_exit(status);
}

_Noreturn void libc_fatal(const char *msg)
{
	const char *parts[] = {libc_progname, ": ", msg, "\n"};

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		(void)libc_write_all(STDERR_FILENO, parts[i], strlen(parts[i]));
	_exit(127);
}

_Noreturn void abort(void)
{
	libc_fatal("aborted");
}

/* The canary compiled code checks; libc_start sets it from AT_RANDOM. */
uintptr_t __stack_chk_guard;

/* Called by a function whose canary was overwritten: its frame, and maybe
 * its return address, are corrupt, so end at once (no atexit handlers). */
_Noreturn void __stack_chk_fail(void);
__attribute__((no_stack_protector)) _Noreturn void __stack_chk_fail(void)
{
	libc_fatal("stack smashing detected (canary overwritten); terminated");
}
