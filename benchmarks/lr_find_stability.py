"""LR finder benchmark (issue: LR finder you can trust).

Stability: over 5 seeds, the std of log10(suggested LR) of `lr_find(multi_epoch=True)` against fastai's default
`lr_find()`, on RacketSports, GunPoint and NATOPS with InceptionTime and FCN.
Usefulness: test accuracy of `fit_one_cycle(25, lr)` with each suggestion, mean of the 5 seeds.
Cost: a wd_grid of k values against k single runs (batches and seconds, measured in this run).

Resumable: every finished measurement is appended to benchmarks/results/lr_find_stability.csv at once.
Every multi-epoch curve is kept (lr_find_curves.csv) with the value of every suggestion rule on it ('sugg' rows), so
the rule `multi_epoch=True` suggests by default is chosen from measured spreads, not from one rule's numbers.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/lr_find_stability.py [--no-fit] [--archs A,B] [--datasets X,Y]
     ... --report   (prints the tables from the stored rows)
"""
import argparse, os, time, warnings
from pathlib import Path
import numpy as np, pandas as pd
warnings.filterwarnings('ignore')
from fasttsc.data import get_ucr_dls, load_ucr, auto_bs
from fasttsc.learner import TSLearner
from fasttsc.lr_find import fastai_lr_find, midpoint, suggest_lrs, MULTI_EPOCH_SUGGESTIONS
from fastai.callback.schedule import SuggestionMethod
from fasttsc.runlog import RunLog

OUT = Path(__file__).parent/'results'/'lr_find_stability.csv'
CURVES = OUT.with_name('lr_find_curves.csv')
RULES = {'midpoint': midpoint, 'steep': SuggestionMethod.Steep, 'valley': SuggestionMethod.Valley,   # every rule, read off each stored
         'minimum': SuggestionMethod.Minimum, 'slide': SuggestionMethod.Slide}                      # multi-epoch curve by suggest_lrs
DEFAULT = MULTI_EPOCH_SUGGESTIONS[0].__name__     # what lr_find(multi_epoch=True).lr is
DATASETS, ARCHS, SEEDS, EPOCHS = ['RacketSports', 'GunPoint', 'NATOPS'], ['InceptionTime', 'FCN'], range(5), 25

LOG = RunLog(OUT, ['kind', 'dataset', 'arch', 'method', 'seed'], ['kind', 'dataset', 'arch', 'method', 'seed', 'value', 'seconds', 'batches'])
CURVE_LOG = RunLog(CURVES, ['dataset', 'arch', 'seed'])
write = LOG.add

def suggest(dls, arch, method, seed):
    "fastai's `lr_find()` valley, or the multi-epoch test with every rule's value and its curve."
    learn = TSLearner(dls, arch, seed=seed)
    t = time.time()
    with learn.no_bar():
        if method == 'fastai': return float(fastai_lr_find(learn, show_plot=False).valley), time.time() - t, 100, None
        res = learn.lr_find(multi_epoch=True, show_plot=False, suggest_funcs=tuple(RULES.values()))
    return res, time.time() - t, res.cost['batches'], res.curves

def write_curve(name, arch, seed, curves):
    CURVE_LOG.add_rows(curves.drop(columns='wd').assign(dataset=name, arch=arch, seed=seed).to_dict('records'))

