/* Planning library (doc/planning.md) on hand-made inputs, no engine run:
 * the overlap, border and co-site relations of a 4 x 1 pixel prediction
 * whose RSRP values are written below, the PCI audit of hand-made relations
 * and PCIs, and allocations whose optimum follows from counting (the
 * pigeonhole principle and 3 residues mod 3). */
#include "check.h"
#include "rfplan/planning.h"
#include "rfplan/lte.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_CELLS 4

static void make_cells(struct rf_cells *cs, const char *const *sites, const double *freq_mhz)
{
	static char cell_ids[N_CELLS][4];
	memset(cs, 0, sizeof(*cs));
	cs->items = calloc(N_CELLS, sizeof(*cs->items));
	cs->count = N_CELLS;
	for (int i = 0; i < N_CELLS; i++) {
		snprintf(cell_ids[i], sizeof(cell_ids[i]), "%d", i + 1);
		cs->items[i].site_id = (char *)sites[i];
		cs->items[i].cell_id = cell_ids[i];
		cs->items[i].frequency_mhz = freq_mhz[i];
		cs->items[i].pci = -1;
	}
}

static void test_parse(void)
{
	unsigned char f[RF_PCI_MAX + 1];
	struct rf_error err;
	int a = -1, b = -1;
	TEST_BEGIN("--range A..B and --reserved P,A..B: values and refusals");
	CHECK(rf_pci_parse_range("10..20", &a, &b, &err) == 0 && a == 10 && b == 20);
	CHECK(rf_pci_parse_range("0..503", &a, &b, &err) == 0 && a == 0 && b == 503);
	CHECK(rf_pci_parse_range("5..2", &a, &b, &err) == -1);
	CHECK(strstr(err.msg, "--range: '5..2'") != NULL);
	CHECK(rf_pci_parse_range("0..504", &a, &b, &err) == -1);
	CHECK(rf_pci_parse_range("7", &a, &b, &err) == -1);
	CHECK(rf_pci_parse_range("..3", &a, &b, &err) == -1);
	CHECK(rf_pci_parse_range("1..x", &a, &b, &err) == -1);
	memset(f, 0, sizeof(f));
	CHECK(rf_pci_parse_list("1,5..7,503", f, &err) == 0);
	int n = 0;
	for (int i = 0; i <= RF_PCI_MAX; i++)
		n += f[i];
	CHECK(n == 5 && f[1] && f[5] && f[6] && f[7] && f[503]);
	CHECK(rf_pci_parse_list("7,600", f, &err) == -1 && strstr(err.msg, "'600'"));
	CHECK(rf_pci_parse_list("1,,2", f, &err) == -1);
	CHECK(rf_pci_parse_list("-1", f, &err) == -1);
	TEST_END();
}

/* A 4 x 1 grid of 0.001 deg pixels on the equator, cells A/1, A/2 (site
 * A), B/3, C/4 (C reaches no pixel):
 *   RSRP    px0   px1   px2   px3
 *   A/1     -70   -80   -90  -100
 *   A/2     -75   -78  -100   NaN
 *   B/3     -90   -85   -80   -70
 * best server: A/1, A/2, B/3, B/3 (the strongest).  Margin 6 dB:
 *   px0 (A/1 -70): A/2 -75 within 6 -> A/1 -> A/2; B/3 -90 not
 *   px1 (A/2 -78): A/1 -80 within 6 -> A/2 -> A/1; B/3 -85 is 7 dB below
 *   px2, px3 (B/3): A/1 and A/2 10 dB or more below: nothing
 * Borders: px0|px1 (A/1, A/2), px1|px2 (A/2, B/3): one pixel edge each,
 * 0.001 deg of latitude = 110.574 m at the equator (WGS84 meridian radius).
 * One pixel's area there: 0.1113195 km x 0.110574 km = 0.0123090 km2. */
