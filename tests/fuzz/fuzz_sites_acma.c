/* libFuzzer harness: the sites_acma target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_sites_acma
#include "fuzz_entry.h"
