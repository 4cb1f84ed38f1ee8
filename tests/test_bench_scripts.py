"The benchmark scripts' own logic: the early-finish rules read off a stored trajectory agree with AdaptiveCycle's."
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'benchmarks'))
from oneliner_vs_recipe import early_finish
import pandas as pd

def test_early_finish_matches_adaptive_cycle():
    # 02_schedules' scripted run: improving for two epochs, then flat; patience 2 reduces after epochs 3, 5, 7, 9
    h = {'valid_loss': [1., .9] + [.95] * 8}
    red = [dict(epoch=e, new_peak=1e-2 * .5 ** (i + 1)) for i, e in enumerate([3, 5, 7, 9])]
    assert early_finish(h, red, 1e-2, stop_after=1) == 5    # AdaptiveCycle(stop_after=1) ends after epoch 5 (tested there)
    assert early_finish(h, red, 1e-2, stop_after=3) == 9
    assert early_finish(h, red, 1e-2, floor=.3) == 5        # the second new peak, 2.5e-3, is below 0.3 x 1e-2
    assert early_finish(h, red, 1e-2) == 9                  # no rule: the last epoch
    h2 = {'valid_loss': [1., .9, .95, .95, .8, .95, .95, .95, .95, .95]}   # an improvement after the first reduction resets the count
    assert early_finish(h2, red, 1e-2, stop_after=1) == 7

def test_honest_corpus_halves_and_report():
    "The halves are fixed before any result (families together); the report counts a family once."
    import honest_corpus as hc
    assert len(hc.HALVES) == 32 and set(hc.HALVES.values()) == {'tune', 'check'}
    for members in hc.FAMILIES.values(): assert len({hc.HALVES[m] for m in members}) == 1
    tune = [d for d in hc.CORPUS if hc.HALVES[d] == 'tune']
    fam_a = next(m for m in hc.FAMILIES['phalanx'])   # a family member and a dataset of its own, same half
    other = next(d for d in tune if hc.family(d) == d)
    rows = []
    for d, one, rec in ((fam_a, .9, .8), (other, .5, .7)):
        for arm, acc in (('oneliner', one), ('recipe', rec)):
            rows.append(dict(dataset=d, family=hc.family(d), half='tune', arch='FCN', seed=0, arm=arm, accuracy=acc,
                             total_s=10., status='ok', device='cpu'))
    text = hc.report(pd.DataFrame(rows))
    line = next(l for l in text.splitlines() if l.startswith('oneliner'))
    assert line.split()[2:5] == ['2', '0.70', '-5.0'] and f"-20.0 ({other})" in line, line   # (0.9 + 0.5) / 2, (+10 - 20) / 2

def test_honest_corpus_gains_pair_by_seed():
    "An arm is compared with the recipe on the seeds both ran, then averaged: an unpaired seed counts for nothing."
    import honest_corpus as hc
    d = next(d for d in hc.CORPUS if hc.HALVES[d] == 'check')
    runs = [('recipe', 0, .80), ('recipe', 1, .60), ('oneliner_trainloss', 0, .85), ('schedulefree', 1, .70),
            ('schedulefree', 2, .99)]   # schedulefree's seed 2 has no recipe to pair with
    df = pd.DataFrame([dict(dataset=d, family=hc.family(d), half='check', arch='FCN', seed=s, arm=a, accuracy=acc,
                            total_s=10., status='ok') for a, s, acc in runs])
    g = hc.gains(df, 'check')
    assert list(g.columns) == ['oneliner_trainloss', 'schedulefree'] and list(g.index) == [d]
    assert abs(g.loc[d, 'oneliner_trainloss'] - 5) < 1e-9 and abs(g.loc[d, 'schedulefree'] - 10) < 1e-9   # not the mean over seeds
    assert hc.summary(df, 'check').loc['schedulefree', 'vs_recipe'] == 10.0
    assert hc.gains(df[df.arm != 'recipe'], 'check').empty   # no recipe: nothing to compare with

