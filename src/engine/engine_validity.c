/* The model's validity for the cells before a run
 * (rf_engine_check_validity): each distinct frequency probed once, the
 * SPM's calibrated bands and offsets. */
#include "engine_priv.h"
#include "rfplan/engine.h"
#include "rfplan/profile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cell indices ordered by frequency, then by index (qsort has no context:
 * the pairs carry the frequency). */
struct freq_index {
	double frequency_mhz;
	size_t index;
};

static int cmp_freq_index(const void *pa, const void *pb)
{
	const struct freq_index *a = pa, *b = pb;
	if (a->frequency_mhz != b->frequency_mhz)
		return a->frequency_mhz < b->frequency_mhz ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

/* first[i] = 1 when cell i is the first (lowest index) with its frequency:
 * O(n log n) by sorting, for runs of many cells. */
static unsigned char *first_of_each_frequency(const struct rf_cells *cs)
{
	struct freq_index *fi = rf_xcalloc(cs->count ? cs->count : 1, sizeof(*fi));
	unsigned char *first = rf_xcalloc(cs->count ? cs->count : 1, 1);
	for (size_t i = 0; i < cs->count; i++)
		fi[i] = (struct freq_index){ cs->items[i].frequency_mhz, i };
	qsort(fi, cs->count, sizeof(*fi), cmp_freq_index);
	for (size_t k = 0; k < cs->count; k++)
		if (k == 0 || fi[k].frequency_mhz != fi[k - 1].frequency_mhz)
			first[fi[k].index] = 1;
	free(fi);
	return first;
}

static int spm_is_default(const struct rf_spm_coeffs *a, const struct rf_spm_coeffs *b)
{
	return a->k1 == b->k1 && a->k2 == b->k2 && a->k3 == b->k3 && a->k4 == b->k4 &&
	       a->k5 == b->k5 && a->k6 == b->k6 && a->k7 == b->k7 &&
	       a->distance_km == b->distance_km;
}

/* The SPM's frequency: a calibrated file's bands hold each cell's frequency
 * (else an error: the SPM has no frequency term), the built-in
 * coefficients are warned about far from their 1800 MHz; and a calibrated
 * file's offsets name cells: say which cells have none (they keep the
 * file's K1, offset 0 dB).  -1 with err for a cell outside every band. */
static int spm_calib_check(const struct rf_engine *eng, struct rf_log *log,
			   struct rf_error *err)
{
	const struct rf_model_options *m = &eng->opts.model;
	const struct rf_cells *cs = eng->cells;
	size_t missing = 0, first = 0, far = 0;
	struct rf_spm_coeffs def;
	double off;
	if (m->model != RF_MODEL_SPM)
		return 0;
	rf_spm_default(&def);
	for (size_t i = 0; i < cs->count; i++) {
		const struct rf_cell *c = &cs->items[i];
		if (m->spm_calib && m->spm_calib->n_bands &&
		    rf_spm_band_find(m->spm_calib, c->frequency_mhz) < 0)
			return rf_error_set(err, "cell %s/%s: %g MHz is outside every band of the "
					    "calibrated SPM file (first %g-%g MHz; "
					    "--spm-band-tolerance MHZ to use the nearest)", c->site_id,
					    c->cell_id, c->frequency_mhz,
					    m->spm_calib->bands[0].freq_min_mhz,
					    m->spm_calib->bands[0].freq_max_mhz);
		if (spm_is_default(&m->spm, &def) && fabs(c->frequency_mhz - 1800.0) > 300.0 &&
		    !far++)
			first = i;
	}
	if (far)
		rf_warn(log, "model spm: %zu of %zu cells (first %s/%s, %g MHz) are far from the "
			"built-in coefficients' 1800 MHz (the SPM has no frequency term: calibrate "
			"it for their band)", far, cs->count, cs->items[first].site_id,
			cs->items[first].cell_id, cs->items[first].frequency_mhz);
	first = 0;
	if (!m->spm_calib || !m->spm_calib->count)
		return 0;
	for (size_t i = 0; i < cs->count; i++)
		if (!rf_spm_offset_find(m->spm_calib, cs->items[i].site_id, cs->items[i].cell_id,
					&off) && !missing++)
			first = i;
	if (missing)
		rf_warn(log, "SPM file: %zu of %zu cells have no calibrated offset (first %s/%s): "
			"0 dB for them", missing, cs->count, cs->items[first].site_id,
			cs->items[first].cell_id);
	return 0;
}

int rf_engine_check_validity(const struct rf_engine *eng, int strict, struct rf_log *log,
			     struct rf_error *err)
{
	/* A probe path: 2 km over flat ground, the cell's heights. */
	double ground[3] = { 0, 0, 0 };
	struct rf_profile prof = { 3, 1000.0, ground, NULL, 0.0, 0.0 };
	const struct rf_cells *cs = eng->cells;
	/* each distinct frequency once, by its first cell, in cell order */
	unsigned char *first = first_of_each_frequency(cs);
	int rc = 0;
	for (size_t i = 0; i < cs->count && !rc; i++) {
		const struct rf_cell *c = &cs->items[i];
		struct rf_link link = { c->frequency_mhz, c->height_agl_m, eng->opts.rx_height_m };
		struct rf_loss_terms t;
		struct rf_error perr;
		if (!first[i])
			continue;
		if (rf_model_path_loss(&eng->opts.model, &link, &prof, &t, &perr)) {
			rc = rf_error_set(err, "cell %s/%s: model %s refuses %g MHz: %s",
					  c->site_id, c->cell_id,
					  rf_model_name(eng->opts.model.model), c->frequency_mhz,
					  perr.msg);
			break;
		}
		if (!(t.warnings & RF_WARN_FREQ_RANGE))
			continue;
		if (strict) {
			rc = rf_error_set(err, "cell %s/%s: %g MHz is outside the validity range "
					  "of model %s (--strict)", c->site_id, c->cell_id,
					  c->frequency_mhz, rf_model_name(eng->opts.model.model));
			break;
		}
		rf_warn(log, "cell %s/%s: %g MHz is outside the validity range of model %s",
			c->site_id, c->cell_id, c->frequency_mhz,
			rf_model_name(eng->opts.model.model));
	}
	free(first);
	if (!rc)
		rc = spm_calib_check(eng, log, err);
	return rc;
}
