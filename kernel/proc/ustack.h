/* SPDX-License-Identifier: MIT */
/*
 * ustack: a new process's initial stack, as the System V AMD64 psABI
 * lays it out (section 3.4.1, "Initial Stack and Register State", figure
 * 3.9), with Linux's auxiliary-vector values (tern/syscall.h). Portable:
 * it writes into a caller buffer that stands for the user range
 * [top - bufsize, top), so the host tests parse back what it built.
 *
 *   top ->  +-------------------------------+  high addresses
 *           | 0 (8 bytes, end marker)       |
 *           | execfn string, NUL            |  <- AT_EXECFN
 *           | envp strings, NUL each        |
 *           | argv strings, NUL each        |  <- argv[0] (lowest string)
 *           +-------------------------------+
 *           | (padding to 16)               |
 *           | 16 random bytes               |  <- AT_RANDOM (16-aligned)
 *           | (padding, so that rsp is      |
 *           |  16-byte aligned)             |
 *           +-------------------------------+
 *           | AT_NULL, 0                    |
 *           | AT_EXECFN, AT_RANDOM,         |  auxv: pairs of 8-byte
 *           | AT_ENTRY, AT_BASE, AT_PAGESZ, |  (type, value), in this
 *           | AT_PHNUM, AT_PHENT, AT_PHDR   |  order from rsp upwards:
 *           |                               |  PHDR first, NULL last
 *           | 0                             |
 *           | envp[envc - 1] .. envp[0]     |
 *           | 0                             |
 *           | argv[argc - 1] .. argv[0]     |
 *   rsp ->  | argc                          |  16-byte aligned
 *           +-------------------------------+  low addresses
 */
#ifndef TERN_PROC_USTACK_H
#define TERN_PROC_USTACK_H
#include <stddef.h>
#include <stdint.h>

#define USTACK_MAX_ARGC    4096
#define USTACK_MAX_ENVC    4096
#define USTACK_MAX_STRINGS (128u * 1024) /* argv + envp + execfn, NULs in */
#define USTACK_NAUXV       9             /* pairs, AT_NULL included */
#define USTACK_RANDOM      16            /* AT_RANDOM bytes */

struct ustack_args {
	const char *const *argv; /* argc strings, none NULL */
	size_t argc;
	const char *const *envp; /* envc strings, none NULL */
	size_t envc;
	const char *execfn;          /* AT_EXECFN: the program's path */
	const uint8_t *random;       /* USTACK_RANDOM bytes for AT_RANDOM */
	uint64_t phdr, phent, phnum; /* AT_PHDR (a user address), ... */
	uint64_t base, entry;        /* AT_BASE (0: no interpreter), AT_ENTRY */
};

/* Build the stack described above for a stack whose highest byte is
 * top - 1 (top 16-byte aligned) into buf, which stands for the user
 * addresses [top - bufsize, top); bytes of buf below the returned *rsp
 * are left untouched. Returns 0 with the user rsp in *rsp; -E2BIG when
 * argc, envc or the strings exceed the USTACK_MAX_* limits or the stack
 * does not fit in bufsize; -EINVAL for a misaligned top, bufsize > top,
 * or a NULL string, array or random pointer. Reads no string past the
 * byte budget, so an unterminated string gives -E2BIG. */
int ustack_build(const struct ustack_args *a, uint64_t top, void *buf,
                 size_t bufsize, uint64_t *rsp);
#endif
