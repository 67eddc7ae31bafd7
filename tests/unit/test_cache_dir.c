/* Unit tests of the cache directory module (src/core/cache_dir.h): the
 * listing and pruning (KEY.tif entries but directories, in name order,
 * sizes summed; a link, a FIFO at a key's name listed as not read, stale,
 * the entry itself removed, never what a link leads to; stale files and
 * old temporaries removed; no symbolic link followed, in the directory's
 * place or inside it; a describe failure removes nothing) and the reading
 * and writing of entries relative to the directory's descriptor (the file
 * read is the one opened even when its name is swapped; a link, a FIFO
 * refused without blocking; temporaries created O_EXCL | O_NOFOLLOW,
 * renamed over a link without following it; an entry copied from its
 * descriptor, not from its name).  Expected values are the
 * files made here (names, sizes and contents written out by hand). */
#include "check.h"
#include "../../src/core/cache_dir.h"
#include "../../src/core/util.h"

#include <dirent.h>
#include <fcntl.h>
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
#define KD "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

struct item {
	char name[80];
	long long bytes;        /* -1 when not read */
	char not_read[40];
};

/* rf_cache_describe_fn: the name and size (-1 when the entry was not
 * read, or its path is no readable regular file of that size); stale when
 * the name begins with ctx's letter; -1 when ctx is "!". */
