/* Helpers shared across modules (util.h). */
#include "util.h"
#include "rfplan/input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *rf_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = rf_xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *rf_file_read(const char *path, size_t *len, struct rf_error *err)
{
	return rf_input_read(path, len, err);
}

double rf_monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void rf_utc_stamp(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Remove every entry of the open directory dfd (closed here), descending
 * into subdirectories through openat(O_NOFOLLOW): a symbolic link is
 * unlinked, never followed, and a directory swapped for a link while this
 * runs makes openat fail instead of leading elsewhere.  Depth-limited:
 * rfplan's own trees are at most two levels deep. */
static void remove_entries_at(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	if (!d) {
		close(dfd);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub = depth < 8 ? openat(dirfd(d), e->d_name,
						     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
					    : -1;
			if (sub >= 0)
				remove_entries_at(sub, depth + 1);
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
		} else {
			unlinkat(dirfd(d), e->d_name, 0);
		}
	}
	closedir(d);
}

/* The directory containing path ("." for a bare name) and path's last
 * component (trailing slashes ignored), both malloc'ed. */
static void split_path(const char *path, char **parent, char **base)
{
	char *p = rf_xstrdup(path);
	size_t len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	char *slash = strrchr(p, '/');
	*base = rf_xstrdup(slash ? slash + 1 : p);
	if (slash)
		slash[slash == p] = '\0';
	*parent = slash ? p : (free(p), rf_xstrdup("."));
}

void rf_tree_remove_at(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		remove_entries_at(fd, 0);
		unlinkat(dfd, name, AT_REMOVEDIR);
	} else {
		unlinkat(dfd, name, 0);   /* a link or file in its place */
	}
}

void rf_tree_remove(const char *dir)
{
	char *parent, *base;
	split_path(dir, &parent, &base);
	int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd >= 0) {
		rf_tree_remove_at(pfd, base);
		close(pfd);
	}
	free(parent);
	free(base);
}

int rf_dir_mark_temp(const char *dir)
{
	char *p = rf_path_join(dir, RF_TMP_MARKER);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	free(p);
	if (fd < 0)
		return -1;
	return close(fd);
}

int rf_dir_unmark_temp(const char *dir)
{
	char *p = rf_path_join(dir, RF_TMP_MARKER);
	int rc = unlink(p);
	free(p);
	return rc;
}

char *rf_dir_make_temp(const char *template_in, struct rf_error *err)
{
	char *t = rf_xstrdup(template_in);
	mode_t mask = umask(0);
	umask(mask);
	if (!mkdtemp(t)) {
		rf_error_set(err, "%s: cannot create a temporary directory: %s", t,
			     strerror(errno));
		free(t);
		return NULL;
	}
	/* mkdtemp makes 0700; an output gets the user's umask like any
	 * other directory (mkdir(2) with 0777) */
	if (chmod(t, 0777 & ~mask) || rf_dir_mark_temp(t)) {
		rf_error_set(err, "%s: cannot prepare the temporary directory: %s", t,
			     strerror(errno));
		rf_tree_remove(t);
		free(t);
		return NULL;
	}
	return t;
}

/* A leftover is removed only when it is a real directory (not a link),
 * owned by this user, holding rfplan's marker file; a symbolic link with
 * the name is unlinked without being followed.  dfd is the parent. */
static void remove_leftover(int dfd, const char *name)
{
	struct stat st;
	int fd;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return;
	if (S_ISLNK(st.st_mode)) {
		unlinkat(dfd, name, 0);
		return;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstatat(fd, RF_TMP_MARKER, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid()) {
		close(fd);
		return;
	}
	remove_entries_at(fd, 0);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void rf_clean_stale_siblings(const char *final_path, const char *prefix, int final_exists)
{
	char *parent, *base;
	split_path(final_path, &parent, &base);
	int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd >= 0) {
		rf_clean_stale_siblings_at(pfd, base, prefix, final_exists, 0);
		close(pfd);
	}
	free(parent);
	free(base);
}

void rf_clean_stale_siblings_at(int dfd, const char *base, const char *prefix, int final_exists,
				long min_age_s)
{
	size_t plen = strlen(prefix), blen = strlen(base);
	int pfd = dup(dfd);   /* closedir closes it; the reader starts at the first entry */
	DIR *d = pfd >= 0 ? fdopendir(pfd) : NULL;
	struct dirent *e;
	if (pfd >= 0 && !d)
		close(pfd);
	if (d)
		rewinddir(d);
	while (d && (e = readdir(d))) {
		const char *n = e->d_name, *tag = n + plen + blen + 1;
		char *end;
		long pid;
		if (strncmp(n, prefix, plen) || strncmp(n + plen, base, blen) ||
		    n[plen + blen] != '.')
			continue;
		if (strncmp(tag, "tmp-", 4) && (strncmp(tag, "old-", 4) || !final_exists))
			continue;
		pid = strtol(tag + 4, &end, 10);
		if (pid <= 0 || *end != '-' || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (min_age_s > 0) {
			struct stat st;
			if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) ||
			    time(NULL) - st.st_mtime <= min_age_s)
				continue;
		}
		remove_leftover(dirfd(d), n);
	}
	if (d)
		closedir(d);
}
