/* SPDX-License-Identifier: MIT */
/* fstat(). struct stat has the x86_64 Linux layout (144 bytes), as the
 * rest of tern's system-call ABI does. */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H
#include <sys/types.h>
#include <time.h>

#define S_IFMT     0170000
#define S_IFIFO    0010000
#define S_IFCHR    0020000
#define S_IFDIR    0040000
#define S_IFREG    0100000
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)

struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	mode_t st_mode;
	uid_t st_uid;
	gid_t st_gid;
	int st_pad0;
	unsigned long st_rdev;
	off_t st_size;
	long st_blksize;
	long st_blocks;
	struct timespec st_atim;
	struct timespec st_mtim;
	struct timespec st_ctim;
	long st_reserved[3];
};
_Static_assert(sizeof(struct stat) == 144, "x86_64 struct stat");

int fstat(int fd, struct stat *st);
#endif
