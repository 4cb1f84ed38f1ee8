"""How simple the library's code is, in numbers: functions over 40 lines, modules over 400 lines, `__all__` sizes,
lines over 120 characters and `;`-joined statements, over `fasttsc/*.py` (generated `_modidx.py` and the test aids of `test_utils.py` left out).
Run: python tools/code_metrics.py [path/to/fasttsc]   (e.g. on an older checkout: git worktree add /tmp/old <commit>)
"""
import ast, sys
from pathlib import Path

def metrics(pkg:Path) -> dict:
    "The counts for the modules of `pkg`."
    long_fns, big_mods, all_size, long_lines, semis = [], [], 0, 0, 0
    for p in sorted(pkg.glob('*.py')):
        if p.name in ('_modidx.py', 'test_utils.py'): continue   # generated; test aids (not in fasttsc.all)
        src = p.read_text(); lines = src.splitlines(); tree = ast.parse(src)
        if len(lines) > 400: big_mods.append(f"{p.name} ({len(lines)})")
        long_lines += sum(len(l) > 120 for l in lines)
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > 40:
                long_fns.append(f"{p.stem}.{n.name} ({n.end_lineno - n.lineno + 1})")
            if isinstance(n, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in n.targets):
                all_size += len(n.value.elts)
        stmts = {}   # line -> number of statements that start on it (';' joins, or a body on the line of its `if`/`def`)
        for n in ast.walk(tree):
            if isinstance(n, ast.stmt): stmts[n.lineno] = stmts.get(n.lineno, 0) + 1
        semis += sum(';' in lines[ln - 1] and k > 1 for ln, k in stmts.items())
    return {'functions > 40 lines': long_fns, 'modules > 400 lines': big_mods, '__all__ names': all_size,
            'lines > 120 chars': long_lines, "';'-joined lines": semis}

if __name__ == '__main__':
    pkg = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent/'fasttsc')
    for k, v in metrics(pkg).items(): print(f"{k}: {len(v) if isinstance(v, list) else v}" + (f"  {', '.join(v)}" if isinstance(v, list) and v else ''))
