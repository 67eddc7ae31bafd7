/* The engine's options (include/rfplan/engine.h): their defaults, and the
 * --profile-spacing value. */
#include "rfplan/engine.h"
#include "rfplan/profile.h"
#include "core/util.h"

#include <string.h>

void rf_engine_options_default(struct rf_engine_options *o)
{
	memset(o, 0, sizeof(*o));
	rf_model_options_default(&o->model);
	o->radius_km = 30.0;
	o->rx_height_m = 1.5;
	o->use_clutter = 1;
	o->threads = 0;
	o->tile_k = o->tile_n = 0;
	o->clutter_loss = RF_CLUTTER_LOSS_NONE;
	o->clutter_pct = 50.0;
	o->main_radius_km = o->ext_res_m = 0.0;
	o->profile_points_max = 0;
}

int rf_profile_spacing_parse(const char *s, int *points_max)
{
	long n;
	if (!strcmp(s, "dem"))
		*points_max = 0;
	else if (!strcmp(s, "auto"))
		*points_max = RF_PROFILE_POINTS_AUTO;
	else if (!rf_parse_long(s, &n) && n >= 16 && n <= 100000)
		*points_max = (int)n;
	else
		return -1;
	return 0;
}