def test_early_finish_replay_agrees_with_adaptive_cycle_itself():
    "The replay that oneliner_vs_recipe.py reads off a full run ends where AdaptiveCycle's own rule ends the same run."
    from fasttsc.test_utils import toy_learner, quiet_fit, ScriptedMonitor
    for vals in ([1., .9] + [.95] * 8, [1., .9, .95, .95, .8, .95, .95, .95, .95, .95]):
        full = toy_learner()
        quiet_fit(full, 'fit_adaptive_cycle', 10, 1e-2, patience=2, stop_after=None, cbs=ScriptedMonitor(vals))
        h, red = full.history().to_dict('list'), full.lr_reductions
        assert len(red) >= 2, red
        for rule in (dict(stop_after=1), dict(stop_after=2), dict(stop_after=3), dict(floor=.3)):
            kw = dict(stop_after=rule['stop_after']) if 'stop_after' in rule else dict(stop_after=None, stop_lr=.3 * 1e-2)
            l = toy_learner()
            quiet_fit(l, 'fit_adaptive_cycle', 10, 1e-2, patience=2, cbs=ScriptedMonitor(vals), **kw)
            ended = l.early_finish['epoch'] if l.early_finish else 9
            assert early_finish(h, red, 1e-2, **rule) == ended, (vals, rule, ended)

def test_flat_fallback_summary_counts_pairs_per_set():
    "The flat-curve summary compares each arm with AdaptiveCycle at the midpoint on the same (dataset, seed) pairs, by set."
    from flat_curves import fallback_summary
    idx = pd.MultiIndex.from_tuples([('A', 0), ('A', 1), ('B', 0), ('C', 0)], names=['dataset', 'seed'])
    t = pd.DataFrame({'half': ['tune', 'tune', 'tune', 'fresh'], 'midpoint': [.5, .6, .7, .8],
                      'valley': [.7, .6, .68, .9], "fastai's valley": [.5, None, .7, .8], 'default': [.6, .6, .7, .8],
                      'recipe': [.6, .6, .7, .85], 'schedulefree': [.5, .5, .5, .5]}, index=idx)
    s = fallback_summary(t)
    assert list(s.index) == ['tune', 'fresh'] and s.loc['tune', 'pairs'] == 3 and s.loc['tune', 'datasets'] == 2
    assert s.loc['tune', 'valley − midpoint'] == "+6.0 (3; 1 up, 1 down)"   # +20, 0, -2 points
    assert s.loc['tune', "fastai's valley − midpoint"] == "+0.0 (2; 0 up, 0 down)"    # the pair without it is left out
    assert s.loc['fresh', 'valley − midpoint'] == "+10.0 (1; 1 up, 0 down)"
    assert s.loc['tune', 'default − midpoint'] == "+3.3 (3; 1 up, 0 down)"

def test_time_alone_report_sums_and_compares_with_the_corpus_runs():
    "The time ratios are sums over the datasets where every arm ran; the accuracy is compared with the corpus run."
    import time_alone as ta
    secs = {'A': dict(recipe=40., recipe_noval=10., oneliner_trainloss=12., schedulefree=8.),
            'B': dict(recipe=60., recipe_noval=50., oneliner_trainloss=48., schedulefree=40.),
            'C': dict(recipe=99., oneliner_trainloss=1.)}   # an arm missing: left out of every ratio
    row = lambda d, arm, s, acc: dict(dataset=d, arch='FCN', seed=0, arm=arm, accuracy=acc, lr=None, wd=None,
                                      finder_s=1., fit_s=s - 1., total_s=s, status='ok', device='cpu')
    df = pd.DataFrame([row(d, arm, s, .5) for d, arms in secs.items() for arm, s in arms.items()])
    corpus = df.copy()
    corpus.loc[(corpus.dataset == 'A') & (corpus.arm == 'schedulefree'), 'accuracy'] = .55
    text = ta.report(df, corpus)
    assert text.startswith('2 datasets') and '\nC ' not in text
    assert 'oneliner_trainloss / recipe: sum of times 0.60x, median of per-dataset ratios 0.55x (range 0.30-0.80)' in text
    assert 'oneliner_trainloss / recipe_noval: sum of times 1.00x' in text   # (12 + 48) / (10 + 50)
    assert 'test accuracy differs by 0.0 points (median), at most 5.0, unchanged in 7' in text
