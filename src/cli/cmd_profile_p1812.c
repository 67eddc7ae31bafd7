/* `rfplan profile` under ITU-R P.1812: report terms and the profile-file
 * form (cmd_profile_p1812.h). */
#include "cmd_profile_p1812.h"

#include <stdio.h>
#include <stdlib.h>

void p1812_json_terms(json_t *o, const struct rf_p1812_result *r)
{
	json_t *p = json_object();
	json_object_set_new(o, "mechanism", json_string(rf_p1812_mechanism_name(r->mechanism)));
	json_object_set_new(p, "free_space_db", json_real(r->lbfs_db));
	json_object_set_new(p, "line_of_sight_db", json_real(r->lb0p_db));
	json_object_set_new(p, "diffraction_loss_db", json_real(r->ldp_db));
	json_object_set_new(p, "diffraction_db", json_real(r->lbd_db));
	json_object_set_new(p, "bullington_actual_db", json_real(r->lbulla_db));
	json_object_set_new(p, "bullington_smooth_db", json_real(r->lbulls_db));
	json_object_set_new(p, "spherical_earth_db", json_real(r->ldsph_db));
	json_object_set_new(p, "troposcatter_db", json_real(r->lbs_db));
	json_object_set_new(p, "ducting_db", json_real(r->lba_db));
	json_object_set_new(p, "lbam_db", json_real(r->lbam_db));
	json_object_set_new(p, "lbc_db", json_real(r->lbc_db));
	json_object_set_new(p, "location_variability_db", json_real(r->lloc_db));
	json_object_set_new(p, "path_loss_db", json_real(r->lb_db));
	json_object_set_new(p, "mechanism", json_string(rf_p1812_mechanism_name(r->mechanism)));
	json_object_set_new(p, "line_of_sight_path", json_boolean(r->los));
	json_object_set_new(p, "b0_pct", json_real(r->b0_pct));
	json_object_set_new(p, "ae_km", json_real(r->ae_km));
	json_object_set_new(p, "theta_mrad", json_real(r->theta_mrad));
	json_object_set_new(p, "dlt_km", json_real(r->dlt_km));
	json_object_set_new(p, "dlr_km", json_real(r->dlr_km));
	json_object_set_new(p, "sea_fraction", json_real(r->omega));
	json_object_set_new(o, "p1812", p);
}

void p1812_text_terms(const struct rf_p1812_result *r)
{
	printf("P.1812 path:     %s, angular distance %.3f mrad, horizons %.3f / %.3f km, "
	       "b0 %.3f %%, ae %.1f km, sea %.0f %%\n", r->los ? "line of sight" : "transhorizon",
	       r->theta_mrad, r->dlt_km, r->dlr_km, r->b0_pct, r->ae_km, 100.0 * r->omega);
	printf("free space:      %.2f dB (eq. 8); line of sight %.2f dB (eq. 10)\n", r->lbfs_db,
	       r->lb0p_db);
	printf("diffraction:     %.2f dB (Ldp, eq. 41; Bullington %.2f, smooth %.2f, "
	       "spherical %.2f); Lbd %.2f dB\n", r->ldp_db, r->lbulla_db, r->lbulls_db,
	       r->ldsph_db, r->lbd_db);
	printf("troposcatter:    %.2f dB (eq. 44)\n", r->lbs_db);
	printf("ducting:         %.2f dB (eq. 46)\n", r->lba_db);
	printf("combined:        Lbam %.2f dB, Lbc %.2f dB, location %.2f dB\n", r->lbam_db,
	       r->lbc_db, r->lloc_db);
	printf("mechanism:       %s\n", rf_p1812_mechanism_name(r->mechanism));
}

