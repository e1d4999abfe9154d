/* SPDX-License-Identifier: MIT */
/*
 * execve(path, argv, envp): the calling process becomes a program from
 * the initramfs. Everything the new image needs is copied in and loaded
 * into a fresh address space first; only when that worked does the old
 * space go, so a failed execve returns its error to the old program.
 */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <arch/syscall_arch.h>
#include <arch/thread_arch.h>
#include <tern/errno.h>
#include "proc/exec.h"
#include "proc/initrd.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"
#include "sched/thread.h"

#define EXEC_MAX_ARGS    64
#define EXEC_STRINGS_MAX (16 * 1024)
#define EXEC_PATH_MAX    256

/* The strings of the NULL-terminated user array uarr (0: none) into
 * kernel memory: out[0..*n) point into pool. 0, -EFAULT or -E2BIG. */
static long copy_strv(uint64_t uarr, const char **out, size_t *n, char *pool,
                      size_t *used)
{
	*n = 0;
	for (; uarr; uarr += 8) {
		uint64_t up;
		long len;

		if (copy_from_user(&up, uarr, sizeof(up)))
			return -EFAULT;
		if (!up)
			return 0;
		if (*n == EXEC_MAX_ARGS)
			return -E2BIG;
		len = strncpy_from_user(pool + *used, up,
		                        EXEC_STRINGS_MAX - *used);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return len;
		out[(*n)++] = pool + *used;
		*used += (size_t)len + 1;
	}
	return 0;
}

struct exec_in {
	char path[EXEC_PATH_MAX];
	const char *argv[EXEC_MAX_ARGS], *envp[EXEC_MAX_ARGS];
	char pool[EXEC_STRINGS_MAX];
};

/* The new image into a fresh space (file and arguments already in the
 * kernel). 0 with *as loaded and *r filled, or -errno. */
static long load_new(const struct exec_in *in, size_t argc, size_t envc,
                     struct uspace *as, struct exec_result *r)
{
	/* quiet: the caller gets -ENOEXEC; a log line per failed execve
	 * would let any program flood the console */
	struct exec_args ea = {.path = in->path,
	                       .argv = in->argv,
	                       .argc = argc,
	                       .envp = in->envp,
	                       .envc = envc,
	                       .quiet = true};
	const void *data;
	size_t size;
	long rc = initrd_find(in->path, &data, &size);

	if (rc)
		return rc;
	rc = uspace_create(as);
	if (rc)
		return rc;
	rc = exec_load(as, data, size, &ea, r);
	if (rc)
		uspace_destroy(as);
	return rc;
}

/* Changes the caller's frame: it returns to the new program's entry. */
long sys_execve(const struct trap_frame *ctf)
{
	struct trap_frame *tf = (struct trap_frame *)ctf;
	struct proc *p = proc_current();
	struct exec_in *in = kmalloc(sizeof(*in));
	struct uspace old = p->as, fresh;
	struct exec_result r;
	size_t argc, envc, used = 0;
	const char *slash;
	long rc;

	if (!in)
		return -ENOMEM;
	rc = strncpy_from_user(in->path, tf->rdi, sizeof(in->path));
	if (rc >= 0)
		rc = copy_strv(tf->rsi, in->argv, &argc, in->pool, &used);
	if (!rc)
		rc = copy_strv(tf->rdx, in->envp, &envc, in->pool, &used);
	if (!rc)
		rc = load_new(in, argc, envc, &fresh, &r);
	if (rc) {
		kfree(in);
		return rc;
	}
	/* the point of no return: the new space goes live, the old one
	 * goes, and so do the close-on-exec descriptors */
	fd_close_on_exec(p);
	(void)irq_save();
	p->as = fresh;
	p->as.pt.ctx = &p->as;
	thread_current()->cr3 = p->as.pt.root;
	uspace_activate(&p->as);
	old.pt.ctx = &old; /* its hooks' context: the copy, not p->as */
	uspace_destroy(&old);
	slash = LIBK_FN(strrchr)(in->path, '/');
	LIBK_FN(strlcpy)
	(p->name, slash ? slash + 1 : in->path, sizeof(p->name));
	kfree(in);
	thread_arch_fpu_init(p->fpu);
	thread_arch_fpu_load(p->fpu);
	user_frame_init(tf, r.entry, r.sp);
	return 0; /* rax of the new program's first instruction */
}
