/* rf_engine_check_validity: each distinct frequency is probed once, by the
 * first cell (in cell order) that uses it; the warnings name that cell, and
 * --strict refuses the first such cell.  Expected values: Okumura-Hata's
 * validity range, 150..1500 MHz (ITU-R P.529-3, Hata 1980), the warnings
 * listed by hand for a small set, and for 3000 cells the plain quadratic
 * scan (every earlier cell compared) written out here. */
#include "check.h"
#include "rfplan/engine.h"
#include "rfplan/log.h"

#include <stdio.h>
#include <string.h>

#define N_BIG 3000

static void set_engine(struct rf_engine *e, struct rf_cells *cs, struct rf_cell *items, size_t n)
{
	memset(e, 0, sizeof(*e));
	memset(cs, 0, sizeof(*cs));
	cs->items = items;
	cs->count = n;
	e->cells = cs;
	rf_engine_options_default(&e->opts);
	rf_model_parse("hata", &e->opts.model.model);
}

int main(void)
{
	static struct rf_cell items[N_BIG];
	static char ids[N_BIG][16];
	struct rf_engine e;
	struct rf_cells cs;
	struct rf_log log;
	struct rf_error err = { "" };

	TEST_PLAN(2);
	TEST_BEGIN("validity: each frequency once, by its first cell, in cell order (by hand)");
	{
		/* A 1800, B 900, C 1800, D 2100, E 900, F 2100, G 100: outside
		 * 150..1500 MHz are 1800 (first A), 2100 (first D), 100 (G). */
		static const double f[] = { 1800, 900, 1800, 2100, 900, 2100, 100 };
		static const char *const want[] = {
			"cell A/1: 1800 MHz is outside the validity range of model hata",
			"cell D/1: 2100 MHz is outside the validity range of model hata",
			"cell G/1: 100 MHz is outside the validity range of model hata",
		};
		for (int i = 0; i < 7; i++) {
			memset(&items[i], 0, sizeof(items[i]));
			snprintf(ids[i], sizeof(ids[i]), "%c", 'A' + i);
			items[i].site_id = ids[i];
			items[i].cell_id = "1";
			items[i].frequency_mhz = f[i];
			items[i].height_agl_m = 30;
		}
		set_engine(&e, &cs, items, 7);
		rf_log_init(&log, 0);
		CHECK_MSG(rf_engine_check_validity(&e, 0, &log, &err) == 0, "%s", err.msg);
		CHECK_MSG(log.n_warnings == 3, "%zu warnings, want 3", log.n_warnings);
		for (size_t k = 0; k < 3 && k < log.n_warnings; k++)
			CHECK_MSG(strcmp(log.warnings[k], want[k]) == 0, "warning %zu: '%s', want '%s'",
				  k, log.warnings[k], want[k]);
		rf_log_free(&log);
		CHECK(rf_engine_check_validity(&e, 1, NULL, &err) == -1);
		CHECK_MSG(strstr(err.msg, "cell A/1: 1800 MHz is outside the validity range of model "
				 "hata (--strict)") != NULL, "%s", err.msg);
	}
	TEST_END();

	TEST_BEGIN("validity: 3000 cells give the quadratic scan's warnings, in its order");
	{
		static const double f[] = { 700, 900, 1800, 2100, 2600, 3500, 100, 1500, 1500.5, 149.9 };
		unsigned s = 12345;
		size_t n_want = 0, match = 0;
		static char want[N_BIG][96];
		for (int i = 0; i < N_BIG; i++) {
			s = s * 1103515245u + 12345u;
			memset(&items[i], 0, sizeof(items[i]));
			snprintf(ids[i], sizeof(ids[i]), "S%d", i);
			items[i].site_id = ids[i];
			items[i].cell_id = "1";
			items[i].frequency_mhz = f[(s >> 16) % 10] + (((s >> 8) & 7) == 0 ? i : 0);
			items[i].height_agl_m = 30;
		}
		/* the plain scan: a cell whose frequency no earlier cell has */
		for (int i = 0; i < N_BIG; i++) {
			int dup = 0;
			for (int o = 0; o < i && !dup; o++)
				dup = items[o].frequency_mhz == items[i].frequency_mhz;
			if (!dup && (items[i].frequency_mhz < 150 || items[i].frequency_mhz > 1500))
				snprintf(want[n_want++], sizeof(want[0]),
					 "cell %s/1: %g MHz is outside the validity range of model hata",
					 items[i].site_id, items[i].frequency_mhz);
		}
		set_engine(&e, &cs, items, N_BIG);
		rf_log_init(&log, 0);
		CHECK_MSG(rf_engine_check_validity(&e, 0, &log, &err) == 0, "%s", err.msg);
		CHECK_MSG(log.n_warnings == n_want, "%zu warnings, want %zu", log.n_warnings, n_want);
		for (size_t k = 0; k < n_want && k < log.n_warnings; k++)
			match += strcmp(log.warnings[k], want[k]) == 0;
		CHECK_MSG(match == n_want, "%zu of %zu warnings as the scan", match, n_want);
		/* the random draw has both repeated and single frequencies */
		CHECK_MSG(n_want > 50 && n_want < N_BIG / 2, "%zu distinct out-of-range frequencies",
			  n_want);
		rf_log_free(&log);
	}
	TEST_END();
	return test_exit_status();
}
