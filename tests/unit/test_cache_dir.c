/* Unit tests of the cache directory listing and pruning (src/core/cache_dir.h):
 * KEY.tif regular files only, in name order, sizes summed; stale files and
 * old temporaries removed; no symbolic link followed, in the directory's
 * place or inside it; a describe failure removes nothing.  Expected values
 * are the files made here (names, sizes written out by hand). */
#include "check.h"
#include "../../src/core/cache_dir.h"
#include "../../src/core/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define KA "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define KB "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define KC "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

struct item {
	char name[80];
	long long bytes;
};

/* rf_cache_describe_fn: the name and size (-1 when path is no regular
 * file); stale when the name begins with ctx's letter; -1 when ctx is "!". */
static int mark(void *ctx, void *item, const char *path, const char *name, long long bytes,
		struct rf_error *err)
{
	struct item *it = item;
	struct stat st;
	if (!strcmp(ctx, "!"))
		return rf_error_set(err, "describe failed");
	snprintf(it->name, sizeof(it->name), "%s", name);
	it->bytes = bytes;
	/* the path given is the file's, readable */
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		it->bytes = -1;
	return name[0] == *(const char *)ctx;
}

/* dir/name holding n bytes, its mtime age_s seconds ago */
static void put(const char *dir, const char *name, int n, long age_s)
{
	char p[1024];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	for (int i = 0; f && i < n; i++)
		fputc('x', f);
	if (f)
		fclose(f);
	if (age_s) {
		struct utimbuf t = { time(NULL) - age_s, time(NULL) - age_s };
		utime(p, &t);
	}
}

static int exists(const char *dir, const char *name)
{
	char p[1024];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return lstat(p, &st) == 0;
}

/* rf_cache_dir_scan of root/name by mark with ctx letter, the items freed */
static int scan(const char *root, const char *name, enum rf_cache_op op, const char *letter,
		struct rf_cache_totals *t, long *n, long long *bytes)
{
	struct rf_error err;
	void *v;
	int rc = rf_cache_dir_scan(root, name, op, sizeof(struct item), mark, (void *)letter, &v,
				   t, n, bytes, &err);
	free(v);
	return rc;
}

/* The attack's target outside the cache: KC.tif and an old temporary. */
static void make_outside(const char *out)
{
	mkdir(out, 0777);
	put(out, KC ".tif", 7, 0);
	put(out, "." KC ".tif.tmp-old123", 3, 7200);
}

int main(void)
{
	char tmp[] = "/tmp/rfplan-cachedir.XXXXXX", dir[256], out[256], p[512], q[512];
	struct rf_cache_totals t;
	struct rf_error err;
	struct item *items = NULL;
	void *v;
	long n;
	long long bytes;
	int rc;

	TEST_PLAN(5);
	if (!mkdtemp(tmp))
		return 1;
	snprintf(dir, sizeof(dir), "%s/cache", tmp);
	snprintf(out, sizeof(out), "%s/outside", tmp);
	make_outside(out);
	mkdir(dir, 0777);
	put(dir, KB ".tif", 20, 0);
	put(dir, KA ".tif", 10, 0);
	put(dir, "notes.txt", 5, 0);                     /* not a key name */
	put(dir, "AAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.tif", 5, 0);
	put(dir, "." KA ".tif.tmp-old111", 4, 7200);     /* a killed writer's */
	put(dir, "." KB ".tif.tmp-new222", 6, 0);        /* a live writer's */
	snprintf(p, sizeof(p), "%s/%s.tif", out, KC);
	snprintf(q, sizeof(q), "%s/%s.tif", dir, KC);
	rc = symlink(p, q);                               /* a link at a key name */
	snprintf(p, sizeof(p), "%s/." KC ".tif.tmp-old123", out);
	snprintf(q, sizeof(q), "%s/." KC ".tif.tmp-old999", dir);
	rc |= symlink(p, q);                              /* a link at a temporary's name */

	TEST_BEGIN("rf_cache_dir_scan: KEY.tif regular files only, in name order, sizes summed");
	CHECK(rc == 0);
	rc = rf_cache_dir_scan(tmp, "cache", RF_CACHE_LIST, sizeof(struct item), mark, "b", &v,
			       &t, NULL, NULL, &err);
	items = v;
	CHECK(rc == 0 && t.count == 2 && !t.not_dir);
	CHECK(t.bytes == 30 && t.n_stale == 1 && t.stale_bytes == 20);
	CHECK(items && !strcmp(items[0].name, KA ".tif") && items[0].bytes == 10);
	CHECK(items && !strcmp(items[1].name, KB ".tif") && items[1].bytes == 20);
	free(items);
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan: a describe failure removes nothing");
	rc = scan(tmp, "cache", RF_CACHE_PRUNE_ALL, "!", &t, &n, &bytes);
	CHECK(rc == -1 && n == 0 && bytes == 0);
	CHECK(exists(dir, KA ".tif") && exists(dir, KB ".tif"));
	CHECK(exists(dir, "." KA ".tif.tmp-old111"));
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan: stale: the stale file and the old temporary, no link");
	rc = scan(tmp, "cache", RF_CACHE_PRUNE_STALE, "b", &t, &n, &bytes);
	CHECK(rc == 0 && n == 1 && bytes == 20 + 4);
	CHECK(exists(dir, KA ".tif") && !exists(dir, KB ".tif"));
	CHECK(!exists(dir, "." KA ".tif.tmp-old111") && exists(dir, "." KB ".tif.tmp-new222"));
	CHECK(exists(dir, KC ".tif") && exists(dir, "." KC ".tif.tmp-old999"));
	CHECK(exists(dir, "notes.txt"));
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan: all: every KEY.tif file and temporary, no link, nothing outside");
	rc = scan(tmp, "cache", RF_CACHE_PRUNE_ALL, "b", &t, &n, &bytes);
	CHECK(rc == 0 && n == 1 && bytes == 10 + 6);
	CHECK(!exists(dir, KA ".tif") && !exists(dir, "." KB ".tif.tmp-new222"));
	CHECK(exists(dir, KC ".tif") && exists(dir, "." KC ".tif.tmp-old999"));
	CHECK(exists(out, KC ".tif") && exists(out, "." KC ".tif.tmp-old123"));
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan, rf_cache_dir_check: the directory a link or a file is not a directory, nothing outside removed");
	snprintf(p, sizeof(p), "%s/linked", tmp);
	CHECK(symlink(out, p) == 0);
	rc = scan(tmp, "linked", RF_CACHE_PRUNE_ALL, "c", &t, &n, &bytes);
	CHECK(rc == 0 && t.not_dir && t.count == 0 && n == 0 && bytes == 0);
	CHECK(exists(out, KC ".tif") && exists(out, "." KC ".tif.tmp-old123"));
	CHECK(rf_cache_dir_check(p, &err) == -1 && strstr(err.msg, "not a directory (a link is not followed)"));
	put(tmp, "afile", 1, 0);
	rc = scan(tmp, "afile", RF_CACHE_LIST, "c", &t, NULL, NULL);
	CHECK(rc == 0 && t.not_dir && t.count == 0);
	rc = scan(tmp, "absent", RF_CACHE_LIST, "c", &t, NULL, NULL);
	CHECK(rc == 0 && !t.not_dir && t.count == 0);
	snprintf(p, sizeof(p), "%s/absent", tmp);
	CHECK(rf_cache_dir_check(p, &err) == 0 && rf_cache_dir_check(dir, &err) == 0);
	TEST_END();

	rf_tree_remove(tmp);
	return test_exit_status();
}
