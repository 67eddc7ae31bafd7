/* Antenna gain toward any direction: omnidirectional, 3GPP parametric
 * sector, and patterns given by a horizontal and a vertical cut (combined
 * with horizontal projection interpolation).  doc/antennas.md has the
 * equations and conventions; antenna_msi.c reads the pattern files. */
#include "antenna_internal.h"

#include <math.h>
#include <stdlib.h>

#include "rfplan/error.h"

#define DEG2RAD (3.14159265358979323846 / 180.0)

/* 3GPP TR 36.814 V9.0.0 Table A.2.1.1-2: SLA_v = 20 dB; defaults
 * phi_3dB = 65 deg (3-sector), A_m = 25 dB; theta_3dB = 10 deg. */
#define SECTOR_SLAV_DB 20.0
#define SECTOR_DEFAULT_HBW_DEG 65.0
#define SECTOR_DEFAULT_VBW_DEG 10.0
#define SECTOR_DEFAULT_FTB_DB 25.0

/* A horizontal cut whose least attenuation is at most this is taken as
 * normalised to its own peak. */
#define NORMALISED_DB 0.05

static struct rf_antenna *antenna_new(enum rf_antenna_kind kind, const char *name,
				      double peak_gain_dbi)
{
	struct rf_antenna *a = rf_xcalloc(1, sizeof(*a));
	a->kind = kind;
	a->name = rf_xstrdup(name);
	a->peak_gain_dbi = peak_gain_dbi;
	return a;
}

struct rf_antenna *rf_antenna_omni(double gain_dbi)
{
	return antenna_new(RF_ANT_OMNI, "omni", gain_dbi);
}

static double positive_or(double v, double dflt)
{
	return isfinite(v) && v > 0 ? v : dflt;
}

struct rf_antenna *rf_antenna_sector(double gain_dbi, double h_beamwidth_deg,
				     double v_beamwidth_deg, double front_to_back_db)
{
	struct rf_antenna *a = antenna_new(RF_ANT_SECTOR, "3gpp-sector", gain_dbi);
	a->h_bw_deg = positive_or(h_beamwidth_deg, SECTOR_DEFAULT_HBW_DEG);
	a->v_bw_deg = positive_or(v_beamwidth_deg, SECTOR_DEFAULT_VBW_DEG);
	a->ftb_db = positive_or(front_to_back_db, SECTOR_DEFAULT_FTB_DB);
	return a;
}

/* Angle in degrees to [0, 360). */
static double wrap360(double deg)
{
	/* fmod is exact: within (-360, 720) its result is deg, or deg - 360
	 * (exact by Sterbenz's lemma), without the call */
	double w = fabs(deg) < 360.0 ? deg
		 : deg >= 360.0 && deg < 720.0 ? deg - 360.0 : fmod(deg, 360.0);
	if (w < 0)
		w += 360.0;
	return w >= 360.0 ? 0.0 : w;
}

/* Linear interpolation with wrap-around between the points of a cut. */
static double cut_at(const struct rf_antenna_cut *c, size_t *j, double t)
{
	size_t n = c->n;
	double a0, a1, v0, v1;
	if (n == 1)
		return c->att_db[0];
	/* *j is the last point with angle <= t (t increases between calls);
	 * before the first point, the segment wraps from the last one. */
	while (*j + 1 < n && c->angle_deg[*j + 1] <= t)
		(*j)++;
	if (t < c->angle_deg[0]) {
		a0 = c->angle_deg[n - 1] - 360.0;
		v0 = c->att_db[n - 1];
		a1 = c->angle_deg[0];
		v1 = c->att_db[0];
	} else if (*j + 1 == n) {
		a0 = c->angle_deg[n - 1];
		v0 = c->att_db[n - 1];
		a1 = c->angle_deg[0] + 360.0;
		v1 = c->att_db[0];
	} else {
		a0 = c->angle_deg[*j];
		v0 = c->att_db[*j];
		a1 = c->angle_deg[*j + 1];
		v1 = c->att_db[*j + 1];
	}
	return v0 + (v1 - v0) * (t - a0) / (a1 - a0);
}

