# The two commands of the README:
#   make demo    install what is missing, build, run the headline example
#   make check   install what is missing, build, run every test
# Also: make install PREFIX=dir, make bench, make clean.
BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build demo check unit-asan install bench clean deps

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)

# Warnings are errors here; the unit tests also run under ASan and UBSan.
check: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFTMPI_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@$(MAKE) --no-print-directory unit-asan
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

unit-asan:
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DFTMPI_WERROR=ON -DFTMPI_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS) --target unit-tests
	@cd $(BUILD)-asan && ctest --output-on-failure -L unit

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

bench:
	@scripts/install-deps.sh bench
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD)-asan
