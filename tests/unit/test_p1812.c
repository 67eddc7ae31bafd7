/* ITU-R P.1812-6 against ITU-R WP3K's validation set, plus the helpers.
 *
 * Reference data: ../shared/data/reference/p1812/ (eeveetza/p1812 @ 6e2f00b6,
 * the reference implementation approved by ITU-R WP3K; P.1812-6, the same
 * values for -8): cases.csv (36 cases: 12 profiles x 3 time percentages,
 * expected Lb_ref_dB) and profiles/NAME.csv (d_km, h_m_amsl, clutter_code,
 * R_m, zone).  Every case must agree within 0.01 dB (the largest error is
 * printed); a correct implementation agrees to about 0.001 dB. */
#define TOL_DB 0.01
#include "check.h"
#include "rfplan/p1812.h"
#include "../../src/models/p1812_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 4096
#define MAX_FIELDS 32

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *s = line;
	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = s;
		s = strchr(s, ',');
		if (!s)
			break;
		*s++ = '\0';
	}
	return n;
}

static int col(char **names, int n, const char *want)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], want))
			return i;
	return -1;
}

struct prof {
	int n;
	double d[MAX_POINTS], h[MAX_POINTS], r[MAX_POINTS];
	unsigned char zone[MAX_POINTS];
};

static int read_profile(const char *path, struct prof *p)
{
	FILE *f = fopen(path, "r");
	char line[512], *fl[MAX_FIELDS];
	p->n = 0;
	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f) && p->n < MAX_POINTS) {
		if (split(line, fl, MAX_FIELDS) < 5)
			continue;
		p->d[p->n] = atof(fl[0]);
		p->h[p->n] = atof(fl[1]);
		p->r[p->n] = atof(fl[3]);
		p->zone[p->n] = (unsigned char)atoi(fl[4]);
		p->n++;
	}
	fclose(f);
	return 0;
}

static void reference_cases(void)
{
	char buf[1024], cpath[1100], line[1024], hdr[1024], *names[MAX_FIELDS], *v[MAX_FIELDS];
	static struct prof pr;
	FILE *f;
	int nh, ncases = 0, nfail = 0;
	double worst = 0.0;
	char worst_case[64] = "";

	TEST_BEGIN("P.1812-6: the 36 WP3K validation cases within 0.01 dB");
	const char *dir = test_data_path(buf, sizeof(buf), "reference/p1812");
	if (!dir) {
		TEST_END();
		return;
	}
	snprintf(cpath, sizeof(cpath), "%s/cases.csv", dir);
	f = fopen(cpath, "r");
	CHECK(f != NULL);
	if (f && fgets(hdr, sizeof(hdr), f)) {
		nh = split(hdr, names, MAX_FIELDS);
		int c_id = col(names, nh, "case_id"), c_prof = col(names, nh, "profile");
		int c_f = col(names, nh, "f_MHz"), c_p = col(names, nh, "p_time_pct");
		int c_pl = col(names, nh, "pL_pct"), c_sl = col(names, nh, "sigmaL_dB");
		int c_ht = col(names, nh, "htg_m"), c_hr = col(names, nh, "hrg_m");
		int c_pol = col(names, nh, "pol"), c_lt = col(names, nh, "tx_lat");
		int c_lnt = col(names, nh, "tx_lon"), c_lr = col(names, nh, "rx_lat");
		int c_lnr = col(names, nh, "rx_lon"), c_dn = col(names, nh, "DN");
		int c_n0 = col(names, nh, "N0"), c_dct = col(names, nh, "dct_km");
		int c_dcr = col(names, nh, "dcr_km"), c_lb = col(names, nh, "Lb_ref_dB");
		CHECK(c_lb >= 0 && c_n0 >= 0 && c_dcr >= 0 && c_lnr >= 0);
		while (c_lb >= 0 && c_n0 >= 0 && c_dcr >= 0 && c_lnr >= 0 &&
		       fgets(line, sizeof(line), f)) {
			if (split(line, v, MAX_FIELDS) < nh)
				continue;
			char ppath[1200];
			snprintf(ppath, sizeof(ppath), "%s/%s", dir, v[c_prof]);
			if (read_profile(ppath, &pr)) {
				CHECK(!"profile readable");
				continue;
			}
			struct rf_p1812_params p = {
				.freq_mhz = atof(v[c_f]), .time_pct = atof(v[c_p]),
				.location_pct = atof(v[c_pl]), .sigma_loc_db = atof(v[c_sl]),
				.wa_m = 100.0, .polarization = atoi(v[c_pol]) == 2,
				.tx_height_m = atof(v[c_ht]), .rx_height_m = atof(v[c_hr]),
				.dn = atof(v[c_dn]), .n0 = atof(v[c_n0]),
				.dct_km = atof(v[c_dct]), .dcr_km = atof(v[c_dcr]),
			};
			p.phi_path_deg = rf_p1812_gc_lat_deg(atof(v[c_lt]), atof(v[c_lnt]),
							     atof(v[c_lr]), atof(v[c_lnr]),
							     0.5 * pr.d[pr.n - 1]);
			struct rf_p1812_path path = { pr.n, pr.d, 0.0, pr.h, pr.r, pr.zone };
			struct rf_p1812_prep prep;
			struct rf_p1812_result r;
			struct rf_error err;
			if (rf_p1812_prepare(&p, &prep, &err) ||
			    rf_p1812_loss(&prep, &path, &r, &err)) {
				CHECK(!err.msg[0]);
				nfail++;
				continue;
			}
			double e = fabs(r.lb_db - atof(v[c_lb]));
			printf("# %-40s Lb %.5f ref %.5f err %.5f\n", v[c_id], r.lb_db,
			       atof(v[c_lb]), e);
			if (e > worst) {
				worst = e;
				snprintf(worst_case, sizeof(worst_case), "%s", v[c_id]);
			}
			ncases++;
		}
	}
	if (f)
		fclose(f);
	printf("# P.1812: %d cases, largest error %.5f dB (%s)\n", ncases, worst, worst_case);
	CHECK(ncases == 36);
	CHECK(nfail == 0);
	CHECK(worst <= TOL_DB);
	TEST_END();
}

