/* The standard normal distribution's quantile, shared by the statistical
 * ITU-R models (P.2108, P.2109). */
#ifndef RFPLAN_NORMAL_H
#define RFPLAN_NORMAL_H

/* x such that P(X <= x) = p for X ~ N(0, 1), 0 < p < 1 (NAN otherwise).
 * Accurate to a few units in the last place over (1e-300, 1 - 1e-16):
 * P. J. Acklam's rational approximation (relative error < 1.2e-9) refined
 * by one Halley step on erfc().  The inverse complementary distribution of
 * ITU-R P.1057 / P.2108, Q^-1(p), is -rf_normal_quantile(p). */
double rf_normal_quantile(double p);

#endif
