# Harrier developer entry points. See README.md.
#   make run   - install what is missing, build, serve the example configuration
#   make test  - install what is missing, build, run every test
BAZEL ?= bazel

.PHONY: all bootstrap build run test fuzz bench clean

all: build

bootstrap:
	@tools/bootstrap

build: bootstrap
	$(BAZEL) build //...

run: build
	@tools/run-dev

test: bootstrap
	@tools/run-tests

fuzz: bootstrap
	@tools/fuzz $${FUZZ_SECONDS:-60}

bench: bootstrap
	$(BAZEL) run -c opt //bench:normalize_bench

clean:
	$(BAZEL) clean
