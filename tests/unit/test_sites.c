/* Unit tests of the site readers (src/network/sites_read.c, src/network/sites_io.c).
 * Counts in the real ACMA files were made with the shell commands quoted in
 * each case (run in ../shared/data/sites); projected coordinates are checked
 * against PROJ's cs2cs run by hand (command and output in the comment). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rfplan/sites.h"

static char tmpdir[64];

static const char *write_tmp(char *path, size_t len, const char *name, const char *text)
{
	FILE *f;
	snprintf(path, len, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

static int read_acma(const char *path, struct rf_sites *s, struct rf_sites_report *rep,
		     struct rf_error *err)
{
	struct rf_sites_options o;
	rf_sites_options_default(&o);
	return rf_sites_read(path, &o, s, rep, err);
}

static void test_acma_tas(void)
{
	char path[512];
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites ACMA Tasmania: 83 sites, 18 undefined altitudes");
	if (test_data_path(path, sizeof(path), "sites/acma_tas_sites.csv")) {
		CHECK_MSG(read_acma(path, &s, &rep, &err) == 0, "%s", err.msg);
		/* tail -n +2 acma_tas_sites.csv | grep -c .            -> 83
		 * awk -F, 'NR>1 && $9=="undefined"' acma_tas_sites.csv | wc -l -> 18
		 * (the one quoted row, line 80, has ELEVATION 60) */
		CHECK(s.count == 83);
		CHECK(rep.rows == 83);
		CHECK(rep.altitude_undefined == 18);
		CHECK(rep.altitude_empty == 0);
		/* ACMA coordinates are GDA94 (EPSG:4283): converted to WGS84 by
		 * PROJ's "GDA94 to WGS 84 (1)" (EPSG:1150, a null
		 * transformation, 3 m), as `projinfo -s EPSG:4283 -t EPSG:4326`
		 * lists first. */
		CHECK(rep.transform_desc && strstr(rep.transform_desc, "GDA94 to WGS 84 (1)"));
		/* line 2: 32721,-42.879222,147.328147,Police Headquarters ...,15 */
		const struct rf_site *p = rf_sites_find(&s, "32721");
		CHECK(p != NULL);
		if (p) {
			CHECK_NEAR(p->lat_deg, -42.879222, 0);
			CHECK_NEAR(p->lon_deg, 147.328147, 0);
			CHECK_NEAR(p->altitude_m, 15, 0);
			CHECK(p->altitude_given == 1);
			CHECK(p->line == 2);
		}
		/* last line (84): 10009487,...,undefined,LY9N,2 */
		p = rf_sites_find(&s, "10009487");
		CHECK(p && p->altitude_given == 0 && p->altitude_m == 0 && p->line == 84);
		p = rf_sites_find(&s, "9011394");
		CHECK(p && strcmp(p->name, "Transend data centre adj to Trevallyn power "
				  "station, Elouera Street TREVALLYN") == 0);
		rf_sites_free(&s);
		rf_sites_report_free(&rep);
	}
	TEST_END();
}

static void test_acma_melb(void)
{
	char path[512];
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites ACMA Melbourne CBD: 125 sites, 111 empty altitudes");
	if (test_data_path(path, sizeof(path), "sites/acma_melb_cbd_sites.csv")) {
		CHECK_MSG(read_acma(path, &s, &rep, &err) == 0, "%s", err.msg);
		/* tail -n +2 acma_melb_cbd_sites.csv | grep -c .  -> 125
		 * (no quotes in the file: grep -c '"' -> 0, so awk -F, is exact)
		 * awk -F, 'NR>1 && $9==""' acma_melb_cbd_sites.csv | wc -l -> 111 */
		CHECK(s.count == 125);
		CHECK(rep.altitude_empty == 111);
		CHECK(rep.altitude_undefined == 0);
		size_t given = 0;
		for (size_t i = 0; i < s.count; i++)
			given += (size_t)s.items[i].altitude_given;
		CHECK(given == 125 - 111);
		/* grep -n '28.0' -> a row with ELEVATION 28.0 */
		int found28 = 0;
		for (size_t i = 0; i < s.count; i++)
			found28 += s.items[i].altitude_given && s.items[i].altitude_m == 28.0;
		CHECK(found28 == 2); /* awk -F, '$9=="28.0"' ... | wc -l -> 2 */
		rf_sites_free(&s);
		rf_sites_report_free(&rep);
	}
	TEST_END();
}

