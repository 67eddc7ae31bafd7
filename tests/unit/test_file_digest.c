/* A run's record of file digests (core/file_digest.h, rf_workspace_sha256):
 * a file is hashed once while it keeps its identity, and a file changed
 * between two look-ups (written in place with the same size and another
 * modification time, replaced by a rename) gets the digest of its new
 * content, never the recorded one.  Expected digests: "abc" is
 * FIPS 180-2 appendix B.1's; "abd" and "xyz" are Python's
 *   python3 -c 'import hashlib; print(hashlib.sha256(b"abd").hexdigest())'
 * (and b"xyz").
 *
 * A file's change time comes from the kernel's coarse clock (one tick,
 * 1-10 ms; file systems without multigrain timestamps, ext4 before Linux
 * 6.13 as in Debian 12, ramfs), so a file rewritten with its size in the
 * tick it was hashed in keeps its identity: the record must not trust a
 * digest taken in the tick of the file's last change (git's "racy clean"
 * entries, Documentation/technical/racy-git.txt).  The counting cases
 * therefore wait for the clock to leave the tick of the file's last change
 * (settle) before hashing; that is a precondition, no timing is checked. */
#define _GNU_SOURCE   /* unshare(2), for the ramfs case */
#include "check.h"
#include "core/file_digest.h"
#include "rfplan/workspace.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char abc_hex[] =
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char abd_hex[] =
	"a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9";
static const char xyz_hex[] =
	"3608bca1e44ea6c4d268eb6db02260269892c0b42b86bbf1e77a6fa16c3c9282";

/* path holds the 3 bytes s (written in place: same inode). */
static int put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), ok;
	if (fd < 0)
		return -1;
	ok = write(fd, s, 3) == 3;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* hex of path through d equals want. */
static int digest_is(struct rf_file_digests *d, const char *path, const char *want)
{
	char hex[65];
	struct rf_error err;
	if (rf_file_digest(d, path, hex, &err)) {
		fprintf(stderr, "  %s\n", err.msg);
		return 0;
	}
	return !strcmp(hex, want);
}

/* Wait until the coarse clock is past path's change time (whole seconds,
 * tv_nsec 0, on a file system with 1 s or 2 s timestamps: 3 s past it). */
static void settle(const char *path)
{
	const struct timespec nap = { 0, 1000000 };
	struct timespec now;
	struct stat st;
	if (stat(path, &st))
		return;
	for (;;) {
		clock_gettime(CLOCK_REALTIME_COARSE, &now);
		if (st.st_ctim.tv_nsec ? now.tv_sec > st.st_ctim.tv_sec ||
						 (now.tv_sec == st.st_ctim.tv_sec &&
						  now.tv_nsec > st.st_ctim.tv_nsec)
				       : now.tv_sec > st.st_ctim.tv_sec + 2)
			return;
		nanosleep(&nap, NULL);
	}
}

/* In dir: 200 times "abc" written, hashed through d, "abd" written over it
 * at once (same size, same inode, most often the same clock tick) and
 * hashed again: how many of the second digests were not "abd"'s. */
static int stale_rewrites(struct rf_file_digests *d, const char *dir)
{
	char path[128];
	int stale = 0;
	snprintf(path, sizeof(path), "%s/rewritten", dir);
	for (int i = 0; i < 200; i++) {
		if (put(path, "abc") || !digest_is(d, path, abc_hex) || put(path, "abd"))
			return -1;
		stale += !digest_is(d, path, abd_hex);
	}
	unlink(path);
	return stale;
}

