"Every parameter of a public reference entry has a description (the docs' parameter tables; no site build needed)."
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'tools'))
import build_docs

def test_every_public_parameter_is_described():
    assert build_docs.undocumented() == []

def test_an_undescribed_parameter_is_found(tmp_path, monkeypatch):
    "The check can fail: a function without docments is reported, parameter by parameter."
    def f(a, b:int=1): "A function."
    assert [r[3] for r in build_docs._params(f)] == ['', '']
    def g(a, # the first
          b:int=1, # the second
         ): "A function."
    assert [r[3] for r in build_docs._params(g)] == ['the first', 'the second']

def test_hooks_and_foreign_constructors_have_no_entry_rows():
    import torch.nn as nn
    assert build_docs._defined("class M(nn.Module):\n    def forward(self, x): return x\n    def extra(self): pass") == [('M', None), ('extra', 'M')]
    from fasttsc.data import TSDataLoader
    from fasttsc.core import NonFiniteLoss
    from fasttsc.lr_find import LRFindResult
    assert build_docs._rows(TSDataLoader) == [] and build_docs._rows(NonFiniteLoss) == []
    assert {r[0]: r[3] for r in build_docs._rows(LRFindResult)}['wd'].startswith('the weight decay chosen')

def test_outputs_are_scrubbed_of_paths_temp_dirs_and_addresses():
    out = build_docs._scrub(f"saved in {build_docs.ROOT}/runs and /tmp/tmpwmo3b5at/bench/config.json: <Learner at 0x7f12ab34cd50>")
    assert out == "saved in runs and bench/config.json: <Learner>", out
