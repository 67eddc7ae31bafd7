/* rfplan loss: the single-formula losses without a map (doc/models.md,
 * "P.2108 clutter loss", "P.2109 building entry loss"):
 *   rfplan loss p2108-terminal --freq-mhz F --height-m H --clutter-type T
 *   rfplan loss p2108-terrestrial --freq-mhz F --distance-km D --percent P
 *   rfplan loss p2108-aeronautical --freq-mhz F --elevation-deg A --percent P
 *   rfplan loss p2109 --freq-mhz F --percent P --building-class C --elevation-deg A
 * Every value is checked against the Recommendation's range here, so a
 * usage error names the option and the range (exit 2); the library checks
 * again. */
#include "cli.h"
#include "commands.h"
#include "rfplan/p2108.h"
#include "rfplan/p2109.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "loss"

enum {
	O_FREQ = 1, O_HEIGHT, O_CTYPE, O_CHEIGHT, O_STREET, O_DIST, O_PCT, O_BCLASS, O_ELEV,
	O_JSON, O_COUNT
};

static const struct cli_opt opts[] = {
	{ O_FREQ, "freq-mhz", 0, "F", "frequency, MHz (all models)" },
	{ O_HEIGHT, "height-m", 0, "H", "p2108-terminal: antenna height above ground, m (> 0)" },
	{ O_CTYPE, "clutter-type", 0, "T", "p2108-terminal: water-sea (water, sea), open-rural (open, rural), suburban, urban, trees-forest (trees, forest), dense-urban" },
	{ O_CHEIGHT, "clutter-height-m", 0, "R", "p2108-terminal: representative clutter height, m (> 0; default Table 3: 10, 10, 10, 15, 15, 20 m)" },
	{ O_STREET, "street-width-m", 0, "W", "p2108-terminal: street width, m (> 0; default 27)" },
	{ O_DIST, "distance-km", 0, "D", "p2108-terrestrial: path length, km (>= 0.25)" },
	{ O_PCT, "percent", 0, "P", "p2108-terrestrial/-aeronautical: % of locations; p2109: probability the loss is not exceeded, % (0 < P < 100; default 50)" },
	{ O_BCLASS, "building-class", 0, "C", "p2109: traditional or efficient (thermally efficient) (default traditional)" },
	{ O_ELEV, "elevation-deg", 0, "A", "p2109: elevation at the facade, -90..90 deg; p2108-aeronautical: 0..90 deg" },
	{ O_JSON, "json", 0, NULL, "print {\"model\": ..., \"loss_db\": ...} with the inputs" },
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"MODEL [options] [--json]\n"
	"       MODEL: p2108-terminal, p2108-terrestrial, p2108-aeronautical, p2109";
static const char description[] =
	"Evaluate one ITU-R loss formula (no workspace):\n"
	"  p2108-terminal      P.2108-1 sec. 3.1 height-gain terminal correction, 30-3000 MHz\n"
	"                      (--freq-mhz --height-m --clutter-type [--clutter-height-m --street-width-m])\n"
	"  p2108-terrestrial   P.2108-1 sec. 3.2 terrestrial statistical clutter loss, 500-67000 MHz\n"
	"                      (--freq-mhz --distance-km [--percent])\n"
	"  p2108-aeronautical  P.2108-1 sec. 3.3 Earth-space/aeronautical clutter loss, 10-100 GHz\n"
	"                      (--freq-mhz --elevation-deg [--percent])\n"
	"  p2109               P.2109-0 building entry loss, 80-100000 MHz\n"
	"                      (--freq-mhz --elevation-deg [--percent --building-class])\n"
	"Inputs outside the Recommendation's range are usage errors naming the option\n"
	"and the range (exit 2), never an extrapolated number.  See doc/models.md.";

enum model { M_TERMINAL, M_TERRESTRIAL, M_AERO, M_P2109, M_COUNT };
static const char *const model_names[M_COUNT] = { "p2108-terminal", "p2108-terrestrial",
						  "p2108-aeronautical", "p2109" };
static const char *const recommendation[M_COUNT] = { "ITU-R P.2108-1 sec. 3.1",
						     "ITU-R P.2108-1 sec. 3.2",
						     "ITU-R P.2108-1 sec. 3.3", "ITU-R P.2109-0" };
/* Options each model takes (1) and needs (2). */
static const char use[M_COUNT][O_COUNT] = {
	[M_TERMINAL] = { [O_FREQ] = 2, [O_HEIGHT] = 2, [O_CTYPE] = 2, [O_CHEIGHT] = 1,
			 [O_STREET] = 1, [O_JSON] = 1 },
	[M_TERRESTRIAL] = { [O_FREQ] = 2, [O_DIST] = 2, [O_PCT] = 1, [O_JSON] = 1 },
	[M_AERO] = { [O_FREQ] = 2, [O_ELEV] = 2, [O_PCT] = 1, [O_JSON] = 1 },
	[M_P2109] = { [O_FREQ] = 2, [O_PCT] = 1, [O_BCLASS] = 1, [O_ELEV] = 2, [O_JSON] = 1 },
};

struct loss_args {
	enum model model;
	const char *val[O_COUNT];   /* the options' values as given */
	double freq_mhz, height_m, clutter_height_m, street_width_m, dist_km, pct, elev_deg;
	enum rf_p2108_clutter ctype;
	enum rf_p2109_class bclass;
};

static const char *opt_name(int id)
{
	for (const struct cli_opt *o = opts; o->id; o++)
		if (o->id == id)
			return o->long_name;
	return "?";
}

/* value > 0 (a strict bound cli_double cannot express). */
static int positive(const char *name, const char *value, double *out)
{
	if (cli_double(CMD, name, value, -1e300, 1e300, out))
		return -1;
	if (!(*out > 0.0)) {
		cli_error(CMD, "option --%s: %s must be > 0", name, value);
		return -1;
	}
	return 0;
}

static int percent(const char *value, double *out)
{
	if (!value) {
		*out = 50.0;
		return 0;
	}
	if (cli_double(CMD, "percent", value, 0.0, 100.0, out))
		return -1;
	if (!(*out > 0.0 && *out < 100.0)) {
		cli_error(CMD, "option --percent: %s must be strictly between 0 and 100", value);
		return -1;
	}
	return 0;
}

/* Check every option against the model's ranges. */
static int check_values(struct loss_args *a)
{
	const char **v = (const char **)a->val;
	switch (a->model) {
	case M_TERMINAL:
		if (cli_double(CMD, "freq-mhz", v[O_FREQ], RF_P2108_TERMINAL_FMIN_MHZ,
			       RF_P2108_TERMINAL_FMAX_MHZ, &a->freq_mhz) ||
		    positive("height-m", v[O_HEIGHT], &a->height_m))
			return -1;
		if (rf_p2108_clutter_parse(v[O_CTYPE], &a->ctype)) {
			cli_error(CMD, "option --clutter-type: unknown type '%s' (water-sea, "
				  "open-rural, suburban, urban, trees-forest, dense-urban)", v[O_CTYPE]);
			return -1;
		}
		a->clutter_height_m = rf_p2108_default_height_m(a->ctype);
		a->street_width_m = RF_P2108_STREET_WIDTH_M;
		if ((v[O_CHEIGHT] && positive("clutter-height-m", v[O_CHEIGHT], &a->clutter_height_m)) ||
		    (v[O_STREET] && positive("street-width-m", v[O_STREET], &a->street_width_m)))
			return -1;
		return 0;
	case M_TERRESTRIAL:
		return cli_double(CMD, "freq-mhz", v[O_FREQ], RF_P2108_TERRESTRIAL_FMIN_MHZ,
				  RF_P2108_TERRESTRIAL_FMAX_MHZ, &a->freq_mhz) ||
		       cli_double(CMD, "distance-km", v[O_DIST], RF_P2108_TERRESTRIAL_DMIN_KM, 1e6,
				  &a->dist_km) ||
		       percent(v[O_PCT], &a->pct) ? -1 : 0;
	case M_AERO:
		return cli_double(CMD, "freq-mhz", v[O_FREQ], RF_P2108_AERO_FMIN_MHZ,
				  RF_P2108_AERO_FMAX_MHZ, &a->freq_mhz) ||
		       cli_double(CMD, "elevation-deg", v[O_ELEV], 0.0, 90.0, &a->elev_deg) ||
		       percent(v[O_PCT], &a->pct) ? -1 : 0;
	default:
		if (cli_double(CMD, "freq-mhz", v[O_FREQ], RF_P2109_FMIN_MHZ, RF_P2109_FMAX_MHZ,
			       &a->freq_mhz) ||
		    cli_double(CMD, "elevation-deg", v[O_ELEV], -90.0, 90.0, &a->elev_deg) ||
		    percent(v[O_PCT], &a->pct))
			return -1;
		a->bclass = RF_P2109_TRADITIONAL;
		if (v[O_BCLASS] && rf_p2109_class_parse(v[O_BCLASS], &a->bclass)) {
			cli_error(CMD, "option --building-class: unknown class '%s' (traditional, "
				  "efficient)", v[O_BCLASS]);
			return -1;
		}
		return 0;
	}
}

/* 0 ok, 2 usage error, -1 after --help. */
static int parse(int argc, char **argv, struct loss_args *a)
{
	struct cli_parser p;
	const char *val, *model = NULL;
	int id, m;

	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		switch (id) {
		case CLI_HELP:
			cli_usage(&p, synopsis, description);
			return -1;
		case CLI_ERROR:
			return 2;
		case CLI_POSITIONAL:
			if (model)
				return cli_error(CMD, "unexpected argument '%s'", val), 2;
			model = val;
			break;
		default:
			a->val[id] = val ? val : "";
		}
	}
	if (!model)
		return cli_error(CMD, "missing MODEL (p2108-terminal, p2108-terrestrial, "
				 "p2108-aeronautical, p2109; see 'rfplan help loss')"), 2;
	for (m = 0; m < M_COUNT && strcmp(model, model_names[m]); m++)
		;
	if (m == M_COUNT)
		return cli_error(CMD, "unknown model '%s' (p2108-terminal, p2108-terrestrial, "
				 "p2108-aeronautical, p2109)", model), 2;
	a->model = (enum model)m;
	for (id = 1; id < O_COUNT; id++) {
		if (a->val[id] && !use[m][id])
			return cli_error(CMD, "option --%s does not apply to model %s", opt_name(id),
					 model), 2;
		if (!a->val[id] && use[m][id] == 2)
			return cli_error(CMD, "model %s needs --%s", model, opt_name(id)), 2;
	}
	return check_values(a) ? 2 : 0;
}

