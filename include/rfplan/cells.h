/* LTE cells (transmitters): cells.csv, one row per cell, columns found by
 * header name:
 *   site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,
 *   tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci
 * Only site_id is required; every other column may be missing or empty and
 * then takes its default (struct rf_cell_defaults).  `antenna` is an MSI /
 * Planet file path relative to the CSV's directory (each distinct file read
 * once), empty for an omnidirectional antenna of gain_dbi, `sector` or
 * `sector:HBW:VBW:FTB` for the parametric 3GPP sector of gain_dbi.
 * See doc/engine.md. */
#ifndef RFPLAN_CELLS_H
#define RFPLAN_CELLS_H

#include <stddef.h>

#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/log.h"
#include "rfplan/sites.h"

struct rf_antenna;

struct rf_cell {
	char *site_id;            /* owned */
	char *cell_id;            /* owned ("1" .. for default cells) */
	char *antenna_spec;       /* owned: the CSV text ("" omni) */
	char *antenna_path;       /* owned resolved file path, NULL if none */
	const struct rf_antenna *antenna;  /* borrowed from rf_cells.antennas */
	double lat_deg, lon_deg;  /* from the site */
	double ground_m;          /* DEM at the site (rf_cells_locate), NAN before */
	double site_altitude_m;   /* from sites.csv */
	int site_altitude_given;
	double azimuth_deg;       /* default 0 */
	double height_agl_m;      /* default 30 */
	double mech_tilt_deg;     /* default 0, positive = down */
	double gain_dbi;          /* omni / sector peak gain, default 0 */
	double tx_power_dbm;      /* total, default 43 */
	double rs_epre_dbm;       /* RS EPRE used (given or derived) */
	int rs_epre_given;
	double frequency_mhz;     /* default 1800 */
	double bandwidth_mhz;     /* default 10 */
	int n_rb;                 /* from the bandwidth */
	double feeder_loss_db;    /* default 0 */
	int pci;                  /* -1 when not given */
	long line;                /* line in cells.csv, 0 for default cells */
};

struct rf_cells {
	struct rf_cell *items;      /* owned */
	size_t count;
	struct rf_antenna **antennas;  /* owned, distinct antennas */
	size_t n_antennas;
	char *path;                 /* the cells file read (owned), for messages;
				       NULL for one cell per site */
};

/* Values for missing columns, and for --default-cell. */
struct rf_cell_defaults {
	double azimuth_deg, height_agl_m, mech_tilt_deg, gain_dbi, tx_power_dbm;
	double rs_epre_dbm;       /* NAN: derive from tx_power_dbm */
	double frequency_mhz, bandwidth_mhz, feeder_loss_db;
	int pci;
	const char *antenna;      /* "" omni; not owned */
};

void rf_cell_defaults_init(struct rf_cell_defaults *d);
/* Parse "key=value,key=value" (keys = the column names except site_id and
 * cell_id) into d.  Strings in d point into `spec`, which must outlive d.
 * Errors name the key and value. */
int rf_cell_defaults_parse(char *spec, struct rf_cell_defaults *d, struct rf_error *err);

/* Read cells.csv.  Every row's site must be in sites; errors say
 * "FILE:LINE: column NAME: ..." (unknown site, bad number, bandwidth not an
 * LTE bandwidth, missing or malformed antenna file, duplicate cell).  A file
 * without any cell fails. */
int rf_cells_read(const char *path, const struct rf_sites *sites,
		  const struct rf_cell_defaults *d, struct rf_cells *out,
		  struct rf_error *err);
/* One cell per site (cell_id "1") from the defaults; fails without sites.
 * Antenna paths in d are relative to the current directory. */
int rf_cells_from_sites(const struct rf_sites *sites, const struct rf_cell_defaults *d,
			struct rf_cells *out, struct rf_error *err);
void rf_cells_free(struct rf_cells *c);

/* Set each cell's ground_m from the DEM (bilinear at the site, reading a
 * small window of dem_path).  Fails for a site outside the DEM or on a void
 * ("cell SITE/CELL (CELLS_FILE line LINE): site at LAT, LON is outside the
 * DEM", CELLS_FILE the path read, "cells.csv" for cells from sites).
 * Warns once per site when its given altitude differs from the DEM by more
 * than 20 m. */
int rf_cells_locate(struct rf_cells *c, const char *dem_path, struct rf_log *log,
		    struct rf_error *err);

/* "SITE/CELL" into buf. */
void rf_cell_label(const struct rf_cell *c, char *buf, size_t len);

#endif
