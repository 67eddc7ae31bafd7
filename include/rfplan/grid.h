/* Geographic grids (EPSG:4326, north-up) and rasters held in memory.
 *
 * Every workspace raster (dem.tif, clutter.tif) and every predict output uses
 * one struct rf_grid: pixel (col 0, row 0) is the north-west pixel; rows go
 * south.  Pixel centres are at west + (col + 0.5) * dlon, north - (row + 0.5)
 * * dlat.  Heights are metres above the DEM's vertical datum; voids are NAN in
 * memory (the files carry a nodata value, see doc/workspace.md). */
#ifndef RFPLAN_GRID_H
#define RFPLAN_GRID_H

#include <stddef.h>
#include <stdint.h>

#include "rfplan/error.h"

struct rf_grid {
	int width;          /* columns */
	int height;         /* rows */
	double west_deg;    /* longitude of the west edge of column 0 */
	double north_deg;   /* latitude of the north edge of row 0 */
	double dlon_deg;    /* pixel width in degrees, > 0 */
	double dlat_deg;    /* pixel height in degrees, > 0 */
};

/* A geographic window, degrees. */
struct rf_bounds {
	double west_deg, south_deg, east_deg, north_deg;
};

static inline double rf_grid_lon_deg(const struct rf_grid *g, double col)
{
	return g->west_deg + (col + 0.5) * g->dlon_deg;
}

static inline double rf_grid_lat_deg(const struct rf_grid *g, double row)
{
	return g->north_deg - (row + 0.5) * g->dlat_deg;
}

/* Fractional column of a longitude (pixel centres at integers). */
static inline double rf_grid_col(const struct rf_grid *g, double lon_deg)
{
	return (lon_deg - g->west_deg) / g->dlon_deg - 0.5;
}

static inline double rf_grid_row(const struct rf_grid *g, double lat_deg)
{
	return (g->north_deg - lat_deg) / g->dlat_deg - 0.5;
}

static inline void rf_grid_bounds(const struct rf_grid *g, struct rf_bounds *b)
{
	b->west_deg = g->west_deg;
	b->north_deg = g->north_deg;
	b->east_deg = g->west_deg + g->width * g->dlon_deg;
	b->south_deg = g->north_deg - g->height * g->dlat_deg;
}

/* A Float32 band in memory (DEM heights, path loss, RSRP ...). */
struct rf_raster {
	struct rf_grid grid;
	float *data;        /* width * height, row-major, NAN = no data; owned */
};

/* A class-code band in memory (clutter). */
#define RF_CLASS_NODATA 65535u
/* Size of the class-code space (uint16_t codes): per-class tables have this
 * many entries, indexed by code. */
#define RF_CLASS_CODES 65536
struct rf_class_raster {
	struct rf_grid grid;
	uint16_t *code;     /* width * height, RF_CLASS_NODATA = no data; owned */
};

/* Read band `band` (1-based) of a raster in EPSG:4326 (a workspace file).
 * window: NULL for the whole raster, else only the pixels that intersect it
 * are read (clipped to the raster); the nodata value becomes NAN.
 * Returns 0, or -1 with err naming the file. */
int rf_raster_read(const char *path, int band, const struct rf_bounds *window,
		   struct rf_raster *out, struct rf_error *err);
void rf_raster_free(struct rf_raster *r);

/* Same for a class raster (UInt16 or Byte codes; nodata -> RF_CLASS_NODATA). */
int rf_class_raster_read(const char *path, const struct rf_bounds *window,
			 struct rf_class_raster *out, struct rf_error *err);
void rf_class_raster_free(struct rf_class_raster *r);

/* Bilinear height at a point; NAN when outside the raster or when any of the
 * four neighbours is a void. */
double rf_raster_bilinear(const struct rf_raster *r, double lon_deg, double lat_deg);

/* Read the grid (size, extent, resolution) of a raster without its data. */
int rf_raster_grid(const char *path, struct rf_grid *out, struct rf_error *err);

#endif
