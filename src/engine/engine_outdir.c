/* The output directory, replaced atomically and only over rfplan's own
 * files (include/rfplan/outdir.h): everything is written into a temporary
 * directory next to it and swapped in by rename(2), so an earlier output
 * stays intact until the new one is complete and a failure leaves nothing
 * under the final name.  doc/outputs.md, doc/errors.md "Files from others". */
#include "rfplan/outdir.h"
#include "rfplan/interrupt.h"
#include "core/util.h"

#include "core/mkdir_parents.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Names listed in an error before "and N more". */
#define LIST_MAX 8

struct rf_outdir {
	char *final_dir;   /* without trailing slashes */
	char *parent, *base;
	char *tmp_dir;
	char **own;        /* the earlier output's files (its manifest's list) */
	size_t n_own;
	int lock_fd;
	char *lock_path;
	struct rf_made_dirs made;   /* the missing parents made for final_dir */
};

/* failed: the run wrote nothing, so the parents it made go too (once the
 * lock inside the last of them is gone). */
static void outdir_free(struct rf_outdir *od, int failed)
{
	if (od->lock_fd >= 0) {
		unlink(od->lock_path);   /* while still locked: see take_lock */
		close(od->lock_fd);      /* releases the flock */
	}
	if (failed)
		rf_made_dirs_undo(&od->made);
	else
		rf_made_dirs_keep(&od->made);
	free(od->lock_path);
	for (size_t i = 0; i < od->n_own; i++)
		free(od->own[i]);
	free(od->own);
	free(od->final_dir);
	free(od->parent);
	free(od->base);
	free(od->tmp_dir);
	free(od);
}

/* "PARENT/.BASE.TAG" (+ "-PID-XXXXXX" for a directory template); the PID
 * lets a later run remove the leftovers of a killed one. */
static char *sibling(const struct rf_outdir *od, const char *tag, int with_pid)
{
	size_t n = strlen(od->parent) + strlen(od->base) + strlen(tag) + 40;
	char *t = rf_xmalloc(n);
	if (with_pid)
		snprintf(t, n, "%s/.%s.%s-%ld-XXXXXX", od->parent, od->base, tag, (long)getpid());
	else
		snprintf(t, n, "%s/.%s.%s", od->parent, od->base, tag);
	return t;
}

/* --wait: flock(2) polled (every LOCK_POLL_NS), not blocking, so that a
 * SIGINT while waiting stops the run (a blocking flock is restarted after
 * the handler, SA_RESTART).  0, or -1 with err. */
#define LOCK_POLL_NS 200000000L
static int wait_lock(int fd, const char *final_dir, const char *path, struct rf_error *err)
{
	const struct timespec poll = { 0, LOCK_POLL_NS };
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return rf_error_set(err, "%s: cannot lock %s: %s", final_dir, path,
					    strerror(errno));
		if (rf_interrupt_check(err))
			return -1;
		nanosleep(&poll, NULL);
	}
	return 0;
}

/* One run per output: flock(2) on PARENT/.BASE.lock, held for the whole
 * run; the holder writes its PID into it and unlinks it when done.  A run
 * that locked a file which was unlinked meanwhile (its inode no longer the
 * one at the path) retries, so two runs never hold two different files. */
static int take_lock(struct rf_outdir *od, int flags, struct rf_log *log, struct rf_error *err)
{
	char *path = sibling(od, "lock", 0), pid[32];
	int rc = -1;
	for (;;) {
		struct stat a, b;
		ssize_t n;
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd < 0) {
			rf_error_set(err, "%s: cannot open the lock file %s: %s", od->final_dir,
				     path, errno == ELOOP ? "it is a symbolic link" : strerror(errno));
			break;
		}
		int busy = flock(fd, LOCK_EX | LOCK_NB) ? errno : 0;
		if (busy && busy != EWOULDBLOCK) {
			rf_error_set(err, "%s: cannot lock %s: %s", od->final_dir, path,
				     strerror(busy));
			close(fd);
			break;
		}
		if (busy) {
			n = pread(fd, pid, sizeof(pid) - 1, 0);
			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			if (!pid[0])
				snprintf(pid, sizeof(pid), "unknown");
			if (n < 0 || !(flags & RF_OUTDIR_WAIT)) {
				rf_error_set(err, "%s: in use by another rfplan run (process %s, lock "
					     "%s): wait for it to finish, or use --wait",
					     od->final_dir, pid, path);
				close(fd);
				break;
			}
			rf_info(log, "%s: waiting for process %s to finish (lock %s)",
				od->final_dir, pid, path);
			if (wait_lock(fd, od->final_dir, path, err)) {
				close(fd);
				break;
			}
		}
		if (fstat(fd, &a) || lstat(path, &b) || a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino) {
			close(fd);   /* the holder unlinked it as we waited: again */
			continue;
		}
		n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n) {
			rf_error_set(err, "%s: cannot write %s: %s", od->final_dir, path,
				     strerror(errno));
			close(fd);
			break;
		}
		od->lock_fd = fd;
		od->lock_path = path;
		return 0;
	}
	free(path);
	return rc;
}