static void test_neighbours(void)
{
	static const char *const sites[] = { "A", "A", "B", "C" };
	static const double freq[] = { 1800, 1800, 1800, 1800 };
	static float r0[] = { -70, -80, -90, -100 }, r1[] = { -75, -78, -100, NAN },
		     r2[] = { -90, -85, -80, -70 };
	static uint16_t best[] = { 0, 1, 2, 2 };
	float *rsrp[N_CELLS] = { r0, r1, r2, NULL };
	struct rf_window win[N_CELLS] = { { 0, 0, 4, 1 }, { 0, 0, 4, 1 }, { 0, 0, 4, 1 },
					  { 0, 0, 0, 0 } };
	struct rf_plan_input in;
	struct rf_nb_options o;
	struct rf_neighbours nb;
	struct rf_error err;
	const double px_km2 = 0.0123090, edge_km = 0.110574;

	memset(&in, 0, sizeof(in));
	make_cells(&in.cells, sites, freq);
	in.eng.grid = (struct rf_grid){ .west_deg = 10.0, .north_deg = 0.0005, .dlon_deg = 0.001,
					.dlat_deg = 0.001, .width = 4, .height = 1 };
	in.eng.windows = win;
	in.rsrp_dbm = rsrp;
	in.best = best;
	in.req.po.lte.min_rsrp_dbm = -120;
	rf_nb_options_default(&o);

	TEST_BEGIN("neighbours: overlap within the margin, borders, co-site, a cell reaching nothing");
	CHECK(rf_neighbours_compute(&in, &o, &nb, &err) == 0);
	CHECK_MSG(nb.n == 4, "%zu relations, want 4 (A1>A2, A2>A1, A2>B3, B3>A2)", nb.n);
	if (nb.n == 4) {
		const struct rf_nb_relation *r = nb.rel;
		CHECK(r[0].serving == 0 && r[0].neighbour == 1 && r[0].rank == 1);
		CHECK(r[0].why == (RF_NB_COSITE | RF_NB_OVERLAP | RF_NB_BORDER));
		CHECK_NEAR(r[0].overlap_km2, px_km2, 1e-5);
		CHECK_NEAR(r[0].share_pct, 100.0, 1e-9);
		CHECK_NEAR(r[0].border_km, edge_km, 1e-4);
		/* A/2: co-site A/1 first, then B/3 by its border only */
		CHECK(r[1].serving == 1 && r[1].neighbour == 0 && r[1].rank == 1);
		CHECK(r[2].serving == 1 && r[2].neighbour == 2 && r[2].rank == 2);
		CHECK(r[2].why == RF_NB_BORDER && r[2].overlap_km2 == 0);
		CHECK_NEAR(r[2].border_km, edge_km, 1e-4);
		CHECK(r[3].serving == 2 && r[3].neighbour == 1 && r[3].why == RF_NB_BORDER);
		CHECK(r[0].intra_freq);
	}
	CHECK_NEAR(nb.serving_area_km2[2], 2 * px_km2, 1e-5);
	CHECK(nb.serving_area_km2[3] == 0);
	rf_neighbours_free(&nb);
	TEST_END();

	TEST_BEGIN("neighbours: --threshold-dbm, --margin-db, --max, --symmetric");
	o.threshold_dbm = -74;     /* A/2's -75 at px0 no longer counts */
	CHECK(rf_neighbours_compute(&in, &o, &nb, &err) == 0);
	CHECK(nb.n == 4 && nb.rel[0].overlap_km2 == 0 && nb.rel[0].why == (RF_NB_COSITE | RF_NB_BORDER));
	rf_neighbours_free(&nb);
	o.threshold_dbm = NAN;
	o.margin_db = 7;           /* B/3 at px1 is exactly 7 dB below A/2: counts */
	CHECK(rf_neighbours_compute(&in, &o, &nb, &err) == 0);
	CHECK(nb.n == 4 && nb.rel[2].neighbour == 2 && nb.rel[2].overlap_km2 > 0);
	rf_neighbours_free(&nb);
	o.margin_db = 6;
	o.max_per_cell = 1;        /* A/2 keeps A/1 only; B/3 -> A/2 stays */
	CHECK(rf_neighbours_compute(&in, &o, &nb, &err) == 0);
	CHECK(nb.n == 3 && nb.n_dropped == 1);
	rf_neighbours_free(&nb);
	o.symmetric = 1;           /* B/3 -> A/2 brings back A/2 -> B/3, ranked 2 */
	CHECK(rf_neighbours_compute(&in, &o, &nb, &err) == 0);
	CHECK(nb.n == 4 && nb.n_symmetric == 1);
	if (nb.n == 4)
		CHECK(nb.rel[2].serving == 1 && nb.rel[2].neighbour == 2 && nb.rel[2].rank == 2 &&
		      (nb.rel[2].why & RF_NB_SYMMETRIC));
	rf_neighbours_free(&nb);
	o.margin_db = -1;
	CHECK(rf_neighbours_compute(&in, &o, &nb, &err) == -1 && strstr(err.msg, "--margin-db"));
	rf_neighbours_free(&nb);
	TEST_END();
	free(in.cells.items);
}

