/* A run's record of file digests (file_digest.h). */
#include "file_digest.h"
#include "rfplan/sha256.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* What stat(2) says about a file that changes when its content may have:
 * another file at the path (device, inode), or the same one written
 * (size, modification time; the change time also when the modification
 * time was set back, as `touch -d` or `cp -p` do). */
struct identity {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtim, ctim;
};

struct entry {
	char *path;
	struct identity id;
	char hex[65];
};

struct rf_file_digests {
	struct entry *items;
	size_t count, cap;
	long hashed;
};

struct rf_file_digests *rf_file_digests_new(void)
{
	return rf_xcalloc(1, sizeof(struct rf_file_digests));
}

void rf_file_digests_free(struct rf_file_digests *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++)
		free(d->items[i].path);
	free(d->items);
	free(d);
}

static int identity_of(const char *path, struct identity *id)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	memset(id, 0, sizeof(*id));
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtim = st.st_mtim;
	id->ctim = st.st_ctim;
	return 0;
}

static int same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static int same_identity(const struct identity *a, const struct identity *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       same_time(a->mtim, b->mtim) && same_time(a->ctim, b->ctim);
}

/* The file's last change is older than t0, a reading of the coarse clock
 * taken before the file was looked at (git's "racily clean" entries,
 * Documentation/technical/racy-git.txt).  The kernel stamps a change with
 * its coarse clock (one tick, 1-10 ms), cut to the file system's
 * granularity: a write in the tick of the recorded change time would leave
 * the identity as it was, unless that tick was over before t0.  tv_nsec 0:
 * a file system with whole seconds (FAT: two), so 3 s. */
static int settled(const struct identity *id, struct timespec t0)
{
	const struct timespec c = id->ctim;
	if (!c.tv_nsec)
		return c.tv_sec + 2 < t0.tv_sec;
	return c.tv_sec < t0.tv_sec || (c.tv_sec == t0.tv_sec && c.tv_nsec < t0.tv_nsec);
}

static struct entry *find(struct rf_file_digests *d, const char *path)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->items[i].path, path))
			return &d->items[i];
	return NULL;
}

/* path's entry set to (id, hex), added when absent. */
static void record(struct rf_file_digests *d, const char *path, const struct identity *id,
		   const char *hex)
{
	struct entry *e = find(d, path);
	if (!e) {
		if (d->count == d->cap) {
			d->cap = d->cap ? 2 * d->cap : 8;
			d->items = rf_xrealloc(d->items, d->cap * sizeof(*d->items));
		}
		e = &d->items[d->count++];
		e->path = rf_xstrdup(path);
	}
	e->id = *id;
	memcpy(e->hex, hex, sizeof(e->hex));
}

int rf_file_digest(struct rf_file_digests *d, const char *path, char hex[65],
		   struct rf_error *err)
{
	struct identity before, after;
	struct timespec t0;
	int found = 0, rc;

	/* no identity (absent, unreadable): rf_sha256_file says why */
	if (!d || clock_gettime(CLOCK_REALTIME_COARSE, &t0) || identity_of(path, &before))
		return rf_sha256_file(path, hex, err);
	#pragma omp critical(rf_file_digests)
	{
		const struct entry *e = find(d, path);
		if (e && same_identity(&e->id, &before)) {
			memcpy(hex, e->hex, 65);
			found = 1;
		}
	}
	if (found)
		return 0;
	rc = rf_sha256_file(path, hex, err);
	#pragma omp critical(rf_file_digests)
	{
		d->hashed++;
		/* written while read: this digest may be of neither version;
		 * changed in the tick before t0: a write in that tick, now or
		 * later, would not show in the identity (settled) */
		if (!rc && !identity_of(path, &after) && same_identity(&before, &after) &&
		    settled(&before, t0))
			record(d, path, &before, hex);
	}
	return rc;
}

long rf_file_digests_hashed(const struct rf_file_digests *d)
{
	long n = 0;
	if (!d)
		return 0;
	#pragma omp critical(rf_file_digests)
	n = d->hashed;
	return n;
}
