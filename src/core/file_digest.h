/* A run's record of the SHA-256 digests of the files it hashed, so that a
 * run hashes each input once (doc/performance.md, "Each input hashed
 * once").  An entry holds a path, the file's identity when it was hashed
 * (stat(2)'s st_dev, st_ino, st_size, st_mtim and st_ctim) and its digest.
 * A digest is given from the record only while stat(path) reports the
 * same identity, so a file replaced or rewritten during the run is hashed
 * again, never given its old digest.  A digest is recorded only when the
 * file's change time is older than the clock tick the look-up began in
 * (a write in the tick of the change would not show in the identity), so
 * a file changed a moment before is hashed again at its next look-up.
 * The record is owned by whoever opens
 * the run's inputs (struct rf_workspace: rf_workspace_open makes it,
 * rf_workspace_close frees it); there is no process-wide cache. */
#ifndef RFPLAN_CORE_FILE_DIGEST_H
#define RFPLAN_CORE_FILE_DIGEST_H

#include "rfplan/error.h"

struct rf_file_digests;

/* An empty record (never NULL: allocation failure aborts, rf_xmalloc);
 * freed with rf_file_digests_free (NULL accepted). */
struct rf_file_digests *rf_file_digests_new(void);
void rf_file_digests_free(struct rf_file_digests *d);

/* The SHA-256 of the file at path (64 lowercase hex chars + NUL in hex):
 * the recorded one when the file still has the identity it had when
 * hashed, else rf_sha256_file's, recorded when the identity did not change
 * while it was read.  d NULL: rf_sha256_file alone.  Safe to call from
 * several threads (an OpenMP critical section guards the record; the
 * hashing runs outside it).  Returns 0, or -1 with err naming the file. */
int rf_file_digest(struct rf_file_digests *d, const char *path, char hex[65],
		   struct rf_error *err);

/* How many times d's files were read and hashed (a lookup that found its
 * digest does not count): what the tests check "hashed once" by. */
long rf_file_digests_hashed(const struct rf_file_digests *d);

#endif
