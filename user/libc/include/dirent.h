/* SPDX-License-Identifier: MIT */
/* Directories: getdents64() and opendir/readdir/closedir on it. An entry
 * is Linux's struct linux_dirent64; "." and ".." are listed too. */
#ifndef _DIRENT_H
#define _DIRENT_H
#include <stdint.h>
#include <sys/types.h>

#define DT_UNKNOWN 0
#define DT_DIR     4
#define DT_REG     8

struct dirent {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen; /* this record's length, name and padding */
	unsigned char d_type;    /* DT_* */
	char d_name[];           /* NUL-terminated */
};

/* Fills buf with whole records from the directory fd; the byte count, 0
 * at the end, -1 with errno on failure (EINVAL: buf too small). */
ssize_t getdents64(int fd, void *buf, size_t n);

typedef struct dir DIR;

/* NULL with errno (ENOTDIR, ENOENT, ENOMEM, ...) on failure. */
DIR *opendir(const char *path);
/* The next entry (valid until the next call), or NULL at the end (errno
 * left unchanged) or on an error (errno set). */
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
#endif
