/* Private to src/measure/calibrate*.c: dense n x n systems, row-major. */
#ifndef RFPLAN_MEASURE_CALIBRATE_LINALG_H
#define RFPLAN_MEASURE_CALIBRATE_LINALG_H

/* A x = b by Gaussian elimination with partial pivoting (A and b
 * overwritten, x in b); -1 when singular. */
int rf_calib_solve(double *A, double *b, int n);

/* The diagonal of A^-1 of a symmetric positive definite A (overwritten by
 * its Cholesky factor) into d; -1 when A is not positive definite. */
int rf_calib_chol_inverse_diag(double *A, int n, double *d);

#endif
