import json, os, signal, subprocess, sys, time, warnings
from pathlib import Path
import pytest
import yaml
from fastcore.test import test_eq as eq, test_fail as fails
from fasttsc.models.core import PAPER_MODELS
from fasttsc.benchmark import CONFIG_DEFAULTS, CONFIGS, benchmark, check_config, load_config, load_results, run_id

ROOT = Path(__file__).resolve().parents[1]
# FCN on GunPoint: about two seconds a run; three scenarios x three seeds
KILL_GRID = dict(datasets=['GunPoint'], archs=['FCN'], scenarios=['static', 'finder_static', 'one_cycle'], seeds=[0, 1, 2],
                 n_epoch=2, finder=dict(num_it=30, max_batches=60))
TINY = dict(datasets=['GunPoint'], archs=['FCN', 'XCM'], scenarios=['adaptive', 'one_cycle', 'static'], seeds=[0, 1],
            n_epoch=2, finder=dict(num_it=30, max_batches=60))
SAME = ['run_id', 'status', 'accuracy', 'f1_macro', 'lr', 'wd', 'final_lr', 'conv_epochs', 'params', 'n_reductions', 'bs']

def test_ready_configs_are_their_yaml_files():
    for name in CONFIGS:
        f = ROOT/'fasttsc'/'configs'/f'{name}.yaml'
        eq(load_config(name), {**CONFIG_DEFAULTS, **yaml.safe_load(f.read_text())}); eq(load_config(f), load_config(name))
    eq(load_config('paper')['archs'], PAPER_MODELS)
    eq(load_config('cpu-small')['bs'], {'ElectricDevices': 128, 'PenDigits': 128, 'default': None})
    eq(load_config('cpu-small')['finder'], {'num_it': 50, 'max_batches': 100})

def test_the_wheel_ships_the_ready_configs(tmp_path):
    subprocess.run([sys.executable, 'setup.py', '-q', 'bdist_wheel', '-d', str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True)
    import zipfile
    names = zipfile.ZipFile(next(tmp_path.glob('*.whl'))).namelist()
    eq(sorted(n for n in names if n.startswith('fasttsc/configs/')), ['fasttsc/configs/cpu-small.yaml', 'fasttsc/configs/paper.yaml'])

def test_paper_config_skips_the_three_missing_datasets(shared_data):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        cfg, skipped = check_config(load_config('paper'), data_dir=shared_data)
    eq(skipped, ['StarLightCurves', 'EthanolConcentration', 'SelfRegulationSCP1'])
    assert any('skipping dataset(s) not available offline: StarLightCurves, EthanolConcentration, SelfRegulationSCP1' in str(x.message) for x in w)
    eq(len(cfg['archs']) * len(cfg['scenarios']) * len(cfg['seeds']), 11 * 4 * 5)

def test_bad_configs_are_refused_before_any_run(tmp_path):
    bad = dict(datasets=['GunPoint', 'NoSuchData'], archs=['FCN', 'NoSuchNet'], scenarios=['adaptive', 'warmup'], seeds=['0', -1, True], n_epoch=2)
    with pytest.raises(ValueError) as e: benchmark(config=bad, out=tmp_path/'o')
    for part in ["unknown dataset 'NoSuchData'", "unknown arch 'NoSuchNet'", "unknown scenario(s) ['warmup']",
                 "seeds must be non-negative integers, got ['0', -1, True]"]:
        assert part in str(e.value), part
    assert not (tmp_path/'o').exists()
    fails(lambda: benchmark(config={**TINY, 'n_epoch': {'GunPoint': 0}}, out=tmp_path/'o'), contains='n_epoch must be a positive integer')
    fails(lambda: benchmark(config=TINY, out=tmp_path/'o', engine='spark'), contains="engine must be 'local' or 'ray', got 'spark'")
    fails(lambda: load_config(tmp_path/'missing.yaml'), contains="is neither a file nor a ready config")
    (tmp_path/'c.toml').write_text('x = 1'); fails(lambda: load_config(tmp_path/'c.toml'), contains="use .yaml, .yml or .json")

def test_ray_missing_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, 'ray', None)   # makes `import ray` raise ImportError
    fails(lambda: benchmark(config=TINY, out=tmp_path/'o', engine='ray'), contains="pip install 'ray[tune]'")
    assert not (tmp_path/'o').exists()

