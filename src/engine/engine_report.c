/* What the coverage computation tells the user: each cell's end as it
 * comes, and after the run the model's validity warnings (once per run),
 * each cell's refused pixels, and the failure of a cell with none
 * computed (engine_pixel.h). */
#include "rfplan/engine.h"
#include "engine_pixel.h"

#include <math.h>
#include <stddef.h>

void rf_report_cell_done(const struct rf_engine *eng, int cell, int k, int n,
			 const struct rf_cell_result *res, struct rf_log *log)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	rf_info(log, "cell %d/%d %s/%s: %dx%d pixels done", k + 1, n, c->site_id, c->cell_id,
		res->win.width, res->win.height);
}

static void report_cell(const struct rf_engine *eng, int cell,
			const struct rf_cell_result *res, struct rf_log *log)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	if (res->n_failed)
		rf_warn(log, "cell %s/%s: the model refused %ld pixels (left as nodata); "
			"first: %s", c->site_id, c->cell_id, res->n_failed, res->first_failure);
	if (res->warnings & RF_WARN_ITM)
		rf_verbose(log, "cell %s/%s: ITM raised warnings on some paths", c->site_id,
			   c->cell_id);
}

/* Validity warnings once per run (they concern most cells alike). */
static void report_validity(const struct rf_engine *eng, const int *idx, int n,
			    const struct rf_cell_result *results, struct rf_log *log)
{
	static const struct { unsigned bit; const char *what; } kinds[] = {
		{ RF_WARN_DIST_RANGE, NULL },   /* rf_dist_range_advice */
		{ RF_WARN_TX_HEIGHT, "antenna heights outside the model's range" },
		{ RF_WARN_RX_HEIGHT, "a receiver height outside the model's range" },
	};
	int model = eng->opts.model.model;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		int count = 0, first = -1;
		for (int i = 0; i < n; i++)
			if (results[i].warnings & kinds[k].bit) {
				if (first < 0)
					first = idx[i];
				count++;
			}
		if (!count)
			continue;
		if (kinds[k].what)
			rf_warn(log, "model %s: %d of %d cells (first %s/%s) have %s",
				rf_model_name(model), count, n, eng->cells->items[first].site_id,
				eng->cells->items[first].cell_id, kinds[k].what);
		else
			rf_warn(log, "model %s: %d of %d cells (first %s/%s) have paths %s",
				rf_model_name(model), count, n, eng->cells->items[first].site_id,
				eng->cells->items[first].cell_id, rf_dist_range_advice(model));
	}
}

int rf_report_results(const struct rf_engine *eng, const int *idx, int n,
		      const struct rf_cell_result *results, struct rf_log *log,
		      struct rf_error *err)
{
	report_validity(eng, idx, n, results, log);
	for (int k = 0; k < n; k++) {
		const struct rf_cell_result *res = &results[k];
		size_t np = (size_t)res->win.width * (size_t)res->win.height, valid = 0;
		report_cell(eng, idx[k], res, log);
		for (size_t i = 0; i < np; i++)
			valid += !isnan(res->loss_db[i]);
		if (!valid) {
			const struct rf_cell *c = &eng->cells->items[idx[k]];
			return rf_error_set(err, "cell %s/%s: no pixel could be computed%s%s",
					    c->site_id, c->cell_id, res->n_failed ? ": " : "",
					    res->first_failure);
		}
	}
	return 0;
}
