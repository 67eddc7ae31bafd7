/* Antenna patterns: MSI reader (every real file, malformed files), the 3D
 * gain of measured cuts against the files' own numbers, mechanical tilt,
 * the 3GPP sector against hand computations, omni.
 *
 * Expected values for real files are read from the file by the small
 * independent parser below (sscanf of "angle att" lines), never from the
 * library; the arithmetic of each case is written out next to it. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rfplan/antenna.h"

/* A file's GAIN in dBi and its cuts at whole degrees (1-degree files). */
struct ref_pattern {
	double gain_dbi;
	double h[360], v[360];
};

static int ref_read(const char *path, struct ref_pattern *p)
{
	char line[512], unit[32];
	int block = 0, got = 0;
	double g;
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	memset(p, 0, sizeof(*p));
	while (fgets(line, sizeof(line), fp)) {
		double ang, att;
		if (strncmp(line, "HORIZONTAL", 10) == 0) {
			block = 1;
		} else if (strncmp(line, "VERTICAL", 8) == 0) {
			block = 2;
		} else if (strncmp(line, "GAIN", 4) == 0) {
			unit[0] = '\0';
			if (sscanf(line + 4, "%lf %31s", &g, unit) >= 1) {
				/* dBd unless marked dBi: dBi = dBd + 2.15 */
				p->gain_dbi = strcmp(unit, "dBi") == 0 ? g : g + 2.15;
				got = 1;
			}
		} else if (block && sscanf(line, "%lf %lf", &ang, &att) == 2 &&
			   ang >= 0 && ang < 360 && ang == (int)ang) {
			(block == 1 ? p->h : p->v)[(int)ang] = att;
		}
	}
	fclose(fp);
	return got ? 0 : -1;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

static void test_all_real_files(void)
{
	static const char *dirs[] = { "antenna/python_antenna_pattern", "antenna/pafx2msi" };
	char dir[512], path[1024];
	int loaded = 0;
	TEST_BEGIN("every real pattern file loads with its GAIN as peak");
	for (size_t i = 0; i < 2; i++) {
		DIR *d;
		struct dirent *e;
		if (!test_data_path(dir, sizeof(dir), dirs[i]))
			break;
		d = opendir(dir);
		CHECK_MSG(d != NULL, "cannot list %s", dir);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			struct rf_error err = { "" };
			struct ref_pattern ref;
			struct rf_antenna *a;
			if (!has_suffix(e->d_name, ".msi") && !has_suffix(e->d_name, ".pln") &&
			    !has_suffix(e->d_name, ".txt"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			a = rf_antenna_read_msi(path, &err);
			CHECK_MSG(a != NULL, "%s", err.msg);
			if (a && ref_read(path, &ref) == 0) {
				CHECK_NEAR(rf_antenna_peak_gain_dbi(a), ref.gain_dbi, 1e-9);
				loaded++;
			}
			rf_antenna_free(a);
		}
		closedir(d);
	}
	/* 11 files in python_antenna_pattern (.msi/.pln/.txt) + 4 in pafx2msi */
	if (!check_state.skipped)
		CHECK_MSG(loaded == 15, "loaded %d of 15 real files", loaded);
	TEST_END();
}

/* Load a real file and its reference numbers; NULL (after SKIP) if absent. */
static struct rf_antenna *load_real(const char *rel, struct ref_pattern *ref)
{
	char path[1024];
	struct rf_error err = { "" };
	struct rf_antenna *a;
	if (!test_data_path(path, sizeof(path), rel))
		return NULL;
	a = rf_antenna_read_msi(path, &err);
	CHECK_MSG(a != NULL, "%s", err.msg);
	CHECK(ref_read(path, ref) == 0);
	return a;
}

static void test_simulated_tilted(void)
{
	struct ref_pattern r;
	struct rf_antenna *a;
	TEST_BEGIN("simulated_05T.msi: boresight, 30 deg off, back");
	a = load_real("antenna/python_antenna_pattern/simulated_05T.msi", &r);
	if (a) {
		/* ELECTRICAL_TILT 05; GAIN 19.09 dBi */
		CHECK_NEAR(rf_antenna_electrical_tilt_deg(a), 5.0, 1e-9);
		CHECK_NEAR(rf_antenna_peak_gain_dbi(a), 19.09, 1e-9);
		CHECK_NEAR(rf_antenna_frequency_mhz(a), 1845.0, 1e-9);
		/* Boresight: azimuth 120, looking 5 deg down: H(0) = 0, V(5) = 0
		 * -> 19.09 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 120, 0, 120, -5), r.gain_dbi - r.h[0] - r.v[5], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 120, 0, 120, -5), 19.09, 1e-6);
		/* 30 deg off azimuth on the tilted cone (5 deg down): the vertical
		 * terms cancel (V(5) - V(alpha=5)) and only H(30) = 3.01 remains:
		 * 19.09 - 3.01 = 16.08 dBi; both sides of the boresight. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 120, 0, 150, -5), r.gain_dbi - r.h[30], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 120, 0, 90, -5), r.gain_dbi - r.h[330], 1e-6);
		/* Back at the horizon (azimuth 300, elevation 0): |phi| = 180, so
		 * A = H(180) + V(180 - 0) - V(180 - 5) = 45 + 50 - 50 = 45 dB,
		 * 19.09 - 45 = -25.91 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 120, 0, 300, 0),
			   r.gain_dbi - (r.h[180] + r.v[180] - r.v[175]), 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 120, 0, 300, 0), -25.91, 1e-6);
	}
	rf_antenna_free(a);
	TEST_END();
}

static void test_huawei_split_beam(void)
{
	struct ref_pattern r;
	struct rf_antenna *a;
	TEST_BEGIN("AMB4520R8v06_05T.msi: TILT ELECTRICAL without number, beam at 32 deg");
	a = load_real("antenna/python_antenna_pattern/AMB4520R8v06_05T.msi", &r);
	if (a) {
		/* The header says only "TILT ELECTRICAL"; the name says 05T and
		 * the vertical cut's minimum (0.02 dB) is at 5 deg. */
		CHECK_NEAR(rf_antenna_electrical_tilt_deg(a), 5.0, 1e-9);
		/* GAIN 16.95 dBd = 19.10 dBi. */
		CHECK_NEAR(rf_antenna_peak_gain_dbi(a), 19.10, 1e-9);
		/* The horizontal cut peaks (0.00 dB) at 32 deg: gain there, 5 deg
		 * down, is 19.10 - H(32) = 19.10 dBi; at the mounting azimuth
		 * it is 19.10 - H(0) = 19.10 - 7.13 = 11.97 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 32, -5), r.gain_dbi - r.h[32], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 0, -5), 11.97, 1e-6);
	}
	rf_antenna_free(a);
	TEST_END();
}

static void test_sv460(void)
{
	struct ref_pattern r;
	struct rf_antenna *a;
	TEST_BEGIN("SV460-SF2SNM_0890_00T.msi: off-axis, back, mechanical tilt");
	a = load_real("antenna/pafx2msi/SV460-SF2SNM_0890_00T.msi", &r);
	if (a) {
		double expect;
		/* GAIN 15.0 dBd = 17.15 dBi; ELECTRICAL_TILT 0. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 45, 0), 17.15, 1e-6);
		CHECK_NEAR(rf_antenna_electrical_tilt_deg(a), 0.0, 1e-9);
		/* 30 deg off, horizon: H(30) = 15.3 -> 17.15 - 15.3 = 1.85 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 75, 0), r.gain_dbi - r.h[30], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 75, 0), 1.85, 1e-6);
		/* 30 deg off, 10 deg down: w = 30/180 = 1/6,
		 * A = H(30) + (5/6)(V(10) - V(0)) + (1/6)(V(170) - V(180))
		 *   = 15.3 + (5/6)(1.4) + (1/6)(28.9 - 22.3) = 17.5667 dB. */
		expect = r.h[30] + 5.0 / 6 * (r.v[10] - r.v[0]) + 1.0 / 6 * (r.v[170] - r.v[180]);
		CHECK_NEAR(expect, 17.566667, 1e-5);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 75, -10), r.gain_dbi - expect, 1e-6);
		/* Back, horizon: A = H(180) + V(180) - V(180) = 22.1 -> -4.95 dBi
		 * (the file's FRONT_TO_BACK is 22.2). */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 225, 0), r.gain_dbi - r.h[180], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 225, 0), -4.95, 1e-6);
		/* Back, 10 deg down: A = H(180) + V(170) - V(180)
		 * = 22.1 + 28.9 - 22.3 = 28.7 -> -11.55 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 0, 225, -10),
			   r.gain_dbi - (r.h[180] + r.v[170] - r.v[180]), 1e-6);
		/* Mechanical downtilt 6 deg moves the main lobe to 6 deg down;
		 * at the horizon the antenna sees 6 deg above its own horizon,
		 * vertical angle 354: V(354) = 0.7 -> 16.45 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 6, 45, -6), 17.15, 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 6, 45, 0), r.gain_dbi - r.v[354], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 6, 45, 0), 16.45, 1e-6);
		/* Invariant: the tilt axis is horizontal and perpendicular to the
		 * boresight, so a target on that axis (90 deg off, horizon) is
		 * unaffected by the mechanical tilt... */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 10, 135, 0),
			   rf_antenna_gain_dbi(a, 45, 0, 135, 0), 1e-6);
		/* ...whereas behind the antenna the lobe tilts up: the back at
		 * 6 deg up, tilt 6, is the back at the antenna's horizon. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 45, 6, 225, 6),
			   rf_antenna_gain_dbi(a, 45, 0, 225, 0), 1e-6);
	}
	rf_antenna_free(a);
	TEST_END();
}

static void test_galtronics_horizon_cuts(void)
{
	struct ref_pattern r;
	struct rf_antenna *a;
	TEST_BEGIN("LTE-L_1960MHz_P1.txt: un-normalised horizon cuts (plain HPI)");
	a = load_real("antenna/python_antenna_pattern/LTE-L_1960MHz_P1.txt", &r);
	if (a) {
		/* GAIN 3.43 dBi; the cuts are not normalised (H min 1.558 dB)
		 * and cross at the horizon: H(0) = V(0) = 2.968, H(180) = V(180)
		 * = 6.421.  HPI then reproduces both cuts exactly. */
		CHECK_NEAR(rf_antenna_peak_gain_dbi(a), 3.43, 1e-9);
		/* Horizon, 90 deg off: A = H(90) + (1/2)(V(0) - V(0))
		 * + (1/2)(V(180) - V(180)) = H(90). */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 10, 0, 100, 0), r.gain_dbi - r.h[90], 1e-6);
		/* Front vertical plane, 20 deg down: A = H(0) + V(20) - V(0)
		 * = V(20) = 2.050 -> 3.43 - 2.05 = 1.38 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 10, 0, 10, -20), r.gain_dbi - r.v[20], 1e-6);
		CHECK_NEAR(rf_antenna_gain_dbi(a, 10, 0, 10, -20), 1.38, 1e-6);
		/* Back vertical plane, 30 deg up: A = H(180) + V(210) - V(180)
		 * = V(210). */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 10, 0, 190, 30), r.gain_dbi - r.v[210], 1e-6);
	}
	rf_antenna_free(a);
	TEST_END();
}

