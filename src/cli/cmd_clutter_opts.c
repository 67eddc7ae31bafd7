/* --clutter-loss / --clutter-percent for predict and profile (clutter_opts.h). */
#include "clutter_opts.h"

#include <string.h>

void clutter_cli_init(struct clutter_cli *c)
{
	memset(c, 0, sizeof(*c));
	c->loss = RF_CLUTTER_LOSS_NONE;
	c->pct = 50.0;
}

int clutter_opts_handle(const char *cmd, int id, const char *value, struct clutter_cli *c)
{
	switch (id) {
	case CLUTTER_OPT_LOSS:
		if (!strcmp(value, "none"))
			c->loss = RF_CLUTTER_LOSS_NONE;
		else if (!strcmp(value, "p2108"))
			c->loss = RF_CLUTTER_LOSS_P2108;
		else {
			cli_error(cmd, "option --clutter-loss: unknown method '%s' (none, p2108)",
				  value);
			return -1;
		}
		return 1;
	case CLUTTER_OPT_PCT:
		c->pct_given = 1;
		if (cli_double(cmd, "clutter-percent", value, 0.0, 100.0, &c->pct))
			return -1;
		if (!(c->pct > 0.0 && c->pct < 100.0)) {
			cli_error(cmd, "option --clutter-percent: %s must be strictly between 0 "
				  "and 100", value);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int clutter_opts_finish(const char *cmd, const struct clutter_cli *c,
			struct rf_engine_options *o)
{
	if (c->pct_given && c->loss != RF_CLUTTER_LOSS_P2108) {
		cli_error(cmd, "option --clutter-percent needs --clutter-loss p2108");
		return -1;
	}
	if (c->loss == RF_CLUTTER_LOSS_P2108 && o->model.model != RF_MODEL_FSPL &&
	    o->model.model != RF_MODEL_LOS && o->model.model != RF_MODEL_ITM &&
	    o->model.model != RF_MODEL_SPM) {
		cli_error(cmd, "option --clutter-loss p2108: model %s already includes the "
			  "clutter of its environment (use fspl, los, itm or spm)",
			  rf_model_name(o->model.model));
		return -1;
	}
	o->clutter_loss = c->loss;
	o->clutter_pct = c->pct;
	return 0;
}
