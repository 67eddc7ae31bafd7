/* Private to optimize*.c: the search's state (optimize.c) and the run
 * around it (optimize_run.c, optimize_write.c). */
#ifndef RFPLAN_OPTIMIZE_PRIV_H
#define RFPLAN_OPTIMIZE_PRIV_H

#include "rfplan/engine.h"
#include "rfplan/lte.h"
#include "rfplan/optimize.h"

enum { RF_OPT_TILT, RF_OPT_AZIMUTH, RF_OPT_POWER, RF_OPT_NPARAMS };
#define RF_OPT_MAX_VALUES 721   /* values of one parameter's grid */

struct rf_opt_state {
	const struct rf_optimize_options *o;
	const struct rf_engine *eng;      /* open over cells */
	struct rf_cells *cells;           /* the cells searched (changed in place) */
	struct rf_cell *start;            /* their starting values (shallow copies) */
	struct rf_opt_limits *limits;     /* per cell */
	float **loss, **gain, **rsrp;     /* per cell over its window (loss: once) */
	struct rf_predict_summary losses; /* matrix, matrix_key: where each loss came from */
	struct rf_predict_summary maps;   /* the maps' rf_predict (its matrices) */
	struct rf_lte_carrier *car;       /* per cell */
	int *row_start, *row_cells;       /* cells whose window holds each row, index order */
	double *area_km2;                 /* pixel area per row */
	double *value;                    /* the objective's part of each grid pixel */
	double *weight;                   /* --weight on the grid, NULL: the area */
	double *row_sum;                  /* scratch: one per row */
	double objective;
	int threads;
	struct rf_log *quiet;             /* for the candidates' gains */
	struct rf_optimize_result *res;
};

/* Carriers, row lists, areas, buffers (after eng, cells, o are set). */
void rf_opt_prepare(struct rf_opt_state *st);
/* The figures of the current cells over the whole grid; keep: also the
 * pixel values (st->value). */
void rf_opt_figures(struct rf_opt_state *st, struct rf_opt_figures *f, int keep);
/* The coordinate descent; progress on log. */
int rf_opt_search(struct rf_opt_state *st, struct rf_log *log, struct rf_error *err);
void rf_opt_state_free(struct rf_opt_state *st);

/* optimize_write.c: changes.csv and optimize.json into dir. */
int rf_opt_write_changes(const char *path, const struct rf_opt_state *st,
			 struct rf_error *err);
int rf_opt_write_json(const char *path, const struct rf_opt_state *st, struct rf_error *err);
/* optimize_weight.c: o->weight_path resampled onto eng->grid into
 * st->weight. */
int rf_opt_read_weight(struct rf_opt_state *st, const char *path, struct rf_error *err);
/* Per-cell limits from o->constraints_path over o->limits. */
int rf_opt_read_constraints(struct rf_opt_state *st, struct rf_error *err);

#endif
