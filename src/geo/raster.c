/* Reading workspace rasters (EPSG:4326) into memory, whole or a window. */
#include "rfplan/grid.h"
#include "rfplan/error.h"

#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <stdlib.h>

static int open_grid(const char *path, GDALDatasetH *ds_out, struct rf_grid *g,
		     struct rf_error *err)
{
	double gt[6];
	GDALDatasetH ds;
	CPLErrorReset();
	ds = GDALOpen(path, GA_ReadOnly);
	if (!ds)
		return rf_error_set(err, "%s: cannot open raster: %s", path,
				    CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "not a raster");
	if (GDALGetGeoTransform(ds, gt) != CE_None || gt[2] != 0 || gt[4] != 0 || gt[5] >= 0) {
		GDALClose(ds);
		return rf_error_set(err, "%s: not a north-up georeferenced raster", path);
	}
	g->width = GDALGetRasterXSize(ds);
	g->height = GDALGetRasterYSize(ds);
	g->west_deg = gt[0];
	g->north_deg = gt[3];
	g->dlon_deg = gt[1];
	g->dlat_deg = -gt[5];
	*ds_out = ds;
	return 0;
}

int rf_raster_grid(const char *path, struct rf_grid *out, struct rf_error *err)
{
	GDALDatasetH ds;
	if (open_grid(path, &ds, out, err))
		return -1;
	GDALClose(ds);
	return 0;
}

/* The pixel window of `full` that intersects `window` (or all of it). */
static int window_pixels(const struct rf_grid *full, const struct rf_bounds *window,
			 int *x0, int *y0, int *nx, int *ny)
{
	if (!window) {
		*x0 = *y0 = 0;
		*nx = full->width;
		*ny = full->height;
		return 0;
	}
	double c0 = floor((window->west_deg - full->west_deg) / full->dlon_deg);
	double c1 = ceil((window->east_deg - full->west_deg) / full->dlon_deg);
	double r0 = floor((full->north_deg - window->north_deg) / full->dlat_deg);
	double r1 = ceil((full->north_deg - window->south_deg) / full->dlat_deg);
	c0 = fmax(c0, 0);
	r0 = fmax(r0, 0);
	c1 = fmin(c1, full->width);
	r1 = fmin(r1, full->height);
	if (c1 <= c0 || r1 <= r0)
		return -1;
	*x0 = (int)c0;
	*y0 = (int)r0;
	*nx = (int)(c1 - c0);
	*ny = (int)(r1 - r0);
	return 0;
}

static void sub_grid(const struct rf_grid *full, int x0, int y0, int nx, int ny,
		     struct rf_grid *g)
{
	*g = *full;
	g->west_deg = full->west_deg + x0 * full->dlon_deg;
	g->north_deg = full->north_deg - y0 * full->dlat_deg;
	g->width = nx;
	g->height = ny;
}

int rf_raster_read(const char *path, int band, const struct rf_bounds *window,
		   struct rf_raster *out, struct rf_error *err)
{
	GDALDatasetH ds;
	GDALRasterBandH b;
	struct rf_grid full;
	int x0, y0, nx, ny, has_nodata;
	double nodata;

	out->data = NULL;
	if (open_grid(path, &ds, &full, err))
		return -1;
	if (band < 1 || band > GDALGetRasterCount(ds)) {
		GDALClose(ds);
		return rf_error_set(err, "%s: band %d does not exist (%d bands)", path, band,
				    GDALGetRasterCount(ds));
	}
	if (window_pixels(&full, window, &x0, &y0, &nx, &ny)) {
		GDALClose(ds);
		return rf_error_set(err, "%s: the requested window is outside the raster", path);
	}
	b = GDALGetRasterBand(ds, band);
	nodata = GDALGetRasterNoDataValue(b, &has_nodata);
	sub_grid(&full, x0, y0, nx, ny, &out->grid);
	out->data = rf_xmalloc((size_t)nx * (size_t)ny * sizeof(float));
	if (GDALRasterIO(b, GF_Read, x0, y0, nx, ny, out->data, nx, ny, GDT_Float32, 0, 0)
	    != CE_None) {
		rf_error_set(err, "%s: read failed: %s", path, CPLGetLastErrorMsg());
		GDALClose(ds);
		rf_raster_free(out);
		return -1;
	}
	GDALClose(ds);
	{
		/* The nodata value, and any non-finite value (an inf in a DEM is
		 * no height at all), become voids (NAN); doc/errors.md. */
		float nd = has_nodata ? (float)nodata : NAN;
		size_t n = (size_t)nx * (size_t)ny;
		for (size_t i = 0; i < n; i++)
			if (!isfinite(out->data[i]) || (has_nodata && out->data[i] == nd))
				out->data[i] = NAN;
	}
	return 0;
}

