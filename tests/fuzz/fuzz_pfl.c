/* libFuzzer harness: the pfl target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_pfl
#include "fuzz_entry.h"
