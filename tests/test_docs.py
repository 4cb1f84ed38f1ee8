"The built docs site (`make docs` → _docs/) in headless Chromium: every page opens clean, reference entries, figures, links."
import functools, http.server, os, re, shutil, threading, urllib.parse, urllib.request
from pathlib import Path
import pytest

pytestmark = pytest.mark.docs
ROOT = Path(__file__).resolve().parents[1]
SITE, SHOTS = ROOT/'_docs', ROOT/'_build'/'screenshots'
PAGES = {'home': 'index.html', 'api': '04_learner.html', 'tutorial': 'tutorials/quickstart.html'}
MODULES = ['04_learner', '03_lr_find', '03a_batched_grid', '03b_range_test', '02_schedules', '02a_dynamic_lr', '02b_lr_free', '04a_inference', '00_data', '00c_readers', '01_models', '01a_models_2d',
           '01b_models_rnn', '01c_models_dsn', '05_benchmark', '05e_bench_config', '05a_bench_report', '05b_tune', '05c_runlog', '05d_arms', '06_cli', '00b_core', '00a_compat']
TUTORIALS = ['quickstart', 'lr_and_weight_decay', 'adaptive_vs_onecycle', 'running_the_benchmark', 'benchmark_results']
ALL = ['index.html'] + [f'{m}.html' for m in MODULES] + [f'tutorials/{t}.html' for t in TUTORIALS]
WITH_FIGURES = ['index.html', '03_lr_find.html', '02_schedules.html', '04_learner.html', '05a_bench_report.html'] + [f'tutorials/{t}.html' for t in TUTORIALS]

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

@functools.lru_cache(maxsize=None)
def _resolves(url:str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as r: return r.status == 200
    except Exception: return False

def _internal_links(browser, server) -> set:
    "The page's links into the site, without their fragments."
    hrefs = browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    return {urllib.parse.urldefrag(h)[0] for h in hrefs if h.startswith(server)}

def images_loaded(browser) -> int:
    return browser.execute_script("return [...document.images].filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0).length")

def test_home_page(browser, server):
    b = open_page(browser, server, PAGES['home'])
    assert 'fasttsc' in b.title
    assert 'fasttsc' in b.find_element('css selector', 'article h1').text
    assert 'Train deep time-series classifiers' in b.page_source
    assert images_loaded(b) >= 1  # the LR-schedule figure of the README example
    # the first screen: what it is and how to install it; no test code, no machine paths anywhere on the page
    top = b.execute_script("return [...document.querySelectorAll('article h2')].map(h => [h.textContent.replace('¶', '').trim(), h.getBoundingClientRect().top])")
    assert [t for t, y in top if y < 1000][:1] == ['Install'], top
    text = b.find_element('css selector', 'article').text
    assert 'pip install' in text and 'fit_adaptive_cycle' in text
    assert not re.search(r'test_eq|test_close|/tmp/|/work/|/root/', text), "test code or a machine path on the home page"

def test_api_page_shows_signatures_and_figures(browser, server):
    b = open_page(browser, server, PAGES['api'])
    assert b.find_element('css selector', 'article h1').text.startswith('Learner')
    sigs = [e.text for e in b.find_elements('css selector', '.api-entry pre')]
    assert any(s.startswith('TSLearner(dls, arch, metrics=None') for s in sigs), sigs[:5]
    assert any(s.startswith('Learner.fit_rounds(n_epoch: int') for s in sigs), sigs[:5]
    assert not [s for s in sigs if 'self' in s.split('(')[1][:6] or ' at 0x' in s or '__main__.' in s or 'after_fit' in s], sigs

def test_tutorial_page_renders_outputs(browser, server):
    b = open_page(browser, server, PAGES['tutorial'])
    assert b.find_element('css selector', 'article h1').text == 'Getting started'
    text = b.find_element('css selector', 'article').text
    assert 'pip install -c constraints.txt' in text and 'predict_series' in text   # install, train, predict
    assert images_loaded(b) >= 2  # the loss curves and the confusion matrix
    assert 'accuracy' in b.find_element('css selector', 'article').text

def test_front_door_order(browser, server):
    b = open_page(browser, server, PAGES['api'])   # from a page that is not Home, so every entry is a plain link
    items = b.find_elements('css selector', '.md-nav--primary > .md-nav__list > .md-nav__item')
    first = [i.get_attribute('textContent').split('\n') for i in items]
    labels = [next(t.strip() for t in f if t.strip()) for f in first]
    assert labels == ['fasttsc', 'Getting started', 'Tutorials', 'API reference', 'Benchmark results'], labels   # Home carries the site's name

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

@pytest.mark.parametrize('page', ALL)
def test_every_page_opens_clean(browser, server, page):
    b = open_page(browser, server, page)
    text = b.find_element('css selector', 'article').text
    assert b.find_element('css selector', 'article h1').text
    assert not re.search(r'Epoch \d+/\d+ :', text), "progress-bar text on the page"
    assert '$\\' not in text, "raw LaTeX on the page"
    if page in WITH_FIGURES: assert images_loaded(b) >= 1, "no figure"
    broken = b.execute_script("return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))")
    assert broken == [], "images that do not load"
    assert [l for l in _internal_links(b, server) if not _resolves(l)] == [], "internal links that do not resolve"
    assert not re.search(r'\*\*args|<img src=', text), "code rendered as Markdown"
    entries = b.execute_script("return [...document.querySelectorAll('.api-entry')].map(e => [e.querySelector('h3').id, +e.dataset.nparams, !!e.querySelector('table.api-params')])")
    assert [e for e in entries if e[1] > 0 and not e[2]] == [], "entries with parameters but no table"
    empty = b.execute_script("return [...document.querySelectorAll('table.api-params tbody tr')].filter(r => !r.lastElementChild.textContent.trim()).map(r => r.firstElementChild.textContent)")
    assert empty == [], "parameter rows without a description"
    assert not b.find_elements('css selector', 'article details.api-code'), "an implementation box (the source is a link)"
    anchors = b.execute_script("return [...document.querySelectorAll('.md-nav--secondary a[href*=\"#\"]')].map(a => decodeURIComponent(a.hash.slice(1)))")
    assert [a for a in anchors if not b.execute_script("return document.getElementById(arguments[0]) !== null", a)] == []

@pytest.mark.parametrize('page', ['02_schedules.html', '03_lr_find.html'])
def test_math_is_rendered_offline(browser, server, page):
    b = open_page(browser, server, page)
    assert len(b.find_elements('css selector', 'article .katex')) >= 2   # KaTeX from the site itself, no CDN
    assert not b.find_elements('css selector', 'article .katex-error')
    assert 'cdn' not in ' '.join(e.get_attribute('src') or '' for e in b.find_elements('css selector', 'script')).lower()

def test_module_pages_have_reference_entries(browser, server):
    b = open_page(browser, server, '03_lr_find.html')
    ids = b.execute_script("return [...document.querySelectorAll('.api-entry h3')].map(h => h.id)")
    assert {'Learner.lr_find', 'LRFindResult', 'LRFindResult.plot', 'midpoint', 'suggest_lrs'} <= set(ids), ids
    row = b.execute_script("""return [...document.querySelectorAll('.api-entry')].filter(e => e.querySelector('h3').id == 'Learner.lr_find')[0]
                              .querySelector('table').innerText""")
    assert 'wd_grid' in row and 'weight decays to compare' in row
