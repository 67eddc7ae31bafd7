/* A cell's horizontal half-power beamwidth from its antenna pattern
 * (rf_cell_beamwidth_deg, gis.h), for the sector wedges of coverage.gpkg
 * and the sector ticks of the readable map. */
#include "rfplan/antenna.h"
#include "rfplan/gis.h"

#define STEP_DEG 0.5
#define HALF_POWER_DB 3.0

double rf_cell_beamwidth_deg(const struct rf_cell *c)
{
	const struct rf_antenna *a = c->antenna;
	double peak, el, left = 0, right = 0;
	if (!a)
		return 360;
	/* the horizontal cut through the main lobe: boresight azimuth 0, no
	 * mechanical tilt, elevation of the electrical downtilt (at elevation 0
	 * a tilted pattern's vertical attenuation would widen the -3 dB range) */
	el = -rf_antenna_electrical_tilt_deg(a);
	peak = rf_antenna_gain_dbi(a, 0, 0, 0, el);
	while (right < 180 && rf_antenna_gain_dbi(a, 0, 0, right + STEP_DEG, el) >=
	       peak - HALF_POWER_DB)
		right += STEP_DEG;
	while (left < 180 && rf_antenna_gain_dbi(a, 0, 0, 360 - left - STEP_DEG, el) >=
	       peak - HALF_POWER_DB)
		left += STEP_DEG;
	return left + right >= 360 ? 360 : left + right;
}
