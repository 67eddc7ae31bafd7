/* Water flags along a sampled profile (profile.h), for P.1812's zones. */
#include "rfplan/p1812.h"
#include "rfplan/profile.h"

#include <math.h>
#include <string.h>

static unsigned char is_water(const struct rf_terrain *t, double lon_deg, double lat_deg)
{
	const struct rf_grid *g = &t->clutter->grid;
	double c = floor((lon_deg - g->west_deg) / g->dlon_deg);
	double r = floor((g->north_deg - lat_deg) / g->dlat_deg);
	unsigned code;
	if (!(c >= 0 && r >= 0 && c < g->width && r < g->height))
		return 0;
	code = t->clutter->code[(size_t)r * (size_t)g->width + (size_t)c];
	if (code == RF_CLASS_NODATA)
		return 0;
	const struct rf_clutter_class *k = rf_class_table_find(t->classes, (int)code);
	return k && rf_p1812_class_is_water(k->name);
}

void rf_profile_sample_water(const struct rf_terrain *terrain, double lat1_deg,
			     double lon1_deg, double lat2_deg, double lon2_deg, int n,
			     unsigned char *water)
{
	if (!terrain->clutter || !terrain->classes) {
		memset(water, 0, (size_t)n);
		return;
	}
	/* the points of rf_profile_sample: straight in latitude/longitude */
	for (int i = 0; i < n; i++) {
		double f = (double)i / (n - 1);
		water[i] = is_water(terrain, lon1_deg + f * (lon2_deg - lon1_deg),
				    lat1_deg + f * (lat2_deg - lat1_deg));
	}
}