/* Standard normal upper-tail quantiles (Abramowitz & Stegun Table 26.5):
 * Q^-1(0.1) = 1.281552, Q^-1(0.01) = 2.326348.  Attachment 2's rational
 * approximation is good to 4.5e-4 (A&S 26.2.23). */
static void inverse_normal(void)
{
	TEST_BEGIN("P.1812 Attachment 2: inverse normal against A&S quantiles");
	CHECK_NEAR(p1812_inv_cum_norm(0.1), 1.281552, 4.5e-4);
	CHECK_NEAR(p1812_inv_cum_norm(0.01), 2.326348, 4.5e-4);
	CHECK_NEAR(p1812_inv_cum_norm(0.9), -1.281552, 4.5e-4);
	CHECK(p1812_inv_cum_norm(0.9) == -p1812_inv_cum_norm(0.1));
	TEST_END();
}

/* Path centre by hand: on a meridian, half way is the mean latitude; between
 * two points of latitude phi, dlon apart, the great circle's midpoint is at
 * atan(tan phi / cos(dlon / 2)) (spherical trigonometry). */
static void path_centre(void)
{
	const double r = 6371.0, rad = M_PI / 180.0;
	TEST_BEGIN("P.2001 Attachment H: path-centre latitude by hand");
	CHECK_NEAR(rf_p1812_gc_lat_deg(0.0, 0.0, 10.0, 0.0, 0.5 * 10.0 * rad * r), 5.0, 1e-9);
	double d = r * acos(sin(10 * rad) * sin(10 * rad) +
			    cos(10 * rad) * cos(10 * rad) * cos(20 * rad));
	double want = atan(tan(10 * rad) / cos(10 * rad)) / rad;   /* 10.1511 deg */
	CHECK_NEAR(rf_p1812_gc_lat_deg(10.0, 0.0, 10.0, 20.0, 0.5 * d), want, 1e-9);
	CHECK_NEAR(rf_p1812_gc_lat_deg(-10.0, 0.0, -10.0, 20.0, 0.5 * d), -want, 1e-9);
	TEST_END();
}

/* Table 2's zones on a hand-made profile: 0..100 km every km, 50 m high
 * except a 150 m hill at 20 km, water from 60 km on.  Sea: 60..100; coastal
 * (within 50 km of the water and <= 100 m): 10..59 but the hill; inland:
 * 0..9 and the hill; dct 60 km, dcr 0. */
static void zones(void)
{
	double h[101], dct, dcr;
	unsigned char w[101], z[101];
	int bad = 0;
	TEST_BEGIN("P.1812 zones from water flags (hand-made profile)");
	for (int i = 0; i <= 100; i++) {
		h[i] = i == 20 ? 150.0 : 50.0;
		w[i] = i >= 60;
	}
	rf_p1812_zones(101, NULL, 1.0, h, w, z, &dct, &dcr);
	for (int i = 0; i <= 100; i++) {
		int want = i >= 60 ? RF_P1812_SEA
			: (i >= 10 && i != 20) ? RF_P1812_COASTAL : RF_P1812_INLAND;
		bad += z[i] != want;
	}
	CHECK(bad == 0);
	CHECK_NEAR(dct, 60.0, 1e-12);
	CHECK_NEAR(dcr, 0.0, 1e-12);
	memset(w, 0, sizeof(w));
	rf_p1812_zones(101, NULL, 1.0, h, w, z, &dct, &dcr);
	CHECK(z[0] == RF_P1812_INLAND && z[100] == RF_P1812_INLAND);
	CHECK(dct < 0 && dcr < 0);
	TEST_END();
}

