/* The readable RSRP map for reports (rf_write_report_png, gis.h): classes
 * over a hillshade, sites with names and sector ticks, legend, scale bar,
 * north arrow, all drawn with the built-in 5x7 font scaled to the width. */
#include "rfplan/gis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font5x7.h"
#include "core/output_util.h"

#define M_PER_DEG_LAT 111320.0   /* for the map's aspect and scale bar only */
#define DEG (M_PI / 180.0)
#define SHADE_FLAT 181           /* gdaldem's hillshade of flat ground, 45 deg sun */

struct canvas {
	int w, h;
	unsigned char *px;   /* RGBA, opaque */
	int s;               /* font pixels per glyph dot */
};

static const unsigned char INK[4] = { 20, 20, 20, 255 };
static const unsigned char WHITE[4] = { 255, 255, 255, 255 };
static const unsigned char PANEL_EDGE[4] = { 110, 110, 110, 255 };

static void put(struct canvas *c, int x, int y, const unsigned char rgba[4])
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	unsigned char *p = c->px + 4 * ((size_t)y * c->w + x);
	unsigned a = rgba[3];
	if (a == 255)   /* opaque: the blend below gives rgba itself */
		memcpy(p, rgba, 3);
	else
		for (int k = 0; k < 3; k++)
			p[k] = (unsigned char)((rgba[k] * a + p[k] * (255 - a) + 127) / 255);
	p[3] = 255;
}

static void fill(struct canvas *c, int x0, int y0, int w, int h, const unsigned char rgba[4])
{
	for (int y = y0; y < y0 + h; y++)
		for (int x = x0; x < x0 + w; x++)
			put(c, x, y, rgba);
}

static void box(struct canvas *c, int x0, int y0, int w, int h, int t,
		const unsigned char rgba[4])
{
	fill(c, x0, y0, w, t, rgba);
	fill(c, x0, y0 + h - t, w, t, rgba);
	fill(c, x0, y0, t, h, rgba);
	fill(c, x0 + w - t, y0, t, h, rgba);
}

static int text_w(const struct canvas *c, const char *s)
{
	return *s ? (int)rf_font5x7_count(s) * (RF_FONT_W + 1) * c->s - c->s : 0;
}

static int text_h(const struct canvas *c)
{
	return RF_FONT_H * c->s;
}

static void glyphs(struct canvas *c, int x, int y, const char *s, int dx, int dy,
		   const unsigned char rgba[4])
{
	for (; *s; x += (RF_FONT_W + 1) * c->s) {
		const unsigned char *rows = rf_font5x7_next(&s);
		for (int r = 0; r < RF_FONT_H; r++)
			for (int b = 0; b < RF_FONT_W; b++)
				if (rows[r] & (0x10 >> b))
					fill(c, x + b * c->s + dx, y + r * c->s + dy, c->s, c->s,
					     rgba);
	}
}

/* Text with a white halo, readable over any map colour. */
static void text(struct canvas *c, int x, int y, const char *s, int halo)
{
	if (halo)
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++)
				if (dx || dy)
					glyphs(c, x, y, s, dx * c->s, dy * c->s, WHITE);
	glyphs(c, x, y, s, 0, 0, INK);
}

static void disc(struct canvas *c, int cx, int cy, int r, const unsigned char rgba[4])
{
	for (int y = -r; y <= r; y++)
		for (int x = -r; x <= r; x++)
			if (x * x + y * y <= r * r)
				put(c, cx + x, cy + y, rgba);
}

static void line(struct canvas *c, double x0, double y0, double x1, double y1, int t,
		 const unsigned char rgba[4])
{
	int n = (int)ceil(hypot(x1 - x0, y1 - y0)) + 1;
	for (int i = 0; i <= n; i++) {
		double f = (double)i / n;
		disc(c, (int)lround(x0 + f * (x1 - x0)), (int)lround(y0 + f * (y1 - y0)), t, rgba);
	}
}

/* The map frame: grid g drawn into the rectangle (x0, y0, w, h). */
struct frame {
	int x0, y0, w, h;
	const struct rf_grid *g;
};

static void to_px(const struct frame *f, double lon, double lat, double *x, double *y)
{
	*x = f->x0 + (lon - f->g->west_deg) / (f->g->width * f->g->dlon_deg) * f->w;
	*y = f->y0 + (f->g->north_deg - lat) / (f->g->height * f->g->dlat_deg) * f->h;
}

/* Hillshade sampling (bilinear, voids as flat) at the pixel centres of one
 * axis of the frame: for output index i, the grid index of the class
 * (the nearest pixel) and the two hillshade indices with their weights,
 * computed once per row and per column instead of once per pixel. */
