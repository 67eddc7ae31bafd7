/* The import's sites and cells steps: read the sites (sites.h), check them
 * against the DEM grid, write sites.csv.  (Cells: import_cells.c.) */
#include "import_priv.h"
#include "rfplan/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rf_imp_sites_read(struct rf_imp_state *st, struct rf_error *err)
{
	const struct rf_import_options *o = st->opts;
	struct rf_sites_report *r = &st->sites_report;

	if (rf_sites_read(o->sites_path, &o->sites, &st->sites, r, err))
		return -1;
	st->has_sites = 1;
	if (st->sites.count == 0)
		return rf_error_set(err, "%s: no sites in the file", o->sites_path);
	if (rf_sha256_file(o->sites_path, st->sites_sha256, err))
		return -1;
	rf_info(st->log, "%s: %zu sites", o->sites_path, st->sites.count);
	if (r->altitude_undefined || r->altitude_empty)
		rf_warn(st->log, "%s: %zu undefined and %zu empty altitudes (set to 0, "
			"altitude_given=0 in sites.csv)", o->sites_path, r->altitude_undefined, r->altitude_empty);
	if (r->transform_desc)
		rf_verbose(st->log, "%s: coordinates converted by %s (accuracy %g m)",
			   o->sites_path, r->transform_desc, r->transform_accuracy_m);
	return 0;
}

/* One warning naming the outside sites (the first 20; all with -v and in
 * the manifest). */
static void warn_outside(struct rf_imp_state *st)
{
	char list[1024];
	size_t len = 0, shown = 0;
	list[0] = '\0';
	for (size_t i = 0; i < st->n_outside && shown < 20; i++, shown++) {
		int n = snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
				 st->outside_ids[i]);
		if (n < 0 || (size_t)n >= sizeof(list) - len)
			break;
		len += (size_t)n;
	}
	rf_warn(st->log, "%s: %zu site%s outside the DEM: %s%s", st->opts->sites_path,
		st->n_outside, st->n_outside == 1 ? " is" : "s are", list,
		shown < st->n_outside ? ", ..." : "");
	for (size_t i = shown; i < st->n_outside; i++)
		rf_verbose(st->log, "site %s is outside the DEM", st->outside_ids[i]);
}

int rf_imp_sites_check(struct rf_imp_state *st, struct rf_error *err)
{
	const struct rf_grid *g = &st->grid;
	struct rf_bounds b;
	char *path;
	int rc;

	rf_grid_bounds(g, &b);
	st->outside_ids = rf_xcalloc(st->sites.count, sizeof(*st->outside_ids));
	for (size_t i = 0; i < st->sites.count; i++) {
		const struct rf_site *s = &st->sites.items[i];
		if (s->lon_deg >= b.west_deg && s->lon_deg <= b.east_deg &&
		    s->lat_deg >= b.south_deg && s->lat_deg <= b.north_deg)
			st->sites_inside++;
		else
			st->outside_ids[st->n_outside++] = s->id;
	}
	if (st->sites_inside == 0)
		return rf_error_set(err, "%s: DEM and sites do not overlap (DEM %.6f,%.6f,%.6f,%.6f; "
				    "no site inside)", st->opts->sites_path, b.west_deg,
				    b.south_deg, b.east_deg, b.north_deg);
	rf_info(st->log, "sites: %zu inside the DEM, %zu outside", st->sites_inside,
		st->n_outside);
	if (st->n_outside)
		warn_outside(st);
	path = rf_path_join(st->tmpdir, "sites.csv");
	rc = rf_sites_write_normalised(path, &st->sites, err);
	free(path);
	return rc;
}
