/* rfplan predict/profile --clutter-loss p2108: ITU-R P.2108-1 at the
 * terminals instead of the class table's loss_db and clutter heights on the
 * path (doc/models.md, "P.2108 clutter loss").
 *
 * The path is computed over the bare terrain.  At the receiver pixel, with
 * its class's P.2108 type T and height R (height_m):
 *   - T suburban, urban or dense urban, receiver below R, path >= 0.25 km,
 *     f >= 500 MHz: the sec. 3.2 terrestrial statistical loss L_ctt(f, d,
 *     --clutter-percent), capped by eq. (6), the path to the receiver's own
 *     height.  Sec. 3.2 is the loss of a terminal within the clutter (sec. 2
 *     Table 1; sec. 3.2: terminal heights well below the clutter height), so
 *     a receiver at or above R is not in its scope;
 *   - otherwise sec. 3.1: the path to the clutter top R when the receiver is
 *     below it (as P.2108 sec. 3.1 says: the basic transmission loss to the
 *     representative clutter height) plus A_h(f, h_rx, w_s = 27 m, R, T);
 *     0 dB when h_rx >= R (also for classes of height 0).
 * At the transmitter: sec. 3.1 with the site pixel's class, when the antenna
 * is below its clutter (else 0 dB). */
#include "engine_priv.h"
#include "rfplan/p2108.h"

#include <stdio.h>
#include <string.h>

int rf_p2108_engine_open(struct rf_engine *eng, const struct rf_workspace *ws,
			 struct rf_error *err)
{
	const struct rf_engine_options *o = &eng->opts;
	const struct rf_class_table *t = &ws->classes;

	if (o->clutter_loss != RF_CLUTTER_LOSS_P2108)
		return 0;
	switch (o->model.model) {
	case RF_MODEL_FSPL:
	case RF_MODEL_LOS:
	case RF_MODEL_ITM:
	case RF_MODEL_SPM:
		break;
	default:
		return rf_error_set(err, "option --clutter-loss p2108: model %s already includes "
				    "the clutter of its environment (use fspl, los, itm or spm)",
				    rf_model_name(o->model.model));
	}
	if (!ws->has_clutter || !o->use_clutter)
		return rf_error_set(err, "option --clutter-loss p2108: needs the workspace's "
				    "clutter classes (rfplan import --clutter; not with --no-clutter)");
	if (!(o->clutter_pct > 0.0 && o->clutter_pct < 100.0))
		return rf_error_set(err, "option --clutter-percent: %g must be strictly between 0 "
				    "and 100", o->clutter_pct);
	for (size_t i = 0; i < t->count; i++)
		if (t->items[i].p2108_type == RF_P2108_NONE)
			return rf_error_set(err, "%s/clutter_classes.csv: class %d '%s' has no "
					    "p2108_type (--clutter-loss p2108 needs one for every "
					    "class: import a table with that column, doc/import.md)",
					    ws->dir, t->items[i].code, t->items[i].name);
	for (size_t i = 0; i < eng->cells->count; i++) {
		const struct rf_cell *c = &eng->cells->items[i];
		if (!(c->frequency_mhz >= RF_P2108_TERMINAL_FMIN_MHZ &&
		      c->frequency_mhz <= RF_P2108_TERMINAL_FMAX_MHZ))
			return rf_error_set(err, "option --clutter-loss p2108: cell %s/%s: %g MHz is "
					    "outside ITU-R P.2108 sec. 3.1's 30-3000 MHz", c->site_id,
					    c->cell_id, c->frequency_mhz);
		if (!(c->height_agl_m > 0.0))
			return rf_error_set(err, "option --clutter-loss p2108: cell %s/%s: antenna "
					    "height %g m must be > 0 (P.2108 sec. 3.1)", c->site_id,
					    c->cell_id, c->height_agl_m);
	}
	eng->class_p2108 = rf_xcalloc(RF_CLASS_CODES, 1);
	for (size_t i = 0; i < t->count; i++)
		eng->class_p2108[t->items[i].code] = (unsigned char)t->items[i].p2108_type;
	return 0;
}

/* Sec. 3.1 at a terminal of height h_m in class `code` (0 dB above it). */
static int terminal(const struct rf_engine *eng, double freq_mhz, unsigned code, double h_m,
		    double *clutter_m, double *loss_db, struct rf_error *err)
{
	int type = code == RF_CLASS_NODATA ? RF_P2108_NONE : eng->class_p2108[code];
	double r_m = code == RF_CLASS_NODATA ? 0.0 : eng->class_height_m[code];
	*clutter_m = r_m;
	*loss_db = 0.0;
	if (type == RF_P2108_NONE || !(h_m < r_m))
		return 0;
	return rf_p2108_terminal_db(freq_mhz, h_m, RF_P2108_STREET_WIDTH_M, r_m,
				    (enum rf_p2108_clutter)type, loss_db, err);
}

void rf_p2108_site(const struct rf_engine *eng, const struct rf_cell *c, unsigned code,
		   double *tx_clutter_m, double *tx_loss_db)
{
	/* frequency and height checked by rf_p2108_engine_open: cannot fail */
	if (terminal(eng, c->frequency_mhz, code, c->height_agl_m, tx_clutter_m, tx_loss_db, NULL))
		*tx_loss_db = 0.0;
}

int rf_p2108_pixel(const struct rf_engine *eng, double freq_mhz, unsigned code, double dist_m,
		   double *rx_clutter_m, double *loss_db, int *section, struct rf_error *err)
{
	int type = code == RF_CLASS_NODATA ? RF_P2108_NONE : eng->class_p2108[code];
	double r_m = code == RF_CLASS_NODATA ? 0.0 : eng->class_height_m[code];
	if ((type == RF_P2108_SUBURBAN || type == RF_P2108_URBAN ||
	     type == RF_P2108_DENSE_URBAN) &&
	    eng->opts.rx_height_m < r_m && dist_m >= RF_P2108_TERRESTRIAL_DMIN_KM * 1000.0 &&
	    freq_mhz >= RF_P2108_TERRESTRIAL_FMIN_MHZ) {
		*rx_clutter_m = 0.0;
		*section = 32;
		return rf_p2108_terrestrial_db(freq_mhz, dist_m / 1000.0, eng->opts.clutter_pct,
					       loss_db, err);
	}
	*section = type == RF_P2108_NONE ? 0 : 31;
	return terminal(eng, freq_mhz, code, eng->opts.rx_height_m, rx_clutter_m, loss_db, err);
}
