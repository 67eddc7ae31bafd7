/* Propagation model dispatch: one profile in, every loss term out. */
#include "rfplan/model.h"
#include "rfplan/itm.h"
#include "model_engine.h"
#include "model_p1812.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_names[] = { "fspl", "los", "hata", "cost231", "itm", "spm",
					   "p1812" };
static const char *const env_names[] = { "urban", "urban-large", "suburban", "open",
					 "metropolitan" };

void rf_model_options_default(struct rf_model_options *o)
{
	memset(o, 0, sizeof(*o));
	o->model = RF_MODEL_ITM;
	o->k_factor = 4.0 / 3.0;
	o->polarization = 1;
	o->climate = 5;
	o->n0 = 301.0;
	o->epsilon = 15.0;
	o->sigma = 0.005;
	o->time_pct = 50.0;
	o->location_pct = 50.0;
	o->situation_pct = 50.0;
	o->mdvar = 12;
	o->env = RF_ENV_URBAN;
	rf_spm_default(&o->spm);
	o->dn = RF_P1812_DEFAULT_DN;
	o->p1812_n0 = RF_P1812_DEFAULT_N0;
	o->dct_km = o->dcr_km = -1.0;
	o->wa_m = RF_P1812_DEFAULT_WA_M;
}

int rf_model_parse(const char *name, enum rf_model_id *out)
{
	for (size_t i = 0; i < sizeof(model_names) / sizeof(model_names[0]); i++)
		if (!strcmp(name, model_names[i])) {
			*out = (enum rf_model_id)i;
			return 0;
		}
	return -1;
}

const char *rf_model_name(enum rf_model_id id)
{
	return (unsigned)id < sizeof(model_names) / sizeof(model_names[0]) ? model_names[id]
									   : "?";
}

int rf_env_parse(const char *name, enum rf_env *out)
{
	for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
		if (!strcmp(name, env_names[i])) {
			*out = (enum rf_env)i;
			return 0;
		}
	return -1;
}

const char *rf_env_name(enum rf_env env)
{
	return (unsigned)env < sizeof(env_names) / sizeof(env_names[0]) ? env_names[env] : "?";
}

/* Hata, COST-231 and SPM take log10 of the effective height: below 1 m
 * (an antenna in a valley) it is clamped to 1 m and flagged. */
static double usable_heff(double heff_m, unsigned *warnings)
{
	if (heff_m < 1.0) {
		*warnings |= RF_WARN_TX_HEIGHT;
		return 1.0;
	}
	return heff_m;
}

static unsigned itm_to_rf_warnings(int w)
{
	unsigned out = w ? RF_WARN_ITM : 0;
	if (w & RF_ITM_WARN_FREQUENCY)
		out |= RF_WARN_FREQ_RANGE;
	if (w & RF_ITM_WARN_TX_HEIGHT)
		out |= RF_WARN_TX_HEIGHT;
	if (w & RF_ITM_WARN_RX_HEIGHT)
		out |= RF_WARN_RX_HEIGHT;
	if (w & (RF_ITM_WARN_DIST_BIG_1 | RF_ITM_WARN_DIST_BIG_2 | RF_ITM_WARN_DIST_SMALL_1 |
		 RF_ITM_WARN_DIST_SMALL_2))
		out |= RF_WARN_DIST_RANGE;
	return out;
}

/* Profiles up to this many points are copied on the stack for ITM (32 KB);
 * longer ones are allocated. */
#define ITM_STACK_POINTS 4096

static void itm_params(const struct rf_model_options *o, const struct rf_link *link,
		       struct rf_itm_params *p)
{
	*p = (struct rf_itm_params){
		.freq_mhz = link->freq_mhz, .tx_height_m = link->tx_height_agl_m,
		.rx_height_m = link->rx_height_agl_m, .polarization = o->polarization,
		.climate = o->climate, .n0 = o->n0, .epsilon = o->epsilon,
		.sigma = o->sigma, .mdvar = o->mdvar, .time_pct = o->time_pct,
		.location_pct = o->location_pct, .situation_pct = o->situation_pct,
	};
}

void rf_model_cell_prepare(const struct rf_model_options *o, double freq_mhz,
			   struct rf_model_cell *mc)
{
	struct rf_link link = { freq_mhz, 1.0, 1.0 };
	struct rf_itm_params p;
	struct rf_error err;

