/* Every input that once crashed or misled a reader under the fuzzers
 * (tests/fuzz/regressions/NAME/), and every seed of the corpora
 * (tests/fuzz/corpus/NAME/), through the same entry points as the libFuzzer
 * harnesses (tests/fuzz/fuzz_entry.h).  A reader must either succeed with a
 * usable result or fail with a message naming the file; a crash kills this
 * test (and under `make SANITIZE=1` so does a leak or undefined behaviour).
 * Paths are relative to the project root, where tests/run-tests.sh runs. */
#include "../fuzz/fuzz_entry.h"
#include "check.h"

#include <dirent.h>

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	if (!f)
		return NULL;
	do {
		if (cap - n < 4096)
			buf = rf_xrealloc(buf, cap = 2 * cap + 4096);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

/* Run target t on every file of dir; returns the number of files. */
static int run_dir(const struct fuzz_ctx *ctx, const struct fuzz_target *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024];
		size_t len = 0;
		char *data;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		data = read_whole(path, &len);
		CHECK_MSG(data != NULL, "%s: cannot read", path);
		if (!data)
			continue;
		CHECK_MSG(t->run(ctx, (const uint8_t *)data, len) == 0,
			  "%s: reader %s failed without naming the file or returned an "
			  "unusable result", path, t->name);
		free(data);
		n++;
	}
	closedir(d);
	return n;
}

int main(void)
{
	struct fuzz_ctx ctx;
	struct stat st;
	TEST_PLAN((int)FUZZ_N_TARGETS + 1 /* one per fuzz target + bad inputs */);
	int have_ctx = fuzz_ctx_init(&ctx) == 0;

	for (size_t i = 0; i < FUZZ_N_TARGETS; i++) {
		char name[128], dir[256];
		int n;
		snprintf(name, sizeof(name), "fuzz regressions and seeds: %s", fuzz_targets[i].name);
		TEST_BEGIN(name);
		/* A set-up failure is a failure, not a skip. */
		if (!have_ctx) {
			CHECK_MSG(0, "cannot create a temporary directory");
		} else if (stat("tests/fuzz", &st) != 0) {
			CHECK_MSG(0, "tests/fuzz not found (run from the project root)");
		} else {
			snprintf(dir, sizeof(dir), "tests/fuzz/regressions/%s", fuzz_targets[i].name);
			n = run_dir(&ctx, &fuzz_targets[i], dir);
			snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s", fuzz_targets[i].name);
			n += run_dir(&ctx, &fuzz_targets[i], dir);
			CHECK_MSG(n > 0, "no inputs for %s", fuzz_targets[i].name);
		}
		TEST_END();
	}

	/* Hand-made bad inputs: each reader refuses them naming the file (the
	 * message text is the readers' documented form "FILE:LINE: ..."). */
	TEST_BEGIN("fuzz entry points: bad inputs are refused with the file named");
	if (!have_ctx) {
		CHECK_MSG(0, "cannot create a temporary directory");
	} else {
		struct rf_error err = { "" };
		struct rf_csv_table t;
		const char *bad = "a,b\n\"x,1\n";   /* quote never closed */
		CHECK(rf_csv_read_buffer("bad.csv", bad, strlen(bad), &t, &err) == -1);
		CHECK(strstr(err.msg, "bad.csv:") == err.msg);
	}
	TEST_END();

	if (have_ctx)
		fuzz_ctx_fini(&ctx);
	return test_exit_status();
}