/* Every site of `sub` is in `ref` with the same lat, lon and altitude. */
static size_t same_sites(const struct rf_sites *ref, const struct rf_sites *sub)
{
	size_t same = 0;
	for (size_t i = 0; i < sub->count; i++) {
		const struct rf_site *a = &sub->items[i];
		const struct rf_site *b = rf_sites_find(ref, a->id);
		if (b && a->lat_deg == b->lat_deg && a->lon_deg == b->lon_deg &&
		    a->altitude_m == b->altitude_m && a->altitude_given == b->altitude_given)
			same++;
		else
			fprintf(stderr, "  site %s differs or is missing\n", a->id);
	}
	return same;
}

static void test_acma_variants(void)
{
	char p0[512], p1[512], p2[512];
	struct rf_sites s0, s1, s2;
	struct rf_sites_report r1, r2;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites ACMA variants give the same sites as the original");
	if (test_data_path(p0, sizeof(p0), "sites/acma_tas_sites.csv") &&
	    test_data_path(p1, sizeof(p1), "sites/acma_tas_transmitters_variant.csv") &&
	    test_data_path(p2, sizeof(p2), "sites/acma_tas_800mhz_reordered.csv")) {
		CHECK_MSG(read_acma(p0, &s0, NULL, &err) == 0, "%s", err.msg);
		/* The variant (SITE_NO, spaces after commas) has the same 83 rows:
		 *   tail -n +2 acma_tas_transmitters_variant.csv | grep -c . -> 83
		 *   comm -3 of the sorted first columns of both files -> empty. */
		CHECK_MSG(read_acma(p1, &s1, &r1, &err) == 0, "%s", err.msg);
		CHECK(s1.count == 83);
		CHECK(r1.altitude_undefined == 18);
		CHECK(same_sites(&s0, &s1) == 83);
		/* The 800 MHz file is a subset with columns reordered:
		 *   tail -n +2 acma_tas_800mhz_reordered.csv | grep -c . -> 73
		 *   comm -13 (ids only in it) -> empty; 10 original sites are
		 *   not in it (not 800 MHz sites);
		 *   grep -c undefined acma_tas_800mhz_reordered.csv -> 14 */
		CHECK_MSG(read_acma(p2, &s2, &r2, &err) == 0, "%s", err.msg);
		CHECK(s2.count == 73);
		CHECK(r2.altitude_undefined == 14);
		CHECK(same_sites(&s0, &s2) == 73);
		rf_sites_free(&s0);
		rf_sites_free(&s1);
		rf_sites_free(&s2);
		/* the reports own the GDA94 -> WGS84 operation's name */
		rf_sites_report_free(&r1);
		rf_sites_report_free(&r2);
	}
	TEST_END();
}

static void test_small_files(void)
{
	char path[512];
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites quoted names, CRLF, BOM, null altitude");
	write_tmp(path, sizeof(path), "ok.csv",
		  "\xEF\xBB\xBFSITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\r\n"
		  "1,-42.5,147.25,\"Hill, North \"\"A\"\"\",100.5\r\n"
		  "2, -41.0 , 146.0 , plain ,null\r\n"
		  "3,-41,146,x,\r\n");
	CHECK_MSG(read_acma(path, &s, &rep, &err) == 0, "%s", err.msg);
	CHECK(s.count == 3);
	if (s.count == 3) {
		CHECK(strcmp(s.items[0].name, "Hill, North \"A\"") == 0);
		CHECK_NEAR(s.items[0].altitude_m, 100.5, 0);
		CHECK(strcmp(s.items[1].name, "plain") == 0);
		CHECK_NEAR(s.items[1].lat_deg, -41.0, 0);
		CHECK(s.items[1].altitude_given == 0);
		CHECK(s.items[2].line == 4);
	}
	CHECK(rep.altitude_undefined == 1);
	CHECK(rep.altitude_empty == 1);
	rf_sites_free(&s);
	rf_sites_report_free(&rep);
	TEST_END();
}

