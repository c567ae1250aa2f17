# Ionscape build entry points. `make run` and `make test` do all the set-up on a fresh Debian machine.
SHELL := /bin/bash
DEB_PACKAGES := liblapacke-dev libopenblas-dev libsuitesparse-dev libmetis-dev gnuplot-nox libopenmpi-dev openmpi-bin pkgconf libmumps-dev libhypre-dev
SWIFT_BUILD_FLAGS ?=
# hypre's pkg-config file (Debian ships none): SwiftPM reads the include paths from it.
export PKG_CONFIG_PATH := $(CURDIR)/Modules/CHYPRE/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
RUN_DIR ?= runs/quick

.PHONY: deps build release test run bench leakcheck downstream clean

# Install the Debian packages only when some are missing; quiet otherwise.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then echo "make deps: need root to apt-get install$$missing" >&2; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

release: deps
	swift build -c release $(SWIFT_BUILD_FLAGS)

# Swift Testing only while the suite has no XCTest cases: XCTest's empty run would print
# "Executed 0 tests" twice before the real summary.
test: deps
	swift test $$(grep -rqs XCTestCase Tests || echo --disable-xctest) $(SWIFT_BUILD_FLAGS)

run: release
	.build/release/ionscape reproduce --quick --out $(RUN_DIR)

bench: release
	bash benchmarks/run.sh

# The tests that reach unsafe memory under AddressSanitizer + LeakSanitizer: CHOLMOD/LAPACKE and
# the supernodal analysis, the certified bracket's 3000 random cases (Kron on CHOLMOD's symbolic
# structure), and every KMC suite (raw-pointer event loop), then the frozen-configuration command.
# Swift Testing runner only: XCTest's own empty pass leaks 144 bytes of its runner objects, not ours.
leakcheck: deps
	swift build --build-tests --scratch-path .build-asan --sanitize=address
	.build-asan/debug/IonscapePackageTests.xctest --testing-library swift-testing \
	  --filter "CholeskyFactorTests|BandedSolverTests|SymbolicAndBLASTests|BracketPropertyTests|KMCTests"
	.build-asan/debug/ionscape kmc --preset li33 --x 0.5 --size 6 --temperature 20 --filling 0.01 --start random --quiet >/dev/null

# A package outside the repository that uses the core libraries (Glass, Landscape, Transport)
# builds and computes a σ with every file of Open MPI, MUMPS and hypre hidden (needs root: it hides them
# in a private mount namespace). CI runs it after the tests.
downstream: deps
	Tests/Downstream/check-without-mpi.sh

clean:
	swift package clean