static double *resample(const struct rf_antenna_cut *c)
{
	double *tab = rf_xmalloc((RF_ANT_TABLE_N + 1) * sizeof(*tab));
	size_t j = 0;
	for (int k = 0; k < RF_ANT_TABLE_N; k++)
		tab[k] = cut_at(c, &j, (double)k / RF_ANT_STEPS_PER_DEG);
	tab[RF_ANT_TABLE_N] = tab[0];
	return tab;
}

static double table_at(const double *tab, double deg)
{
	double pos = wrap360(deg) * RF_ANT_STEPS_PER_DEG;
	int k = (int)pos;
	if (k >= RF_ANT_TABLE_N)
		k = RF_ANT_TABLE_N - 1;
	return tab[k] + (pos - k) * (tab[k + 1] - tab[k]);
}

/* Main lobe of the vertical cut in its front half (-90..90 deg): the least
 * attenuation, the one nearest the horizon on ties. */
static double front_lobe_deg(const double *v)
{
	int best = 0;
	int quarter = 90 * RF_ANT_STEPS_PER_DEG;
	for (int k = -quarter; k <= quarter; k++) {
		int i = (k + RF_ANT_TABLE_N) % RF_ANT_TABLE_N;
		int b = (best + RF_ANT_TABLE_N) % RF_ANT_TABLE_N;
		if (v[i] < v[b] || (v[i] == v[b] && abs(k) < abs(best)))
			best = k;
	}
	return (double)best / RF_ANT_STEPS_PER_DEG;
}

struct rf_antenna *rf_antenna_from_cuts(const char *name, double peak_gain_dbi,
					double freq_mhz, double etilt_deg,
					const struct rf_antenna_cut *h,
					const struct rf_antenna_cut *v)
{
	struct rf_antenna *a = antenna_new(RF_ANT_CUTS, name, peak_gain_dbi);
	double lobe_deg, h_min_db = INFINITY;
	a->freq_mhz = freq_mhz;
	a->h_att_db = resample(h);
	a->v_att_db = resample(v);
	a->max_att_db = 0;
	for (int k = 0; k < RF_ANT_TABLE_N; k++) {
		a->max_att_db = fmax(a->max_att_db, a->h_att_db[k]);
		a->max_att_db = fmax(a->max_att_db, a->v_att_db[k]);
	}
	lobe_deg = front_lobe_deg(a->v_att_db);
	/* Where was the horizontal cut taken?  A cut normalised to 0 dB at its
	 * own peak is taken through the main beam (at the electrical tilt);
	 * a cut that stays below 0 dB carries levels relative to the overall
	 * peak and is the horizon cut (it then crosses the vertical cut at
	 * 0 and 180 deg, as HPI assumes). */
	for (int k = 0; k < RF_ANT_TABLE_N; k++)
		h_min_db = fmin(h_min_db, a->h_att_db[k]);
	a->ref_dep_deg = h_min_db <= NORMALISED_DB ? lobe_deg : 0.0;
	a->h_ref0_db = table_at(a->v_att_db, a->ref_dep_deg);
	a->h_ref180_db = table_at(a->v_att_db, 180.0 - a->ref_dep_deg);
	a->etilt_deg = etilt_deg < -90.0 ? lobe_deg : etilt_deg;
	return a;
}

void rf_antenna_free(struct rf_antenna *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->h_att_db);
	free(a->v_att_db);
	free(a);
}

const char *rf_antenna_name(const struct rf_antenna *a)
{
	return a->name;
}

double rf_antenna_peak_gain_dbi(const struct rf_antenna *a)
{
	return a->peak_gain_dbi;
}

double rf_antenna_frequency_mhz(const struct rf_antenna *a)
{
	return a->freq_mhz;
}

double rf_antenna_electrical_tilt_deg(const struct rf_antenna *a)
{
	return a->etilt_deg;
}

/* 3GPP TR 36.814 Table A.2.1.1-2, with theta_etilt = 0 (any downtilt is
 * the installation's, applied by the rotation in rf_antenna_gain_dbi).
 * phi_deg in (-180, 180], dep_deg = angle below the antenna's horizon. */
