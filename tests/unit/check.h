/* A tiny unit-test harness.  Each test binary runs named cases; each case
 * prints one line "ok NAME", "FAIL NAME: why" or "skip NAME: why", which
 * tests/run-tests.sh counts.  Expected values in tests must come from an
 * independent source (a standard's table, a hand computation written out in
 * the test, a reference tool), never from this code's own output.
 *
 *   TEST_BEGIN("fspl at 1 km 900 MHz");
 *   CHECK_NEAR(rf_fspl_db(900, 1000), 91.53, 0.01);
 *   TEST_END();
 *
 * Static state is fine here: tests are single-threaded programs. */
#ifndef RFPLAN_TEST_CHECK_H
#define RFPLAN_TEST_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct {
	const char *name;
	int failed_checks;
	int n_checks; /* checks made in the current case, passed or not */
	int skipped;
	int n_pass, n_fail, n_skip;
	int n_planned; /* -1 until TEST_PLAN */
	char why[512];
} check_state = { .n_planned = -1 };

/* Declare how many cases this binary runs (TAP's "1..N"), first thing in
 * main().  test_exit_status() fails the binary when it ran another number,
 * and tests/run-tests.sh fails a file whose plan line is missing or whose
 * ok/FAIL/skip lines do not add up to it: a case that returns early, before
 * TEST_END, cannot vanish while the suite stays green. */
static inline void test_plan(int n)
{
	check_state.n_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}
#define TEST_PLAN(n) test_plan(n)

/* Continuous integration (CI=true): reference data must be there. */
static inline int test_in_ci(void)
{
	const char *ci = getenv("CI");
	return ci && strcmp(ci, "true") == 0;
}

static inline void test_begin(const char *name)
{
	check_state.name = name;
	check_state.failed_checks = 0;
	check_state.n_checks = 0;
	check_state.skipped = 0;
	check_state.why[0] = '\0';
}

static inline void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline void check_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Every failing check is printed; the first becomes the case's reason. */
	fprintf(stderr, "  %s:%d: %s\n", file, line, msg);
	if (!check_state.failed_checks++)
		snprintf(check_state.why, sizeof(check_state.why), "%s:%d: %s", file, line, msg);
}

static inline void test_end(void)
{
	if (check_state.skipped) {
		printf("skip %s: %s\n", check_state.name, check_state.why);
		check_state.n_skip++;
	} else if (check_state.failed_checks) {
		printf("FAIL %s: %s\n", check_state.name, check_state.why);
		check_state.n_fail++;
	} else if (!check_state.n_checks) {
		/* A case that checked nothing (its set-up failed and it skipped
		 * its checks) has not passed. */
		printf("FAIL %s: no check ran\n", check_state.name);
		check_state.n_fail++;
	} else {
		printf("ok %s\n", check_state.name);
		check_state.n_pass++;
	}
	fflush(stdout);
}

#define TEST_BEGIN(name) test_begin(name)
#define TEST_END() test_end()
#define CHECK(cond)                                                           \
	do {                                                                  \
		check_state.n_checks++;                                       \
		if (!(cond))                                                  \
			check_fail(__FILE__, __LINE__, "check failed: %s", #cond); \
	} while (0)
#define CHECK_MSG(cond, ...)                                                  \
	do {                                                                  \
		check_state.n_checks++;                                       \
		if (!(cond))                                                  \
			check_fail(__FILE__, __LINE__, __VA_ARGS__);          \
	} while (0)
#define CHECK_NEAR(got, want, tol)                                            \
	do {                                                                  \
		double got_ = (got), want_ = (want), tol_ = (tol);            \
		check_state.n_checks++;                                       \
		if (!(fabs(got_ - want_) <= tol_))                            \
			check_fail(__FILE__, __LINE__,                        \
				   "%s = %.10g, want %.10g +- %g", #got, got_, want_, tol_); \
	} while (0)
/* Mark the current case skipped with a reason (then TEST_END). */
#define SKIP(...)                                                             \
	do {                                                                  \
		check_state.skipped = 1;                                      \
		snprintf(check_state.why, sizeof(check_state.why), __VA_ARGS__); \
	} while (0)

/* Directory of the shared real test data: $RFPLAN_TESTDATA, else
 * ../shared/data relative to the project root (tests run from the root).
 * Returns NULL when absent: the test must SKIP and say so. */
static inline const char *test_data_dir(void)
{
	struct stat st;
	const char *d = getenv("RFPLAN_TESTDATA");
	if (!d || !*d)
		d = "../shared/data";
	return stat(d, &st) == 0 && S_ISDIR(st.st_mode) ? d : NULL;
}

/* Build "DATADIR/rel" into buf; returns NULL (after SKIP) if data is absent. */
static inline const char *test_data_path(char *buf, size_t len, const char *rel)
{
	const char *d = test_data_dir();
	if (!d) {
		/* In CI a data-backed case that skips is a failure: the suite must
		 * never end green on skipped references. */
		if (test_in_ci())
			check_fail(__FILE__, __LINE__,
				   "CI: real test data not found (../shared/data or $RFPLAN_TESTDATA) for %s", rel);
		else
			SKIP("real test data not found (../shared/data or $RFPLAN_TESTDATA)");
		return NULL;
	}
	snprintf(buf, len, "%s/%s", d, rel);
	return buf;
}

/* A set-up that every remaining case needs failed: report each of them as a
 * failure ("FAIL NAME k/N (not run): why") so the plan still adds up and the
 * binary fails.  Call instead of returning early. */
static inline void test_fail_rest(const char *prog, const char *why)
{
	int ran = check_state.n_pass + check_state.n_fail + check_state.n_skip;
	for (int k = ran + 1; k <= check_state.n_planned; k++) {
		printf("FAIL %s case %d/%d (not run): %s\n", prog, k, check_state.n_planned, why);
		check_state.n_fail++;
	}
	fflush(stdout);
}

/* Exit status for main(): non-zero when any case failed, when the binary
 * declared no plan (TEST_PLAN is mandatory), or when it ran another number
 * of cases than it declared. */
static inline int test_exit_status(void)
{
	int ran = check_state.n_pass + check_state.n_fail + check_state.n_skip;
	if (check_state.n_planned < 0) {
		printf("FAIL plan: no TEST_PLAN(n) in main() (ran %d cases)\n", ran);
		return 1;
	}
	if (ran != check_state.n_planned) {
		printf("FAIL plan: ran %d cases, declared %d\n", ran, check_state.n_planned);
		return 1;
	}
	return check_state.n_fail ? 1 : 0;
}

#endif
