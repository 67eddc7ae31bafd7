/* Standard Propagation Model (the K1..K7 model of Forsk Atoll and other
 * planning tools, a calibratable generalisation of COST-231 Hata). */
#include "rfplan/model.h"
#include "rfplan/input.h"

#include <jansson.h>
#include <math.h>
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
				       "k7", "calibration", NULL};

int rf_spm_load(const char *path, struct rf_spm_coeffs *out, struct rf_error *err)
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
	*out = k;
	rc = 0;
done:
	json_decref(root);
	return rc;
}
