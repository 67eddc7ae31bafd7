/* A workspace cache directory of KEY.tif files (WS/pathloss, WS/hillshade):
 * listing, pruning, reading and writing it without ever following a
 * symbolic link.  The directory is opened once (O_DIRECTORY | O_NOFOLLOW):
 * one that is a link or a file is "not a directory" and nothing in or
 * through it is listed, read or removed.  Its entries are opened with
 * openat(O_NOFOLLOW | O_NONBLOCK), checked with fstat to be regular files
 * and read through that descriptor (/proc/self/fd/N for GDAL), created
 * with openat(O_EXCL | O_NOFOLLOW), renamed with renameat and removed with
 * unlinkat, all relative to that descriptor: neither a link in its place
 * nor an entry swapped for a link, a FIFO or a device between a check and
 * a read leads a read, a write or a removal outside it.  What makes a
 * file stale is the cache's own (a callback). */
#ifndef RFPLAN_CACHE_DIR_H
#define RFPLAN_CACHE_DIR_H

#include <stddef.h>

#include "rfplan/cache.h"
#include "rfplan/error.h"

/* An entry of a cache directory opened for reading (rf_cache_file_open)
 * or a temporary opened for writing (rf_cache_tmp_create). */
struct rf_cache_file {
	int fd;                /* the open file, -1 when not opened */
	char path[32];         /* "/proc/self/fd/N": a path (for GDAL) that leads to the
				  very file fd holds, whatever becomes of its name */
	const char *not_read;  /* NULL, or why the entry was not opened: "a symbolic
				  link (not followed)", "a FIFO", ... (static text) */
	long long bytes;       /* the size of the file opened, else 0 */
};

/* dir opened as a directory (O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC): its
 * descriptor; -1 with *absent set (when not NULL) and err "DIR: absent"
 * when it does not exist; -1 with err "DIR: not a directory (a link is not
 * followed)" or naming the failure. */
int rf_cache_dir_open(const char *dir, int *absent, struct rf_error *err);
/* The same, err naming the directory shown (dir a /proc/self/fd/N/...
 * path that the user knows by another name). */
int rf_cache_dir_open_as(const char *dir, const char *shown, int *absent, struct rf_error *err);

/* The subdirectory name of the directory dirfd (dir its path, for
 * messages) opened the same way: its descriptor; -1 with *absent set when
 * it does not exist; -1 with err "DIR/NAME: not a directory (a link is not
 * followed)" or naming the failure. */
int rf_cache_subdir_open(int dirfd, const char *dir, const char *name, int *absent,
			 struct rf_error *err);

/* "/proc/self/fd/N" of the open fd into buf, checked to lead to fd's own
 * file (stat of it, fstat of fd: same device and inode): then GDAL, which
 * opens by name, reads or writes that very file.  0, or -1 with err
 * "WHAT: cannot be read without a race: /proc/self/fd is not usable (...)". */
int rf_cache_fd_path(int fd, const char *what, char buf[32], struct rf_error *err);

/* Open the entry name of the directory dirfd (dir its path, for messages)
 * for reading without following a link and without blocking:
 * openat(O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK), then fstat: a
 * regular file, f->path its rf_cache_fd_path.  Returns 1 when opened
 * (f->fd, f->path, f->bytes; close with rf_cache_file_close); 0 when absent;
 * -1 with err naming DIR/NAME: not read (f->not_read says why: a link, a
 * FIFO, a device, a socket, a directory) or the failure (f->not_read NULL:
 * /proc/self/fd not usable, ...). */
int rf_cache_file_open(int dirfd, const char *dir, const char *name, struct rf_cache_file *f,
		       struct rf_error *err);
void rf_cache_file_close(struct rf_cache_file *f);

/* A new temporary ".NAME.tmp-XXXXXX" of the directory dirfd for writing
 * (the name rf_cache_dir_scan prunes): openat(O_RDWR | O_CREAT | O_EXCL |
 * O_NOFOLLOW | O_CLOEXEC), mode 0644, f->path its rf_cache_fd_path; its
 * name (malloc'd) in *tmp_name.  0, or -1 with err naming DIR/NAME. */
