/* LTE downlink metrics from per-cell RSRP: RS EPRE, noise, best server,
 * overlap, RS-SINR, RSRQ, and coverage statistics.  Definitions of RSRP,
 * RSRQ and RSSI follow 3GPP TS 36.214 section 5.1; every equation and the
 * conventions chosen are in doc/lte.md.  Pure computation, thread-safe. */
#ifndef RFPLAN_LTE_H
#define RFPLAN_LTE_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "rfplan/error.h"
#include "rfplan/grid.h"

/* Thermal noise density at 290 K, dBm/Hz (kT). */
#define RF_LTE_KT_DBM_HZ (-174.0)
/* Subcarrier spacing and resource block width (TS 36.211 table 6.2.3-1). */
#define RF_LTE_SUBCARRIER_HZ 15000.0
#define RF_LTE_RB_HZ 180000.0
#define RF_LTE_SUBCARRIERS_PER_RB 12

/* "No server" in a best-server (cell index) or overlap map. */
#define RF_BEST_NODATA 65535

/* Number of resource blocks of a channel bandwidth (TS 36.101 table
 * 5.6-1): 1.4/3/5/10/15/20 MHz -> 6/15/25/50/75/100; -1 otherwise. */
int rf_lte_n_rb(double bandwidth_mhz);

/* RS EPRE from the total transmit power spread evenly over the 12 * N_RB
 * subcarriers: P_total - 10 log10(12 N_RB), dBm. */
double rf_lte_rs_epre_dbm(double p_total_dbm, int n_rb);

/* Thermal noise per resource element: kT + 10 log10(15 kHz) + NF, dBm. */
double rf_lte_noise_re_dbm(double noise_figure_db);
/* Thermal noise over the carrier: kT + 10 log10(N_RB * 180 kHz) + NF, dBm. */
double rf_lte_noise_carrier_dbm(int n_rb, double noise_figure_db);

/* Width in MHz of the overlap of [f1 - bw1/2, f1 + bw1/2] and
 * [f2 - bw2/2, f2 + bw2/2]; 0 when disjoint or touching. */
double rf_lte_overlap_mhz(double f1_mhz, double bw1_mhz, double f2_mhz, double bw2_mhz);
/* 1 when the two carriers overlap (co-channel), else 0. */
int rf_lte_cochannel(double f1_mhz, double bw1_mhz, double f2_mhz, double bw2_mhz);

/* The carrier of one cell as the pixel combination needs it, with the
 * receiver's noise in mW (one resource element, and the whole carrier) for
 * the rf_lte_params it was set up with: rf_lte_carrier_init. */
struct rf_lte_carrier {
	double freq_mhz;
	double bandwidth_mhz;
	int n_rb;
	double noise_re_mw;        /* 10^(rf_lte_noise_re_dbm / 10) */
	double noise_carrier_mw;   /* 10^(rf_lte_noise_carrier_dbm / 10) */
};

struct rf_lte_params {
	double noise_figure_db;    /* receiver NF, default 7 */
	double load;               /* interferer PDSCH load 0..1, default 1 */
	double overlap_margin_db;  /* default 5 */
	double min_rsrp_dbm;       /* default -120 */
};

void rf_lte_params_default(struct rf_lte_params *p);

/* Fill c for rf_lte_combine with the same p. */
void rf_lte_carrier_init(struct rf_lte_carrier *c, double freq_mhz, double bandwidth_mhz,
			 int n_rb, const struct rf_lte_params *p);

/* Result at one pixel. */
struct rf_lte_pixel {
	int best;            /* index of the best server, -1 when none reaches */
	double rsrp_dbm;     /* best server RSRP (NAN when best < 0) */
	double sinr_db;      /* RS-SINR: interferers' RS at full power, any load */
	double pdsch_sinr_db;/* PDSCH SINR: interferers' data REs at load */
	double rsrq_db;
	int overlap;         /* cells within margin of the best and >= min RSRP */
};

/* Combine the RSRP of n cells at one pixel (NAN = cell does not reach).
 * Cells are visited in index order, so the result does not depend on how
 * pixels are shared among threads.  Interference and RSSI follow doc/lte.md:
 *   RS-SINR    = S / (N_RE + sum_{co-channel c != best} RSRP_c)
 *   PDSCH SINR = S / (N_RE + sum_{co-channel c != best} load * RSRP_c)
 *   RSSI = 12 N S + sum_{c != best} load * 12 N f_c RSRP_c + N_carrier,
 *          f_c = overlap(c, best) / bw_best
 *   RSRQ = N * S / RSSI,  N = N_RB of the best server. */
