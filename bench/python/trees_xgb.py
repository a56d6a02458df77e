"""Anchor for bench/trees.bench.ts: xgboost `hist` (nthread=2) and scikit-learn HistGradientBoosting on the same
float32 data, as one persistent process that times one thing per request, so that the bench can alternate it with
hepml (this VM's speed swings by up to 2x for seconds at a time).

argv: DIR ROWS TEST_ROWS COLS TREES DEPTH LR. Prints {"ready": true, "xgb": bool} once the data is loaded, then
answers each line read from stdin with one JSON line:
  fit          one xgboost fit (nthread=2)            -> {"s": seconds}
  predict K    best of K predict_proba on the test rows, with the last fitted model -> {"s": seconds}
  auc          the last model's test AUC              -> {"auc": ...}
  cpu          one xgboost fit and (best of 3) predict_proba on one thread (nthread=1), in CPU seconds
               -> {"fit_cpu_s": ..., "predict_cpu_s": ...}
  hgb          one scikit-learn HistGradientBoosting fit -> {"s": seconds, "auc": ...}
Stops at end of input."""
import json, os, resource, sys, time
import numpy as np

d, n, nt, cols, trees, depth, lr = sys.argv[1], *map(int, sys.argv[2:5]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
X = np.fromfile(os.path.join(d, 'x.f32'), dtype=np.float32).reshape(n, cols)
y = np.fromfile(os.path.join(d, 'y.u8'), dtype=np.uint8)
Xt = np.fromfile(os.path.join(d, 'xt.f32'), dtype=np.float32).reshape(nt, cols)
yt = np.fromfile(os.path.join(d, 'yt.u8'), dtype=np.uint8)
from sklearn.metrics import roc_auc_score
try:
    import xgboost as xgb
except ImportError:
    xgb = None


def xgb_model(jobs):
    return xgb.XGBClassifier(n_estimators=trees, max_depth=depth, learning_rate=lr, tree_method='hist', max_bin=255,
                             n_jobs=jobs, reg_lambda=1.0, min_child_weight=1e-3)


model = None
print(json.dumps({'ready': True, 'xgb': xgb is not None}), flush=True)
for line in sys.stdin:
    cmd = line.split()
    if not cmd:
        continue
    if cmd[0] == 'fit':
        t = time.perf_counter()
        model = xgb_model(2).fit(X, y)
        out = {'s': time.perf_counter() - t}
    elif cmd[0] == 'predict':
        best = 1e9
        for _ in range(int(cmd[1])):
            t = time.perf_counter()
            model.predict_proba(Xt)
            best = min(best, time.perf_counter() - t)
        out = {'s': best}
    elif cmd[0] == 'auc':
        out = {'auc': roc_auc_score(yt, model.predict_proba(Xt)[:, 1])}
    elif cmd[0] == 'cpu':
        cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
        c0 = cpu()
        m1 = xgb_model(1).fit(X, y)
        out = {'fit_cpu_s': cpu() - c0}
        bestc = 1e9
        for _ in range(3):
            c1 = cpu()
            m1.predict_proba(Xt)
            bestc = min(bestc, cpu() - c1)
        out['predict_cpu_s'] = bestc
    elif cmd[0] == 'hgb':
        from sklearn.ensemble import HistGradientBoostingClassifier
        t = time.perf_counter()
        m = HistGradientBoostingClassifier(max_iter=trees, max_depth=depth, max_leaf_nodes=None, learning_rate=lr, l2_regularization=1.0,
                                           min_samples_leaf=1, early_stopping=False, random_state=0).fit(X, y)
        out = {'s': time.perf_counter() - t, 'auc': roc_auc_score(yt, m.predict_proba(Xt)[:, 1])}
    else:
        out = {'error': f'unknown command {cmd[0]}'}
    print(json.dumps(out), flush=True)
