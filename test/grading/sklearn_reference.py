"""Reference scores for test/grading/sklearn.test.ts (scikit-learn + numpy). Reads the JSON the test writes."""
import json, sys
import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve, log_loss, accuracy_score

d = json.load(open(sys.argv[1]))
out = {}
y_all = np.array(d["labels"]); s_all = np.array(d["scores"]); w_all = np.array(d["weights"]); pub = np.array(d["public"], bool)
S_tot = w_all[y_all == 1].sum(); B_tot = w_all[y_all == 0].sum()

def ams(s, b, breg=10.0):
    return np.sqrt(2 * ((s + b + breg) * np.log(1 + s / (b + breg)) - s))

for part, m in (("public", pub), ("private", ~pub)):
    y, s, w = y_all[m], s_all[m], w_all[m].copy()
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    w[y == 1] *= S_tot / w[y == 1].sum()   # Kaggle renormalisation
    w[y == 0] *= B_tot / w[y == 0].sum()
    sel = s >= 0.5
    order = np.argsort(-s, kind="mergesort")
    ss, yy, ww = s[order], y[order], w[order]
    cs, cb = np.cumsum(ww * (yy == 1)), np.cumsum(ww * (yy == 0))
    last = np.r_[np.where(np.diff(ss) != 0)[0], len(ss) - 1]   # last row of each distinct threshold
    out[part] = {
        "roc_auc": roc_auc_score(y, s),
        "rejection": 1 / np.interp(0.3, tpr, fpr),
        "ams": ams(w[sel & (y == 1)].sum(), w[sel & (y == 0)].sum()),
        "ams_max": ams(cs[last], cb[last]).max(),
    }
    yk = np.array(d["mlabels"])[m]; P = np.array(d["mprobs"]).reshape(-1, 6)[m]
    out[part].update({
        "log_loss": log_loss(yk, P, labels=list(range(6))),
        "accuracy": accuracy_score(yk, P.argmax(1)),
        "ovr_auc": roc_auc_score(yk, P, multi_class="ovr", labels=list(range(6))),
    })
print(json.dumps(out))
