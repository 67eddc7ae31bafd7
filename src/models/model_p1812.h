/* Private: ITU-R P.1812 behind rf_model_path_loss (src/models/model_p1812.c). */
#ifndef RFPLAN_MODEL_P1812_H
#define RFPLAN_MODEL_P1812_H

#include "rfplan/model.h"

/* P.1812 along an rfplan profile (equally spaced, clutter heights, water
 * flags and terminal positions from geo, which may be NULL): fills out's distance, free space (eq. 8),
 * diffraction (Ldp), path_loss_db (Lb), mode and the p1812 terms.  The
 * terminals stand on the ground, as P.1812-6 sec. 3.2 says (no raising to
 * the clutter top). */
int rf_model_p1812(const struct rf_model_options *o, const struct rf_link *link,
		   const struct rf_profile *prof, const struct rf_path_geo *geo,
		   struct rf_loss_terms *out, struct rf_error *err);

#endif
