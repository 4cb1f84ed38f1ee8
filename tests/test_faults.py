"No silent wrong results: each fault a hostile but realistic user found gets a test (state, input, NaN runs, numbers)."
import json, warnings
from pathlib import Path
import numpy as np, pytest, torch
from fastai.callback.core import Callback
from fasttsc.core import NonFiniteLoss
from fasttsc.data import arrays_to_dls, load_ucr, check_split
from fasttsc.readers import read_ts, read_tsv, read_arff
from fasttsc.learner import TSLearner, KeepBest
from fasttsc.schedules import AdaptiveCycle
from fasttsc.benchmark import load_config
from fasttsc.cli import main
from fasttsc import test_utils


def toy_dls(): return test_utils.toy_dls(n=48, seq_len=16, bs=8)

def quiet_fit(learn, *args, **kwargs): test_utils.quiet_fit(learn, 'fit_one_cycle', *args, **kwargs)

# --- state that survives validate(), get_preds() and Ctrl-C

def test_validate_after_fit_keeps_history_and_best(tmp_path):
    learn = TSLearner(toy_dls(), 'FCN', seed=0, path=tmp_path, cbs=KeepBest(verbose=False))
    quiet_fit(learn, 3, 1e-3)
    h, best = learn.history(), (learn.best_epoch, learn.best_value)
    saved = (tmp_path/'models'/'best.pth').stat().st_mtime_ns
    for _ in range(2): learn.validate()
    learn.get_preds()
    assert learn.history().equals(h) and len(h) == 3
    assert learn.convergence()['best'] == pytest.approx(h.valid_loss.min())
    assert (learn.best_epoch, learn.best_value) == best                  # not the accuracy taken for a loss
    assert best[1] == pytest.approx(h.valid_loss.min())
    assert (tmp_path/'models'/'best.pth').stat().st_mtime_ns == saved    # not rewritten by validate()

def test_keepbest_is_savemodelcallback_with_opt(tmp_path):
    "KeepBest is fastai's SaveModelCallback: `with_opt=True` writes the optimizer state beside the best weights."
    from fastai.callback.tracker import SaveModelCallback
    keep = KeepBest(fname='best_opt', with_opt=True, verbose=False)
    assert isinstance(keep, SaveModelCallback)
    learn = TSLearner(toy_dls(), 'FCN', seed=0, path=tmp_path, cbs=keep)
    quiet_fit(learn, 2, 1e-3)
    saved = torch.load(tmp_path/'models'/'best_opt.pth', weights_only=False)
    assert set(saved) == {'model', 'opt'} and learn.best_epoch is not None

class Interrupt(Callback):
    "Press Ctrl-C at the `at`-th training batch of a range test (or of a fit, with `in_finder=False`)."
    def __init__(self, at=5, in_finder=True): self.at, self.in_finder, self.n = at, in_finder, 0
    def after_batch(self):
        if not self.training or hasattr(self.learn, 'lr_finder') != self.in_finder: return
        self.n += 1
        if self.n == self.at: raise KeyboardInterrupt

def test_ctrl_c_in_lr_find_leaves_callbacks_on(tmp_path):
    keep = KeepBest(fname=None, verbose=False)
    learn = TSLearner(toy_dls(), 'FCN', seed=0, path=tmp_path, cbs=[keep, Interrupt()])
    w0 = [p.detach().clone() for p in learn.model.parameters()]
    with pytest.raises(KeyboardInterrupt), learn.no_bar(): learn.lr_find(multi_epoch=True, show_plot=False)
    assert all(torch.equal(a, b) for a, b in zip(w0, learn.model.parameters()))   # weights restored
    assert all(cb.run for cb in learn.cbs)                                         # nothing left switched off
    quiet_fit(learn, 2, 1e-3)
    assert learn.best_epoch is not None and len(learn.history()) == 2              # KeepBest and the record ran