struct axis_sample {
	int nearest, i0, i1;
	double w0, w1;
};

static void axis_samples(struct axis_sample *a, int n_out, int n_grid)
{
	for (int i = 0; i < n_out; i++) {
		double pos = (i + 0.5) * n_grid / n_out, p = pos - 0.5;
		int k0 = (int)floor(p);
		double frac = p - k0;
		a[i].nearest = (int)pos;
		a[i].i0 = k0 < 0 ? 0 : k0 >= n_grid ? n_grid - 1 : k0;
		a[i].i1 = k0 + 1 < 0 ? 0 : k0 + 1 >= n_grid ? n_grid - 1 : k0 + 1;
		a[i].w0 = 1 - frac;
		a[i].w1 = frac;
	}
}

static double flat(uint8_t v)
{
	return v ? v : SHADE_FLAT;
}

/* The terrain's grey at shading `light` (0..1). */
static double terrain_grey(double light)
{
	return (0.35 + 0.6 * light) * 245;
}

/* Terrain in grey, the class colour multiplied by the shading on top.  The
 * frame lies inside the canvas (rf_write_report_png) and every pixel is
 * opaque, so the row is written directly (what put() would do); the class
 * of a pixel is its nearest grid pixel's, looked up once per grid pixel
 * of the row (output pixels sharing the nearest one share it). */
static void draw_map(struct canvas *c, const struct frame *f, const float *rsrp,
		     const uint8_t *shade, const struct rf_color_scheme *s)
{
	const struct rf_grid *g = f->g;
	struct axis_sample *xs = rf_xmalloc((size_t)f->w * sizeof(*xs));
	struct axis_sample *ys = rf_xmalloc((size_t)f->h * sizeof(*ys));
	int *cls = rf_xmalloc((size_t)f->w * sizeof(*cls)), cls_row = -1;
	/* What the pixel formula takes of a shade byte and of a class colour,
	 * looked up instead of recomputed per pixel (the same values):
	 * flat(v) and 0.8 x the colour's component */
	double flat_of[256];
	double (*col)[3] = rf_xmalloc((size_t)(s->n > 0 ? s->n : 1) * sizeof(*col));
	for (int v = 0; v < 256; v++)
		flat_of[v] = flat((uint8_t)v);
	for (int k = 0; k < s->n; k++)
		for (int i = 0; i < 3; i++)
			col[k][i] = 0.8 * s->classes[k].rgba[i];
	axis_samples(xs, f->w, g->width);
	axis_samples(ys, f->h, g->height);
	for (int y = 0; y < f->h; y++) {
		const struct axis_sample *sy = &ys[y];
		const uint8_t *s0 = shade ? shade + (size_t)sy->i0 * g->width : NULL;
		const uint8_t *s1 = shade ? shade + (size_t)sy->i1 * g->width : NULL;
		unsigned char *row = c->px + 4 * ((size_t)(f->y0 + y) * c->w + f->x0);
		if (sy->nearest != cls_row) {
			const float *r = rsrp + (size_t)sy->nearest * g->width;
			for (int x = 0; x < f->w; x++)
				cls[x] = x && xs[x].nearest == xs[x - 1].nearest
						 ? cls[x - 1] : rf_scheme_class(s, r[xs[x].nearest]);
			cls_row = sy->nearest;
		}
		for (int x = 0; x < f->w; x++) {
			const struct axis_sample *sx = &xs[x];
			int k = cls[x];
			double sum = SHADE_FLAT;
			if (shade)
				sum = sx->w0 * sy->w0 * flat_of[s0[sx->i0]] +
				      sx->w1 * sy->w0 * flat_of[s0[sx->i1]] +
				      sx->w0 * sy->w1 * flat_of[s1[sx->i0]] +
				      sx->w1 * sy->w1 * flat_of[s1[sx->i1]];
			double light = sum / 255.0;
			double grey = terrain_grey(light);
			unsigned char *px = row + 4 * (size_t)x;
			if (k >= 0) {   /* 80 % class colour, shaded */
				double g02 = 0.2 * grey, sh = 0.55 + 0.6 * light;
				double v0 = g02 + col[k][0] * sh, v1 = g02 + col[k][1] * sh;
				double v2 = g02 + col[k][2] * sh;
				px[0] = (unsigned char)(v0 > 255 ? 255 : v0);
				px[1] = (unsigned char)(v1 > 255 ? 255 : v1);
				px[2] = (unsigned char)(v2 > 255 ? 255 : v2);
			} else {
				px[0] = px[1] = px[2] = (unsigned char)(grey > 255 ? 255 : grey);
			}
			px[3] = 255;
		}
	}
	free(col);
	free(cls);
	free(xs);
	free(ys);
	box(c, f->x0 - 1, f->y0 - 1, f->w + 2, f->h + 2, 1, INK);
}

