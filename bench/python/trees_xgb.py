"""Anchor for bench/trees.bench.ts: xgboost `hist` (nthread=2; fit and predict_proba on the test rows) and scikit-learn HistGradientBoosting on the
same float32 data. argv: DIR ROWS TEST_ROWS COLS TREES DEPTH LR REPEATS [cpu|''] [PREDICT_REPEATS] (predict_proba: best of
PREDICT_REPEATS, default REPEATS, on the last fitted model). With `cpu`, also one xgboost fit and
(best of 3) predict_proba on one thread (nthread=1) timed in CPU seconds. Prints one JSON line."""
import json, os, resource, sys, time
import numpy as np

d, n, nt, cols, trees, depth, lr, reps = sys.argv[1], *map(int, sys.argv[2:5]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
X = np.fromfile(os.path.join(d, 'x.f32'), dtype=np.float32).reshape(n, cols)
y = np.fromfile(os.path.join(d, 'y.u8'), dtype=np.uint8)
Xt = np.fromfile(os.path.join(d, 'xt.f32'), dtype=np.float32).reshape(nt, cols)
yt = np.fromfile(os.path.join(d, 'yt.u8'), dtype=np.uint8)
from sklearn.metrics import roc_auc_score
out = {}
try:
    import xgboost as xgb
    best = 1e9
    for _ in range(reps):
        t = time.perf_counter()
        m = xgb.XGBClassifier(n_estimators=trees, max_depth=depth, learning_rate=lr, tree_method='hist', max_bin=255,
                              n_jobs=2, reg_lambda=1.0, min_child_weight=1e-3).fit(X, y)
        best = min(best, time.perf_counter() - t)
    out['xgb_fit_s'] = best
    out['xgb_auc'] = roc_auc_score(yt, m.predict_proba(Xt)[:, 1])
    bestp = 1e9
    for _ in range(int(sys.argv[10]) if len(sys.argv) > 10 else reps):
        t = time.perf_counter()
        m.predict_proba(Xt)
        bestp = min(bestp, time.perf_counter() - t)
    out['xgb_predict_s'] = bestp
    if len(sys.argv) > 9 and sys.argv[9] == 'cpu':
        cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
        c0 = cpu()
        m1 = xgb.XGBClassifier(n_estimators=trees, max_depth=depth, learning_rate=lr, tree_method='hist', max_bin=255,
                               n_jobs=1, reg_lambda=1.0, min_child_weight=1e-3).fit(X, y)
        out['xgb1_fit_cpu_s'] = cpu() - c0
        bestc = 1e9
        for _ in range(3):
            c1 = cpu()
            m1.predict_proba(Xt)
            bestc = min(bestc, cpu() - c1)
        out['xgb1_predict_cpu_s'] = bestc
except ImportError:
    pass
from sklearn.ensemble import HistGradientBoostingClassifier
t = time.perf_counter()
m = HistGradientBoostingClassifier(max_iter=trees, max_depth=depth, max_leaf_nodes=None, learning_rate=lr, l2_regularization=1.0,
                                   min_samples_leaf=1, early_stopping=False, random_state=0).fit(X, y)
out['hgb_fit_s'] = time.perf_counter() - t
out['hgb_auc'] = roc_auc_score(yt, m.predict_proba(Xt)[:, 1])
print(json.dumps(out))
