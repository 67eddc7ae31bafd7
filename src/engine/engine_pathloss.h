/* Path-loss matrices (doc/engine.md, "Path-loss matrices"): the part of a
 * cell's result that does not depend on its antenna (loss_db over its
 * window, with the model's warnings and refusals) kept in WS/pathloss/ as a
 * tiled DEFLATE Float32 GeoTIFF named KEY.tif, KEY the SHA-256 of every
 * input that changes it.  Private to engine_predict.c, engine_pathloss.c and
 * engine_pathloss_admin.c. */
#ifndef RFPLAN_ENGINE_PATHLOSS_H
#define RFPLAN_ENGINE_PATHLOSS_H

#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "rfplan/workspace.h"

struct rf_pathloss_store {
	char *dir;                  /* WS/pathloss (owned) */
	char *shown;                /* its name in messages (owned): dir, or for the
				       extended workspace (dir /proc/self/fd/N/pathloss)
				       WS/pathloss/ext-HASH-xF/pathloss */
	char content_sha256[65];    /* dem.tif, clutter.tif, clutter_classes.csv */
};

/* The SHA-256 of the workspace's content (dem.tif, clutter.tif,
 * clutter_classes.csv; "none" for an absent one) in hex.  Returns 0, or -1
 * with err naming the file. */
int rf_pathloss_content_sha256(const struct rf_workspace *ws, char hex[65],
			       struct rf_error *err);

/* Hash the workspace's content (WS/pathloss is created by the first save).
 * Returns 0, or -1 with err (the caller then runs without matrices), also
 * when WS/pathloss exists but is no directory (a symbolic link, a file:
 * "WS/pathloss: not a directory (a link is not followed)"): a store is
 * never read or written through a link. */
int rf_pathloss_store_open(struct rf_pathloss_store *s, const struct rf_workspace *ws,
			   struct rf_error *err);
/* The same, the store named ws_shown/pathloss in messages (ws_shown: ws's
 * directory as the user knows it, NULL for ws->dir). */
int rf_pathloss_store_open_as(struct rf_pathloss_store *s, const struct rf_workspace *ws,
			      const char *ws_shown, struct rf_error *err);
void rf_pathloss_store_close(struct rf_pathloss_store *s);

/* The key of cell `cell`'s matrix over window win (engine grid) in hex, 64
 * chars + NUL.  Returns 0, or -1 with err (a value JSON cannot hold). */
int rf_pathloss_key(const struct rf_pathloss_store *s, const struct rf_engine *eng,
		    const struct rf_predict_options *o, int cell, const struct rf_window *win,
		    char key[65], struct rf_error *err);

/* Fill res (win set by the caller) from KEY.tif: loss_db (allocated),
 * warnings, n_failed, first_failure.  KEY.tif is opened relative to the
 * store's directory (itself opened without following a link) with
 * O_NOFOLLOW | O_NONBLOCK, checked to be a regular file by fstat and read
 * by GDAL through that descriptor (/proc/self/fd/N; core/cache_dir.h).
 * 1 when read; 0 when absent or not usable (another window, unreadable);
 * -1 when refused: the entry a link, a FIFO, a device ("DIR/KEY.tif: a FIFO,
 * not read"), the store no longer a directory, /proc/self/fd not usable
 * (res unchanged, why in err). */
int rf_pathloss_load(const struct rf_pathloss_store *s, const char *key,
		     struct rf_cell_result *res, struct rf_error *err);

/* Write res's loss as KEY.tif atomically (a temporary file created in the
 * store's directory with O_EXCL | O_NOFOLLOW relative to its descriptor,
 * written through its own descriptor, renamed with renameat: concurrent
 * writers of one key publish identical files; a link at KEY.tif is
 * replaced, never followed). */
int rf_pathloss_save(const struct rf_pathloss_store *s, const char *key,
		     const struct rf_engine *eng, int cell, const struct rf_cell_result *res,
		     struct rf_error *err);

#endif