/* The site's name up to its first comma (ACMA names run "place, road,
 * locality"); the id when it has none.  A longer one is shortened to its
 * words within NAME_MAX_CHARS characters (or to NAME_MAX_CHARS characters
 * when its first word is longer) and marked "...", never cut inside a
 * word or a UTF-8 sequence. */
#define NAME_MAX_CHARS 28
#define NAME_BUF (4 * NAME_MAX_CHARS + 4)
static void site_name(const struct rf_sites *sites, const struct rf_cell *cell,
		      char buf[NAME_BUF])
{
	const struct rf_site *st = sites ? rf_sites_find(sites, cell->site_id) : NULL;
	const char *n = st && st->name && st->name[0] ? st->name : cell->site_id;
	size_t k = strcspn(n, ",");
	char whole[NAME_BUF];
	snprintf(whole, sizeof(whole), "%.*s", (int)(k < NAME_BUF - 1 ? k : NAME_BUF - 1), n);
	if (k < NAME_BUF - 1 && rf_font5x7_count(whole) <= NAME_MAX_CHARS) {
		memcpy(buf, whole, strlen(whole) + 1);
		return;
	}
	k = rf_font5x7_prefix(n, NAME_MAX_CHARS);
	if (n[k] != ' ')   /* back to the last word's end, if there is one */
		for (size_t j = k; j > 0; j--)
			if (n[j - 1] == ' ') {
				k = j - 1;
				break;
			}
	while (k > 0 && n[k - 1] == ' ')
		k--;
	snprintf(buf, NAME_BUF, "%.*s...", (int)k, n);
}

/* The first cell of each site (a site is drawn once). */
static int first_of_site(const struct rf_cells *cells, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(cells->items[j].site_id, cells->items[i].site_id))
			return 0;
	return 1;
}

/* A tick per sector in its azimuth, then a marker per site. */
static void draw_sites(struct canvas *c, const struct frame *f, const struct rf_cells *cells,
		       const double *beamwidth_deg)
{
	static const unsigned char tick[4] = { 30, 30, 30, 255 };
	int r = 2 * c->s + 1, len = 9 * c->s;
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *cl = &cells->items[i];
		double x, y;
		if (beamwidth_deg[i] >= 360)
			continue;
		to_px(f, cl->lon_deg, cl->lat_deg, &x, &y);
		line(c, x, y, x + len * sin(cl->azimuth_deg * DEG),
		     y - len * cos(cl->azimuth_deg * DEG), c->s / 2 + 1, WHITE);
		line(c, x, y, x + len * sin(cl->azimuth_deg * DEG),
		     y - len * cos(cl->azimuth_deg * DEG), c->s / 2, tick);
	}
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *cl = &cells->items[i];
		double x, y;
		if (!first_of_site(cells, i))
			continue;
		to_px(f, cl->lon_deg, cl->lat_deg, &x, &y);
		disc(c, (int)lround(x), (int)lround(y), r + c->s / 2 + 1, INK);
		disc(c, (int)lround(x), (int)lround(y), r, WHITE);
	}
}

/* Does the text box (x, y, w, h) fit in the frame, clear of `avoid` (the
 * legend's box when it is inside the map; w 0 when not)? */
static int label_fits(const struct frame *f, const int avoid[4], int x, int y, int w, int h)
{
	if (x < f->x0 || x + w > f->x0 + f->w)
		return 0;
	return avoid[2] == 0 || x + w <= avoid[0] || x >= avoid[0] + avoid[2] ||
	       y + h <= avoid[1] || y >= avoid[1] + avoid[3];
}

/* Each site's name, right of its marker, else left of it, where it fits in
 * the map clear of the legend; drawn after the legend and the scale bar,
 * so that nothing covers a name even where no place is clear. */
