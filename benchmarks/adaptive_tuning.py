"""AdaptiveCycle's plateau rule tuned against the recipe (issue: time-to-accuracy, item 3).

Every variant fits `fit_adaptive_cycle(50, lr, wd=wd, stop_after=None, **variant)` on a fresh `TSLearner(dls, arch, seed=seed)`
with the LR and wd the one-liner's finder chose for that (dataset, model, seed) in results/oneliner_vs_recipe_v1.csv: the
finder restores the weights and random state it found, so only the schedule differs from the one-liner's run. Early-finish
rules are read off each run's history afterwards (`early_finish` of oneliner_vs_recipe.py), as there.
  paper       the paper's rule and our defaults: patience 3, new peak = 0.5 x the LR in force, warm-up epochs count
  grace       warm-up epochs do not count towards patience (a plateau is looked for from a cycle's peak on)
  peak        new peak = 0.5 x the current peak
  grace+peak  both
  patience5   patience 5
  onecycle    fastai's fit_one_cycle(50) at the one-liner's LR and wd: how much of the gap is the LR, how much the schedule
The variants are chosen on TUNE and checked on CHECK (the halves of oneliner_vs_recipe.py). Resumable: a finished run is
appended to results/adaptive_tuning.csv (and its history to ..._histories.jsonl) at once.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/adaptive_tuning.py [--archs FCN] [--datasets GunPoint] [--variants grace] [--report]
"""
import argparse, json, sys, time, warnings
from pathlib import Path
import pandas as pd, torch
warnings.filterwarnings('ignore')
sys.path.insert(0, str(Path(__file__).parent))
import oneliner_vs_recipe as ovr
from fasttsc.learner import TSLearner
from fasttsc.runlog import RunLog

OUT, HIST = ovr.RES/'adaptive_tuning.csv', ovr.RES/'adaptive_tuning_histories.jsonl'
VARIANTS = {'paper': {}, 'grace': dict(patience_in_warmup=False), 'peak': dict(reduce_from='peak'),
            'grace+peak': dict(patience_in_warmup=False, reduce_from='peak'), 'patience5': dict(patience=5), 'onecycle': None}
COLS = ['dataset', 'arch', 'seed', 'arm', 'accuracy', 'fit_s', 'epochs', 'lr', 'wd', 'reductions']
LOG = RunLog(OUT, ovr.KEY, COLS, HIST)

def finder_choice(name:str, arch:str, seed:int) -> tuple:
    "The one-liner's LR, wd and finder seconds for this run, from oneliner_vs_recipe.csv."
    d = pd.read_csv(ovr.OUT_V1)
    r = d[(d.dataset == name) & (d.arch == arch) & (d.seed == seed) & (d.arm == 'oneliner')]
    if r.empty: raise LookupError(f"no one-liner run for {name}/{arch}/seed {seed} in {ovr.OUT_V1}")
    r = r.iloc[0]
    return float(r.lr), float(r.wd), float(r.finder_s)

def run(name:str, arch:str, seed:int, variant:str, dls) -> tuple[dict, dict]:
    "One variant: its row and its history."
    lr, wd, _ = finder_choice(name, arch, seed)
    learn, t = TSLearner(dls, arch, seed=seed), time.time()
    with learn.no_bar(), learn.no_logging():
        if VARIANTS[variant] is None: learn.fit_one_cycle(ovr.EPOCHS, lr, wd=wd)
        else: learn.fit_adaptive_cycle(ovr.EPOCHS, lr, wd=wd, stop_after=None, **VARIANTS[variant])
    fit, h = time.time() - t, learn.history()
    red = [dict(epoch=int(d['epoch']), new_peak=float(d['new_peak'])) for d in (getattr(learn, 'lr_reductions', None) or [])]
    row = dict(dataset=name, arch=arch, seed=seed, arm=variant, accuracy=learn.evaluate()['accuracy'], fit_s=round(fit, 2),
               epochs=len(h), lr=lr, wd=wd, reductions=len(red))
    return row, dict(history=h.to_dict('list'), reductions=red, lr=lr)

