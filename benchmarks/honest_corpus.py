"""The one-liner against what users run today on the 32-dataset corpus, under the honest protocol (issue: defaults).

Every run is `fasttsc.arms.run_arm`: the decisions of every arm (LR, wd, plateaus, early finish) read TRAIN only (a
stratified 20% carve-out, or the training loss), and TEST is scored once. The corpus is split into a tuning half and a
check half BEFORE any result is looked at (`HALVES`, below: families kept together, groups shuffled with a fixed seed);
defaults are chosen on the tuning half and checked on the other. Families (the phalanx outlines, the GunPoint variants)
count once in every mean.

Resumable: each finished run (or failed one: it is tried again by the next run) is appended at once to results/honest_corpus.csv (its history to
results/honest_corpus_histories.jsonl) by `fasttsc.runlog.RunLog`, which several processes may write. Ray runs the
grid on `--workers` CPUs (one torch thread each). Runs are ordered cheapest first (training series × length), seed 0
on the whole corpus before seeds 1 and 2, so a partial table already covers many datasets.
Timings are only comparable between runs that shared the machine alike: the report gives ratios per (dataset, seed),
and says on which device the runs were measured.

Run:    FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/honest_corpus.py [--workers 2] [--seeds 0,1,2]
                                        [--arms oneliner,recipe] [--datasets GunPoint] [--half tune|check] [--hours 1]
        the Rocket models through TSLearner: --archs MiniRocket --arms oneliner_trainloss,recipe,recipe_noval
        the fresh set: FASTTSC_DATA=/path/to/fresh --half fresh (benchmarks/README.md: where its data comes from)
Report: .venv/bin/python benchmarks/honest_corpus.py --report   (one table per model and half)
"""
import argparse, os, platform, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd

RES = Path(__file__).parent/'results'
OUT, HIST = RES/'honest_corpus.csv', RES/'honest_corpus_histories.jsonl'
from fasttsc.arms import FAMILIES, CORPUS, FRESH, FRESH2, family, half_of, HALVES   # the corpus and its halves, fixed before any result
COLS = ['dataset', 'family', 'half', 'arch', 'seed', 'arm', 'accuracy', 'split', 'n_test', 'finder_s', 'fit_s', 'total_s',
        'epochs', 'lr', 'wd', 'reductions', 'early_finish', 'status', 'error', 'device']
KEY = ['dataset', 'arch', 'seed', 'arm']

def _log():
    from fasttsc.runlog import RunLog
    return RunLog(OUT, KEY, COLS, HIST)

def _device() -> str:
    import torch
    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else f"CPU ({platform.machine()}, {os.cpu_count()} cores)"

def run_task(name:str, arch:str, seed:int, arm:str, data_dir:str|None) -> tuple[dict, dict]:
    "One run (in a Ray worker or here): its row and history; an exception becomes an error row."
    import torch
    warnings.filterwarnings('ignore')
    torch.set_num_threads(1)
    from fasttsc.arms import run_arm
    from fasttsc.data import load_ucr
    base = dict(dataset=name, family=family(name), half=half_of(name), arch=arch, seed=seed, arm=arm, device=_device())
    try:
        row, hist = run_arm(load_ucr(name, data_dir=data_dir, download=False), arm, arch=arch, seed=seed)
        row = {**base, **{k: v for k, v in row.items() if k in COLS and k not in ('arch', 'arm', 'seed')},
               'status': 'ok', 'error': ''}
    except Exception as e:   # a run that fails is a row that says why; the grid goes on
        row, hist = {**base, 'status': 'error', 'error': f"{type(e).__name__}: {e}"[:500]}, {}
    return row, hist

def _cost(name:str, data_dir) -> float:
    from fasttsc.data import load_ucr
    X = load_ucr(name, data_dir=data_dir, download=False)[0]
    return float(np.prod(X.shape))

def plan(datasets, archs, seeds, arms, data_dir) -> list[tuple]:
    "The runs without an ok row in the log (a failed run is tried again), cheapest dataset first, seed by seed."
    done = {tuple(r[k] for k in KEY) for r in _log().rows() if r['status'] == 'ok'}
    by_cost = sorted(datasets, key=lambda d: _cost(d, data_dir))
    return [(d, a, s, arm) for s in seeds for d in by_cost for a in archs for arm in arms
            if (d, a, str(s), arm) not in done]

