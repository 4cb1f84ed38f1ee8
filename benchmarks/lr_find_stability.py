"""LR finder benchmark (issue: LR finder you can trust).

Stability: over 5 seeds, the std of log10(suggested LR) of `lr_find(multi_epoch=True)` against fastai's default
`lr_find()`, on RacketSports, GunPoint and NATOPS with InceptionTime and FCN.
Usefulness: test accuracy of `fit_one_cycle(25, lr)` with each suggestion, mean of the 5 seeds.
Cost: a wd_grid of k values against k single runs (batches and seconds, measured in this run).

Resumable: every finished measurement is appended to benchmarks/results/lr_find_stability.csv at once.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/lr_find_stability.py [--no-fit]
"""
import argparse, csv, math, os, time, warnings
from pathlib import Path
import numpy as np, pandas as pd
warnings.filterwarnings('ignore')
from fasttsc.data import get_ucr_dls, load_ucr, auto_bs
from fasttsc.learner import TSLearner
from fasttsc.lr_find import fastai_lr_find

OUT = Path(__file__).parent/'results'/'lr_find_stability.csv'
DATASETS, ARCHS, SEEDS, EPOCHS = ['RacketSports', 'GunPoint', 'NATOPS'], ['InceptionTime', 'FCN'], range(5), 25

def done_keys():
    if not OUT.exists(): return set()
    return {(r['kind'], r['dataset'], r['arch'], r['method'], int(r['seed'])) for r in csv.DictReader(OUT.open())}

def write(row):
    new = not OUT.exists()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open('a', newline='') as f:
        w = csv.DictWriter(f, fieldnames=['kind', 'dataset', 'arch', 'method', 'seed', 'value', 'seconds', 'batches'])
        if new: w.writeheader()
        w.writerow(row); f.flush(); os.fsync(f.fileno())

def suggest(dls, arch, method, seed):
    learn = TSLearner(dls, arch, seed=seed)
    t = time.time()
    with learn.no_bar():
        if method == 'fastai': lr, batches = float(fastai_lr_find(learn, show_plot=False).valley), 100
        else:
            res = learn.lr_find(multi_epoch=True, show_plot=False); lr, batches = res.lr, res.cost['batches']
    return lr, time.time() - t, batches

def main(fit=True):
    done = done_keys()
    for name in DATASETS:
        n_train = len(load_ucr(name)[0])
        dls = get_ucr_dls(name, bs=auto_bs(n_train))
        for arch in ARCHS:
            for seed in SEEDS:
                for method in ('fastai', 'multi_epoch'):
                    key = ('lr', name, arch, method, seed)
                    if key not in done:
                        lr, secs, b = suggest(dls, arch, method, seed)
                        write(dict(kind='lr', dataset=name, arch=arch, method=method, seed=seed, value=lr, seconds=round(secs, 2), batches=b))
                        print(*key, f"{lr:.3g}", f"{secs:.1f}s", flush=True)
    if fit:
        sugg = pd.read_csv(OUT).query("kind == 'lr'")
        fit_archs = os.environ.get('BENCH_FIT_ARCHS', ','.join(ARCHS)).split(',')
        for name in DATASETS:
            dls = get_ucr_dls(name, bs=auto_bs(len(load_ucr(name)[0])))
            for arch in fit_archs:
                for seed in SEEDS:
                    for method in ('fastai', 'multi_epoch'):
                        key = ('acc', name, arch, method, seed)
                        if key in done_keys(): continue
                        lr = float(sugg.query("dataset == @name and arch == @arch and method == @method and seed == @seed").value.iloc[0])
                        learn = TSLearner(dls, arch, seed=seed)
                        t = time.time()
                        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(EPOCHS, lr)
                        acc = learn.evaluate()['accuracy']
                        write(dict(kind='acc', dataset=name, arch=arch, method=method, seed=seed, value=acc, seconds=round(time.time() - t, 2), batches=EPOCHS * len(dls.train)))
                        print(*key, f"{acc:.3f}", flush=True)
    cost()
    report()

def cost():
    "A wd_grid of 4 values against 4 single runs, RacketSports + InceptionTime, measured now."
    dls = get_ucr_dls('RacketSports', bs=16)
    learn = TSLearner(dls, 'InceptionTime', seed=0)
    with learn.no_bar():
        t = time.time(); one = learn.lr_find(multi_epoch=True, show_plot=False, stop_div=False); t1 = time.time() - t
        t = time.time(); grid = learn.lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2], show_plot=False, stop_div=False); t4 = time.time() - t
    print(f"\nCost (RacketSports, InceptionTime, multi_epoch, stop_div=False): single run {one.cost['batches']} batches {t1:.1f}s; "
          f"wd_grid of 4: {grid.cost['batches']} batches {t4:.1f}s -> {t4 / (4 * t1):.3f} x 4 single runs (batches: {grid.cost['batches'] / (4 * one.cost['batches']):.3f})")

def report():
    df = pd.read_csv(OUT)
    lr = df[df.kind == 'lr'].assign(log10=lambda d: np.log10(d.value))
    t = lr.pivot_table(index=['dataset', 'arch'], columns='method', values='log10', aggfunc='std')
    t['ratio'] = t.multi_epoch / t.fastai
    med = lr.pivot_table(index=['dataset', 'arch'], columns='method', values='value', aggfunc='median')
    secs = lr.pivot_table(index=['dataset', 'arch'], columns='method', values='seconds', aggfunc='mean')
    print("\nStability: std of log10(suggested lr) over 5 seeds (target ratio <= 0.5)")
    print(t.round(3).to_string())
    print(f"all: fastai {t.fastai.mean():.3f}, multi_epoch {t.multi_epoch.mean():.3f}, ratio of means {t.multi_epoch.mean() / t.fastai.mean():.3f}")
    print("\nMedian suggested lr"); print(med.to_string(float_format=lambda v: f"{v:.2e}"))
    print("\nSeconds per lr_find"); print(secs.round(1).to_string())
    acc = df[df.kind == 'acc']
    if len(acc):
        a = acc.pivot_table(index=['dataset', 'arch'], columns='method', values='value', aggfunc='mean')
        print(f"\nUsefulness: test accuracy after fit_one_cycle({EPOCHS}, lr), mean of seeds")
        print(a.round(3).to_string()); print(f"all: fastai {a.fastai.mean():.3f}, multi_epoch {a.multi_epoch.mean():.3f}")

if __name__ == '__main__':
    import torch; torch.set_num_threads(int(os.environ.get('BENCH_THREADS', '1')))
    p = argparse.ArgumentParser(); p.add_argument('--no-fit', action='store_true'); p.add_argument('--report', action='store_true')
    a = p.parse_args()
    if a.report: report()
    else: main(fit=not a.no_fit)