def main(fit=True, datasets=DATASETS, archs=ARCHS):
    for name in datasets:
        n_train = len(load_ucr(name)[0])
        dls = get_ucr_dls(name, bs=auto_bs(n_train))
        for arch in archs:
            for seed in SEEDS:
                if ('lr', name, arch, 'fastai', seed) not in LOG:
                    lr, secs, b, _ = suggest(dls, arch, 'fastai', seed)
                    write(dict(kind='lr', dataset=name, arch=arch, method='fastai', seed=seed, value=lr, seconds=round(secs, 2), batches=b))
                    print(name, arch, 'fastai', seed, f"{lr:.3g}", f"{secs:.1f}s", flush=True)
                if ('sugg', name, arch, list(RULES)[-1], seed) not in LOG:
                    res, secs, b, curves = suggest(dls, arch, 'multi_epoch', seed)
                    write_curve(name, arch, seed, curves)
                    for r in RULES: write(dict(kind='sugg', dataset=name, arch=arch, method=r, seed=seed, value=res.suggestions[r], seconds=round(secs, 2), batches=b))
                    print(name, arch, 'multi_epoch', seed, res, flush=True)
    if fit:
        df = LOG.load()
        sugg = pd.concat([df.query("kind == 'lr' and method == 'fastai'"),
                          rule_table().query("method == @DEFAULT").assign(method='multi_epoch')])
        for name in datasets:
            dls = get_ucr_dls(name, bs=auto_bs(len(load_ucr(name)[0])))
            for arch in archs:
                for seed in SEEDS:
                    for method in ('fastai', 'multi_epoch'):
                        key = ('acc', name, arch, method if method == 'fastai' else f'me_{DEFAULT}', seed)
                        if key in LOG: continue
                        lr = float(sugg.query("dataset == @name and arch == @arch and method == @method and seed == @seed").value.iloc[0])
                        learn = TSLearner(dls, arch, seed=seed)
                        t = time.time()
                        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(EPOCHS, lr)
                        acc = learn.evaluate()['accuracy']
                        write(dict(kind='acc', dataset=name, arch=arch, method=key[3], seed=seed, value=acc, seconds=round(time.time() - t, 2), batches=EPOCHS * len(dls.train)))
                        print(*key, f"{acc:.3f}", flush=True)
    report()

def cost(arch='FCN', grid=(0, 1e-4, 1e-3, 1e-2)):
    "A wd_grid of k values against k single runs (RacketSports, multi_epoch, stop_div=False so every run is complete), measured now."
    dls = get_ucr_dls('RacketSports', bs=auto_bs(len(load_ucr('RacketSports')[0])))
    learn = TSLearner(dls, arch, seed=0)
    k, rows = len(grid), []
    with learn.no_bar():
        learn.lr_find(multi_epoch=True, num_it=10, show_plot=False)   # warm-up, not counted
        for wd in grid:   # k single runs
            t = time.time(); r = learn.lr_find(multi_epoch=True, wd_grid=[wd], show_plot=False, stop_div=False)
            rows.append(dict(run=f'single wd={wd:g}', batches=r.cost['batches'], seconds=time.time() - t))
        t = time.time(); r = learn.lr_find(multi_epoch=True, wd_grid=list(grid), show_plot=False, stop_div=False)
        rows.append(dict(run=f'wd_grid of {k}', batches=r.cost['batches'], seconds=time.time() - t))
    df = pd.DataFrame(rows)
    singles = df.iloc[:k][['batches', 'seconds']].sum()
    print(f"\nCost of a wd_grid ({arch}, RacketSports, multi_epoch=True, stop_div=False, 1 thread)")
    print(df.round(2).to_string(index=False))
    print(f"wd_grid of {k} / sum of {k} single runs: batches {df.batches.iloc[-1] / singles.batches:.3f}, seconds {df.seconds.iloc[-1] / singles.seconds:.3f} (target <= 1.1)")

def rule_table() -> pd.DataFrame:
    "Every rule's LR on every stored multi-epoch curve, read exactly as lr_find reads it (num_it 100, cut at the minimum)."
    rows = []
    for (name, arch, seed), g in CURVE_LOG.load().groupby(['dataset', 'arch', 'seed']):
        for r, v in suggest_lrs(g.lr.values, g.smooth_loss.values, tuple(RULES.values()), 100, multi_epoch=True).items():
            rows.append(dict(kind='rule', dataset=name, arch=arch, seed=seed, method=r, value=v))
    return pd.DataFrame(rows)

