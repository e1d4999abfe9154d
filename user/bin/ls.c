/* SPDX-License-Identifier: MIT */
/*
 * ls [-a] [-l] [PATH...]: the names in each directory (default /), sorted,
 * one a line, directories with a trailing '/'. Names starting with '.'
 * only with -a. -l puts the type (d or -) and the size in bytes first.
 * A PATH that is not a directory is listed as itself. With several PATHs
 * each list is headed "PATH:". Exit 1 if any PATH could not be listed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BUF 512

struct entry {
	char *name;
	unsigned char type; /* DT_* */
};

static int all, lng;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	              ((const struct entry *)b)->name);
}

/* fstat of dir/name; 0, or -1 when it cannot be opened. */
static int stat_in(const char *dir, const char *name, struct stat *st)
{
	char path[PATH_BUF];
	size_t n = strlen(dir);
	const char *sep = n && dir[n - 1] == '/' ? "" : "/";

	if ((size_t)snprintf(path, sizeof(path), "%s%s%s", dir, sep, name) >=
	    sizeof(path))
		return -1;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int r = fstat(fd, st);
	close(fd);
	return r;
}

/* Prints one entry of dir (the type from stat when d_type is unknown). */
static void show(const char *dir, const struct entry *e)
{
	struct stat st;
	int have =
	    (lng || e->type == DT_UNKNOWN) && stat_in(dir, e->name, &st) == 0;
	int is_dir = e->type == DT_DIR ||
	             (e->type == DT_UNKNOWN && have && S_ISDIR(st.st_mode));

	if (lng && have)
		printf("%c %8ld ", is_dir ? 'd' : '-', (long)st.st_size);
	else if (lng)
		printf("%c %8s ", is_dir ? 'd' : '-', "?");
	printf("%s%s\n", e->name, is_dir ? "/" : "");
}

/* Reads the directory into a sorted array; its length, or -1 (errno). */
static long collect(DIR *d, struct entry **out)
{
	struct entry *v = NULL;
	long n = 0, cap = 0;
	struct dirent *de;

	errno = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && !all)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			struct entry *w = realloc(v, (size_t)cap * sizeof(*v));
			if (!w)
				return -1;
			v = w;
		}
		v[n].type = de->d_type;
		if (!(v[n++].name = malloc(strlen(de->d_name) + 1)))
			return -1;
		memcpy(v[n - 1].name, de->d_name, strlen(de->d_name) + 1);
	}
	if (errno)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), by_name);
	*out = v;
	return n;
}

/* Lists one PATH; 0, or 1 after an error message. */
static int list(const char *path)
{
	DIR *d = opendir(path);
	struct entry *v = NULL;

	if (!d && errno == ENOTDIR) {
		struct entry self = {(char *)path, DT_REG};
		show("", &self);
		return 0;
	}
	long n = d ? collect(d, &v) : -1;
	int err = errno;
	if (d)
		closedir(d);
	if (n < 0) {
		dprintf(STDERR_FILENO, "ls: %s: %s\n", path, strerror(err));
		return 1;
	}
	for (long i = 0; i < n; i++)
		show(path, &v[i]);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'a') {
				all = 1;
			} else if (*o == 'l') {
				lng = 1;
			} else {
				dprintf(STDERR_FILENO,
				        "ls: unknown option -%c\n"
				        "usage: ls [-a] [-l] [PATH...]\n",
				        *o);
				return 2;
			}
		}
	}
	if (i == argc)
		return list("/");
	for (int first = i; i < argc; i++) {
		if (argc - first > 1)
			printf("%s%s:\n", i > first ? "\n" : "", argv[i]);
		status |= list(argv[i]);
	}
	return status;
}
