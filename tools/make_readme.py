"Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which cannot be installed here). `--check`: fail if stale."
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path=root/'nbs'/'index.ipynb') -> str:
    "Markdown of the notebook: markdown cells as they are, code cells fenced, hidden cells and directives dropped."
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': parts.append(src.strip())
        elif c['cell_type'] == 'code':
            lines = src.splitlines()
            if any(l.strip().startswith('#|') and ('hide' in l or 'default_exp' in l) for l in lines): continue
            code = '\n'.join(l for l in lines if not l.strip().startswith('#|')).strip()
            if code: parts.append(f"```python\n{code}\n```")
    text = '\n\n'.join(parts)
    text = re.sub(r'\]\((?!https?:|#)([\w./-]+\.ipynb)\)', r'](nbs/\1)', text)   # the notebook's links, from the repository's root
    return "<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook -->\n\n" + text + '\n'

if __name__ == '__main__':
    text, readme = render(), root/'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit("README.md is out of date with nbs/index.ipynb: run `python tools/make_readme.py`")
    else: readme.write_text(text)
