"""Class imbalance on ECG5000 (issue: training recipes): none / class weights / random oversampling / SMOTE.

FCN, 3 seeds, EPOCHS epochs of one-cycle at LR, batch size 32; the training split only is rebalanced (or the loss
weighted), the official 4500-series TEST split is predicted once at the end (per-epoch validation is skipped to
save time: it would cost more than the training). Prints accuracy and macro F1, mean ± std over seeds, and the
per-class recall of the two rarest classes. Resumable: rows are appended to benchmarks/results/imbalance.csv.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/imbalance.py [--report]
"""
import argparse, os, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.filterwarnings('ignore')
from fastai.callback.core import Callback, CancelValidException
from fasttsc.data import get_ucr_dls
from fasttsc.learner import TSLearner
from fasttsc.runlog import RunLog

RES = Path(__file__).parent/'results'
OUT = RES/'imbalance.csv'
ARCH, EPOCHS, LR, BS, SEEDS = 'FCN', 20, 3e-3, 32, range(3)
VARIANTS = {'none': {}, 'class_weights': dict(class_weights='balanced'), 'random_oversampling': dict(oversample='random'),
            'smote': dict(oversample='smote')}
COLS = ['variant', 'seed', 'accuracy', 'f1_macro', 'recall_class3', 'recall_class5', 'n_train', 'train_seconds']
LOG = RunLog(OUT, ['variant', 'seed'], COLS)

class ValidateLastOnly(Callback):
    "Skip validation except after the last epoch."
    order = 0
    def before_validate(self):
        if self.epoch < self.n_epoch - 1: raise CancelValidException

def main():
    for variant, kw in VARIANTS.items():
        dkw = {k: v for k, v in kw.items() if k == 'oversample'}
        lkw = {k: v for k, v in kw.items() if k != 'oversample'}
        for seed in SEEDS:
            if (variant, seed) in LOG: continue
            dls = get_ucr_dls('ECG5000', bs=BS, oversample_seed=seed, **dkw)
            learn = TSLearner(dls, ARCH, seed=seed, **lkw)
            t = time.time()
            with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(EPOCHS, LR, cbs=ValidateLastOnly())
            secs = time.time() - t
            ev = learn.evaluate()
            cm = ev['confusion_matrix']; rec = cm.diagonal() / np.maximum(cm.sum(1), 1)
            row = dict(variant=variant, seed=seed, accuracy=round(ev['accuracy'], 4), f1_macro=round(ev['f1_macro'], 4),
                       recall_class3=round(rec[2], 3), recall_class5=round(rec[4], 3), n_train=len(dls.train_ds), train_seconds=round(secs))
            LOG.add(row)
            print(row, flush=True)
    report()

def report():
    df = LOG.load()
    g = df.groupby('variant', sort=False)
    tab = pd.DataFrame({'seeds': g.size(), 'accuracy': g.accuracy.mean().map('{:.3f}'.format) + ' ± ' + g.accuracy.std().map('{:.3f}'.format),
                        'macro F1': g.f1_macro.mean().map('{:.3f}'.format) + ' ± ' + g.f1_macro.std().map('{:.3f}'.format),
                        'recall class 3 (10 train)': g.recall_class3.mean().round(3), 'recall class 5 (2 train)': g.recall_class5.mean().round(3),
                        'train series': g.n_train.first(), 'train s': g.train_seconds.mean().round(0)})
    text = (f"ECG5000 · {ARCH} · {EPOCHS} epochs one-cycle lr {LR:g} bs {BS} · test split (4500) · mean ± std over seeds\n"
            + tab.to_string())
    print(text); (RES/'imbalance_report.txt').write_text(text + '\n')
    return tab

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0]); p.add_argument('--report', action='store_true')
    a = p.parse_args()
    if a.report: report()
    else: torch.set_num_threads(int(os.environ.get('BENCH_THREADS', '1'))); main()
