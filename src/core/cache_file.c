/* Reading and writing the entries of a cache directory relative to its
 * descriptor (cache_dir.h): an entry is opened without following a link or
 * blocking, checked to be a regular file on the descriptor itself, and
 * handed to GDAL as /proc/self/fd/N, so the file read is the one checked
 * even when its name is swapped meanwhile (the check and the use are one
 * open file, not two lookups of a name). */
#include "cache_dir.h"
#include "output_util.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_TRIES 100   /* names tried for a temporary, as mkstemp(3) does */
#define COPY_CHUNK_BYTES 65536   /* rf_cache_file_copy's buffer */

/* Why an entry of mode m is not read (m is no regular file). */
static const char *kind(mode_t m)
{
	return S_ISLNK(m) ? "a symbolic link (not followed)"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m) || S_ISBLK(m) ? "a device"
	       : S_ISSOCK(m) ? "a socket"
	       : S_ISDIR(m) ? "a directory" : "not a regular file";
}

static int open_failed(const char *dir, const char *name, int *absent, struct rf_error *err)
{
	if (errno == ENOENT) {
		if (absent)
			*absent = 1;
		return rf_error_set(err, "%s/%s: absent", dir, name);
	}
	if (errno == ENOTDIR || errno == ELOOP)
		return rf_error_set(err, "%s%s%s: not a directory (a link is not followed)", dir,
				    *name ? "/" : "", name);
	return rf_error_set(err, "%s%s%s: %s", dir, *name ? "/" : "", name, strerror(errno));
}

int rf_cache_dir_open(const char *dir, int *absent, struct rf_error *err)
{
	return rf_cache_dir_open_as(dir, dir, absent, err);
}

int rf_cache_dir_open_as(const char *dir, const char *shown, int *absent, struct rf_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (absent)
		*absent = 0;
	if (fd >= 0)
		return fd;
	if (errno == ENOENT) {
		if (absent)
			*absent = 1;
		return rf_error_set(err, "%s: absent", shown);
	}
	return open_failed(shown, "", absent, err);
}

int rf_cache_subdir_open(int dirfd, const char *dir, const char *name, int *absent,
			 struct rf_error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (absent)
		*absent = 0;
	return fd >= 0 ? fd : open_failed(dir, name, absent, err);
}

int rf_cache_fd_path(int fd, const char *what, char buf[32], struct rf_error *err)
{
	struct stat a, b;
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	if (fstat(fd, &a) != 0)
		return rf_error_set(err, "%s: %s", what, strerror(errno));
	if (stat(buf, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return rf_error_set(err, "%s: cannot be read without a race: /proc/self/fd is not "
				    "usable (is /proc mounted?)", what);
	return 0;
}

/* f as "nothing opened". */
static void file_init(struct rf_cache_file *f)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

int rf_cache_file_open(int dirfd, const char *dir, const char *name, struct rf_cache_file *f,
		       struct rf_error *err)
{
	struct stat sb;
	char *what = rf_path_join(dir, name);
	int rc = -1;

	file_init(f);
	/* the kind first, so that a FIFO or a device is not even opened; the
	 * open then refuses a link made since, and fstat a FIFO or device */
	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(sb.st_mode)) {
		f->not_read = kind(sb.st_mode);
	} else {
		/* O_NOCTTY: a terminal swapped in never becomes ours */
		f->fd = openat(dirfd, name,
			       O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (f->fd < 0 && errno == ENOENT) {
			rf_error_set(err, "%s: absent", what);
			rc = 0;
		} else if (f->fd < 0 && errno == ELOOP) {
			f->not_read = kind(S_IFLNK);
		} else if (f->fd < 0) {
			rf_error_set(err, "%s: %s", what, strerror(errno));
		} else if (fstat(f->fd, &sb) != 0) {
			rf_error_set(err, "%s: %s", what, strerror(errno));
		} else if (!S_ISREG(sb.st_mode)) {
			f->not_read = kind(sb.st_mode);
		} else if (!rf_cache_fd_path(f->fd, what, f->path, err)) {
			f->bytes = (long long)sb.st_size;
			rc = 1;
		}
	}
	if (f->not_read)
		rf_error_set(err, "%s: %s, not read", what, f->not_read);
	if (rc != 1)
		rf_cache_file_close(f);
	free(what);
	return rc;
}

void rf_cache_file_close(struct rf_cache_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->path[0] = '\0';
}

/* Six characters from [A-Za-z0-9] into s (random; the clock when the
 * kernel's generator fails). */
static void random_suffix(char s[7])
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (int i = 0; i < 6; i++)
			r[i] = (unsigned char)((ts.tv_nsec >> (5 * i)) ^ getpid());
	}
	for (int i = 0; i < 6; i++)
		s[i] = chars[r[i] % (sizeof(chars) - 1)];
	s[6] = '\0';
}

