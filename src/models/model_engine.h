/* Private to the coverage engine (src/engine/engine_pixel.c): the path loss alone,
 * without the terms only `rfplan profile` reports. */
#ifndef RFPLAN_MODEL_ENGINE_H
#define RFPLAN_MODEL_ENGINE_H

#include "rfplan/model.h"
#include "models/itm/itm_prep.h"

/* What the paths of one cell share (the model options and the frequency):
 * under ITM, the parameters checked and their part of the work done once
 * (itm_p2p.c).  Set by rf_model_cell_prepare; a cell whose parameters ITM
 * refuses is not prepared, and each path then fails with ITM's message. */
struct rf_model_cell {
	double freq_mhz;
	double fspl_freq_db;       /* rf_fspl_freq_term_db(freq_mhz) */
	int itm_ready;
	struct itm_p2p_prep itm;
};

/* 0 when the model's loss needs no terrain heights (free space): the
 * engine then samples no profile. */
int rf_model_needs_terrain(const struct rf_model_options *o);

/* 0 when the model accounts for the clutter at the receiver itself (P.1812:
 * the terminal stands on the ground among its representative clutter), so
 * the class's loss_db is not added. */
int rf_model_adds_clutter_loss(const struct rf_model_options *o);

void rf_model_cell_prepare(const struct rf_model_options *o, double freq_mhz,
			   struct rf_model_cell *mc);

/* As rf_model_path_loss(), with the same path_loss_db and warnings, but
 * without the terms the model does not use: under ITM, FSPL, Hata and
 * COST-231 the knife-edge geometry (rf_path_geometry: line of sight,
 * clearance, Deygout edges, mode) is skipped, so those fields are left 0
 * (ITM sets its own mode and effective height); under FSPL the profile's
 * heights are not read at all (prof->ground_m may be NULL: n and step_m
 * give the distance).  LOS and SPM: exactly rf_model_path_loss().  mc:
 * NULL, or prepared for o and link->freq_mhz (the same results, less work
 * per path). */
int rf_model_path_loss_lean(const struct rf_model_options *o, const struct rf_model_cell *mc,
			    const struct rf_link *link, const struct rf_profile *prof,
			    struct rf_loss_terms *out, struct rf_error *err);
/* The same with the path's position (rf_model_path_loss_geo; P.1812 uses
 * it; may be NULL). */
int rf_model_path_loss_lean_geo(const struct rf_model_options *o, const struct rf_model_cell *mc,
				const struct rf_link *link, const struct rf_profile *prof,
				const struct rf_path_geo *geo, struct rf_loss_terms *out,
				struct rf_error *err);

#endif
