/* Unit tests of the clutter class tables (src/network/classes.c).  Expected values
 * are read off the literal inputs, the shipped tables (data/clutter, whose
 * codes are the ESA WorldCover 2021 legend: Product User Manual v2.0,
 * Table 1) or the GA table, counted with the command in the comment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rfplan/classes.h"

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

static void test_worldcover(void)
{
	struct rf_class_table t;
	struct rf_error err = {{0}};
	static const int codes[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100};
	TEST_BEGIN("classes shipped ESA WorldCover table: the 11 legend classes");
	CHECK_MSG(rf_class_table_read("data/clutter/esa_worldcover.csv", &t, &err) == 0,
		  "%s", err.msg);
	CHECK(t.count == 11);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		CHECK_MSG(rf_class_table_find(&t, codes[i]) != NULL, "code %d missing", codes[i]);
	const struct rf_clutter_class *c = rf_class_table_find(&t, 80);
	CHECK(c && strcmp(c->name, "Permanent water bodies") == 0 && c->height_m == 0);
	c = rf_class_table_find(&t, 60);
	CHECK(c && strcmp(c->name, "Bare / sparse vegetation") == 0);
	CHECK(rf_class_table_find(&t, 0) == NULL);
	rf_class_table_free(&t);
	TEST_END();
}

static void test_generic(void)
{
	struct rf_class_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("classes shipped generic table: codes 1..9");
	CHECK_MSG(rf_class_table_read("data/clutter/generic.csv", &t, &err) == 0, "%s", err.msg);
	CHECK(t.count == 9);
	for (int code = 1; code <= 9; code++)
		CHECK_MSG(rf_class_table_find(&t, code) != NULL, "code %d missing", code);
	const struct rf_clutter_class *c = rf_class_table_find(&t, 7);
	/* ITU-R P.452-16 Table 4: dense urban nominal height 25 m */
	CHECK(c && strcmp(c->name, "Dense urban") == 0);
	if (c)
		CHECK_NEAR(c->height_m, 25, 0);
	rf_class_table_free(&t);
	TEST_END();
}

static void test_read_write(void)
{
	char path[512], out[512];
	struct rf_class_table t, back;
	struct rf_error err = {{0}};
	TEST_BEGIN("classes read the note column, any order, write, read back");
	write_tmp(path, sizeof(path), "t.csv",
		  "height_m,note,Code,name,LOSS_DB\r\n"
		  "0.5,x,65534,\"Fields, crops\",2.25\r\n"
		  "25,y,0,\"Dense \"\"core\"\"\",23\r\n");
	CHECK_MSG(rf_class_table_read(path, &t, &err) == 0, "%s", err.msg);
	CHECK(t.count == 2);
	if (t.count == 2) {
		CHECK(t.items[0].code == 65534);
		CHECK(strcmp(t.items[0].name, "Fields, crops") == 0);
		CHECK_NEAR(t.items[0].loss_db, 2.25, 0);
		CHECK_NEAR(t.items[0].height_m, 0.5, 0);
		CHECK(strcmp(t.items[1].name, "Dense \"core\"") == 0);
	}
	snprintf(out, sizeof(out), "%s/out.csv", tmpdir);
	CHECK_MSG(rf_class_table_write(out, &t, &err) == 0, "%s", err.msg);
	CHECK_MSG(rf_class_table_read(out, &back, &err) == 0, "%s", err.msg);
	CHECK(back.count == t.count);
	for (size_t i = 0; i < back.count && i < t.count; i++) {
		CHECK(back.items[i].code == t.items[i].code);
		CHECK(strcmp(back.items[i].name, t.items[i].name) == 0);
		CHECK(back.items[i].loss_db == t.items[i].loss_db);
		CHECK(back.items[i].height_m == t.items[i].height_m);
	}
	rf_class_table_free(&back);
	rf_class_table_free(&t);
	TEST_END();
}