int rf_cache_tmp_create(int dirfd, const char *dir, const char *name, char **tmp_name,
			struct rf_cache_file *f, struct rf_error *err)
{
	size_t len = strlen(name) + sizeof(".tmp-XXXXXX") + 1;
	char *t = rf_xmalloc(len), sfx[7];
	char *what = rf_path_join(dir, name);
	int rc = -1;

	file_init(f);
	for (int i = 0; i < TMP_TRIES && f->fd < 0; i++) {
		random_suffix(sfx);
		snprintf(t, len, ".%s.tmp-%s", name, sfx);
		f->fd = openat(dirfd, t, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (f->fd < 0 && errno != EEXIST)
			break;
	}
	if (f->fd < 0)
		rf_error_set(err, "%s: cannot create a temporary file in its directory: %s", what,
			     strerror(errno));
	/* created 0600 (nobody else could open it meanwhile); results are
	 * meant to be shared, as rf_out_tmp_create's */
	else if (fchmod(f->fd, 0644) != 0)
		rf_error_set(err, "%s/%s: cannot set permissions: %s", dir, t, strerror(errno));
	else
		rc = rf_cache_fd_path(f->fd, what, f->path, err);
	if (rc && f->fd >= 0) {
		rf_cache_file_close(f);
		unlinkat(dirfd, t, 0);
	}
	if (rc) {
		free(t);
		t = NULL;
	}
	*tmp_name = t;
	free(what);
	return rc;
}

int rf_cache_tmp_commit(int dirfd, const char *dir, char *tmp_name, const char *name,
			struct rf_error *err)
{
	if (renameat(dirfd, tmp_name, dirfd, name) != 0) {
		rf_error_set(err, "%s/%s: cannot rename %s into place: %s", dir, name, tmp_name,
			     strerror(errno));
		rf_cache_tmp_abort(dirfd, tmp_name);
		return -1;
	}
	free(tmp_name);
	return 0;
}

int rf_cache_file_copy(const struct rf_cache_file *f, const char *what, const char *dst,
		       struct rf_error *err)
{
	char *buf = rf_xmalloc(COPY_CHUNK_BYTES), *tmp;
	off_t at = 0;
	ssize_t n;
	FILE *out;
	int bad = 0;

	tmp = rf_out_tmp_create(dst, &out, err);
	if (!tmp) {
		free(buf);
		return -1;
	}
	/* pread at our own offset: the descriptor's is left alone, and an
	 * O_RDWR temporary written through /proc/self/fd/N by GDAL (another
	 * open file) is read from its start all the same */
	while ((n = pread(f->fd, buf, COPY_CHUNK_BYTES, at)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rf_error_set(err, "%s: read error: %s", what, strerror(errno));
			break;
		}
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
			bad = 1;
			break;
		}
		at += n;
	}
	free(buf);
	if (fclose(out) != 0)
		bad = 1;
	if (bad || n < 0) {
		if (n >= 0)   /* a read error is already in err */
			rf_error_set(err, "%s: write error: %s", dst, strerror(errno));
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, dst, err);
}

void rf_cache_tmp_abort(int dirfd, char *tmp_name)
{
	if (!tmp_name)
		return;
	unlinkat(dirfd, tmp_name, 0);
	free(tmp_name);
}

int rf_cache_tmpdir_create(int dirfd, const char *dir, const char *name, char **tmp_name,
			   struct rf_error *err)
{
	size_t len = strlen(name) + 48;
	char *t = rf_xmalloc(len), sfx[7];
	int made = -1, fd = -1;
	struct stat sb;

	for (int i = 0; i < TMP_TRIES && made != 0; i++) {
		random_suffix(sfx);
		snprintf(t, len, "%s.tmp-%ld-%s", name, (long)getpid(), sfx);
		made = mkdirat(dirfd, t, 0700);
		if (made != 0 && errno != EEXIST)
			break;
	}
	if (made == 0)
		fd = openat(dirfd, t, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	/* ours, as made: another's directory renamed into its place is refused */
	if (fd >= 0 && (fstat(fd, &sb) != 0 || sb.st_uid != geteuid() ||
			(sb.st_mode & 0077) != 0)) {
		close(fd);
		fd = -1;
		errno = EPERM;
	}
	if (fd >= 0) {
		int m = openat(fd, RF_TMP_MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			       0600);
		if (m < 0 || close(m) != 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		rf_error_set(err, "%s/%s: cannot create a temporary directory: %s", dir, name,
			     strerror(errno));
		if (made == 0)
			unlinkat(dirfd, t, AT_REMOVEDIR);
		free(t);
		t = NULL;
	}
	*tmp_name = t;
	return fd;
}
