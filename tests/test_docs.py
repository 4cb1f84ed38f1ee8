"The built docs site (`make docs` → _docs/) in headless Chromium: title, a signature, images, no broken internal link."
import functools, http.server, os, shutil, threading, urllib.parse, urllib.request
from pathlib import Path
import pytest

pytestmark = pytest.mark.docs
ROOT = Path(__file__).resolve().parents[1]
SITE, SHOTS = ROOT/'_docs', ROOT/'_build'/'screenshots'
PAGES = {'home': 'index.html', 'api': '04_learner.html', 'tutorial': 'tutorials/quickstart.html'}

@pytest.fixture(scope='module')
def server():
    assert (SITE/'index.html').exists(), "no site in _docs/: run `make docs` first"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *a, **k: None
    # threads: Chromium keeps idle speculative connections open, which would block a one-request-at-a-time server
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}/'
    httpd.shutdown()

@pytest.fixture(scope='module')
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    exe = shutil.which('chromium') or shutil.which('chromium-browser')
    drv = shutil.which('chromedriver')
    assert exe and drv, "headless Chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)"
    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    for a in ('--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--window-size=1280,1600'):
        opts.add_argument(a)
    d = webdriver.Chrome(options=opts, service=Service(drv))
    d.set_page_load_timeout(60)
    yield d
    d.quit()

def open_page(browser, server, page):
    browser.get(server + page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS/(page.replace('/', '_').replace('.html', '.png'))))
    return browser

def images_loaded(browser) -> int:
    return browser.execute_script("return [...document.images].filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0).length")

def test_home_page(browser, server):
    b = open_page(browser, server, PAGES['home'])
    assert 'fasttsc' in b.title
    assert 'fasttsc' in b.find_element('css selector', 'article h1').text
    assert 'Train deep time-series classifiers' in b.page_source
    assert images_loaded(b) >= 1  # the LR-schedule figure of the README example

def test_api_page_shows_signatures_and_figures(browser, server):
    b = open_page(browser, server, PAGES['api'])
    assert b.find_element('css selector', 'article h1').text.startswith('Learner')
    sigs = [e.text for e in b.find_elements('css selector', '.api-sig pre')]
    assert any(s.startswith('TSLearner(dls, arch, metrics=None') for s in sigs), sigs[:5]
    assert any(s.startswith('Learner.fit_rounds(self') for s in sigs), sigs[:5]

def test_tutorial_page_renders_outputs(browser, server):
    b = open_page(browser, server, PAGES['tutorial'])
    assert b.find_element('css selector', 'article h1').text == 'Quickstart'
    assert images_loaded(b) >= 2  # the loss curves and the confusion matrix
    assert 'accuracy' in b.find_element('css selector', 'article').text

def test_no_broken_internal_links(browser, server):
    seen, broken, todo = set(), [], [p for p in PAGES.values()]
    for page in list(todo):
        browser.get(server + page)
        for href in browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)"):
            url = urllib.parse.urldefrag(href)[0]
            if not url.startswith(server) or url in seen: continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url, timeout=10) as r: ok = r.status == 200
            except Exception: ok = False
            if not ok: broken.append((page, url))
    assert len(seen) > 10  # the nav links every page
    assert broken == []

def test_no_local_paths_in_the_site():
    leaks = [p.relative_to(SITE) for p in SITE.rglob('*.html') if str(ROOT) in p.read_text(errors='ignore')]
    assert leaks == []
