/* Unit tests of the output directories made and unmade
 * (src/core/mkdir_parents.h): `mkdir -p` of an output's parents recording
 * what it made; the undo of a failed or interrupted run removes only those,
 * deepest first, only when empty and still the directory made; a directory
 * that existed before is never touched.  Expected values: the directory
 * trees built here, written out by hand in each case. */
#include "check.h"
#include "../../src/core/mkdir_parents.h"
#include "../../src/core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/rfplan-mkdirp.XXXXXX";

/* ROOT/rel, in a buffer of the caller (static state is fine in a test) */
static const char *at(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", root, rel);
	return buf;
}
#define AT(rel) at((char[512]){ 0 }, 512, rel)

static int is_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void put(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}

int main(void)
{
	struct rf_made_dirs made = { NULL, 0 };
	struct rf_error err;
	char longname[300];

	TEST_PLAN(9);
	if (!mkdtemp(root))
		return 1;

	TEST_BEGIN("mkdir_parents: the missing parents of n1/n2/n3/out.csv made in order, not the file; "
		   "undo removes them deepest first");
	CHECK(rf_mkdir_parents(AT("n1/n2/n3/out.csv"), &made, &err) == 0);
	CHECK(is_dir(AT("n1/n2/n3")) && !exists(AT("n1/n2/n3/out.csv")));
	CHECK(made.n == 3);
	CHECK(made.n == 3 && !strcmp(made.dirs[0].path, AT("n1")) &&
	      !strcmp(made.dirs[1].path, AT("n1/n2")) && !strcmp(made.dirs[2].path, AT("n1/n2/n3")));
	rf_made_dirs_undo(&made);
	CHECK(made.n == 0 && made.dirs == NULL);
	CHECK(!exists(AT("n1")) && is_dir(root));
	TEST_END();

	TEST_BEGIN("mkdir_parents: a parent that existed before is not recorded and survives the undo; "
		   "trailing slashes ignored");
	mkdir(AT("old"), 0777);
	CHECK(rf_mkdir_parents(AT("old/new/out//"), &made, &err) == 0);
	CHECK(made.n == 1 && !strcmp(made.dirs[0].path, AT("old/new")));
	CHECK(is_dir(AT("old/new")) && !exists(AT("old/new/out")));
	CHECK(rf_mkdir_parents(AT("old/other.csv"), &made, &err) == 0 && made.n == 1);
	CHECK(rf_mkdir_parents("relative-name.csv", &made, &err) == 0 && made.n == 1);
	rf_made_dirs_undo(&made);
	CHECK(is_dir(AT("old")) && !exists(AT("old/new")));
	TEST_END();

	TEST_BEGIN("mkdir_parents: undo keeps a made directory that is no longer empty, and its parents; "
		   "keep forgets the list and removes nothing");
	CHECK(rf_mkdir_parents(AT("k1/k2/k3/out.csv"), &made, &err) == 0 && made.n == 3);
	put(AT("k1/k2/file"));
	rf_made_dirs_undo(&made);
	/* k3 (empty) goes; k2 holds a file: it and k1 stay */
	CHECK(!exists(AT("k1/k2/k3")) && exists(AT("k1/k2/file")) && is_dir(AT("k1")));
	CHECK(rf_mkdir_parents(AT("s1/s2/out.csv"), &made, &err) == 0 && made.n == 2);
	rf_made_dirs_keep(&made);
	CHECK(made.n == 0 && is_dir(AT("s1/s2")));
	rf_made_dirs_undo(&made);
	CHECK(is_dir(AT("s1/s2")));
	TEST_END();

	TEST_BEGIN("mkdir_parents: undo never removes a directory that took the place of one it made");
	CHECK(rf_mkdir_parents(AT("r1/r2/out.csv"), &made, &err) == 0 && made.n == 2);
	/* r1/r2 moved away while the run went on, another (empty) directory
	 * made at its name: a different inode, since the moved one lives on */
	CHECK(rename(AT("r1/r2"), AT("r1/moved")) == 0 && mkdir(AT("r1/r2"), 0777) == 0);
	rf_made_dirs_undo(&made);
	CHECK(is_dir(AT("r1/r2")) && is_dir(AT("r1/moved")));
	TEST_END();

	TEST_BEGIN("mkdir_parents: a failing call removes the directories it made itself, keeps the "
		   "earlier calls' and names the path");
	CHECK(rf_mkdir_parents(AT("e0/out.csv"), &made, &err) == 0 && made.n == 1);
	/* NAME_MAX is 255 on Linux: e1 is made, the 299-byte name fails */
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	char p[1024];
	snprintf(p, sizeof(p), "%s/e1/%s/out.csv", root, longname);
	CHECK(rf_mkdir_parents(p, &made, &err) == -1);
	CHECK(strstr(err.msg, "cannot create the directory") && strstr(err.msg, "/e1/xxx"));
	CHECK(!exists(AT("e1")) && made.n == 1 && is_dir(AT("e0")));
	put(AT("plain"));
	CHECK(rf_mkdir_parents(AT("plain/sub/out.csv"), &made, &err) == -1);
	snprintf(p, sizeof(p), "%s/plain/sub/out.csv: cannot create the directory %s/plain: Not a "
		 "directory", root, root);
	CHECK_MSG(!strcmp(err.msg, p), "err '%s', want '%s'", err.msg, p);
	CHECK(made.n == 1);
	rf_made_dirs_undo(&made);
	CHECK(!exists(AT("e0")));
	TEST_END();

	TEST_BEGIN("mkdir_path: makes the directory itself and its parents; an existing one is fine");
	CHECK(rf_mkdir_path(AT("d1/d2/"), &made, &err) == 0 && made.n == 2 && is_dir(AT("d1/d2")));
	CHECK(rf_mkdir_path(AT("d1/d2"), &made, &err) == 0 && made.n == 2);
	CHECK(rf_mkdir_path(AT("plain"), &made, &err) == -1 && strstr(err.msg, "Not a directory"));
	rf_made_dirs_undo(&made);
	CHECK(!exists(AT("d1")) && exists(AT("plain")));
	TEST_END();

	TEST_BEGIN("mkdir_parents: undo never removes a directory made at the name of a removed one "
		   "(the file system may give it the same inode number)");
	CHECK(rf_mkdir_parents(AT("q1/q2/out.csv"), &made, &err) == 0 && made.n == 2);
	/* q1/q2 removed while the run went on and another (empty) directory
	 * made at its name: ext4 hands a freed inode number out again at once
	 * (mkdir, rmdir, mkdir there gives the same st_ino), so the device and
	 * inode alone cannot tell the two apart */
	CHECK(rmdir(AT("q1/q2")) == 0 && mkdir(AT("q1/q2"), 0777) == 0);
	rf_made_dirs_undo(&made);
	CHECK(is_dir(AT("q1/q2")));
	TEST_END();

	TEST_BEGIN("mkdir_parents: a failing first call leaves the record empty, nothing allocated "
		   "(callers return without an undo)");
	CHECK(made.n == 0 && made.dirs == NULL);
	snprintf(p, sizeof(p), "%s/f1/f2/plain/x/out.csv", root);
	CHECK(mkdir(AT("f1"), 0777) == 0 && mkdir(AT("f1/f2"), 0777) == 0);
	put(AT("f1/f2/plain"));
	CHECK(rf_mkdir_parents(p, &made, &err) == -1);
	CHECK(made.n == 0 && made.dirs == NULL);
	snprintf(p, sizeof(p), "%s/g1/%s/out.csv", root, longname);
	CHECK(rf_mkdir_parents(p, &made, &err) == -1);   /* g1 made, then undone */
	CHECK(!exists(AT("g1")) && made.n == 0 && made.dirs == NULL);
	TEST_END();

	TEST_BEGIN("mkdir_parents: relative paths, '.' and '..' components and a symlinked directory: "
		   "only the directories made are removed, the link and its target stay");
	CHECK(mkdir(AT("real"), 0777) == 0 && symlink("real", AT("lnk")) == 0);
	snprintf(p, sizeof(p), "%s/lnk/./u/../v/out.csv", root);
	CHECK(rf_mkdir_parents(p, &made, &err) == 0 && made.n == 2);
	CHECK(is_dir(AT("real/u")) && is_dir(AT("real/v")));
	rf_made_dirs_undo(&made);
	CHECK(!exists(AT("real/u")) && !exists(AT("real/v")) && is_dir(AT("real")));
	{
		struct stat st;
		CHECK(lstat(AT("lnk"), &st) == 0 && S_ISLNK(st.st_mode));
	}
	CHECK(chdir(root) == 0);
	CHECK(rf_mkdir_parents("./w1/w2/out.csv", &made, &err) == 0 && made.n == 2);
	CHECK(is_dir(AT("w1/w2")));
	rf_made_dirs_undo(&made);
	CHECK(!exists(AT("w1")) && is_dir(root));
	CHECK(chdir("/") == 0);
	TEST_END();

	rf_tree_remove(root);
	return test_exit_status();
}
