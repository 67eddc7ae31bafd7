/* An output directory made atomically (doc/errors.md, "Faults"): written
 * under a temporary name next to its final place, swapped in when
 * complete. */
#ifndef RFPLAN_OUTDIR_H
#define RFPLAN_OUTDIR_H

#include "rfplan/error.h"

/* Output directory made atomically: rf_outdir_begin checks final_dir (a
 * missing or empty directory is fine; a previous rfplan predict output
 * (run.json with "rfplan_predict") only with force; anything else is
 * refused; an `rfplan compare` output, compare.json with "rfplan_compare",
 * counts as one too) and creates a temporary directory next to it (*tmp_dir,
 * malloc'd).  rf_outdir_commit swaps it into place (the old output stays
 * intact until then, and is removed after); rf_outdir_abort removes it. */
int rf_outdir_begin(const char *final_dir, int force, char **tmp_dir, struct rf_error *err);
int rf_outdir_commit(const char *tmp_dir, const char *final_dir, struct rf_error *err);
void rf_outdir_abort(const char *tmp_dir);

#endif
