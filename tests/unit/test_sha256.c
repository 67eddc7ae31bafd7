/* rf_sha256_buffer and rf_sha256_file against the example digests of FIPS
 * 180-2 appendix B ("abc", B.1, and the 448-bit message of B.2), and the
 * digest of the empty message (NIST's SHA-256 example values). */
#include "check.h"
#include "rfplan/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char abc_hex[] =
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char b2_hex[] =
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char empty_hex[] =
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

int main(void)
{
	static const char b2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65], path[] = "/tmp/rfplan-test-sha256.XXXXXX";
	struct rf_error err;
	int fd;
	TEST_PLAN(2);

	TEST_BEGIN("sha256: buffers give FIPS 180-2's example digests");
	CHECK(rf_sha256_buffer("abc", 3, hex, &err) == 0 && !strcmp(hex, abc_hex));
	CHECK(rf_sha256_buffer(b2, strlen(b2), hex, &err) == 0 && !strcmp(hex, b2_hex));
	CHECK(rf_sha256_buffer("", 0, hex, &err) == 0 && !strcmp(hex, empty_hex));
	TEST_END();

	TEST_BEGIN("sha256: a file gives its content's digest");
	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3);
	if (fd >= 0)
		close(fd);
	CHECK_MSG(rf_sha256_file(path, hex, &err) == 0, "%s", err.msg);
	CHECK(!strcmp(hex, abc_hex));
	unlink(path);
	TEST_END();
	return test_exit_status();
}
