# The two commands of the README: `make demo` and `make test`. Both install what they need into .venv first.
.PHONY: install demo test test-slow readme clean
install:
	bash tools/venv.sh

demo: install
	.venv/bin/fasttsc train GunPoint --arch InceptionTime --epochs 25 --out runs/

test: install
	bash tools/test.sh

test-slow: install
	bash tools/test.sh slow

readme:
	.venv/bin/python tools/make_readme.py

clean:
	rm -rf runs _docs _proc .pytest_cache