def main(datasets, archs, seeds, arms, workers:int, hours:float|None, data_dir):
    import ray
    todo, log, t_end = plan(datasets, archs, seeds, arms, data_dir), _log(), None if hours is None else time.time() + 3600 * hours
    print(f"{len(todo)} runs to do on {workers} workers", flush=True)
    ray.init(num_cpus=workers, include_dashboard=False, _node_ip_address='127.0.0.1', log_to_driver=False,
             object_store_memory=256 * 1024**2)
    task = ray.remote(num_cpus=1, max_retries=0)(run_task)
    pending, queue = {}, list(todo)
    try:
        while queue or pending:
            while queue and len(pending) < workers and (t_end is None or time.time() < t_end):
                r = queue.pop(0)
                pending[task.remote(*r, data_dir)] = r
            if not pending: break
            ready, _ = ray.wait(list(pending), num_returns=1)
            r = pending.pop(ready[0])
            try: row, hist = ray.get(ready[0])
            except ray.exceptions.RayError as e:   # the worker died: an error row, the grid goes on
                row = dict(dataset=r[0], family=family(r[0]), half=half_of(r[0]), arch=r[1], seed=r[2], arm=r[3],
                           status='error', error=f"{type(e).__name__}: {e}"[:500], device=_device())
                hist = {}
            log.add(row, hist)
            acc = '' if row['status'] != 'ok' else f"acc {row['accuracy']:.3f} · {row['total_s']:.0f}s"
            print(f"{r[0]} {r[1]} seed {r[2]} {r[3]}: {acc or row['error']}", flush=True)
    finally: ray.shutdown()

def _family_mean(s:pd.Series, fam:pd.Series) -> float:
    "Mean over datasets with every family counted once (its members averaged first)."
    return float(s.groupby(fam).mean().mean())

def _runs(df:pd.DataFrame, half:str, arch:str) -> pd.DataFrame:
    "One half's finished runs of `arch` (and the ridge), one row per (dataset, seed), one column per (value, arm)."
    ok = df[(df.status == 'ok') & (df.half == half) & ((df.arch == arch) | (df.arm == 'minirocket_ridge'))]
    return ok.pivot_table(index=['dataset', 'seed'], columns='arm', values=['accuracy', 'total_s'], aggfunc='mean')

def gains(df:pd.DataFrame, half:str, arch:str='FCN') -> pd.DataFrame:
    "Points against the recipe per dataset: each arm paired with the recipe on the seeds both ran, then averaged."
    acc = _runs(df, half, arch)['accuracy']
    ref = 'recipe' if 'recipe' in acc else 'recipe_noval'   # the same training: the validation pass decides nothing
    if ref not in acc: return pd.DataFrame(index=acc.index.unique('dataset'))
    return acc.sub(acc[ref], axis=0).mul(100).groupby(level='dataset').mean().drop(columns=ref)

def summary(df:pd.DataFrame, half:str, arch:str='FCN') -> pd.DataFrame:
    """One half's table for `arch`'s deep arms (and the ridge): mean accuracy (families once), points against that recipe, time.

    The recipe is `recipe` where it ran, else `recipe_noval` (the same training: the validation pass decides nothing)."""
    runs = _runs(df, half, arch)
    if runs.empty: return pd.DataFrame()
    fam, gain = df.drop_duplicates('dataset').set_index('dataset').family, gains(df, half, arch)
    rows, ref = [], 'recipe' if 'recipe' in runs['accuracy'] else 'recipe_noval'
    for arm in runs['accuracy'].columns:
        # the (dataset, seed) pairs where this arm and the recipe both finished: a partial grid compares like with like
        need = [arm] + ([ref] if ref in runs['accuracy'] and arm != ref else [])
        pair = runs['accuracy'][need].dropna()
        if pair.empty: continue
        acc = pair.groupby(level='dataset').mean()
        r = dict(arm=arm, datasets=len(acc), runs=len(pair), accuracy=round(_family_mean(acc[arm], fam[acc.index]), 3))
        if len(need) == 2:
            d = gain[arm].dropna()
            r.update(vs_recipe=round(_family_mean(d, fam[d.index]), 2), worst=f"{d.min():+.1f} ({d.idxmin()})",
                     wins=int((d > 1).sum()), ties=int((d.abs() <= 1).sum()), losses=int((d < -1).sum()))
        for base in ('recipe', 'recipe_noval'):
            if base in runs['total_s'] and base != arm:
                t = runs['total_s'][[arm, base]].dropna()
                r[f"time/{base}"] = round(float(t[arm].sum() / t[base].sum()), 2) if len(t) else None
        rows.append(r)
    return pd.DataFrame(rows).set_index('arm').sort_values('accuracy', ascending=False)