	memset(mc, 0, sizeof(*mc));
	mc->freq_mhz = freq_mhz;
	mc->fspl_freq_db = rf_fspl_freq_term_db(freq_mhz);
	if (o->model != RF_MODEL_ITM)
		return;
	itm_params(o, &link, &p);
	mc->itm_ready = rf_itm_p2p_prepare(&p, &mc->itm, &err) == 0;
}

/* ITM on the profile; *fs_db (if not NULL) receives ITM's free-space loss,
 * the same formula as rf_fspl_db over (n - 1) step_m. */
static int run_itm(const struct rf_model_options *o, const struct rf_model_cell *mc,
		   const struct rf_link *link, const struct rf_profile *prof,
		   struct rf_loss_terms *out, double *fs_db, struct rf_error *err)
{
	struct rf_itm_params p;
	struct rf_itm_result r;
	double stack_z[ITM_STACK_POINTS], *heap_z = NULL;
	const double *z = prof->ground_m;
	int rc;

	/* Clutter is an obstacle on top of the terrain at the intermediate
	 * points; the terminals stand on bare ground. */
	if (prof->clutter_m) {
		double *zc = prof->n <= ITM_STACK_POINTS
			? stack_z : (heap_z = rf_xmalloc((size_t)prof->n * sizeof(double)));
		for (int i = 0; i < prof->n; i++)
			zc[i] = prof->ground_m[i] +
				(i > 0 && i < prof->n - 1 ? prof->clutter_m[i] : 0.0);
		z = zc;
	}
	if (mc && mc->itm_ready && mc->freq_mhz == link->freq_mhz) {
		rc = rf_itm_p2p_prepared(&mc->itm, link->tx_height_agl_m, link->rx_height_agl_m, z,
					 prof->n, prof->step_m, &r, err);
	} else {
		itm_params(o, link, &p);
		rc = rf_itm_p2p(&p, z, prof->n, prof->step_m, &r, err);
	}
	free(heap_z);
	if (rc)
		return -1;
	if (fs_db)
		*fs_db = r.free_space_db;
	out->path_loss_db = out->model_db = r.loss_db;
	out->diffraction_db = r.ref_attenuation_db;
	out->variability_db = r.loss_db - r.free_space_db - r.ref_attenuation_db;
	out->mode = r.mode;
	out->eff_tx_height_m = r.eff_height_m[0];
	out->itm_warnings = r.warnings;
	out->warnings |= itm_to_rf_warnings(r.warnings);
	return 0;
}

/* The link and model parameters (the same for every path of a cell). */
static int check_link(const struct rf_model_options *o, const struct rf_link *link,
		      struct rf_error *err)
{
	if (!(link->freq_mhz > 0) || !isfinite(link->freq_mhz))
		return rf_error_set(err, "frequency %g MHz: must be > 0", link->freq_mhz);
	if (!(link->tx_height_agl_m >= 0) || !isfinite(link->tx_height_agl_m))
		return rf_error_set(err, "tx height %g m: must be >= 0", link->tx_height_agl_m);
	if (!(link->rx_height_agl_m > 0) || !isfinite(link->rx_height_agl_m))
		return rf_error_set(err, "rx height %g m: must be > 0", link->rx_height_agl_m);
	if (!(o->k_factor > 0) || !isfinite(o->k_factor))
		return rf_error_set(err, "k-factor %g: must be > 0", o->k_factor);
	return 0;
}

static int check_spacing(const struct rf_profile *prof, struct rf_error *err)
{
	if (prof->n < 2 || !(prof->step_m > 0) || !isfinite(prof->step_m))
		return rf_error_set(err, "profile: %d points spaced %g m: need >= 2 points "
				    "and a spacing > 0", prof->n, prof->step_m);
	return 0;
}

/* 1 when a[0..n-1] holds a NAN or an infinity: x - x is 0 for a finite x and
 * NAN otherwise, summed branch-free in four independent chains (the engine
 * calls this for every pixel; one chain waits on each addition). */
static int any_not_finite(const double *a, int n)
{
	double acc[4] = { 0.0, 0.0, 0.0, 0.0 };
	int i = 0;
	for (; i + 4 <= n; i += 4)
		for (int j = 0; j < 4; j++)
			acc[j] += a[i + j] - a[i + j];
	for (; i < n; i++)
		acc[0] += a[i] - a[i];
	return (acc[0] + acc[1]) + (acc[2] + acc[3]) != 0.0;
}

