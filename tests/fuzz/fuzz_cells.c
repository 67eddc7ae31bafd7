/* libFuzzer harness: the cells target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_cells
#include "fuzz_entry.h"