def main(datasets, archs, seeds, variants):
    say = lambda r: f"acc {r['accuracy']:.3f}, {r['fit_s']:.1f}s, {r['reductions']} reductions"
    ovr.run_grid(LOG, run, datasets, archs, seeds, variants, say, skip=('paper',))   # 'paper' is the one-liner's run

def _histories():
    "Every variant's history; 'paper' is the one-liner's own run (the same trajectory: same LR, wd, seed and rule)."
    for line in (ovr.RES/'oneliner_vs_recipe_histories_v1.jsonl').open():
        d = json.loads(line)
        if d['key'][3] == 'oneliner': yield dict(d, key=d['key'][:3] + ['paper'])
    yield from LOG.histories()

def table() -> pd.DataFrame:
    "The variants' runs (full 50 epochs, and early finish after 3 fruitless reductions) beside the recipe's and the one-liner's."
    base = pd.read_csv(ovr.OUT_V1)
    base = base[base.arm.isin(['recipe', 'oneliner'])]
    rows = []
    for d in _histories():
        name, arch, seed, v = d['key']
        h = d['history']
        _, _, finder = finder_choice(name, arch, seed)
        e = ovr.early_finish(h, d['reductions'], d['lr'], stop_after=3) if v != 'onecycle' else len(h['valid_loss']) - 1
        for arm, last in ((v, len(h['valid_loss']) - 1), (f'{v}, stop_after=3', e)):
            if v == 'onecycle' and arm != v: continue
            rows.append(dict(dataset=name, arch=arch, seed=seed, arm=arm, accuracy=h['accuracy'][last],
                             total_s=finder + h['seconds'][last], epochs=last + 1))
    return pd.concat([base[['dataset', 'arch', 'seed', 'arm', 'accuracy', 'total_s', 'epochs']], pd.DataFrame(rows)], ignore_index=True)

def tables(t:pd.DataFrame) -> dict:
    "Per model and half: the variants' accuracy against the recipe (points) and epochs, over the runs every variant finished."
    out = {}
    for arch, ta in t.groupby('arch'):
        arms = ['recipe'] + [a for v in VARIANTS for a in (v, f'{v}, stop_after=3') if a in set(ta.arm)]
        ta = ta[ta.arm.isin(arms)]
        full = ta.groupby(['dataset', 'seed']).arm.nunique() == len(arms)
        ta = ta.set_index(['dataset', 'seed']).loc[full[full].index].reset_index()
        for half, names in (('tuning half', ovr.TUNE), ('check half', ovr.CHECK)):
            h = ta[ta.dataset.isin(names)]
            if h.empty: continue
            s = ovr.summary(h, arms)[['mean acc', 'acc - recipe (points)', 'worst dataset (points)', 'worst dataset', 'epochs (mean)']]
            out[(arch, half)] = s.assign(runs=len(h[['dataset', 'seed']].drop_duplicates()))
    return out

def report(archs=None):
    t = table()
    if archs: t = t[t.arch.isin(archs)]
    print("Accuracy against the recipe in points (1 point = 0.01), over the (dataset, seed) runs where every variant of the model finished.")
    print("Seconds are not compared here: the variants ran in other processes than the recipe (oneliner_vs_recipe.py measures time).")
    for (arch, half), s in tables(t).items():
        print(f"\n{arch}, {half} ({int(s.runs.iloc[0])} runs)"); print(s.drop(columns='runs').round(3).to_string())

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', default=','.join(ovr.TUNE)); ap.add_argument('--archs', default='FCN')
    ap.add_argument('--seeds', default='0,1,2'); ap.add_argument('--variants', default=','.join(v for v in VARIANTS if v != 'paper'))
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--report', action='store_true')
    a = ap.parse_args()
    if not a.report:
        torch.set_num_threads(a.threads)
        main(a.datasets.split(','), a.archs.split(','), [int(s) for s in a.seeds.split(',')], a.variants.split(','))
    report(a.archs.split(','))
