/* libFuzzer harness: the antenna target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_antenna
#include "fuzz_entry.h"
