/* Unit tests of the shared helpers (src/util.h): path join, whole-file read,
 * flat-directory removal and swap, UTC stamp.  Expected values are written
 * out by hand (the bytes written, the directory contents made here) or come
 * from the C library (time(3), gmtime_r(3)). */
#include "check.h"
#include "../../src/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void put(const char *dir, const char *name, const char *text)
{
	char p[1024];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Entries of dir other than . and .. (-1 when it cannot be read). */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_join(void)
{
	char *p;
	TEST_BEGIN("rf_path_join: DIR/NAME");
	p = rf_path_join("out/run", "rsrp.tif");
	CHECK(strcmp(p, "out/run/rsrp.tif") == 0);
	free(p);
	p = rf_path_join("/", "x");
	CHECK(strcmp(p, "//x") == 0);   /* no normalisation: exactly "%s/%s" */
	free(p);
	TEST_END();
}

static void test_read(const char *tmp)
{
	struct rf_error err = { 0 };
	char path[1024], *buf, *big;
	size_t len = 0, n = 200000;   /* more than one 64 KiB read */
	FILE *f;

	TEST_BEGIN("rf_file_read: bytes, length, NUL terminator, errors");
	put(tmp, "small.txt", "a,b\n1,2\n");
	snprintf(path, sizeof(path), "%s/small.txt", tmp);
	buf = rf_file_read(path, &len, &err);
	CHECK(buf && len == 8 && memcmp(buf, "a,b\n1,2\n", 8) == 0 && buf[8] == '\0');
	free(buf);

	big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	snprintf(path, sizeof(path), "%s/big.txt", tmp);
	f = fopen(path, "wb");
	if (f) {
		fwrite(big, 1, n, f);
		fclose(f);
	}
	buf = rf_file_read(path, NULL, &err);
	CHECK(buf && memcmp(buf, big, n) == 0 && buf[n] == '\0');
	free(buf);
	free(big);

	snprintf(path, sizeof(path), "%s/empty.txt", tmp);
	put(tmp, "empty.txt", "");
	buf = rf_file_read(path, &len, &err);
	CHECK(buf && len == 0 && buf[0] == '\0');
	free(buf);

	snprintf(path, sizeof(path), "%s/missing.txt", tmp);
	buf = rf_file_read(path, &len, &err);
	CHECK(buf == NULL);
	CHECK_MSG(strstr(err.msg, "missing.txt: cannot open: No such file") != NULL, "%s",
		  err.msg);
	TEST_END();
}

static void test_dirs(const char *tmp)
{
	struct rf_error err = { 0 };
	char final_dir[1024], new_dir[1024], old_tmpl[1100], p[1100], *buf;

	TEST_BEGIN("rf_dir_swap: the new directory in place, the old one removed");
	snprintf(final_dir, sizeof(final_dir), "%s/out", tmp);
	snprintf(new_dir, sizeof(new_dir), "%s/out.new", tmp);
	mkdir(final_dir, 0777);
	put(final_dir, "old.txt", "old");
	put(final_dir, "both.txt", "old");
	mkdir(new_dir, 0777);
	put(new_dir, "both.txt", "new");
	snprintf(old_tmpl, sizeof(old_tmpl), "%s/.out.old-XXXXXX", tmp);
	CHECK(rf_dir_swap(new_dir, final_dir, strdup(old_tmpl), "previous output", &err) == 0);
	CHECK(!is_dir(new_dir));
	CHECK(count_entries(final_dir) == 1);
	snprintf(p, sizeof(p), "%s/both.txt", final_dir);
	buf = rf_file_read(p, NULL, &err);
	CHECK(buf && strcmp(buf, "new") == 0);
	free(buf);
	/* tmp now holds only out/ and the files of test_read */
	CHECK(count_entries(tmp) == 4);
	TEST_END();

	TEST_BEGIN("rf_dir_swap: no previous directory; a failed swap names the output");
	snprintf(new_dir, sizeof(new_dir), "%s/fresh.new", tmp);
	snprintf(p, sizeof(p), "%s/fresh", tmp);
	mkdir(new_dir, 0777);
	CHECK(rf_dir_swap(new_dir, p, NULL, "old workspace", &err) == 0);
	CHECK(is_dir(p) && !is_dir(new_dir));
	CHECK(rf_dir_swap(new_dir, p, NULL, "old workspace", &err) == -1);
	CHECK_MSG(strstr(err.msg, "fresh: cannot rename ") != NULL, "%s", err.msg);
	CHECK(is_dir(p));
	TEST_END();

	TEST_BEGIN("rf_dir_remove_flat: files, then the directory");
	put(p, "a", "1");
	put(p, "b", "2");
	rf_dir_remove_flat(p);
	CHECK(!is_dir(p));
	rf_dir_remove_flat(final_dir);
	CHECK(!is_dir(final_dir));
	TEST_END();
}

static void test_stamp(void)
{
	char buf[32];
	time_t before = time(NULL), after;
	struct tm tm;
	int y, mo, d, h, mi, s;
	char z = 0;

	TEST_BEGIN("rf_utc_stamp: YYYY-MM-DDTHH:MM:SSZ of now (gmtime)");
	rf_utc_stamp(buf, sizeof(buf));
	after = time(NULL);
	CHECK(strlen(buf) == 20);
	CHECK(sscanf(buf, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) == 7 &&
	      z == 'Z');
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	/* timegm: the stamp read back as UTC lies between the two clock reads */
	CHECK(timegm(&tm) >= before && timegm(&tm) <= after);
	TEST_END();
}

int main(void)
{
	char tmp[] = "/tmp/rfplan-test-util-XXXXXX";
	TEST_PLAN(6);
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_join();
	test_read(tmp);
	test_dirs(tmp);
	test_stamp();
	rf_dir_remove_flat(tmp);
	return test_exit_status();
}
