/* Standard Propagation Model (the K1..K7 model of Forsk Atoll and other
 * planning tools, a calibratable generalisation of COST-231 Hata). */
#include "rfplan/model.h"
#include "rfplan/input.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double rf_spm_db(const struct rf_spm_coeffs *k, double dist_m, double heff_m,
		 double diffraction_db, double hrx_m)
{
	double ld = log10(k->distance_km ? dist_m / 1000.0 : dist_m);
	double lh = log10(heff_m);
	return k->k1 + k->k2 * ld + k->k3 * lh + k->k4 * diffraction_db + k->k5 * ld * lh
		+ k->k6 * hrx_m + k->k7 * log10(hrx_m);
}

/* Keep identical to data/models/spm_default.json (test_models checks). */
void rf_spm_default(struct rf_spm_coeffs *out)
{
	out->k1 = 22.0;
	out->k2 = 44.9;
	out->k3 = 5.83;
	out->k4 = 1.0;
	out->k5 = -6.55;
	out->k6 = 0.0;
	out->k7 = 0.0;
	out->distance_km = 0;
}

static int get_k(const char *path, json_t *root, const char *key, double *out,
		 struct rf_error *err)
{
	json_t *v = json_object_get(root, key);
	if (!v)
		return rf_error_set(err, "%s: key '%s' is missing", path, key);
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return rf_error_set(err, "%s: key '%s' is not a number", path, key);
	*out = json_number_value(v);
	return 0;
}

/* The keys of an SPM model file (data/models/spm_default.json, and what
 * rfplan calibrate writes); any other is refused as a likely misspelling. */
static const char *const spm_keys[] = {"model", "description", "source", "frequency_mhz",
				       "distance_unit", "k1", "k2", "k3", "k4", "k5", "k6",
				       "k7", "calibration", "cell_offsets", "bands", NULL};

/* The members of a "cell_offsets" entry. */
static const char *const offset_keys[] = {"site_id", "cell_id", "offset_db", "std_error_db",
					  "points", "group", NULL};

/* The members of a "bands" entry. */
static const char *const band_keys[] = {"frequency_min_mhz", "frequency_max_mhz", "k1", "k2",
					"k3", "k4", "k5", "k6", "k7", "points", "calibration",
					NULL};

void rf_spm_calib_free(struct rf_spm_calib *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++) {
		free(t->items[i].site_id);
		free(t->items[i].cell_id);
	}
	free(t->items);
	free(t->bands);
	t->items = NULL;
	t->bands = NULL;
	t->count = t->n_bands = 0;
}

int rf_spm_band_find(const struct rf_spm_calib *t, double freq_mhz)
{
	int best = -1;
	double best_d = INFINITY;
	for (size_t i = 0; t && i < t->n_bands; i++) {
		const struct rf_spm_band *b = &t->bands[i];
		/* distance outside the range (0 inside) */
		double d = freq_mhz < b->freq_min_mhz ? b->freq_min_mhz - freq_mhz
			   : freq_mhz > b->freq_max_mhz ? freq_mhz - b->freq_max_mhz : 0.0;
		if (d <= t->band_tolerance_mhz && d < best_d) {
			best = (int)i;
			best_d = d;
		}
	}
	return best;
}

int rf_spm_offset_find(const struct rf_spm_calib *t, const char *site_id,
		       const char *cell_id, double *offset_db)
{
	int site_only = -1;
	*offset_db = 0.0;
	for (size_t i = 0; t && i < t->count; i++) {
		const struct rf_spm_offset *e = &t->items[i];
		if (strcmp(e->site_id, site_id))
			continue;
		if (!e->cell_id && site_only < 0)
			site_only = (int)i;
		if (e->cell_id && !strcmp(e->cell_id, cell_id)) {
			*offset_db = e->offset_db;
			return 1;
		}
	}
	if (site_only < 0)
		return 0;
	*offset_db = t->items[site_only].offset_db;
	return 1;
}

int rf_spm_cell_coeffs(const struct rf_model_options *o, const char *site_id,
		       const char *cell_id, double freq_mhz, struct rf_spm_coeffs *out)
{
	double off;
	int found = rf_spm_offset_find(o->spm_calib, site_id, cell_id, &off);
	int band = rf_spm_band_find(o->spm_calib, freq_mhz);
	*out = band >= 0 ? o->spm_calib->bands[band].k : o->spm;
	out->k1 -= off;
	return found;
}

/* "bands": [{"frequency_min_mhz", "frequency_max_mhz", "k1".."k7", ...}],
 * in the file's distance unit. */
