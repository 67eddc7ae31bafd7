/* mkdir -p of an output's directory, undone on failure (mkdir_parents.h). */
#include "mkdir_parents.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void remember(struct rf_made_dirs *made, const char *dir)
{
	struct stat st;
	/* held open until the undo or keep: while it is, the inode stays
	 * allocated, so a directory made at this name later has another one */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;   /* gone already, or a link now: nothing of ours to remove later */
	if (fstat(fd, &st)) {
		close(fd);
		return;
	}
	made->dirs = rf_xrealloc(made->dirs, (made->n + 1) * sizeof(*made->dirs));
	made->dirs[made->n].path = rf_xstrdup(dir);
	made->dirs[made->n].dev = st.st_dev;
	made->dirs[made->n].ino = st.st_ino;
	made->dirs[made->n].fd = fd;
	made->n++;
}

static void forget(struct rf_made_dir *d)
{
	close(d->fd);
	free(d->path);
}

/* Remove made's entries from index `from` on, last first. */
static void undo_from(struct rf_made_dirs *made, size_t from)
{
	while (made->n > from) {
		struct rf_made_dir *d = &made->dirs[--made->n];
		struct stat st;
		if (lstat(d->path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev == d->dev &&
		    st.st_ino == d->ino)
			rmdir(d->path);   /* fails, keeping it, when something is inside */
		forget(d);
	}
	if (!made->n) {   /* nothing left: nothing for the caller to free */
		free(made->dirs);
		made->dirs = NULL;
	}
}

/* mkdir -p of dir (a malloc'd copy without trailing slashes, modified in
 * place and freed here); path is the name the error gives. */
static int make(char *dir, const char *path, struct rf_made_dirs *made, struct rf_error *err)
{
	size_t first = made->n;
	int rc = 0;
	for (char *s = dir + 1;; s++) {
		int end = *s == '\0';
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		struct stat st;
		int e = mkdir(dir, 0777) ? errno : 0;
		if (!e)
			remember(made, dir);
		else if (e == EEXIST)
			e = stat(dir, &st) ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		if (e) {
			rc = rf_error_set(err, "%s: cannot create the directory %s: %s", path, dir,
					  strerror(e));
			undo_from(made, first);
			break;
		}
		if (end)
			break;
		*s = '/';
	}
	free(dir);
	return rc;
}

static char *without_trailing_slashes(const char *path)
{
	char *p = rf_xstrdup(path);
	size_t len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	return p;
}

int rf_mkdir_parents(const char *path, struct rf_made_dirs *made, struct rf_error *err)
{
	char *p = without_trailing_slashes(path);
	char *last = strrchr(p, '/');
	if (!last || last == p) {   /* "name" or "/name": the parent exists */
		free(p);
		return 0;
	}
	*last = '\0';
	return make(p, path, made, err);
}

int rf_mkdir_path(const char *path, struct rf_made_dirs *made, struct rf_error *err)
{
	char *p = without_trailing_slashes(path);
	if (!p[0] || !strcmp(p, "/")) {   /* "": the current directory */
		free(p);
		return 0;
	}
	return make(p, path, made, err);
}

void rf_made_dirs_undo(struct rf_made_dirs *made)
{
	undo_from(made, 0);
	rf_made_dirs_keep(made);
}

void rf_made_dirs_keep(struct rf_made_dirs *made)
{
	for (size_t i = 0; i < made->n; i++)
		forget(&made->dirs[i]);
	free(made->dirs);
	made->dirs = NULL;
	made->n = 0;
}
