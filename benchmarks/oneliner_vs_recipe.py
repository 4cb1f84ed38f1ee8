"""Time to accuracy: the default one-liner against the recipe users run today, and two LR-free optimizers (issue: time-to-accuracy).

Arms, each on a fresh `TSLearner(dls, arch, seed=seed)` (`auto_bs`, official splits, the test split as validation):
  oneliner      `lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2])` + `fit_adaptive_cycle(50, stop_after=None)`: the
                library's defaults, all 50 epochs (the default early finish, `stop_after=2`, is read off its history)
  recipe        fastai's `lr_find()` (valley) + `fit_one_cycle(50, lr)`
  schedulefree  Schedule-Free AdamW (`schedulefree`), its documented defaults (lr 2.5e-3, no wd), 50 epochs, BatchNorm
                statistics recomputed with the evaluation weights before every validation (the package's BatchNorm caveat)
  prodigy       Prodigy (`prodigyopt`), lr 1 with cosine annealing over the 50 epochs, as its README recommends
Every run's per-epoch history is kept (results/oneliner_vs_recipe_histories.jsonl), so early-finish rules of
AdaptiveCycle are evaluated on the one-liner's own trajectory (identical up to the epoch where the rule would stop).
Resumable: a finished run is appended to results/oneliner_vs_recipe.csv at once (`fasttsc.runlog.RunLog`).
The first run (results/oneliner_vs_recipe_v1.*) had AdaptiveCycle count warm-up epochs towards patience (the paper's
rule, since changed: benchmarks/adaptive_tuning.py) and all four arms; this one reruns the one-liner and the recipe. The
report takes the LR-free arms from v1, their seconds rescaled by the ratio of this run's recipe to v1's on the same
(dataset, model, seed), so every time is relative to a recipe measured in the same process as the arm.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/oneliner_vs_recipe.py [--archs FCN] [--datasets GunPoint] [--seeds 0,1,2] [--report]
"""
import argparse, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.filterwarnings('ignore')
from fastai.callback.schedule import ParamScheduler, SchedCos
from fasttsc.data import get_ucr_dls
from fasttsc.learner import TSLearner
from fasttsc.lr_find import fastai_lr_find
from fasttsc.runlog import RunLog
from fasttsc.schedules import finish_epoch
from fasttsc.lr_free import ScheduleFreeMode, schedulefree_opt as _sf_opt, prodigy_opt as _prodigy_opt

RES = Path(__file__).parent/'results'
OUT, HIST = RES/'oneliner_vs_recipe.csv', RES/'oneliner_vs_recipe_histories.jsonl'
OUT_V1 = RES/'oneliner_vs_recipe_v1.csv'
DATASETS = ['GunPoint', 'ECG200', 'ItalyPowerDemand', 'NATOPS', 'RacketSports', 'Coffee', 'ArrowHead', 'BasicMotions', 'JapaneseVowels', 'ECG5000']
ARCHS, ARMS, GRID, EPOCHS = ['FCN', 'InceptionTime'], ['oneliner', 'recipe', 'schedulefree', 'prodigy'], [0, 1e-4, 1e-3, 1e-2], 50
ONLY_FCN = {'ECG5000'}
COLS = ['dataset', 'arch', 'seed', 'arm', 'accuracy', 'f1_macro', 'finder_s', 'fit_s', 'total_s', 'epochs', 'lr', 'wd', 'reductions']
KEY = ['dataset', 'arch', 'seed', 'arm']
LOG = RunLog(OUT, KEY, COLS, HIST)   # fasttsc's resumable store of the benchmark scripts