static void print_json(const struct loss_args *a, double loss_db)
{
	json_t *o = json_object();
	char *s;
	json_object_set_new(o, "model", json_string(model_names[a->model]));
	json_object_set_new(o, "recommendation", json_string(recommendation[a->model]));
	json_object_set_new(o, "freq_mhz", json_real(a->freq_mhz));
	switch (a->model) {
	case M_TERMINAL:
		json_object_set_new(o, "height_m", json_real(a->height_m));
		json_object_set_new(o, "clutter_type", json_string(rf_p2108_clutter_name(a->ctype)));
		json_object_set_new(o, "clutter_height_m", json_real(a->clutter_height_m));
		json_object_set_new(o, "street_width_m", json_real(a->street_width_m));
		break;
	case M_TERRESTRIAL:
		json_object_set_new(o, "distance_km", json_real(a->dist_km));
		json_object_set_new(o, "percent", json_real(a->pct));
		break;
	case M_AERO:
		json_object_set_new(o, "elevation_deg", json_real(a->elev_deg));
		json_object_set_new(o, "percent", json_real(a->pct));
		break;
	default:
		json_object_set_new(o, "percent", json_real(a->pct));
		json_object_set_new(o, "building_class", json_string(rf_p2109_class_name(a->bclass)));
		json_object_set_new(o, "elevation_deg", json_real(a->elev_deg));
	}
	json_object_set_new(o, "loss_db", json_real(loss_db));
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	printf("%s\n", s);
	free(s);
	json_decref(o);
}