static void draw_site_names(struct canvas *c, const struct frame *f,
			    const struct rf_sites *sites, const struct rf_cells *cells,
			    const int avoid[4])
{
	int r = 2 * c->s + 1;
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *cl = &cells->items[i];
		double x, y;
		char name[NAME_BUF];
		if (!first_of_site(cells, i))
			continue;
		to_px(f, cl->lon_deg, cl->lat_deg, &x, &y);
		site_name(sites, cl, name);
		int tw = text_w(c, name), ty = (int)lround(y) - text_h(c) / 2;
		int right = (int)lround(x) + r + 2 * c->s, left = (int)lround(x) - r - 2 * c->s - tw;
		int tx = right;
		if (!label_fits(f, avoid, right, ty, tw, text_h(c)) &&
		    label_fits(f, avoid, left, ty, tw, text_h(c)))
			tx = left;
		else if (tx + tw > f->x0 + f->w)   /* no clear place: inside the frame */
			tx = left < f->x0 + c->s ? f->x0 + c->s : left;
		text(c, tx, ty, name, 1);
	}
}

/* The legend: the title, a swatch and label per class, and the terrain's
 * flat grey for what is below the last class or not computed (the map
 * draws those as terrain alone).  legend_layout sizes it (w x h pixels,
 * every label whole), draw_legend draws it with its top left at (x0, y0). */
struct legend {
	char below[RF_LABEL_MAX + 24];
	int m, sw, row, w, h;
};

static void legend_layout(const struct canvas *c, const struct rf_color_scheme *s,
			  struct legend *L)
{
	L->m = 3 * c->s;
	L->sw = 6 * c->s;
	L->row = text_h(c) + 3 * c->s;
	if (s->n > 0)
		snprintf(L->below, sizeof(L->below), "< %g dBm or no data",
			 s->classes[s->n - 1].lower);
	else
		snprintf(L->below, sizeof(L->below), "no data");
	L->w = text_w(c, s->title ? s->title : "");
	for (int i = 0; i <= s->n; i++) {
		const char *lab = i < s->n ? s->classes[i].label : L->below;
		int lw = L->sw + L->m + text_w(c, lab ? lab : "");
		L->w = lw > L->w ? lw : L->w;
	}
	L->w += 2 * L->m;
	L->h = L->m + text_h(c) + L->m + (s->n + 1) * L->row + L->m - 3 * c->s;
}

static void draw_legend(struct canvas *c, const struct rf_color_scheme *s,
			const struct legend *L, int x0, int y0)
{
	static const unsigned char panel[4] = { 255, 255, 255, 225 };
	double g = terrain_grey(SHADE_FLAT / 255.0);
	const unsigned char grey[4] = { (unsigned char)g, (unsigned char)g, (unsigned char)g, 255 };
	int m = L->m;
	fill(c, x0, y0, L->w, L->h, panel);
	box(c, x0, y0, L->w, L->h, 1, PANEL_EDGE);
	text(c, x0 + m, y0 + m, s->title ? s->title : "", 0);
	for (int i = 0; i <= s->n; i++) {
		int y = y0 + m + text_h(c) + m + i * L->row;
		const char *lab = i < s->n ? s->classes[i].label : L->below;
		fill(c, x0 + m, y, L->sw, text_h(c), i < s->n ? s->classes[i].rgba : grey);
		box(c, x0 + m, y, L->sw, text_h(c), 1, PANEL_EDGE);
		text(c, x0 + m + L->sw + m, y, lab ? lab : "", 0);
	}
}

/* A bar of 1, 2 or 5 x 10^k metres near a quarter of the map's width, in
 * four alternating segments, labelled 0 and its length; a north arrow.  In
 * the map's bottom and top left corners, or both below the map at below_y
 * (>= 0) when the map is too low for them. */