def run(name:str, arch:str, seed:int, arm:str, dls) -> tuple[dict, list]:
    "One arm: its row and its per-epoch history."
    kw = dict(opt_func=_sf_opt) if arm == 'schedulefree' else dict(opt_func=_prodigy_opt) if arm == 'prodigy' else {}
    learn = TSLearner(dls, arch, seed=seed, **kw)
    lr, wd, t0 = None, None, time.time()
    with learn.no_bar():
        if arm == 'oneliner': r = learn.lr_find(multi_epoch=True, wd_grid=GRID, show_plot=False); lr, wd = r.lr, r.wd
        elif arm == 'recipe': lr = float(fastai_lr_find(learn, show_plot=False).valley)
    finder = time.time() - t0
    with learn.no_bar(), learn.no_logging():
        t = time.time()
        if arm == 'oneliner': learn.fit_adaptive_cycle(EPOCHS, stop_after=None)
        elif arm == 'recipe': learn.fit_one_cycle(EPOCHS, lr)
        elif arm == 'schedulefree': lr = 2.5e-3; learn.fit(EPOCHS, lr, cbs=ScheduleFreeMode())
        else: lr = 1.; learn.fit(EPOCHS, lr, cbs=ParamScheduler({'lr': SchedCos(1., 0.)}))
        fit = time.time() - t
    h = learn.history()
    ev = learn.evaluate()
    row = dict(dataset=name, arch=arch, seed=seed, arm=arm, accuracy=ev['accuracy'], f1_macro=ev.get('f1_macro', np.nan),
               finder_s=round(finder, 2), fit_s=round(fit, 2), total_s=round(finder + fit, 2), epochs=len(h), lr=lr, wd=wd,
               reductions=len(getattr(learn, 'lr_reductions', []) or []) if arm == 'oneliner' else '')
    red = [dict(epoch=int(d['epoch']), new_peak=float(d['new_peak'])) for d in (getattr(learn, 'lr_reductions', None) or [])] if arm == 'oneliner' else []
    return row, dict(history=h.to_dict('list'), reductions=red, lr=lr)

def run_grid(log:RunLog, run, datasets, archs, seeds, arms, say, skip=()):
    "Every (dataset, model, seed, arm) not yet in `log` (InceptionTime not on ONLY_FCN), one dataset's loaders reused."
    for seed in seeds:
        for name in datasets:
            dls = None
            for arch in archs:
                if arch == 'InceptionTime' and name in ONLY_FCN: continue
                for arm in arms:
                    if arm in skip or (name, arch, seed, arm) in log: continue
                    dls = dls or get_ucr_dls(name)
                    row, hist = run(name, arch, seed, arm, dls)
                    log.add(row, hist)
                    print(f"{name} {arch} seed {seed} {arm}: {say(row)}", flush=True)

def main(datasets, archs, seeds, arms):
    run_grid(LOG, run, datasets, archs, seeds, arms, lambda r: f"acc {r['accuracy']:.3f}, {r['finder_s']:.1f}+{r['fit_s']:.1f}s")

def early_finish(h:dict, reductions:list, lr:float, stop_after:int|None=None, floor:float|None=None) -> int:
    "The epoch after which `fit_adaptive_cycle(50, stop_after=..., stop_lr=floor*lr)` ends on this trajectory: the library's rule."
    return finish_epoch(h['valid_loss'], reductions, stop_after=stop_after, stop_lr=None if floor is None else floor * lr)

VARIANTS = {'oneliner, stop_after=1': dict(stop_after=1), 'oneliner, stop_after=2': dict(stop_after=2),
            'oneliner, stop_after=3': dict(stop_after=3), 'oneliner, stop_lr=lr/8': dict(floor=1/8),
            'oneliner, stop_lr=lr/32': dict(floor=1/32)}
TUNE = ['GunPoint', 'ECG200', 'ItalyPowerDemand', 'NATOPS', 'RacketSports']   # the early-finish default is chosen on these,
CHECK = ['Coffee', 'ArrowHead', 'BasicMotions', 'JapaneseVowels', 'ECG5000']  # and checked on these

def _lr_free_v1(df:pd.DataFrame) -> pd.DataFrame:
    "v1's LR-free arms, their seconds rescaled by this run's recipe / v1's recipe on the same (dataset, model, seed)."
    if not OUT_V1.exists(): return df.iloc[:0]
    v1, key = pd.read_csv(OUT_V1), ['dataset', 'arch', 'seed']
    scale = (df[df.arm == 'recipe'].set_index(key).total_s / v1[v1.arm == 'recipe'].set_index(key).total_s).dropna()
    free = v1[v1.arm.isin(['schedulefree', 'prodigy'])].set_index(key)
    free = free[free.index.isin(scale.index)]
    f = scale.reindex(free.index).values
    return free.assign(finder_s=free.finder_s * f, fit_s=free.fit_s * f, total_s=free.total_s * f).reset_index()

