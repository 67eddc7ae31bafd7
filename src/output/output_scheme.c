/* Colour schemes: the RSRP classes and the distinct colours of paletted maps. */
#include "rfplan/output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The RSRP ramp from strong to weak, as used in LTE coverage plots:
 * dark green, light green, yellow, orange, red (ColorBrewer "RdYlGn" 5-class,
 * reversed: #1a9641 #a6d96a #ffffbf->#ffff00 #fdae61 #d7191c).  Yellow is
 * taken saturated (#ffff00) so that it reads on a white basemap. */
static const unsigned char rsrp_ramp[5][3] = {
	{ 0x1a, 0x96, 0x41 },
	{ 0xa6, 0xd9, 0x6a },
	{ 0xff, 0xff, 0x00 },
	{ 0xfd, 0xae, 0x61 },
	{ 0xd7, 0x19, 0x1c },
};

/* Colour at position t in [0, 1] along the ramp (linear between anchors). */
static void ramp_color(double t, unsigned char rgb[3])
{
	double x = t * 4.0;
	int i = (int)floor(x), k;
	double f;

	if (i < 0)
		i = 0;
	if (i > 3)
		i = 3;
	f = x - i;
	for (k = 0; k < 3; k++)
		rgb[k] = (unsigned char)lround(rsrp_ramp[i][k] + f * (rsrp_ramp[i + 1][k] - rsrp_ramp[i][k]));
}

void rf_rsrp_scheme(const double *edges_dbm, int n_edges, struct rf_color_class *class_buf,
		    char *label_buf, struct rf_color_scheme *out)
{
	int i;

	for (i = 0; i < n_edges; i++) {
		struct rf_color_class *c = &class_buf[i];
		char *label = label_buf + (size_t)i * RF_LABEL_MAX;

		ramp_color(n_edges > 1 ? (double)i / (n_edges - 1) : 0.0, c->rgba);
		c->rgba[3] = 255;
		c->lower = edges_dbm[i];
		char text[48];

		if (i == 0)
			snprintf(text, sizeof(text), ">= %g dBm", edges_dbm[i]);
		else
			snprintf(text, sizeof(text), "%g to %g dBm", edges_dbm[i], edges_dbm[i - 1]);
		memcpy(label, text, strlen(text) + 1);
		c->label = label;
	}
	out->title = "RSRP (dBm)";
	out->n = n_edges;
	out->classes = class_buf;
}

int rf_scheme_class(const struct rf_color_scheme *s, double value)
{
	int i;

	if (isnan(value))
		return -1;
	for (i = 0; i < s->n; i++)
		if (value >= s->classes[i].lower)
			return i;
	return -1;
}

/* HSV -> RGB (Foley & van Dam, "Computer Graphics", 2nd ed., sec. 13.3.4). */
static void hsv_to_rgb(double h_deg, double s, double v, unsigned char rgb[3])
{
	double h = h_deg / 60.0;
	int sector = (int)floor(h) % 6;
	double f = h - floor(h);
	double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
	double r, g, b;

	switch (sector) {
	case 0: r = v; g = t; b = p; break;
	case 1: r = q; g = v; b = p; break;
	case 2: r = p; g = v; b = t; break;
	case 3: r = p; g = q; b = v; break;
	case 4: r = t; g = p; b = v; break;
	default: r = v; g = p; b = q; break;
	}
	rgb[0] = (unsigned char)lround(r * 255);
	rgb[1] = (unsigned char)lround(g * 255);
	rgb[2] = (unsigned char)lround(b * 255);
}

void rf_palette_color(int index, unsigned char rgb[3])
{
	/* Successive golden-angle hue steps (360 * (1 - 1/phi) = 137.507764 deg)
	 * never repeat and keep neighbouring indices far apart on the colour
	 * wheel; alternating the value separates hues that come close. */
	double hue = fmod(index * 137.50776405, 360.0);

	hsv_to_rgb(hue, 0.65, index % 2 ? 0.75 : 0.95, rgb);
}
