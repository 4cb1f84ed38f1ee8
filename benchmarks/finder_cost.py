"""What the LR finder costs against the fit it prepares, both measured in one run (issue: the LR finder at a fraction of the fit).

Per dataset and model (seed 0, `auto_bs`, official splits, one CPU thread unless --threads):
  fastai      fastai's `lr_find()` (valley), for reference
  one         `lr_find(multi_epoch=True)`: one range test
  grid        `lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2])`: the one-liner's finder
  fit         `fit_adaptive_cycle(50)` on the grid's LR and wd: the fit the finder prepares
T1: grid seconds / fit seconds (target <= 0.25 as the median over rows, never > 1).
T2: grid seconds / one seconds (target <= 2 for a 4-value grid).
Resumable: every measurement is appended to benchmarks/results/finder_cost.csv at once; --report prints the tables.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/finder_cost.py [--archs FCN] [--datasets GunPoint] [--report]
"""
import argparse, time, warnings
from pathlib import Path
import pandas as pd, torch
warnings.filterwarnings('ignore')
from fasttsc.data import get_ucr_dls
from fasttsc.learner import TSLearner
from fasttsc.lr_find import fastai_lr_find
from fasttsc.runlog import RunLog

OUT = Path(__file__).parent/'results'/'finder_cost.csv'
DATASETS = ['GunPoint', 'ECG200', 'ItalyPowerDemand', 'NATOPS', 'RacketSports', 'Coffee', 'ArrowHead', 'BasicMotions', 'ECG5000']
ARCHS, GRID, EPOCHS = ['FCN', 'InceptionTime'], [0, 1e-4, 1e-3, 1e-2], 50
ONLY_FCN = {'ECG5000'}   # 4500 test series: InceptionTime's 50 epochs are out of this benchmark's budget
COLS = ['dataset', 'arch', 'seed', 'arm', 'seconds', 'batches', 'lr', 'wd', 'accuracy', 'note']

LOG = RunLog(OUT, ['dataset', 'arch', 'seed', 'arm'], COLS)
write = LOG.add

def measure(name:str, arch:str, seed:int=0) -> None:
    "The four arms on one dataset and model, each on a fresh learner with the same seed (the fit reuses the grid's learner)."
    if all((name, arch, seed, a) in LOG for a in ('fastai', 'one', 'grid', 'fit')): return
    dls = get_ucr_dls(name)
    learn = TSLearner(dls, arch, seed=seed)
    with learn.no_bar(): fastai_lr_find(learn, num_it=5, show_plot=False)   # warm-up, not counted
    learn = TSLearner(dls, arch, seed=seed)
    with learn.no_bar():
        t = time.time(); s = fastai_lr_find(learn, show_plot=False)
        write(dict(dataset=name, arch=arch, seed=seed, arm='fastai', seconds=round(time.time() - t, 3), batches=len(learn.recorder.lrs), lr=float(s.valley)))
        t = time.time(); r = learn.lr_find(multi_epoch=True, show_plot=False)
        write(dict(dataset=name, arch=arch, seed=seed, arm='one', seconds=round(time.time() - t, 3), batches=r.cost['batches'], lr=r.lr))
        t = time.time(); g = learn.lr_find(multi_epoch=True, wd_grid=GRID, show_plot=False)
        write(dict(dataset=name, arch=arch, seed=seed, arm='grid', seconds=round(time.time() - t, 3), batches=g.cost['batches'], lr=g.lr, wd=g.wd, note=g.note))
    with learn.no_bar(), learn.no_logging():
        t = time.time(); learn.fit_adaptive_cycle(EPOCHS)
    write(dict(dataset=name, arch=arch, seed=seed, arm='fit', seconds=round(time.time() - t, 3), batches=EPOCHS * len(dls.train),
               lr=g.lr, wd=g.wd, accuracy=learn.evaluate()['accuracy']))
    print(name, arch, f"grid {g.cost['seconds']:.1f}s, fit {time.time() - t:.1f}s", flush=True)

def report() -> pd.DataFrame:
    df = LOG.load()
    t = df.pivot_table(index=['dataset', 'arch'], columns='arm', values='seconds', aggfunc='mean')
    b = df.pivot_table(index=['dataset', 'arch'], columns='arm', values='batches', aggfunc='mean')
    t = t.dropna()[['fastai', 'one', 'grid', 'fit']]
    t['T1 grid/fit'] = t.grid / t.fit
    t['T2 grid/one'] = t.grid / t.one
    t['grid/fastai'] = t.grid / t.fastai
    t['grid batches'] = b.grid
    print("Seconds per arm (seed 0, one run) and the ratios: T1 = 4-value wd grid / fit_adaptive_cycle(50) (target median <= 0.25, "
          "max <= 1); T2 = grid / one range test (target <= 2)")
    print(t.round(2).to_string())
    for a, g in t.groupby(level='arch'):
        print(f"{a}: median T1 {g['T1 grid/fit'].median():.3f} (max {g['T1 grid/fit'].max():.3f}); median T2 {g['T2 grid/one'].median():.2f} "
              f"(max {g['T2 grid/one'].max():.2f}); median grid/fastai {g['grid/fastai'].median():.2f}")
    print(f"all rows: median T1 {t['T1 grid/fit'].median():.3f}, max {t['T1 grid/fit'].max():.3f}; median T2 {t['T2 grid/one'].median():.2f}, max {t['T2 grid/one'].max():.2f}")
    return t

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', default=','.join(DATASETS)); ap.add_argument('--archs', default=','.join(ARCHS))
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if not a.report:
        torch.set_num_threads(a.threads)
        for arch in a.archs.split(','):
            for name in a.datasets.split(','):
                if arch == 'InceptionTime' and name in ONLY_FCN: continue
                measure(name, arch)
    report()
