"""Flat LR-finder curves: how far the one-liner's finder curve falls on each corpus dataset, and what a flat one costs.

For each dataset and seed (FCN; the learner `oneliner_trainloss` starts from, `fasttsc.arms.start_run`: all of
TRAIN), the one-liner's finder (`lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2])`) is run and its chosen
curve's `descent` (the smoothed loss's fall from its plateau to its minimum, relative to the plateau), noise, midpoint
(the default's `.lr`) and valley are kept. The report joins them with `honest_corpus.csv`: the one-liner's accuracy
against the recipe's on the same dataset and seed; on the flat pairs (descent < `FLAT_CURVE`), AdaptiveCycle at the
midpoint (`oneliner_midpoint`), at another `flat_fallback` (`oneliner_valley`, `oneliner_fastai`), the default (Schedule-Free
AdamW there, `fit_adaptive_cycle(on_flat='schedule_free')`: `oneliner_trainloss`), the recipe and Schedule-Free AdamW alone.
Resumable (`fasttsc.runlog.RunLog`). Only the finder runs here: no decision of any arm changes.

Run:    FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/flat_curves.py [--datasets Meat,Ham] [--seeds 0,1,2]
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
    from fasttsc.data import load_ucr
    from fasttsc.arms import start_run, half_of
    torch.set_num_threads(1)
    learn = start_run(load_ucr(name, data_dir=data_dir, download=False), 'FCN', seed, 'test')
    with learn.no_bar(), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        res = learn.lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2], show_plot=False)
    row = res.table[res.table.chosen].iloc[0]
    return dict(dataset=name, half=half_of(name), seed=seed, descent=round(float(row.descent), 4),
                noise=round(float(row.noise), 5), midpoint=res.midpoint, valley=res.suggestions.get('valley'), wd=res.wd,
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
    from fasttsc.lr_find import FLAT_CURVE
    df['flat'] = df.descent < FLAT_CURVE   # where lr_find warns
    return df.sort_values('descent')[['dataset', 'half', 'seed', 'descent', 'flat', 'noise', 'midpoint', 'valley',
                                      'midpoint / valley', 'one-liner − recipe (points)']]

def fallback(hc:pd.DataFrame|None=None) -> pd.DataFrame:
    "On the flat (dataset, seed) pairs: AdaptiveCycle at each `flat_fallback`, the default, the recipe, Schedule-Free."
    from fasttsc.lr_find import FLAT_CURVE
    from fasttsc.runlog import RunLog
    flat = RunLog(OUT, ['dataset', 'seed'], COLS).load()
    flat = flat[flat.descent < FLAT_CURVE]
    hc = pd.read_csv(RES/'honest_corpus.csv') if hc is None else hc
    hc = hc[(hc.status == 'ok') & (hc.arch == 'FCN')]
    acc = hc.pivot_table(index=['dataset', 'seed'], columns='arm', values='accuracy')
    # fresh2 ran the recipe without its validation pass only: the same training (equal accuracy on 90 corpus pairs)
    if 'recipe_noval' in acc:
        acc['recipe'] = acc.get('recipe', pd.Series(np.nan, index=acc.index)).fillna(acc['recipe_noval'])
    arms = ['oneliner_midpoint', 'oneliner_valley', 'oneliner_fastai', 'oneliner_trainloss', 'recipe', 'schedulefree']
    t = flat.set_index(['dataset', 'seed'])[['half', 'descent', 'midpoint', 'valley']]
    t = t.rename(columns={'midpoint': 'lr: midpoint', 'valley': 'lr: valley'}).join(acc.reindex(columns=arms))
    return t.rename(columns={'oneliner_midpoint': 'midpoint', 'oneliner_valley': 'valley',
                             'oneliner_fastai': "fastai's valley", 'oneliner_trainloss': 'default'})

def fallback_summary(t:pd.DataFrame) -> pd.DataFrame:
    "Per set, over its flat pairs with every arm run: points of each arm against AdaptiveCycle at the midpoint, up/down."
    rows = []
    for half, g in t.dropna(subset=['midpoint', 'recipe']).groupby('half', sort=False):
        r = dict(set=half, pairs=len(g), datasets=g.index.get_level_values(0).nunique())
        for arm in ['valley', "fastai's valley", 'default', 'recipe', 'schedulefree']:
            d = (g[arm] - g['midpoint']).dropna() * 100
            r[f"{arm} − midpoint"] = f"{d.mean():+.1f} ({len(d)}; {(d > 1).sum()} up, {(d < -1).sum()} down)" if len(d) else ''
        rows.append(r)
    return pd.DataFrame(rows).set_index('set') if rows else pd.DataFrame()

if __name__ == '__main__':
    from fasttsc.arms import CORPUS
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--datasets', default=None, help="comma-separated; default: the whole corpus")
    ap.add_argument('--seeds', default='0')
    ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if not a.report:
        from fasttsc.runlog import RunLog
        log = RunLog(OUT, ['dataset', 'seed'], COLS)
        for seed in [int(s) for s in a.seeds.split(',')]:
            for name in (a.datasets.split(',') if a.datasets else CORPUS):
                if (name, seed) in log: continue
                row = run(name, seed, os.environ.get('FASTTSC_DATA'))
                log.add(row)
                print(f"{name} seed {seed}: descent {row['descent']:.3f}, midpoint {row['midpoint']:.2g}, "
                      f"valley {row['valley']:.2g}", flush=True)
    with pd.option_context('display.width', 200):
        print(report().round(4).to_string(index=False))
        t = fallback()
        print("\nThe flat pairs (descent < FLAT_CURVE): test accuracy of AdaptiveCycle at the midpoint, at the valley "
              "(`flat_fallback='valley'`), at fastai's valley ('fastai'), of the default (Schedule-Free AdamW on a flat "
              "curve, `on_flat`), the recipe and Schedule-Free AdamW alone")
        print(t.round(4).to_string()); print(); print(fallback_summary(t).to_string())
