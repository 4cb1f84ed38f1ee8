"The benchmark scripts' own logic: the early-finish rules read off a stored trajectory agree with AdaptiveCycle's."
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'benchmarks'))
from oneliner_vs_recipe import early_finish

def test_early_finish_matches_adaptive_cycle():
    # 02_schedules' scripted run: improving for two epochs, then flat; patience 2 reduces after epochs 3, 5, 7, 9
    h = {'valid_loss': [1., .9] + [.95] * 8}
    red = [dict(epoch=e, new_peak=1e-2 * .5 ** (i + 1)) for i, e in enumerate([3, 5, 7, 9])]
    assert early_finish(h, red, 1e-2, stop_after=1) == 5    # AdaptiveCycle(stop_after=1) ends after epoch 5 (tested there)
    assert early_finish(h, red, 1e-2, stop_after=3) == 9
    assert early_finish(h, red, 1e-2, floor=.3) == 5        # the second new peak, 2.5e-3, is below 0.3 x 1e-2
    assert early_finish(h, red, 1e-2) == 9                  # no rule: the last epoch
    h2 = {'valid_loss': [1., .9, .95, .95, .8, .95, .95, .95, .95, .95]}   # an improvement after the first reduction resets the count
    assert early_finish(h2, red, 1e-2, stop_after=1) == 7
