/* `rfplan profile` under P.1812 (CLI only, src/cli/cmd_profile_p1812.c): the
 * terms of the JSON and text reports, and the direct profile-file form. */
#ifndef RFPLAN_CMD_PROFILE_P1812_H
#define RFPLAN_CMD_PROFILE_P1812_H

#include <jansson.h>

#include "model_opts.h"
#include "rfplan/p1812.h"

/* Adds "mechanism" and a "p1812" object with every term to o. */
void p1812_json_terms(json_t *o, const struct rf_p1812_result *r);
/* Prints the terms, one per line, in the text report's layout. */
void p1812_text_terms(const struct rf_p1812_result *r);

/* rfplan profile --model p1812 --profile FILE (d_km,h_m_amsl,R_m,zone). */
struct p1812_file_args {
	const char *file;
	double tx_lat_deg, tx_lon_deg, rx_lat_deg, rx_lon_deg;
	int json, csv;
	const struct model_cli *m;
};
/* Prints the report; 0, or 2 after printing the error (a bad file or a
 * parameter outside P.1812's ranges; nothing printed on stdout). */
int p1812_profile_file(const char *cmd, const struct p1812_file_args *a);

#endif
