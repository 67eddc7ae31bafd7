# rfplan build.  `make` builds build/rfplan; `make check` installs missing
# Debian packages, builds and runs every test; `make demo` runs the main job
# on the bundled sample.  BUILD=dir puts objects elsewhere; SANITIZE=1 adds
# AddressSanitizer + UndefinedBehaviorSanitizer.
CC      ?= cc
BUILD   ?= build
VERSION := $(shell cat VERSION)
PKGS    := gdal proj libpng jansson libcrypto

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -Wall -Wextra -Wmissing-prototypes -Wshadow -fopenmp \
           -Iinclude $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
           -DRFPLAN_VERSION='"$(VERSION)"'
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
LDFLAGS += -fopenmp
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

# Library modules: every src/*.c except the CLI (main.c, cmd_*.c).
CLI_SRCS  := src/main.c src/cli.c $(wildcard src/cmd_*.c)
LIB_SRCS  := $(filter-out $(CLI_SRCS),$(wildcard src/*.c))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:src/%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
HEADERS   := $(wildcard include/rfplan/*.h) $(wildcard src/*.h)

.PHONY: all deps check demo bench clean samples fuzz
all: $(BUILD)/rfplan $(TEST_BINS)

deps:
	@scripts/install-deps.sh test

$(BUILD)/obj/%.o: src/%.c $(HEADERS) VERSION
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/librfplan.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/rfplan: $(CLI_OBJS) $(BUILD)/librfplan.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/librfplan.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/librfplan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/librfplan.a $(LDLIBS)

# In CI (CI=true) the suite also runs on an AddressSanitizer +
# UndefinedBehaviorSanitizer build ($(BUILD)-sanitize), counted in the same
# closing line.
check: deps
	@$(MAKE) --no-print-directory all
	@if [ "$$CI" = true ] && [ "$(SANITIZE)" != 1 ]; then \
		echo "make check: CI: the suite runs on $(BUILD) and on $(BUILD)-sanitize (SANITIZE=1)"; \
		$(MAKE) --no-print-directory all BUILD=$(BUILD)-sanitize SANITIZE=1 && \
		BUILDS="$(BUILD) $(BUILD)-sanitize" tests/run-tests.sh; \
	else \
		BUILDS=$(BUILD) tests/run-tests.sh; \
	fi

demo: deps
	@$(MAKE) --no-print-directory $(BUILD)/rfplan
	@BUILD=$(BUILD) scripts/demo.sh

bench:
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/rfplan
	@BUILD=$(BUILD) scripts/bench.sh

samples:
	scripts/make-samples.sh

# libFuzzer harnesses (tests/fuzz/), FUZZ_SECONDS each (default 30).
fuzz:
	@scripts/install-deps.sh fuzz
	@FUZZ_BUILD=$(BUILD)-fuzz scripts/fuzz.sh

clean:
	rm -rf $(BUILD)
