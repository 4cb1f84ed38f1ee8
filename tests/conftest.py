import os
from pathlib import Path
import pytest

os.environ.setdefault('MPLBACKEND', 'Agg')

def pytest_addoption(parser):
    parser.addoption('--runslow', action='store_true', default=False, help="run tests marked slow")
    parser.addoption('--rundocs', action='store_true', default=False, help="run the browser test of the built docs site")

def pytest_configure(config):
    config.addinivalue_line('markers', 'slow: real data or long training; run with --runslow')
    config.addinivalue_line('markers', 'docs: the docs site in headless Chromium; run with --rundocs after `make docs`')

def pytest_collection_modifyitems(config, items):
    for flag, mark, how in (('--runslow', 'slow', 'make test-slow'), ('--rundocs', 'docs', 'make docs-check')):
        if config.getoption(flag): continue
        skip = pytest.mark.skip(reason=f"{mark}: run with {flag} ({how})")
        for item in items:
            if mark in item.keywords: item.add_marker(skip)

@pytest.fixture(scope='session')
def shared_data() -> Path:
    "The folder of real UCR/UEA files: FASTTSC_DATA, else ../shared/data beside the checkout."
    p = os.environ.get('FASTTSC_DATA') or str(Path(__file__).resolve().parents[2]/'shared'/'data')
    if not Path(p).is_dir(): pytest.skip(f"no real-data folder at {p} (set FASTTSC_DATA)")
    return Path(p)

@pytest.fixture
def offline(tmp_path, monkeypatch):
    "No FASTTSC_DATA, an empty download cache, and any download pointed at a closed local port."
    monkeypatch.delenv('FASTTSC_DATA', raising=False)
    monkeypatch.setenv('FASTTSC_CACHE', str(tmp_path/'cache'))
    monkeypatch.setenv('FASTTSC_UCR_URL', 'http://127.0.0.1:9/{name}.zip')
    return tmp_path
