# The two commands of the README: `make run` and `make test`. Each sets up what it needs first.
# The virtual environment uses Python 3.12 or newer (scripts/find-python.sh says why); set PYTHON to choose.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup system-deps demo dataset catalogs bench lint bundle

run: setup
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		$(BIN)/redi-desktop; \
	else \
		echo "No display here: running the demo instead (redi-desktop demo)."; \
		$(BIN)/redi-desktop demo; \
	fi

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

setup: system-deps
	@bash scripts/setup-venv.sh

system-deps:
	@bash scripts/system-deps.sh

demo: setup
	$(BIN)/redi-desktop demo

# Maintainers: rebuild budgets.db from resources/budgets/, refresh the catalogs, measure, lint.
dataset: setup
	$(BIN)/redi-desktop dataset build

catalogs: setup
	$(BIN)/python -m redi_desktop.i18n.catalogs

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_sheets.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_gui.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_procedure.py

lint: setup
	$(BIN)/ruff check redi_desktop tests benchmarks

# Maintainers: the onedir bundle dist/redi-desktop/, checked by its own selftest (installer/build.sh)
bundle: setup
	bash installer/build.sh
