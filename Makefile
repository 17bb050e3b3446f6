# The two commands (README.md):
#   make run   installs what is missing, builds, and starts Magpie with demo content
#   make test  installs what is missing, builds, and runs every test
# Both work from a fresh clone on Debian 12.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
PORT       ?= 8080
DATA_DIR   ?= data
MAGPIE     := $(BUILD_DIR)/src/app/magpie
CTEST_JOBS ?= 2

.PHONY: all setup configure build web run test unit integration clean help

all: build

help:
	@echo "make run    build and start Magpie on http://localhost:$(PORT) with demo content"
	@echo "make test   build and run every test (unit, integration, client, browser)"
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

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS) --timeout 1200

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS) -L unit

integration: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS) -L integration

clean:
	rm -rf $(BUILD_DIR) web/dist
