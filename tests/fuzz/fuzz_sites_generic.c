/* libFuzzer harness: the sites_generic target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_sites_generic
#include "fuzz_entry.h"
