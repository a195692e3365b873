# Roer: `make run` sets up, builds and serves; `make test` sets up, builds and runs every suite.
# Plain make with pkg-config. Objects go to build/ (release) and build/asan/ (sanitizers).

CC ?= cc
PKGS := libmicrohttpd jansson sqlite3 libsodium libqrencode liboath nettle vips zlib libcurl
VERSION := 0.1.0

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla -Werror=implicit-function-declaration
BASE_CFLAGS := -std=c17 -D_GNU_SOURCE -DROER_VERSION='"$(VERSION)"' -Isrc $(WARN) -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

RELEASE_CFLAGS := -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
ASAN_CFLAGS := -DROER_TEST_CLOCK -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
GEN := build/gen/migrations.c build/gen/common_passwords.c
MIGRATIONS := $(sort $(wildcard src/store/sqlite/migrations/*.sql))

LIB_OBJ := $(patsubst %.c,build/obj/%.o,$(LIB_SRC)) $(patsubst build/gen/%.c,build/obj/gen/%.o,$(GEN))
ASAN_LIB_OBJ := $(patsubst build/obj/%,build/asan/obj/%,$(LIB_OBJ))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRC))

WEB_SRC := $(shell find web/src web/public web/i18n -type f 2>/dev/null) web/build.mjs

.PHONY: all setup run test test-unit test-api test-browser test-fuzz web fuzz demo clean lint
all: build/roer build/asan/roer web

setup:
	@scripts/setup

build/gen/migrations.c: $(MIGRATIONS) scripts/embed
	@mkdir -p $(dir $@)
	scripts/embed migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

build/gen/common_passwords.c: src/auth/common-passwords.txt scripts/embed
	@mkdir -p $(dir $@)
	scripts/embed text common_passwords_txt $< > $@.tmp && mv $@.tmp $@

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(RELEASE_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(RELEASE_CFLAGS) -Wno-missing-prototypes -c $< -o $@

build/asan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(ASAN_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

build/asan/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(ASAN_CFLAGS) -Wno-missing-prototypes -c $< -o $@

build/libroer.a: $(LIB_OBJ)
	ar rcs $@ $^

build/asan/libroer.a: $(ASAN_LIB_OBJ)
	ar rcs $@ $^

build/roer: build/obj/src/main.o build/libroer.a
	$(CC) $(RELEASE_CFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/roer: build/asan/obj/src/main.o build/asan/libroer.a
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/unit/%: tests/unit/%.c build/asan/libroer.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(ASAN_CFLAGS) $(PKG_CFLAGS) -Wno-missing-prototypes -o $@ $< build/asan/libroer.a \
		$(PKG_LIBS) -lcmocka

web: web/dist/index.html
web/dist/index.html: $(WEB_SRC) package-lock.json node_modules/.package-lock.json
	node web/build.mjs

# The npm packages the front end is built with, for every target that builds it (plain `make` too),
# installed as scripts/setup does when the lock file is newer than what is installed.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

run: setup
	@$(MAKE) --no-print-directory build/roer web
	@mkdir -p var
	@echo "Roer: open http://127.0.0.1:8080 in your browser. Stop with Ctrl-C."
	@echo "      To see Roer with a filled-in demo client instead: make demo"
	./build/roer serve --listen 127.0.0.1:8080 --data ./var

# A fresh store in var/demo with the demo client, served like `make run`.
demo: setup
	@$(MAKE) --no-print-directory build/roer web
	@rm -rf var/demo && mkdir -p var
	./build/roer demo --data var/demo
	@echo "Roer demo: open http://127.0.0.1:8080 and sign in as shown above. Stop with Ctrl-C."
	./build/roer serve --listen 127.0.0.1:8080 --data var/demo

# The fuzz targets (defined here: a prerequisite list is read when its rule is).
FUZZ_TIME ?= 60
FUZZ_TARGETS := fuzz_request fuzz_fields fuzz_routes
FUZZ_BIN := $(addprefix build/fuzz/,$(FUZZ_TARGETS))

test: setup
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(FUZZ_BIN)
	@scripts/test

test-unit: $(UNIT_BIN)
	@scripts/test unit

test-api: build/asan/roer
	@scripts/test api

test-browser: build/roer web
	@scripts/test browser

test-fuzz: $(FUZZ_BIN)
	@scripts/test fuzz-seeds

# libFuzzer targets (tests/fuzz/, one binary each; see README "Fuzzing"). The library is built once
# with clang for them, instrumented for the fuzzer and with ASan and UBSan (a UBSan report is a crash).
# `make fuzz` runs each target for FUZZ_TIME seconds on its corpus in build/fuzz/corpus/ and its seeds
# (a finding goes to build/fuzz/<target>-crash-<sha1>);
# `make test` replays the seeds only (the fuzz-seeds suite of scripts/test).
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_OBJ := $(patsubst build/obj/%,build/fuzz/obj/%,$(LIB_OBJ))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c $< -o $@

build/fuzz/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	clang $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Wno-missing-prototypes -c $< -o $@

build/fuzz/libroer.a: $(FUZZ_LIB_OBJ)
	ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libroer.a
	clang $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Wno-missing-prototypes \
		-o $@ $< build/fuzz/libroer.a $(PKG_LIBS)

fuzz: setup
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t; \
		dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		echo "== $$t ($(FUZZ_TIME) s)"; \
		build/fuzz/$$t -max_total_time=$(FUZZ_TIME) -max_len=4096 -timeout=20 $$dict -artifact_prefix=build/fuzz/$$t- \
			build/fuzz/corpus/$$t tests/fuzz/seeds/$$t || exit 1; \
	done

clean:
	rm -rf build web/dist

-include $(shell find build -name '*.d' 2>/dev/null)

# Benchmarks (issue 8; not part of `make test`): each figure is a ratio to a
# limit measured in the same run; the figures go to docs/performance.md. See
# bench/run.mjs. BENCH_LABEL names the run there; BENCH_SECONDS sets the length
# of each measurement. The helpers link the release library like the unit tests.
BENCH_BIN := build/bench/raw_sqlite build/bench/raw_readings build/bench/fill
BENCH_LABEL ?=

build/bench/%: bench/%.c build/libroer.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(RELEASE_CFLAGS) $(PKG_CFLAGS) -Wno-missing-prototypes -o $@ $< build/libroer.a $(PKG_LIBS)

.PHONY: bench
bench:
	@scripts/setup bench
	@$(MAKE) --no-print-directory build/roer $(BENCH_BIN)
	BENCH_LABEL="$(BENCH_LABEL)" node bench/run.mjs