static void test_sector(void)
{
	struct rf_antenna *a = rf_antenna_sector(17.0, 65.0, 10.0, 25.0);
	struct rf_antenna *d = rf_antenna_sector(17.0, 0, 0, 0);
	TEST_BEGIN("3GPP TR 36.814 sector against hand computation");
	/* Boresight: 17 dBi. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 0, 0), 17.0, 1e-9);
	/* phi = phi3dB/2 = 32.5: 12 (0.5)^2 = 3 dB -> 14 dBi. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 32.5, 0), 14.0, 1e-9);
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, -32.5, 0), 14.0, 1e-9);
	/* theta = theta3dB/2 = 5 deg down: 3 dB; both: 6 dB -> 11 dBi. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 0, -5), 14.0, 1e-9);
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 32.5, -5), 11.0, 1e-9);
	/* phi = 65: 12 dB; theta = 10: 12 dB; sum 24 < Am = 25 -> -7 dBi. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 65, -10), -7.0, 1e-9);
	/* Back: min(12 (180/65)^2 = 92, 25) = 25 -> -8 dBi; 30 deg up adds
	 * min(12 * 9, 20) = 20 but the total is capped at Am = 25. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 180, 0), -8.0, 1e-9);
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 180, 30), -8.0, 1e-9);
	/* 30 deg down at boresight: SLAv = 20 dB -> -3 dBi. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 0, -30), -3.0, 1e-9);
	/* Mechanical tilt 10, target 60 deg off at the horizon: in the
	 * antenna frame x' = 0.5 cos 10 = 0.492404, y' = sin 60 = 0.866025,
	 * z' = 0.5 sin 10 = 0.086824: phi' = atan2(y', x') = 60.378348 deg,
	 * 4.980925 deg above.  A_H = 12 (60.378348/65)^2 = 10.354210,
	 * A_V = 12 (4.980925/10)^2 = 2.977154, total 13.331364 ->
	 * 17 - 13.331364 = 3.668636 dBi. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 100, 10, 160, 0), 3.668636, 1e-5);
	/* Tilt 8: the lobe is 8 deg down. */
	CHECK_NEAR(rf_antenna_gain_dbi(a, 100, 8, 100, -8), 17.0, 1e-9);
	/* Defaults (0 = default): 65 deg, 10 deg, 25 dB. */
	CHECK_NEAR(rf_antenna_gain_dbi(d, 0, 0, 32.5, 0), 14.0, 1e-9);
	CHECK_NEAR(rf_antenna_gain_dbi(d, 0, 0, 0, -5), 14.0, 1e-9);
	CHECK_NEAR(rf_antenna_gain_dbi(d, 0, 0, 180, 0), -8.0, 1e-9);
	CHECK_NEAR(rf_antenna_electrical_tilt_deg(a), 0.0, 1e-12);
	rf_antenna_free(a);
	rf_antenna_free(d);
	TEST_END();
}

