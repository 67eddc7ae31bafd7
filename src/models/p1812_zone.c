/* ITU-R P.1812-6: radio-climatic zones along the path (sec. 3.5, 3.6,
 * Table 2), the path-centre latitude (P.2001-4 Attachment H) and the
 * inverse normal distribution of Attachment 2. */
#include "p1812_internal.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define DEG2RAD (M_PI / 180.0)
#define EARTH_RADIUS_KM 6371.0   /* P.2001-4 Attachment H average radius */

double rf_p1812_gc_lat_deg(double lat_t_deg, double lon_t_deg, double lat_r_deg,
			   double lon_r_deg, double dpnt_km)
{
	double st = sin(lat_t_deg * DEG2RAD), ct = cos(lat_t_deg * DEG2RAD);
	double sr = sin(lat_r_deg * DEG2RAD), cr = cos(lat_r_deg * DEG2RAD);
	double dlon = (lon_r_deg - lon_t_deg) * DEG2RAD;           /* H.2.1 */
	double r = st * sr + ct * cr * cos(dlon);                   /* H.2.2 */
	double x1 = sr - r * st, y1 = ct * cr * sin(dlon);          /* H.2.5a, b */
	double bt2r, phi, s;

	/* H.2.6 bearing; coincident terminals: due north (any bearing gives
	 * the same latitude at distance 0) */
	bt2r = fabs(x1) < 1e-9 && fabs(y1) < 1e-9 ? 0.0 : atan2(y1, x1);
	phi = dpnt_km / EARTH_RADIUS_KM;                            /* H.3.1 */
	s = st * cos(phi) + ct * sin(phi) * cos(bt2r);              /* H.3.2 */
	s = s > 1.0 ? 1.0 : s < -1.0 ? -1.0 : s;
	return asin(s) / DEG2RAD;                                   /* H.3.3 */
}

/* Each maximal run [start, stop] of points whose zone is in mask counts
 * from half a step before its first point to half a step after its last
 * (the points stand for the profile around them), as the WP3K reference. */
static double run_length(const struct rf_p1812_path *path, int start, int stop)
{
	double len = p1812_d(path, stop) - p1812_d(path, start);
	if (stop < path->n - 1)
		len += (p1812_d(path, stop + 1) - p1812_d(path, stop)) / 2.0;
	if (start > 0)
		len += (p1812_d(path, start) - p1812_d(path, start - 1)) / 2.0;
	return len;
}

static int zone_of(const struct rf_p1812_path *path, int i)
{
	return path->zone ? path->zone[i] : RF_P1812_INLAND;
}

double p1812_longest_section_km(const struct rf_p1812_path *path, unsigned mask)
{
	double best = 0.0;
	int i = 0;
	if (!path->zone)   /* all inland */
		return mask & (1u << RF_P1812_INLAND) ? p1812_d(path, path->n - 1) : 0.0;
	while (i < path->n) {
		if (!(mask & (1u << zone_of(path, i)))) {
			i++;
			continue;
		}
		int j = i;
		while (j + 1 < path->n && (mask & (1u << zone_of(path, j + 1))))
			j++;
		best = fmax(best, run_length(path, i, j));
		i = j + 1;
	}
	return best;
}

double p1812_fraction(const struct rf_p1812_path *path, int zone)
{
	double sum = 0.0;
	int i = 0;
	if (!path->zone)
		return zone == RF_P1812_INLAND ? 1.0 : 0.0;
	while (i < path->n) {
		if (zone_of(path, i) != zone) {
			i++;
			continue;
		}
		int j = i;
		while (j + 1 < path->n && zone_of(path, j + 1) == zone)
			j++;
		sum += run_length(path, i, j);
		i = j + 1;
	}
	return sum / p1812_d(path, path->n - 1);
}

/* Attachment 2, eqs. (95a)-(95b): T(y) and the rational correction C(y). */
static double inv_t(double y)
{
	return sqrt(-2.0 * log(y));
}

static double inv_c(double y)
{
	const double c0 = 2.515516698, c1 = 0.802853, c2 = 0.010328;
	const double d1 = 1.432788, d2 = 0.189269, d3 = 0.001308;
	double t = inv_t(y);
	return ((c2 * t + c1) * t + c0) / (((d3 * t + d2) * t + d1) * t + 1.0);
}

double p1812_inv_cum_norm(double x)
{
	if (x < 0.000001)
		x = 0.000001;
	if (x > 0.999999)
		x = 0.999999;
	if (x <= 0.5)
		return inv_t(x) - inv_c(x);              /* eq. (94a) */
	return -(inv_t(1.0 - x) - inv_c(1.0 - x));       /* eq. (94b) */
}

#define COAST_KM 50.0        /* Table 2: coastal land within 50 km of the sea */
#define COAST_MAX_AMSL_M 100.0   /* ... and up to 100 m above mean sea level */

void rf_p1812_zones(int n, const double *d_km, double step_km, const double *h_m,
		    const unsigned char *water, unsigned char *zone, double *dct_km,
		    double *dcr_km)
{
	double last = -INFINITY;   /* distance of the last water point seen */
	int first = -1, lastw = -1;

#define D(i) (d_km ? d_km[i] : (i) * step_km)
	/* forward pass: distance back to the previous water point */
	for (int i = 0; i < n; i++) {
		if (water[i]) {
			zone[i] = RF_P1812_SEA;
			last = D(i);
			if (first < 0)
				first = i;
			lastw = i;
			continue;
		}
		zone[i] = D(i) - last <= COAST_KM && h_m[i] <= COAST_MAX_AMSL_M
			? RF_P1812_COASTAL : RF_P1812_INLAND;
	}
	/* backward pass: distance to the next water point */
	double next = INFINITY;
	for (int i = n - 1; i >= 0; i--) {
		if (water[i]) {
			next = D(i);
			continue;
		}
		if (next - D(i) <= COAST_KM && h_m[i] <= COAST_MAX_AMSL_M)
			zone[i] = RF_P1812_COASTAL;
	}
	*dct_km = first < 0 ? -1.0 : D(first);
	*dcr_km = lastw < 0 ? -1.0 : D(n - 1) - D(lastw);
#undef D
}

/* word: lower case; whole: only as a whole word (not "Seasonal") */
static int contains_ci(const char *s, const char *word, int whole)
{
	size_t m = strlen(word);
	for (const char *p = s; *p; p++) {
		size_t k = 0;
		while (k < m && p[k] && tolower((unsigned char)p[k]) == word[k])
			k++;
		if (k == m && (!whole || ((p == s || !isalpha((unsigned char)p[-1])) &&
					  !isalpha((unsigned char)p[m]))))
			return 1;
	}
	return 0;
}

int rf_p1812_class_is_water(const char *name)
{
	if (!name || contains_ci(name, "wetland", 0))
		return 0;
	return contains_ci(name, "water", 0) || contains_ci(name, "sea", 1) ||
	       contains_ci(name, "ocean", 0);
}

const char *rf_p1812_mechanism_name(int mechanism)
{
	switch (mechanism) {
	case RF_P1812_LOS:
		return "line_of_sight";
	case RF_P1812_DIFFRACTION:
		return "diffraction";
	case RF_P1812_DUCTING:
		return "ducting";
	case RF_P1812_TROPOSCATTER:
		return "troposcatter";
	}
	return "?";
}
