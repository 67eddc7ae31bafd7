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

int main(void)
{
	TEST_PLAN(1);
	reference_cases();
	return test_exit_status();
}