def table() -> pd.DataFrame:
    "Every run, plus the early-finish variants read off the one-liner's trajectories."
    df = LOG.load()
    df = pd.concat([df, _lr_free_v1(df)], ignore_index=True)
    rows = []
    for d in LOG.histories():
        name, arch, seed, arm = d['key']
        if arm != 'oneliner': continue
        base = df[(df.dataset == name) & (df.arch == arch) & (df.seed == seed) & (df.arm == 'oneliner')]
        if base.empty: continue
        b, h = base.iloc[0], d['history']
        for v, kw in VARIANTS.items():
            e = early_finish(h, d['reductions'], d['lr'], **kw)
            fit = h['seconds'][e] if e < len(h['seconds']) else b.fit_s
            rows.append(dict(dataset=name, arch=arch, seed=seed, arm=v, accuracy=h['accuracy'][e], f1_macro=np.nan,
                             finder_s=b.finder_s, fit_s=fit, total_s=b.finder_s + fit, epochs=e + 1, lr=b.lr, wd=b.wd))
    return pd.concat([df, pd.DataFrame(rows)], ignore_index=True)

def summary(t:pd.DataFrame, arms:list) -> pd.DataFrame:
    "Per arm: mean accuracy, its difference to the recipe (mean and worst dataset), seconds and the wall-time ratio."
    acc = t.pivot_table(index=['dataset', 'arch'], columns='arm', values='accuracy', aggfunc='mean')[arms]
    secs = t.pivot_table(index=['dataset', 'arch'], columns='arm', values='total_s', aggfunc='mean')[arms]
    d = acc.sub(acc.recipe, axis=0)
    by_ds = d.groupby(level='dataset').mean()
    return pd.DataFrame({'mean acc': acc.mean(), 'acc - recipe (points)': d.mean() * 100, 'worst dataset (points)': by_ds.min() * 100,
                         'worst dataset': by_ds.idxmin(), 'total s (mean)': secs.mean(),
                         'wall / recipe (sum)': secs.sum() / secs.recipe.sum(), 'epochs (mean)': t.groupby('arm').epochs.mean()[arms]})

def report():
    t = table()
    arms = [a for a in ARMS + list(VARIANTS) if a in set(t.arm)]
    full = t.groupby(['dataset', 'arch', 'seed']).arm.nunique() == len(arms)   # only runs every arm finished
    t = t.set_index(['dataset', 'arch', 'seed']).loc[full[full].index].reset_index()
    n = t.groupby(['dataset', 'arch']).seed.nunique()
    print(f"Runs compared: {len(full[full])} (dataset, model, seed) triples where every arm finished; seeds per pair: {n.min()}-{n.max()}")
    acc = t.pivot_table(index=['dataset', 'arch'], columns='arm', values='accuracy', aggfunc='mean')[arms]
    secs = t.pivot_table(index=['dataset', 'arch'], columns='arm', values='total_s', aggfunc='mean')[arms]
    print("\nTest accuracy, mean over seeds"); print(acc.round(3).to_string())
    print("\nTotal seconds (finder + fit), mean over seeds"); print(secs.round(1).to_string())
    s = summary(t, arms)
    print("\nAll datasets: mean over dataset x model pairs; accuracy differences to the recipe in points (1 point = 0.01)")
    print(s.round(3).to_string())
    for half, names in (('tuning half', TUNE), ('check half', CHECK)):
        h = t[t.dataset.isin(names)]
        if len(h): print(f"\n{half} ({', '.join(n for n in names if n in set(h.dataset))})"); print(summary(h, arms).round(3).to_string())
    return acc, s

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', default=','.join(DATASETS)); ap.add_argument('--archs', default=','.join(ARCHS))
    ap.add_argument('--seeds', default='0,1,2'); ap.add_argument('--arms', default='oneliner,recipe')
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if not a.report:
        torch.set_num_threads(a.threads)
        main(a.datasets.split(','), a.archs.split(','), [int(s) for s in a.seeds.split(',')], a.arms.split(','))
    report()
