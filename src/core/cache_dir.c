/* Listing and pruning a cache directory of KEY.tif files (cache_dir.h),
 * relative to one descriptor opened without following a link; each entry
 * described through rf_cache_file_open (cache_file.c). */
#include "cache_dir.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KEY_HEX 64
#define TMP_STALE_S 3600   /* a temporary older than this is a killed writer's */

/* KEY.tif: 64 lowercase hex digits and ".tif". */
static int is_key_name(const char *n)
{
	if (strlen(n) != KEY_HEX + 4 || strcmp(n + KEY_HEX, ".tif"))
		return 0;
	for (int i = 0; i < KEY_HEX; i++)
		if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f')))
			return 0;
	return 1;
}

/* ".KEY.tif.tmp-XXXXXX", rf_out_tmp_create's temporaries. */
static int is_tmp_name(const char *n)
{
	return n[0] == '.' && strstr(n, ".tif.tmp-") != NULL;
}

/* dir opened as a directory, never through a symbolic link: its descriptor;
 * -1 when absent, or when no directory (*not_dir set); -2 with err on
 * another failure. */
static int open_dir(const char *dir, int *not_dir, struct rf_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	*not_dir = 0;
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return -1;
	if (errno == ENOTDIR || errno == ELOOP) {
		*not_dir = 1;
		return -1;
	}
	rf_error_set(err, "%s: %s", dir, strerror(errno));
	return -2;
}

int rf_cache_dir_check(const char *dir, struct rf_error *err)
{
	int not_dir, fd = open_dir(dir, &not_dir, err);
	if (fd >= 0)
		close(fd);
	if (not_dir)
		return rf_error_set(err, "%s: not a directory (a link is not followed)", dir);
	return fd == -2 ? -1 : 0;
}

/* A reader of the directory fd from its first entry (a duplicate: fd stays
 * open; the duplicate shares fd's position, which an earlier reader left at
 * the end), or NULL with err. */
static DIR *reader(int fd, const char *dir, struct rf_error *err)
{
	int d = dup(fd);
	DIR *r = d >= 0 ? fdopendir(d) : NULL;
	if (!r) {
		rf_error_set(err, "%s: %s", dir, strerror(errno));
		if (d >= 0)
			close(d);
		return NULL;
	}
	rewinddir(r);
	return r;
}

/* Unlink name in the directory fd (dir, its path): the entry itself, a link
 * never followed.  1 when removed, 0 when already gone (a concurrent prune),
 * -1 with err when it stays. */
static int remove_one(int fd, const char *dir, const char *name, struct rf_error *err)
{
	if (unlinkat(fd, name, 0) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rf_error_set(err, "%s/%s: cannot remove: %s", dir, name, strerror(errno));
}

struct key_file {
	char *name;
	long long bytes;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct key_file *)a)->name, ((const struct key_file *)b)->name);
}

/* The KEY.tif entries of the directory fd but directories (regular files,
 * and links, FIFOs, devices at a key's name: described as not read),
 * sorted by name, in *files (*n of them); -1 with err when it cannot be
 * read. */
static int key_files(int fd, const char *dir, struct key_file **files, size_t *n,
		     struct rf_error *err)
{
	DIR *r = reader(fd, dir, err);
	struct dirent *d;
	size_t cap = 0;

	*files = NULL;
	*n = 0;
	while (r && (d = readdir(r)) != NULL) {
		struct stat sb;
		if (!is_key_name(d->d_name) ||
		    fstatat(fd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(sb.st_mode))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*files = rf_xrealloc(*files, cap * sizeof(**files));
		}
		(*files)[*n].name = rf_xstrdup(d->d_name);
		(*files)[(*n)++].bytes = 0;   /* the size of the file opened (describe_all) */
	}
	if (!r)
		return -1;
	closedir(r);
	if (*n)
		qsort(*files, *n, sizeof(**files), cmp_name);
	return 0;
}

/* The temporaries of the directory fd that a killed run left (a live
 * writer's are recent), or all of them; their bytes added to *bytes. */
static int prune_tmp(int fd, const char *dir, enum rf_cache_op op, long long *bytes,
		     struct rf_error *err)
{
	DIR *r = reader(fd, dir, err);
	struct dirent *d;
	int rc = r ? 0 : -1;

