/* SPDX-License-Identifier: MIT */
/* opendir/readdir/closedir: a DIR is the directory's fd and a buffer of
 * getdents64 records consumed one at a time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

struct dir {
	int fd;
	size_t pos, len;        /* the unread records are buf[pos..len) */
	uint64_t buf[4096 / 8]; /* 8-byte aligned, as the records are */
};

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return NULL;
	DIR *d = malloc(sizeof(*d));
	if (!d) {
		close(fd);
		return NULL;
	}
	d->fd = fd;
	d->pos = d->len = 0;
	return d;
}

/* A record whose length would run past the data ends the listing with
 * EIO rather than reading beyond the buffer. */
struct dirent *readdir(DIR *d)
{
	if (d->pos >= d->len) {
		ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));
		if (n <= 0)
			return NULL;
		d->pos = 0;
		d->len = (size_t)n;
	}
	struct dirent *e = (struct dirent *)((char *)d->buf + d->pos);
	size_t least = offsetof(struct dirent, d_name) + 1;
	if (d->len - d->pos < least || e->d_reclen < least ||
	    e->d_reclen > d->len - d->pos) {
		d->pos = d->len;
		errno = EIO;
		return NULL;
	}
	d->pos += e->d_reclen;
	return e;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}