/* Reads text as an ACMA file and checks the error contains want. */
static void expect_fail(const char *text, const char *want)
{
	char path[512];
	struct rf_sites s;
	struct rf_error err = {{0}};
	write_tmp(path, sizeof(path), "bad.csv", text);
	CHECK_MSG(read_acma(path, &s, NULL, &err) == -1, "no error for: %s", want);
	CHECK_MSG(strstr(err.msg, want) != NULL, "got '%s', want '%s'", err.msg, want);
	CHECK(s.count == 0 && s.items == NULL);
}

static void test_errors(void)
{
	char want[600];
	TEST_BEGIN("sites bad rows fail with file:line:column");
	const char *h = "SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\n";
	char text[512];
	snprintf(text, sizeof(text), "%s1,-42,147,a,1\n2,95,147,b,1\n", h);
	snprintf(want, sizeof(want), "%s/bad.csv:3: column LATITUDE: '95'", tmpdir);
	expect_fail(text, want);
	snprintf(text, sizeof(text), "%s1,-42.8x,147,a,1\n", h);
	snprintf(want, sizeof(want), "%s/bad.csv:2: column LATITUDE: '-42.8x' is not a number", tmpdir);
	expect_fail(text, want);
	snprintf(text, sizeof(text), "%s1,-42,181,a,1\n", h);
	expect_fail(text, "bad.csv:2: column LONGITUDE: '181'");
	snprintf(text, sizeof(text), "%s1,-42,147,a,high\n", h);
	expect_fail(text, "bad.csv:2: column ELEVATION: 'high' is not a number");
	snprintf(text, sizeof(text), "%s,-42,147,a,1\n", h);
	expect_fail(text, "bad.csv:2: column SITE_ID: empty site id");
	snprintf(text, sizeof(text), "%s7,-42,147,a,1\n8,-42,147,b,1\n7,-43,147,c,1\n", h);
	expect_fail(text, "bad.csv:4: site id '7' already used at line 2");
	expect_fail("SITE_ID,LAT,LONGITUDE\n1,2,3\n",
		    "bad.csv: no latitude column (looked for: LATITUDE)");
	expect_fail("SITE_ID,LATITUDE\n1,2\n",
		    "bad.csv: no longitude column (looked for: LONGITUDE)");
	expect_fail("ID,LATITUDE,LONGITUDE\n1,2,3\n",
		    "bad.csv: no site id column (looked for: SITE_ID, SITE_NO)");
	expect_fail("", "bad.csv: empty file");
	expect_fail(h, "bad.csv: no sites (only a header row)");
	snprintf(text, sizeof(text), "%s1,-42,147,Corner of X, Y,1\n", h);
	expect_fail(text, "bad.csv:2: 6 fields but the header has 5 columns");
	TEST_END();
}

