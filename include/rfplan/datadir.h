/* Where rfplan finds the data files it ships (data/ in the source tree,
 * PREFIX/share/rfplan when installed): the clutter class tables and model
 * files.  doc/install.md describes the search order for users. */
#ifndef RFPLAN_DATADIR_H
#define RFPLAN_DATADIR_H

#include "rfplan/error.h"

/* The environment variable that overrides every other place. */
#define RF_DATA_DIR_ENV "RFPLAN_DATA_DIR"

/* The data directory compiled in at build time: PREFIX/share/rfplan (the
 * Makefile's DATADIR).  A static string, never NULL. */
const char *rf_data_dir_builtin(void);

/* Find the shipped file REL (e.g. "clutter/generic.csv") in, in this order:
 *   1. $RFPLAN_DATA_DIR/REL, when the variable is set and not empty;
 *   2. beside the program, TOP being the parent of its directory (/proc/self/exe):
 *      the source tree's TOP/data/REL when TOP/src/cli/main.c exists (build/rfplan
 *      run in place), otherwise TOP/share/rfplan/REL (an install, relocated or not);
 *   3. the compiled-in rf_data_dir_builtin()/REL.
 * Returns the first that is a readable regular file (malloc'd), or NULL with
 * err listing every path tried. */
char *rf_data_find(const char *rel, struct rf_error *err);

/* A --clutter-classes value: a file path as given, or the name of a shipped
 * table (letters, digits, '_' and '-' only, e.g. "esa_worldcover") when no
 * file of that name exists, looked up as clutter/NAME.csv by rf_data_find.
 * Returns a malloc'd path, or NULL with err naming the value and the places
 * tried. */
char *rf_clutter_classes_path(const char *value, struct rf_error *err);

#endif