def test_ctrl_c_in_fit_keeps_finished_epochs():
    learn = TSLearner(toy_dls(), 'FCN', seed=0, cbs=Interrupt(at=6 * 2 + 3, in_finder=False))   # 6 batches/epoch
    with pytest.raises(KeyboardInterrupt): quiet_fit(learn, 5, 1e-3)
    assert len(learn.history()) == 2
    learn.remove_cbs([c for c in learn.cbs if isinstance(c, Interrupt)])
    quiet_fit(learn, 1, 1e-3)
    assert len(learn.history()) == 1

# --- NaN runs are failures

def test_nan_loss_stops_the_fit_and_names_epoch_and_lr():
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    with pytest.raises(NonFiniteLoss, match=r"at epoch 1, batch \d+ \(LR 1e\+06\)"), learn.no_bar(), learn.no_logging():
        learn.fit(3, 1e6)
    learn.model.load_state_dict(TSLearner(toy_dls(), 'FCN', seed=0).model.state_dict())   # the weights are NaN: start again
    quiet_fit(learn, 1, 1e-3, reset_opt=True)   # the learner is usable again (Adam's moments were NaN too)
    assert np.isfinite(learn.history().valid_loss).all()

def test_bad_schedule_arguments_are_refused_before_training():
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    for kw, msg in ((dict(div=0), "div must be a number > 0, got 0"), (dict(div_final=-1.), "div_final must be a number > 0"),
                    (dict(pct_start=1.5), "pct_start must be a number <= 1"), (dict(min_lr=-1e-3), "min_lr must be a number >= 0")):
        with pytest.raises(ValueError, match=msg): learn.fit_adaptive_cycle(2, 1e-3, **kw)
    with pytest.raises(ValueError, match="restart_div must be a finite number, got inf"): AdaptiveCycle(1e-3, restart_div=float('inf'))

def test_cli_nan_run_exits_nonzero_and_writes_no_weights(tmp_path):
    out = tmp_path/'runs'
    assert main(['train', 'GunPoint', '--arch', 'FCN', '--epochs', '2', '--lr', '1e6', '--scenario', 'static', '--out', str(out), '--no-progress']) == 1
    assert not list(out.rglob('*.pth')) and not list(out.rglob('*.pkl'))
    assert main(['train', 'GunPoint', '--lr', 'inf', '--out', str(out)]) == 2
    assert main(['train', 'GunPoint', '--lr', 'nan', '--out', str(out)]) == 2

# --- damaged input is refused, naming the file and the line or series

def write(tmp_path, name, text):
    p = tmp_path/name; p.write_text(text); return p

TSV = "1\t0.1\t0.2\t0.3\n2\t0.4\t0.5\t0.6\n1\t0.7\t0.8\t0.9\n"

@pytest.mark.parametrize('text, msg', [
    (TSV + "2\t0.1\t0.2\n", r"line 4 has 3 fields, the other rows 4 .*truncated"),     # a truncated last line
    (TSV + "2\n", r"line 4 has 1 fields"),                                               # a label-only row
    (TSV + "nan\t0.1\t0.2\t0.3\n", r"line 4: missing class label 'nan'"),
    (TSV + "\t0.1\t0.2\t0.3\n", r"line 4: missing class label ''"),
    (TSV + "2\tNaN\tNaN\tNaN\n", r"line 4: the series has no values"),
    (TSV + "2\t0.1\tabc\t0.3\n", r"line 4, value 2: 'abc' is not a number"),
])
def test_damaged_tsv(tmp_path, text, msg):
    p = write(tmp_path, 'X_TRAIN.tsv', text)
    with pytest.raises(ValueError, match=f"X_TRAIN.tsv: {msg}"): read_tsv(p)

def test_intact_tsv_with_nan_padding_still_reads(tmp_path):
    samples, y = read_tsv(write(tmp_path, 'X_TRAIN.tsv', TSV + "2\t0.1\tNaN\tNaN\n"))   # the archive pads shorter series with NaN
    assert [len(s[0]) for s in samples] == [3, 3, 3, 1] and list(y) == ['1', '2', '1', '2']

TS_HEAD = "@problemName X\n@timeStamps false\n@univariate true\n@classLabel true 1 2\n@data\n"

