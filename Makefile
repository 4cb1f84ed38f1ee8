# The two commands of the README: `make demo` and `make test`. Both install what they need into .venv first.
.PHONY: install demo test test-slow bench bench-small readme docs docs-check clean
install:
	bash tools/venv.sh

demo: install
	.venv/bin/fasttsc train GunPoint --arch InceptionTime --epochs 25 --out runs/

test: install
	bash tools/test.sh

test-slow: install
	bash tools/test.sh slow

bench: install
	FASTTSC_DATA=$${FASTTSC_DATA:-$$(cd ../shared/data 2>/dev/null && pwd)} .venv/bin/nbdev_test --flags "slow bench" --path nbs/04_learner.ipynb
	FASTTSC_DATA=$${FASTTSC_DATA:-$$(cd ../shared/data 2>/dev/null && pwd)} .venv/bin/python benchmarks/lr_find_stability.py
	FASTTSC_DATA=$${FASTTSC_DATA:-$$(cd ../shared/data 2>/dev/null && pwd)} .venv/bin/python benchmarks/adaptive_vs_onecycle.py

# the paper's comparison at CPU scale (about an hour on 2 cores); resumes where it stopped
bench-small: install
	FASTTSC_DATA=$${FASTTSC_DATA:-$$(cd ../shared/data 2>/dev/null && pwd)} .venv/bin/fasttsc bench cpu-small --out benchmarks/cpu-small --engine ray --workers 2

readme:
	.venv/bin/python tools/make_readme.py

# the docs site from the notebooks (MkDocs + mkdocs-jupyter; Quarto cannot be installed here) → _docs/index.html
docs: install
	FASTTSC_DATA=$${FASTTSC_DATA:-$$(cd ../shared/data 2>/dev/null && pwd)} OMP_NUM_THREADS=1 NO_MKDOCS_2_WARNING=1 .venv/bin/python tools/build_docs.py

# build the site, then open it in headless Chromium (installs Debian's chromium + chromium-driver if missing)
docs-check: docs
	bash tools/chromium.sh
	.venv/bin/pytest tests/test_docs.py -q --rundocs

clean:
	rm -rf runs _docs _build _proc .pytest_cache
