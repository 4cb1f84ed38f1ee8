import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from fastcore.test import test_eq as eq

def fasttsc(*args, **kw):
    exe = shutil.which('fasttsc', path=str(Path(sys.executable).parent)) or 'fasttsc'
    return subprocess.run([exe, *args], capture_output=True, text=True, **kw)

def test_help_and_errors(tmp_path):
    r = fasttsc('train', '--help'); eq(r.returncode, 0); assert '--arch' in r.stdout
    r = fasttsc('train', 'NoSuchData', '--out', str(tmp_path), env={**os.environ, 'FASTTSC_CACHE': str(tmp_path/'c'),
                                                                    'FASTTSC_UCR_URL': 'http://127.0.0.1:9/{name}.zip'})
    eq(r.returncode, 2); assert "dataset 'NoSuchData' not found" in r.stderr
    r = fasttsc('train', 'GunPoint', '--arch', 'Incepton', '--epochs', '1', '--out', str(tmp_path))
    eq(r.returncode, 2); assert "close names: ['InceptionTime'" in r.stderr

@pytest.mark.slow
def test_demo_gunpoint_reaches_published_level(tmp_path):
    "The README's `make demo`: InceptionTime, 25 epochs, GunPoint test accuracy >= 0.97 (published 1.000)."
    r = fasttsc('train', 'GunPoint', '--arch', 'InceptionTime', '--epochs', '25', '--out', str(tmp_path))
    eq(r.returncode, 0)
    res = json.loads((tmp_path/'GunPoint_InceptionTime_adaptive_seed0'/'result.json').read_text())
    print(r.stdout[-400:])
    assert res['accuracy'] >= 0.97, res['accuracy']
    assert f"GunPoint test accuracy {res['accuracy']:.3f} (published InceptionTime: 1.000)" in r.stdout
    for f in ['losses.png', 'confusion_matrix.png']: eq((tmp_path/'GunPoint_InceptionTime_adaptive_seed0'/f).read_bytes()[:4], b'\x89PNG')
