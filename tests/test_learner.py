import numpy as np, pytest, torch
from fastcore.test import test_eq as eq
from fasttsc.data import arrays_to_dls
from fasttsc.learner import TSLearner
from fasttsc.models.core import get_arch, list_models

def toy(n=48, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2*n, 3, 16)).astype(np.float32)
    y = np.array(['a', 'b', 'c'])[np.arange(2*n) % 3]
    X += (np.arange(2*n) % 3)[:, None, None].astype(np.float32)
    return arrays_to_dls(X[:n], y[:n], X[n:], y[n:], bs=8)

def test_evaluate_matches_sklearn_and_fastai():
    from sklearn.metrics import f1_score
    learn = TSLearner(toy(), 'ResNet', seed=0)
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(2, 1e-3)
    res = learn.evaluate()
    preds, targs = learn.get_preds()
    eq(res['n'], 48); eq(res['classes'], ['a', 'b', 'c']); eq(res['confusion_matrix'].shape, (3, 3))
    eq(res['confusion_matrix'].sum(1).tolist(), [16, 16, 16])
    np.testing.assert_allclose(res['accuracy'], (preds.argmax(1) == targs).float().mean().item())
    np.testing.assert_allclose(res['f1_macro'], f1_score(targs, preds.argmax(1), average='macro'))
    _, acc, f1 = learn.validate()
    np.testing.assert_allclose([res['accuracy'], res['f1_macro']], [acc, f1], rtol=1e-6)

def test_seed_repeats_weights_and_training():
    def run(seed):
        l = TSLearner(toy(), 'InceptionTime', seed=seed)
        with l.no_bar(), l.no_logging(): l.fit(1, 1e-3)
        return torch.cat([p.detach().flatten() for p in l.model.parameters()])
    a, b, c = run(3), run(3), run(4)
    eq(torch.equal(a, b), True); eq(torch.equal(a, c), False)

def test_model_class_accepted():
    from tsai.models.FCN import FCN
    learn = TSLearner(toy(), FCN, seed=0)
    eq(learn.arch_name, 'FCN'); eq(learn.model(torch.randn(2, 3, 16)).shape, (2, 3))

def test_unknown_arch_lists_close_names():
    with pytest.raises(ValueError, match=r"unknown arch 'ResNt'; close names: \['ResNet'"): TSLearner(toy(), 'ResNt')
    with pytest.raises(TypeError, match="arch must be a model name or a model class"): get_arch(3)
    for name in ['LSTM', 'FCN', 'ResNet', 'InceptionTime', 'XceptionTime', 'XCM', 'LSTM-FCN']: assert name in list_models()

@pytest.mark.parametrize('seed', [-1, 1.5, 'a'])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative integer"): TSLearner(toy(), 'FCN', seed=seed)

def test_plot_confusion_matrix_counts():
    learn = TSLearner(toy(), 'FCN', seed=0)
    res = learn.evaluate()
    fig = learn.plot_confusion_matrix(res=res)
    texts = [t.get_text() for t in fig.axes[0].texts]
    eq(sorted(int(t) for t in texts), sorted(res['confusion_matrix'].ravel().tolist()))

def test_ecg5000_class_weights_and_oversampling_touch_only_training(shared_data):
    from fasttsc.data import get_ucr_dls, load_ucr
    from fasttsc.learner import train_class_counts
    plain = get_ucr_dls('ECG5000', bs=32, data_dir=shared_data)
    eq(train_class_counts(plain).tolist(), [292, 177, 10, 19, 2])  # vocab order '1'..'5'
    w = TSLearner(plain, 'FCN', class_weights='balanced').class_weights
    np.testing.assert_allclose(w.numpy(), 500 / (5 * np.array([292, 177, 10, 19, 2])), rtol=1e-6)
    X_te = load_ucr('ECG5000', data_dir=shared_data)[2]
    for method in ('random', 'smote'):
        d = get_ucr_dls('ECG5000', bs=32, data_dir=shared_data, oversample=method)
        eq(train_class_counts(d).tolist(), [292] * 5)
        eq(d.oversampling['before'], {'1': 292, '2': 177, '3': 10, '4': 19, '5': 2})
        eq(len(d.valid_ds), 4500)
        xv = np.stack([np.asarray(d.valid_ds[i][0]) for i in (0, 1234, 4499)])
        np.testing.assert_array_equal(xv, X_te[[0, 1234, 4499]].astype(np.float32))
        # the training statistics are the real training split's, not the oversampled one's
        np.testing.assert_allclose(d.after_batch[0].mean, plain.after_batch[0].mean)
    import pytest
    with pytest.raises(ValueError, match=r"SMOTE needs at least 2 training series per class; class\(es\) \['b'\] have 1"):
        from fasttsc.data import oversample_split
        oversample_split(np.zeros((4, 1, 3)), np.array(['a', 'a', 'a', 'b']), 'smote')

def test_class_weights_change_the_training():
    d = toy()
    def run(cw):
        l = TSLearner(d, 'FCN', seed=0, class_weights=cw)
        with l.no_bar(), l.no_logging(): l.fit(1, 1e-3)
        return [p.detach().clone() for p in l.model.parameters()]
    a, b, c = run(None), run([1, 1, 1]), run([1, 5, 1])
    assert all(torch.equal(x, y) for x, y in zip(a, b))  # uniform weights = unweighted
    assert not all(torch.equal(x, y) for x, y in zip(a, c))

def test_keepbest_with_early_stopping_and_adaptive_cycle():
    from fastai.callback.tracker import EarlyStoppingCallback
    from fasttsc.learner import KeepBest
    learn = TSLearner(toy(), 'FCN', seed=0)
    with learn.no_bar(), learn.no_logging():
        learn.fit_adaptive_cycle(40, 5e-2, patience=1, cbs=[KeepBest(fname=None, verbose=False), EarlyStoppingCallback(patience=3)])
    vl = learn.history().valid_loss
    assert len(vl) < 40  # stopped early
    eq(learn.best_epoch, int(vl.idxmin()))
    with learn.no_bar(): np.testing.assert_allclose(learn.validate()[0], vl.min(), rtol=1e-5)
    # lr_find afterwards leaves the record of the best epoch alone (KeepBest sits it out)
    with learn.no_bar(): learn.lr_find(show_plot=False)
    eq(learn.best_epoch, int(vl.idxmin()))