int rf_cache_tmp_create(int dirfd, const char *dir, const char *name, char **tmp_name,
			struct rf_cache_file *f, struct rf_error *err);

/* renameat the temporary tmp_name onto name in dirfd (a link at name is
 * replaced, never followed) and free tmp_name; on failure the temporary is
 * removed and err names DIR/NAME.  0 or -1. */
int rf_cache_tmp_commit(int dirfd, const char *dir, char *tmp_name, const char *name,
			struct rf_error *err);

/* Copy the open file f (an entry of rf_cache_file_open or a temporary of
 * rf_cache_tmp_create) from its first byte to dst, read through f->fd
 * alone (pread: never by a name, so the file copied is the one checked
 * whatever becomes of its name), written atomically (rf_out_tmp_create,
 * rf_out_commit: a link at dst replaced, never followed).  what names f in
 * messages (DIR/NAME).  0, or -1 with err "WHAT: read error: ..." or
 * naming dst. */
int rf_cache_file_copy(const struct rf_cache_file *f, const char *what, const char *dst,
		       struct rf_error *err);

/* Remove the temporary tmp_name of dirfd and free tmp_name (NULL: nothing). */
void rf_cache_tmp_abort(int dirfd, char *tmp_name);

/* A new temporary directory "NAME.tmp-PID-XXXXXX" of the directory dirfd
 * (dir its path, for messages), made with mkdirat (mode 0700: nobody else
 * puts anything in it) and opened with O_DIRECTORY | O_NOFOLLOW, checked
 * to be the user's own, holding RF_TMP_MARKER (stale clean-up); its name
 * (malloc'd) in *tmp_name.  Its descriptor, or -1 with err naming DIR/NAME. */
int rf_cache_tmpdir_create(int dirfd, const char *dir, const char *name, char **tmp_name,
			   struct rf_error *err);

/* The callback of rf_cache_dir_scan: describe the entry name (KEY.tif, not
 * a directory) of the directory into item (item_size bytes, zeroed).  f is
 * the entry as rf_cache_file_open left it: f->path a path to read it by
 * when it is a regular file, f->not_read set (f->fd -1) when it is not (a
 * link, a FIFO, a device, a socket: the scan counts it stale).  Returns 1
 * when stale, 0 when current, -1 with err to stop the scan before anything
 * is removed. */
typedef int rf_cache_describe_fn(void *ctx, void *item, const struct rf_cache_file *f,
				 const char *name, struct rf_error *err);

/* The cache root/name (a workspace's "pathloss", "hillshade"): every KEY.tif
 * entry of it but a directory, in name order, each opened by
 * rf_cache_file_open (an entry that is no regular file is described as
 * not read, stale, and removed by either prune: the entry itself, never
 * what a link leads to) and described into an array of
 * t->count items of item_size bytes (*items, malloc'd, NULL when none;
 * the caller frees it and what describe put in it, also on failure).  Then,
 * as op says, the files removed and rf_out_tmp_create's temporaries
 * (".KEY.tif.tmp-XXXXXX", regular files) removed: *n_removed KEY.tif files
 * (the temporaries not counted) and *bytes_removed bytes (theirs and the
 * temporaries'; both may be NULL with RF_CACHE_LIST).  t is zero when the directory is absent,
 * t->not_dir set when it is no directory.  Returns 0, or -1 with err
 * naming the directory, the entry that could not be opened (rf_cache_file_open's
 * failures other than not_read) or the file that could not be removed. */
int rf_cache_dir_scan(const char *root, const char *name, enum rf_cache_op op,
		      size_t item_size, rf_cache_describe_fn *describe, void *ctx, void **items,
		      struct rf_cache_totals *t, long *n_removed, long long *bytes_removed,
		      struct rf_error *err);

/* Whether a cache may be read and written in dir: 0 when it is a directory
 * (not a symbolic link) or absent; -1 with err "DIR: not a directory (a
 * link is not followed)" or naming dir and the failure. */
int rf_cache_dir_check(const char *dir, struct rf_error *err);

#endif