static int load_bands(const char *path, json_t *arr, int distance_km, struct rf_spm_calib *t,
		      struct rf_error *err)
{
	static const char *const kk[7] = {"k1", "k2", "k3", "k4", "k5", "k6", "k7"};
	if (!json_is_array(arr) || !json_array_size(arr))
		return rf_error_set(err, "%s: key 'bands' must be a non-empty array", path);
	t->bands = rf_xcalloc(json_array_size(arr), sizeof(*t->bands));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i), *v;
		struct rf_spm_band *b = &t->bands[i];
		double kv[7];
		const char *key;
		if (!json_is_object(e))
			return rf_error_set(err, "%s: bands[%zu] is not an object", path, i);
		json_object_foreach(e, key, v) {
			size_t k = 0;
			while (band_keys[k] && strcmp(band_keys[k], key))
				k++;
			if (!band_keys[k])
				return rf_error_set(err, "%s: bands[%zu]: key '%s' is not a key of a "
						    "band (did you mean '%s'?)", path, i, key,
						    rf_closest_name(key, band_keys));
		}
		char what[32];
		snprintf(what, sizeof(what), "bands[%zu]", i);
		for (int j = 0; j < 7; j++) {
			v = json_object_get(e, kk[j]);
			if (!json_is_number(v) || !isfinite(json_number_value(v)))
				return rf_error_set(err, "%s: %s: '%s' is missing or not a number", path,
						    what, kk[j]);
			kv[j] = json_number_value(v);
		}
		json_t *lo = json_object_get(e, "frequency_min_mhz");
		json_t *hi = json_object_get(e, "frequency_max_mhz");
		if (!json_is_number(lo) || !json_is_number(hi) || !(json_number_value(lo) > 0) ||
		    !(json_number_value(hi) >= json_number_value(lo)))
			return rf_error_set(err, "%s: %s: 'frequency_min_mhz' and 'frequency_max_mhz' "
					    "must be numbers, 0 < min <= max", path, what);
		b->freq_min_mhz = json_number_value(lo);
		b->freq_max_mhz = json_number_value(hi);
		b->k = (struct rf_spm_coeffs){ kv[0], kv[1], kv[2], kv[3], kv[4], kv[5], kv[6],
					       distance_km };
		t->n_bands++;
	}
	return 0;
}

/* "cell_offsets": [{"site_id", "cell_id" (optional), "offset_db", ...}]. */
static int load_offsets(const char *path, json_t *arr, struct rf_spm_calib *t,
			struct rf_error *err)
{
	if (!json_is_array(arr))
		return rf_error_set(err, "%s: key 'cell_offsets' must be an array", path);
	t->items = rf_xcalloc(json_array_size(arr) + 1, sizeof(*t->items));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i), *site, *cell, *off;
		const char *key;
		if (!json_is_object(e))
			return rf_error_set(err, "%s: cell_offsets[%zu] is not an object", path, i);
		json_object_foreach(e, key, site) {
			size_t k = 0;
			while (offset_keys[k] && strcmp(offset_keys[k], key))
				k++;
			if (!offset_keys[k])
				return rf_error_set(err, "%s: cell_offsets[%zu]: key '%s' is not a "
						    "key of a cell offset (did you mean '%s'?)", path,
						    i, key, rf_closest_name(key, offset_keys));
		}
		site = json_object_get(e, "site_id");
		cell = json_object_get(e, "cell_id");
		off = json_object_get(e, "offset_db");
		if (!json_is_string(site))
			return rf_error_set(err, "%s: cell_offsets[%zu]: 'site_id' is missing or "
					    "not a string", path, i);
		if (cell && !json_is_string(cell) && !json_is_null(cell))
			return rf_error_set(err, "%s: cell_offsets[%zu]: 'cell_id' is not a string",
					    path, i);
		if (!json_is_number(off) || !isfinite(json_number_value(off)) ||
		    fabs(json_number_value(off)) > 100.0)
			return rf_error_set(err, "%s: cell_offsets[%zu]: 'offset_db' is missing or "
					    "not a number within +-100 dB", path, i);
		t->items[t->count].site_id = rf_xstrdup(json_string_value(site));
		t->items[t->count].cell_id = json_is_string(cell)
					     ? rf_xstrdup(json_string_value(cell)) : NULL;
		t->items[t->count++].offset_db = json_number_value(off);
	}
	return 0;
}

int rf_spm_load(const char *path, struct rf_spm_coeffs *out, struct rf_error *err)
{
	return rf_spm_load_offsets(path, out, NULL, err);
}

int rf_spm_load_offsets(const char *path, struct rf_spm_coeffs *out,
			struct rf_spm_calib *calib, struct rf_error *err)
{
	json_t *root = rf_input_json(path, err), *unit;
	struct rf_spm_coeffs k;
	const char *u, *key;
	int rc = -1;

	if (!root)
		return -1;
	if (!json_is_object(root)) {
		rf_error_set(err, "%s: the SPM model file must be a JSON object", path);
		goto done;
	}
	for (void *it = json_object_iter(root); it; it = json_object_iter_next(root, it)) {
		size_t i = 0;
		key = json_object_iter_key(it);
		while (spm_keys[i] && strcmp(spm_keys[i], key))
			i++;
		if (!spm_keys[i]) {
			rf_error_set(err, "%s: key '%s' is not a key of an SPM model file (did you "
				     "mean '%s'?)", path, key, rf_closest_name(key, spm_keys));
			goto done;
		}
	}
	if (get_k(path, root, "k1", &k.k1, err) || get_k(path, root, "k2", &k.k2, err) ||
	    get_k(path, root, "k3", &k.k3, err) || get_k(path, root, "k4", &k.k4, err) ||
	    get_k(path, root, "k5", &k.k5, err) || get_k(path, root, "k6", &k.k6, err) ||
	    get_k(path, root, "k7", &k.k7, err))
		goto done;
	unit = json_object_get(root, "distance_unit");
	u = unit ? json_string_value(unit) : NULL;
	if (!u || (strcmp(u, "m") && strcmp(u, "km"))) {
		rf_error_set(err, "%s: key 'distance_unit' must be \"m\" or \"km\"", path);
		goto done;
	}
	k.distance_km = !strcmp(u, "km");
	if (calib) {
		json_t *arr = json_object_get(root, "cell_offsets");
		json_t *bands = json_object_get(root, "bands");
		memset(calib, 0, sizeof(*calib));
		if ((arr && load_offsets(path, arr, calib, err)) ||
		    (bands && load_bands(path, bands, k.distance_km, calib, err))) {
			rf_spm_calib_free(calib);
			goto done;
		}
	}
	*out = k;
	rc = 0;
done:
	json_decref(root);
	return rc;
}
