/* Unit tests of the shared helpers (src/core/util.h): path join, whole-file read,
 * symlink-safe tree removal, stale-temporary clean-up, temporary
 * directories, UTC stamp.  Expected values are written
 * out by hand (the bytes written, the directory contents made here) or come
 * from the C library (time(3), gmtime_r(3)). */
#include "check.h"
#include "../../src/core/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* A PID that no longer exists: a child that has exited and been reaped. */
static long dead_pid(void)
{
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return (long)p;
}

static void test_dirs(const char *tmp)
{
	char tree[1024], victim[1024], p[1100], q[1100], *made;
	struct rf_error err = { 0 };
	struct stat st;
	long pid = dead_pid();

	snprintf(victim, sizeof(victim), "%s/victim", tmp);
	mkdir(victim, 0777);
	put(victim, "keep.txt", "planner's file");

	TEST_BEGIN("rf_tree_remove: the tree removed, a link inside unlinked, not followed");
	snprintf(tree, sizeof(tree), "%s/tree", tmp);
	mkdir(tree, 0777);
	put(tree, "a", "1");
	snprintf(p, sizeof(p), "%s/sub", tree);
	mkdir(p, 0777);
	put(p, "b", "2");
	snprintf(p, sizeof(p), "%s/link", tree);
	CHECK(symlink(victim, p) == 0);
	rf_tree_remove(tree);
	CHECK(!is_dir(tree));
	CHECK(count_entries(victim) == 1);
	TEST_END();

	TEST_BEGIN("rf_clean_stale_siblings: only a marked leftover removed, links unlinked unfollowed");
	snprintf(tree, sizeof(tree), "%s/out", tmp);
	mkdir(tree, 0777);
	/* a planted link with a leftover's name, to the planner's directory */
	snprintf(p, sizeof(p), "%s/.out.tmp-%ld-aaaaaa", tmp, pid);
	CHECK(symlink(victim, p) == 0);
	/* a real directory without rfplan's marker: not rfplan's, kept */
	snprintf(q, sizeof(q), "%s/.out.old-%ld-bbbbbb", tmp, pid);
	mkdir(q, 0777);
	put(q, "notes.txt", "x");
	/* rfplan's own leftover: marked, removed */
	snprintf(p, sizeof(p), "%s/.out.tmp-%ld-cccccc", tmp, pid);
	mkdir(p, 0777);
	put(p, RF_TMP_MARKER, "");
	put(p, "rsrp.tif", "x");
	rf_clean_stale_siblings(tree, ".", 1);
	CHECK(!is_dir(p) && lstat(p, &st) != 0);
	snprintf(p, sizeof(p), "%s/.out.tmp-%ld-aaaaaa", tmp, pid);
	CHECK(lstat(p, &st) != 0);
	CHECK(count_entries(victim) == 1);
	CHECK(count_entries(q) == 1);
	TEST_END();

	TEST_BEGIN("rf_tree_remove_at, rf_clean_stale_siblings_at: relative to the directory held, "
		   "not its name (renamed, a link to the planner's directory in its place)");
	{
		char held[512], moved[512], other[512], r[900];
		int fd;
		snprintf(held, sizeof(held), "%s/held", tmp);
		snprintf(moved, sizeof(moved), "%s/held.moved", tmp);
		snprintf(other, sizeof(other), "%s/planner", tmp);
		mkdir(held, 0777);
		mkdir(other, 0777);
		/* the same names in both: a tree and a killed run's marked temporary */
		const char *dirs[] = { held, other };
		for (int i = 0; i < 2; i++) {
			snprintf(r, sizeof(r), "%s/t1", dirs[i]);
			mkdir(r, 0777);
			put(r, "keep", "x");
			snprintf(r, sizeof(r), "%s/ext.tmp-%ld-bbbbbb", dirs[i], pid);
			mkdir(r, 0700);
			put(r, RF_TMP_MARKER, "");
		}
		fd = open(held, O_RDONLY | O_DIRECTORY);
		CHECK(fd >= 0);
		/* the name swapped after the open: what is held is the one to clean */
		CHECK(rename(held, moved) == 0 && symlink(other, held) == 0);
		rf_tree_remove_at(fd, "t1");
		rf_clean_stale_siblings_at(fd, "ext", "", 0, 0);
		close(fd);
		snprintf(r, sizeof(r), "%s/t1", moved);
		CHECK(!is_dir(r));
		snprintf(r, sizeof(r), "%s/ext.tmp-%ld-bbbbbb", moved, pid);
		CHECK(!is_dir(r));
		snprintf(r, sizeof(r), "%s/t1", other);
		CHECK(count_entries(r) == 1);
		snprintf(r, sizeof(r), "%s/ext.tmp-%ld-bbbbbb", other, pid);
		CHECK(count_entries(r) == 1);
	}
	TEST_END();

	TEST_BEGIN("rf_dir_make_temp: mode 0777 & ~umask, the marker inside");
	snprintf(p, sizeof(p), "%s/.x.tmp-XXXXXX", tmp);
	mode_t old = umask(022);
	made = rf_dir_make_temp(p, &err);
	umask(old);
	CHECK(made && stat(made, &st) == 0 && (st.st_mode & 0777) == 0755);
	snprintf(q, sizeof(q), "%s/%s", made ? made : "", RF_TMP_MARKER);
	CHECK(stat(q, &st) == 0 && S_ISREG(st.st_mode));
	free(made);
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
	TEST_PLAN(7);
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_join();
	test_read(tmp);
	test_dirs(tmp);
	test_stamp();
	rf_tree_remove(tmp);
	return test_exit_status();
}
