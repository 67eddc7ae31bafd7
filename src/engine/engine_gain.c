/* The antenna gain alone, for cells whose path loss is given (a path-loss
 * matrix, or the loss of another sector of the site): one geometry per
 * pixel, by the expressions of the full computation (engine_pixel.h), so
 * the same bits. */
#include "engine_pixel.h"
#include "core/util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

struct rf_geo_local_lon *rf_gain_window_lon(const struct rf_engine *eng, int cell,
					    const struct rf_window *win)
{
	struct rf_pixel_ctx x;
	struct rf_geo_local_lon *lon = rf_xmalloc((size_t)(win->width > 0 ? win->width : 1) *
						  sizeof(*lon));
	rf_pixel_ctx_init(eng, cell, &x);
	for (int c = 0; c < win->width; c++)
		rf_pixel_col_lon(eng, &x, win->x0 + c, &lon[c]);
	return lon;
}

void rf_gain_row_group(const struct rf_engine *eng, const int *idx,
		       struct rf_cell_result *results, const int *group, int n, int r,
		       const struct rf_geo_local_lon *lon)
{
	const struct rf_cell_result *res = &results[group[0]];
	const struct rf_window *win = &res->win;
	struct rf_pixel_ctx *ctx = rf_xmalloc((size_t)n * sizeof(*ctx));
	for (int j = 0; j < n; j++)
		rf_pixel_ctx_init(eng, idx[group[j]], &ctx[j]);
	struct rf_geo_local_lat la;
	int elevation = 0;   /* an omni's gain reads neither it nor the azimuth */
	for (int j = 0; j < n; j++)
		elevation |= !ctx[j].aim.omni;
	rf_pixel_row_lat(eng, &ctx[0], win->y0 + r, &la);
	for (int x = 0; x < win->width; x++) {
		size_t i = (size_t)r * win->width + x;
		double d_m, azi_deg = 0.0, z_rx_m;
		struct rf_antenna_elev e = { 0.0, 0.0 };
		int in = !isnan(res->loss_db[i]) &&
			 rf_pixel_geometry_pre(eng, &ctx[0], &la, &lon[x], win->x0 + x,
					       win->y0 + r, &d_m, elevation ? &azi_deg : NULL,
					       &z_rx_m);
		if (in && elevation)   /* one height for the group: one path-loss key */
			rf_pixel_elevation(&ctx[0], &eng->opts, d_m, z_rx_m, &e);
		for (int j = 0; j < n; j++)
			results[group[j]].gain_dbi[i] =
				in ? (float)rf_antenna_aim_gain_dbi(&ctx[j].aim, azi_deg, &e) : NAN;
	}
	free(ctx);
}