static double sector_att_db(const struct rf_antenna *a, double phi_deg, double dep_deg)
{
	double rh = phi_deg / a->h_bw_deg;
	double rv = dep_deg / a->v_bw_deg;
	double ah = fmin(12.0 * rh * rh, a->ftb_db);
	double av = fmin(12.0 * rv * rv, SECTOR_SLAV_DB);
	return fmin(ah + av, a->ftb_db);
}

/* Horizontal projection interpolation (HPI), as described in the Altair
 * WinProp AMan manual ("Horizontal Projection Interpolation (HPI)
 * Algorithm"), written in attenuations, with the horizontal-cut references
 * A_H(0), A_H(180) replaced by the vertical cut at the elevation beta of
 * the horizontal cut and at 180 - beta (equal under HPI's own assumption
 * that the cuts cross there, G_H(0) = G_V(alpha), G_H(pi) = G_V(pi - alpha)):
 *   A = A_H(phi) + (1 - |phi|/180) (A_V(dep) - A_V(beta))
 *                + (|phi|/180) (A_V(180 - dep) - A_V(180 - beta)),
 * clamped to [0, max attenuation of the file]. */
static double cuts_att_db(const struct rf_antenna *a, double phi_deg, double dep_deg)
{
	double w = fabs(phi_deg) / 180.0;
	double att = table_at(a->h_att_db, phi_deg)
		+ (1.0 - w) * (table_at(a->v_att_db, dep_deg) - a->h_ref0_db)
		+ w * (table_at(a->v_att_db, 180.0 - dep_deg) - a->h_ref180_db);
	return fmin(fmax(att, 0.0), a->max_att_db);
}

void rf_antenna_aim_init(struct rf_antenna_aim *aim, const struct rf_antenna *a,
			 double azimuth_deg, double mech_tilt_deg)
{
	double t = mech_tilt_deg * DEG2RAD;
	aim->antenna = a;
	aim->omni = a->kind == RF_ANT_OMNI;
	aim->azimuth_deg = azimuth_deg;
	aim->cos_tilt = cos(t);
	aim->sin_tilt = sin(t);
}

void rf_antenna_elevation(double target_elevation_deg, struct rf_antenna_elev *e)
{
	double el = target_elevation_deg * DEG2RAD;
	e->cos_el = cos(el);
	e->sin_el = sin(el);
}

double rf_antenna_aim_gain_dbi(const struct rf_antenna_aim *aim, double target_azimuth_deg,
			       const struct rf_antenna_elev *e)
{
	const struct rf_antenna *a = aim->antenna;
	double psi, x, y, z, xa, za, phi_deg, dep_deg;
	if (a->kind == RF_ANT_OMNI)
		return a->peak_gain_dbi;
	/* Unit vector to the target in a frame whose x axis is the boresight
	 * azimuth on the horizon, y to its right, z up; then rotate it by the
	 * mechanical downtilt t about y, so that x becomes the tilted boresight:
	 * x' = x cos t - z sin t, z' = x sin t + z cos t. */
	psi = (target_azimuth_deg - aim->azimuth_deg) * DEG2RAD;
	x = e->cos_el * cos(psi);
	y = e->cos_el * sin(psi);
	z = e->sin_el;
	xa = x * aim->cos_tilt - z * aim->sin_tilt;
	za = x * aim->sin_tilt + z * aim->cos_tilt;
	phi_deg = atan2(y, xa) / DEG2RAD;
	dep_deg = -asin(fmax(-1.0, fmin(1.0, za))) / DEG2RAD;
	if (a->kind == RF_ANT_SECTOR)
		return a->peak_gain_dbi - sector_att_db(a, phi_deg, dep_deg);
	return a->peak_gain_dbi - cuts_att_db(a, phi_deg, dep_deg);
}

double rf_antenna_gain_dbi(const struct rf_antenna *a, double azimuth_deg,
			   double mech_tilt_deg, double target_azimuth_deg,
			   double target_elevation_deg)
{
	struct rf_antenna_aim aim;
	struct rf_antenna_elev e;
	rf_antenna_aim_init(&aim, a, azimuth_deg, mech_tilt_deg);
	rf_antenna_elevation(target_elevation_deg, &e);
	return rf_antenna_aim_gain_dbi(&aim, target_azimuth_deg, &e);
}
