/* PCI ranges and lists, pci.csv, the conflict list and the whole `rfplan
 * pci` (planning.h). */
#include "core/mkdir_parents.h"
#include "rfplan/interrupt.h"
#include "rfplan/planning.h"
#include "rfplan/csvtab.h"
#include "core/output_util.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One PCI of text [s, e): a whole number in 0..503. */
static int pci_number(const char *s, size_t len, int *out)
{
	char buf[16];
	long v;
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (rf_parse_long(buf, &v) || v < 0 || v > RF_PCI_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

/* "A..B" or "P" of [s, s + len). */
static int pci_span(const char *s, size_t len, int *a, int *b)
{
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	if (!dots)
		return pci_number(s, len, a) || (*b = *a, 0);
	return pci_number(s, (size_t)(dots - s), a) ||
	       pci_number(dots + 2, len - (size_t)(dots - s) - 2, b) || *a > *b ? -1 : 0;
}

int rf_pci_parse_range(const char *s, int *first, int *last, struct rf_error *err)
{
	if (!strstr(s, "..") || pci_span(s, strlen(s), first, last))
		return rf_error_set(err, "option --range: '%s' is not A..B with 0 <= A <= B <= %d",
				    s, RF_PCI_MAX);
	return 0;
}

int rf_pci_parse_list(const char *s, unsigned char *flags, struct rf_error *err)
{
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int a, b;
		if (pci_span(p, len, &a, &b))
			return rf_error_set(err, "option --reserved: '%.*s' (in '%s') is not a PCI "
					    "0..%d or a range A..B", (int)len, p, s, RF_PCI_MAX);
		for (int v = a; v <= b; v++)
			flags[v] = 1;
		if (!e)
			return 0;
		p = e + 1;
	}
}

struct pci_csv {
	const struct rf_cells *cells;
	const struct rf_pci_result *r;
};

static int ids(FILE *f, const struct rf_cell *c)
{
	return rf_csv_write_field(f, c->site_id) || fputc(',', f) == EOF ||
	       rf_csv_write_field(f, c->cell_id);
}

static int write_plan(FILE *f, const void *ctx)
{
	const struct pci_csv *x = ctx;
	int n = x->r->n_cells, rc;
	long *count = rf_xcalloc((size_t)(n ? n : 1) * RF_PCI_N_TYPES, sizeof(long));
	for (size_t i = 0; i < x->r->n_conf; i++) {
		const struct rf_pci_conflict *c = &x->r->conf[i];
		count[(size_t)c->a * RF_PCI_N_TYPES + c->type]++;
		count[(size_t)c->b * RF_PCI_N_TYPES + c->type]++;
	}
	rc = fputs("site_id,cell_id,pci,frequency_mhz,collision,confusion,mod30,mod3\n", f) < 0;
	for (int i = 0; i < n && !rc; i++) {
		const long *k = &count[(size_t)i * RF_PCI_N_TYPES];
		rc = ids(f, &x->cells->items[i]) ||
		     fprintf(f, ",%d,%.6g,%ld,%ld,%ld,%ld\n", x->r->pci[i],
			     x->cells->items[i].frequency_mhz, k[RF_PCI_COLLISION],
			     k[RF_PCI_CONFUSION], k[RF_PCI_MOD30], k[RF_PCI_MOD3]) < 0;
	}
	free(count);
	return rc ? -1 : 0;
}

static int write_conflicts(FILE *f, const void *ctx)
{
	const struct pci_csv *x = ctx;
	int rc = fputs("type,site_id,cell_id,other_site_id,other_cell_id,pci,other_pci,"
		       "via_site_id,via_cell_id,frequency_mhz,weight\n", f) < 0;
	for (size_t i = 0; i < x->r->n_conf && !rc; i++) {
		const struct rf_pci_conflict *c = &x->r->conf[i];
		const struct rf_cell *a = &x->cells->items[c->a], *b = &x->cells->items[c->b];
		rc = fprintf(f, "%s,", rf_pci_conflict_name(c->type)) < 0 || ids(f, a) ||
		     fputc(',', f) == EOF || ids(f, b) ||
		     fprintf(f, ",%d,%d,", x->r->pci[c->a], x->r->pci[c->b]) < 0 ||
		     (c->via >= 0 ? ids(f, &x->cells->items[c->via]) : fputc(',', f) == EOF) ||
		     fprintf(f, ",%.6g,%.6g\n", a->frequency_mhz, c->weight) < 0;
	}
	return rc ? -1 : 0;
}

int rf_pci_write_plan(const char *path, const struct rf_cells *cells,
		      const struct rf_pci_result *r, struct rf_error *err)
{
	struct pci_csv x = { cells, r };
	return rf_out_write_text(path, write_plan, &x, err);
}

int rf_pci_write_conflicts(const char *path, const struct rf_cells *cells,
			   const struct rf_pci_result *r, struct rf_error *err)
{
	struct pci_csv x = { cells, r };
	return rf_out_write_text(path, write_conflicts, &x, err);
}

int rf_pci_run(const char *predict_dir, const char *workspace_dir, const char *cells_path,
	       const struct rf_pci_options *o, int audit, int threads, const char *csv_path,
	       struct rf_pci_result *out, struct rf_log *log, struct rf_error *err)
{
	struct rf_plan_input in;
	struct rf_neighbours nb;
	struct rf_nb_options nbo = o->nb;
	struct rf_made_dirs made = { NULL, 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&nb, 0, sizeof(nb));
	nbo.max_per_cell = 0;   /* every relation counts for collisions and confusions */
	nbo.symmetric = 0;
	/* the output's missing parents first: a bad -o fails before the work */
	if (rf_mkdir_parents(csv_path, &made, err))
		return -1;
	rc = rf_plan_load(predict_dir, workspace_dir, cells_path, threads, o->nb.no_cache, &in,
			  log, err) ||
	     rf_neighbours_compute(&in, &nbo, &nb, err);
	if (!rc && audit) {
		int *pci = rf_xmalloc((in.cells.count ? in.cells.count : 1) * sizeof(int));
		long missing = 0;
		for (size_t i = 0; i < in.cells.count; i++) {
			pci[i] = in.cells.items[i].pci;
			missing += pci[i] < 0;
		}
		if (missing == (long)in.cells.count)
			rc = rf_error_set(err, "no cell has a PCI (cells file column pci): give "
					  "--cells FILE with PCIs");
		else {
			if (missing)
				rf_warn(log, "%ld cell(s) without a PCI are not audited", missing);
			rc = rf_pci_audit(&in.cells, &nb, pci, out, err) ||
			     rf_interrupt_check(err) ||
			     rf_pci_write_conflicts(csv_path, &in.cells, out, err);
		}
		free(pci);
	} else if (!rc) {
		rc = rf_pci_allocate(&in.cells, &nb, o, out, log, err) ||
		     rf_interrupt_check(err) ||
		     rf_pci_write_plan(csv_path, &in.cells, out, err);
	}
	rf_neighbours_free(&nb);
	rf_plan_input_free(&in);
	if (rc) {   /* a failed or interrupted run leaves no directory it made */
		rf_made_dirs_undo(&made);
		rf_interrupt_note(err, csv_path);
	} else
		rf_made_dirs_keep(&made);
	return rc ? -1 : 0;
}
