# Two commands do all the set-up on a fresh Debian machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# What the GUI test tier and VTK's rendering need beyond a bare Debian: Xvfb and Qt's xcb libraries.
GUI_PKGS := xvfb xauth libgl1 libegl1 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 \
	libxcb-cursor0 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
	libxcb-xinerama0 libxcb-xkb1 libfontconfig1 libdbus-1-3

.PHONY: run test gui-deps lint bench golden clean

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) with the app and its test tools (first run: a minute or two)..."
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@echo "Installing packages (pyvista, PySide6, scipy, trimesh, ...)"
	$(PY) -m pip install -q --progress-bar off -e '.[test]'
	touch $(STAMP)
	@echo "Done. Commands are in $(VENV)/bin: run .venv/bin/gluteal-viewer --help, or source .venv/bin/activate first."

run: $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(VENV)/bin/gluteal-viewer; \
	else \
		echo "No display found: rendering the built-in scenes to out/ instead."; \
		$(VENV)/bin/gluteal-viewer render $$($(VENV)/bin/gluteal-viewer scenes | cut -d' ' -f1) -o out; \
	fi

gui-deps:
	@missing=$$(for p in $(GUI_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing GUI test packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "GUI tests need: sudo apt-get install $$missing  (they are skipped until then)"; \
		fi; \
	fi

# The Khronos glTF validator (an npm package) for the GLB export test; skipped where npm is missing.
GLTF_VALIDATOR := $(VENV)/npm/node_modules/gltf-validator
$(GLTF_VALIDATOR):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/npm gltf-validator@2.0.0-dev.3.10 \
		|| echo "could not install gltf-validator; the GLB validation test will be skipped"; \
	else echo "npm not found: the GLB validation test will be skipped"; fi

test: $(STAMP) gui-deps $(GLTF_VALIDATOR)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check meshes scenes viewer tests
	$(VENV)/bin/lint-imports

# New reference renders for tests/test_golden.py: only after looking at what changed, on purpose.
golden: $(STAMP)
	$(PY) tests/test_golden.py

bench: $(STAMP)
	$(PY) tests/benchmarks/bench_meshes.py
	$(PY) tests/benchmarks/bench_render.py
	$(PY) tests/benchmarks/bench_animate.py
	@if [ -n "$$DISPLAY" ]; then $(PY) tests/benchmarks/bench_window.py; \
	else xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tests/benchmarks/bench_window.py; fi

clean:
	rm -rf $(VENV) out .pytest_cache