static void test_generic_projected(void)
{
	char path[512];
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_sites_options o;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites generic easting/northing EPSG:28348 vs cs2cs");
	/* Expected values (Christmas Island, MGA zone 48):
	 * $ printf "576000 8845000\n580123.45 8838000.5\n560000 8850000\n" |
	 *       cs2cs -f %.10f EPSG:28348 EPSG:4326
	 * -10.4477364215	105.6944147999 0.0000000000
	 * -10.5109526728	105.7322374957 0.0000000000
	 * -10.4028013717	105.5481483741 0.0000000000 */
	write_tmp(path, sizeof(path), "mga.csv",
		  "code,label,E,N,ground\n"
		  "A,\"Site A, hill\",576000,8845000,120\n"
		  "B,Site B,580123.45,8838000.5,\n"
		  "C,Site C,560000,8850000,33.5\n");
	rf_sites_options_default(&o);
	o.format = RF_SITES_GENERIC;
	o.col_id = "code";
	o.col_name = "label";
	o.col_x = "E";
	o.col_y = "N";
	o.col_alt = "ground";
	o.srs = "EPSG:28348";
	CHECK_MSG(rf_sites_read(path, &o, &s, &rep, &err) == 0, "%s", err.msg);
	CHECK(s.count == 3);
	if (s.count == 3) {
		CHECK_NEAR(s.items[0].lat_deg, -10.4477364215, 1e-8);
		CHECK_NEAR(s.items[0].lon_deg, 105.6944147999, 1e-8);
		CHECK_NEAR(s.items[1].lat_deg, -10.5109526728, 1e-8);
		CHECK_NEAR(s.items[1].lon_deg, 105.7322374957, 1e-8);
		CHECK_NEAR(s.items[2].lat_deg, -10.4028013717, 1e-8);
		CHECK_NEAR(s.items[2].lon_deg, 105.5481483741, 1e-8);
		CHECK(strcmp(s.items[0].name, "Site A, hill") == 0);
		CHECK(s.items[1].altitude_given == 0);
		CHECK_NEAR(s.items[2].altitude_m, 33.5, 0);
	}
	CHECK(rep.altitude_empty == 1);
	/* `projinfo -s EPSG:28348 -t EPSG:4326`: both candidates are "Inverse of
	 * Map Grid of Australia zone 48 + GDA94 to WGS 84 (1|2), 3 m" */
	CHECK(rep.transform_desc && strstr(rep.transform_desc, "GDA94 to WGS 84"));
	CHECK_NEAR(rep.transform_accuracy_m, 3, 0);
	rf_sites_report_free(&rep);

	/* A normalised round trip of converted coordinates: %.9f keeps them
	 * to 5e-10 degree. */
	char norm[512];
	struct rf_sites back;
	snprintf(norm, sizeof(norm), "%s/sites_mga.csv", tmpdir);
	CHECK_MSG(rf_sites_write_normalised(norm, &s, &err) == 0, "%s", err.msg);
	CHECK_MSG(rf_sites_read_normalised(norm, &back, &err) == 0, "%s", err.msg);
	CHECK(back.count == s.count);
	for (size_t i = 0; i < back.count && i < s.count; i++) {
		CHECK_NEAR(back.items[i].lat_deg, s.items[i].lat_deg, 5e-10);
		CHECK_NEAR(back.items[i].lon_deg, s.items[i].lon_deg, 5e-10);
		CHECK(strcmp(back.items[i].name, s.items[i].name) == 0);
	}
	rf_sites_free(&back);
	rf_sites_free(&s);

	/* Projected srs but no easting/northing columns. */
	write_tmp(path, sizeof(path), "mga2.csv", "id,lat,lon\n1,2,3\n");
	o.col_x = o.col_y = NULL;
	o.col_id = o.col_name = o.col_alt = NULL;
	CHECK(rf_sites_read(path, &o, &s, NULL, &err) == -1);
	CHECK_MSG(strstr(err.msg, "no easting (x) column (looked for: x, easting, east)"),
		  "%s", err.msg);
	o.srs = "EPSG:999999";
	CHECK(rf_sites_read(path, &o, &s, NULL, &err) == -1);
	CHECK_MSG(strstr(err.msg, "srs 'EPSG:999999'"), "%s", err.msg);
	TEST_END();
}

static void test_generic_geographic(void)
{
	char path[512];
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_sites_options o;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites generic lat/lon in GDA94 (EPSG:4283) vs cs2cs");
	/* $ printf -- "-42.879222 147.328147\n" | cs2cs -f %.10f EPSG:4283 EPSG:4326
	 * -42.8792220000	147.3281470000 0.0000000000
	 * (PROJ picks EPSG:1150, a null transformation with 3 m accuracy) */
	write_tmp(path, sizeof(path), "gda94.csv", "Site,Latitude,Longitude\nH,-42.879222,147.328147\n");
	rf_sites_options_default(&o);
	o.format = RF_SITES_GENERIC;
	o.srs = "EPSG:4283";
	CHECK_MSG(rf_sites_read(path, &o, &s, &rep, &err) == 0, "%s", err.msg);
	CHECK(s.count == 1);
	if (s.count == 1) {
		CHECK(strcmp(s.items[0].id, "H") == 0);
		CHECK_NEAR(s.items[0].lat_deg, -42.879222, 1e-8);
		CHECK_NEAR(s.items[0].lon_deg, 147.328147, 1e-8);
	}
	/* `projinfo -s EPSG:4283 -t EPSG:4326`: EPSG:1150 "GDA94 to WGS 84 (1)", 3.0 m */
	CHECK(rep.transform_desc && strstr(rep.transform_desc, "GDA94 to WGS 84 (1)"));
	CHECK_NEAR(rep.transform_accuracy_m, 3, 0);
	rf_sites_report_free(&rep);
	rf_sites_free(&s);
	TEST_END();
}

