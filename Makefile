# Entry points: `make demo` and `make test` each do all the set-up they need (Debian packages, the
# project venv with the pinned pyarrow wheel, configure, build) and are idempotent.
BUILD   ?= build
VENV    := .venv
PY      := $(VENV)/bin/python
TPCHGEN := $(VENV)/bin/tpchgen-cli
QUIVER  := $(BUILD)/quiver
JOBS    ?= $(shell nproc)
TEST_SF := 0.01
DEMO_SF := 0.1
TEST_DATA := data/tpch-sf$(TEST_SF)
DEMO_DATA := data/tpch-sf$(DEMO_SF)

.PHONY: all setup configure build test test-sf1 demo bench bench-sort bench-distributed bench-worker-loss bench-load fuzz \
        clean format
all: build

setup:
	@bash scripts/bootstrap.sh

$(BUILD)/build.ninja: CMakeLists.txt | setup
	cmake -S . -B $(BUILD) -G Ninja

configure: setup
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Test data: SF0.01 in 3 files per table with small row groups, so scans really split across
# files and row groups. tpchgen-cli output is deterministic; the expected answers in
# tests/expected were made from it by scripts/make_expected.py (DuckDB).
$(TEST_DATA)/.done: | setup
	rm -rf $(TEST_DATA) && mkdir -p $(TEST_DATA)
	$(TPCHGEN) parquet -s $(TEST_SF) --parts 3 --row-group-bytes 256KB -o $(TEST_DATA) >/dev/null
	touch $@

$(DEMO_DATA)/.done: | setup
	rm -rf $(DEMO_DATA) && mkdir -p $(DEMO_DATA)
	$(TPCHGEN) parquet -s $(DEMO_SF) --parts 4 --row-group-bytes 2MB -o $(DEMO_DATA) >/dev/null
	touch $@

test: build $(TEST_DATA)/.done
	cd $(BUILD) && QUIVER_TPCH_DIR=$(CURDIR)/$(TEST_DATA) ctest --output-on-failure -j $(JOBS)

# All 22 TPC-H queries at SF1, single node and on 4 embedded workers, against the DuckDB answers
# in tests/expected/tpch-sf1 (minutes; not part of make test). Builds only the quiver binary and
# makes data/tpch-sf1 if missing.
test-sf1: configure
	@BUILD=$(BUILD) JOBS=$(JOBS) bash scripts/test_sf1.sh

demo: build $(DEMO_DATA)/.done
	@bash scripts/demo.sh $(QUIVER) $(DEMO_DATA)

# Benchmarks (docs/benchmarks.md): programs that print figures, never part of make test. Each
# builds only what it runs and installs its peer engines on demand (scripts/bench_venv.sh).
# make bench: quiver single node vs DataFusion vs DuckDB. make bench-distributed: quiver vs
# datafusion-distributed, WORKERS worker processes each. Figures in bench/results/<timestamp>/.
BENCH_SF   ?= 1
THREADS    ?= 2
ITERATIONS ?= 3
WORKERS    ?= 4
BENCH_ENV   = THREADS=$(THREADS) ITERATIONS=$(ITERATIONS) WORKERS=$(WORKERS) BUILD=$(BUILD)
bench: configure
	@$(BENCH_ENV) bash scripts/bench.sh $(BENCH_SF)

# ORDER BY of all SF1 lineitem (queries/sort): quiver vs DataFusion vs DuckDB, as make bench.
bench-sort: configure
	@$(BENCH_ENV) QUERIES_DIR=queries/sort bash scripts/bench.sh $(BENCH_SF)

bench-distributed: configure
	@$(BENCH_ENV) bash scripts/bench_distributed.sh $(BENCH_SF)

# Kill or freeze a random worker at a random moment of a distributed query, TRIALS times; prints
# completed-correct / failed-cleanly / hung / wrong (docs/worker.md). Not part of make test.
TRIALS ?= 100
bench-worker-loss: build $(DEMO_DATA)/.done
	@python3 bench/worker_loss_trials.py --quiver $(QUIVER) --tpch $(DEMO_DATA) --trials $(TRIALS) \
	  --workers $(WORKERS) --json $(BUILD)/worker_loss_trials.json

# CONCURRENCY queries at once on WORKERS worker processes: answers, and the workers' threads and
# RSS idle, at peak and after (docs/worker.md). Not part of make test.
CONCURRENCY ?= 50
bench-load: build $(DEMO_DATA)/.done
	@$(VENV)/bin/python bench/concurrent_load.py --quiver $(QUIVER) --tpch $(DEMO_DATA) \
	  --concurrency $(CONCURRENCY) --workers $(WORKERS) --json $(BUILD)/concurrent_load.json

# libFuzzer targets (tests/fuzz/) built with clang in build-fuzz/, each run FUZZ_SECONDS
# (docs/testing.md). make test only replays their committed corpus.
FUZZ_SECONDS ?= 60
fuzz: $(TEST_DATA)/.done
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'examples/*.cc' 'tests/*.cc' 'bench/*.cc')

clean:
	rm -rf $(BUILD)