void rf_lte_combine(const struct rf_lte_params *p, const struct rf_lte_carrier *carriers,
		    const double *rsrp_dbm, int n, struct rf_lte_pixel *out);   /* carriers: from
									       rf_lte_carrier_init with p */

/* The PDSCH SINR at load from the RS-SINR of the same pixel (every
 * interferer scales by the same load, so the total interference at full
 * power is I = S / RS-SINR - N_RE):
 *   PDSCH SINR = S / (N_RE + load x I),  S = rsrp_dbm, N_RE of the UE's
 * noise figure (rf_lte_noise_re_dbm).  Equals rf_lte_combine's
 * pdsch_sinr_db; what the service maps read from sinr.tif. */
double rf_lte_pdsch_sinr_db(double rs_sinr_db, double rsrp_dbm, double noise_figure_db,
			    double load);

/* Coverage statistics by class.  edges: descending lower bounds (dB/dBm);
 * class 0 = [edges[0], +inf), class i = [edges[i], edges[i-1]), class
 * n_edges = (-inf, edges[n_edges-1]). */
struct rf_lte_class_stats {
	int n_edges;
	double *edges;        /* owned copy */
	double *area_km2;     /* n_edges + 1 */
};

/* One class table: a copy of the edges, areas zeroed; the class of a value
 * (0..n_edges); the rows "SCOPE",METRIC,K,lower,upper,area_km2,share_pct
 * of stats.csv for it, shares of scope_area_km2. */
void rf_lte_class_init(struct rf_lte_class_stats *c, const double *edges, int n);
int rf_lte_class_of(const struct rf_lte_class_stats *c, double v);
void rf_lte_class_free(struct rf_lte_class_stats *c);
void rf_lte_class_write(FILE *f, const char *scope, const char *metric,
			const struct rf_lte_class_stats *c, double scope_area_km2);

/* Per scope (total and per best-server cell), RSRP and SINR classes. */
struct rf_lte_stats {
	int n_cells;
	double total_area_km2;          /* pixels with a best server */
	double *cell_area_km2;          /* n_cells: area where cell is best */
	struct rf_lte_class_stats rsrp; /* total */
	struct rf_lte_class_stats sinr;
	struct rf_lte_class_stats *cell_rsrp;  /* n_cells */
	struct rf_lte_class_stats *cell_sinr;
	int has_ground;                 /* ground heights given: the land/sea split */
	double land_area_km2, sea_area_km2;   /* of the computed area */
	struct rf_lte_class_stats land_rsrp, land_sinr;   /* scope "land" */
};

/* A pixel of the computed area is sea when the DEM has no height there
 * (void) or its height is <= 0 m, else land (doc/lte.md). */
int rf_lte_is_land(float ground_m);

/* Parse a class edge list "-80,-90,-100" (any order, sorted descending,
 * duplicates refused). Returns n >= 1 and a malloc'd array, or -1. */
int rf_lte_parse_edges(const char *s, double **edges_out, struct rf_error *err);

/* Area of one pixel of row `row` of grid g, km^2: the exact area of the
 * latitude/longitude cell on the WGS84 ellipsoid (doc/lte.md). */
double rf_lte_pixel_area_km2(const struct rf_grid *g, int row);

/* Accumulate statistics over rasters on grid g: best (RF_CLASS_NODATA-style
 * RF_BEST_NODATA = none), rsrp and sinr (NAN where none), ground_m the DEM
 * height (NAN void; NULL: no land/sea split).  Sums are done row by row
 * in a fixed order. */
void rf_lte_stats_compute(const struct rf_grid *g, const uint16_t *best,
			  const float *rsrp_dbm, const float *sinr_db, const float *ground_m,
			  int n_cells,
			  const double *rsrp_edges, int n_rsrp_edges,
			  const double *sinr_edges, int n_sinr_edges,
			  struct rf_lte_stats *out);
void rf_lte_stats_free(struct rf_lte_stats *s);

/* Write stats.csv: scope,metric,class,lower,upper,area_km2,share_pct where
 * scope is "total", "land" or a label (SITE/CELL), metric "computed",
 * "land", "sea", "rsrp_dbm" / "sinr_db" / "best_server"; share of the
 * scope's computed area (of the land area for scope "land").  Written to a
 * temporary name and renamed. */
int rf_lte_stats_write_csv(const char *path, const struct rf_lte_stats *s,
			   const char *const *cell_labels, struct rf_error *err);

#endif