static void print_report(const struct p1812_file_args *a, const struct rf_p1812_prep *pr,
			 const struct rf_p1812_profile_file *f,
			 const struct rf_p1812_result *r)
{
	const struct rf_p1812_params *p = &pr->p;
	if (a->json) {
		json_t *o = json_object();
		char *s;
		json_object_set_new(o, "model", json_string("p1812"));
		json_object_set_new(o, "profile", json_string(a->file));
		json_object_set_new(o, "freq_mhz", json_real(p->freq_mhz));
		json_object_set_new(o, "time_pct", json_real(p->time_pct));
		json_object_set_new(o, "location_pct", json_real(p->location_pct));
		json_object_set_new(o, "polarization", json_string(p->polarization ? "v" : "h"));
		json_object_set_new(o, "tx_height_agl_m", json_real(p->tx_height_m));
		json_object_set_new(o, "rx_height_agl_m", json_real(p->rx_height_m));
		json_object_set_new(o, "dn", json_real(p->dn));
		json_object_set_new(o, "n0", json_real(p->n0));
		json_object_set_new(o, "path_centre_lat_deg", json_real(p->phi_path_deg));
		json_object_set_new(o, "n_points", json_integer(f->n));
		json_object_set_new(o, "distance_km", json_real(f->d_km[f->n - 1]));
		json_object_set_new(o, "free_space_db", json_real(r->lbfs_db));
		json_object_set_new(o, "diffraction_db", json_real(r->ldp_db));
		json_object_set_new(o, "troposcatter_db", json_real(r->lbs_db));
		json_object_set_new(o, "ducting_db", json_real(r->lba_db));
		json_object_set_new(o, "path_loss_db", json_real(r->lb_db));
		p1812_json_terms(o, r);
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
		printf("%s\n", s);
		free(s);
		json_decref(o);
	} else if (a->csv) {
		printf("model,freq_mhz,time_pct,location_pct,distance_km,free_space_db,"
		       "diffraction_db,troposcatter_db,ducting_db,path_loss_db,mechanism\n");
		printf("p1812,%.6g,%.6g,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%s\n", p->freq_mhz,
		       p->time_pct, p->location_pct, f->d_km[f->n - 1], r->lbfs_db, r->ldp_db,
		       r->lbs_db, r->lba_db, r->lb_db, rf_p1812_mechanism_name(r->mechanism));
	} else {
		printf("profile:         %s, %d points over %.3f km\n", a->file, f->n,
		       f->d_km[f->n - 1]);
		printf("model:           ITU-R P.1812-6 at %.6g MHz, %g %% time, %g %% locations, "
		       "pol %s, DN %g, N0 %g, path centre %.4f deg\n", p->freq_mhz, p->time_pct,
		       p->location_pct, p->polarization ? "v" : "h", p->dn, p->n0,
		       p->phi_path_deg);
		p1812_text_terms(r);
		printf("path loss:       %.2f dB (Lb, eq. 69)\n", r->lb_db);
	}
}

int p1812_profile_file(const char *cmd, const struct p1812_file_args *a)
{
	const struct model_cli *m = a->m;
	const struct rf_model_options *o = &m->model;
	struct rf_p1812_profile_file f;
	struct rf_p1812_params p = {
		.freq_mhz = m->link.freq_mhz, .time_pct = o->time_pct,
		.location_pct = o->location_pct, .wa_m = o->wa_m,
		.polarization = o->polarization, .tx_height_m = m->link.tx_height_agl_m,
		.rx_height_m = m->link.rx_height_agl_m, .dn = o->dn, .n0 = o->p1812_n0,
		.dct_km = o->dct_km, .dcr_km = o->dcr_km,
	};
	struct rf_p1812_prep prep;
	struct rf_p1812_result r;
	struct rf_error err;

	if (rf_p1812_profile_read(a->file, &f, &err)) {
		cli_error(cmd, "option --profile: %s", err.msg);
		return 2;
	}
	p.phi_path_deg = rf_p1812_gc_lat_deg(a->tx_lat_deg, a->tx_lon_deg, a->rx_lat_deg,
					     a->rx_lon_deg, 0.5 * f.d_km[f.n - 1]);
	p.sigma_loc_db = rf_p1812_sigma_loc_db(p.freq_mhz, p.wa_m, p.rx_height_m, f.r_m[f.n - 1]);
	struct rf_p1812_path path = { f.n, f.d_km, 0.0, f.h_m, f.r_m, f.zone };
	if (rf_p1812_prepare(&p, &prep, &err) || rf_p1812_loss(&prep, &path, &r, &err)) {
		cli_error(cmd, "%s: %s", a->file, err.msg);
		rf_p1812_profile_free(&f);
		return 2;
	}
	print_report(a, &prep, &f, &r);
	rf_p1812_profile_free(&f);
	return 0;
}
