/* Unit tests of the data file lookup (src/core/datadir.c, doc/install.md).  The
 * expected paths are the ones each case sets up; the compiled-in directory
 * is compared with the Makefile's own record of it (BUILD/datadir, beside
 * this program's directory BUILD/tests). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rfplan/datadir.h"

static char tmpdir[64];

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_env_first(void)
{
	char dir[128], file[160];
	struct rf_error err = {{0}};
	char *p;
	TEST_BEGIN("datadir: $RFPLAN_DATA_DIR is searched first");
	snprintf(dir, sizeof(dir), "%s/clutter", tmpdir);
	snprintf(file, sizeof(file), "%s/clutter/generic.csv", tmpdir);
	CHECK(mkdir(dir, 0755) == 0 && write_file(file, "code,name,loss_db,height_m\n") == 0);
	setenv(RF_DATA_DIR_ENV, tmpdir, 1);
	p = rf_data_find("clutter/generic.csv", &err);
	CHECK_MSG(p && !strcmp(p, file), "got %s, want %s (%s)", p ? p : "NULL", file, err.msg);
	free(p);
	/* An empty variable is no override: the source tree is not beside this
	 * program (BUILD/tests), so BUILD/share/rfplan and the compiled-in
	 * directory are next, and neither has this file. */
	setenv(RF_DATA_DIR_ENV, "", 1);
	p = rf_data_find("clutter/rfplan-test-none.csv", &err);
	CHECK(p == NULL);
	CHECK_MSG(!strstr(err.msg, "looked for /clutter"), "%s", err.msg);
	free(p);
	TEST_END();
}

static void test_not_found(void)
{
	char want_first[160], want_last[PATH_MAX + 64], stamp[PATH_MAX], builtin[PATH_MAX] = "";
	struct rf_error err = {{0}};
	char *p, *last;
	ssize_t n;
	FILE *f;
	TEST_BEGIN("datadir: a missing file names every place tried, the compiled-in directory last");
	n = readlink("/proc/self/exe", stamp, sizeof(stamp) - 32);
	CHECK(n > 0);
	if (n > 0) {
		stamp[n] = '\0';
		*strrchr(stamp, '/') = '\0';  /* BUILD/tests */
		*strrchr(stamp, '/') = '\0';  /* BUILD */
		strcat(stamp, "/datadir");
	}
	f = n > 0 ? fopen(stamp, "r") : NULL;
	CHECK_MSG(f != NULL, "no %s (made by the Makefile)", stamp);
	if (f) {
		if (fgets(builtin, sizeof(builtin), f))
			builtin[strcspn(builtin, "\n")] = '\0';
		fclose(f);
	}
	CHECK_MSG(!strcmp(rf_data_dir_builtin(), builtin), "compiled-in %s, Makefile's %s",
		  rf_data_dir_builtin(), builtin);
	setenv(RF_DATA_DIR_ENV, tmpdir, 1);
	p = rf_data_find("models/none.json", &err);
	CHECK(p == NULL);
	snprintf(want_first, sizeof(want_first), "looked for %s/models/none.json, ", tmpdir);
	snprintf(want_last, sizeof(want_last), ", %s/models/none.json; set RFPLAN_DATA_DIR",
		 builtin);
	CHECK_MSG(strstr(err.msg, want_first) != NULL, "%s", err.msg);
	last = strstr(err.msg, want_last);
	CHECK_MSG(last != NULL, "%s lacks %s", err.msg, want_last);
	TEST_END();
}

static void test_classes_value(void)
{
	struct rf_error err = {{0}};
	char cwd[PATH_MAX], *p;
	TEST_BEGIN("datadir: --clutter-classes: a path stays a path, a bare name is a shipped table");
	setenv(RF_DATA_DIR_ENV, "data", 1);   /* the source tree's data/ (tests run at the root) */
	p = rf_clutter_classes_path("generic", &err);
	CHECK_MSG(p && !strcmp(p, "data/clutter/generic.csv"), "%s", p ? p : err.msg);
	free(p);
	p = rf_clutter_classes_path("esa_worldcover", &err);
	CHECK_MSG(p && !strcmp(p, "data/clutter/esa_worldcover.csv"), "%s", p ? p : err.msg);
	free(p);
	/* Not names: returned as given (the import then reads or reports them). */
	p = rf_clutter_classes_path("some/dir/generic", &err);
	CHECK(p && !strcmp(p, "some/dir/generic"));
	free(p);
	p = rf_clutter_classes_path("classes.csv", &err);
	CHECK(p && !strcmp(p, "classes.csv"));
	free(p);
	/* A file of that name in the working directory wins over the table. */
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL && chdir(tmpdir) == 0);
	setenv(RF_DATA_DIR_ENV, cwd, 1);
	CHECK(write_file("generic", "code,name,loss_db,height_m\n") == 0);
	p = rf_clutter_classes_path("generic", &err);
	CHECK_MSG(p && !strcmp(p, "generic"), "%s", p ? p : err.msg);
	free(p);
	CHECK(chdir(cwd) == 0);
	setenv(RF_DATA_DIR_ENV, "data", 1);
	p = rf_clutter_classes_path("nosuch", &err);
	CHECK(p == NULL);
	CHECK_MSG(strstr(err.msg, "option --clutter-classes: 'nosuch' is neither a file nor a "
			     "shipped table: clutter/nosuch.csv: not found (looked for "
			     "data/clutter/nosuch.csv, ") == err.msg, "%s", err.msg);
	free(p);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(3);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rfplan-datadir.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_env_first();
	test_not_found();
	test_classes_value();
	{
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return test_exit_status();
}
