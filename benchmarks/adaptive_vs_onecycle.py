"""AdaptiveCycle against fastai's one-cycle (issue: AdaptiveCycle and the validation-monitored schedules).

InceptionTime and FCN on RacketSports and ECG5000, 3 seeds, the same LR for both methods (the multi-epoch LR
finder's suggestion for that seed), EPOCHS epochs. Prints the accuracy table; writes the paper's Fig. 8 (LR curves)
and Fig. 10 (train/valid loss curves) to benchmarks/figures/. Resumable: each finished run is appended at once to
benchmarks/results/adaptive_vs_onecycle.csv (histories in .jsonl beside it).
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/adaptive_vs_onecycle.py [--sweep]
`--sweep` instead runs the small patience x factor sweep behind fit_adaptive_cycle's defaults.
"""
import argparse, os, time, warnings
from pathlib import Path
import numpy as np, torch
warnings.filterwarnings('ignore')
from fasttsc.data import get_ucr_dls, load_ucr, auto_bs
from fasttsc.learner import TSLearner
from fasttsc.lr_find import MULTI_EPOCH_SUGGESTIONS
from fastai.callback.schedule import SuggestionMethod
from fasttsc.runlog import RunLog

HERE = Path(__file__).parent
RES, FIG = HERE/'results', HERE/'figures'
DATASETS, ARCHS, SEEDS, METHODS, EPOCHS = ['RacketSports', 'ECG5000'], ['InceptionTime', 'FCN'], range(3), ['adaptive', 'one_cycle'], 25
COLS = ['dataset', 'arch', 'method', 'seed', 'epochs', 'rule', 'lr', 'accuracy', 'f1_macro', 'train_seconds', 'conv_epochs', 'n_reductions', 'patience', 'factor']

LOG = RunLog(RES/'adaptive_vs_onecycle.csv', ['dataset', 'arch', 'method', 'seed'], COLS)   # histories: ..._histories.jsonl
SWEEP = RunLog(RES/'adaptive_defaults_sweep.csv', ['dataset', 'method', 'patience', 'factor'], COLS)

def run(dls, arch, seed, method, lr, epochs, patience=3, factor=0.5):
    learn = TSLearner(dls, arch, seed=seed)
    t = time.time()
    with learn.no_bar(), learn.no_logging():
        if method == 'adaptive': learn.fit_adaptive_cycle(epochs, lr, patience=patience, factor=factor)
        else: learn.fit_one_cycle(epochs, lr)
    secs = time.time() - t
    ev, h = learn.evaluate(), learn.history()
    return learn, dict(accuracy=ev['accuracy'], f1_macro=ev['f1_macro'], train_seconds=round(secs, 1),
                       conv_epochs=learn.convergence()['epochs'], n_reductions=len(getattr(learn, 'lr_reductions', []) if method == 'adaptive' else [])), \
           dict(train_loss=h.train_loss.tolist(), valid_loss=h.valid_loss.tolist(), lr=[float(x) for x in learn.recorder.hps['lr']],
                reductions=getattr(learn, 'lr_reductions', []) if method == 'adaptive' else [])

def main(archs=ARCHS, datasets=DATASETS, seeds=SEEDS, rule=None):
    rule = rule or MULTI_EPOCH_SUGGESTIONS[0].__name__   # the multi-epoch finder's suggestion both methods start from
    for name in datasets:
        dls = get_ucr_dls(name, bs=auto_bs(len(load_ucr(name)[0])))
        for arch in archs:
            for seed in seeds:
                if all((name, arch, m, seed) in LOG for m in METHODS): continue
                finder = TSLearner(dls, arch, seed=seed)
                with finder.no_bar(): lr = finder.lr_find(multi_epoch=True, show_plot=False, suggest_funcs=rule_func(rule)).lr
                for m in METHODS:
                    if (name, arch, m, seed) in LOG: continue
                    _, row, hist = run(dls, arch, seed, m, lr, EPOCHS)
                    row.update(dataset=name, arch=arch, method=m, seed=seed, epochs=EPOCHS, rule=rule, lr=lr, patience=3, factor=0.5)
                    LOG.add(row, hist)
                    print(name, arch, m, seed, f"lr {lr:.2e} acc {row['accuracy']:.3f} {row['train_seconds']}s reductions {row['n_reductions']}", flush=True)
    report(); figures()

def rule_func(name):
    "The suggestion function called `name`: the library's `midpoint` or one of fastai's."
    from fasttsc.lr_find import midpoint
    return (midpoint,) if name == 'midpoint' else (getattr(SuggestionMethod, name.title()),)

def report():
    df = LOG.load()
    t = df.groupby(['dataset', 'arch', 'method']).accuracy.agg(['mean', 'std', 'count']).unstack('method')
    t[('LR rule', '')] = df.groupby(['dataset', 'arch']).rule.agg(lambda r: ','.join(sorted(set(r))))
    print(f"\nTest accuracy, {EPOCHS} epochs, mean and std over seeds (same LR per seed for both methods: the multi-epoch finder's suggestion by that rule)")
    print(t.round(3).to_string())
    f1 = df.groupby(['dataset', 'arch', 'method']).f1_macro.mean().unstack('method')
    print("\nMacro F1, mean over seeds"); print(f1.round(3).to_string())
    conv = df.groupby(['dataset', 'arch', 'method'])[['conv_epochs', 'train_seconds', 'n_reductions']].mean().unstack('method')
    print("\nEpochs to converge, training seconds, LR reductions (means)"); print(conv.round(1).to_string())

