"""Build the documentation site from the notebooks, offline, without Quarto: `make docs` (→ _docs/index.html).

Each notebook of nbs/ (and nbs/tutorials/) is executed with nbdev's own engine (execnb's CaptureShell, skipping the
cells flagged with settings.ini's tst_flags, as nbdev_test does), then rendered the way nbdev's docs look: directive
lines (#| ...) and `#| hide` cells are dropped, every `#| export` cell is followed by the signatures and one-line
docstrings of what it defines, stderr (warnings) is dropped and local paths are scrubbed from outputs. MkDocs with
the Material theme and mkdocs-jupyter turns the executed notebooks into the site (_build/docs → _docs).
Run: .venv/bin/python tools/build_docs.py [--no-exec] [--only NAME ...]
"""
import argparse, ast, html, importlib, inspect, os, re, shutil, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS, BUILD, SITE = ROOT/'nbs', ROOT/'_build'/'docs', ROOT/'_docs'
# module pages in the layer order of DESIGN.md: data, models, schedules, LR finder, learner, CLI (compat last: plumbing)
PAGES = ['index', '00_data', '01_models', '01a_models_2d', '01b_models_rnn', '01c_models_dsn', '02_schedules',
         '03_lr_find', '04_learner', '05_benchmark', '06_cli', '00a_compat']
TUTORIALS = ['quickstart', 'lr_and_weight_decay', 'adaptive_vs_onecycle', 'running_the_benchmark']

def _title(nb) -> str:
    for c in nb.cells:
        if c.cell_type == 'markdown':
            m = re.search(r'^#\s+(.+)$', c.source, re.M)
            if m: return m.group(1).strip()
    return 'page'

def _defined(src:str) -> list:
    "Top-level functions/classes a cell defines, as (name, owner) — owner is the class a @patch adds to."
    out = []
    try: tree = ast.parse(src)
    except SyntaxError: return out
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith('_'):
            owner = None
            if isinstance(node, ast.FunctionDef) and any(getattr(d, 'id', None) == 'patch' for d in node.decorator_list) and node.args.args:
                ann = node.args.args[0].annotation
                owner = getattr(ann, 'id', None)
            out.append((node.name, owner))
    return out

def _api_md(module, names) -> str:
    "Markdown with the signature and first docstring line of each name."
    parts = []
    for name, owner in names:
        obj = getattr(importlib.import_module(owner and 'fastai.learner' or module), owner or name, None)
        if owner: obj = getattr(obj, name, None)
        if obj is None: continue
        try: sig = str(inspect.signature(obj, eval_str=True))
        except Exception:
            try: sig = str(inspect.signature(obj))
            except (TypeError, ValueError): sig = '(...)'
        sig = re.sub(r'\s+', ' ', sig)
        label = f'{owner}.{name}' if owner else name
        kind = 'class ' if inspect.isclass(obj) else ''
        doc = (inspect.getdoc(obj) or '').split('\n')[0]
        doc = re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(doc, quote=False))
        parts.append(f'<div class="api-sig"><pre><code class="language-python">{html.escape(kind + label + sig)}</code></pre><p>{doc}</p></div>')
    return '\n\n'.join(parts)

def _scrub(text:str) -> str:
    for p in sorted({str(ROOT), str(ROOT.parent), os.path.expanduser('~'), '/tmp'}, key=len, reverse=True):
        text = text.replace(p + '/', '').replace(p, '.')
    return text

_BAR = re.compile(r'^\s*(\|[█\-\s]*\|\s+\d+(\.\d+)?%.*|[█▌\s]+)$')

def _no_bars(text:str) -> str:
    "Drop the text progress bars fastprogress prints outside Jupyter (the site shows results, not progress)."
    lines = [l for l in re.split(r'\r\n|\r|\n', text) if not _BAR.match(l)]
    return '\n'.join(lines).strip('\n') + ('\n' if text.endswith('\n') else '')

def process(path:Path, out:Path, execute:bool=True):
    "Execute notebook `path` (unless not `execute`) and write its rendered copy to `out`."
    from execnb.nbio import write_nb
    from execnb.shell import CaptureShell
    from nbdev.process import NBProcessor
    from nbdev.config import get_config
    nb = NBProcessor(path, process=True).nb
    module = None
    for c in nb.cells:
        d = getattr(c, 'directives_', {}) or {}
        if 'default_exp' in d: module = 'fasttsc.' + d['default_exp'][0]
    skip = set(get_config().tst_flags.split())
    def _no_eval(cell):
        if cell.cell_type != 'code': return True
        return skip & set((getattr(cell, 'directives_', {}) or {}).keys())
    if execute:
        k = CaptureShell(path)
        cwd = os.getcwd(); os.chdir(path.parent)
        try: k.run_all(nb, exc_stop=True, preproc=_no_eval)
        finally: os.chdir(cwd)
    cells = []
    for c in nb.cells:
        d = getattr(c, 'directives_', {}) or {}
        if c.cell_type == 'code':
            if 'hide' in d or 'default_exp' in d: continue
            c.source = '\n'.join(l for l in c.source.split('\n') if not l.lstrip().startswith('#|')).strip('\n')
            if not c.source: continue
            outs = []
            for o in c.get('outputs', []):
                if o.get('name') == 'stderr': continue
                if 'text' in o:
                    o['text'] = _no_bars(_scrub(''.join(o['text']) if isinstance(o['text'], list) else o['text']))
                    if not o['text'].strip(): continue
                for k_, v in (o.get('data') or {}).items():
                    if k_.startswith('text/'): o['data'][k_] = _scrub(''.join(v) if isinstance(v, list) else v)
                outs.append(o)
            c['outputs'] = outs
            cells.append(c)
            if 'export' in d and module:
                md = _api_md(module, _defined(c.source))
                if md: cells.append(dict(cell_type='markdown', source=md, metadata={}))
        else: cells.append(c)
    nb.cells = cells
    for k_ in [k_ for k_ in nb if k_.endswith('_')]: nb.pop(k_, None)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_nb(nb, out)
    return _title(nb)

MKDOCS = """site_name: fasttsc
site_description: Train deep time-series classifiers efficiently
docs_dir: {docs}
site_dir: {site}
use_directory_urls: false
theme:
  name: material
  font: false
  features: [navigation.sections, content.code.copy]
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.highlight, pymdownx.superfences]
extra_css: [extra.css]
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
CSS = """.api-sig { border-left: 3px solid #7e56c2; padding-left: .6em; margin: .4em 0 1.2em; }
.md-grid { max-width: 1400px; }
.jupyter-wrapper .jp-InputPrompt, .jupyter-wrapper .jp-OutputPrompt { display: none !important; }
.api-sig pre { margin: 0; white-space: pre-wrap; }
"""

def main(execute=True, only=None):
    os.environ.setdefault('MPLBACKEND', 'Agg')
    warnings.filterwarnings('ignore')
    if BUILD.exists(): shutil.rmtree(BUILD)
    BUILD.mkdir(parents=True)
    nav = []
    for group, names, sub in (('', PAGES, ''), ('Tutorials', TUTORIALS, 'tutorials/')):
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
    cfg = ROOT/'_build'/'mkdocs.yml'
    cfg.write_text(MKDOCS.format(docs=BUILD, site=SITE, nav='\n'.join(nav)))
    subprocess.run([str(Path(sys.executable).parent/'mkdocs'), 'build', '-q', '-f', str(cfg)], check=True)
    print(f'site: {SITE/"index.html"}')

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--no-exec', action='store_true'); p.add_argument('--only', nargs='*')
    a = p.parse_args()
    main(not a.no_exec, a.only)
