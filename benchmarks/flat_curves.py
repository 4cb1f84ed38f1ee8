"""Flat LR-finder curves: how far the one-liner's finder curve falls on each corpus dataset, and what a flat one costs.

For each dataset (FCN, seed 0, the honest protocol's loaders: all of TRAIN), the one-liner's finder
(`lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2])`) is run and its chosen curve's `descent` (the smoothed
loss's fall from its plateau to its minimum, relative to the plateau), noise, midpoint and valley are kept. The report
joins them with `honest_corpus.csv`: the one-liner's accuracy against the recipe's on the same dataset and seed.
Resumable (`fasttsc.runlog.RunLog`). Only the finder runs here: no decision of any arm changes.

Run:    FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/flat_curves.py [--datasets Meat,Ham]
Report: .venv/bin/python benchmarks/flat_curves.py --report
"""
import argparse, os, warnings
from pathlib import Path
import numpy as np, pandas as pd

RES = Path(__file__).parent/'results'
OUT = RES/'flat_curves.csv'
COLS = ['dataset', 'half', 'seed', 'descent', 'noise', 'midpoint', 'valley', 'wd', 'note']

def run(name:str, seed:int, data_dir) -> dict:
    "The chosen curve's numbers for dataset `name`."
    import torch
    from fasttsc.data import load_ucr, split_dls
    from fasttsc.learner import TSLearner
    from fasttsc.arms import HALVES
    torch.set_num_threads(1)
    learn = TSLearner(split_dls(*load_ucr(name, data_dir=data_dir, download=False), valid='test'), 'FCN', seed=seed)
    with learn.no_bar(), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        res = learn.lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2], show_plot=False)
    row = res.table[res.table.chosen].iloc[0]
    return dict(dataset=name, half=HALVES[name], seed=seed, descent=round(float(row.descent), 4),
                noise=round(float(row.noise), 5), midpoint=res.lr, valley=res.suggestions.get('valley'), wd=res.wd,
                note=res.note[:200])

def report() -> pd.DataFrame:
    "Every dataset's descent, flat ones first, with the one-liner's points against the recipe (same seed)."
    from fasttsc.runlog import RunLog
    df = RunLog(OUT, ['dataset', 'seed'], COLS).load()
    hc = pd.read_csv(RES/'honest_corpus.csv')
    hc = hc[(hc.status == 'ok') & (hc.arch == 'FCN')]
    acc = hc.pivot_table(index=['dataset', 'seed'], columns='arm', values='accuracy')
    gain = ((acc['oneliner_trainloss'] - acc['recipe']) * 100).rename('one-liner − recipe (points)')
    df = df.join(gain, on=['dataset', 'seed'])
    df['midpoint / valley'] = df.midpoint / df.valley
    return df.sort_values('descent')[['dataset', 'half', 'seed', 'descent', 'noise', 'midpoint', 'valley',
                                      'midpoint / valley', 'one-liner − recipe (points)']]

if __name__ == '__main__':
    from fasttsc.arms import CORPUS
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--datasets', default=None, help="comma-separated; default: the whole corpus")
    ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if not a.report:
        from fasttsc.runlog import RunLog
        log = RunLog(OUT, ['dataset', 'seed'], COLS)
        for name in (a.datasets.split(',') if a.datasets else CORPUS):
            if (name, 0) in log: continue
            row = run(name, 0, os.environ.get('FASTTSC_DATA'))
            log.add(row)
            print(f"{name}: descent {row['descent']:.3f}, midpoint {row['midpoint']:.2g}, valley {row['valley']:.2g}", flush=True)
    with pd.option_context('display.width', 200): print(report().round(4).to_string(index=False))
