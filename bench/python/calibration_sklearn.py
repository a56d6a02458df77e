"""Independent scikit-learn cross-check of the synthetic stand-ins' difficulty (issue 11, CALIBRATION.md).

Usage: /usr/bin/python3 bench/python/calibration_sklearn.py DATASET FILE.npz
  FILE.npz is written by `node bin/hepml.js data synth DATASET --events N --seed S --out FILE.npz`.
Prints one JSON object of figures, computed exactly as the real reference figures were:
  higgsml           HistGradientBoosting(200) AUC on the EventId even/odd split, all 30 features, -999 kept
  ww                lep_n == 2, mcWeight > 0; eleven features; 75/25 random split; HGB(200) and MLP(64, 64)
  top-constituents  MLP(64, 64) on the raw leading-30 (E, px, py, pz)/100; Fisher LDA on 40x40 images
  ship-hnl          StandardScaler + MLP(25, 20, 15) on the four features, balanced training sample
  jet-images-gamma  HGB on 10x10-pooled five-channel images vs the best single summary variable
Needs Debian's /usr/bin/python3 (sklearn 1.2, numpy).
"""
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split


def col(z, name):
    return z['columns/' + name]


def rejection(y, s, eff):
    fpr, tpr, _ = roc_curve(y, s)
    i = np.searchsorted(tpr, eff)
    f = fpr[min(i, len(fpr) - 1)]
    return float(1 / f) if f > 0 else float('inf')


def higgsml(z):
    names = [n[8:] for n in z.files if n.startswith('columns/') and (n[8:].startswith('DER_') or n[8:].startswith('PRI_'))]
    X = np.stack([col(z, n).astype(np.float64) for n in names], 1)
    y = z['labels'].astype(int)
    w = col(z, 'Weight').astype(np.float64)
    ev = col(z, 'EventId').astype(int)
    tr, te = ev % 2 == 0, ev % 2 == 1
    m = HistGradientBoostingClassifier(max_iter=200, random_state=0).fit(X[tr], y[tr])
    s = m.predict_proba(X[te])[:, 1]
    # AMS on the test half, weights scaled to the 250k set, b_reg = 10, best over thresholds.
    wt = w[te] * 250000 / te.sum()
    order = np.argsort(-s)
    ss = np.cumsum(np.where(y[te][order] == 1, wt[order], 0))
    bb = np.cumsum(np.where(y[te][order] == 0, wt[order], 0))
    ams = np.sqrt(2 * ((ss + bb + 10) * np.log(1 + ss / (bb + 10)) - ss))
    return {'hgb_auc': float(roc_auc_score(y[te], s)), 'best_ams': float(ams.max()), 'n_train': int(tr.sum())}


WW_FEATURES = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'jet_n', 'jet_pt_0', 'jet_pt_1']


def ww(z):
    keep = (col(z, 'lep_n') == 2) & (col(z, 'mcWeight') > 0)
    X = np.stack([col(z, n)[keep] for n in WW_FEATURES], 1)
    y = z['labels'][keep].astype(int)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
    hgb = HistGradientBoostingClassifier(max_iter=200, random_state=0).fit(Xtr, ytr)
    sc = StandardScaler().fit(Xtr)
    mlp = MLPClassifier((64, 64), max_iter=200, early_stopping=True, random_state=0).fit(sc.transform(Xtr), ytr)
    # Largest |corr_sig - corr_bkg| among the feature pairs (notebook 01's lesson).
    best, pair = 0, ''
    cs, cb = np.corrcoef(X[y == 1].T), np.corrcoef(X[y == 0].T)
    for i in range(len(WW_FEATURES)):
        for j in range(i + 1, len(WW_FEATURES)):
            d = abs(cs[i, j] - cb[i, j])
            if d > best:
                best, pair = d, WW_FEATURES[i] + ' / ' + WW_FEATURES[j]
    dphi = np.abs(np.angle(np.exp(1j * (X[:, 6] - X[:, 7]))))
    return {'hgb_auc': float(roc_auc_score(yte, hgb.predict_proba(Xte)[:, 1])),
            'mlp_auc': float(roc_auc_score(yte, mlp.predict_proba(sc.transform(Xte))[:, 1])),
            'kept': int(keep.sum()), 'signal_share': float(y.mean()), 'max_corr_pair': pair, 'max_corr_diff': float(best),
            'dphi_median_sig': float(np.median(dphi[y == 1])), 'dphi_median_bkg': float(np.median(dphi[y == 0]))}


