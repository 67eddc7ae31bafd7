/* Leftovers of an import that was killed: the workspace is built in
 * "WORKDIR.tmp-PID-XXXXXX" and swapped in by rename(2) (import.c); SIGKILL,
 * a power loss or an unhandled SIGINT leave that directory behind.  The next
 * import of the same WORKDIR removes those whose process no longer exists,
 * as predict does for its output directory (engine_outdir.c), so a
 * concurrent import's directory is never touched.  doc/errors.md, "Faults". */
#define _XOPEN_SOURCE 700
#include "import_priv.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void rf_imp_remove_tree(const char *dir)
{
	/* depth first, not following symbolic links */
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void rf_imp_clean_stale(const char *workdir, int workdir_exists)
{
	char *path = rf_xstrdup(workdir);
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *parent = rf_xstrdup(slash ? path : ".");
	if (slash)
		parent[slash - path + (slash == path)] = '\0';
	size_t blen = strlen(base);
	DIR *d = opendir(parent);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		const char *n = e->d_name, *tag = n + blen + 1;
		char *end;
		long pid;
		/* "BASE.tmp-PID-XXXXXX"; "BASE.old-PID-XXXXXX" (the previous
		 * workspace moved aside) only when WORKDIR itself exists, so
		 * the only copy of a workspace is never removed */
		if (strncmp(n, base, blen) || n[blen] != '.')
			continue;
		if (strncmp(tag, "tmp-", 4) && (strncmp(tag, "old-", 4) || !workdir_exists))
			continue;
		pid = strtol(tag + 4, &end, 10);
		if (pid <= 0 || *end != '-' || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *p = rf_path_join(parent, n);
		rf_imp_remove_tree(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(parent);
	free(path);
}