def test_ts_label_outside_the_header_list(tmp_path):
    p = write(tmp_path, 'X_TRAIN.ts', TS_HEAD + "0.1,0.2,0.3:1\n0.4,0.5,0.6:3\n")
    with pytest.raises(ValueError, match=r"X_TRAIN.ts: line 7 \(series 1\): label '3' is not in the header's @classLabel list \['1', '2'\]"):
        read_ts(p)

def test_arff_row_of_the_wrong_length(tmp_path):
    head = "@relation X\n@attribute a numeric\n@attribute b numeric\n@attribute c numeric\n@attribute target {1,2}\n@data\n"
    p = write(tmp_path, 'X_TRAIN.arff', head + "0.1,0.2,0.3,1\n0.4,0.5,0.6,2\n0.7,0.8,1\n")
    with pytest.raises(ValueError, match=r"X_TRAIN.arff: line 9 has 3 fields, the other rows 4"): read_arff(p)

def test_values_beyond_float32_and_nan_labels_are_refused():
    X = np.random.randn(6, 1, 5)
    X[3, 0, 2] = 1e300
    with pytest.raises(ValueError, match=r"train: 1 values beyond float32's range \(first in series 3"): check_split(X, list('ababab'))
    y = np.array([0., 1., np.nan, 1., 0., 1.])
    with pytest.raises(ValueError, match=r"train: 1 missing labels \(None/NaN; first at series 2\)"):
        arrays_to_dls(np.random.randn(6, 1, 5), y, np.random.randn(6, 1, 5), y)

def test_missing_data_dir_is_an_error_not_a_fallback(offline):
    with pytest.raises(FileNotFoundError, match="data_dir '/no/such/dir' is not a folder"): load_ucr('GunPoint', data_dir='/no/such/dir')

def test_model_output_width_must_match_the_classes():
    class FiveOutputs(torch.nn.Module):
        def __init__(self, c_in, c_out, seq_len=None): super().__init__(); self.fc = torch.nn.Linear(c_in, 5)
        def forward(self, x): return self.fc(x.mean(-1))
    with pytest.raises(ValueError, match=r"outputs of shape \(5,\) per series, but the data has 2 classes \['neg', 'pos'\]"):
        TSLearner(toy_dls(), FiveOutputs)

# --- numbers are numbers

def test_numpy_numbers_are_accepted():
    learn = TSLearner(toy_dls(), 'FCN', seed=np.int64(0))
    with learn.no_bar(), learn.no_logging():
        res = learn.lr_find(start_lr=np.float32(1e-6), end_lr=np.float64(1.), num_it=np.int64(10), wd_grid=np.array([0., 1e-3]), show_plot=False)
        assert res.lr is not None
        learn.fit_adaptive_cycle(np.int64(2), np.float32(1e-3), factor=np.float64(.5), patience=np.int32(1), div=np.float32(10))
    assert len(learn.history()) == 2

def test_scalar_wd_grid_and_fit_rounds_before_any_fit():
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    with pytest.raises(ValueError, match=r"wd_grid must be a list of numbers, e.g. \[0, 1e-4, 1e-3\], got 0.01"): learn.lr_find(wd_grid=1e-2)
    with learn.no_bar(), learn.no_logging(): hist = learn.fit_rounds(1, 1, lr=1e-3)   # a never-fitted learner
    assert len(hist) == 1

def test_malformed_config_and_out_that_is_a_file(tmp_path, capsys):
    bad = write(tmp_path, 'bad.yaml', "datasets: [GunPoint\narchs: FCN]\n")
    with pytest.raises(ValueError, match="bad.yaml' is not valid YAML"): load_config(bad)
    assert main(['bench', str(bad), '--out', str(tmp_path/'b')]) == 2
    assert "is not valid YAML" in capsys.readouterr().err
    f = write(tmp_path, 'a_file', '')
    assert main(['train', 'GunPoint', '--out', str(f)]) == 2
    assert "out must be a folder" in capsys.readouterr().err
    good = write(tmp_path, 'good.yaml', "datasets: [GunPoint]\narchs: [FCN]\nscenarios: [static]\nseeds: [0]\nn_epoch: 1\n")
    assert main(['bench', str(good), '--out', str(f)]) == 2
    assert "out must be a folder" in capsys.readouterr().err

