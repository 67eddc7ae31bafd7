/* libFuzzer harness: the csv target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_csv
#include "fuzz_entry.h"
