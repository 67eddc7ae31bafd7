/* Missing parent directories of an output, made as `mkdir -p` would: users
 * expect `-o work/tiles/1` to work when work/tiles does not exist yet. */
#ifndef RFPLAN_MKDIR_PARENTS_H
#define RFPLAN_MKDIR_PARENTS_H

#include "rfplan/error.h"

/* Create every missing directory above path (not path itself; trailing
 * slashes ignored), mode 0777 & ~umask.  Returns 0, or -1 with err naming
 * path, the directory that could not be made and why ("out/a/b: cannot
 * create the directory out/a: Not a directory"). */
int rf_mkdir_parents(const char *path, struct rf_error *err);

#endif
