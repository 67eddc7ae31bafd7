/* A cell's result (include/rfplan/engine.h): its RSRP from the loss and
 * gain, and its release. */
#include "rfplan/engine.h"

#include <stddef.h>
#include <stdlib.h>

void rf_cell_result_free(struct rf_cell_result *r)
{
	if (!r)
		return;
	free(r->loss_db);
	free(r->gain_dbi);
	r->loss_db = r->gain_dbi = NULL;
}

float rf_cell_rsrp_dbm(const struct rf_cell *c, float gain_dbi, float loss_db,
		       double rx_gain_dbi, double body_loss_db)
{
	double k = c->rs_epre_dbm - c->feeder_loss_db + rx_gain_dbi - body_loss_db;
	return (float)(k + (double)gain_dbi - (double)loss_db);
}

void rf_engine_rsrp(const struct rf_engine *eng, int cell, const struct rf_cell_result *r,
		    double rx_gain_dbi, double body_loss_db, float *out)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	size_t np = (size_t)r->win.width * (size_t)r->win.height;
	for (size_t i = 0; i < np; i++)
		out[i] = rf_cell_rsrp_dbm(c, r->gain_dbi[i], r->loss_db[i], rx_gain_dbi,
					  body_loss_db);
}
