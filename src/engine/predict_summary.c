/* The list of files a prediction wrote (struct rf_predict_summary's
 * outputs): every writer of the engine records its files here, the lowest
 * layer of src/engine/, so that no writer calls another to record one. */
#include "rfplan/predict.h"
#include "engine_priv.h"
#include "core/util.h"

#include <stdlib.h>

void rf_predict_record_output(struct rf_predict_summary *sum, const char *name)
{
	sum->outputs = rf_xrealloc(sum->outputs, (size_t)(sum->n_outputs + 1) * sizeof(char *));
	sum->outputs[sum->n_outputs++] = rf_xstrdup(name);
}

void rf_predict_summary_free(struct rf_predict_summary *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n_outputs; i++)
		free(s->outputs[i]);
	free(s->outputs);
	s->outputs = NULL;
	free(s->matrix);
	free(s->matrix_key);
	s->matrix = NULL;
	s->matrix_key = NULL;
	s->n_outputs = 0;
}
