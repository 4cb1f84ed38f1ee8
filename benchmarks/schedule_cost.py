"""What AdaptiveCycle's schedule costs per fit, against `fit_one_cycle` and a plain PyTorch loop (issue: defaults, item 5).

One process, one CPU thread, the same model (FCN, seed 0), data, batches and validation pass for every arm; the arms
are interleaved over `--repeats` rounds and each arm's median seconds is divided by the plain loop's:
  plain          a hand-written PyTorch loop: forward, loss, backward, `torch.optim.Adam` step, a no-grad valid pass
  fit            fastai's `fit` at a constant LR (fastai's own overhead: callbacks, recorder, its optimizer)
  one_cycle      fastai's `fit_one_cycle`
  adaptive       `fit_adaptive_cycle` (patience 3, never finishing early, so every arm runs all epochs)
  adaptive_v1    the same with the schedule built per batch as before (`combined_cos` twice per batch, fastai's way)
Timings are only comparable inside one run on an otherwise idle machine: the report says on what device it ran.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/schedule_cost.py [--datasets Coffee,DistalPhalanxTW]
     [--epochs 10] [--repeats 3]
"""
import argparse, platform, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from fastai.callback.schedule import combined_cos
from fasttsc.data import get_ucr_dls
from fasttsc.learner import TSLearner
from fasttsc.schedules import AdaptiveCycle

OUT = Path(__file__).parent/'results'/'schedule_cost.csv'
ARMS = ('plain', 'fit', 'one_cycle', 'adaptive', 'adaptive_v1')

def _v1_before_batch(self):
    "AdaptiveCycle's per-batch step as it was: fastai's `combined_cos` built twice per batch."
    pct = self._pct()
    self.opt.set_hyper('lr', combined_cos(self.pct_start, self.peak / self.cur_div, self.peak,
                                          self.peak / self.div_final)(pct))
    self.opt.set_hyper('mom', combined_cos(self.pct_start, *self.moms)(pct))

def _plain(learn, epochs:int, lr:float) -> None:
    "The loop a PyTorch user writes, on the learner's model and loaders."
    model, loss_func, dls = learn.model, torch.nn.CrossEntropyLoss(), learn.dls
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    plain = lambda t: t.as_subclass(torch.Tensor)   # tsai's and fastai's tensor subclasses off: plain torch
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            loss = loss_func(model(plain(xb)), plain(yb))
            loss.backward(); opt.step(); opt.zero_grad()
        model.eval()
        with torch.no_grad():
            for xb, yb in dls.valid: loss_func(model(plain(xb)), plain(yb))

def run_arm(dls, arm:str, epochs:int, lr:float=1e-3) -> float:
    "Seconds of one fit of `arm` on a fresh FCN (seed 0)."
    learn = TSLearner(dls, 'FCN', seed=0)
    orig = AdaptiveCycle.before_batch
    if arm == 'adaptive_v1': AdaptiveCycle.before_batch = _v1_before_batch
    try:
        with learn.no_bar(), learn.no_logging():
            t = time.perf_counter()
            if arm == 'plain': _plain(learn, epochs, lr)
            elif arm == 'fit': learn.fit(epochs, lr)
            elif arm == 'one_cycle': learn.fit_one_cycle(epochs, lr)
            else: learn.fit_adaptive_cycle(epochs, lr, stop_after=None, monitor='valid_loss')
            return time.perf_counter() - t
    finally: AdaptiveCycle.before_batch = orig

def measure(name:str, epochs:int, repeats:int) -> pd.DataFrame:
    "Median seconds per arm over `repeats` interleaved rounds, and each relative to the plain loop."
    dls = get_ucr_dls(name)   # all of TRAIN, TEST as the validation set of every arm (a timing, no decision)
    run_arm(dls, 'fit', 1)   # warm-up, not counted
    secs = {a: [] for a in ARMS}
    for _ in range(repeats):
        for a in ARMS: secs[a].append(run_arm(dls, a, epochs))
    med = {a: float(np.median(v)) for a, v in secs.items()}
    spread = {a: float((max(v) - min(v)) / np.median(v)) for a, v in secs.items()}
    return pd.DataFrame([dict(dataset=name, n_train=len(dls.train_ds), batches=len(dls.train), bs=dls.train.bs,
                              epochs=epochs, arm=a, seconds=round(med[a], 3), vs_plain=round(med[a] / med['plain'], 3),
                              spread=round(spread[a], 3), device=f"CPU ({platform.machine()}, 1 thread)")
                         for a in ARMS])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--datasets', default='Coffee,DistalPhalanxTW')
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    warnings.filterwarnings('ignore')
    torch.set_num_threads(1)
    df = pd.concat([measure(n, a.epochs, a.repeats) for n in a.datasets.split(',')], ignore_index=True)
    df.to_csv(OUT, index=False)
    print(df.pivot_table(index=['dataset', 'n_train', 'batches'], columns='arm', values='vs_plain')[list(ARMS)]
          .to_string(float_format=lambda v: f"{v:.2f}"))
    print("median seconds / the plain PyTorch loop's; spread (max − min) / median per arm:",
          df.set_index(['dataset', 'arm']).spread.max(), "at most")
