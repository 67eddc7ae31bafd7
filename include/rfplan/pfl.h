/* Terrain profile files for `rfplan profile --pfl`.
 *
 * Two forms, told apart by the first field of the file:
 *  - numeric: ITM's pfl form `np dx_m z0 z1 ... z_np` (NTIA/ITS): np + 1
 *    heights (m) spaced dx_m, the transmitter at z0; numbers separated by
 *    blanks and/or commas, across any number of lines;
 *  - not numeric: a CSV (libcsv) whose header row names the columns
 *    `distance_m` and `height_m` (any order, extra columns ignored), one
 *    point per row, distances strictly increasing from the transmitter.
 *    Equally spaced rows (within 0.1% of the mean spacing) are used as
 *    they are; otherwise the profile is resampled by linear interpolation
 *    onto the smallest spacing found (so no peak falls between samples) and
 *    `resampled` is set so the caller can say so.
 * Errors name the file and line: "FILE:LINE: 'x' is not a number". */
#ifndef RFPLAN_PFL_H
#define RFPLAN_PFL_H

#include "rfplan/error.h"

struct rf_pfl {
	int n;            /* points, >= 2 */
	double step_m;    /* spacing, > 0 */
	double *z_m;      /* n heights, owned */
	int resampled;    /* CSV form with uneven spacing: resampled */
};

int rf_pfl_read(const char *path, struct rf_pfl *out, struct rf_error *err);
void rf_pfl_free(struct rf_pfl *p);

#endif
