"""fastai's and tsai's contracts kept by what fasttsc patches onto their `Learner` (issue 26, bug 6)."""
import subprocess, sys
import numpy as np, pytest, torch
from fastai.learner import Learner
from fastai.callback.schedule import SuggestionMethod
from fasttsc.all import TSLearner, fastai_lr_find, LRFindResult
from fasttsc.test_utils import toy_dls

def _learner(): return TSLearner(toy_dls(), 'FCN', seed=0)

def _weights(learn): return [p.detach().clone() for p in learn.model.parameters()]

@pytest.mark.parametrize('per_group', [list, np.array])
def test_list_start_lr_goes_to_fastais_finder(per_group):
    "fastai takes one LR per parameter group; so does the replacement, by handing the call to fastai's own."
    learn = _learner()
    learn.create_opt(); n_groups = len(learn.opt.param_lists)
    w0 = _weights(learn)
    with learn.no_bar():
        res = learn.lr_find(start_lr=per_group([1e-7] * n_groups), end_lr=per_group([10.] * n_groups), num_it=20,
                            show_plot=False)
    assert not isinstance(res, LRFindResult)
    assert res._fields == ('valley',) and res.valley > 0, res
    assert all(torch.equal(a, b) for a, b in zip(w0, _weights(learn)))   # fastai restores the weights too
    assert len(learn.recorder.lrs) > 5   # fastai's range test ran (it leaves its record on the recorder)

def test_suggest_funcs_none_returns_none():
    "fastai: `suggest_funcs=None` plots (or not) and returns None."
    learn = _learner()
    with learn.no_bar(): assert learn.lr_find(num_it=20, show_plot=False, suggest_funcs=None) is None
    assert getattr(learn, 'lr_find_result', None) is None   # nothing of ours was run or left behind

def test_default_and_explicit_suggestions_unchanged():
    learn = _learner()
    with learn.no_bar():
        res = learn.lr_find(num_it=20, show_plot=False)
        res2 = learn.lr_find(num_it=20, show_plot=False, suggest_funcs=(SuggestionMethod.Valley, SuggestionMethod.Steep))
    assert isinstance(res, LRFindResult) and isinstance(res2, LRFindResult)
    valley, = res
    assert valley == res.lr > 0
    assert list(res2.suggestions) == ['valley', 'steep'], res2.suggestions

@pytest.mark.parametrize('kwargs, msg', [
    (dict(start_lr=[1e-7, 1e-7], multi_epoch=True), "start_lr=[1e-07, 1e-07]"),
    (dict(suggest_funcs=None, wd_grid=[0, 1e-2]), "suggest_funcs=None"),
    (dict(suggest_funcs='valley'), "suggest_funcs must be 'default', None or suggestion functions, got 'valley'"),
])
def test_fastais_call_with_our_options_refused(kwargs, msg):
    learn = _learner()
    with pytest.raises(ValueError, match=msg.replace('[', r'\[').replace(']', r'\]')):
        learn.lr_find(show_plot=False, **kwargs)

_ORDER = """
import sys
for m in sys.argv[1:]:
    __import__(m)
    if m == 'fasttsc.compat': sys.modules[m].import_torchvision()
from fastai.learner import Learner
print(Learner.plot_confusion_matrix.__module__)
"""

# tsai first: after `fasttsc.compat` only, without which this stack's torchvision does not import (see 00a_compat)
@pytest.mark.parametrize('order', [('fasttsc.all', 'tsai.all'), ('fasttsc.compat', 'tsai.all', 'fasttsc.all'),
                                   ('fasttsc.learner', 'tsai.analysis')])
def test_plot_confusion_matrix_independent_of_import_order(order):
    "tsai patches a `plot_confusion_matrix` of its own onto Learner: ours stays, whichever is imported first."
    out = subprocess.run([sys.executable, '-c', _ORDER, *order], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == 'fasttsc.learner', (order, out.stdout)

def test_plot_confusion_matrix_takes_tsais_arguments():
    "Code written for tsai's `plot_confusion_matrix(ds_idx=, dl=, title=, cmap=, figsize=)` runs on ours."
    import matplotlib; matplotlib.use('Agg')
    learn = _learner()
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(1, 1e-3)
    fig = learn.plot_confusion_matrix(ds_idx=1, title='Confusion matrix', cmap='Greens', figsize=(5, 5))
    assert fig.axes[0].get_title().splitlines() == ['Confusion matrix', 'valid split, n=64']
    np.testing.assert_allclose(fig.get_size_inches(), (5, 5))
    fig = learn.plot_confusion_matrix(dl=learn.dls.valid)
    assert 'given split, n=64' in fig.axes[0].get_title()
    res = learn.evaluate(0)   # an index into learn.dls, as tsai's ds_idx
    assert res['split'] == 'train' and res['n'] == 64 // 16 * 16
    with pytest.raises(ValueError, match="split=5: these loaders hold 2 DataLoaders"): learn.evaluate(5)
