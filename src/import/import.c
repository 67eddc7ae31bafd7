/* rf_import(): the import's steps in order, built in a temporary directory
 * next to the workspace and renamed into place only when complete. */
#include "import_priv.h"
#include "rfplan/interrupt.h"
#include "core/mkdir_parents.h"
#include "rfplan/output.h"
#include "rfplan/sha256.h"
#include "rfplan/workspace.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void rf_import_options_default(struct rf_import_options *o)
{
	memset(o, 0, sizeof(*o));
	rf_sites_options_default(&o->sites);
	o->res_mode = RF_RES_AUTO;
}

/* "WORKDIR" without trailing slashes + suffix, malloc'd. */
static char *sibling(const char *workdir, const char *suffix)
{
	size_t n = strlen(workdir);
	char *p;
	while (n > 1 && workdir[n - 1] == '/')
		n--;
	p = rf_xmalloc(n + strlen(suffix) + 1);
	memcpy(p, workdir, n);
	strcpy(p + n, suffix);
	return p;
}

static int check_options(const struct rf_import_options *o, struct rf_error *err)
{
	if (!o->workdir || !*o->workdir)
		return rf_error_set(err, "option -o: the workspace directory is required");
	if (o->n_dem < 1)
		return rf_error_set(err, "option --dem: at least one DEM is required");
	if (!o->clutter_path != !o->clutter_classes)
		return rf_error_set(err, "option %s: --clutter and --clutter-classes go together",
				    o->clutter_path ? "--clutter" : "--clutter-classes");
	if (o->margin_km > 0 && !o->sites_path)
		return rf_error_set(err, "option --margin: needs --sites");
	if (o->has_bounds && o->margin_km > 0)
		return rf_error_set(err, "options --bounds and --margin exclude each other");
	return 0;
}

/* Where the workspace goes: nothing there, or a workspace with --force. */
static int check_target(const struct rf_import_options *o, struct rf_error *err)
{
	int kind = rf_workspace_probe(o->workdir);
	if (kind < 0)
		return rf_error_set(err, "%s: exists and is not an rfplan workspace; not "
				    "overwriting it", o->workdir);
	if (kind > 0 && !o->force)
		return rf_error_set(err, "%s: workspace exists (use --force to replace it)",
				    o->workdir);
	return 0;
}

/* The names an import writes in a workspace (doc/workspace.md): everything
 * else in a workspace (a predict/ output, a planner's notes) is not the
 * workspace's own and is kept by import --force. */
static const char *const own_names[] = { "manifest.json", "dem.tif", "clutter.tif",
					  "clutter_classes.csv", "sites.csv", "cells.csv",
					  "antennas", NULL };

static int is_own(const char *name)
{
	for (int i = 0; own_names[i]; i++)
		if (!strcmp(own_names[i], name))
			return 1;
	return 0;
}

/* Move what is not the workspace's own from old (the previous workspace,
 * moved aside) into the new workspace dst.  Returns the number left behind
 * (a name the new workspace holds too, or a failed rename). */
static int carry_over(const char *old, const char *dst)
{
	int ofd = open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int nfd = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = ofd >= 0 ? fdopendir(ofd) : NULL;
	struct dirent *e;
	int left = 0;
	if (!d || nfd < 0)
		left = 1;
	while (d && nfd >= 0 && (e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, RF_TMP_MARKER) || is_own(e->d_name))
			continue;
		if (fstatat(nfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		    renameat(dirfd(d), e->d_name, nfd, e->d_name))
			left++;
	}
	if (d)
		closedir(d);
	else if (ofd >= 0)
		close(ofd);
	if (nfd >= 0)
		close(nfd);
	return left;
}

/* Rename the finished temporary directory into place; an old workspace is
 * moved aside first, what is not its own moved into the new one, and the
 * rest removed (or, when something could not be moved, kept aside and
 * named in the error). */
static int commit(struct rf_imp_state *st, struct rf_error *err)
{
	const char *dst = st->opts->workdir;
	char *old = NULL;
	int rc = 0;

	if (check_target(st->opts, err))
		return -1;
	if (rf_workspace_probe(dst) > 0) {
		char tag[48];
		snprintf(tag, sizeof(tag), ".old-%ld-XXXXXX", (long)getpid());
		old = sibling(dst, tag);
		if (!mkdtemp(old) || rename(dst, old) != 0) {
			rc = rf_error_set(err, "%s: cannot move the old workspace aside: %s", dst,
					  strerror(errno));
			rmdir(old);
			free(old);
			return rc;
		}
		rf_dir_mark_temp(old);
	}
	rf_dir_unmark_temp(st->tmpdir);
	if (rename(st->tmpdir, dst) != 0) {
		rc = rf_error_set(err, "%s: cannot rename %s into place: %s", dst, st->tmpdir,
				  strerror(errno));
		rf_dir_mark_temp(st->tmpdir);
		if (old && rename(old, dst) == 0)
			rf_dir_unmark_temp(dst);
	} else if (old && carry_over(old, dst)) {
		rf_dir_unmark_temp(old);
		rc = rf_error_set(err, "%s: the new workspace is in place, but some files of "
				  "the previous one that are not the workspace's own could not be "
				  "moved into it; they are kept in %s", dst, old);
	} else if (old) {
		rf_imp_remove_tree(old);
	}
	free(old);
	return rc;
}

