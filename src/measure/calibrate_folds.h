/* Private to src/measure/calibrate*.c: the fold of each point. */
#ifndef RFPLAN_MEASURE_CALIBRATE_FOLDS_H
#define RFPLAN_MEASURE_CALIBRATE_FOLDS_H

#include "rfplan/calibrate.h"

/* fold[i] (c->n of them): contiguous blocks (o->folds), or the index of
 * the point's group (file, cell, site, UTC day, time block, column value,
 * in order of first appearance; by time: in time order) with r->groups named and
 * r->n_groups set.  Returns the number of folds, or -1 with err (fewer than
 * 2 groups, a point without a time for day / time folds or without a
 * value for column folds). */
int rf_calib_fold_groups(const struct rf_compare *c, const struct rf_cells *cells,
			 const struct rf_calib_options *o, struct rf_calib_result *r, int *fold,
			 struct rf_error *err);

#endif
