"The honest protocol: every series of every split scored, at every size; TEST never steers a fit."
import json, warnings
import numpy as np, pandas as pd, pytest, torch
from fastcore.test import test_eq as eq
from fasttsc.data import arrays_to_dls, split_dls, TSDataLoader, fix_loader
from fasttsc.learner import TSLearner, KeepBest
import fasttsc.inference   # predict_series

SIZES = range(1, 301)
BATCH_SIZES = (7, 32, 64)   # and bs=1 for sizes up to 40 (a batch per series is slow to iterate)

def _data(n, seed=0, c_in=1, seq_len=8):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, c_in, seq_len)).astype(np.float32)
    y = np.where(np.arange(n) % 2 == 0, 'a', 'b')
    X += np.where(y == 'a', .8, -.8)[:, None, None].astype(np.float32)
    return X, y

@pytest.fixture(scope='module')
def learn():
    X, y = _data(64)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        l = TSLearner(arrays_to_dls(X[:48], y[:48], X[48:], y[48:], bs=16), 'FCN', seed=0,
                      arch_config=dict(layers=[4, 4, 4]))
    with l.no_bar(), l.no_logging(): l.fit(1, 1e-3)
    return l

def _count(dl): return sum(len(b[0]) for b in dl)

def test_loaders_score_every_series_at_every_size():
    "Validation and test loaders yield n series for every n in 1..300; training yields n // bs full batches."
    X, y = _data(300 + 16)
    bad = []
    for bs, sizes in [(1, range(1, 41))] + [(b, SIZES) for b in BATCH_SIZES]:
        for n in sizes:
            dls = arrays_to_dls(X[:16], y[:16], X[16:16 + n], y[16:16 + n], bs=bs, X_test=X[16:16 + n],
                                y_test=y[16:16 + n])
            got = (_count(dls.valid), _count(dls.test))
            if got != (n, n): bad.append((bs, n, got))
    eq(bad, [])

def test_training_loader_at_every_size():
    "Training: the last incomplete batch is dropped (drop_last, as documented) and nothing else."
    X, y = _data(300)
    bad = []
    for bs in BATCH_SIZES:
        for n in SIZES:
            if n < 2: continue
            dls = arrays_to_dls(X[:n], y[:n], X[:2], y[:2], bs=bs)
            b = dls.train.bs   # tsai caps bs at the split's size
            want = n // b * b
            got = _count(dls.train)
            if got != want or _count(dls.train.new(drop_last=False, shuffle=False)) != n: bad.append((bs, n, got, want))
    eq(bad, [])

def test_get_preds_and_predict_series_at_every_size(learn):
    X, _ = _data(300, seed=1)
    bad = []
    for n in SIZES:
        with learn.no_bar(): p = learn.get_preds(dl=learn.dls.valid.new_dl(X[:n], bs=32))[0]
        probs, labels = learn.predict_series(X[:n])   # bs=64, the default
        if (len(p), len(probs), len(labels)) != (n, n, n): bad.append((n, len(p), len(probs)))
    eq(bad, [])

def test_tsai_loaders_are_fixed():
    "The root cause is tsai's int8 batch indices; a tsai loader passed to TSLearner or predicted with gets int64."
    from tsai.data.core import get_ts_dls, TSClassification, TSDataLoader as TsaiLoader
    X, y = _data(560)
    dls = get_ts_dls(X, y, splits=(list(range(448)), list(range(448, 560))), tfms=[None, TSClassification()], bs=32)
    assert type(dls.valid) is TsaiLoader
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        eq(_count(dls.valid), 96)   # tsai as shipped: 32 + 32 + 32 + 0 of 112 (the bug this guards against)
    fix_loader(dls.valid)
    assert isinstance(dls.valid, TSDataLoader)
    eq(_count(dls.valid), 112)

@pytest.mark.parametrize('n', [65, 100, 127, 128, 129, 300])
def test_cli_predict_scores_every_series(tmp_path, learn, n):
    from fasttsc.cli import main
    X, y = _data(n, seed=2)
    learn.export(tmp_path/'export.pkl')
    f = tmp_path/'new.tsv'
    pd.concat([pd.Series(y), pd.DataFrame(X[:, 0])], axis=1).to_csv(f, sep='\t', header=False, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        eq(main(['predict', str(tmp_path/'export.pkl'), str(f), '--out', str(tmp_path/'p.csv')]), 0)
    eq(len(pd.read_csv(tmp_path/'p.csv')), n)

def _honest_fit(y_test, valid):
    "LR finder + AdaptiveCycle + KeepBest on a fixed seed; the trained weights, and the test score."
    X, y = _data(200, seed=3, c_in=2, seq_len=16)
    X_te = X[120:]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        dls = split_dls(X[:120], y[:120], X_te, y_test, valid=valid, seed=0, bs=16)
        learn = TSLearner(dls, 'FCN', seed=0, arch_config=dict(layers=[8, 8, 8]))
        with learn.no_bar(), learn.no_logging():
            res = learn.lr_find(multi_epoch=True, wd_grid=[0, 1e-2], show_plot=False, num_it=20)
            learn.fit_adaptive_cycle(6, res, cbs=KeepBest(fname=None, verbose=False))
        ev = learn.evaluate()
    return [p.detach().clone() for p in learn.model.state_dict().values()], ev, res

def test_permuted_test_labels_leave_the_weights_bit_identical():
    "With TRAIN carved for validation, nothing in the fit reads TEST: permuting its labels changes no weight."
    y_test = _data(200, seed=3)[1][120:]
    perm = np.random.default_rng(0).permutation(y_test)
    assert (perm != y_test).any()
    w1, ev1, r1 = _honest_fit(y_test, 0.25)
    w2, ev2, r2 = _honest_fit(perm, 0.25)
    eq((r1.lr, r1.wd), (r2.lr, r2.wd))
    assert all(torch.equal(a, b) for a, b in zip(w1, w2))
    eq((ev1['split'], ev1['n']), ('test', 80))
    assert ev1['accuracy'] != ev2['accuracy']   # the labels did change: only the final score sees them

def test_validating_on_test_does_steer():
    "The same check with TEST as validation set: the weights move with TEST's labels, so the test above can fail."
    y_test = _data(200, seed=3)[1][120:]
    perm = np.random.default_rng(0).permutation(y_test)
    w1, *_ = _honest_fit(y_test, 'test')
    w2, *_ = _honest_fit(perm, 'test')
    assert not all(torch.equal(a, b) for a, b in zip(w1, w2))
