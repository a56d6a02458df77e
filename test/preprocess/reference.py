"""sklearn reference for test/preprocess: reads {"x": rows, "quantile": [lo, hi]} on stdin, writes JSON."""
import json
import sys

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.preprocessing import RobustScaler, StandardScaler

inp = json.load(sys.stdin)
x = np.asarray(inp["x"], dtype=np.float32)
out = {"sklearn": sklearn.__version__}
ss = StandardScaler().fit(x)
out["standard"] = {"mean": ss.mean_.tolist(), "scale": ss.scale_.tolist(), "t": ss.transform(x).astype(float).ravel().tolist()}
rs = RobustScaler(quantile_range=tuple(inp["quantile"])).fit(x)
out["robust"] = {"center": rs.center_.tolist(), "scale": rs.scale_.tolist()}
for name, kw in {"pca_all": {}, "pca3_whiten": {"n_components": 3, "whiten": True}, "pca_frac": {"n_components": 0.8}}.items():
    p = PCA(svd_solver="full", **kw).fit(x.astype(np.float64))
    out[name] = {
        "components": p.components_.ravel().tolist(), "k": int(p.n_components_),
        "ev": p.explained_variance_.tolist(), "evr": p.explained_variance_ratio_.tolist(),
        "sv": p.singular_values_.tolist(), "t": p.transform(x.astype(np.float64)).ravel().tolist(),
    }
json.dump(out, sys.stdout)