def report():
    df = LOG.load()
    default = DEFAULT
    fa = df.query("kind == 'lr' and method == 'fastai'")
    me = rule_table().assign(method=lambda d: 'me_' + d.method)
    stored = df.query("kind == 'sugg'").merge(me.assign(method=lambda d: d.method.str[3:]), on=['dataset', 'arch', 'seed', 'method'])
    assert np.allclose(stored.value_x.astype(float), stored.value_y.astype(float)), "rules re-read from the stored curves differ from lr_find's own"
    lr = pd.concat([fa, me]).assign(log10=lambda d: np.log10(d.value.astype(float)))
    t = lr.pivot_table(index=['dataset', 'arch'], columns='method', values='log10', aggfunc='std')
    t = t[['fastai'] + [f'me_{r}' for r in RULES if f'me_{r}' in t]]
    t = t.dropna()
    t['ratio'] = t[f'me_{default}'] / t.fastai
    print(f"\nStability: std of log10(suggested lr) over {lr.seed.nunique()} seeds; fastai = lr_find() (valley), me_* = lr_find(multi_epoch=True) "
          f"read with each rule (default `{default}`); target ratio <= 0.5")
    print(t.round(3).to_string())
    m = t.mean()
    print("mean over rows: " + ", ".join(f"{c} {m[c]:.3f}" for c in t.columns if c != 'ratio') + f"; ratio of means ({default}/fastai) {m[f'me_{default}'] / m.fastai:.3f}")
    med = lr.pivot_table(index=['dataset', 'arch'], columns='method', values='value', aggfunc='median')[t.columns[:-1]]
    print("\nMedian suggested lr"); print(med.to_string(float_format=lambda v: f"{v:.2e}"))
    timed = df.query("(kind == 'sugg' and method == @default) or (kind == 'lr' and method == 'fastai')")   # both timed in this run
    secs = timed.pivot_table(index=['dataset', 'arch'], columns='kind', values='seconds', aggfunc='mean')
    bat = timed.pivot_table(index=['dataset', 'arch'], columns='kind', values='batches', aggfunc='mean')
    secs = pd.concat({'seconds': secs, 'batches': bat}, axis=1).rename(columns={'lr': 'fastai lr_find()', 'sugg': 'multi_epoch=True'})
    print("\nCost per lr_find, mean over seeds (1 thread; both timed in the same run of this script)"); print(secs.round(1).to_string())
    acc = df[df.kind == 'acc']
    if len(acc):
        a = acc.pivot_table(index=['dataset', 'arch'], columns='method', values='value', aggfunc='mean')
        n = acc.pivot_table(index=['dataset', 'arch'], columns='method', values='value', aggfunc='count')
        print(f"\nUsefulness: test accuracy after fit_one_cycle({EPOCHS}, lr), mean of seeds (me_<rule>: the multi-epoch suggestion by that rule)")
        print(a.round(3).to_string()); print("seeds per cell: " + ", ".join(f"{c} {int(n[c].min())}-{int(n[c].max())}" for c in n.columns))
        both = a.dropna()
        print("mean over rows where every method ran: " + ", ".join(f"{c} {both[c].mean():.3f}" for c in both.columns))

if __name__ == '__main__':
    import torch; torch.set_num_threads(int(os.environ.get('BENCH_THREADS', '1')))
    p = argparse.ArgumentParser(); p.add_argument('--no-fit', action='store_true'); p.add_argument('--report', action='store_true')
    p.add_argument('--cost', action='store_true', help="only the wd_grid cost measurement")
    p.add_argument('--archs', default=','.join(ARCHS)); p.add_argument('--datasets', default=','.join(DATASETS))
    a = p.parse_args()
    if a.report: report()
    elif a.cost: cost(a.archs.split(',')[0] if a.archs != ','.join(ARCHS) else 'FCN')
    else: main(fit=not a.no_fit, datasets=a.datasets.split(','), archs=a.archs.split(','))