static void draw_scale(struct canvas *c, const struct frame *f, int below_y)
{
	const struct rf_grid *g = f->g;
	double lat = g->north_deg - g->height * g->dlat_deg / 2;
	double m_per_px = g->width * g->dlon_deg * M_PER_DEG_LAT * cos(lat * DEG) / f->w;
	double want = f->w / 4.0 * m_per_px, len_m = 1;
	while (len_m * 10 <= want)
		len_m *= 10;
	len_m *= want >= 5 * len_m ? 5 : want >= 2 * len_m ? 2 : 1;
	int len = (int)lround(len_m / m_per_px), bh = 2 * c->s, m = 3 * c->s;
	char lab[32];
	if (len_m >= 1000)
		snprintf(lab, sizeof(lab), "%g km", len_m / 1000);
	else
		snprintf(lab, sizeof(lab), "%g m", len_m);
	int pw = len + text_w(c, lab) / 2 + 2 * m, ph = text_h(c) + bh + 3 * m;
	int x0 = f->x0 + m, y0 = f->y0 + f->h - ph - m;
	int ax = f->x0 + m + 4 * c->s, ny = f->y0 + m;   /* the arrow's "N" */
	if (below_y >= 0) {
		x0 = f->x0;
		y0 = below_y;
		ax = x0 + pw + 2 * m + 4 * c->s;
		ny = below_y;
	}
	static const unsigned char panel[4] = { 255, 255, 255, 225 };
	fill(c, x0, y0, pw, ph, panel);
	box(c, x0, y0, pw, ph, 1, PANEL_EDGE);
	int bx = x0 + m, by = y0 + m + text_h(c) + m;
	for (int k = 0; k < 4; k++)
		fill(c, bx + k * len / 4, by, (k + 1) * len / 4 - k * len / 4, bh,
		     (k & 1) ? WHITE : INK);
	box(c, bx, by, len, bh, 1, INK);
	text(c, bx - text_w(c, "0") / 2, y0 + m, "0", 0);
	text(c, bx + len - text_w(c, lab) / 2, y0 + m, lab, 0);

	int ay = ny + text_h(c) + m;
	for (int k = 0; k <= 8 * c->s; k++)
		fill(c, ax - k / 3, ay + k, 2 * (k / 3) + 1, 1, INK);
	fill(c, ax - c->s / 2, ay + 8 * c->s, c->s, 4 * c->s, INK);
	text(c, ax - text_w(c, "N") / 2, ny, "N", 1);
}

int rf_write_report_png(const char *path, const struct rf_grid *g, const float *rsrp_dbm,
			const uint8_t *shade, const struct rf_color_scheme *s,
			const struct rf_sites *sites, const struct rf_cells *cells,
			const double *beamwidth_deg, const char *title, int width_px,
			struct rf_error *err)
{
	struct canvas c;
	struct frame f;
	double lat = g->north_deg - g->height * g->dlat_deg / 2;
	double aspect = (g->height * g->dlat_deg) / (g->width * g->dlon_deg * cos(lat * DEG));
	int rc;

	if (width_px < RF_REPORT_WIDTH_MIN || width_px > RF_REPORT_WIDTH_MAX)
		return rf_error_set(err, "%s: width %d px outside %d..%d", path, width_px,
				    RF_REPORT_WIDTH_MIN, RF_REPORT_WIDTH_MAX);
	if (g->width < 1 || g->height < 1)
		return rf_error_set(err, "%s: empty grid", path);
	c.s = width_px / 500 > 1 ? width_px / 500 : 1;
	c.w = width_px;
	int m = 6 * c.s;
	f.g = g;
	f.x0 = m;
	f.y0 = m + text_h(&c) + m;
	f.w = c.w - 2 * m;
	f.h = (int)lround(f.w * aspect);
	if (f.h < 1 || f.h > 4 * RF_REPORT_WIDTH_MAX)
		return rf_error_set(err, "%s: grid aspect %g cannot be drawn", path, aspect);
	c.h = f.y0 + f.h + m;
	/* The legend goes in the map's top right corner when it fits there
	 * beside the north arrow and above the scale bar, else below the map
	 * with them (a low map, e.g. a strip): never cut by the image's edge.
	 * Below, the arrow and scale bar are 3m + 19s high at most (N, arrow,
	 * shaft; text, bar, margins), less than the legend's 10m + 13s. */
	struct legend L;
	legend_layout(&c, s, &L);
	int lx = f.x0 + f.w - L.w - L.m, ly = f.y0 + L.m;
	int inside = L.w + 2 * L.m + 20 * c.s <= f.w && L.h + 2 * L.m + 24 * c.s <= f.h;
	if (!inside) {
		lx = c.w - m - L.w > 0 ? c.w - m - L.w : 0;
		ly = f.y0 + f.h + m;
		c.h = ly + (L.h > 3 * L.m + 19 * c.s ? L.h : 3 * L.m + 19 * c.s) + m;
	}
	c.px = rf_xmalloc((size_t)c.w * c.h * 4);
	memset(c.px, 255, (size_t)c.w * c.h * 4);
	text(&c, m, m, title ? title : "", 0);
	draw_map(&c, &f, rsrp_dbm, shade, s);
	if (cells)
		draw_sites(&c, &f, cells, beamwidth_deg);
	draw_legend(&c, s, &L, lx, ly);
	draw_scale(&c, &f, inside ? -1 : ly);
	const int avoid[4] = { lx, ly, inside ? L.w : 0, L.h };
	if (cells)
		draw_site_names(&c, &f, sites, cells, avoid);
	rc = rf_out_png_rgb(path, c.w, c.h, c.px, err);   /* opaque: RGB (outputs.md) */
	free(c.px);
	return rc;
}
