/* SPDX-License-Identifier: MIT */
/* Loading a static-PIE program (uelf.h) into an address space, with its
 * initial stack (ustack.h), at random places (ulayout.h). */
#ifndef KERNEL_PROC_EXEC_H
#define KERNEL_PROC_EXEC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "proc/uspace.h"

struct exec_args {
	const char *path; /* AT_EXECFN, and in messages */
	const char *const *argv;
	size_t argc;
	const char *const *envp;
	size_t envc;
	bool norandmaps; /* every window's slot 0 (setarch -R) */
	bool quiet;      /* no log line for a file that is not a program */
};

struct exec_result {
	uint64_t entry, sp; /* where ring 3 starts */
	uint64_t base;      /* the image's bias */
};

/* Load file[0..len) into the empty space as. 0, or -ENOEXEC (logged
 * with the reason unless ea->quiet), -E2BIG, -ENOMEM; on error as holds
 * whatever was mapped (the caller destroys it). */
int exec_load(struct uspace *as, const void *file, size_t len,
              const struct exec_args *ea, struct exec_result *out);
#endif
