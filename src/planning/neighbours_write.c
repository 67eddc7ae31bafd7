/* neighbours.csv and the whole `rfplan neighbours` (planning.h). */
#include "core/mkdir_parents.h"
#include "rfplan/interrupt.h"
#include "rfplan/planning.h"
#include "rfplan/csvtab.h"
#include "rfplan/geo.h"
#include "core/output_util.h"

#include <stdio.h>
#include <string.h>

struct nb_csv {
	const struct rf_cells *cells;
	const struct rf_neighbours *nb;
};

/* "co-site+overlap+border+symmetric", the flags that hold. */
static void reason(unsigned why, char *buf, size_t len)
{
	static const char *const names[] = { "co-site", "overlap", "border", "symmetric" };
	buf[0] = '\0';
	for (int i = 0; i < 4; i++)
		if (why & (1u << i)) {
			if (buf[0])
				strncat(buf, "+", len - strlen(buf) - 1);
			strncat(buf, names[i], len - strlen(buf) - 1);
		}
}

static int write_nb_csv(FILE *f, const void *ctx)
{
	const struct nb_csv *x = ctx;
	int rc = fputs("site_id,cell_id,neighbour_site_id,neighbour_cell_id,rank,relation,"
		       "co_site,reason,overlap_km2,share_pct,border_km,serving_area_km2,"
		       "distance_km\n", f) < 0;
	for (size_t i = 0; i < x->nb->n && !rc; i++) {
		const struct rf_nb_relation *r = &x->nb->rel[i];
		const struct rf_cell *s = &x->cells->items[r->serving];
		const struct rf_cell *t = &x->cells->items[r->neighbour];
		double d_m;
		char why[64];
		rf_geo_inverse(s->lat_deg, s->lon_deg, t->lat_deg, t->lon_deg, &d_m, NULL, NULL);
		reason(r->why, why, sizeof(why));
		rc = rf_csv_write_field(f, s->site_id) || fputc(',', f) == EOF ||
		     rf_csv_write_field(f, s->cell_id) || fputc(',', f) == EOF ||
		     rf_csv_write_field(f, t->site_id) || fputc(',', f) == EOF ||
		     rf_csv_write_field(f, t->cell_id) ||
		     fprintf(f, ",%d,%s,%d,%s,%.6f,%.3f,%.4f,%.6f,%.4f\n", r->rank,
			     r->intra_freq ? "intra" : "inter", !!(r->why & RF_NB_COSITE), why,
			     r->overlap_km2, r->share_pct, r->border_km,
			     x->nb->serving_area_km2[r->serving], d_m / 1000.0) < 0;
	}
	return rc ? -1 : 0;
}

int rf_neighbours_write_csv(const char *path, const struct rf_cells *cells,
			    const struct rf_neighbours *nb, struct rf_error *err)
{
	struct nb_csv x = { cells, nb };
	return rf_out_write_text(path, write_nb_csv, &x, err);
}

int rf_neighbours_run(const char *predict_dir, const char *workspace_dir,
		      const char *cells_path, const struct rf_nb_options *o, int threads,
		      const char *csv_path, const char *gpkg_path, struct rf_neighbours *out,
		      struct rf_log *log, struct rf_error *err)
{
	struct rf_plan_input in;
	struct rf_made_dirs made = { NULL, 0 };
	int rc;
	memset(out, 0, sizeof(*out));
	/* the outputs' missing parents first: a bad -o fails before the work */
	if (rf_mkdir_parents(csv_path, &made, err) ||
	    (gpkg_path && rf_mkdir_parents(gpkg_path, &made, err))) {
		rf_made_dirs_undo(&made);
		return -1;
	}
	rc = rf_plan_load(predict_dir, workspace_dir, cells_path, threads, o->no_cache, &in, log,
			  err) ||
		 rf_neighbours_compute(&in, o, out, err) ||
		 rf_interrupt_check(err) ||   /* a signal after here: both files written */
		 rf_neighbours_write_csv(csv_path, &in.cells, out, err);
	if (!rc && gpkg_path)
		rc = rf_write_neighbours_gpkg(gpkg_path, &in.cells, out, err);
	if (!rc && out->n_dropped)
		rf_info(log, "%ld relations beyond --max %d per cell left out", out->n_dropped,
			o->max_per_cell);
	if (!rc && out->n_symmetric)
		rf_info(log, "%ld relations added by --symmetric (lists may exceed --max)",
			out->n_symmetric);
	rf_plan_input_free(&in);
	if (rc) {   /* a failed or interrupted run leaves no directory it made */
		rf_made_dirs_undo(&made);
		rf_interrupt_note(err, csv_path);
	} else
		rf_made_dirs_keep(&made);
	return rc ? -1 : 0;
}
