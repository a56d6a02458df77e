"""Reference values from scikit-learn / scipy for test/metrics (run by reference.test.ts).

Reads {"cases": [...]} as JSON on stdin, writes {"versions": ..., "results": [...]} on stdout.
Case kinds: binary {y, score, w?}, multi {y, proba (row lists), w?}, ks {a, b}.
"""
import json
import sys

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn import metrics


def interp_fpr(fpr, tpr, eff):
    # the rule documented in lib/metrics/rejection.ts
    for i in range(1, len(tpr)):
        if tpr[i] >= eff:
            dt = tpr[i] - tpr[i - 1]
            if dt <= 0:
                return fpr[i - 1]
            return fpr[i - 1] + (eff - tpr[i - 1]) * (fpr[i] - fpr[i - 1]) / dt
    return float("nan")


def lst(a):
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(a, dtype=float)]


def binary(c):
    y = np.asarray(c["y"], dtype=int)
    s = np.asarray(c["score"], dtype=float)
    w = None if c.get("w") is None else np.asarray(c["w"], dtype=float)
    out = {}
    for drop in (True, False):
        fpr, tpr, thr = metrics.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
        out["roc_drop" if drop else "roc_full"] = {"fpr": lst(fpr), "tpr": lst(tpr), "thresholds": lst(thr[1:])}
        if not drop:
            out["rejection_0.3"] = 1.0 / interp_fpr(fpr, tpr, 0.3)
            out["rejection_0.5"] = 1.0 / interp_fpr(fpr, tpr, 0.5)
    out["auc"] = metrics.roc_auc_score(y, s, sample_weight=w)
    p, r, t = metrics.precision_recall_curve(y, s, sample_weight=w)
    out["pr"] = {"precision": lst(p), "recall": lst(r), "thresholds": lst(t)}
    prob = 1 / (1 + np.exp(-s))
    out["log_loss"] = metrics.log_loss(y, prob, sample_weight=w)
    pred = (s > np.median(s)).astype(int)
    out["accuracy"] = metrics.accuracy_score(y, pred, sample_weight=w)
    out["confusion"] = lst(metrics.confusion_matrix(y, pred, sample_weight=w).ravel())
    return out


def multi(c):
    y = np.asarray(c["y"], dtype=int)
    p = np.asarray(c["proba"], dtype=float)
    w = None if c.get("w") is None else np.asarray(c["w"], dtype=float)
    return {
        "auc_macro": metrics.roc_auc_score(y, p, multi_class="ovr", average="macro", sample_weight=w),
        "auc_weighted": metrics.roc_auc_score(y, p, multi_class="ovr", average="weighted", sample_weight=w),
        "auc_none": lst(metrics.roc_auc_score(y, p, multi_class="ovr", average=None, sample_weight=w)),
        "log_loss": metrics.log_loss(y, p, sample_weight=w),
        "accuracy": metrics.accuracy_score(y, p.argmax(axis=1), sample_weight=w),
        "confusion": lst(metrics.confusion_matrix(y, p.argmax(axis=1), sample_weight=w).ravel()),
    }


def ks(c):
    a = np.asarray(c["a"], dtype=float)
    b = np.asarray(c["b"], dtype=float)
    r = stats.ks_2samp(a, b, method=c.get("method", "auto"))
    en = len(a) * len(b) / (len(a) + len(b))
    return {"statistic": float(r.statistic), "pvalue": float(r.pvalue),
            "kstwobign": float(stats.kstwobign.sf(np.sqrt(en) * r.statistic))}


def main():
    cases = json.load(sys.stdin)["cases"]
    kinds = {"binary": binary, "multi": multi, "ks": ks}
    results = [kinds[c["kind"]](c) for c in cases]
    json.dump({"versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__}, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
