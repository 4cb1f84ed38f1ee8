"""Build the documentation site from the notebooks, offline, without Quarto: `make docs` (→ _docs/index.html).

Each notebook of nbs/ (and nbs/tutorials/) is executed in a Jupyter kernel (nbclient: outputs in the order they came; skipping the
cells flagged with settings.ini's tst_flags, as nbdev_test does), then rendered the way nbdev's docs look: directive
lines (#| ...) and `#| hide` cells are dropped, every `#| export` cell is replaced by reference entries of what it defines (signature, one-line
docstring, parameter table, a link to the source), stderr (warnings) is dropped and local paths are scrubbed from outputs. MkDocs with
the Material theme and mkdocs-jupyter turns the executed notebooks into the site (_build/docs → _docs).
Run: .venv/bin/python tools/build_docs.py [--no-exec] [--only NAME ...]
"""
import argparse, ast, html, importlib, inspect, os, re, shutil, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GIT_URL = 'https://github.com/fasttsc/fasttsc'
VERSION = re.search(r'^version\s*=\s*(\S+)', (ROOT/'settings.ini').read_text(), re.M).group(1)
NBS, BUILD, SITE = ROOT/'nbs', ROOT/'_build'/'docs', ROOT/'_docs'
# the API reference, what users call first first: learner, LR finder, schedules, inference, data, models, benchmark,
# command line; the plumbing (core helpers, compatibility) last
PAGES = ['index', '04_learner', '03_lr_find', '03a_batched_grid', '03b_range_test', '02_schedules', '02a_dynamic_lr', '02b_lr_free', '04a_inference', '00_data', '00c_readers', '01_models', '01a_models_2d',
         '01b_models_rnn', '01c_models_dsn', '05_benchmark', '05e_bench_config', '05a_bench_report', '05b_tune', '05c_runlog', '05d_arms', '06_cli', '00b_core', '00a_compat']
TUTORIALS = ['quickstart', 'lr_and_weight_decay', 'adaptive_vs_onecycle', 'running_the_benchmark', 'benchmark_results']   # first: Getting started; last: Benchmark results

def _title(nb) -> str:
    for c in nb.cells:
        if c.cell_type == 'markdown':
            m = re.search(r'^#\s+(.+)$', c.source, re.M)
            if m: return m.group(1).strip()
    return 'page'

_EVENTS = {'after_create', 'before_fit', 'before_epoch', 'before_train', 'before_batch', 'after_pred', 'after_loss',
           'before_backward', 'after_cancel_backward', 'after_backward', 'before_step', 'after_cancel_step', 'after_step',
           'after_cancel_batch', 'after_batch', 'after_cancel_train', 'after_train', 'before_validate',
           'after_cancel_validate', 'after_validate', 'after_cancel_epoch', 'after_epoch', 'after_cancel_fit', 'after_fit'}

# methods a framework calls, not the reader: torch's `forward`, `fit_interruptible`'s `on_interrupt`
_HOOKS = {'forward', 'on_interrupt', 'extra_repr'}

def _defined(src:str) -> list:
    "Public top-level functions/classes a cell defines, and the public methods of its classes, as (name, owner)."
    out = []
    try: tree = ast.parse(src)
    except SyntaxError: return out
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or node.name.startswith('_'): continue
        owner = None
        if isinstance(node, ast.FunctionDef) and any(getattr(d, 'id', None) == 'patch' for d in node.decorator_list) and node.args.args:
            owner = getattr(node.args.args[0].annotation, 'id', None)
        out.append((node.name, owner))
        if isinstance(node, ast.ClassDef):
            out += [(f.name, node.name) for f in node.body if isinstance(f, ast.FunctionDef)
                    and not f.name.startswith('_') and f.name not in _EVENTS | _HOOKS]
    return out

def _short(v) -> str:
    "A default value as a reader writes it: names for functions and classes, no addresses."
    if inspect.isfunction(v) or inspect.isclass(v) or inspect.isbuiltin(v): return v.__name__
    if callable(v) and hasattr(v, 'func'): return getattr(v.func, '__name__', 'partial')
    return re.sub(r' at 0x[0-9a-f]+', '', repr(v))