# --- round three: warnings users see, labels that stay what they were, interrupts, concurrency, clear errors

import os, shutil, subprocess, sys, textwrap
import pandas as pd
from fasttsc.data import split_valid, train_stats

def _script(code, cwd=None):
    "Run `code` in a fresh Python (fasttsc.all imported first, as a user would): its stderr."
    r = subprocess.run([sys.executable, '-c', 'from fasttsc.all import *\n' + textwrap.dedent(code)], capture_output=True,
                       text=True, cwd=cwd, env={**os.environ, 'PYTHONWARNINGS': ''})
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stderr

def _tsv(path, X, y):
    pd.concat([pd.Series(y), pd.DataFrame(X[:, 0])], axis=1).to_csv(path, sep='\t', header=False, index=False,
                                                                    na_rep='NaN')

def _exported(tmp_path, seq_len=16, y=None):
    "An exported toy learner (2 channels -> 1 here), trained on series of `seq_len`."
    X = np.random.default_rng(0).normal(size=(40, 1, seq_len)).astype(np.float32)
    y = np.array(['a', 'b'] * 20) if y is None else y
    learn = TSLearner(arrays_to_dls(X[:30], y[:30], X[30:], y[30:], bs=8), 'FCN', seed=0)
    test_utils.quiet_fit(learn, 'fit', 1, 1e-3)
    learn.export(tmp_path/'m.pkl')
    return learn

def test_padding_warnings_reach_a_plain_script(tmp_path):
    "tsai switches UserWarnings off when imported; fasttsc's own still reach the user (a fresh process each)."
    X = np.random.default_rng(0).normal(size=(6, 1, 12))
    X[:3, :, 9:] = np.nan   # three shorter series, as the archive's .tsv files pad them
    for s in ('TRAIN', 'TEST'): _tsv(tmp_path/f'Var_{s}.tsv', X, ['a', 'b'] * 3)
    err = _script(f"load_ucr('Var', data_dir={str(tmp_path)!r})")
    assert 'FasttscWarning: Var: series of unequal length' in err, err
    ts = "@problemName T\n@timeStamps false\n@univariate true\n@classLabel true a b\n@data\n" \
         "1,2,3,4,?:a\n1,2,3,4,5:b\n2,3,4,5,6:a\n"
    for s in ('TRAIN', 'TEST'): (tmp_path/f'T_{s}.ts').write_text(ts)
    err = _script(f"load_ucr('T', data_dir={str(tmp_path)!r})")   # a trailing '?' is trimmed, then padded
    assert 'series of unequal length (train 4-5' in err, err
    _exported(tmp_path)
    err = _script(f"load_learner({str(tmp_path/'m.pkl')!r}).predict_series(np.zeros((2, 1, 10)))")
    assert 'FasttscWarning: X: series of length 10 padded at the end with 0' in err, err
    np.save(tmp_path/'short.npy', np.zeros((3, 1, 10)))
    exe = shutil.which('fasttsc', path=str(Path(sys.executable).parent)) or 'fasttsc'
    r = subprocess.run([exe, 'predict', str(tmp_path/'m.pkl'), str(tmp_path/'short.npy'), '--out', str(tmp_path/'p.csv')],
                       capture_output=True, text=True)
    assert 'padded at the end with 0' in r.stderr, r.stderr[-1000:]

def test_a_user_can_still_silence_fasttsc_warnings():
    err = _script("""
        import warnings
        warnings.filterwarnings('ignore', category=FasttscWarning)
        from fasttsc.core import warn
        warn('hidden')""")
    assert 'hidden' not in err

@pytest.mark.parametrize('y', [np.arange(40) % 2 == 0, np.arange(40) % 2, (np.arange(40) % 2) + .5])
def test_labels_come_back_as_the_type_they_went_in(tmp_path, y):
    "bool, int and float labels: predict_series gives the same type, so `labels == y` means what it says."
    learn = _exported(tmp_path, y=y)
    X = learn.dls.valid.dataset.tls[0].items if False else np.random.default_rng(0).normal(size=(40, 1, 16))
    _, labels = load_learner_quiet(tmp_path/'m.pkl').predict_series(X.astype(np.float32))
    assert labels.dtype.kind == np.asarray(y).dtype.kind, (labels.dtype, np.asarray(y).dtype)
    assert set(labels.tolist()) <= set(np.asarray(y).tolist())
    assert (labels == y).mean() > 0.2   # compared as values, not as 'True'/'False' strings