static int mark(void *ctx, void *item, const struct rf_cache_file *f, const char *name,
		struct rf_error *err)
{
	struct item *it = item;
	struct stat st;
	if (!strcmp(ctx, "!"))
		return rf_error_set(err, "describe failed");
	snprintf(it->name, sizeof(it->name), "%s", name);
	snprintf(it->not_read, sizeof(it->not_read), "%s", f->not_read ? f->not_read : "");
	it->bytes = f->bytes;
	/* the path given leads to the file opened, readable */
	if (f->not_read || stat(f->path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != f->bytes)
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

/* The text of the file at path (at most 63 bytes), "" when unreadable. */
static const char *text_of(const char *path, char buf[64])
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, 63, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	return buf;
}

/* path (a name of dir when dir is not NULL) holding text */
static void write_text(const char *dir, const char *path, const char *text)
{
	char p[1024];
	FILE *f;
	snprintf(p, sizeof(p), "%s%s%s", dir ? dir : "", dir ? "/" : "", path);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(void)
{
	char tmp[] = "/tmp/rfplan-cachedir.XXXXXX", dir[256], out[256], p[512], q[512];
	char b1[64], b2[64], want[32];
	struct rf_cache_totals t;
	struct rf_cache_file f;
	struct rf_error err;
	struct item *items = NULL;
	struct stat st;
	char *tn;
	void *v;
	long n;
	long long bytes;
	int rc, dfd, absent;

	TEST_PLAN(9);
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
	snprintf(q, sizeof(q), "%s/%s.tif", dir, KD);
	rc |= mkfifo(q, 0666);                            /* a FIFO at a key name */

	TEST_BEGIN("rf_cache_dir_scan: KEY.tif entries in name order, sizes summed, a link and a FIFO not read, stale");
	CHECK(rc == 0);
	rc = rf_cache_dir_scan(tmp, "cache", RF_CACHE_LIST, sizeof(struct item), mark, "b", &v,
			       &t, NULL, NULL, &err);
	items = v;
	/* KA 10 bytes, KB 20 (stale: "b"), KC a link and KD a FIFO (stale: not read) */
	CHECK(rc == 0 && t.count == 4 && !t.not_dir && t.n_not_read == 2);
	CHECK(t.bytes == 30 && t.n_stale == 3 && t.stale_bytes == 20);
	CHECK(items && !strcmp(items[0].name, KA ".tif") && items[0].bytes == 10 && !items[0].not_read[0]);
	CHECK(items && !strcmp(items[1].name, KB ".tif") && items[1].bytes == 20);
	CHECK(items && !strcmp(items[2].name, KC ".tif") && items[2].bytes == -1 &&
	      !strcmp(items[2].not_read, "a symbolic link (not followed)"));
	CHECK(items && !strcmp(items[3].name, KD ".tif") && items[3].bytes == -1 &&
	      !strcmp(items[3].not_read, "a FIFO"));
	free(items);
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan: a describe failure removes nothing");
	rc = scan(tmp, "cache", RF_CACHE_PRUNE_ALL, "!", &t, &n, &bytes);
	CHECK(rc == -1 && n == 0 && bytes == 0);
	CHECK(exists(dir, KA ".tif") && exists(dir, KB ".tif") && exists(dir, KC ".tif"));
	CHECK(exists(dir, "." KA ".tif.tmp-old111"));
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan: stale: the stale file, the link and the FIFO themselves, the old temporary");
	rc = scan(tmp, "cache", RF_CACHE_PRUNE_STALE, "b", &t, &n, &bytes);
	/* KB (20 bytes), the link and the FIFO (0: not read), the old temporary (4) */
	CHECK(rc == 0 && n == 3 && bytes == 20 + 4);
	CHECK(exists(dir, KA ".tif") && !exists(dir, KB ".tif"));
	CHECK(!exists(dir, KC ".tif") && !exists(dir, KD ".tif"));
	CHECK(!exists(dir, "." KA ".tif.tmp-old111") && exists(dir, "." KB ".tif.tmp-new222"));
	CHECK(exists(dir, "." KC ".tif.tmp-old999") && exists(dir, "notes.txt"));
	snprintf(p, sizeof(p), "%s/%s.tif", out, KC);
	CHECK(stat(p, &st) == 0 && st.st_size == 7);   /* the link's target untouched */
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan: all: every KEY.tif file and temporary, no link followed, nothing outside");
	rc = scan(tmp, "cache", RF_CACHE_PRUNE_ALL, "b", &t, &n, &bytes);
	CHECK(rc == 0 && n == 1 && bytes == 10 + 6);
	CHECK(!exists(dir, KA ".tif") && !exists(dir, "." KB ".tif.tmp-new222"));
	CHECK(exists(dir, "." KC ".tif.tmp-old999"));
	CHECK(exists(out, KC ".tif") && exists(out, "." KC ".tif.tmp-old123"));
	TEST_END();

	TEST_BEGIN("rf_cache_dir_scan, rf_cache_dir_check, rf_cache_dir_open: the directory a link or a file is not a directory, nothing outside removed");
	snprintf(p, sizeof(p), "%s/linked", tmp);
	CHECK(symlink(out, p) == 0);
	rc = scan(tmp, "linked", RF_CACHE_PRUNE_ALL, "c", &t, &n, &bytes);
	CHECK(rc == 0 && t.not_dir && t.count == 0 && n == 0 && bytes == 0);
	CHECK(exists(out, KC ".tif") && exists(out, "." KC ".tif.tmp-old123"));
	CHECK(rf_cache_dir_check(p, &err) == -1 && strstr(err.msg, "not a directory (a link is not followed)"));
	CHECK(rf_cache_dir_open(p, &absent, &err) == -1 && !absent &&
	      strstr(err.msg, "linked: not a directory (a link is not followed)"));
	put(tmp, "afile", 1, 0);
	rc = scan(tmp, "afile", RF_CACHE_LIST, "c", &t, NULL, NULL);
	CHECK(rc == 0 && t.not_dir && t.count == 0);
	rc = scan(tmp, "absent", RF_CACHE_LIST, "c", &t, NULL, NULL);
	CHECK(rc == 0 && !t.not_dir && t.count == 0);
	snprintf(p, sizeof(p), "%s/absent", tmp);
	CHECK(rf_cache_dir_check(p, &err) == 0 && rf_cache_dir_check(dir, &err) == 0);
	CHECK(rf_cache_dir_open(p, &absent, &err) == -1 && absent);
	TEST_END();

	TEST_BEGIN("rf_cache_file_open: the file opened is read even when its name is swapped; a link, a FIFO refused without blocking");
	dfd = rf_cache_dir_open(dir, &absent, &err);
	CHECK(dfd >= 0);
	write_text(dir, "f1", "first");
	rc = rf_cache_file_open(dfd, dir, "f1", &f, &err);
	snprintf(want, sizeof(want), "/proc/self/fd/%d", f.fd);
	CHECK(rc == 1 && f.fd >= 0 && f.bytes == 5 && !f.not_read && !strcmp(f.path, want));
	/* the attack: another file renamed over the name after the check */
	write_text(dir, "f2", "second!");
	snprintf(p, sizeof(p), "%s/f2", dir);
	snprintf(q, sizeof(q), "%s/f1", dir);
	CHECK(rename(p, q) == 0);
	CHECK(!strcmp(text_of(f.path, b1), "first") && !strcmp(text_of(q, b2), "second!"));
	rf_cache_file_close(&f);
	CHECK(f.fd == -1);
	snprintf(p, sizeof(p), "%s/%s.tif", out, KC);
	snprintf(q, sizeof(q), "%s/l1", dir);
	CHECK(symlink(p, q) == 0);
	rc = rf_cache_file_open(dfd, dir, "l1", &f, &err);
	CHECK(rc == -1 && f.fd == -1 && f.not_read && strstr(err.msg, "/cache/l1: a symbolic link (not followed), not read"));
	snprintf(q, sizeof(q), "%s/p1", dir);
	CHECK(mkfifo(q, 0666) == 0);
	rc = rf_cache_file_open(dfd, dir, "p1", &f, &err);
	CHECK(rc == -1 && f.fd == -1 && strstr(err.msg, "/cache/p1: a FIFO, not read"));
	rc = rf_cache_file_open(dfd, dir, "nothing", &f, &err);
	CHECK(rc == 0 && f.fd == -1 && !f.not_read);
	TEST_END();

	TEST_BEGIN("rf_cache_tmp_create, rf_cache_tmp_commit: a new 0644 temporary written through its descriptor, renamed over a link, the target untouched");
	write_text(out, "target", "outside");
	snprintf(p, sizeof(p), "%s/target", out);
	snprintf(q, sizeof(q), "%s/%s.tif", dir, KA);
	CHECK(symlink(p, q) == 0);
	rc = rf_cache_tmp_create(dfd, dir, KA ".tif", &tn, &f, &err);
	CHECK(rc == 0 && tn && !strncmp(tn, "." KA ".tif.tmp-", strlen("." KA ".tif.tmp-")) &&
	      strlen(tn) == strlen("." KA ".tif.tmp-") + 6);
	snprintf(q, sizeof(q), "%s/%s", dir, tn ? tn : "");
	CHECK(lstat(q, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644);
	write_text(NULL, f.path, "matrix");
	rf_cache_file_close(&f);
	CHECK(rc == 0 && rf_cache_tmp_commit(dfd, dir, tn, KA ".tif", &err) == 0);
	snprintf(q, sizeof(q), "%s/%s.tif", dir, KA);
	CHECK(lstat(q, &st) == 0 && S_ISREG(st.st_mode) && !strcmp(text_of(q, b1), "matrix"));
	CHECK(!strcmp(text_of(p, b2), "outside"));
	TEST_END();

	TEST_BEGIN("rf_cache_subdir_open, rf_cache_tmpdir_create: a link to a directory outside refused, a temporary directory 0700 and marked");
	snprintf(q, sizeof(q), "%s/ext-x", dir);
	CHECK(symlink(out, q) == 0);
	CHECK(rf_cache_subdir_open(dfd, dir, "ext-x", &absent, &err) == -1 && !absent &&
	      strstr(err.msg, "/cache/ext-x: not a directory (a link is not followed)"));
	CHECK(rf_cache_subdir_open(dfd, dir, "ext-none", &absent, &err) == -1 && absent);
	rc = rf_cache_tmpdir_create(dfd, dir, "ext-y", &tn, &err);
	CHECK(rc >= 0 && tn && !strncmp(tn, "ext-y.tmp-", 10));
	snprintf(q, sizeof(q), "%s/%s", dir, tn ? tn : "");
	CHECK(lstat(q, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	CHECK(exists(q, RF_TMP_MARKER));
	if (rc >= 0)
		close(rc);
	free(tn);
	TEST_END();

	TEST_BEGIN("rf_cache_file_copy: the file opened is copied, not what its name leads to since; a link at the destination replaced, its target untouched; a temporary copied from its start");
	write_text(dir, "c1", "original");
	rc = rf_cache_file_open(dfd, dir, "c1", &f, &err);
	CHECK(rc == 1);
	/* the attack after the check: the name a link to a file outside */
	snprintf(p, sizeof(p), "%s/c1", dir);
	snprintf(q, sizeof(q), "%s/target", out);   /* holds "outside" (case above) */
	CHECK(unlink(p) == 0 && symlink(q, p) == 0);
	/* the destination a link to the same file outside */
	snprintf(p, sizeof(p), "%s/copied.tif", tmp);
	CHECK(symlink(q, p) == 0);
	CHECK(rc == 1 && rf_cache_file_copy(&f, "cache/c1", p, &err) == 0);
	CHECK(lstat(p, &st) == 0 && S_ISREG(st.st_mode) && !strcmp(text_of(p, b1), "original"));
	CHECK(!strcmp(text_of(q, b2), "outside"));
	rf_cache_file_close(&f);
	/* a temporary written by name (another open file, as GDAL does) */
	rc = rf_cache_tmp_create(dfd, dir, "c2", &tn, &f, &err);
	CHECK(rc == 0);
	write_text(NULL, f.path, "written by name");
	snprintf(p, sizeof(p), "%s/copied2", tmp);
	CHECK(rc == 0 && rf_cache_file_copy(&f, "cache/c2", p, &err) == 0 &&
	      !strcmp(text_of(p, b1), "written by name"));
	rf_cache_file_close(&f);
	rf_cache_tmp_abort(dfd, tn);
	/* the destination's directory absent: an error naming it */
	snprintf(p, sizeof(p), "%s/none/copied", tmp);
	write_text(dir, "c3", "x");
	rc = rf_cache_file_open(dfd, dir, "c3", &f, &err);
	CHECK(rc == 1 && rf_cache_file_copy(&f, "cache/c3", p, &err) == -1 &&
	      strstr(err.msg, "/none/copied: cannot create a temporary file"));
	rf_cache_file_close(&f);
	TEST_END();

	if (dfd >= 0)
		close(dfd);
	rf_tree_remove(tmp);
	return test_exit_status();
}
