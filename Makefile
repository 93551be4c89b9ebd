# The two commands: `make run` and `make test`. Both install what is missing first (scripts/setup.sh).
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= RelWithDebInfo
KS = $(BUILD)/src/cli/ks

.PHONY: all setup build run test bench clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Starts KS on SQLite (var/ks.db) with demo data at http://localhost:8080.
run: build
	$(KS) serve --demo --db sqlite:var/ks.db --host 0.0.0.0 --port 8080

# Builds and runs every test (unit, both database backends, CLI, browser); ends with CTest's summary.
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 900

bench: build
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
