/* SHA-256 of a file (FIPS 180-4, through OpenSSL libcrypto), for the
 * manifests' record of their inputs (manifest.json, run.json, batch stamps). */
#ifndef RFPLAN_SHA256_H
#define RFPLAN_SHA256_H

#include <stddef.h>

#include "rfplan/error.h"

/* The digest of the file at path as 64 lowercase hex chars + NUL in hex.
 * Returns 0, or -1 with err naming the file. */
int rf_sha256_file(const char *path, char hex[65], struct rf_error *err);
/* The digest of len bytes at buf, as rf_sha256_file.  Returns 0, or -1 with
 * err when OpenSSL fails. */
int rf_sha256_buffer(const void *buf, size_t len, char hex[65], struct rf_error *err);

#endif
