"Both branches of the torchvision workaround, with stand-in torchvision packages in a subprocess."
import subprocess, sys, textwrap
from fastcore.test import test_eq as eq

def run_with(tmp_path, tv_source):
    pkg = tmp_path/'torchvision'; pkg.mkdir()
    (pkg/'__init__.py').write_text(textwrap.dedent(tv_source))
    code = ("import sys; sys.path.insert(0, %r)\n"
            "import fasttsc.compat as c\n"
            "tv = c.import_torchvision()\n"
            "print(tv.__name__, tv.KIND, c.torchvision_patched())") % str(tmp_path)
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    return r

def test_working_torchvision_left_alone(tmp_path):
    r = run_with(tmp_path, "KIND = 'working'\n")
    eq(r.returncode, 0); eq(r.stdout.split(), ['torchvision', 'working', 'False'])

def test_broken_torchvision_gets_schemas(tmp_path):
    # what the CUDA wheel does against CPU torch: register a fake kernel for an op whose schema never loaded
    r = run_with(tmp_path, """
        import torch
        KIND = 'broken'
        torch.library.register_fake('torchvision::nms')(lambda dets, scores, iou_threshold: dets)
        """)
    eq(r.returncode, 0); eq(r.stdout.split(), ['torchvision', 'broken', 'True'])

def test_other_errors_propagate(tmp_path):
    r = run_with(tmp_path, "raise RuntimeError('something else entirely')\n")
    eq(r.returncode != 0, True); eq('something else entirely' in r.stderr, True)

def test_real_torchvision_matches_its_ops():
    code = ("import fasttsc.compat as c; tv = c.import_torchvision()\n"
            "print(tv is not None, c.torchvision_patched(), tv is not None and tv.extension._has_ops())")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    eq(r.returncode, 0)
    installed, patched, has_ops = r.stdout.split()
    if installed == 'True': eq(patched == 'True', has_ops == 'False')  # patched exactly when the compiled ops are missing

def test_tsai_all_after_fasttsc():
    # the order the docs give: fasttsc first registers what torchvision needs, then `from tsai.all import *` works
    r = subprocess.run([sys.executable, '-c', "from fasttsc.all import *\nfrom tsai.all import *\nprint(TSClassifier.__name__)"],
                       capture_output=True, text=True)
    eq(r.returncode, 0); eq(r.stdout.split()[-1], 'TSClassifier')