static int check_inputs(const struct rf_model_options *o, const struct rf_link *link,
			const struct rf_profile *prof, struct rf_error *err)
{
	if (check_link(o, link, err) || check_spacing(prof, err))
		return -1;
	if (!any_not_finite(prof->ground_m, prof->n) &&
	    !(prof->clutter_m && any_not_finite(prof->clutter_m, prof->n)))
		return 0;
	for (int i = 0; i < prof->n; i++)
		if (!isfinite(prof->ground_m[i]) ||
		    (prof->clutter_m && !isfinite(prof->clutter_m[i])))
			return rf_error_set(err, "profile point %d: height is not a number", i);
	return 0;
}

/* Okumura-Hata or COST-231 over d_m with effective height heff_m (from
 * the full call and the engine's lean one alike): warnings, model and path
 * loss; an empirical fit never beats free space (short distances). */
static void hata_terms(const struct rf_model_options *o, const struct rf_link *link,
		       double d_m, double fs_db, double heff_m, struct rf_loss_terms *out)
{
	int cost = o->model == RF_MODEL_COST231;

	out->warnings |= rf_hata_warnings(cost, link->freq_mhz, heff_m, link->rx_height_agl_m,
					  d_m / 1000.0);
	heff_m = usable_heff(heff_m, &out->warnings);
	out->diffraction_db = 0.0;
	out->model_db = cost
		? rf_cost231_db(link->freq_mhz, heff_m, link->rx_height_agl_m, d_m / 1000.0, o->env)
		: rf_hata_db(link->freq_mhz, heff_m, link->rx_height_agl_m, d_m / 1000.0, o->env);
	out->path_loss_db = fmax(out->model_db, fs_db);
}

int rf_model_path_loss(const struct rf_model_options *o, const struct rf_link *link,
		       const struct rf_profile *prof, struct rf_loss_terms *out,
		       struct rf_error *err)
{
	return rf_model_path_loss_geo(o, link, prof, NULL, out, err);
}

int rf_model_path_loss_geo(const struct rf_model_options *o, const struct rf_link *link,
			   const struct rf_profile *prof, const struct rf_path_geo *geo,
			   struct rf_loss_terms *out, struct rf_error *err)
{
	double d_m, heff, fs, knife;

	struct rf_link path_link = *link;

	memset(out, 0, sizeof(*out));
	if (check_inputs(o, link, prof, err))
		return -1;
	/* Terminals inside clutter: the path runs from the clutter top (see
	 * struct rf_profile); only when clutter is in use. */
	if (prof->clutter_m) {
		path_link.tx_height_agl_m = fmax(link->tx_height_agl_m, prof->tx_clutter_m);
		path_link.rx_height_agl_m = fmax(link->rx_height_agl_m, prof->rx_clutter_m);
	}
	rf_path_geometry(&path_link, prof, o->k_factor, out);
	d_m = out->distance_m;
	fs = out->free_space_db = rf_fspl_db(link->freq_mhz, d_m);
	knife = out->diffraction_db;
	out->mode = out->los_clear ? RF_MODE_LOS : RF_MODE_DIFFRACTION;
	out->eff_tx_height_m = rf_effective_tx_height_m(link, prof);
	heff = out->eff_tx_height_m;

	switch (o->model) {
	case RF_MODEL_FSPL:
		out->diffraction_db = 0.0;
		out->path_loss_db = out->model_db = fs;
		return 0;
	case RF_MODEL_LOS:
		out->path_loss_db = out->model_db = fs + knife;
		return 0;
	case RF_MODEL_HATA:
	case RF_MODEL_COST231:
		hata_terms(o, link, d_m, fs, heff, out);
		return 0;
	case RF_MODEL_SPM:
		heff = usable_heff(heff, &out->warnings);
		out->model_db = rf_spm_db(&o->spm, d_m, heff, knife, link->rx_height_agl_m);
		out->path_loss_db = fmax(out->model_db, fs);
		return 0;
	case RF_MODEL_ITM:
		return run_itm(o, NULL, &path_link, prof, out, NULL, err);
	case RF_MODEL_P1812:
		/* the knife-edge geometry above stays, for information */
		return rf_model_p1812(o, link, prof, geo, out, err);
	}
	return rf_error_set(err, "unknown propagation model %d", (int)o->model);
}