static void test_omni(void)
{
	struct rf_antenna *a = rf_antenna_omni(2.15);
	TEST_BEGIN("omni: same gain everywhere");
	CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 0, 0), 2.15, 1e-12);
	CHECK_NEAR(rf_antenna_gain_dbi(a, 30, 5, 210, -80), 2.15, 1e-12);
	CHECK_NEAR(rf_antenna_frequency_mhz(a), 0.0, 1e-12);
	CHECK(rf_antenna_name(a) != NULL);
	rf_antenna_free(a);
	rf_antenna_free(NULL);
	TEST_END();
}

/* The gain in two steps (rf_antenna_aim_init, rf_antenna_elevation,
 * rf_antenna_aim_gain_dbi), as the coverage loop takes it with the tilt and
 * the elevation shared, is the one-step gain bit for bit: the same
 * expressions on the same operands.  And the pattern is periodic in the
 * target azimuth: +-360 and +720 degrees give the gain of the wrapped angle
 * (to the rounding of cos/sin of the larger angle). */
static void test_two_steps(void)
{
	struct ref_pattern r;
	struct rf_antenna *ant[3];
	int bad = 0, omni_reads = 0;
	TEST_BEGIN("gain in two steps = one-step gain, bit for bit; periodic in azimuth");
	ant[0] = load_real("antenna/python_antenna_pattern/simulated_05T.msi", &r);
	ant[1] = rf_antenna_sector(17.0, 65.0, 7.0, 25.0);
	ant[2] = rf_antenna_omni(2.15);
	for (int k = 0; k < 3; k++) {
		if (!ant[k])
			continue;
		for (double tilt = -4; tilt <= 12; tilt += 4) {
			struct rf_antenna_aim aim;
			rf_antenna_aim_init(&aim, ant[k], 37.5, tilt);
			for (double taz = -400; taz <= 800; taz += 7.3)
				for (double tel = -89; tel <= 89; tel += 5.9) {
					struct rf_antenna_elev e;
					double one = rf_antenna_gain_dbi(ant[k], 37.5, tilt, taz, tel);
					rf_antenna_elevation(tel, &e);
					if (memcmp(&one, &(double){ rf_antenna_aim_gain_dbi(&aim, taz, &e) },
						   sizeof(one)))
						bad++;
					if (fabs(rf_antenna_gain_dbi(ant[k], 37.5, tilt, taz + 360, tel) -
						 one) > 1e-9)
						bad++;
				}
			omni_reads += aim.omni;
		}
	}
	CHECK(bad == 0);
	/* the omni's aim says its gain reads no elevation; the others' do */
	CHECK(omni_reads == 5);
	for (int k = 0; k < 3; k++)
		rf_antenna_free(ant[k]);
	TEST_END();
}