def _params(target, obj=None) -> list:
    "The documented parameters of `target` (`obj`'s constructor): (name, annotation, default, comment), no self, no hooks."
    import dataclasses
    from fastcore.docments import docments
    if not (inspect.isfunction(target) or inspect.ismethod(target)): return []   # a builtin's __init__ (an exception's)
    try: sig = inspect.signature(target)
    except (TypeError, ValueError): return []
    # a dataclass's generated __init__ has no source: its fields carry the comments
    src = obj if obj is not None and dataclasses.is_dataclass(obj) else target
    try: docs = docments(src, full=True)
    except Exception: docs = {}
    rows = []
    for p in sig.parameters.values():
        if p.name in ('self', 'cls') or p.name in _EVENTS: continue
        if p.kind is p.VAR_KEYWORD and not (docs.get(p.name) or {}).get('docment'): continue   # inherited **kwargs
        ann = '' if p.annotation is p.empty else (p.annotation if isinstance(p.annotation, str) else _short(p.annotation))
        default = '' if p.default is p.empty else _short(p.default)
        star = '*' if p.kind is p.VAR_POSITIONAL else '**' if p.kind is p.VAR_KEYWORD else ''
        rows.append((star + p.name, ann, default, (docs.get(p.name) or {}).get('docment') or ''))
    return rows

def _module_of(nb) -> str|None:
    "The module a notebook exports to (`#| default_exp`), as 'fasttsc.name'."
    for c in nb.cells:
        d = getattr(c, 'directives_', {}) or {}
        if 'default_exp' in d: return 'fasttsc.' + d['default_exp'][0]

def _resolve(mod, name:str, owner:str|None):
    "The object of an entry `_defined` names, and its label."
    if owner:
        cls = getattr(mod, owner, None) or getattr(importlib.import_module('fastai.learner'), owner, None)
        return getattr(cls, name, None), f'{owner}.{name}'
    return getattr(mod, name, None), name

def _rows(obj) -> list:
    "The parameter rows of an entry: none for a class whose constructor another library documents."
    if inspect.isclass(obj): return _params(obj.__init__, obj) if _own_init(obj) else []
    return _params(obj)

def undocumented(pages=None) -> list:
    "(page, entry, parameter) for every row of a public reference entry without a description."
    from nbdev.process import NBProcessor
    out = []
    for page in pages or PAGES:
        nb = NBProcessor(NBS/f'{page}.ipynb', process=True).nb
        module = _module_of(nb)
        if module is None: continue
        mod = importlib.import_module(module)
        for c in nb.cells:
            if c.cell_type != 'code' or 'export' not in (getattr(c, 'directives_', {}) or {}): continue
            for name, owner in _defined(c.source):
                obj, label = _resolve(mod, name, owner)
                if obj is None or not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)): continue
                out += [(page, label, r[0]) for r in _rows(obj) if not r[3]]
    return out

def _code(text:str) -> str: return re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(text, quote=False))

def _own_init(cls) -> bool:
    "Whether `cls` (or a fasttsc class it derives from) defines its constructor: else it is another library's to document."
    owner = next((k for k in cls.__mro__ if '__init__' in vars(k)), object)
    return owner.__module__.split('.')[0] == 'fasttsc'

def _entry(obj, label:str) -> str:
    "A reference entry like fastai's `show_doc`: heading, clean signature, docstring, parameter table, source link."
    rows = _rows(obj)
    sig = ', '.join(f"{n}: {a}" if a and not d else f"{n}: {a} = {d}" if a else f"{n}={d}" if d else n for n, a, d, _ in rows)
    kind = 'class ' if inspect.isclass(obj) else ''
    doc = _code((inspect.getdoc(obj) or '').split('\n')[0])
    try:
        f, line = inspect.getsourcefile(obj), inspect.getsourcelines(obj)[1]
        src = f'<a class="api-src" href="{GIT_URL}/blob/main/{Path(f).resolve().relative_to(ROOT)}#L{line}">source</a>'
    except (TypeError, OSError, ValueError): src = ''
    table = ''
    if rows:
        body = ''.join(f'<tr><td><code>{html.escape(n)}</code></td><td><code>{html.escape(a)}</code></td>'
                       f'<td><code>{html.escape(d)}</code></td><td>{_code(c)}</td></tr>' for n, a, d, c in rows)
        table = f'<table class="api-params"><thead><tr><th>parameter</th><th>type</th><th>default</th><th>what it is</th></tr></thead><tbody>{body}</tbody></table>'
    return (f'<div class="api-entry" data-nparams="{len(rows)}"><h3 id="{label}">{html.escape(label)}</h3>{src}'
            f'<pre><code class="language-python">{html.escape(kind + label + "(" + sig + ")")}</code></pre>'
            f'<p>{doc}</p>{table}</div>')

def _api_md(module, names) -> str:
    "The reference entries of `names` (as `_defined` gives them) defined in `module`."
    parts = []
    mod = importlib.import_module(module)
    for name, owner in names:
        obj, label = _resolve(mod, name, owner)
        if obj is not None and (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)): parts.append(_entry(obj, label))
    return '\n\n'.join(parts)