static void add_rel(struct rf_neighbours *nb, int s, int t, unsigned why)
{
	nb->rel = realloc(nb->rel, (nb->n + 1) * sizeof(*nb->rel));
	memset(&nb->rel[nb->n], 0, sizeof(*nb->rel));
	nb->rel[nb->n].serving = s;
	nb->rel[nb->n].neighbour = t;
	nb->rel[nb->n].why = why;
	nb->n++;
}

/* Cell 0 lists 1 and 2 (each lists 0 back); 1 and 2 are not related; 3 is
 * alone. */
static void test_audit(void)
{
	static const char *const sites[] = { "A", "B", "C", "D" };
	static const double same[] = { 1800, 1800, 1800, 1800 };
	static const double other[] = { 1800, 1800, 2600, 1800 };
	struct rf_cells cs;
	struct rf_neighbours nb;
	struct rf_pci_result r;
	struct rf_error err;

	memset(&nb, 0, sizeof(nb));
	add_rel(&nb, 0, 1, RF_NB_OVERLAP);
	add_rel(&nb, 0, 2, RF_NB_OVERLAP);
	add_rel(&nb, 1, 0, RF_NB_OVERLAP);
	add_rel(&nb, 2, 0, RF_NB_OVERLAP);
	make_cells(&cs, sites, same);

	TEST_BEGIN("pci audit: mod30, mod3, confusion, collision, carriers apart");
	{
		/* 0/30 and 0/30: equal mod 30 (so mod 3 too): two mod30; 1 and 2
		 * both 30 and both listed by 0: one confusion via 0; 3 alone */
		int pci[] = { 0, 30, 30, 0 };
		CHECK(rf_pci_audit(&cs, &nb, pci, &r, &err) == 0);
		CHECK(r.count[RF_PCI_MOD30] == 2 && r.count[RF_PCI_CONFUSION] == 1 &&
		      r.count[RF_PCI_COLLISION] == 0 && r.count[RF_PCI_MOD3] == 0 && r.n_conf == 3);
		for (size_t i = 0; i < r.n_conf; i++)
			if (r.conf[i].type == RF_PCI_CONFUSION)
				CHECK(r.conf[i].a == 1 && r.conf[i].b == 2 && r.conf[i].via == 0);
		rf_pci_result_free(&r);
	}
	{
		int pci[] = { 0, 3, 6, 9 };   /* all equal mod 3, none mod 30 */
		CHECK(rf_pci_audit(&cs, &nb, pci, &r, &err) == 0);
		CHECK(r.count[RF_PCI_MOD3] == 2 && r.n_conf == 2);
		rf_pci_result_free(&r);
	}
	{
		int pci[] = { 7, 7, 8, -1 };  /* a collision; 3 without a PCI */
		CHECK(rf_pci_audit(&cs, &nb, pci, &r, &err) == 0);
		CHECK(r.count[RF_PCI_COLLISION] == 1 && r.n_conf == 1 && r.conf[0].a == 0 &&
		      r.conf[0].b == 1);
		rf_pci_result_free(&r);
	}
	free(cs.items);
	make_cells(&cs, sites, other);
	{
		/* cell 2 on 2600 MHz: {0,2} and the confusion {1,2} are not conflicts */
		int pci[] = { 0, 30, 30, 0 };
		CHECK(rf_pci_audit(&cs, &nb, pci, &r, &err) == 0);
		CHECK(r.count[RF_PCI_MOD30] == 1 && r.n_conf == 1);
		rf_pci_result_free(&r);
	}
	TEST_END();
	free(cs.items);
	free(nb.rel);
}