int cmd_loss(int argc, char **argv)
{
	struct loss_args a;
	struct rf_error err;
	double loss_db = 0.0;
	int r, rc;

	memset(&a, 0, sizeof(a));
	r = parse(argc, argv, &a);
	if (r)
		return r < 0 ? 0 : r;
	switch (a.model) {
	case M_TERMINAL:
		rc = rf_p2108_terminal_db(a.freq_mhz, a.height_m, a.street_width_m,
					  a.clutter_height_m, a.ctype, &loss_db, &err);
		break;
	case M_TERRESTRIAL:
		rc = rf_p2108_terrestrial_db(a.freq_mhz, a.dist_km, a.pct, &loss_db, &err);
		break;
	case M_AERO:
		rc = rf_p2108_aeronautical_db(a.freq_mhz, a.elev_deg, a.pct, &loss_db, &err);
		break;
	default:
		rc = rf_p2109_loss_db(a.freq_mhz, a.pct, a.bclass, a.elev_deg, &loss_db, &err);
	}
	if (rc) {   /* the ranges above are the library's: not reached */
		cli_error(CMD, "%s", err.msg);
		return 2;
	}
	if (a.val[O_JSON])
		print_json(&a, loss_db);
	else
		printf("%s: %.2f dB (%s)\n", model_names[a.model], loss_db, recommendation[a.model]);
	return 0;
}
