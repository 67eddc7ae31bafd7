/* Small charts drawn into an RGBA canvas with the built-in 5x7 font (for
 * rfplan compare's plots): axes with round ticks, grid, labels, a title,
 * points, lines and bars.  Private to the library (compare_plot.c). */
#ifndef RFPLAN_PLOT_H
#define RFPLAN_PLOT_H

#include "rfplan/error.h"

struct plot {
	int w, h;                  /* image size, pixels */
	unsigned char *px;         /* RGBA, rows top first, owned */
	int x0, y0, x1, y1;        /* the data area, pixels (y0 top) */
	double xmin, xmax, ymin, ymax;
};

/* A white w x h image with a data area framed by margins for the labels. */
void plot_init(struct plot *p, int w, int h);
void plot_free(struct plot *p);
/* Data ranges, grid lines and ticks at round steps, axis labels and title. */
void plot_axes(struct plot *p, double xmin, double xmax, double ymin, double ymax,
	       const char *xlabel, const char *ylabel, const char *title);
/* Pixel of a data value. */
double plot_px(const struct plot *p, double x);
double plot_py(const struct plot *p, double y);
/* Drawing in data coordinates, clipped to the data area; alpha 0..1. */
void plot_point(struct plot *p, double x, double y, int radius, const unsigned char rgb[3],
		double alpha);
void plot_line(struct plot *p, double xa, double ya, double xb, double yb,
	       const unsigned char rgb[3], int width);
void plot_bar(struct plot *p, double xa, double xb, double y, const unsigned char rgb[3]);
/* Text at pixel (x, y) = its top-left corner, scale 2 (12 px per glyph). */
void plot_text(struct plot *p, int x, int y, const char *s, const unsigned char rgb[3]);
int plot_text_width(const char *s);
/* A white panel with a thin grey frame (behind a legend), pixels. */
void plot_panel(struct plot *p, int x, int y, int w, int h);
/* Write the image as PNG, atomically. */
int plot_write(const struct plot *p, const char *path, struct rf_error *err);

#endif