def load_learner_quiet(p):
    from fasttsc.inference import load_learner
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return load_learner(p)

def test_labels_that_are_not_labels_are_refused(tmp_path):
    X = np.zeros((6, 1, 5), dtype=np.float32)
    with pytest.raises(ValueError, match="differ only by spaces"): arrays_to_dls(X, ['1 ', '1', '2'] * 2, X, ['1'] * 6)
    with pytest.raises(ValueError, match="missing labels \\(None/NaN/'nan'"): arrays_to_dls(X, ['a', 'nan', 'b'] * 2, X, ['a'] * 6)
    with pytest.raises(ValueError, match="one-hot"): arrays_to_dls(X, np.eye(2)[[0, 1, 0, 1, 0, 1]], X, ['a'] * 6)
    with pytest.raises(ValueError, match="train: y is None"): arrays_to_dls(X, None, X, ['a'] * 6)
    with pytest.raises(ValueError, match="series of different shapes"):
        arrays_to_dls([np.zeros((1, 5)), np.zeros((1, 7))], ['a', 'b'], X, ['a'] * 6)
    (tmp_path/"h.tsv").write_text("label\t0\t1\t2\t3\t4\n1\t.5\t1\t2\t3\t4\n2\t3\t4\t5\t6\t7\n")
    with pytest.raises(ValueError, match="looks like a header row"): read_tsv(tmp_path/'h.tsv')

def test_cli_predict_names_labels_the_model_does_not_know(tmp_path, capsys):
    _exported(tmp_path)
    _tsv(tmp_path/'other.tsv', np.zeros((4, 1, 16)), ['x', 'y', 'a', 'x'])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        assert main(['predict', str(tmp_path/'m.pkl'), str(tmp_path/'other.tsv'), '--out', str(tmp_path/'p.csv')]) == 0
    out = capsys.readouterr().out
    assert "the file's labels ['x', 'y'] are not classes of the model (['a', 'b']): no accuracy reported" in out
    assert 'accuracy' not in out.replace('no accuracy', '')
    assert main(['predict', str(tmp_path/'m.pkl'), str(tmp_path)]) == 2
    assert 'is a folder: give the file of new series' in capsys.readouterr().err

class CtrlC(Callback):
    "Ctrl-C at training batch `at` of a fit."
    order = 90
    def __init__(self, at): self.at = at
    def after_batch(self):
        if self.training and self.train_iter == self.at: raise KeyboardInterrupt

def test_ctrl_c_with_keepbest_restores_the_best_weights(capsys):
    "Interrupted in epoch 5: the weights are the best epoch's, and learn.best_epoch says which."
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    keep = KeepBest(fname=None)
    with pytest.raises(KeyboardInterrupt), learn.no_bar(), learn.no_logging():
        learn.fit_adaptive_cycle(8, 1e-2, cbs=[keep, CtrlC(4 * len(learn.dls.train) + 2)])
    assert learn.best_epoch == keep.kept_epoch is not None and learn.best_epoch <= 3
    assert all(torch.equal(a, b) for a, b in zip(learn.model.state_dict().values(), keep.state.values()))
    assert f"KeepBest: interrupted; restored the weights of epoch {keep.kept_epoch}" in capsys.readouterr().out

def test_ctrl_c_in_a_plain_fastai_fit_leaves_no_claim():
    "fastai's own fit skips after_fit on Ctrl-C: the weights are the last batch's, and nothing says otherwise."
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    with pytest.raises(KeyboardInterrupt), learn.no_bar(), learn.no_logging():
        learn.fit(4, 1e-3, cbs=[KeepBest(fname=None, verbose=False), CtrlC(2 * len(learn.dls.train) + 1)])
    assert learn.best_epoch is None

