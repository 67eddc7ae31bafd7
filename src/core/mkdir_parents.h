/* Missing directories of an output, made as `mkdir -p` would (users expect
 * `-o work/tiles/1` to work when work/tiles does not exist yet), and
 * removed again when the run fails or is interrupted: a run that writes
 * nothing leaves the file system as it found it (doc/errors.md,
 * "Interrupted runs"). */
#ifndef RFPLAN_MKDIR_PARENTS_H
#define RFPLAN_MKDIR_PARENTS_H

#include "rfplan/error.h"

#include <stddef.h>
#include <sys/types.h>

/* One directory a call below created (its device and inode as made, so
 * that a directory which took its place later is never removed; fd, a
 * descriptor of it held until the undo or keep, so that its inode number
 * cannot be handed to another directory meanwhile: ext4 reuses a freed
 * one at once). */
struct rf_made_dir {
	char *path;
	dev_t dev;
	ino_t ino;
	int fd;
};

/* The directories created for one run, in creation order (a parent before
 * its children).  Zero-initialise; end with rf_made_dirs_undo (the run
 * failed) or rf_made_dirs_keep (its output is in place). */
struct rf_made_dirs {
	struct rf_made_dir *dirs;
	size_t n;
};

/* Create every missing directory above path (not path itself; trailing
 * slashes ignored), mode 0777 & ~umask, and append each one created to
 * made (which may hold those of earlier calls).  Returns 0, or -1 with err
 * naming path, the directory that could not be made and why ("out/a/b:
 * cannot create the directory out/a: Not a directory"); on failure the
 * directories this call created are removed again (made keeps those of
 * earlier calls; a record empty before the call is left empty with nothing
 * allocated, so a caller may return without an undo). */
int rf_mkdir_parents(const char *path, struct rf_made_dirs *made, struct rf_error *err);

/* The same for path itself and its missing parents (`mkdir -p path`):
 * path must end up a directory (an existing one is fine). */
int rf_mkdir_path(const char *path, struct rf_made_dirs *made, struct rf_error *err);

/* The run failed: remove made's directories, the deepest (last created)
 * first, each only when it is empty and still the directory that was made
 * (same device and inode; rmdir(2) never removes a non-empty one), then
 * free the list.  A directory that existed before is never in the list. */
void rf_made_dirs_undo(struct rf_made_dirs *made);

/* The run succeeded: keep the directories, free the list. */
void rf_made_dirs_keep(struct rf_made_dirs *made);

#endif