	while (r && rc >= 0 && (d = readdir(r)) != NULL) {
		struct stat sb;
		if (is_tmp_name(d->d_name) &&
		    fstatat(fd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
		    (op == RF_CACHE_PRUNE_ALL || time(NULL) - sb.st_mtime > TMP_STALE_S) &&
		    (rc = remove_one(fd, dir, d->d_name, err)) == 1)
			*bytes += (long long)sb.st_size;
	}
	if (r)
		closedir(r);
	return rc < 0 ? -1 : 0;
}

/* The entries f[0..n) of the directory fd (dir its path), each opened by
 * rf_cache_file_open and described into items (stale[i] -1 for one gone
 * since it was listed: no item), t counted; -1 with err when an entry
 * cannot be opened for another reason than what it is, or describe stops. */
static int describe_all(int fd, const char *dir, struct key_file *f, size_t n,
			size_t item_size, rf_cache_describe_fn *describe, void *ctx,
			unsigned char *items, struct rf_cache_totals *t, int *stale,
			struct rf_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct rf_cache_file cf;
		int rc = rf_cache_file_open(fd, dir, f[i].name, &cf, err);
		stale[i] = -1;
		if (rc == 0)   /* removed since listed (a concurrent prune) */
			continue;
		if (rc < 0 && !cf.not_read)
			return -1;
		f[i].bytes = cf.bytes;
		stale[i] = describe(ctx, items + t->count * item_size, &cf, f[i].name, err);
		rf_cache_file_close(&cf);
		if (stale[i] < 0)
			return -1;
		if (cf.not_read) {
			stale[i] = 1;   /* no run reads it */
			t->n_not_read++;
		}
		t->count++;
		t->bytes += f[i].bytes;
		if (stale[i]) {
			t->n_stale++;
			t->stale_bytes += f[i].bytes;
		}
	}
	return 0;
}

/* The files of the open directory fd through describe, removed as op says. */
static int scan_fd(int fd, const char *dir, enum rf_cache_op op, size_t item_size,
		   rf_cache_describe_fn *describe, void *ctx, void **items,
		   struct rf_cache_totals *t, long *n_removed, long long *bytes_removed,
		   struct rf_error *err)
{
	struct key_file *f;
	size_t n;
	int rc = key_files(fd, dir, &f, &n, err), *stale = rf_xcalloc(n ? n : 1, sizeof(int));

	if (!rc && n) {
		*items = rf_xcalloc(n, item_size);
		rc = describe_all(fd, dir, f, n, item_size, describe, ctx, *items, t, stale, err);
	}
	for (size_t i = 0; i < n && !rc && op != RF_CACHE_LIST; i++) {
		int removed = stale[i] >= 0 && (op == RF_CACHE_PRUNE_ALL || stale[i])
			      ? remove_one(fd, dir, f[i].name, err) : 0;
		if (removed < 0)
			rc = -1;
		if (removed > 0) {
			(*n_removed)++;
			*bytes_removed += f[i].bytes;
		}
	}
	if (!rc && op != RF_CACHE_LIST)
		rc = prune_tmp(fd, dir, op, bytes_removed, err);
	for (size_t i = 0; i < n; i++)
		free(f[i].name);
	free(f);
	free(stale);
	return rc;
}

int rf_cache_dir_scan(const char *root, const char *name, enum rf_cache_op op,
		      size_t item_size, rf_cache_describe_fn *describe, void *ctx, void **items,
		      struct rf_cache_totals *t, long *n_removed, long long *bytes_removed,
		      struct rf_error *err)
{
	char *dir = rf_path_join(root, name);
	int fd, rc = 0;

	*items = NULL;
	memset(t, 0, sizeof(*t));
	if (n_removed)
		*n_removed = 0;
	if (bytes_removed)
		*bytes_removed = 0;
	fd = open_dir(dir, &t->not_dir, err);
	if (fd >= 0) {
		rc = scan_fd(fd, dir, op, item_size, describe, ctx, items, t, n_removed,
			     bytes_removed, err);
		close(fd);
	} else if (fd == -2) {   /* else absent, or no directory: nothing listed or removed */
		rc = -1;
	}
	free(dir);
	return rc;
}
