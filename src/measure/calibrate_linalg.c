/* The dense linear algebra of calibrate's normal equations
 * (calibrate_linalg.h). */
#include "calibrate_linalg.h"

#include "rfplan/error.h"

#include <math.h>
#include <stdlib.h>

/* Solve A x = b (n x n, row-major, overwritten) by Gaussian elimination
 * with partial pivoting; -1 when singular. */
int rf_calib_solve(double *A, double *b, int n)
{
	for (int c = 0; c < n; c++) {
		int piv = c;
		for (int r = c + 1; r < n; r++)
			if (fabs(A[r * n + c]) > fabs(A[piv * n + c]))
				piv = r;
		if (!(fabs(A[piv * n + c]) > 1e-12))
			return -1;
		if (piv != c) {
			for (int k = 0; k < n; k++) {
				double t = A[c * n + k];
				A[c * n + k] = A[piv * n + k];
				A[piv * n + k] = t;
			}
			double t = b[c];
			b[c] = b[piv];
			b[piv] = t;
		}
		for (int r = c + 1; r < n; r++) {
			double f = A[r * n + c] / A[c * n + c];
			for (int k = c; k < n; k++)
				A[r * n + k] -= f * A[c * n + k];
			b[r] -= f * b[c];
		}
	}
	for (int r = n - 1; r >= 0; r--) {
		double s = b[r];
		for (int k = r + 1; k < n; k++)
			s -= A[r * n + k] * b[k];
		b[r] = s / A[r * n + r];
	}
	return 0;
}

/* Cholesky factorisation A = L L^T of a symmetric positive definite n x n
 * matrix (row-major, lower triangle overwritten by L), then its inverse's
 * diagonal into d: (A^-1)_jj = sum_k (L^-1)_kj^2 (Golub & Van Loan, Matrix
 * Computations, 4th ed., alg. 4.2.1).  -1 when A is not positive definite. */
int rf_calib_chol_inverse_diag(double *A, int n, double *d)
{
	for (int j = 0; j < n; j++) {
		double s = A[j * n + j];
		for (int k = 0; k < j; k++)
			s -= A[j * n + k] * A[j * n + k];
		if (!(s > 1e-12))
			return -1;
		A[j * n + j] = sqrt(s);
		for (int i = j + 1; i < n; i++) {
			double t = A[i * n + j];
			for (int k = 0; k < j; k++)
				t -= A[i * n + k] * A[j * n + k];
			A[i * n + j] = t / A[j * n + j];
		}
	}
	/* column j of L^-1: L y = e_j by forward substitution (y_i = 0, i < j) */
	double *y = rf_xcalloc((size_t)n, sizeof(double));
	for (int j = 0; j < n; j++) {
		d[j] = 0.0;
		for (int i = j; i < n; i++) {
			double t = i == j ? 1.0 : 0.0;
			for (int k = j; k < i; k++)
				t -= A[i * n + k] * y[k];
			y[i] = t / A[i * n + i];
			d[j] += y[i] * y[i];
		}
	}
	free(y);
	return 0;
}
