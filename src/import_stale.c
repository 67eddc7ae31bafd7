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
	/* "WORKDIR.tmp-PID-*", and "WORKDIR.old-PID-*" (the previous workspace
	 * moved aside) only when WORKDIR itself exists */
	rf_clean_stale_siblings(workdir, "", workdir_exists, rf_imp_remove_tree);
}