def top(z):
    y = z['labels'].astype(int)
    if 'tensors/constituents' not in z.files:
        return images(z['tensors/images'], y)
    c = z['tensors/constituents']
    X = c[:, :30, :].reshape(len(y), -1) / 100.0
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    mlp = MLPClassifier((128, 64), max_iter=60, early_stopping=True, random_state=0).fit(Xtr, ytr)
    s = mlp.predict_proba(Xte)[:, 1]
    # Jet mass and multiplicity.
    p = c.sum(1)
    m = np.sqrt(np.maximum(p[:, 0] ** 2 - p[:, 1] ** 2 - p[:, 2] ** 2 - p[:, 3] ** 2, 0))
    n = (c[:, :, 0] > 0).sum(1)
    out = {'dnn_auc': float(roc_auc_score(yte, s)), 'dnn_r30': rejection(yte, s, 0.3),
           'mass_top_q': [float(v) for v in np.percentile(m[y == 1], [10, 25, 50, 75, 90])],
           'mass_qcd_q': [float(v) for v in np.percentile(m[y == 0], [10, 25, 50, 75, 90])],
           'mass_top_w_window': float(((m[y == 1] > 60) & (m[y == 1] < 100)).mean()),
           'nconst_top': float(n[y == 1].mean()), 'nconst_qcd': float(n[y == 0].mean())}
    return out


def images(img, y):
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    X = img.reshape(len(y), -1)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    lda = LinearDiscriminantAnalysis(solver='lsqr', shrinkage=1e-3).fit(Xtr, ytr)
    s = lda.decision_function(Xte)
    return {'lda_auc': float(roc_auc_score(yte, s)), 'lda_r30': rejection(yte, s, 0.3)}


def ship(z):
    names = ['Mother Total Momentum (GeV/c)', 'Opening Angle (rad)', 'Impact Parameter (cm)', 'DOCA (cm)']
    X = np.stack([col(z, n) for n in names], 1)
    y = z['labels'].astype(int)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    # Balanced training sample.
    rng = np.random.default_rng(0)
    i1, i0 = np.where(ytr == 1)[0], np.where(ytr == 0)[0]
    k = min(len(i1), len(i0))
    idx = np.concatenate([rng.choice(i1, k, replace=False), rng.choice(i0, k, replace=False)])
    sc = StandardScaler().fit(Xtr[idx])
    mlp = MLPClassifier((25, 20, 15), max_iter=500, random_state=0).fit(sc.transform(Xtr[idx]), ytr[idx])
    s = mlp.predict_proba(sc.transform(Xte))[:, 1]
    above = float((s[yte == 1] > s[yte == 0].max()).mean())
    thr = np.quantile(s[yte == 1], 0.01)
    return {'mlp_auc': float(roc_auc_score(yte, s)), 'signal_above_max_bkg': above,
            'bkg_eff_at_99': float((s[yte == 0] >= thr).mean())}


def gamma(z):
    img = z['tensors/images'].astype(np.float32)  # [N, 5, 40, 40]
    y = z['labels'].astype(int)
    n = len(y)
    tot = img[:, 0].sum((1, 2))
    phot = img[:, 1].sum((1, 2)) / np.maximum(tot, 1e-9)
    P = img.shape[-1]
    g = (np.arange(P) + 0.5) / P * 0.8 - 0.4
    xx, yy = np.meshgrid(g, g)
    r = np.sqrt(xx ** 2 + yy ** 2)
    width = (img[:, 0] * r).sum((1, 2)) / np.maximum(tot, 1e-9)
    a_w = roc_auc_score(y, -width)
    a_p = roc_auc_score(y, phot)
    pooled = img.reshape(n, 5, 10, 4, 10, 4).sum((3, 5)).reshape(n, -1)
    Xtr, Xte, ytr, yte = train_test_split(pooled, y, test_size=0.3, random_state=0)
    hgb = HistGradientBoostingClassifier(max_iter=200, random_state=0).fit(Xtr, ytr)
    return {'auc_width': float(max(a_w, 1 - a_w)), 'auc_photon_fraction': float(max(a_p, 1 - a_p)),
            'hgb_pooled_auc': float(roc_auc_score(yte, hgb.predict_proba(Xte)[:, 1]))}


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    ds, path = sys.argv[1], sys.argv[2]
    z = np.load(path)
    fn = {'higgsml': higgsml, 'ww': ww, 'top-constituents': top, 'top-images': top, 'ship-hnl': ship, 'jet-images-gamma': gamma}.get(ds)
    if fn is None:
        print(f'calibration_sklearn: unknown dataset {ds}', file=sys.stderr)
        sys.exit(2)
    print(json.dumps(fn(z)))


if __name__ == '__main__':
    main()