def test_resume_with_another_n_epoch_or_past_the_end_is_refused(tmp_path):
    learn = TSLearner(toy_dls(), 'FCN', seed=0, path=tmp_path)
    test_utils.quiet_fit(learn, 'fit_adaptive_cycle', 6, 1e-2)
    with pytest.raises(ValueError, match="the saved AdaptiveCycle state is of a 6-epoch fit: resume it with n_epoch=6"):
        test_utils.quiet_fit(learn, 'fit_adaptive_cycle', 8, 1e-2, start_epoch=2)
    with pytest.raises(ValueError, match="start_epoch \\(6\\) must be below n_epoch \\(6\\)"):
        learn.fit_adaptive_cycle(6, 1e-2, start_epoch=6)
    with pytest.raises(ValueError, match="start_epoch \\(9\\) must be below n_epoch \\(4\\)"):
        learn.fit_step_decay(4, 1e-2, start_epoch=9)

def test_lr_find_refuses_too_few_points_and_reports_a_diverging_grid():
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    with pytest.raises(ValueError, match="num_it must be >= 10 with multi_epoch=True"):
        learn.lr_find(multi_epoch=True, num_it=3)
    with warnings.catch_warnings(record=True) as w, learn.no_bar():
        warnings.simplefilter('always')
        res = learn.lr_find(multi_epoch=True, wd_grid=[1e6], num_it=10, show_plot=False)
    assert res.failed and res.note   # no suggestion, and the note says why
    assert any(res.note in str(x.message) for x in w)
    with pytest.raises(ValueError, match="fit_adaptive_cycle|no suggestion"): learn.fit_adaptive_cycle(2, res)

def test_standardization_is_scale_free_and_centres_constant_variables():
    X = np.random.default_rng(0).normal(size=(20, 2, 8))
    for scale in (1, 1e-12):
        dls = arrays_to_dls(X[:10] * scale, ['a', 'b'] * 5, X[10:] * scale, ['a', 'b'] * 5, bs=5)
        xb, _ = dls.valid.new(shuffle=False, bs=10).one_batch()
        if scale == 1: ref = xb.clone()
        else: assert torch.allclose(xb, ref, atol=1e-4)
    Xc = X.copy()
    Xc[:10, 1] = 3.
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        dls = arrays_to_dls(Xc[:10], ['a', 'b'] * 5, Xc[10:], ['a', 'b'] * 5, bs=5)
    assert any('variable(s) [1] are constant in the training split' in str(x.message) for x in w)
    xb, _ = dls.valid.new(shuffle=False, bs=10).one_batch()
    assert float(xb[:, 1].abs().max()) < 10   # centred, not divided by ~0 (which gave ~4e6)

def test_fit_rounds_refuses_a_negative_lr():
    learn = TSLearner(toy_dls(), 'FCN', seed=0)
    with pytest.raises(ValueError, match="lr must be positive and finite, got -1.0"): learn.fit_rounds(1, 2, lr=-1.0)

def _append_rows(path, start, n):
    from fasttsc.runlog import RunLog
    log = RunLog(path, key=['i'], cols=['i', 'v'])
    for i in range(start, start + n): log.add(dict(i=i, v='x' * 200), hist=dict(h=list(range(50))))

def test_two_processes_appending_to_one_runlog_lose_nothing(tmp_path):
    import multiprocessing as mp
    ctx = mp.get_context('spawn')
    ps = [ctx.Process(target=_append_rows, args=(tmp_path/'r.csv', s, 150)) for s in (0, 150)]
    for p in ps: p.start()
    for p in ps: p.join()
    from fasttsc.runlog import RunLog
    log = RunLog(tmp_path/'r.csv', key=['i'])
    assert sorted(int(r['i']) for r in log.rows()) == list(range(300))
    assert len(log.histories()) == 300