int main(void)
{
	char dir[] = "/tmp/rfplan-test-digest.XXXXXX", a[64], b[64], none[64];
	struct rf_file_digests *d = rf_file_digests_new();
	struct timespec times[2];
	struct stat st;
	struct rf_error err;
	char hex[65];
	TEST_PLAN(7);

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(none, sizeof(none), "%s/none", dir);

	TEST_BEGIN("file digest: an unchanged file is hashed once, its digest every time");
	CHECK(put(a, "abc") == 0);
	settle(a);
	CHECK(digest_is(d, a, abc_hex));
	CHECK(digest_is(d, a, abc_hex));
	CHECK(digest_is(d, a, abc_hex));
	CHECK_MSG(rf_file_digests_hashed(d) == 1, "hashed %ld times, want 1",
		  rf_file_digests_hashed(d));
	TEST_END();

	/* the new mtime set explicitly, one second after the old one: a
	 * rewrite within the clock's granularity is then no matter of timing */
	TEST_BEGIN("file digest: rewritten in place, same size, mtime changed: the new content's digest");
	CHECK(stat(a, &st) == 0);
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = st.st_mtim;
	times[1].tv_sec += 1;
	CHECK(put(a, "abd") == 0);
	CHECK(utimensat(AT_FDCWD, a, times, 0) == 0);
	CHECK(stat(a, &st) == 0 && st.st_size == 3 && st.st_mtim.tv_sec == times[1].tv_sec);
	settle(a);
	CHECK(digest_is(d, a, abd_hex));
	CHECK(digest_is(d, a, abd_hex));
	CHECK_MSG(rf_file_digests_hashed(d) == 2, "hashed %ld times, want 2",
		  rf_file_digests_hashed(d));
	TEST_END();

	TEST_BEGIN("file digest: replaced by a rename (another inode): the new file's digest");
	CHECK(put(b, "xyz") == 0);
	CHECK(rename(b, a) == 0);
	settle(a);
	CHECK(digest_is(d, a, xyz_hex));
	CHECK_MSG(rf_file_digests_hashed(d) == 3, "hashed %ld times, want 3",
		  rf_file_digests_hashed(d));
	TEST_END();

	TEST_BEGIN("file digest: an absent file is an error naming it, nothing recorded");
	CHECK(rf_file_digest(d, none, hex, &err) == -1 && strstr(err.msg, none));
	CHECK(put(none, "abc") == 0);
	CHECK(digest_is(d, none, abc_hex));
	TEST_END();

	TEST_BEGIN("file digest: no record (a workspace filled by hand) hashes every time");
	{
		struct rf_workspace ws;
		memset(&ws, 0, sizeof(ws));
		CHECK(digest_is(NULL, a, xyz_hex));
		CHECK(rf_workspace_sha256(&ws, a, hex, &err) == 0 && !strcmp(hex, xyz_hex));
		CHECK(rf_file_digests_hashed(NULL) == 0);
	}
	TEST_END();

	TEST_BEGIN("file digest: rewritten in place with its size in the tick it was hashed in "
		   "(200 times): the new content's digest every time");
	CHECK_MSG(stale_rewrites(d, dir) == 0, "%d stale digests", stale_rewrites(d, dir));
	TEST_END();

	/* ramfs has no multigrain timestamps on any kernel: the coarse tick
	 * as on Debian 12's ext4.  A private mount namespace, so nothing
	 * outside this process sees it (root only, as tests/cli/
	 * test_errors_faults.sh's tmpfs mounts). */
	TEST_BEGIN("file digest: the same on a ramfs (coarse timestamps, as ext4 before Linux "
		   "6.13)");
	snprintf(b, sizeof(b), "%s/ram", dir);
	if (mkdir(b, 0700) || unshare(CLONE_NEWNS) ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("ramfs", b, "ramfs", 0, "mode=0700")) {
		SKIP("cannot mount a ramfs in a private namespace here (not root?)");
	} else {
		int n = stale_rewrites(d, b);
		CHECK_MSG(n == 0, "%d of 200 rewrites given the old digest", n);
		umount2(b, MNT_DETACH);
	}
	rmdir(b);
	TEST_END();

	rf_file_digests_free(d);
	unlink(a);
	unlink(none);
	rmdir(dir);
	return test_exit_status();
}
