/* The service-map options in run.json ("parameters"."lte_service"), written
 * by rfplan predict and read back by rfplan merge so that the merge writes
 * the same service maps as the single run (jansson). */
#ifndef RFPLAN_LTE_SERVICE_JSON_H
#define RFPLAN_LTE_SERVICE_JSON_H

#include <jansson.h>

#include "rfplan/lte_service.h"

/* A new object (the caller owns the reference). */
json_t *rf_lte_service_json(const struct rf_lte_service_params *p);
/* From such an object; NULL (a run.json before the service maps) gives
 * options that write no service map.  Returns 0, or -1 when a member is
 * missing or malformed. */
int rf_lte_service_from_json(const json_t *j, struct rf_lte_service_params *p);

#endif