static int write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static void test_irregular_file(const char *tmp)
{
	char path[512];
	struct rf_error err = { "" };
	struct rf_antenna *a;
	TEST_BEGIN("4-point cuts, decimal angles, tabs, CRLF, no gain unit");
	snprintf(path, sizeof(path), "%s/four.msi", tmp);
	CHECK(write_file(path,
			 "NAME\tTest four\r\nFREQUENCY 0.9 GHz\r\nGAIN 10\r\n"
			 "HORIZONTAL\t4\r\n0.0\t0\r\n90.5\t10\r\n180\t20\r\n270\t10\r\n"
			 "VERTICAL 4\r\n0 0\r\n90 0\r\n180 0\r\n270 0\r\n") == 0);
	a = rf_antenna_read_msi(path, &err);
	CHECK_MSG(a != NULL, "%s", err.msg);
	if (a) {
		CHECK(strcmp(rf_antenna_name(a), "Test four") == 0);
		CHECK_NEAR(rf_antenna_frequency_mhz(a), 900.0, 1e-9);
		/* GAIN 10 without unit = 10 dBd = 12.15 dBi. */
		CHECK_NEAR(rf_antenna_peak_gain_dbi(a), 12.15, 1e-12);
		/* Vertical cut is flat 0 dB, so only H counts.  Halfway between
		 * 0 (0 dB) and 90.5 (10 dB): 45.25 -> 5 dB -> 7.15 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 45.25, 0), 7.15, 1e-9);
		/* Wrap: between 270 (10 dB) and 360 = 0 (0 dB): 315 -> 5 dB. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 315, 0), 7.15, 1e-9);
		/* 135.25 = halfway 90.5..180: 15 dB -> -2.85 dBi. */
		CHECK_NEAR(rf_antenna_gain_dbi(a, 0, 0, 135.25, 0), -2.85, 1e-9);
	}
	rf_antenna_free(a);
	TEST_END();
}

