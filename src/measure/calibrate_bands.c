/* rfplan calibrate per frequency band (calibrate.h): the bands of the
 * points' cells' frequencies, each fitted by rf_calibrate_spm. */
#include "rfplan/calibrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void rf_calib_bands_free(struct rf_calib_bands *b)
{
	for (int i = 0; b->items && i < b->n; i++)
		rf_calib_result_free(&b->items[i].r);
	free(b->items);
	memset(b, 0, sizeof(*b));
}

int rf_calibrate_spm_bands(const struct rf_compare *c, const struct rf_cells *cells,
			   const struct rf_spm_coeffs *start,
			   const struct rf_class_table *classes,
			   const struct rf_calib_options *o, struct rf_calib_bands *out,
			   struct rf_error *err)
{
	double *f = rf_xmalloc((c->n ? c->n : 1) * sizeof(double));
	struct rf_compare sub;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->main = -1;
	for (size_t i = 0; i < c->n; i++)
		f[i] = cells && c->pts[i].cell >= 0 ? cells->items[c->pts[i].cell].frequency_mhz
						    : 0.0;
	qsort(f, c->n, sizeof(double), cmp_double);
	out->items = rf_xcalloc(c->n ? c->n : 1, sizeof(*out->items));
	for (size_t i = 0; i < c->n; i++) {
		if (i == 0 || f[i] - f[i - 1] > RF_CALIB_BAND_GAP_MHZ)
			out->items[out->n++].freq_min_mhz = f[i];
		out->items[out->n - 1].freq_max_mhz = f[i];
		out->items[out->n - 1].n_points++;
	}
	free(f);
	memset(&sub, 0, sizeof(sub));
	sub.pts = rf_xmalloc((c->n ? c->n : 1) * sizeof(*sub.pts));
	for (int b = 0; b < out->n && !rc; b++) {
		struct rf_calib_band *band = &out->items[b];
		sub.n = 0;
		for (size_t i = 0; i < c->n; i++) {
			double fi = cells && c->pts[i].cell >= 0
				    ? cells->items[c->pts[i].cell].frequency_mhz : 0.0;
			if (fi >= band->freq_min_mhz && fi <= band->freq_max_mhz)
				sub.pts[sub.n++] = c->pts[i];
		}
		if (out->n > 1 && band->n_points < RF_CALIB_MIN_POINTS)
			continue;
		if (rf_calibrate_spm(&sub, cells, start, classes, o, &band->r, err)) {
			if (out->n > 1) {
				size_t len = strlen(err->msg);
				snprintf(err->msg + len, sizeof(err->msg) - len, " (band %g-%g MHz)",
					 band->freq_min_mhz, band->freq_max_mhz);
			}
			rc = -1;
			break;
		}
		band->fitted = 1;
		if (out->main < 0 || band->n_points > out->items[out->main].n_points)
			out->main = b;
	}
	free(sub.pts);
	if (!rc && out->main < 0)
		rc = rf_error_set(err, "too few points to calibrate: no band has %d (%zu points in "
				  "%d bands)", RF_CALIB_MIN_POINTS, c->n, out->n);
	if (rc)
		rf_calib_bands_free(out);
	return rc;
}
