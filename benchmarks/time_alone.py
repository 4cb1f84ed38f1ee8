"""The check half's wall times measured alone: the default against both recipes in one process (issue: defaults, time).

`honest_corpus.py` ran two workers at a time on 2 cores, beside other work at times, so one run's seconds there are
noisy (the same run took 1.0x to 3x as long at another seed). This script repeats seed 0 of the check half with FCN
in ONE process, one torch thread, nothing else heavy on the machine, the arms of a dataset run back to back (their
order rotated from one dataset to the next, so that a drift of the machine does not favour one arm). Every run is
`honest_corpus.run_task` (so `fasttsc.arms.run_arm`, the honest protocol), the training of the corpus run of that
(dataset, arm, seed): the report compares their LRs, weight decays and test accuracies (float rounding differs from
one machine to another, so the accuracies may move a little).

Resumable: each finished run is appended at once to results/time_alone.csv; a rerun does the rest.
Run:    FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/time_alone.py [--datasets GunPoint,BME] [--hours 1]
        as committed: --datasets set to the check half without FordA (four runs of about 35 minutes)
Report: .venv/bin/python benchmarks/time_alone.py --report
"""
import argparse, os, time, warnings
import pandas as pd
from honest_corpus import COLS, KEY, OUT as CORPUS_OUT, RES, _cost, run_task, save_report
from fasttsc.arms import HALVES

OUT = RES/'time_alone.csv'
ARMS = ('recipe', 'recipe_noval', 'oneliner_trainloss', 'schedulefree')
WARMUP = 'Chinatown'   # the corpus's cheapest dataset (20 series of 24 steps)

def _log():
    from fasttsc.runlog import RunLog
    return RunLog(OUT, KEY, COLS)

def main(datasets:list, hours:float|None, data_dir) -> None:
    "Seed 0 of every arm on each dataset, cheapest dataset first, the arms' order rotated per dataset."
    import torch
    warnings.filterwarnings('ignore')
    torch.set_num_threads(1)
    log, t_end = _log(), None if hours is None else time.time() + 3600 * hours
    for arm in ARMS: run_task(WARMUP, 'FCN', 0, arm, data_dir)   # a warm-up of every arm (imports, first calls), not counted
    for i, name in enumerate(sorted(datasets, key=lambda d: _cost(d, data_dir))):
        arms = [a for a in ARMS[i % len(ARMS):] + ARMS[:i % len(ARMS)] if (name, 'FCN', 0, a) not in log]
        if arms and t_end is not None and time.time() > t_end:   # a dataset's arms are never split between runs
            return print("--hours reached: rerun to go on", flush=True)
        for arm in arms:
            row, _ = run_task(name, 'FCN', 0, arm, data_dir)
            log.add(row)
            what = f"acc {row['accuracy']:.3f} · {row['total_s']:.0f}s" if row['status'] == 'ok' else row['error']
            print(f"{name} {arm}: {what}", flush=True)

def report(df:pd.DataFrame|None=None, corpus:pd.DataFrame|None=None) -> str:
    "Per dataset: each arm's seconds and the ratios the time targets name; how far the runs are from the corpus runs."
    df = pd.read_csv(OUT) if df is None else df
    df = df[df.status == 'ok']
    t = df.pivot_table(index='dataset', columns='arm', values='total_s')
    t = t[[a for a in ARMS if a in t]].dropna()
    corpus = pd.read_csv(CORPUS_OUT) if corpus is None else corpus
    corpus = corpus[(corpus.status == 'ok') & (corpus.arch == 'FCN') & (corpus.seed == 0)].set_index(['dataset', 'arm'])
    runs = df.set_index(['dataset', 'arm'])
    runs = runs[runs.index.get_level_values('dataset').isin(t.index)]
    ref = corpus.reindex(runs.index)
    lr_off = (runs.lr / ref.lr - 1).abs().max()   # the finders' LRs (NaN where an arm has none)
    same_wd, diff = int((runs.wd.fillna(-1) == ref.wd.fillna(-1)).sum()), (runs.accuracy - ref.accuracy).mul(100)
    out, sums = t.round(1), []
    for arm in ('oneliner_trainloss', 'schedulefree'):
        for base in ('recipe', 'recipe_noval'):
            r = t[arm] / t[base]
            out[f"{arm.split('_')[0]}/{base}"] = r.round(2)
            sums.append(f"{arm} / {base}: sum of times {t[arm].sum() / t[base].sum():.2f}x, median of per-dataset "
                        f"ratios {r.median():.2f}x (range {r.min():.2f}-{r.max():.2f})")
    out['max |acc - corpus run|'] = diff.abs().groupby(level='dataset').max().reindex(out.index).round(1)
    lines = [f"{len(t)} datasets of the check half, FCN, seed 0, one process, one thread; device(s): "
             f"{', '.join(sorted(df.device.unique()))}", out.to_string(), ""] + sums
    parts = df.pivot_table(index='dataset', columns='arm', values=['finder_s', 'fit_s']).loc[t.index].sum()
    lines.append("summed over these datasets, finder and fit seconds: " + ', '.join(
        f"{a} {parts['finder_s'][a]:.0f} + {parts['fit_s'][a]:.0f}" for a in t.columns))
    lines.append(f"against the corpus run of the same (dataset, arm, seed 0): LRs within {100 * lr_off:.0f}%, the same wd in {same_wd} of "
                 f"{len(runs)} runs; test accuracy differs by {diff.abs().median():.1f} points (median), at most "
                 f"{diff.abs().max():.1f}, unchanged in {int((diff.abs() < 1e-6).sum())}")
    return '\n'.join(lines)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--datasets', default=None, help="comma-separated; default: the check half")
    ap.add_argument('--hours', type=float, default=None, help="start no dataset after this many hours (a rerun resumes)")
    ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if a.report: save_report(report(), RES/'time_alone_report.txt')
    else: main(a.datasets.split(',') if a.datasets else [d for d, h in HALVES.items() if h == 'check'], a.hours,
               os.environ.get('FASTTSC_DATA'))
