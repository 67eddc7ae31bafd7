/* Free-space basic transmission loss, ITU-R P.525-4. */
#include "rfplan/model.h"

#include <math.h>

/* P.525-4 eq. (9): Lbf = 32.4 + 20 log f + 20 log d (f MHz, d km); the
 * constant is 20 log10(4 pi 1e9 / c) = 32.448 dB, kept to two decimals. */
double rf_fspl_freq_term_db(double freq_mhz)
{
	return 32.45 + 20.0 * log10(freq_mhz);
}

/* (32.45 + 20 log f) + 20 log d, added in that order as eq. (9) reads */
double rf_fspl_db_from(double freq_term_db, double dist_m)
{
	return freq_term_db + 20.0 * log10(dist_m / 1000.0);
}

double rf_fspl_db(double freq_mhz, double dist_m)
{
	return rf_fspl_db_from(rf_fspl_freq_term_db(freq_mhz), dist_m);
}
