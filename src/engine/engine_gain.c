/* The antenna gain alone, for cells whose path loss is given (a path-loss
 * matrix, or the loss of another sector of the site): one geometry per
 * pixel, by the expressions of the full computation (engine_pixel.h), so
 * the same bits. */
#include "engine_pixel.h"
#include "core/util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

void rf_gain_row_group(const struct rf_engine *eng, const int *idx,
		       struct rf_cell_result *results, const int *group, int n, int r)
{
	const struct rf_cell_result *res = &results[group[0]];
	const struct rf_window *win = &res->win;
	struct rf_pixel_ctx *ctx = rf_xmalloc((size_t)n * sizeof(*ctx));
	for (int j = 0; j < n; j++)
		rf_pixel_ctx_init(eng, idx[group[j]], &ctx[j]);
	for (int x = 0; x < win->width; x++) {
		size_t i = (size_t)r * win->width + x;
		double d_m, azi_deg, z_rx_m;
		int in = !isnan(res->loss_db[i]) &&
			 rf_pixel_geometry(eng, &ctx[0], win->x0 + x, win->y0 + r, &d_m, &azi_deg,
					   &z_rx_m);
		for (int j = 0; j < n; j++)
			results[group[j]].gain_dbi[i] =
				in ? (float)rf_pixel_gain(&ctx[j], &eng->opts, d_m, azi_deg, z_rx_m)
				   : NAN;
	}
	free(ctx);
}
