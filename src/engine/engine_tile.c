/* --tile K/N: the split of the engine grid into N tiles and the window of
 * tile K (doc/scaling.md). */
#include "rfplan/engine.h"

#include <math.h>

void rf_tile_layout(int width, int height, int n, int *nx, int *ny)
{
	double ideal = sqrt((double)n * width / height);
	int best = 1;
	for (int d = 2; d <= n; d++)
		if (n % d == 0 && fabs(d - ideal) < fabs(best - ideal))
			best = d;
	*nx = best;
	*ny = n / best;
}

void rf_tile_window(int width, int height, int k, int n, struct rf_window *t)
{
	int nx, ny, i, j;
	rf_tile_layout(width, height, n, &nx, &ny);
	j = (k - 1) / nx;
	i = (k - 1) % nx;
	t->x0 = (int)((long)i * width / nx);
	t->width = (int)((long)(i + 1) * width / nx) - t->x0;
	t->y0 = (int)((long)j * height / ny);
	t->height = (int)((long)(j + 1) * height / ny) - t->y0;
}
