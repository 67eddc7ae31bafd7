/* Network planning on a prediction (doc/planning.md): neighbour relations
 * from the predicted overlap of the cells (`rfplan neighbours`) and PCI
 * allocation and audit (`rfplan pci`).
 *
 * Both start from a prediction directory of `rfplan predict`: its run.json
 * (the whole request, rf_run_request_load, and the cells), its
 * best_server.tif, and the RSRP of every cell at every pixel, recomputed
 * under that request from the losses as rf_predict takes them (the
 * workspace's path-loss matrices when present, else the coverage engine;
 * none stored), then rf_engine_rsrp: rf_cell_rsrp_dbm per pixel, the
 * function rsrp.tif's values come from, so no per-cell raster is needed
 * and no second formula exists.  Errors name run.json, the option or the cell. */
#ifndef RFPLAN_PLANNING_H
#define RFPLAN_PLANNING_H

#include <stddef.h>
#include <stdint.h>

#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/error.h"
#include "rfplan/log.h"
#include "rfplan/run_manifest.h"
#include "rfplan/workspace.h"

/* ---- The prediction (planning_load.c) ---- */

struct rf_plan_input {
	struct rf_workspace ws;
	struct rf_cells cells;          /* located; PCIs from the cells file read */
	struct rf_run_request req;      /* the prediction's request (run.json) */
	struct rf_engine eng;           /* open over the prediction's grid */
	float **rsrp_dbm;               /* per cell over eng.windows[c] (NULL: none) */
	uint16_t *best;                 /* best_server.tif on eng.grid */
	int have_ws, have_eng;
};

/* Load the prediction in predict_dir: the workspace (workspace_dir, or the
 * one run.json names), the cells (cells_path, or the file run.json names,
 * else one default cell per site; checked against run.json's cells: same
 * ids, heights, frequencies, RS EPRE; only PCIs may differ), the engine
 * under run.json's request with the given thread count, every cell's RSRP
 * (its loss read from the workspace's path-loss matrix when present, unless
 * no_cache: then every cell's computed; none stored either way) and
 * best_server.tif (which must lie on the engine's grid).  Free with
 * rf_plan_input_free, also after an error. */
int rf_plan_load(const char *predict_dir, const char *workspace_dir, const char *cells_path,
		 int threads, int no_cache, struct rf_plan_input *in, struct rf_log *log,
		 struct rf_error *err);
void rf_plan_input_free(struct rf_plan_input *in);

/* ---- Neighbour relations (neighbours.c) ---- */

struct rf_nb_options {
	double margin_db;       /* candidate within this of the serving RSRP, default 6 */
	double threshold_dbm;   /* candidate at or above; NAN (default): the
				   prediction's minimum RSRP of a server */
	int max_per_cell;       /* keep the first N of each cell's ranked list,
				   0 = all; default 32 */
	int symmetric;          /* add B -> A for every A -> B kept */
	int no_cache;           /* read no stored path-loss matrix: compute
				   every cell's loss (predict's --no-cache) */
};
void rf_nb_options_default(struct rf_nb_options *o);

/* Why a relation exists (OR of the flags). */
enum { RF_NB_COSITE = 1, RF_NB_OVERLAP = 2, RF_NB_BORDER = 4, RF_NB_SYMMETRIC = 8 };

/* An ordered relation serving -> neighbour (cell indices).  overlap_km2:
 * the area served by `serving` where `neighbour` is within margin_db of it
 * and at or above threshold_dbm; share_pct: that area / the serving area x
 * 100 (the importance); border_km: length of the common edge of the two
 * best-server areas (pixel edges).  Co-site cells are always relations. */
struct rf_nb_relation {
	int serving, neighbour;
	int rank;               /* 1.. in the serving cell's list */
	unsigned why;           /* RF_NB_* */
	int intra_freq;         /* same carrier frequency */
	double overlap_km2, share_pct, border_km;
};

struct rf_neighbours {
	struct rf_nb_relation *rel;     /* owned, by serving cell then rank */
	size_t n;
	double *serving_area_km2;       /* per cell, owned */
	int n_cells;
	long n_dropped;                 /* relations cut by max_per_cell */
	long n_symmetric;               /* relations added by symmetric */
};
void rf_neighbours_free(struct rf_neighbours *nb);

/* Every relation of every cell (ranked: co-site first, then share_pct, then
 * border_km, then cell index; then cut to max_per_cell and completed by
 * symmetric).  Returns 0 or -1 with err. */
int rf_neighbours_compute(const struct rf_plan_input *in, const struct rf_nb_options *o,
			  struct rf_neighbours *out, struct rf_error *err);

/* neighbours.csv: site_id,cell_id,neighbour_site_id,neighbour_cell_id,rank,
 * relation (intra|inter),co_site,reason,overlap_km2,share_pct,border_km,
 * serving_area_km2,distance_km (doc/planning.md); written atomically. */