def test_other_config_in_the_same_folder_is_refused(tmp_path):
    one = dict(TINY, archs=['XCM'], scenarios=['static'], seeds=[0], n_epoch=1)
    eq(len(benchmark(config=one, out=tmp_path, show_progress=False)), 1)
    with pytest.raises(ValueError) as e: benchmark(config={**one, 'seeds': [0, 1]}, out=tmp_path)
    assert "holds results of a different benchmark config (differs in ['seeds'])" in str(e.value)
    assert "To resume, run the config saved in" in str(e.value)

def test_a_failing_run_is_recorded_and_the_grid_goes_on(tmp_path, monkeypatch):
    import fasttsc.arms as B   # where every run starts (`start_run`)
    real = B.TSLearner
    def flaky(dls, arch, **kw):
        if arch == 'FCN': raise RuntimeError("simulated crash")
        return real(dls, arch, **kw)
    monkeypatch.setattr(B, 'TSLearner', flaky)
    res = benchmark(config=dict(TINY, scenarios=['static'], seeds=[0], n_epoch=1), out=tmp_path, show_progress=False).set_index('arch')
    eq(res.loc['FCN', 'status'], 'error'); eq(res.loc['FCN', 'error'], 'RuntimeError: simulated crash')
    eq(res.loc['XCM', 'status'], 'ok')
    assert 'simulated crash' in json.loads((tmp_path/'histories'/f"{run_id('GunPoint', 'FCN', 'static', 0)}.json").read_text())['traceback']

def _rows(out): return {p.stem: p.read_text() for p in (out/'runs').glob('*.json')}

def test_sigkill_mid_grid_then_restart_finds_every_run_once(tmp_path):
    "Kill the benchmark process with SIGKILL after some runs, restart it: every planned run is there exactly once, the earlier rows untouched."
    cfg, out = tmp_path/'grid.json', tmp_path/'out'
    cfg.write_text(json.dumps(KILL_GRID))
    cmd = [sys.executable, '-c', "import sys; from fasttsc.cli import main; sys.exit(main(sys.argv[1:]))",
           'bench', str(cfg), '--out', str(out), '--no-progress']
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    t0 = time.time()
    while len(_rows(out) if (out/'runs').exists() else {}) < 3:
        assert p.poll() is None, "the benchmark ended before it was killed"
        assert time.time() - t0 < 300, "no 3 rows within 300 s"
        time.sleep(0.2)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    before = _rows(out)
    assert 3 <= len(before) < 9, len(before)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    eq(r.returncode, 0)
    after = _rows(out)
    planned = sorted(run_id('GunPoint', 'FCN', sc, s) for sc in KILL_GRID['scenarios'] for s in KILL_GRID['seeds'])
    eq(sorted(after), planned)
    eq({k: after[k] for k in before}, before)          # finished runs were not run again
    res = load_results(out)
    eq(sorted(res.run_id), planned); eq(set(res.status), {'ok'})
    import pandas as pd
    eq(sorted(pd.read_csv(out/'results.csv').run_id), planned)
    assert (out/'report.md').exists() and f"{len(planned)} runs in {out}" in r.stdout

@pytest.mark.slow
def test_ray_engine_gives_the_same_rows_as_in_process(tmp_path):
    "A tiny grid on a local Ray with 2 workers: the same rows as in this process."
    local = benchmark(config=TINY, out=tmp_path/'local', show_progress=False)
    ray = benchmark(config=TINY, out=tmp_path/'ray', engine='ray', workers=2, show_progress=False)
    eq(len(local), 12)
    import pandas as pd
    pd.testing.assert_frame_equal(ray[SAME], local[SAME], check_exact=True)   # exact: same floats, NaN where NaN (a run that never converged)
    eq(len({h for h in ray.host}), 1)

def test_a_dead_workers_row_without_seconds_is_printed(tmp_path, capsys):
    "The Ray engine's error rows for a dead worker have no time: the one-line-per-run log must not crash on them."
    from fasttsc.benchmark import _saver
    on_rows = _saver(tmp_path, 1, True)   # pytest's stdout is not a terminal: one line per run
    rid = 'GunPoint__FCN__static__seed0'
    row = dict(run_id=rid, dataset='GunPoint', arch='FCN', scenario='static', seed=0, status='error',
               error='RayActorError: the worker died', seconds=None, history=f'histories/{rid}.json', finished='now')
    on_rows([(row, dict(traceback='died'))])
    assert f"[1/1] {rid}: error" in capsys.readouterr().out