/* The earlier output's manifest: MANIFEST (a regular file) holding a JSON
 * object whose KEY is true; its "outputs" (plain file names) go to od->own.
 * 1 found, 0 not this kind of output, -1 found but without a usable list. */
static int read_manifest(struct rf_outdir *od, int dfd, const char *manifest, const char *key)
{
	struct stat st;
	json_t *root, *outs, *v;
	size_t i;
	int fd, rc = 1;
	if (fstatat(dfd, manifest, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
		return 0;
	fd = openat(dfd, manifest, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	root = fd >= 0 ? json_loadfd(fd, 0, NULL) : NULL;
	if (fd >= 0)
		close(fd);
	if (!json_is_true(json_object_get(root, key))) {
		json_decref(root);
		return 0;
	}
	outs = json_object_get(root, "outputs");
	if (!json_is_array(outs))
		rc = -1;
	json_array_foreach(outs, i, v) {
		const char *s = json_string_value(v);
		if (!s || !*s || strchr(s, '/') || !strcmp(s, ".") || !strcmp(s, "..")) {
			rc = -1;
			break;
		}
		od->own = rf_xrealloc(od->own, (od->n_own + 1) * sizeof(*od->own));
		od->own[od->n_own++] = rf_xstrdup(s);
	}
	json_decref(root);
	return rc;
}

static int is_own(const struct rf_outdir *od, const char *name)
{
	for (size_t i = 0; i < od->n_own; i++)
		if (!strcmp(od->own[i], name))
			return 1;
	return 0;
}

/* Append name to the list in buf ("a, b/, c ... and N more"). */
static void list_add(char *buf, size_t size, size_t *count, const char *name, int is_dir)
{
	size_t len = strlen(buf);
	if (++*count <= LIST_MAX)
		snprintf(buf + len, size - len, "%s%s%s", *count > 1 ? ", " : "", name,
			 is_dir ? "/" : "");
}

/* Check the existing directory (opened as dfd, closed here) against the
 * rules of rf_outdir_begin. */
static int check_existing(struct rf_outdir *od, int dfd, int flags, struct rf_error *err)
{
	char lost[1024] = "";
	size_t n_lost = 0, n_any = 0;
	int kind = read_manifest(od, dfd, "run.json", "rfplan_predict");
	if (kind == 0)
		kind = read_manifest(od, dfd, "compare.json", "rfplan_compare");
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	if (!d) {
		close(dfd);
		return rf_error_set(err, "%s: cannot read: %s", od->final_dir, strerror(errno));
	}
	while ((e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n_any++;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && kind == 1 && is_own(od, e->d_name))
			continue;
		list_add(lost, sizeof(lost), &n_lost, e->d_name,
			 fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				 S_ISDIR(st.st_mode));
	}
	closedir(d);
	if (n_lost > LIST_MAX) {
		size_t len = strlen(lost);
		snprintf(lost + len, sizeof(lost) - len, " and %zu more", n_lost - LIST_MAX);
	}
	if (!n_any)
		return 0;
	if (kind == 0)
		return rf_error_set(err, "%s exists and is not an rfplan predict output (no run.json "
				    "of rfplan predict, nor compare.json of rfplan compare): refusing "
				    "to replace it; it holds: %s",
				    od->final_dir, lost);
	if (kind < 0)
		return rf_error_set(err, "%s: its manifest has no valid \"outputs\" list, so the "
				    "files rfplan wrote there are unknown: refusing to replace it",
				    od->final_dir);
	if (!(flags & RF_OUTDIR_FORCE))
		return rf_error_set(err, "%s holds a previous rfplan output: use --force to "
				    "replace it", od->final_dir);
	if (n_lost)
		return rf_error_set(err, "%s: --force would delete files that rfplan did not "
				    "write there: %s; move them elsewhere first", od->final_dir, lost);
	return 0;
}

struct rf_outdir *rf_outdir_begin(const char *final_dir, int flags, struct rf_log *log,
				  struct rf_error *err)
{
	struct rf_outdir *od;
	struct stat st;
	char *t;
	int dfd;

	if (!final_dir[0]) {
		rf_error_set(err, "empty output directory name");
		return NULL;
	}
	od = rf_xcalloc(1, sizeof(*od));
	od->lock_fd = -1;
	od->final_dir = rf_xstrdup(final_dir);
	for (size_t len = strlen(od->final_dir); len > 1 && od->final_dir[len - 1] == '/';)
		od->final_dir[--len] = '\0';
	{
		const char *slash = strrchr(od->final_dir, '/');
		od->base = rf_xstrdup(slash ? slash + 1 : od->final_dir);
		od->parent = slash ? rf_xstrdup(od->final_dir) : rf_xstrdup(".");
		if (slash)
			od->parent[slash - od->final_dir + (slash == od->final_dir)] = '\0';
	}
	/* rename(2) cannot replace "." or "..", and the swap would happen
	 * only after the whole computation: refuse now */
	if (!od->base[0] || !strcmp(od->base, ".") || !strcmp(od->base, "..")) {
		rf_error_set(err, "%s: the output must be a named directory (not '.', '..' or "
			     "'/'): give its name, e.g. -o ../out", final_dir);
		goto fail;
	}
	if (lstat(od->final_dir, &st) == 0 && S_ISLNK(st.st_mode)) {
		rf_error_set(err, "%s is a symbolic link: refusing to write through it (give "
			     "the directory it points to)", final_dir);
		goto fail;
	}
	if (rf_mkdir_parents(od->final_dir, &od->made, err) || take_lock(od, flags, log, err))
		goto fail;
	dfd = open(od->final_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0 && errno != ENOENT) {
		if (errno == ENOTDIR || errno == ELOOP)
			rf_error_set(err, "%s exists and is not a directory", final_dir);
		else
			rf_error_set(err, "%s: cannot read: %s", final_dir, strerror(errno));
		goto fail;
	}
	if (dfd >= 0 && check_existing(od, dfd, flags, err))
		goto fail;
	rf_clean_stale_siblings(od->final_dir, ".", dfd >= 0);
	t = sibling(od, "tmp", 1);
	od->tmp_dir = rf_dir_make_temp(t, err);
	free(t);
	if (!od->tmp_dir)
		goto fail;
	return od;
fail:
	outdir_free(od, 1);
	return NULL;
}

const char *rf_outdir_tmp(const struct rf_outdir *od)
{
	return od->tmp_dir;
}

void rf_outdir_abort(struct rf_outdir *od)
{
	if (!od)
		return;
	if (od->tmp_dir)
		rf_tree_remove(od->tmp_dir);
	outdir_free(od, 1);
}

/* Remove the earlier output moved aside to old: only its listed files;
 * anything that appeared there meanwhile stays, and is reported. */
static int remove_old(const struct rf_outdir *od, const char *old, struct rf_error *err)
{
	int dfd = open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd >= 0) {
		for (size_t i = 0; i < od->n_own; i++)
			unlinkat(dfd, od->own[i], 0);
		unlinkat(dfd, RF_TMP_MARKER, 0);
		close(dfd);
	}
	if (rmdir(old) == 0)
		return 0;
	return rf_error_set(err, "%s: the new output is in place, but files that are not "
			    "rfplan's appeared in the previous output during the run; they are "
			    "kept in %s", od->final_dir, old);
}

int rf_outdir_commit(struct rf_outdir *od, struct rf_error *err)
{
	struct stat st;
	char *old = NULL;
	int rc = 0;

	/* a signal during the run's last steps: the previous output stays */
	if (rf_interrupt_check(err)) {
		rf_outdir_abort(od);
		return -1;
	}
	if (lstat(od->final_dir, &st) == 0) {
		/* move the old output aside: rename onto an empty directory
		 * made for the purpose, then mark it as rfplan's temporary */
		old = sibling(od, "old", 1);
		if (!S_ISDIR(st.st_mode) || !mkdtemp(old) || rename(od->final_dir, old)) {
			rc = rf_error_set(err, "%s: cannot move the previous output aside: %s",
					  od->final_dir, S_ISDIR(st.st_mode) ? strerror(errno)
									     : "not a directory");
			rmdir(old);
			goto out;
		}
		rf_dir_mark_temp(old);
	}
	rf_dir_unmark_temp(od->tmp_dir);
	if (rename(od->tmp_dir, od->final_dir)) {
		rc = rf_error_set(err, "%s: cannot rename %s into place: %s", od->final_dir,
				  od->tmp_dir, strerror(errno));
		/* put the previous content back; if even that fails it stays
		 * aside rather than being lost */
		if (old && rename(old, od->final_dir) == 0)
			rf_dir_unmark_temp(od->final_dir);
		rf_tree_remove(od->tmp_dir);
		goto out;
	}
	if (old)
		rc = remove_old(od, old, err);
out:
	free(old);
	/* remove_old's failure: the new output is in place, its parents stay */
	outdir_free(od, rc && lstat(od->final_dir, &st) != 0);
	return rc;
}
