/* Legend image: a title and one colour swatch + label per class, drawn with
 * the built-in 5x7 font at twice its size on a white, slightly translucent
 * panel (readable over Google Earth imagery). */
#include "rfplan/output.h"

#include <stdlib.h>
#include <string.h>

#include "font5x7.h"
#include "core/output_util.h"

#define SCALE 2                          /* font pixels per glyph dot */
#define ADVANCE ((RF_FONT_W + 1) * SCALE) /* glyph cell width */
#define TEXT_H (RF_FONT_H * SCALE)
#define MARGIN 8
#define SWATCH_W 28
#define SWATCH_H 18
#define ROW_H (SWATCH_H + 6)

struct canvas {
	int w, h;
	unsigned char *px; /* RGBA */
};

static void fill(struct canvas *c, int x0, int y0, int w, int h, const unsigned char rgba[4])
{
	int x, y;

	for (y = y0; y < y0 + h && y < c->h; y++)
		for (x = x0; x < x0 + w && x < c->w; x++)
			memcpy(c->px + 4 * ((size_t)y * c->w + x), rgba, 4);
}

static void text(struct canvas *c, int x, int y, const char *s, const unsigned char rgba[4])
{
	while (*s) {
		const unsigned char *rows = rf_font5x7_next(&s);   /* one UTF-8 character */
		int r, b;
		for (r = 0; r < RF_FONT_H; r++)
			for (b = 0; b < RF_FONT_W; b++)
				if (rows[r] & (0x10 >> b))
					fill(c, x + b * SCALE, y + r * SCALE, SCALE, SCALE, rgba);
		x += ADVANCE;
	}
}

static int text_w(const char *s)
{
	return s && *s ? (int)rf_font5x7_count(s) * ADVANCE - SCALE : 0;
}

int rf_write_legend_png(const char *path, const struct rf_color_scheme *s,
			struct rf_error *err)
{
	static const unsigned char panel[4] = { 255, 255, 255, 230 };
	static const unsigned char ink[4] = { 0, 0, 0, 255 };
	static const unsigned char edge[4] = { 96, 96, 96, 255 };
	const char *title = s->title ? s->title : "";
	struct canvas c;
	int i, w = text_w(title), rc;

	for (i = 0; i < s->n; i++) {
		int lw = SWATCH_W + MARGIN + text_w(s->classes[i].label);
		if (lw > w)
			w = lw;
	}
	c.w = w + 2 * MARGIN;
	c.h = MARGIN + TEXT_H + MARGIN + s->n * ROW_H + MARGIN;
	c.px = rf_xcalloc((size_t)c.w * c.h, 4);
	fill(&c, 0, 0, c.w, c.h, edge);
	fill(&c, 1, 1, c.w - 2, c.h - 2, panel);
	text(&c, MARGIN, MARGIN, title, ink);
	for (i = 0; i < s->n; i++) {
		int y = MARGIN + TEXT_H + MARGIN + i * ROW_H;
		fill(&c, MARGIN, y, SWATCH_W, SWATCH_H, edge);
		fill(&c, MARGIN + 1, y + 1, SWATCH_W - 2, SWATCH_H - 2, s->classes[i].rgba);
		text(&c, MARGIN + SWATCH_W + MARGIN, y + (SWATCH_H - TEXT_H) / 2,
		     s->classes[i].label ? s->classes[i].label : "", ink);
	}
	rc = rf_out_png_rgba(path, c.w, c.h, c.px, err);
	free(c.px);
	return rc;
}
