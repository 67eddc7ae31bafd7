/* PNG map of a value grid with its world file (.pgw); the PNG encoder is
 * rf_out_png_rgba (output_util.c). */
#include "rfplan/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/output_util.h"

/* PATH with ".png" replaced by ".pgw" (the ESRI world file naming: first and
 * last letter of the extension + "w"), or ".pgw" appended. */
static char *world_file_path(const char *png_path)
{
	size_t n = strlen(png_path);
	char *w = rf_xmalloc(n + 5);

	memcpy(w, png_path, n + 1);
	if (n >= 4 && strcasecmp(png_path + n - 4, ".png") == 0)
		memcpy(w + n - 4, ".pgw", 5);
	else
		memcpy(w + n, ".pgw", 5);
	return w;
}

/* ESRI world file: pixel size in x, rotation terms, minus the pixel size in
 * y, then the centre of the upper-left pixel (grid.h: west + dlon/2,
 * north - dlat/2); degrees of EPSG:4326. */
static int write_world_file(const char *path, const struct rf_grid *g, struct rf_error *err)
{
	FILE *f;
	char *tmp = rf_out_tmp_create(path, &f, err);
	int bad;

	if (!tmp)
		return -1;
	fprintf(f, "%.15g\n0\n0\n%.15g\n%.15g\n%.15g\n", g->dlon_deg, -g->dlat_deg,
		rf_grid_lon_deg(g, 0), rf_grid_lat_deg(g, 0));
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		rf_out_abort(tmp);
		return rf_error_set(err, "%s: write error: %s", path, strerror(errno));
	}
	return rf_out_commit(tmp, path, err);
}

int rf_write_png_map(const char *png_path, const char *legend_path,
		     const struct rf_grid *g, const float *data,
		     const struct rf_color_scheme *s, struct rf_error *err)
{
	size_t n = (size_t)g->width * (size_t)g->height, i;
	unsigned char *rgba;
	char *pgw;
	int rc;

	if (g->width <= 0 || g->height <= 0)
		return rf_error_set(err, "%s: invalid grid %dx%d", png_path, g->width, g->height);
	rgba = rf_xcalloc(n, 4); /* all transparent */
	for (i = 0; i < n; i++) {
		int k = rf_scheme_class(s, data[i]);
		if (k >= 0)
			memcpy(rgba + 4 * i, s->classes[k].rgba, 4);
	}
	rc = rf_out_png_rgba(png_path, g->width, g->height, rgba, err);
	free(rgba);
	if (rc)
		return -1;
	pgw = world_file_path(png_path);
	rc = write_world_file(pgw, g, err);
	free(pgw);
	if (rc)
		return -1;
	return legend_path ? rf_write_legend_png(legend_path, s, err) : 0;
}