def test_a_second_benchmark_into_one_folder_is_refused(tmp_path):
    from fasttsc.benchmark import benchmark
    from fasttsc.runlog import locked
    out = tmp_path/'bench'
    out.mkdir()
    with locked(out/'.lock'):   # another `fasttsc bench` holds the folder
        with pytest.raises(ValueError, match=f"another benchmark is writing into {out} \\(pid {os.getpid()}\\)"):
            benchmark(datasets=['GunPoint'], archs=['FCN'], scenarios=['static'], n_epoch=1, out=out,
                      show_progress=False)

def test_unclear_errors_now_name_the_argument(tmp_path, monkeypatch, capsys):
    dls = toy_dls()
    learn = TSLearner(dls, 'FCN', seed=0)
    with pytest.raises(ValueError, match="unknown monitor 'bogus'"), learn.no_bar(), learn.no_logging():
        learn.fit(1, 1e-3, cbs=KeepBest(monitor='bogus'))
    with pytest.raises(ValueError, match="unknown monitor 'bogus'"): learn.fit_rounds(1, 1, lr=1e-3, monitor='bogus')
    from fasttsc.models.core import get_arch
    with pytest.raises(TypeError, match="got a model instance of FCN"): TSLearner(dls, get_arch('FCN')(2, 2))
    with pytest.raises(ValueError, match="FCN cannot be built with the settings \\{'layers': 'abc'\\}"):
        TSLearner(dls, 'FCN', arch_config={'layers': 'abc'})
    X = np.random.default_rng(0).normal(size=(3, 2, 20)).astype(np.float32)
    with learn.no_bar(): label, idx, probs = learn.predict(X[0])   # fastai's predict on one raw series
    assert label in ('neg', 'pos') and probs.shape == (2,)
    with warnings.catch_warnings(record=True) as w:   # sklearn's message named neither valid nor the class
        warnings.simplefilter('always')
        _, y_tr, _, y_va = split_valid(np.zeros((5, 1, 4)), np.array(['a'] * 4 + ['b']), 0.5)
    assert "valid=0.5: class(es) ['b'] have a single training series, kept in training" in str(w[0].message)
    assert sorted(y_tr.tolist()) == ['a', 'a', 'b'] and y_va.tolist() == ['a', 'a']
    def denied(self, *a, **k): raise PermissionError(13, 'Permission denied', str(self))
    monkeypatch.setattr(Path, 'mkdir', denied)
    assert main(['train', 'GunPoint', '--arch', 'FCN', '--epochs', '1', '--out', str(tmp_path/'ro')]) == 2
    assert f"cannot write {tmp_path/'ro'}" in capsys.readouterr().err

class LRs(Callback):
    "The training LR of every batch."
    def before_fit(self): self.lrs = []
    def after_batch(self):
        if self.training: self.lrs.append(self.opt.hypers[-1]['lr'])

def test_ctrl_c_in_adaptive_cycle_leaves_a_resumable_state(tmp_path, recwarn):
    "Interrupted in epoch 5 of 8: the last finished epoch's schedule state is saved with the optimizer; resumed, the LRs go on."
    from fasttsc.schedules import _STATE_KEY
    learn, lrs = TSLearner(toy_dls(), 'FCN', seed=0, path=tmp_path), LRs()
    n = len(learn.dls.train)
    with pytest.raises(KeyboardInterrupt), learn.no_bar(), learn.no_logging():
        learn.fit_adaptive_cycle(8, 1e-2, cbs=[lrs, CtrlC(4 * n + 2)])
    state = learn.opt.hypers[-1][_STATE_KEY]
    assert state['n_epoch'] == 8 and len(lrs.lrs) == 4 * n + 2
    learn.save('ck', with_opt=True)
    learn2 = TSLearner(toy_dls(), 'FCN', seed=0, path=tmp_path)
    learn2.load('ck', with_opt=True)
    test_utils.quiet_fit(learn2, 'fit_adaptive_cycle', 8, 1e-2, start_epoch=4)
    assert not [w for w in recwarn if 'no saved schedule state' in str(w.message)]
    np.testing.assert_allclose(learn2.recorder.hps["lr"][:2], lrs.lrs[4 * n:], rtol=1e-12)
    assert _STATE_KEY not in learn2.opt.hypers[-1] or learn2.opt.hypers[-1][_STATE_KEY]['n_epoch'] == 8