def figures():
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    hs = LOG.histories()
    def pick(d, a, m):   # seed 0 of `a` (InceptionTime) where it ran, else of any arch
        return next((h for h in hs if h['key'] == [d, a, m, 0]), None) or next(h for h in hs if h['key'][0] == d and h['key'][2] == m)
    FIG.mkdir(exist_ok=True)
    fig, axs = plt.subplots(1, len(DATASETS), figsize=(6 * len(DATASETS), 3.8))
    for ax, d in zip(axs, DATASETS):
        for m, c in zip(METHODS, ['C0', 'C1']):
            h = pick(d, 'InceptionTime', m); ax.plot(h['lr'], color=c, label=f"{m} ({h['key'][1]})")
            for r in h['reductions']: ax.axvline((r['epoch'] + 1) * len(h['lr']) / len(h['valid_loss']), color=c, ls=':', lw=.8)
        ax.set_title(f"{d} · LR per batch (dotted: reductions)"); ax.set_xlabel('batch'); ax.set_yscale('log'); ax.legend()
    plt.tight_layout(); plt.savefig(FIG/'fig8_lr_curves.png', dpi=110); plt.close()
    fig, axs = plt.subplots(1, len(DATASETS), figsize=(6 * len(DATASETS), 3.8))
    for ax, d in zip(axs, DATASETS):
        for m, c in zip(METHODS, ['C0', 'C1']):
            h = pick(d, 'InceptionTime', m)
            ax.plot(h['train_loss'], color=c, ls='--', label=f"{m} train ({h['key'][1]})"); ax.plot(h['valid_loss'], color=c, label=f"{m} valid")
        ax.set_title(f"{d} · loss per epoch"); ax.set_xlabel('epoch'); ax.legend(fontsize=8)
    plt.tight_layout(); plt.savefig(FIG/'fig10_loss_curves.png', dpi=110); plt.close()
    print(f"figures: {FIG/'fig8_lr_curves.png'}, {FIG/'fig10_loss_curves.png'}")

def sweep():
    "patience x factor with FCN on five small datasets, 20 epochs, LR from the multi-epoch finder, seed 0."
    for name in ['GunPoint', 'ECG200', 'ItalyPowerDemand', 'BasicMotions', 'RacketSports', 'ArrowHead']:
        dls = get_ucr_dls(name, bs=auto_bs(len(load_ucr(name)[0])))
        finder = TSLearner(dls, 'FCN', seed=0)
        with finder.no_bar(): lr = finder.lr_find(multi_epoch=True, show_plot=False).lr
        grid = [('one_cycle', '', '')] + [('adaptive', p, f) for p in (1, 2, 3, 5) for f in (0.3, 0.5)]
        for m, p, f in grid:
            if (name, m, p, f) in SWEEP: continue
            _, row, _ = run(dls, 'FCN', 0, m, lr, 20, **({} if m == 'one_cycle' else dict(patience=p, factor=f)))
            row.update(dataset=name, arch='FCN', method=m, seed=0, epochs=20, lr=lr, patience=p, factor=f)
            SWEEP.add(row)
            print(name, m, p, f, f"{row['accuracy']:.3f}", flush=True)
    df = SWEEP.load()
    df['setting'] = np.where(df.method == 'one_cycle', 'one_cycle', 'p=' + df.patience.astype(str) + ' f=' + df.factor.astype(str))
    t = df.pivot_table(index='setting', columns='dataset', values='accuracy')
    t['mean'] = t.mean(1); t['rank_mean'] = df.pivot_table(index='setting', columns='dataset', values='accuracy').rank(ascending=False).mean(1)
    print("\nFCN, 20 epochs, seed 0: test accuracy per patience/factor"); print(t.sort_values('rank_mean').round(3).to_string())

if __name__ == '__main__':
    torch.set_num_threads(int(os.environ.get('BENCH_THREADS', '1')))
    p = argparse.ArgumentParser(); p.add_argument('--sweep', action='store_true'); p.add_argument('--report', action='store_true')
    p.add_argument('--archs', default=','.join(ARCHS)); p.add_argument('--datasets', default=','.join(DATASETS))
    p.add_argument('--seeds', default=','.join(map(str, SEEDS)), help="comma-separated seeds (to split the work over processes)")
    p.add_argument('--rule', default=None, help="the finder's suggestion rule both methods start from (default: lr_find(multi_epoch=True)'s)")
    a = p.parse_args()
    if a.sweep: sweep()
    elif a.report: report(); figures()
    else: main(a.archs.split(','), a.datasets.split(','), [int(x) for x in a.seeds.split(',')], a.rule)
