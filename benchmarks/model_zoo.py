"""The model zoo at a glance (issue: model zoo): the paper's 11 models and the related reports' 6.

Per model: trainable parameters on ECG5000's shape (1 x 140, 5 classes) and NATOPS's (24 x 51, 6 classes), seconds
per epoch on ECG5000 (500 training + 4500 validation series; the second epoch of a 2-epoch fit, BENCH_THREADS torch
threads, default 1), and test accuracy / macro F1 on RacketSports after 25 epochs of one-cycle at the multi-epoch LR
finder's suggestion (seed 0). Resumable: each finished measurement is appended at once to
benchmarks/results/model_zoo.csv; --report only prints the table.
Run: FASTTSC_DATA=../shared/data .venv/bin/python benchmarks/model_zoo.py [--models A B ...] [--report]
"""
import argparse, os, time, warnings
from pathlib import Path
import pandas as pd, torch
warnings.filterwarnings('ignore')
from fasttsc.data import get_ucr_dls, load_ucr, auto_bs
from fasttsc.learner import TSLearner
from fasttsc.models.core import list_models, get_model, count_params, count_flops
from fasttsc.runlog import RunLog

RES = Path(__file__).parent/'results'
OUT = RES/'model_zoo.csv'
COLS = ['model', 'what', 'value', 'extra']
EPOCHS = 25

LOG = RunLog(OUT, ['model', 'what'], COLS)
append = LOG.add

def main(models):
    have = LOG
    for m in models:  # sizes: cheap
        for ds, (c_in, L, k) in {'ECG5000': (1, 140, 5), 'NATOPS': (24, 51, 6)}.items():
            if (m, f'params_{ds}') in have: continue
            net = get_model(m, c_in, k, L)
            append(dict(model=m, what=f'params_{ds}', value=count_params(net), extra=count_flops(net, c_in, L)))
    dls = get_ucr_dls('RacketSports', bs=auto_bs(len(load_ucr('RacketSports')[0])))
    for m in models:
        if (m, 'racketsports_acc') in have: continue
        finder = TSLearner(dls, m, seed=0)
        with finder.no_bar(): lr = finder.lr_find(multi_epoch=True, show_plot=False).lr
        learn = TSLearner(dls, m, seed=0)
        t = time.time()
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(EPOCHS, lr)
        ev = learn.evaluate()
        append(dict(model=m, what='racketsports_acc', value=round(ev['accuracy'], 4), extra=f"f1={ev['f1_macro']:.4f};lr={lr:.2e};secs={time.time()-t:.0f}"))
        print(m, 'RacketSports', f"acc {ev['accuracy']:.3f} lr {lr:.1e} {time.time()-t:.0f}s", flush=True)
    dls = get_ucr_dls('ECG5000', bs=auto_bs(len(load_ucr('ECG5000')[0])))
    for m in models:
        if (m, 'ecg5000_sec_per_epoch') in have: continue
        learn = TSLearner(dls, m, seed=0)
        with learn.no_bar(), learn.no_logging(): learn.fit(2, 1e-3)
        t = learn.epoch_times
        append(dict(model=m, what='ecg5000_sec_per_epoch', value=round(t[1] - t[0], 2), extra=f'first={t[0]:.2f}'))
        print(m, 'ECG5000', f"{t[1]-t[0]:.1f} s/epoch", flush=True)
    report()

def report():
    df = LOG.load()
    wide = df.pivot_table(index='model', columns='what', values='value', aggfunc='last')
    order = [m for m in list_models('paper') + list_models('reports') if m in wide.index]
    wide = wide.reindex(order)
    tab = pd.DataFrame({'params ECG5000': wide.get('params_ECG5000'), 'params NATOPS': wide.get('params_NATOPS'),
                        's/epoch ECG5000': wide.get('ecg5000_sec_per_epoch'), 'RacketSports acc (25 ep one-cycle)': wide.get('racketsports_acc')})
    tab.insert(0, 'group', ['paper' if m in list_models('paper') else 'reports' for m in tab.index])
    text = tab.to_string(float_format=lambda v: f'{v:.3f}' if v < 1 else f'{v:,.0f}' if v >= 1000 else f'{v:.1f}')
    threads = os.environ.get('BENCH_THREADS', '1')
    text += f"\n(s/epoch: second epoch of fit(2) on 500 train + 4500 validation series, {threads} torch thread(s) on this CPU)"
    print(text); (RES/'model_zoo_report.txt').write_text(text + '\n')
    return tab

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--models', nargs='*', default=None)
    p.add_argument('--report', action='store_true')
    a = p.parse_args()
    if a.report: report()
    else:
        torch.set_num_threads(int(os.environ.get('BENCH_THREADS', '1')))
        main(a.models or list_models('paper') + list_models('reports'))
