/* libFuzzer harness: the classes target of fuzz_entry.h (scripts/fuzz.sh). */
#define FUZZ_TARGET fuzz_classes
#include "fuzz_entry.h"
