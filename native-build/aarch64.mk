# linux-aarch64: the shim and caps4j-launch cross-compiled with the flags Maven passes for
# x86-64 (execution "aarch64" in ../pom.xml; this file keeps no second copy of them):
#
#   make -C native-build -f aarch64.mk OUT=... SHIM_CFLAGS=... SHIM_LDFLAGS=... CFLAGS=...
#        LDFLAGS=... POLICY_DIR=... TEST_POLICY_DIR=...
#
# Builds OUT/libcaps4j.so, and OUT/caps4j-launch and OUT/caps4j-launch-test through Makefile.
# Without the cross compiler (or arm64 zlib) it builds nothing and says what to install; with
# CI=true that is an error, so CI always ships both shims.

CC := aarch64-linux-gnu-gcc
SHIM_SOURCES := $(wildcard ../src/main/c/*.c)
SHIM_HEADERS := $(wildcard ../src/main/c/*.h) ../src/main/c/libcaps4j.map
HAVE_CC := $(shell command -v $(CC) 2>/dev/null)
HAVE_ZLIB := $(wildcard /usr/lib/aarch64-linux-gnu/libz.so /usr/aarch64-linux-gnu/lib/libz.so)
INSTALL := gcc-aarch64-linux-gnu libc6-dev-arm64-cross zlib1g-dev:arm64 (after dpkg --add-architecture arm64)

ifndef OUT
$(error OUT and the flags come from Maven: run mvn compile)
endif

ifeq ($(and $(HAVE_CC),$(HAVE_ZLIB)),)
all:
	@echo "[WARNING] no linux-aarch64 shim: $(CC) or arm64 zlib is missing; install $(INSTALL)" >&2
	@test "$$CI" != true || { echo "[ERROR] CI=true: the jar must carry the aarch64 shim" >&2; exit 1; }
else
all: $(OUT)/libcaps4j.so launchers

$(OUT)/libcaps4j.so: $(SHIM_SOURCES) $(SHIM_HEADERS) aarch64.mk
	@mkdir -p $(OUT)
	$(CC) $(SHIM_CFLAGS) $(SHIM_SOURCES) $(SHIM_LDFLAGS) -o $@

launchers:
	$(MAKE) -f Makefile CC=$(CC) OUT=$(OUT) CFLAGS='$(CFLAGS)' LDFLAGS='$(LDFLAGS)' \
		POLICY_DIR='$(POLICY_DIR)' TEST_POLICY_DIR='$(TEST_POLICY_DIR)'
endif

.PHONY: all launchers
