/* Leftovers of an import that was killed: the workspace is built in
 * "WORKDIR.tmp-PID-XXXXXX" and swapped in by rename(2) (import.c); SIGKILL,
 * a power loss or an unhandled SIGINT leave that directory behind.  The next
 * import of the same WORKDIR removes those whose process no longer exists,
 * as predict does for its output directory (engine_outdir.c), so a
 * concurrent import's directory is never touched; only rfplan's own marked
 * directories are removed, and no link is followed (rf_clean_stale_siblings).
 * doc/errors.md, "Faults" and "Files from others". */
#include "import_priv.h"
#include "core/util.h"

void rf_imp_remove_tree(const char *dir)
{
	rf_tree_remove(dir);
}

void rf_imp_clean_stale(const char *workdir, int workdir_exists)
{
	/* "WORKDIR.tmp-PID-*", and "WORKDIR.old-PID-*" (the previous workspace
	 * moved aside) only when WORKDIR itself exists */
	rf_clean_stale_siblings(workdir, "", workdir_exists);
}