def _scrub(text:str) -> str:
    "An output without this machine's paths, temporary folders' names or memory addresses."
    for p in sorted({str(ROOT), str(ROOT.parent), os.path.expanduser('~'), '/tmp'}, key=len, reverse=True):
        text = text.replace(p + '/', '').replace(p, '.')
    text = re.sub(r'\btmp[a-z0-9_]{8}/', '', text)   # tempfile.mkdtemp()'s names
    return re.sub(r' at 0x[0-9a-f]{6,}', '', text)

_BAR = re.compile(r'^\s*(\|[█\-\s]*\|\s+\d+(\.\d+)?%.*|[█▌\s]+|Epoch \d+/\d+ :.*)$')

def _no_bars(text:str) -> str:
    "Drop the text progress bars fastprogress prints outside Jupyter (the site shows results, not progress)."
    lines = [l for l in re.split(r'\r\n|\r|\n', text) if not _BAR.match(l)]
    return '\n'.join(lines).strip('\n') + ('\n' if text.endswith('\n') else '')

def _keep_html(o:dict) -> bool:
    "Strip fastprogress's bars (and their style block) from an HTML output; whether anything is left to show."
    h = (o.get('data') or {}).get('text/html')
    if h is None: return True
    h = ''.join(h) if isinstance(h, list) else h
    h = re.sub(r'<style>\s*progress[\s\S]*?</style>', '', h)
    h = re.sub(r'<progress[\s\S]*?</progress>[^<]*', '', h)
    o['data']['text/html'] = h
    return bool(re.sub(r'<[^>]+>', '', h).strip())

