/* Small charts on an RGBA canvas (plot.h). */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font5x7.h"
#include "core/output_util.h"

#define SCALE 2
#define ADVANCE ((RF_FONT_W + 1) * SCALE)
#define TEXT_H (RF_FONT_H * SCALE)
#define MARGIN_L 96
#define MARGIN_R 32
#define MARGIN_T 56
#define MARGIN_B 72

static const unsigned char black[3] = { 0, 0, 0 };
static const unsigned char grid_rgb[3] = { 225, 225, 225 };

void plot_init(struct plot *p, int w, int h)
{
	memset(p, 0, sizeof(*p));
	p->w = w;
	p->h = h;
	p->px = rf_xmalloc((size_t)w * h * 4);
	memset(p->px, 255, (size_t)w * h * 4);
	p->x0 = MARGIN_L;
	p->x1 = w - MARGIN_R;
	p->y0 = MARGIN_T;
	p->y1 = h - MARGIN_B;
	p->xmax = p->ymax = 1;
}

void plot_free(struct plot *p)
{
	free(p->px);
	p->px = NULL;
}

static void blend(struct plot *p, int x, int y, const unsigned char rgb[3], double a)
{
	if (x < 0 || y < 0 || x >= p->w || y >= p->h)
		return;
	unsigned char *q = p->px + 4 * ((size_t)y * p->w + x);
	for (int k = 0; k < 3; k++)
		q[k] = (unsigned char)(q[k] * (1 - a) + rgb[k] * a + 0.5);
}

static void rect(struct plot *p, int xa, int ya, int xb, int yb, const unsigned char rgb[3])
{
	for (int y = ya; y <= yb; y++)
		for (int x = xa; x <= xb; x++)
			blend(p, x, y, rgb, 1.0);
}

void plot_panel(struct plot *p, int x, int y, int w, int h)
{
	static const unsigned char white[3] = { 255, 255, 255 };
	static const unsigned char frame[3] = { 150, 150, 150 };
	rect(p, x, y, x + w, y + h, frame);
	rect(p, x + 1, y + 1, x + w - 1, y + h - 1, white);
}

int plot_text_width(const char *s)
{
	return (int)strlen(s) * ADVANCE - SCALE;
}

/* rotate: 0 left to right; 1 bottom to top (a y-axis label), (x, y) then
 * the bottom-left corner. */
static void text_dir(struct plot *p, int x, int y, const char *s, const unsigned char rgb[3],
		     int rotate)
{
	for (int i = 0; s[i]; i++) {
		const unsigned char *rows = rf_font5x7_glyph(s[i]);
		if (s[i] == ' ')
			continue;
		for (int r = 0; r < RF_FONT_H; r++)
			for (int b = 0; b < RF_FONT_W; b++) {
				if (!(rows[r] & (0x10 >> b)))
					continue;
				int gx = i * ADVANCE + b * SCALE, gy = r * SCALE;
				if (!rotate)
					rect(p, x + gx, y + gy, x + gx + SCALE - 1, y + gy + SCALE - 1, rgb);
				else
					rect(p, x + gy, y - gx - SCALE + 1, x + gy + SCALE - 1, y - gx, rgb);
			}
	}
}

void plot_text(struct plot *p, int x, int y, const char *s, const unsigned char rgb[3])
{
	text_dir(p, x, y, s, rgb, 0);
}

double plot_px(const struct plot *p, double x)
{
	return p->x0 + (x - p->xmin) / (p->xmax - p->xmin) * (p->x1 - p->x0);
}

double plot_py(const struct plot *p, double y)
{
	return p->y1 - (y - p->ymin) / (p->ymax - p->ymin) * (p->y1 - p->y0);
}