/* Write text to tmp/name, read it, expect failure with a message that
 * contains every one of the given fragments. */
static void expect_bad(const char *tmp, const char *name, const char *text,
		       const char *frag1, const char *frag2)
{
	char path[512];
	struct rf_error err = { "" };
	struct rf_antenna *a;
	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	CHECK(write_file(path, text) == 0);
	a = rf_antenna_read_msi(path, &err);
	CHECK_MSG(a == NULL, "%s: loaded, expected an error", name);
	CHECK_MSG(strstr(err.msg, path) != NULL, "%s: message lacks the file: %s", name, err.msg);
	CHECK_MSG(strstr(err.msg, frag1) != NULL, "%s: message lacks '%s': %s", name, frag1, err.msg);
	CHECK_MSG(!frag2 || strstr(err.msg, frag2) != NULL, "%s: message lacks '%s': %s", name, frag2, err.msg);
	rf_antenna_free(a);
}

#define HDR "NAME bad\nGAIN 10 dBi\n"
#define VGOOD "VERTICAL 2\n0 0\n180 3\n"

static void test_malformed(const char *tmp)
{
	struct rf_error err = { "" };
	TEST_BEGIN("malformed files: errors name the file and line");
	expect_bad(tmp, "novert.msi", HDR "HORIZONTAL 2\n0 0\n180 3\n", "no VERTICAL", NULL);
	expect_bad(tmp, "nohor.msi", HDR VGOOD, "no HORIZONTAL", NULL);
	expect_bad(tmp, "nogain.msi", "NAME x\nHORIZONTAL 2\n0 0\n180 3\n" VGOOD, "no GAIN", NULL);
	/* declares 3 points, gives 2, then VERTICAL at line 6 */
	expect_bad(tmp, "short.msi", HDR "HORIZONTAL 3\n0 0\n180 3\n" VGOOD, ":6:", "declares 3");
	/* the file ends inside the block declared at line 6 */
	expect_bad(tmp, "trunc.msi", HDR "HORIZONTAL 2\n0 0\n180 3\nVERTICAL 3\n0 0\n", ":6:", "declares 3");
	/* one line more than declared: line 6 is data outside any block */
	expect_bad(tmp, "long.msi", HDR "HORIZONTAL 1\n0 0\n180 3\n" VGOOD, ":5:", "outside");
	expect_bad(tmp, "count.msi", HDR "HORIZONTAL many\n", ":3:", "many");
	expect_bad(tmp, "text.msi", HDR "HORIZONTAL 2\n0 0\n180 abc\n" VGOOD, ":5:", "'abc' is not a number");
	expect_bad(tmp, "nan.msi", HDR "HORIZONTAL 2\n0 0\n180 3\nVERTICAL 2\n0 nan\n180 3\n", ":7:", "'nan'");
	expect_bad(tmp, "neg.msi", HDR "HORIZONTAL 2\n0 0\n180 -3\n" VGOOD, ":5:", "negative");
	expect_bad(tmp, "range.msi", HDR "HORIZONTAL 2\n0 0\n360.5 3\n" VGOOD, ":5:", "outside [0, 360)");
	expect_bad(tmp, "order.msi", HDR "HORIZONTAL 2\n180 0\n90 3\n" VGOOD, ":5:", "does not increase");
	expect_bad(tmp, "extra.msi", HDR "HORIZONTAL 2\n0 0 7\n180 3\n" VGOOD, ":4:", "0 0 7");
	expect_bad(tmp, "unit.msi", "GAIN 10 dBx\n", ":1:", "dBx");
	expect_bad(tmp, "twice.msi", HDR "HORIZONTAL 1\n0 0\nHORIZONTAL 1\n0 0\n", ":5:", "second HORIZONTAL");
	CHECK(rf_antenna_read_msi("/nonexistent/dir/x.msi", &err) == NULL);
	CHECK(strstr(err.msg, "/nonexistent/dir/x.msi") != NULL);
	TEST_END();
}

int main(void)
{
	char tmp[] = "/tmp/rfplan-test-antenna-XXXXXX";
	TEST_PLAN(10);
	int have_tmp = mkdtemp(tmp) != NULL;
	test_all_real_files();
	test_simulated_tilted();
	test_huawei_split_beam();
	test_sv460();
	test_galtronics_horizon_cuts();
	test_sector();
	test_omni();
	test_two_steps();
	if (have_tmp) {
		test_irregular_file(tmp);
		test_malformed(tmp);
		/* Remove what the cases wrote, then the directory. */
		DIR *d = opendir(tmp);
		struct dirent *e;
		char path[600];
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/%s", tmp, e->d_name);
				unlink(path);
			}
		if (d)
			closedir(d);
		rmdir(tmp);
	} else {
		test_fail_rest("test_antenna", "mkdtemp /tmp/rfplan-test-antenna-XXXXXX failed");
	}
	return test_exit_status();
}