static void report_grid(struct rf_imp_state *st)
{
	const struct rf_grid *g = &st->grid;
	struct rf_bounds b;
	size_t n = (size_t)g->width * (size_t)g->height;
	rf_grid_bounds(g, &b);
	rf_info(st->log, "grid: %d x %d pixels, %.3f x %.3f m (%.9g x %.9g degrees)", g->width,
		g->height, st->res_ew_m, st->res_ns_m, g->dlon_deg, g->dlat_deg);
	rf_info(st->log, "extent: west %.6f south %.6f east %.6f north %.6f", b.west_deg,
		b.south_deg, b.east_deg, b.north_deg);
	if (st->dem_voids)
		rf_warn(st->log, "DEM: %llu of %zu pixels (%.2f%%) are voids (no source data)",
			st->dem_voids, n, 100.0 * (double)st->dem_voids / (double)n);
	else
		rf_info(st->log, "DEM: no voids");
}

static int run(struct rf_imp_state *st, struct rf_error *err)
{
	const struct rf_import_options *o = st->opts;
	char *path;
	int rc;

	if (rf_imp_allow_sources(o, &st->trust.allow, err))
		return -1;
	st->trust.root = o->inputs_root;
	if (o->sites_path && rf_imp_sites_read(st, err))
		return -1;
	if (o->clutter_path) {
		if (rf_class_table_read(o->clutter_classes, &st->classes, err) ||
		    rf_sha256_file(o->clutter_classes, st->classes_sha256, err))
			return -1;
		st->has_clutter = 1;
	}
	st->dem = rf_xcalloc(o->n_dem, sizeof(*st->dem));
	for (size_t i = 0; i < o->n_dem; i++) {
		st->n_dem = i + 1;
		if (rf_imp_source_open(&st->dem[i], o->dem_paths[i], "dem", o->dem_srs, "dem-srs",
				       o->dem_band, "dem-band", &st->trust, st->log, err))
			return -1;
		rf_imp_source_report(&st->dem[i], st->log);
	}
	if (rf_imp_dem_units(st, err) || rf_imp_grid(st, err))
		return -1;
	if (st->has_sites && rf_imp_sites_check(st, err))
		return -1;
	if (o->cells_path && rf_imp_cells(st, err))
		return -1;
	/* the warps stop at a signal themselves (rf_gdal_progress) */
	if (rf_interrupt_check(err) || rf_imp_dem(st, err))
		return -1;
	report_grid(st);
	if (rf_interrupt_check(err) || (st->has_clutter && rf_imp_clutter(st, err)))
		return -1;
	path = rf_path_join(st->tmpdir, "manifest.json");
	rc = rf_imp_manifest_write(st, path, err);
	free(path);
	return rc;
}

static void state_free(struct rf_imp_state *st)
{
	for (size_t i = 0; i < st->n_dem; i++)
		rf_imp_source_close(&st->dem[i]);
	free(st->dem);
	if (st->clutter.path)
		rf_imp_source_close(&st->clutter);
	if (st->has_clutter)
		rf_class_table_free(&st->classes);
	free(st->missing);
	free(st->clutter_resampling);
	if (st->has_sites) {
		rf_sites_free(&st->sites);
		rf_sites_report_free(&st->sites_report);
	}
	free(st->outside_ids);
	free(st->tmpdir);
}

int rf_import(const struct rf_import_options *opts, struct rf_log *log,
	      struct rf_error *err)
{
	struct rf_imp_state st;
	struct rf_made_dirs made = { NULL, 0 };
	char tag[48];
	int rc;

	memset(&st, 0, sizeof(st));
	st.opts = opts;
	st.log = log;
	if (check_options(opts, err) || check_target(opts, err))
		return -1;
	if (rf_mkdir_parents(opts->workdir, &made, err))
		return -1;
	/* the PID lets a later import remove this directory if the run is
	 * killed (import_stale.c) */
	snprintf(tag, sizeof(tag), ".tmp-%ld-XXXXXX", (long)getpid());
	rf_imp_clean_stale(opts->workdir, rf_workspace_probe(opts->workdir) > 0);
	{
		char *t = sibling(opts->workdir, tag);
		st.tmpdir = rf_dir_make_temp(t, err);
		free(t);
	}
	if (!st.tmpdir) {
		rf_made_dirs_undo(&made);
		return -1;
	}
	rc = run(&st, err);
	if (rc == 0)   /* a signal during the last steps: the earlier workspace stays */
		rc = rf_interrupt_check(err) ? -1 : commit(&st, err);
	if (rc) {   /* nothing written: the parents made above go too */
		rf_imp_remove_tree(st.tmpdir);
		rf_made_dirs_undo(&made);
		rf_interrupt_note(err, opts->workdir);
	} else {
		rf_made_dirs_keep(&made);
		rf_info(log, "workspace %s written", opts->workdir);
	}
	state_free(&st);
	return rc;
}