/* Four co-site cells, all related: the optimum follows by counting. */
static void test_allocate(void)
{
	static const char *const sites[] = { "A", "A", "A", "A" };
	static const double freq[] = { 1800, 1800, 1800, 1800 };
	unsigned char reserved[RF_PCI_MAX + 1];
	struct rf_cells cs;
	struct rf_neighbours nb;
	struct rf_pci_options o;
	struct rf_pci_result r;
	struct rf_error err;

	memset(&nb, 0, sizeof(nb));
	for (int s = 0; s < N_CELLS; s++)
		for (int t = 0; t < N_CELLS; t++)
			if (s != t)
				add_rel(&nb, s, t, RF_NB_COSITE);
	make_cells(&cs, sites, freq);
	rf_pci_options_default(&o);

	TEST_BEGIN("pci allocation: 4 related cells, 3 / 4 / 4 less 1 reserved / 504 PCIs");
	/* 3 PCIs for 4 cells: one pair must share (pigeonhole): 1 collision,
	 * and the 2 other cells each list both: 2 confusions */
	o.first = 0;
	o.last = 2;
	CHECK(rf_pci_allocate(&cs, &nb, &o, &r, NULL, &err) == 0);
	CHECK(r.count[RF_PCI_COLLISION] == 1 && r.count[RF_PCI_CONFUSION] == 2);
	rf_pci_result_free(&r);
	/* 0..3: all differ, but 0 and 3 are equal mod 3: exactly 1 mod3 */
	o.last = 3;
	CHECK(rf_pci_allocate(&cs, &nb, &o, &r, NULL, &err) == 0);
	CHECK(r.count[RF_PCI_COLLISION] == 0 && r.count[RF_PCI_CONFUSION] == 0 &&
	      r.count[RF_PCI_MOD30] == 0 && r.count[RF_PCI_MOD3] == 1);
	rf_pci_result_free(&r);
	/* 0..3 with 3 reserved: 3 PCIs again */
	memset(reserved, 0, sizeof(reserved));
	reserved[3] = 1;
	o.reserved = reserved;
	CHECK(rf_pci_allocate(&cs, &nb, &o, &r, NULL, &err) == 0);
	CHECK(r.count[RF_PCI_COLLISION] == 1);
	for (int i = 0; i < N_CELLS; i++)
		CHECK(r.pci[i] >= 0 && r.pci[i] <= 2);
	rf_pci_result_free(&r);
	/* 4 cells, 3 residues mod 3: at least one mod3 pair whatever the range */
	o.reserved = NULL;
	o.last = RF_PCI_MAX;
	CHECK(rf_pci_allocate(&cs, &nb, &o, &r, NULL, &err) == 0);
	CHECK(r.count[RF_PCI_COLLISION] == 0 && r.count[RF_PCI_MOD30] == 0 &&
	      r.count[RF_PCI_MOD3] == 1);
	rf_pci_result_free(&r);
	/* every PCI reserved */
	memset(reserved, 1, sizeof(reserved));
	o.reserved = reserved;
	CHECK(rf_pci_allocate(&cs, &nb, &o, &r, NULL, &err) == -1 &&
	      strstr(err.msg, "no PCI is left"));
	TEST_END();
	free(cs.items);
	free(nb.rel);
}

int main(void)
{
	TEST_PLAN(5);
	test_parse();
	test_neighbours();
	test_audit();
	test_allocate();
	return test_exit_status();
}