static void water_names(void)
{
	TEST_BEGIN("P.1812 water classes by name");
	CHECK(rf_p1812_class_is_water("Sea"));
	CHECK(rf_p1812_class_is_water("Permanent water bodies"));
	CHECK(rf_p1812_class_is_water("Open ocean"));
	CHECK(!rf_p1812_class_is_water("Herbaceous wetland"));
	CHECK(!rf_p1812_class_is_water("Seasonal crops"));
	CHECK(!rf_p1812_class_is_water("Open coastal ground"));
	TEST_END();
}

/* The Recommendation's ranges: 30 MHz - 6 GHz, p 1..50 %. */
static void ranges(void)
{
	struct rf_p1812_params p = {
		.freq_mhz = 1800, .time_pct = 50, .location_pct = 50, .sigma_loc_db = -1,
		.wa_m = 100, .polarization = 1, .tx_height_m = 30, .rx_height_m = 1.5,
		.dn = 45, .n0 = 325, .dct_km = -1, .dcr_km = -1, .phi_path_deg = 45,
	};
	struct rf_p1812_prep prep;
	struct rf_error err;
	TEST_BEGIN("P.1812 refuses frequencies and time percentages out of range");
	CHECK(rf_p1812_prepare(&p, &prep, &err) == 0);
	p.freq_mhz = 29.9;
	CHECK(rf_p1812_prepare(&p, &prep, &err) == -1 && strstr(err.msg, "frequency"));
	p.freq_mhz = 6000.1;
	CHECK(rf_p1812_prepare(&p, &prep, &err) == -1 && strstr(err.msg, "6000"));
	p.freq_mhz = 6000;
	p.time_pct = 0.5;
	CHECK(rf_p1812_prepare(&p, &prep, &err) == -1 && strstr(err.msg, "time percentage"));
	p.time_pct = 50.5;
	CHECK(rf_p1812_prepare(&p, &prep, &err) == -1 && strstr(err.msg, "1..50"));
	TEST_END();
}

/* Invariant: an equally spaced profile given by its step or by its
 * distances gives the same Lb; unsorted distances are refused.  Also with
 * 5001 points (scratch on the heap rather than the stack). */
#define LONG_N 5001
static double d[LONG_N], h[LONG_N], r[LONG_N];

static void spacing_invariant(void)
{
	struct rf_p1812_params p = {
		.freq_mhz = 900, .time_pct = 10, .location_pct = 50, .sigma_loc_db = -1,
		.wa_m = 100, .polarization = 1, .tx_height_m = 30, .rx_height_m = 1.5,
		.dn = 45, .n0 = 325, .dct_km = -1, .dcr_km = -1, .phi_path_deg = 45,
	};
	struct rf_p1812_prep prep;
	struct rf_p1812_result a, b;
	struct rf_error err;
	TEST_BEGIN("P.1812: step or distances, the same Lb; unsorted distances refused");
	for (int i = 0; i <= 40; i++) {
		d[i] = i * 0.25;
		h[i] = 100.0 + 40.0 * sin(i * 0.3);
		r[i] = i % 3 ? 10.0 : 0.0;
	}
	struct rf_p1812_path ps = { 41, NULL, 0.25, h, r, NULL };
	struct rf_p1812_path pd = { 41, d, 0.0, h, r, NULL };
	CHECK(rf_p1812_prepare(&p, &prep, &err) == 0);
	CHECK(rf_p1812_loss(&prep, &ps, &a, &err) == 0);
	CHECK(rf_p1812_loss(&prep, &pd, &b, &err) == 0);
	CHECK_NEAR(a.lb_db, b.lb_db, 1e-9);
	CHECK(a.lb_db >= a.lb0p_db && isfinite(a.lb_db));
	d[20] = d[19];
	CHECK(rf_p1812_loss(&prep, &pd, &b, &err) == -1 && strstr(err.msg, "point 20"));
	for (int i = 0; i < LONG_N; i++) {
		d[i] = i * 0.02;
		h[i] = 100.0 + 40.0 * sin(i * 0.003);
		r[i] = i % 3 ? 10.0 : 0.0;
	}
	struct rf_p1812_path ls = { LONG_N, NULL, 0.02, h, r, NULL };
	struct rf_p1812_path ld = { LONG_N, d, 0.0, h, r, NULL };
	CHECK(rf_p1812_loss(&prep, &ls, &a, &err) == 0);
	CHECK(rf_p1812_loss(&prep, &ld, &b, &err) == 0);
	CHECK_NEAR(a.lb_db, b.lb_db, 1e-9);
	CHECK(isfinite(a.lb_db) && a.lb_db >= a.lb0p_db);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(7);
	reference_cases();
	inverse_normal();
	path_centre();
	zones();
	water_names();
	ranges();
	spacing_invariant();
	return test_exit_status();
}