int rf_neighbours_write_csv(const char *path, const struct rf_cells *cells,
			    const struct rf_neighbours *nb, struct rf_error *err);

/* neighbours.gpkg: layer "neighbours", a line per relation (site to site;
 * co-site: between points 150 m along the two azimuths) with the figures
 * of the CSV, and its default QGIS style (layer_styles); atomically. */
int rf_write_neighbours_gpkg(const char *path, const struct rf_cells *cells,
			     const struct rf_neighbours *nb, struct rf_error *err);

/* The whole `rfplan neighbours`: load, compute, write csv_path and (when
 * not NULL) gpkg_path, the neighbour lines with their QGIS style
 * (rf_write_neighbours_gpkg). */
int rf_neighbours_run(const char *predict_dir, const char *workspace_dir,
		      const char *cells_path, const struct rf_nb_options *o, int threads,
		      const char *csv_path, const char *gpkg_path, struct rf_neighbours *out,
		      struct rf_log *log, struct rf_error *err);

/* ---- PCIs (pci.c, pci_graph.c) ---- */

#define RF_PCI_MAX 503          /* TS 36.211 6.11: PCI = 3 N_ID1 + N_ID2 in 0..503 */

enum rf_pci_conflict_type {
	RF_PCI_COLLISION,       /* same carrier, related, same PCI */
	RF_PCI_CONFUSION,       /* two neighbours of one cell, same carrier and PCI */
	RF_PCI_MOD30,           /* same carrier, related, same PCI mod 30 */
	RF_PCI_MOD3,            /* same carrier, related, same PCI mod 3 */
	RF_PCI_N_TYPES
};
const char *rf_pci_conflict_name(enum rf_pci_conflict_type t);

struct rf_pci_options {
	struct rf_nb_options nb;  /* the relations (max_per_cell ignored: all) */
	int first, last;          /* the range, default 0..503 */
	unsigned char *reserved;  /* RF_PCI_MAX + 1 flags, NULL = none (borrowed) */
	int max_passes;           /* local search passes, default 50 */
};
void rf_pci_options_default(struct rf_pci_options *o);

/* Parse "A..B" (0 <= A <= B <= 503) and "P,Q,A..B" (reserved: flags of
 * RF_PCI_MAX + 1 entries, set).  Errors name the bad part. */
int rf_pci_parse_range(const char *s, int *first, int *last, struct rf_error *err);
int rf_pci_parse_list(const char *s, unsigned char *flags, struct rf_error *err);

struct rf_pci_conflict {
	int type;                 /* enum rf_pci_conflict_type */
	int a, b;                 /* the two cells (a < b) */
	int via;                  /* confusion: the cell both are neighbours of, else -1 */
	double weight;
};

struct rf_pci_result {
	int *pci;                 /* per cell, owned (-1: none) */
	int n_cells;
	struct rf_pci_conflict *conf;   /* owned */
	size_t n_conf;
	long count[RF_PCI_N_TYPES];
	double cost;              /* sum of the weights of the conflicts */
};
void rf_pci_result_free(struct rf_pci_result *r);

/* The conflicts of the PCIs pci[] (cells with -1 are skipped), each pair
 * once under its most severe type (collision, else mod30, else mod3) and
 * every confusion (pair, via).  Relations from rf_neighbours_compute without
 * a cut. */
int rf_pci_audit(const struct rf_cells *cells, const struct rf_neighbours *nb,
		 const int *pci, struct rf_pci_result *out, struct rf_error *err);

/* Allocate PCIs (DSATUR, then local search; doc/planning.md) and audit the
 * result into out. */
int rf_pci_allocate(const struct rf_cells *cells, const struct rf_neighbours *nb,
		    const struct rf_pci_options *o, struct rf_pci_result *out,
		    struct rf_log *log, struct rf_error *err);

/* pci.csv (site_id,cell_id,pci,frequency_mhz,collision,confusion,mod30,mod3:
 * conflicts left per cell) and the audit's conflict list
 * (type,site_id,cell_id,other_site_id,other_cell_id,pci,other_pci,
 * via_site_id,via_cell_id,frequency_mhz,weight); atomically. */
int rf_pci_write_plan(const char *path, const struct rf_cells *cells,
		      const struct rf_pci_result *r, struct rf_error *err);
int rf_pci_write_conflicts(const char *path, const struct rf_cells *cells,
			   const struct rf_pci_result *r, struct rf_error *err);

/* The whole `rfplan pci`: load (the cells of cells_path with audit), the
 * relations, then allocate and write the plan, or (audit) check the cells'
 * PCIs and write the conflicts. */
int rf_pci_run(const char *predict_dir, const char *workspace_dir, const char *cells_path,
	       const struct rf_pci_options *o, int audit, int threads, const char *csv_path,
	       struct rf_pci_result *out, struct rf_log *log, struct rf_error *err);

#endif