int rf_model_needs_terrain(const struct rf_model_options *o)
{
	return o->model != RF_MODEL_FSPL;
}

int rf_model_adds_clutter_loss(const struct rf_model_options *o)
{
	return o->model != RF_MODEL_P1812;
}

/* rf_fspl_freq_term_db of the link, from the cell's (mc may be NULL) when
 * it is its frequency */
static double fspl_freq_db(const struct rf_model_cell *mc, const struct rf_link *link)
{
	return mc && mc->freq_mhz == link->freq_mhz ? mc->fspl_freq_db
		: rf_fspl_freq_term_db(link->freq_mhz);
}

/* The engine's call (model_engine.h): each model without the terms it does
 * not use.  Same inputs check, same terminal-in-clutter heights. */
int rf_model_path_loss_lean(const struct rf_model_options *o, const struct rf_model_cell *mc,
			    const struct rf_link *link, const struct rf_profile *prof,
			    struct rf_loss_terms *out, struct rf_error *err)
{
	return rf_model_path_loss_lean_geo(o, mc, link, prof, NULL, out, err);
}

int rf_model_path_loss_lean_geo(const struct rf_model_options *o, const struct rf_model_cell *mc,
				const struct rf_link *link, const struct rf_profile *prof,
				const struct rf_path_geo *geo, struct rf_loss_terms *out,
				struct rf_error *err)
{
	struct rf_link path_link = *link;

	switch (o->model) {
	case RF_MODEL_FSPL:
		/* the distance alone: prof->ground_m may be NULL */
		memset(out, 0, sizeof(*out));
		if (check_link(o, link, err) || check_spacing(prof, err))
			return -1;
		out->distance_m = (prof->n - 1) * prof->step_m;
		out->path_loss_db = out->model_db = out->free_space_db =
			rf_fspl_db_from(fspl_freq_db(mc, link), out->distance_m);
		return 0;
	case RF_MODEL_HATA:
	case RF_MODEL_COST231:
		memset(out, 0, sizeof(*out));
		if (check_inputs(o, link, prof, err))
			return -1;
		/* without the knife-edge geometry: the same distance, free
		 * space and effective height as the full call, so the same bits */
		out->distance_m = (prof->n - 1) * prof->step_m;
		out->free_space_db = rf_fspl_db_from(fspl_freq_db(mc, link), out->distance_m);
		out->eff_tx_height_m = rf_effective_tx_height_m(link, prof);
		hata_terms(o, link, out->distance_m, out->free_space_db, out->eff_tx_height_m, out);
		return 0;
	case RF_MODEL_ITM:
		break;
	case RF_MODEL_P1812:
		memset(out, 0, sizeof(*out));
		if (check_inputs(o, link, prof, err))
			return -1;
		return rf_model_p1812(o, link, prof, geo, out, err);
	default:
		return rf_model_path_loss_geo(o, link, prof, geo, out, err);
	}
	memset(out, 0, sizeof(*out));
	if (check_inputs(o, link, prof, err))
		return -1;
	if (prof->clutter_m) {
		path_link.tx_height_agl_m = fmax(link->tx_height_agl_m, prof->tx_clutter_m);
		path_link.rx_height_agl_m = fmax(link->rx_height_agl_m, prof->rx_clutter_m);
	}
	/* ITM's path length and free-space loss are rf_fspl_db's over the
	 * same distance: the same bits, computed once */
	out->distance_m = (prof->n - 1) * prof->step_m;
	return run_itm(o, mc, &path_link, prof, out, &out->free_space_db, err);
}

const char *rf_dist_range_advice(int model)
{
	switch (model) {
	case RF_MODEL_ITM:
		return "outside ITM's distance range (1 to 2000 km, and at least |h_e1 - h_e2| / "
		       "0.2): the loss there is extrapolated. Within 1 km of a site this is "
		       "expected; where those pixels matter, use --model p1812 (valid from 0.25 km)";
	case RF_MODEL_HATA:
	case RF_MODEL_COST231:
		return "outside the model's distance range (1 to 20 km): the loss there is "
		       "extrapolated. Keep --radius at 20 km or less, or use --model itm or p1812 "
		       "for longer paths";
	default:
		return "outside the model's distance range: the loss there is extrapolated";
	}
}