void rf_raster_free(struct rf_raster *r)
{
	if (!r)
		return;
	free(r->data);
	r->data = NULL;
}

int rf_class_raster_read(const char *path, const struct rf_bounds *window,
			 struct rf_class_raster *out, struct rf_error *err)
{
	GDALDatasetH ds;
	GDALRasterBandH b;
	struct rf_grid full;
	int x0, y0, nx, ny, has_nodata;
	double nodata;

	out->code = NULL;
	if (open_grid(path, &ds, &full, err))
		return -1;
	if (window_pixels(&full, window, &x0, &y0, &nx, &ny)) {
		GDALClose(ds);
		return rf_error_set(err, "%s: the requested window is outside the raster", path);
	}
	b = GDALGetRasterBand(ds, 1);
	nodata = GDALGetRasterNoDataValue(b, &has_nodata);
	sub_grid(&full, x0, y0, nx, ny, &out->grid);
	out->code = rf_xmalloc((size_t)nx * (size_t)ny * sizeof(uint16_t));
	if (GDALRasterIO(b, GF_Read, x0, y0, nx, ny, out->code, nx, ny, GDT_UInt16, 0, 0)
	    != CE_None) {
		rf_error_set(err, "%s: read failed: %s", path, CPLGetLastErrorMsg());
		GDALClose(ds);
		rf_class_raster_free(out);
		return -1;
	}
	GDALClose(ds);
	if (has_nodata && nodata >= 0 && nodata <= 65535 && nodata != RF_CLASS_NODATA) {
		uint16_t nd = (uint16_t)nodata;
		size_t n = (size_t)nx * (size_t)ny;
		for (size_t i = 0; i < n; i++)
			if (out->code[i] == nd)
				out->code[i] = RF_CLASS_NODATA;
	}
	return 0;
}

void rf_class_raster_free(struct rf_class_raster *r)
{
	if (!r)
		return;
	free(r->code);
	r->code = NULL;
}

double rf_raster_bilinear(const struct rf_raster *r, double lon_deg, double lat_deg)
{
	const struct rf_grid *g = &r->grid;
	double x = rf_grid_col(g, lon_deg), y = rf_grid_row(g, lat_deg);
	int x0, y0;
	double fx, fy, z00, z01, z10, z11;

	if (!(x >= 0 && y >= 0 && x <= g->width - 1 && y <= g->height - 1))
		return NAN;
	x0 = (int)x;
	y0 = (int)y;
	if (x0 == g->width - 1)
		x0--;
	if (y0 == g->height - 1)
		y0--;
	if (x0 < 0 || y0 < 0) /* a one-pixel-wide raster */
		return r->data[(size_t)(y0 < 0 ? 0 : y0) * g->width + (x0 < 0 ? 0 : x0)];
	fx = x - x0;
	fy = y - y0;
	z00 = r->data[(size_t)y0 * g->width + x0];
	z01 = r->data[(size_t)y0 * g->width + x0 + 1];
	z10 = r->data[(size_t)(y0 + 1) * g->width + x0];
	z11 = r->data[(size_t)(y0 + 1) * g->width + x0 + 1];
	return (z00 * (1 - fx) + z01 * fx) * (1 - fy) + (z10 * (1 - fx) + z11 * fx) * fy;
}
