/* Drive-test / walk-test measurements (doc/calibration.md): RSRP samples at
 * points, read from CSV files in one of three formats:
 *   csv         generic: lat,lon,rsrp_dbm plus optional site_id, cell_id, pci,
 *               earfcn or frequency_mhz, time (other header names mapped with
 *               rf_measure_columns_parse, e.g. "lat=Latitude,rsrp_dbm=RSRP")
 *   cork        the UCC LTE/5G drive-test CSVs (Raca et al., MMSys 2020):
 *               Longitude,Latitude,CellID,NetworkMode,RSRP,...; "-" = missing;
 *               rows whose NetworkMode is neither LTE nor 5G (NSA, LTE anchor)
 *               carry no LTE RSRP and are excluded
 *   opencellid  OpenCelliD measurement exports: mcc,mnc,lac,cellid,lat,lon,
 *               signal,...,act,...,pci; rows whose act is not LTE excluded
 * Rows with a missing or invalid value are counted by reason and reported,
 * never guessed.  RSRP must lie in [-150, -44] dBm: the 3GPP TS 36.133
 * reporting range of a UE (sec. 9.1.4, -140 .. -44) widened to a scanner's
 * noise floor; compare's --floor-dbm (default -140) filters below. */
#ifndef RFPLAN_MEASURE_H
#define RFPLAN_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "rfplan/error.h"

enum rf_measure_format {
	RF_MEAS_AUTO, RF_MEAS_CSV, RF_MEAS_CORK, RF_MEAS_OPENCELLID
};

/* Why a row was not kept. */
enum rf_measure_reason {
	RF_MEAS_MISSING_COORD,   /* empty or "-" latitude/longitude */
	RF_MEAS_BAD_COORD,       /* not a number, out of range, or 0,0 */
	RF_MEAS_MISSING_RSRP,    /* empty or "-" RSRP */
	RF_MEAS_BAD_RSRP,        /* not a number or outside [-150, -44] dBm */
	RF_MEAS_NOT_LTE,         /* the row's technology is not LTE */
	RF_MEAS_BAD_TIME,        /* a time that is none of the forms read */
	RF_MEAS_N_REASONS
};

struct rf_measurement {
	double lat_deg, lon_deg;
	double rsrp_dbm;
	char *site_id;        /* owned, NULL when not given */
	char *cell_id;        /* owned, NULL when not given */
	int pci;              /* -1 when not given */
	double freq_mhz;      /* downlink carrier, NAN when not given */
	char *group;          /* owned: the --offset-by column's value, NULL none */
	char *fold_group;     /* owned: the --folds-by column's value, NULL none */
	double time_s;        /* UTC seconds since 1970 (csv "time", Cork's
				 Timestamp), NAN when not given */
	int file;             /* index of the file in rf_measurements.files */
	long line;            /* line in that file */
};

struct rf_measurements {
	struct rf_measurement *items;   /* owned */
	size_t count;
	char **files;                   /* owned paths */
	enum rf_measure_format *formats;/* format of each file */
	int n_files;
	long n_rows;                    /* data rows read (all files) */
	long excluded[RF_MEAS_N_REASONS];
	long first_line[RF_MEAS_N_REASONS]; /* first excluded line per reason */
	int first_file[RF_MEAS_N_REASONS];
};

/* Header names for the generic format's fields, "" = not present. */
struct rf_measure_columns {
	const char *lat, *lon, *rsrp, *site_id, *cell_id, *pci, *earfcn, *freq, *time;
	const char *group;    /* calibrate --offset-by column=NAME: any format's
				 column NAME, kept as the row's group ("" none) */
	const char *fold;     /* calibrate --folds-by column=NAME: the same, kept
				 as the row's fold_group ("" none); may name the
				 same column as group */
};

/* The default names (lat, lon, rsrp_dbm, site_id, cell_id, pci, earfcn,
 * frequency_mhz, time). */
void rf_measure_columns_default(struct rf_measure_columns *c);
/* "lat=Latitude,rsrp_dbm=RSRP,...": keys are the default names; strings in
 * c point into spec, which must outlive c.  Errors name the key. */
int rf_measure_columns_parse(char *spec, struct rf_measure_columns *c, struct rf_error *err);

int rf_measure_format_parse(const char *name, enum rf_measure_format *out);
const char *rf_measure_format_name(enum rf_measure_format f);
const char *rf_measure_reason_name(enum rf_measure_reason r);

void rf_measurements_init(struct rf_measurements *m);
/* Append the rows of one file.  fmt RF_MEAS_AUTO: decided by the header
 * (cork: NetworkMode and RSRP; opencellid: mcc, cellid and signal; csv:
 * the latitude, longitude and RSRP columns of cols); a header of no known
 * format fails with "FILE:1: no known measurement format ...".  A file
 * that yields no kept row is not an error here (the caller decides).
 * Returns 0 or -1 with err (nothing appended). */
int rf_measurements_read(struct rf_measurements *m, const char *path,
			 enum rf_measure_format fmt, const struct rf_measure_columns *cols,
			 struct rf_error *err);
void rf_measurements_free(struct rf_measurements *m);

/* Before reading: the rows of the files (counted by a scan that holds
 * nothing) against the memory limit (RFPLAN_MAX_MEMORY_MB, limits.h): the
 * largest file's CSV table while it is read, the reader's record of every
 * row, and point_bytes per row that the caller keeps (compare:
 * rf_compare_point_bytes).  0, or -1 with err naming the file that passes
 * the limit, the rows, the estimate and the limit ("FILE: N measurement
 * rows would need about X of memory; the limit is Y (...)"). */
int rf_measurements_check_memory(const char *const *paths, int n_paths,
				 uint64_t point_bytes, struct rf_error *err);

/* Downlink carrier frequency of an E-UTRA ARFCN (3GPP TS 36.101 table
 * 5.7.3-1, F_DL = F_DL_low + 0.1 (N_DL - N_Offs-DL)) for the bands in its
 * table that rfplan knows; NAN for an unknown EARFCN. */
double rf_earfcn_dl_mhz(long earfcn);

#endif
