"""How simple the code is, in numbers: functions over 40 lines, modules over 400 lines, `__all__` sizes, lines over
120 characters, `;`-joined statements and the longest signatures, per folder: `fasttsc/*.py` (generated `_modidx.py`
and the test aids of `test_utils.py` left out) and `benchmarks/*.py` (with the lines of each script).
Run: python tools/code_metrics.py [folder ...]   (e.g. on an older checkout: git worktree add /tmp/old <commit>)
"""
import ast, sys
from pathlib import Path

def metrics(pkg:Path) -> dict:
    "The counts for the modules of `pkg`."
    long_fns, big_mods, all_size, long_lines, semis, sigs, sizes = [], [], 0, 0, 0, [], []
    for p in sorted(pkg.glob('*.py')):
        if p.name in ('_modidx.py', 'test_utils.py'): continue   # generated; test aids (not in fasttsc.all)
        src = p.read_text(); lines = src.splitlines(); tree = ast.parse(src)
        if len(lines) > 400: big_mods.append(f"{p.name} ({len(lines)})")
        sizes.append(f"{p.name} ({len(lines)})")
        long_lines += sum(len(l) > 120 for l in lines)
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                a = n.args
                sigs.append((len(a.posonlyargs + a.args + a.kwonlyargs), f"{p.stem}.{n.name}"))
                if n.end_lineno - n.lineno + 1 > 40: long_fns.append(f"{p.stem}.{n.name} ({n.end_lineno - n.lineno + 1})")
            if isinstance(n, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in n.targets):
                all_size += len(n.value.elts)
        stmts = {}   # line -> number of statements that start on it (';' joins, or a body on the line of its `if`/`def`)
        for n in ast.walk(tree):
            if isinstance(n, ast.stmt): stmts[n.lineno] = stmts.get(n.lineno, 0) + 1
        semis += sum(';' in lines[ln - 1] and k > 1 for ln, k in stmts.items())
    longest = [f"{name} ({k})" for k, name in sorted(sigs, reverse=True)[:3]]
    out = {'functions > 40 lines': long_fns, 'modules > 400 lines': big_mods, '__all__ names': all_size,
           'lines > 120 chars': long_lines, "';'-joined lines": semis, 'longest signatures (parameters)': longest}
    if pkg.name == 'benchmarks': out['lines per script'] = sizes
    return out

if __name__ == '__main__':
    root = Path(__file__).parent.parent
    for pkg in [Path(a) for a in sys.argv[1:]] or [root/'fasttsc', root/'benchmarks']:
        print(f"== {pkg.name}/")
        for k, v in metrics(pkg).items():
            if not isinstance(v, list): print(f"{k}: {v}")
            elif k.startswith(('longest', 'lines per')): print(f"{k}: {', '.join(v)}")
            else: print(f"{k}: {len(v)}" + (f"  {', '.join(v)}" if v else ''))
