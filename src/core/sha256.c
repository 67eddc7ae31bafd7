/* SHA-256 of a file (FIPS 180-4) through OpenSSL's EVP interface, for the
 * manifests' record of their inputs. */
#include "rfplan/sha256.h"
#include "rfplan/input.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const unsigned char *md, unsigned int md_len, char hex[65])
{
	for (unsigned int i = 0; i < md_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}

int rf_sha256_file(const char *path, char hex[65], struct rf_error *err)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx;
	FILE *f;
	size_t n;
	int ok;

	if (rf_input_check(path, err))   /* never hash /dev/zero or a FIFO */
		return -1;
	f = fopen(path, "rb");
	if (!f)
		return rf_error_set(err, "%s: %s", path, strerror(errno));
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n) == 1;
	if (ok && ferror(f)) {
		fclose(f);
		EVP_MD_CTX_free(ctx);
		return rf_error_set(err, "%s: read failed", path);
	}
	fclose(f);
	ok = ok && EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && md_len == 32;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return rf_error_set(err, "%s: SHA-256 failed (OpenSSL)", path);
	to_hex(md, md_len, hex);
	return 0;
}

int rf_sha256_buffer(const void *buf, size_t len, char hex[65], struct rf_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (EVP_Digest(buf, len, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
		return rf_error_set(err, "SHA-256 failed (OpenSSL)");
	to_hex(md, md_len, hex);
	return 0;
}
