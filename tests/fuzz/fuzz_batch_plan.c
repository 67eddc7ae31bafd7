/* libFuzzer harness: the batch_plan target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_batch_plan
#include "fuzz_entry.h"
