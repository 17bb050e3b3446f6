# The two commands (README.md):
#   make run   installs what is missing, builds, and starts Magpie with demo content
#   make test  installs what is missing, builds, and runs every test
# Both work from a fresh clone on Debian 12. docs/TESTING.md describes the suites.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
PORT       ?= 8080
DATA_DIR   ?= data
MAGPIE     := $(BUILD_DIR)/src/app/magpie
CTEST_JOBS ?= 2

.PHONY: all setup configure build web run test test-quick unit integration lint asan tsan fuzz \
        clean help

all: build

help:
	@echo "make run    build and start Magpie on http://localhost:$(PORT) with demo content"
	@echo "make test   build and run every test (unit, integration, client, browser), then lint,"
	@echo "            the ASan+UBSan and TSan trees and a fuzz smoke (docs/TESTING.md)"
	@echo "make test-quick  only the first part: the suites in $(BUILD_DIR)"
	@echo "make lint   clang-tidy over src/        make asan  unit + integration under ASan+UBSan"
	@echo "make tsan   ThreadSanitizer tree        make fuzz  the libFuzzer targets (FUZZ_SECONDS=20)"
	@echo "make build  build the server and the web app"
	@echo "make clean  remove build outputs (keeps $(DATA_DIR)/)"

setup:
	@scripts/setup

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: setup $(BUILD_DIR)/build.ninja

build: configure web
	cmake --build $(BUILD_DIR)

# The web app is built with npm from its own lock file; skipped when web/ is absent.
web: setup
	@if [ -f web/package.json ]; then scripts/build-web; fi

run: build
	$(MAGPIE) serve --listen 127.0.0.1:$(PORT) --data-dir $(DATA_DIR) --demo

# Everything CI runs (.ci/run): the suites, then lint, the ASan+UBSan tree, the TSan tree and a fuzz
# smoke, each stage in its own build tree. On a cold 2-core machine the four extra stages add about
# 11 min to the 11 of the suites (docs/TESTING.md).
test: test-quick
	BUILD_DIR=$(BUILD_DIR) scripts/lint
	scripts/sanitize asan
	scripts/sanitize tsan
	scripts/fuzz

test-quick: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS) --timeout 1200

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS) -L unit

integration: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS) -L integration

# clang-tidy needs the compile commands of the configured tree.
lint: configure
	BUILD_DIR=$(BUILD_DIR) scripts/lint

asan: setup
	scripts/sanitize asan

tsan: setup
	scripts/sanitize tsan

fuzz: setup
	scripts/fuzz

clean:
	rm -rf $(BUILD_DIR) build-asan build-tsan build-fuzz web/dist
