/* cells.csv: LTE cells with their antennas (see cells.h, doc/engine.md). */
#include "rfplan/cells.h"
#include "rfplan/antenna.h"
#include "rfplan/csvtab.h"
#include "rfplan/lte.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rf_cell_defaults_init(struct rf_cell_defaults *d)
{
	d->azimuth_deg = 0;
	d->height_agl_m = 30;
	d->mech_tilt_deg = 0;
	d->gain_dbi = 0;
	d->tx_power_dbm = 43;
	d->rs_epre_dbm = NAN;
	d->frequency_mhz = 1800;
	d->bandwidth_mhz = 10;
	d->feeder_loss_db = 0;
	d->pci = -1;
	d->antenna = "";
}

/* Numeric keys shared by --default-cell and the CSV columns. */
struct num_key {
	const char *name;
	size_t offset;
	double min, max;
};

#define NUM(field, lo, hi) { #field, offsetof(struct rf_cell_defaults, field), lo, hi }
static const struct num_key num_keys[] = {
	NUM(azimuth_deg, -360, 360),     NUM(height_agl_m, 0.5, 3000),
	NUM(mech_tilt_deg, -90, 90),     NUM(gain_dbi, -50, 60),
	NUM(tx_power_dbm, -50, 90),      NUM(rs_epre_dbm, -100, 70),
	NUM(frequency_mhz, 1, 100000),   NUM(bandwidth_mhz, 0, 1000),
	NUM(feeder_loss_db, 0, 100),
};
#undef NUM
#define N_NUM_KEYS (sizeof(num_keys) / sizeof(num_keys[0]))

static int set_num(const struct num_key *k, const char *value, struct rf_cell_defaults *d,
		   struct rf_error *err)
{
	double v;
	if (rf_parse_double(value, &v))
		return rf_error_set(err, "'%s' is not a number", value);
	if (v < k->min || v > k->max)
		return rf_error_set(err, "%s is out of range [%g, %g]", value, k->min, k->max);
	if (!strcmp(k->name, "bandwidth_mhz") && rf_lte_n_rb(v) < 0)
		return rf_error_set(err, "%s MHz is not an LTE channel bandwidth "
				    "(1.4, 3, 5, 10, 15 or 20)", value);
	*(double *)((char *)d + k->offset) = v;
	return 0;
}

static int set_pci(const char *value, int *pci, struct rf_error *err)
{
	long v;
	if (rf_parse_long(value, &v) || v < 0 || v > 503)
		return rf_error_set(err, "'%s' is not a PCI (0..503)", value);
	*pci = (int)v;
	return 0;
}