static void expect_fail(const char *text, const char *want)
{
	char path[512];
	struct rf_class_table t;
	struct rf_error err = {{0}};
	write_tmp(path, sizeof(path), "bad.csv", text);
	CHECK_MSG(rf_class_table_read(path, &t, &err) == -1, "no error for: %s", want);
	CHECK_MSG(strstr(err.msg, want) != NULL, "got '%s', want '%s'", err.msg, want);
	CHECK(t.count == 0 && t.items == NULL);
}

static void test_errors(void)
{
	TEST_BEGIN("classes errors name file, line and column");
	expect_fail("code,name,loss_db\n1,a,2\n", "bad.csv: missing column(s) height_m");
	expect_fail("code,name,loss_db,height_m\n1,a,2,3\n1,b,2,3\n",
		    "bad.csv:3: class code 1 already defined at line 2");
	expect_fail("code,name,loss_db,height_m\n65535,a,2,3\n",
		    "bad.csv:2: column code: '65535' is outside the class codes 0..65534");
	expect_fail("code,name,loss_db,height_m\n-1,a,2,3\n", "column code: '-1' is outside");
	expect_fail("code,name,loss_db,height_m\n1.5,a,2,3\n",
		    "bad.csv:2: column code: '1.5' is not an integer class code");
	expect_fail("code,name,loss_db,height_m\n1,a,2x,3\n",
		    "bad.csv:2: column loss_db: '2x' is not a number");
	expect_fail("code,name,loss_db,height_m\n1,a,2,-3\n",
		    "bad.csv:2: column height_m: '-3' is a negative height");
	expect_fail("code,name,loss_db,height_m\n1,,2,3\n", "bad.csv:2: column name: empty class name");
	expect_fail("code,name,loss_db,height_m\n", "bad.csv: no classes");
	expect_fail("", "bad.csv: empty file");
	/* a misspelt column is refused, not read as absent: "heigth_m" is one
	 * transposition (2 edits) from height_m, 7 or more from the others */
	expect_fail("code,name,loss_db,heigth_m\n1,a,2,3\n",
		    "bad.csv:1: column 4 'heigth_m' is not a known column (did you mean "
		    "'height_m'?)");
	expect_fail("code,name,loss_db,height_m,remark\n1,a,2,3,x\n",
		    "bad.csv:1: column 5 'remark' is not a known column");
	TEST_END();
}

static void test_ga_table(void)
{
	char path[512];
	struct rf_class_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("classes GA terrain classification: clear error, or a mapping");
	if (test_data_path(path, sizeof(path), "clutter/qld_terrain_classification.csv")) {
		/* header: CATEGORY,DESCRIPTION,ROUGHNESS_LENGTH_m,SHIELDING */
		CHECK(rf_class_table_read(path, &t, &err) == -1);
		CHECK_MSG(strstr(err.msg, ":1: column 1 'CATEGORY' is not a known column"),
			  "%s", err.msg);
		const struct rf_class_columns map = {"CATEGORY", "DESCRIPTION", NULL, NULL, 0, 0};
		CHECK_MSG(rf_class_table_read_mapped(path, &map, &t, &err) == 0, "%s", err.msg);
		/* tail -n +2 qld_terrain_classification.csv | grep -c . -> 13
		 * (codes 1..13; line 7 is 6,"Orchard, open forest",0.08,100) */
		CHECK(t.count == 13);
		const struct rf_clutter_class *c = rf_class_table_find(&t, 6);
		CHECK(c && strcmp(c->name, "Orchard, open forest") == 0 && c->loss_db == 0);
		CHECK(rf_class_table_find(&t, 15) == NULL);
		rf_class_table_free(&t);
	}
	TEST_END();
}

int main(void)
{
	TEST_PLAN(5);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rfplan_test_classes.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		test_fail_rest("test_classes", "mkdtemp /tmp/rfplan_test_classes.XXXXXX failed");
		return test_exit_status();
	}
	test_worldcover();
	test_generic();
	test_read_write();
	test_errors();
	test_ga_table();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return test_exit_status();
}