def report(df:pd.DataFrame|None=None) -> str:
    "Per half: `summary`, with the runs that failed and the devices they ran on."
    df = _log().load() if df is None else df
    if df.empty: return "no finished run yet"
    ok = df[df.status == 'ok']
    key = lambda d: d[KEY].astype(str).agg('|'.join, axis=1)
    failed = df[(df.status != 'ok') & ~key(df).isin(set(key(ok)))]   # failed, and not since run again with success
    what = failed.dataset + ' ' + failed.arm + failed.arch.map(lambda a: '' if a == 'FCN' else f' ({a})')
    out = [f"{len(ok)} runs ok, {len(failed)} failed ({', '.join(sorted(set(what)))}); "
           f"device(s): {', '.join(sorted(ok.device.unique()))}",
           f"tuning half: {sorted(d for d, h in HALVES.items() if h == 'tune')}",
           f"check half: {sorted(d for d, h in HALVES.items() if h == 'check')}",
           f"fresh set (outside the corpus, picked before any run; it checks the flat-curve fallback, chosen after both "
           f"halves were read): {sorted(FRESH)}",
           f"fresh2 set (outside both, fixed by a size rule before any run; it checks the default as shipped): {sorted(FRESH2)}"]
    for arch, half, tab in tables(df):
        out += ["", f"== {arch}, {half} half: mean over datasets (families once) and seeds; points vs {arch}'s "
                    "recipe; ties within 1 point", tab.to_string()]
    return '\n'.join(out)

def save_report(text:str, path:Path) -> None:
    "Print a report and keep it beside the results it reads."
    print(text)
    Path(path).write_text(text + '\n')

def tables(df:pd.DataFrame) -> list[tuple]:
    "(model, half, `summary`) for every model with deep runs (FCN first) and half with results."
    ok = df[df.status == 'ok']
    archs = ['FCN'] + sorted(set(ok[ok.arm != 'minirocket_ridge'].arch) - {'FCN'})   # the ridge's rows sit under FCN
    tabs = [(arch, half, summary(df, half, arch)) for arch in archs for half in ('tune', 'check', 'fresh', 'fresh2')]
    return [t for t in tabs if len(t[2]) and set(t[2].index) != {'minirocket_ridge'}]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--datasets', default=None, help="comma-separated; default: the whole corpus")
    ap.add_argument('--half', choices=['tune', 'check', 'fresh', 'fresh2'], default=None,
                    help="only the datasets of one half; fresh(2): `fasttsc.arms.FRESH(2)`, from FASTTSC_DATA's folder")
    ap.add_argument('--archs', default='FCN')
    ap.add_argument('--seeds', default='0,1,2')
    ap.add_argument('--arms', default=None, help="comma-separated; default: every arm of fasttsc.arms.ARMS")
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--hours', type=float, default=None, help="start no run after this many hours (a rerun resumes)")
    ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if a.report:
        save_report(report(), RES/'honest_corpus_report.txt')
        sys.exit(0)
    from fasttsc.arms import ARMS
    data_dir = os.environ.get('FASTTSC_DATA')
    names = a.datasets.split(',') if a.datasets else FRESH if a.half == 'fresh' else FRESH2 if a.half == 'fresh2' else \
        [d for d in CORPUS if a.half is None or HALVES[d] == a.half]
    main(names, a.archs.split(','), [int(s) for s in a.seeds.split(',')], a.arms.split(',') if a.arms else list(ARMS),
         a.workers, a.hours, data_dir)