int rf_cell_defaults_parse(char *spec, struct rf_cell_defaults *d, struct rf_error *err)
{
	char *save = NULL;
	for (char *kv = strtok_r(spec, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		size_t i;
		if (!eq)
			return rf_error_set(err, "'%s' is not key=value", kv);
		*eq = '\0';
		if (!strcmp(kv, "antenna")) {
			d->antenna = eq + 1;
			continue;
		}
		if (!strcmp(kv, "pci")) {
			if (set_pci(eq + 1, &d->pci, err))
				return rf_error_prefix(err, "key pci");
			continue;
		}
		for (i = 0; i < N_NUM_KEYS; i++)
			if (!strcmp(kv, num_keys[i].name))
				break;
		if (i == N_NUM_KEYS)
			return rf_error_set(err, "unknown key '%s' (keys: the cells.csv columns "
					    "azimuth_deg .. pci)", kv);
		if (set_num(&num_keys[i], eq + 1, d, err))
			return rf_error_prefix(err, "key %s", kv);
	}
	return 0;
}

/* Find or load the antenna of a cell; the same spec shares one object. */
static int cell_antenna(struct rf_cells *cs, struct rf_cell *c, const char *base_dir,
			struct rf_error *err)
{
	const char *spec = c->antenna_spec;
	struct rf_antenna *a;
	for (size_t i = 0; i < cs->count; i++) {
		const struct rf_cell *o = &cs->items[i];
		/* A file is shared by every cell naming it; omni and sector
		 * antennas also depend on the cell's gain. */
		int is_file = spec[0] && strncasecmp(spec, "sector", 6);
		if (o != c && o->antenna && !strcmp(o->antenna_spec, spec) &&
		    (is_file || o->gain_dbi == c->gain_dbi)) {
			c->antenna = o->antenna;
			if (o->antenna_path)
				c->antenna_path = rf_xstrdup(o->antenna_path);
			return 0;
		}
	}
	if (!spec[0]) {
		a = rf_antenna_omni(c->gain_dbi);
	} else if (!strncasecmp(spec, "sector", 6) && (spec[6] == '\0' || spec[6] == ':')) {
		double hbw = 70, vbw = 10, ftb = 25;  /* 3GPP TR 36.814 table A.2.1.1-2 */
		if (spec[6] == ':' && sscanf(spec + 7, "%lf:%lf:%lf", &hbw, &vbw, &ftb) != 3)
			return rf_error_set(err, "antenna '%s': want sector or sector:HBW:VBW:FTB",
					    spec);
		if (!(hbw > 0 && hbw <= 360 && vbw > 0 && vbw <= 180 && ftb >= 0))
			return rf_error_set(err, "antenna '%s': beamwidths must be in (0, 360] "
					    "and (0, 180], front-to-back >= 0", spec);
		a = rf_antenna_sector(c->gain_dbi, hbw, vbw, ftb);
	} else {
		char *path = spec[0] == '/' ? rf_xstrdup(spec) : rf_path_join(base_dir, spec);
		a = rf_antenna_read_msi(path, err);
		if (!a) {
			free(path);
			return -1;
		}
		c->antenna_path = path;
	}
	cs->antennas = rf_xrealloc(cs->antennas, (cs->n_antennas + 1) * sizeof(*cs->antennas));
	cs->antennas[cs->n_antennas++] = a;
	c->antenna = a;
	return 0;
}

static void cell_from_defaults(struct rf_cell *c, const struct rf_site *s,
			       const struct rf_cell_defaults *d)
{
	memset(c, 0, sizeof(*c));
	c->site_id = rf_xstrdup(s->id);
	c->lat_deg = s->lat_deg;
	c->lon_deg = s->lon_deg;
	c->site_altitude_m = s->altitude_m;
	c->site_altitude_given = s->altitude_given;
	c->ground_m = NAN;
	c->azimuth_deg = d->azimuth_deg;
	c->height_agl_m = d->height_agl_m;
	c->mech_tilt_deg = d->mech_tilt_deg;
	c->gain_dbi = d->gain_dbi;
	c->tx_power_dbm = d->tx_power_dbm;
	c->rs_epre_dbm = d->rs_epre_dbm;
	c->frequency_mhz = d->frequency_mhz;
	c->bandwidth_mhz = d->bandwidth_mhz;
	c->feeder_loss_db = d->feeder_loss_db;
	c->pci = d->pci;
	c->antenna_spec = rf_xstrdup(d->antenna);
}

static void cell_finish(struct rf_cell *c)
{
	c->n_rb = rf_lte_n_rb(c->bandwidth_mhz);
	c->rs_epre_given = !isnan(c->rs_epre_dbm);
	if (!c->rs_epre_given)
		c->rs_epre_dbm = rf_lte_rs_epre_dbm(c->tx_power_dbm, c->n_rb);
}

static int read_row(const struct rf_csv_table *t, size_t r, const int *cols,
		    struct rf_cell_defaults *d, struct rf_error *err)
{
	for (size_t k = 0; k < N_NUM_KEYS; k++) {
		const char *v = rf_csv_field(t, r, cols[k]);
		if (!v[0])
			continue;
		if (set_num(&num_keys[k], v, d, err))
			return rf_error_prefix(err, "%s:%ld: column %s", t->path, t->rows[r].line,
					       num_keys[k].name);
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;
	if (!slash)
		return rf_xstrdup(".");
	d = rf_xmalloc((size_t)(slash - path) + 2);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = '\0';
	if (!d[0])
		strcpy(d, "/");
	return d;
}

/* By site, cell, then line: duplicates end up next to each other. */
static int cmp_cell_ptr(const void *pa, const void *pb)
{
	const struct rf_cell *a = *(const struct rf_cell *const *)pa;
	const struct rf_cell *b = *(const struct rf_cell *const *)pb;
	int d = strcmp(a->site_id, b->site_id);
	if (!d)
		d = strcmp(a->cell_id, b->cell_id);
	return d ? d : (a->line > b->line) - (a->line < b->line);
}

/* Each site/cell once (sorted, not pairwise: 100 000 cells read in a moment). */
static int check_unique_cells(const char *path, const struct rf_cells *cs,
			      struct rf_error *err)
{
	const struct rf_cell **v = rf_xmalloc((cs->count ? cs->count : 1) * sizeof(*v));
	int rc = 0;
	for (size_t i = 0; i < cs->count; i++)
		v[i] = &cs->items[i];
	qsort(v, cs->count, sizeof(*v), cmp_cell_ptr);
	for (size_t i = 1; i < cs->count && !rc; i++)
		if (!strcmp(v[i - 1]->site_id, v[i]->site_id) &&
		    !strcmp(v[i - 1]->cell_id, v[i]->cell_id))
			rc = rf_error_set(err, "%s:%ld: cell %s/%s already defined on line %ld",
					  path, v[i]->line, v[i]->site_id, v[i]->cell_id,
					  v[i - 1]->line);
	free(v);
	return rc;
}

/* Every column of cells.csv is one rfplan reads: a misspelt one
 * (azimuth_dg) would otherwise leave the default in place unnoticed. */
static int check_cell_columns(const struct rf_csv_table *t, struct rf_error *err)
{
	/* note, comment: free text for people, never read */
	const char *known[N_NUM_KEYS + 7] = {"site_id", "cell_id", "antenna", "pci", "note",
					     "comment"};
	for (size_t k = 0; k < N_NUM_KEYS; k++)
		known[6 + k] = num_keys[k].name;
	known[6 + N_NUM_KEYS] = NULL;
	return rf_csv_check_columns(t, known, err);
}

int rf_cells_read(const char *path, const struct rf_sites *sites,
		  const struct rf_cell_defaults *defaults, struct rf_cells *out,
		  struct rf_error *err)
{
	struct rf_sites_index ix = { NULL, 0 };
	struct rf_csv_table t;
	int cols[N_NUM_KEYS], c_site, c_cell, c_ant, c_pci;
	char *base = NULL;

	memset(out, 0, sizeof(*out));
	if (rf_csv_read(path, &t, err))
		return -1;
	if (check_cell_columns(&t, err))
		goto fail;
	c_site = rf_csv_column(&t, "site_id");
	c_cell = rf_csv_column(&t, "cell_id");
	c_ant = rf_csv_column(&t, "antenna");
	c_pci = rf_csv_column(&t, "pci");
	for (size_t k = 0; k < N_NUM_KEYS; k++)
		cols[k] = rf_csv_column(&t, num_keys[k].name);
	if (c_site < 0) {
		rf_error_set(err, "%s:1: no site_id column", path);
		goto fail;
	}
	if (t.n_rows == 0) {
		rf_error_set(err, "%s: no cells (the file has a header and no rows)", path);
		goto fail;
	}
	base = dir_of(path);
	out->path = rf_xstrdup(path);
	rf_sites_index_build(sites, &ix);
	out->items = rf_xcalloc(t.n_rows, sizeof(*out->items));
	for (size_t r = 0; r < t.n_rows; r++) {
		struct rf_cell_defaults d = *defaults;
		struct rf_cell *c = &out->items[r];
		const char *site_id = rf_csv_field(&t, r, c_site);
		const char *cell_id = rf_csv_field(&t, r, c_cell);
		const char *pci = rf_csv_field(&t, r, c_pci);
		const struct rf_site *s = rf_sites_index_find(&ix, site_id);
		long line = t.rows[r].line;

		if (!s) {
			rf_error_set(err, "%s:%ld: column site_id: unknown site '%s' (not in the "
				     "workspace's sites.csv)", path, line, site_id);
			goto fail;
		}
		if (read_row(&t, r, cols, &d, err))
			goto fail;
		if (pci[0] && set_pci(pci, &d.pci, err)) {
			rf_error_prefix(err, "%s:%ld: column pci", path, line);
			goto fail;
		}
		if (c_ant >= 0)
			d.antenna = rf_csv_field(&t, r, c_ant);
		cell_from_defaults(c, s, &d);
		out->count = r + 1;
		c->line = line;
		if (cell_id[0]) {
			c->cell_id = rf_xstrdup(cell_id);
		} else {
			char buf[32];
			snprintf(buf, sizeof(buf), "%zu", r + 1);
			c->cell_id = rf_xstrdup(buf);
		}
		cell_finish(c);
		if (cell_antenna(out, c, base, err)) {
			rf_error_prefix(err, "%s:%ld: column antenna", path, line);
			goto fail;
		}
	}
	if (check_unique_cells(path, out, err))
		goto fail;
	free(base);
	rf_sites_index_free(&ix);
	rf_csv_free(&t);
	return 0;
fail:
	free(base);
	rf_sites_index_free(&ix);
	rf_csv_free(&t);
	rf_cells_free(out);
	return -1;
}

int rf_cells_from_sites(const struct rf_sites *sites, const struct rf_cell_defaults *d,
			struct rf_cells *out, struct rf_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!sites->count)
		return rf_error_set(err, "no cells: the workspace has no sites and no cells.csv");
	out->items = rf_xcalloc(sites->count, sizeof(*out->items));
	for (size_t i = 0; i < sites->count; i++) {
		struct rf_cell *c = &out->items[i];
		cell_from_defaults(c, &sites->items[i], d);
		out->count = i + 1;
		c->cell_id = rf_xstrdup("1");
		cell_finish(c);
		if (cell_antenna(out, c, ".", err)) {
			rf_error_prefix(err, "--default-cell antenna");
			rf_cells_free(out);
			return -1;
		}
	}
	return 0;
}

void rf_cells_free(struct rf_cells *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->count; i++) {
		free(cs->items[i].site_id);
		free(cs->items[i].cell_id);
		free(cs->items[i].antenna_spec);
		free(cs->items[i].antenna_path);
	}
	for (size_t i = 0; i < cs->n_antennas; i++)
		rf_antenna_free(cs->antennas[i]);
	free(cs->antennas);
	free(cs->items);
	free(cs->path);
	memset(cs, 0, sizeof(*cs));
}