static void test_opencellid(void)
{
	char path[512];
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_sites_options o;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites generic OpenCelliD with id = cell");
	if (test_data_path(path, sizeof(path), "sites/opencellid_au_lte.csv")) {
		rf_sites_options_default(&o);
		o.format = RF_SITES_GENERIC;
		o.col_id = "cell";
		CHECK_MSG(rf_sites_read(path, &o, &s, &rep, &err) == 0, "%s", err.msg);
		/* tail -n +2 opencellid_au_lte.csv | grep -c . -> 477;
		 * awk -F, 'NR>1{print $5}' | sort | uniq -d | wc -l -> 0 (unique)
		 * line 2: LTE,505,1,12403,135919105,0,146.449074,-37.148576,... */
		CHECK(s.count == 477);
		CHECK(rep.altitude_empty == 477); /* no altitude column */
		const struct rf_site *p = rf_sites_find(&s, "135919105");
		CHECK(p && p->lat_deg == -37.148576 && p->lon_deg == 146.449074 && p->line == 2);
		rf_sites_free(&s);
		rf_sites_report_free(&rep);
		/* Without col_id there is no id column: a clear error. */
		o.col_id = NULL;
		CHECK(rf_sites_read(path, &o, &s, NULL, &err) == -1);
		CHECK_MSG(strstr(err.msg, "no site id column (looked for: id, site_id"),
			  "%s", err.msg);
	}
	TEST_END();
}

static void test_roundtrip(void)
{
	char path[512], norm[512];
	struct rf_sites s, back;
	struct rf_error err = {{0}};
	TEST_BEGIN("sites normalised round trip of the ACMA Tasmania file");
	if (test_data_path(path, sizeof(path), "sites/acma_tas_sites.csv")) {
		CHECK_MSG(read_acma(path, &s, NULL, &err) == 0, "%s", err.msg);
		snprintf(norm, sizeof(norm), "%s/sites.csv", tmpdir);
		CHECK_MSG(rf_sites_write_normalised(norm, &s, &err) == 0, "%s", err.msg);
		CHECK_MSG(rf_sites_read_normalised(norm, &back, &err) == 0, "%s", err.msg);
		CHECK(back.count == s.count);
		size_t same = 0;
		for (size_t i = 0; i < back.count && i < s.count; i++) {
			const struct rf_site *a = &s.items[i], *b = &back.items[i];
			/* the source has at most 6 decimals, so %.9f is exact */
			same += strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0 &&
				a->lat_deg == b->lat_deg && a->lon_deg == b->lon_deg &&
				a->altitude_m == b->altitude_m &&
				a->altitude_given == b->altitude_given && a->line == b->line;
		}
		CHECK(same == 83);
		rf_sites_free(&back);
		rf_sites_free(&s);
		CHECK(rf_sites_read_normalised(path, &back, &err) == -1);
		CHECK_MSG(strstr(err.msg, "no column lat_deg"), "%s", err.msg);
	}
	TEST_END();
}

int main(void)
{
	TEST_PLAN(9);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rfplan_test_sites.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		test_fail_rest("test_sites", "mkdtemp /tmp/rfplan_test_sites.XXXXXX failed");
		return test_exit_status();
	}
	test_acma_tas();
	test_acma_melb();
	test_acma_variants();
	test_small_files();
	test_errors();
	test_generic_projected();
	test_generic_geographic();
	test_opencellid();
	test_roundtrip();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return test_exit_status();
}
