# rfplan build.  `make` builds build/rfplan; `make check` installs missing
# Debian packages, builds and runs every test; `make demo` runs the main job
# on the bundled sample.  BUILD=dir puts objects elsewhere; SANITIZE=1 adds
# AddressSanitizer + UndefinedBehaviorSanitizer.
#
# CPPFLAGS, CFLAGS and LDFLAGS are the user's (e.g. Debian's hardening flags:
# `make $(dpkg-buildflags --export=cmdline)` or the exported environment);
# what rfplan itself needs is in RF_* and added in front, so overriding them
# on the command line does not drop -std=c11, -fopenmp or the include paths.
CC         ?= cc
PKG_CONFIG ?= pkg-config
BUILD      ?= build
VERSION    := $(shell cat VERSION)
PKGS       := gdal proj libpng libdeflate jansson libcrypto

# Fail loudly, naming the package, when pkg-config cannot find one (except
# for the targets that install packages first and build in a sub-make).
NO_BUILD_GOALS := deps check demo bench fuzz clean samples deb install-qgis-plugin uninstall-qgis-plugin
ifneq ($(filter-out $(NO_BUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
PKG_MISSING := $(strip $(foreach p,$(PKGS),$(if $(shell $(PKG_CONFIG) --exists $(p) && echo y),,$(p))))
ifneq ($(PKG_MISSING),)
$(error pkg-config ($(PKG_CONFIG)) cannot find: $(PKG_MISSING); install the build packages \
(libgdal-dev libproj-dev libpng-dev libdeflate-dev libjansson-dev libssl-dev) with scripts/install-deps.sh build)
endif
endif

CFLAGS      ?= -O2 -g
# -iquote src: a private header is included by its path below src/
# ("core/util.h", "engine/engine_priv.h"); one in the includer's own folder
# by its name (doc/design.md, Layout).
RF_CPPFLAGS := -Iinclude -iquote src -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
RF_CFLAGS   := -std=c11 -Wall -Wextra -Wmissing-prototypes -Wshadow -fopenmp
RF_LDFLAGS  := -fopenmp
LDLIBS      += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcsv -lm
ifeq ($(SANITIZE),1)
RF_CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
RF_LDFLAGS  += -fsanitize=address,undefined
endif
# Each object's header dependencies, written by the compiler (-MMD) with a
# phony target per header (-MP) so a removed header does not stop make.
DEPFLAGS    := -MMD -MP
COMPILE     := $(CC) $(DEPFLAGS) $(RF_CPPFLAGS) $(CPPFLAGS) $(RF_CFLAGS) $(CFLAGS)
LINK        := $(CC) $(RF_CFLAGS) $(CFLAGS) $(RF_LDFLAGS) $(LDFLAGS)

# The CLI is src/cli/ (main.c, cli.c, cmd_*.c); the library is every other
# src/SUBSYSTEM/*.c (src/core, geo, network, import, models, models/itm,
# engine, lte, output, measure, batch: doc/design.md, Module map).
CLI_SRCS  := $(wildcard src/cli/*.c)
LIB_SRCS  := $(filter-out $(CLI_SRCS),$(wildcard src/*/*.c src/*/*/*.c))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:src/%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# make install (doc/install.md).  DATADIR is compiled into rfplan (the last
# place it looks for its data files); DESTDIR stages the files elsewhere.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share/rfplan
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/rfplan
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

.PHONY: all deps check demo bench clean samples fuzz man install uninstall deb install-qgis-plugin \
	uninstall-qgis-plugin
all: $(BUILD)/rfplan $(TEST_BINS)

deps:
	@scripts/install-deps.sh test

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(COMPILE) -c $< -o $@

# The version is compiled into this one object (include/rfplan/version.h).
$(BUILD)/obj/core/version.o: src/core/version.c VERSION
	@mkdir -p $(dir $@)
	$(COMPILE) -DRFPLAN_VERSION='"$(VERSION)"' -c $< -o $@

$(BUILD)/librfplan.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/rfplan: $(CLI_OBJS) $(BUILD)/librfplan.a
	$(LINK) -o $@ $(CLI_OBJS) $(BUILD)/librfplan.a $(LDLIBS)

# (the test's dependency file goes beside the objects: tests/run-tests.sh
# runs every $(BUILD)/tests/test_*)
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/librfplan.a
	@mkdir -p $(dir $@) $(BUILD)/obj/tests
	$(COMPILE) -MF $(BUILD)/obj/tests/$*.d -Itests/unit $(RF_LDFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/librfplan.a $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_SRCS:tests/unit/%.c=$(BUILD)/obj/tests/%.d)

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

# The data directory compiled into datadir.o: rebuilt when DATADIR changes
# ($(BUILD)/datadir is rewritten only then).
$(BUILD)/datadir: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/obj/core/datadir.o: $(BUILD)/datadir
$(BUILD)/obj/core/datadir.o: CFLAGS += -DRFPLAN_DATADIR='"$(DATADIR)"'
.PHONY: FORCE
FORCE:

# Man pages and bash completion, generated by rfplan itself from its option
# tables (src/cli/cmd_help.c), so they say what --help says.
man: $(BUILD)/man/rfplan.1
$(BUILD)/man/rfplan.1: $(BUILD)/rfplan
	@rm -rf $(BUILD)/man && mkdir -p $(BUILD)/man
	$(BUILD)/rfplan help --man >$(BUILD)/man/rfplan.1.tmp
	@for c in help $$($(BUILD)/rfplan help --commands); do \
		$(BUILD)/rfplan help --man $$c >$(BUILD)/man/rfplan-$$c.1 || exit 1; done
	$(BUILD)/rfplan help --completion >$(BUILD)/man/rfplan.bash-completion
	@mv $(BUILD)/man/rfplan.1.tmp $@

# install / uninstall: scripts/install.sh (uninstall removes exactly what
# install put, listed in DATADIR/installed-files).
INSTALL_VARS = BUILD='$(BUILD)' DESTDIR='$(DESTDIR)' BINDIR='$(BINDIR)' DATADIR='$(DATADIR)' \
	MANDIR='$(MANDIR)' BASHCOMPDIR='$(BASHCOMPDIR)' DOCDIR='$(DOCDIR)'
install: $(BUILD)/rfplan man
	@$(INSTALL_VARS) scripts/install.sh install

uninstall:
	@$(INSTALL_VARS) scripts/install.sh uninstall

# The QGIS plugin (scripts/qgis/rfplan, doc/qgis.md): `make install` puts it
# in DATADIR/qgis/rfplan (QGIS finds it with QGIS_PLUGINPATH=DATADIR/qgis);
# install-qgis-plugin copies it into the installing user's default QGIS
# profile, where QGIS finds it without QGIS_PLUGINPATH.
QGIS_PLUGIN_DIR ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
install-qgis-plugin:
	@rm -rf '$(DESTDIR)$(QGIS_PLUGIN_DIR)/rfplan'
	@mkdir -p '$(DESTDIR)$(QGIS_PLUGIN_DIR)/rfplan'
	@cp scripts/qgis/rfplan/*.py scripts/qgis/rfplan/metadata.txt scripts/qgis/rfplan/*.png \
		'$(DESTDIR)$(QGIS_PLUGIN_DIR)/rfplan/'
	@echo "installed the rfplan QGIS plugin in $(DESTDIR)$(QGIS_PLUGIN_DIR)/rfplan (enable it in Plugins > Manage and Install Plugins)"
uninstall-qgis-plugin:
	rm -rf '$(DESTDIR)$(QGIS_PLUGIN_DIR)/rfplan'

# make deb: the Debian package (debian/, doc/install.md), built by
# dpkg-buildpackage in a copy of the tree under $(BUILD)/deb (the files git
# tracks plus the untracked ones it does not ignore), so the source tree
# stays clean; the .deb is $(BUILD)/deb/rfplan_$(VERSION)_ARCH.deb.
DEB_DIR := $(BUILD)/deb
deb:
	@scripts/install-deps.sh deb
	@rm -rf '$(DEB_DIR)' && mkdir -p '$(DEB_DIR)/rfplan-$(VERSION)'
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files --cached --others --exclude-standard; \
	else find . -path './build*' -prune -o -path ./.git -prune -o -type f -print; fi | \
		while read -r f; do [ -f "$$f" ] && echo "$$f"; done | \
		tar -cf - -T - | tar -xf - -C '$(DEB_DIR)/rfplan-$(VERSION)'
	cd '$(DEB_DIR)/rfplan-$(VERSION)' && dpkg-buildpackage -us -uc -b
	@ls '$(DEB_DIR)'/rfplan_$(VERSION)_*.deb