void rf_cell_label(const struct rf_cell *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", c->site_id, c->cell_id);
}

/* Bilinear DEM height at a point, the point clamped to the pixel-centre
 * extent (a site between the raster edge and the first pixel centre takes
 * the edge pixels' values); NAN on a void. */
static double dem_height(const struct rf_raster *r, double lat_deg, double lon_deg)
{
	const struct rf_grid *g = &r->grid;
	double x = fmin(fmax(rf_grid_col(g, lon_deg), 0), g->width - 1);
	double y = fmin(fmax(rf_grid_row(g, lat_deg), 0), g->height - 1);
	int x0 = (int)x, y0 = (int)y;
	int x1 = x0 + 1 < g->width ? x0 + 1 : x0, y1 = y0 + 1 < g->height ? y0 + 1 : y0;
	double fx = x - x0, fy = y - y0;
	const float *z = r->data;
	double z00 = z[(size_t)y0 * g->width + x0], z01 = z[(size_t)y0 * g->width + x1];
	double z10 = z[(size_t)y1 * g->width + x0], z11 = z[(size_t)y1 * g->width + x1];
	return (z00 * (1 - fx) + z01 * fx) * (1 - fy) + (z10 * (1 - fx) + z11 * fx) * fy;
}

int rf_cells_locate(struct rf_cells *cs, const char *dem_path, struct rf_log *log,
		    struct rf_error *err)
{
	struct rf_grid g;
	struct rf_bounds b;
	if (rf_raster_grid(dem_path, &g, err))
		return -1;
	rf_grid_bounds(&g, &b);
	for (size_t i = 0; i < cs->count; i++) {
		struct rf_cell *c = &cs->items[i];
		struct rf_raster r;
		struct rf_bounds w;
		char where[512] = "";
		int warned = 0;
		if (c->line)
			snprintf(where, sizeof(where), " (%s line %ld)",
				 cs->path ? cs->path : "cells.csv", c->line);
		if (!(c->lat_deg > b.south_deg && c->lat_deg < b.north_deg &&
		      c->lon_deg > b.west_deg && c->lon_deg < b.east_deg))
			return rf_error_set(err, "cell %s/%s%s: site at %.6f, %.6f is outside the "
					    "DEM (%.6f..%.6f N, %.6f..%.6f E)", c->site_id,
					    c->cell_id, where, c->lat_deg, c->lon_deg, b.south_deg,
					    b.north_deg, b.west_deg, b.east_deg);
		w.west_deg = c->lon_deg - 2 * g.dlon_deg;
		w.east_deg = c->lon_deg + 2 * g.dlon_deg;
		w.south_deg = c->lat_deg - 2 * g.dlat_deg;
		w.north_deg = c->lat_deg + 2 * g.dlat_deg;
		if (rf_raster_read(dem_path, 1, &w, &r, err))
			return -1;
		c->ground_m = dem_height(&r, c->lat_deg, c->lon_deg);
		rf_raster_free(&r);
		if (isnan(c->ground_m))
			return rf_error_set(err, "cell %s/%s%s: site at %.6f, %.6f is on a DEM void",
					    c->site_id, c->cell_id, where, c->lat_deg, c->lon_deg);
		if (!(c->site_altitude_given && c->site_altitude_m != 0 &&
		      fabs(c->site_altitude_m - c->ground_m) > 20.0))
			continue;
		/* (only then the earlier cells: no pairwise scan of every cell) */
		for (size_t o = 0; o < i && !warned; o++)
			if (!strcmp(cs->items[o].site_id, c->site_id))
				warned = 1;  /* said once per site */
		if (!warned)
			rf_warn(log, "site %s: altitude %.1f m in the site list differs from the "
				"DEM (%.1f m) by more than 20 m; using the DEM", c->site_id,
				c->site_altitude_m, c->ground_m);
	}
	return 0;
}