def _execute(path:Path, nb, skip) -> None:
    "Run notebook `path` in a Jupyter kernel (nbclient), its `skip` cells left out, and put the outputs on `nb`'s cells."
    import nbformat
    from nbclient import NotebookClient
    raw = nbformat.read(path, as_version=4)
    skipped = {c.id for c in nb.cells if c.cell_type == 'code' and skip(c)}
    for c in raw.cells:   # a kernel keeps printed text and figures in the order they came, and the text of a `;` cell
        if c.cell_type == 'code' and c.get('id') in skipped: c.source = ''
    NotebookClient(raw, timeout=1800, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    outs = {c.get('id'): c.get('outputs', []) for c in raw.cells if c.cell_type == 'code'}
    for c in nb.cells:
        if c.cell_type == 'code': c['outputs'] = [dict(o) for o in outs.get(c.get('id'), [])]

def process(path:Path, out:Path, execute:bool=True):
    "Execute notebook `path` (unless not `execute`) and write its rendered copy to `out`."
    from execnb.nbio import write_nb
    from nbdev.process import NBProcessor
    from nbdev.config import get_config
    nb = NBProcessor(path, process=True).nb
    module = _module_of(nb)
    skip = set(get_config().tst_flags.split())
    def _no_eval(cell):
        return cell.cell_type == 'code' and bool(skip & set((getattr(cell, 'directives_', {}) or {}).keys()))
    if execute: _execute(path, nb, _no_eval)
    cells = []
    for c in nb.cells:
        d = getattr(c, 'directives_', {}) or {}
        if c.cell_type == 'code':
            # hidden cells, and the slow suite's real-data tests (not run for the site: they would show code, no output)
            if 'hide' in d or 'default_exp' in d or _no_eval(c): continue
            c.source = '\n'.join(l for l in c.source.split('\n') if not l.lstrip().startswith('#|')).strip('\n')
            if not c.source: continue
            outs = []
            for o in c.get('outputs', []):
                if o.get('name') == 'stderr' or not _keep_html(o): continue
                if 'text' in o:
                    o['text'] = _no_bars(_scrub(''.join(o['text']) if isinstance(o['text'], list) else o['text']))
                    if not o['text'].strip(): continue
                for k_, v in (o.get('data') or {}).items():
                    if k_.startswith('text/'): o['data'][k_] = _scrub(''.join(v) if isinstance(v, list) else v)
                outs.append(o)
            c['outputs'] = outs
            if 'export' in d and module:   # the reference entries, the implementation collapsed under them
                md = _api_md(module, _defined(c.source))   # each entry links its source, as fastai's show_doc does
                if md: cells.append(dict(cell_type='markdown', source=md, metadata={}))
            else: cells.append(c)
        else:   # headings without code spans: the table of contents and the page slug them alike only then
            c.source = re.sub(r'^(#{1,6} .*)$', lambda m: m.group(1).replace('`', ''), c.source, flags=re.M)
            cells.append(c)
    nb.cells = cells
    for k_ in [k_ for k_ in nb if k_.endswith('_')]: nb.pop(k_, None)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_nb(nb, out)
    return _title(nb)

MKDOCS = """site_name: fasttsc {version}
site_description: Train deep time-series classifiers efficiently
repo_url: {git_url}
repo_name: fasttsc/fasttsc
docs_dir: {docs}
site_dir: {site}
use_directory_urls: false
theme:
  name: material
  font: false
  features: [navigation.sections, content.code.copy]
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.highlight, pymdownx.superfences]
extra_css: [extra.css, katex/katex.min.css]
extra_javascript: [katex/katex.min.js, katex/auto-render.min.js, katex-init.js]
plugins:
  - search
  - mkdocs-jupyter:
      execute: false
      include_source: true
      ignore_h1_titles: false
      remove_tag_config: {{}}
nav:
{nav}
"""
CSS = """.api-entry { border-left: 3px solid #7e56c2; padding-left: .8em; margin: .6em 0 1.6em; }
.api-entry h3 { margin: .2em 0 .3em; font-family: monospace; }
.api-entry .api-src { float: right; font-size: .75em; }
.api-entry pre { margin: .2em 0; white-space: pre-wrap; }
.md-typeset table.api-params { font-size: .8em; border-collapse: collapse; display: table; width: 100%; table-layout: auto; }
.md-typeset table.api-params td:last-child { white-space: normal; width: 55%; }
.api-params td, .api-params th { border-bottom: 1px solid #ddd; padding: .2em .6em; text-align: left; vertical-align: top; }
.api-code summary { cursor: pointer; color: #7e56c2; font-size: .8em; }
.md-grid { max-width: 1400px; }
.jupyter-wrapper .jp-InputPrompt, .jupyter-wrapper .jp-OutputPrompt { display: none !important; }
"""

KATEX_INIT = """// render $...$ and $$...$$ with the bundled KaTeX (offline), on every page Material loads
function renderMath() {
  renderMathInElement(document.querySelector('article') || document.body, {throwOnError: false,
    delimiters: [{left: '$$', right: '$$', display: true}, {left: '$', right: '$', display: false}]});
}
if (typeof document$ !== 'undefined') document$.subscribe(renderMath); else document.addEventListener('DOMContentLoaded', renderMath);
"""

def main(execute=True, only=None):
    os.environ['MPLBACKEND'] = 'module://matplotlib_inline.backend_inline'   # the kernels' figures, shown where they are made
    os.environ.setdefault('OMP_NUM_THREADS', '1')   # measured: a kernel's 2 OpenMP threads ran a range test 20-70x slower on a busy 2-core machine
    warnings.filterwarnings('ignore')
    if BUILD.exists(): shutil.rmtree(BUILD)
    BUILD.mkdir(parents=True)
    nav = []
    # the front door: Home, Getting started, the tutorials, the API reference, then what was measured
    groups = (('', PAGES[:1], ''), ('', TUTORIALS[:1], 'tutorials/'), ('Tutorials', TUTORIALS[1:-1], 'tutorials/'),
              ('API reference', PAGES[1:], ''), ('', TUTORIALS[-1:], 'tutorials/'))
    for group, names, sub in groups:
        items = []
        for n in names:
            if only and n not in only: continue
            t = time.time()
            title = process(NBS/f'{sub}{n}.ipynb', BUILD/f'{sub}{n}.ipynb', execute)
            print(f'{sub}{n}: {title} ({time.time()-t:.0f}s)', flush=True)
            items.append((title if n != 'index' else 'Home', f'{sub}{n}.ipynb'))
        if group and items: nav.append(f'  - {group}:\n' + '\n'.join(f'    - "{t}": {f}' for t, f in items))
        elif not group: nav += [f'  - "{t}": {f}' for t, f in items]
    (BUILD/'extra.css').write_text(CSS)
    (BUILD/'katex-init.js').write_text(KATEX_INIT)
    subprocess.run(['bash', str(ROOT/'tools'/'katex.sh'), str(BUILD/'katex')], check=True)   # the math renderer, bundled
    cfg = ROOT/'_build'/'mkdocs.yml'
    cfg.write_text(MKDOCS.format(docs=BUILD, site=SITE, nav='\n'.join(nav), version=VERSION, git_url=GIT_URL))
    subprocess.run([str(Path(sys.executable).parent/'mkdocs'), 'build', '-q', '-f', str(cfg)], check=True)
    print(f'site: {SITE/"index.html"}')

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--no-exec', action='store_true'); p.add_argument('--only', nargs='*')
    a = p.parse_args()
    main(not a.no_exec, a.only)