/* A round tick step (1, 2 or 5 x 10^k) giving about 5 to 10 ticks. */
static double tick_step(double range)
{
	double raw = range / 6.0, mag = pow(10.0, floor(log10(raw)));
	double f = raw / mag;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

static void fmt_tick(char *buf, size_t len, double v, double step)
{
	int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	if (fabs(v) < step * 1e-6)
		v = 0;
	snprintf(buf, len, "%.*f", dec, v);
}

void plot_axes(struct plot *p, double xmin, double xmax, double ymin, double ymax,
	       const char *xlabel, const char *ylabel, const char *title)
{
	char buf[32];
	if (!(xmax > xmin))
		xmax = xmin + 1;
	if (!(ymax > ymin))
		ymax = ymin + 1;
	p->xmin = xmin; p->xmax = xmax; p->ymin = ymin; p->ymax = ymax;
	double sx = tick_step(xmax - xmin), sy = tick_step(ymax - ymin);
	for (double v = ceil(xmin / sx) * sx; v <= xmax + sx * 1e-9; v += sx) {
		int x = (int)lround(plot_px(p, v));
		rect(p, x, p->y0, x, p->y1, grid_rgb);
		rect(p, x, p->y1, x, p->y1 + 5, black);
		fmt_tick(buf, sizeof(buf), v, sx);
		plot_text(p, x - plot_text_width(buf) / 2, p->y1 + 10, buf, black);
	}
	for (double v = ceil(ymin / sy) * sy; v <= ymax + sy * 1e-9; v += sy) {
		int y = (int)lround(plot_py(p, v));
		rect(p, p->x0, y, p->x1, y, grid_rgb);
		rect(p, p->x0 - 5, y, p->x0, y, black);
		fmt_tick(buf, sizeof(buf), v, sy);
		plot_text(p, p->x0 - 10 - plot_text_width(buf), y - TEXT_H / 2, buf, black);
	}
	rect(p, p->x0, p->y0, p->x1, p->y0, black);
	rect(p, p->x0, p->y1, p->x1, p->y1, black);
	rect(p, p->x0, p->y0, p->x0, p->y1, black);
	rect(p, p->x1, p->y0, p->x1, p->y1, black);
	plot_text(p, (p->x0 + p->x1 - plot_text_width(xlabel)) / 2, p->h - TEXT_H - 12, xlabel,
		  black);
	text_dir(p, 14, (p->y0 + p->y1 + plot_text_width(ylabel)) / 2, ylabel, black, 1);
	plot_text(p, (p->w - plot_text_width(title)) / 2, 18, title, black);
}

static int inside(const struct plot *p, int x, int y)
{
	return x >= p->x0 && x <= p->x1 && y >= p->y0 && y <= p->y1;
}

void plot_point(struct plot *p, double x, double y, int radius, const unsigned char rgb[3],
		double alpha)
{
	int cx = (int)lround(plot_px(p, x)), cy = (int)lround(plot_py(p, y));
	for (int dy = -radius; dy <= radius; dy++)
		for (int dx = -radius; dx <= radius; dx++)
			if (dx * dx + dy * dy <= radius * radius + radius && inside(p, cx + dx, cy + dy))
				blend(p, cx + dx, cy + dy, rgb, alpha);
}

void plot_line(struct plot *p, double xa, double ya, double xb, double yb,
	       const unsigned char rgb[3], int width)
{
	double ax = plot_px(p, xa), ay = plot_py(p, ya), bx = plot_px(p, xb), by = plot_py(p, yb);
	int n = (int)ceil(fmax(fabs(bx - ax), fabs(by - ay))) + 1;
	for (int i = 0; i <= n; i++) {
		double t = (double)i / n;
		int x = (int)lround(ax + t * (bx - ax)), y = (int)lround(ay + t * (by - ay));
		for (int d = -(width / 2); d <= width / 2; d++)
			for (int e = -(width / 2); e <= width / 2; e++)
				if (inside(p, x + d, y + e))
					blend(p, x + d, y + e, rgb, 1.0);
	}
}

void plot_bar(struct plot *p, double xa, double xb, double y, const unsigned char rgb[3])
{
	int a = (int)lround(plot_px(p, xa)), b = (int)lround(plot_px(p, xb)) - 1;
	int top = (int)lround(plot_py(p, y)), base = (int)lround(plot_py(p, p->ymin < 0 ? 0 : p->ymin));
	if (top < p->y0)
		top = p->y0;
	for (int yy = top; yy < base; yy++)
		for (int x = a; x <= b; x++)
			if (inside(p, x, yy))
				blend(p, x, yy, rgb, 1.0);
}

int plot_write(const struct plot *p, const char *path, struct rf_error *err)
{
	return rf_out_png_rgba(path, p->w, p->h, p->px, err);
}
