;; Histogram kernels of the boosted trees (lib/trees/kernels/index.ts), WebAssembly with SIMD, on a shared
;; memory so that a worker thread can run them on the same data (threads split the features).
;;
;; Layout: `bins` row-major uint8 (bins[r * cols + f]); `gh` per row one (g, h) pair of float32; `hist`
;; per feature 256 bins of one (sum g, sum h) pair of float64: hist + ((f << 8) + bin) * 16 bytes, the
;; layout of lib/trees/histogram.ts with S = 2.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Adds rows idx[start..end) (rows start..end when useIdx = 0) to the bins of features [f0, f1).
  (func (export "build")
    (param $bins i32) (param $cols i32) (param $idx i32) (param $start i32) (param $end i32)
    (param $useIdx i32) (param $gh i32) (param $hist i32) (param $f0 i32) (param $f1 i32)
    (local $i i32) (local $r i32) (local $p i32) (local $pe i32) (local $pe2 i32) (local $hb i32)
    (local $a i32) (local $b i32) (local $v v128)
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $r
          (if (result i32) (local.get $useIdx)
            (then (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
            (else (local.get $i))))
        ;; (g, h) of the row as float64x2
        (local.set $v (f64x2.promote_low_f32x4
          (v128.load64_zero (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $p (i32.add (local.get $bins) (i32.mul (local.get $r) (local.get $cols))))
        (local.set $pe (i32.add (local.get $p) (local.get $f1)))
        (local.set $p (i32.add (local.get $p) (local.get $f0)))
        (local.set $hb (i32.add (local.get $hist) (i32.shl (local.get $f0) (i32.const 12))))
        ;; two features per step
        (local.set $pe2 (i32.sub (local.get $pe) (i32.const 1)))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_s (local.get $p) (local.get $pe2)))
            (local.set $a (i32.add (local.get $hb) (i32.shl (i32.load8_u (local.get $p)) (i32.const 4))))
            (local.set $b (i32.add (i32.add (local.get $hb) (i32.const 4096))
              (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $v)))
            (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $v)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (local.set $hb (i32.add (local.get $hb) (i32.const 8192)))
            (br $pairs)))
        (if (i32.lt_u (local.get $p) (local.get $pe))
          (then
            (local.set $a (i32.add (local.get $hb) (i32.shl (i32.load8_u (local.get $p)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $v)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Zeroes n bytes at `at` (a histogram slot's features, before a build).
  (func (export "zero") (param $at i32) (param $n i32)
    (memory.fill (local.get $at) (i32.const 0) (local.get $n)))

  ;; target[k] -= other[k] for k in [0, n) float64 pairs (n = bytes / 16).
  (func (export "subtract") (param $target i32) (param $other i32) (param $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (v128.store (local.get $target)
          (f64x2.sub (v128.load (local.get $target)) (v128.load (local.get $other))))
        (local.set $target (i32.add (local.get $target) (i32.const 16)))
        (local.set $other (i32.add (local.get $other) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))

;; Stable partition of a node's rows that moves their data along (the grower's row layout on the kernels),
  ;; in two kernels: `countLeft` counts the left rows (bin <= `bin`, or the missing bin 255 when `dl` = 1)
  ;; of positions [s, e); `move` sends positions [s, e) of the source to the destination, left rows from
  ;; position `l` on, right rows from `r` on, keeping their order (two threads each take a part of the
  ;; positions, with `l`, `r` from the counts). Per position: the row number (idx, uint32), and unless
  ;; `recs` = 0 the row's bins (a record of `stride` bytes, a multiple of 16) and its (g, h) pair (8 bytes).
  ;; `gather` = 1 (the root): position i's record and gradients are those of row srcIdx[i] in the row-major
  ;; bins (`cols` bytes a row) and per-row gradients; else they sit at position i of the source buffers.
  ;; The rows of every node then lie contiguously, in ascending row order, for the histogram kernel.
  (func (export "countLeft")
    (param $srcRec i32) (param $srcIdx i32) (param $gather i32) (param $cols i32) (param $stride i32)
    (param $s i32) (param $e i32) (param $f i32) (param $bin i32) (param $dl i32) (result i32)
    (local $i i32) (local $rec i32) (local $b i32) (local $nl i32)
    (local.set $i (local.get $s))
    (block $cdone
      (loop $count
        (br_if $cdone (i32.ge_u (local.get $i) (local.get $e)))
        (local.set $rec (if (result i32) (local.get $gather)
          (then (i32.add (local.get $srcRec) (i32.mul (i32.load (i32.add (local.get $srcIdx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $cols))))
          (else (i32.add (local.get $srcRec) (i32.mul (local.get $i) (local.get $stride))))))
        (local.set $b (i32.load8_u (i32.add (local.get $rec) (local.get $f))))
        (local.set $nl (i32.add (local.get $nl) (i32.or (i32.le_u (local.get $b) (local.get $bin))
          (i32.and (i32.eq (local.get $b) (i32.const 255)) (local.get $dl)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
    (local.get $nl))

  (func (export "move")
    (param $srcRec i32) (param $srcGh i32) (param $srcIdx i32) (param $gather i32) (param $cols i32)
    (param $dstRec i32) (param $dstGh i32) (param $dstIdx i32) (param $stride i32)
    (param $s i32) (param $e i32) (param $f i32) (param $bin i32) (param $dl i32) (param $recs i32) (param $l i32) (param $r i32)
    (local $i i32) (local $row i32) (local $rec i32) (local $b i32) (local $go i32)
    (local $pos i32) (local $gh i32) (local $k i32)
    (local.set $i (local.get $s))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $e)))
        (local.set $row (i32.load (i32.add (local.get $srcIdx) (i32.shl (local.get $i) (i32.const 2)))))
        (if (local.get $gather)
          (then
            (local.set $rec (i32.add (local.get $srcRec) (i32.mul (local.get $row) (local.get $cols))))
            (local.set $gh (i32.add (local.get $srcGh) (i32.shl (local.get $row) (i32.const 3)))))
          (else
            (local.set $rec (i32.add (local.get $srcRec) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $gh (i32.add (local.get $srcGh) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $b (i32.load8_u (i32.add (local.get $rec) (local.get $f))))
        (local.set $go (i32.or (i32.le_u (local.get $b) (local.get $bin))
          (i32.and (i32.eq (local.get $b) (i32.const 255)) (local.get $dl))))
        (local.set $pos (select (local.get $l) (local.get $r) (local.get $go)))
        (local.set $l (i32.add (local.get $l) (local.get $go)))
        (local.set $r (i32.add (local.get $r) (i32.xor (local.get $go) (i32.const 1))))
        (i32.store (i32.add (local.get $dstIdx) (i32.shl (local.get $pos) (i32.const 2))) (local.get $row))
        (if (local.get $recs)
          (then
            (i64.store (i32.add (local.get $dstGh) (i32.shl (local.get $pos) (i32.const 3))) (i64.load (local.get $gh)))
            (local.set $k (i32.const 0))
            (local.set $pos (i32.add (local.get $dstRec) (i32.mul (local.get $pos) (local.get $stride))))
            (loop $copy
              (v128.store (i32.add (local.get $pos) (local.get $k)) (v128.load (i32.add (local.get $rec) (local.get $k))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br_if $copy (i32.lt_u (local.get $k) (local.get $stride))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

;; The in-sample update of boosting (lib/trees/grower.ts): items [i0, i1) of a list of 64-byte records at
  ;; `items`, each a node's rows at positions [s, e) of a buffer (int32 at 0: the records' base, 4: their
  ;; stride (bytes a position, or bytes a row when gather = 1), 8: the row numbers (uint32 by position),
  ;; 12: s, 16: e, 20: the feature (-1: a leaf), 24: the bin, 28: gather | dl << 1; float64 at 32: vL, 40: vR).
  ;; A leaf adds vL to out[row] (float64) of each of its rows; a terminal split (a node whose children are
  ;; leaves, never partitioned) adds vL to its left rows (bin <= `bin`, or the missing bin 255 when dl) and
  ;; vR to the others, and writes the number of left rows as int32 at 48. One addition per row, so the
  ;; result does not depend on how the items are shared between threads.
  (func (export "inSample") (param $items i32) (param $i0 i32) (param $i1 i32) (param $out i32)
    (local $it i32) (local $base i32) (local $stride i32) (local $idx i32) (local $i i32) (local $e i32)
    (local $f i32) (local $bin i32) (local $gather i32) (local $dl i32) (local $vl f64) (local $vr f64)
    (local $row i32) (local $b i32) (local $go i32) (local $nl i32) (local $o i32)
    (local.set $it (i32.add (local.get $items) (i32.shl (local.get $i0) (i32.const 6))))
    (local.set $i1 (i32.add (local.get $items) (i32.shl (local.get $i1) (i32.const 6))))
    (block $itemsDone
      (loop $itemsLoop
        (br_if $itemsDone (i32.ge_u (local.get $it) (local.get $i1)))
        (local.set $base (i32.load (local.get $it)))
        (local.set $stride (i32.load offset=4 (local.get $it)))
        (local.set $idx (i32.load offset=8 (local.get $it)))
        (local.set $i (i32.load offset=12 (local.get $it)))
        (local.set $e (i32.load offset=16 (local.get $it)))
        (local.set $f (i32.load offset=20 (local.get $it)))
        (local.set $bin (i32.load offset=24 (local.get $it)))
        (local.set $gather (i32.and (i32.load offset=28 (local.get $it)) (i32.const 1)))
        (local.set $dl (i32.shr_u (i32.load offset=28 (local.get $it)) (i32.const 1)))
        (local.set $vl (f64.load offset=32 (local.get $it)))
        (local.set $vr (f64.load offset=40 (local.get $it)))
        (if (i32.lt_s (local.get $f) (i32.const 0))
          (then
            (block $leafDone
              (loop $leaf
                (br_if $leafDone (i32.ge_u (local.get $i) (local.get $e)))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (local.get $vl)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $leaf))))
          (else
            (local.set $nl (i32.const 0))
            (block $splitDone
              (loop $split
                (br_if $splitDone (i32.ge_u (local.get $i) (local.get $e)))
                (local.set $row (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $b (i32.load8_u (i32.add (i32.add (local.get $base) (local.get $f))
                  (i32.mul (select (local.get $row) (local.get $i) (local.get $gather)) (local.get $stride)))))
                (local.set $go (i32.or (i32.le_u (local.get $b) (local.get $bin))
                  (i32.and (i32.eq (local.get $b) (i32.const 255)) (local.get $dl))))
                (local.set $nl (i32.add (local.get $nl) (local.get $go)))
                (local.set $o (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (select (local.get $vl) (local.get $vr) (local.get $go))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $split)))
            (i32.store offset=48 (local.get $it) (local.get $nl))))
        (local.set $it (i32.add (local.get $it) (i32.const 64)))
        (br $itemsLoop))))

  ;; exp(x), fdlibm's e_exp.c operation for operation (as lib/trees/logistic.ts and V8's Math.exp), with
  ;; exp(1) = Math.E as V8 returns it.
  (func $exp (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $hi f64) (local $lo f64) (local $k i32) (local $t f64) (local $c f64) (local $y f64)
    (local $twopk f64)
    (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 0x1.5bf0a8b145769p+1))))
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then (return (if (result f64) (f64.ne (local.get $x) (local.get $x))
            (then (f64.add (local.get $x) (local.get $x)))
            (else (if (result f64) (local.get $xsb) (then (f64.const 0)) (else (local.get $x))))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (local.get $xsb)
              (then
                (local.set $hi (f64.sub (local.get $x) (f64.const -6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const 1.90821492927058770002e-10))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000)) (then (return (f64.add (f64.const 1) (local.get $x)))))
        (local.set $k (i32.const 0))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $twopk (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u
      (i32.add (i32.const 0x3ff00000) (i32.shl (select (local.get $k) (i32.add (local.get $k) (i32.const 1000))
        (i32.ge_s (local.get $k) (i32.const -1021))) (i32.const 20)))) (i64.const 32))))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
        (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
          (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
            (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (f64.const 1) (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1) (f64.sub (f64.sub (local.get $lo)
      (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c)))) (local.get $hi))))
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024))
          (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
        (return (f64.mul (local.get $y) (local.get $twopk)))))
    (f64.mul (f64.mul (local.get $y) (local.get $twopk)) (f64.const 0x1p-1000)))

  ;; Whether $exp2 applies to both lanes of x: |x| < 704 (hx < 0x40860000: no overflow, underflow or
  ;; k = 1024 case; NaN and infinities excluded) and x != 1 (Math.E's special case).
  (func $exp2ok (param $x v128) (result i32)
    (i64x2.all_true (v128.and
      (i64x2.lt_s (v128.and (i64x2.shr_u (local.get $x) (i32.const 32)) (i64x2.splat (i64.const 0x7fffffff))) (i64x2.splat (i64.const 0x40860000)))
      (f64x2.ne (local.get $x) (f64x2.splat (f64.const 1))))))

  ;; $exp on two lanes in its ordinary range (see $exp2ok), with the same operations lane for lane, so the
  ;; same bits: the range reduction's three cases become selects (|x| <= 0.5·ln2: k = 0, hi = x, lo = 0, where
  ;; $exp's k = 0 formula 1 − (x·c/(c − 2) − x) is the general one's 1 − ((0 − x·c/(2 − c)) − x) bit for bit;
  ;; |x| < 1.5·ln2: k = ±1, where t·ln2hi and t·ln2lo are exact; else k = trunc(x/ln2 ± 0.5)), 2^k is
  ;; normal, and |x| < 2^-28 gives 1 + x.
  (func $exp2 (param $x v128) (result v128)
    (local $hx v128) (local $sign v128) (local $big v128) (local $tk v128) (local $hi v128) (local $lo v128)
    (local $xr v128) (local $t v128) (local $c v128) (local $y v128) (local $twopk v128)
    (local.set $hx (v128.and (i64x2.shr_u (local.get $x) (i32.const 32)) (i64x2.splat (i64.const 0x7fffffff))))
    (local.set $sign (i64x2.shr_s (local.get $x) (i32.const 63)))
    (local.set $big (i64x2.gt_s (local.get $hx) (i64x2.splat (i64.const 0x3fd62e42))))
    (local.set $tk (v128.and (local.get $big)
      (v128.bitselect
        (v128.bitselect (f64x2.splat (f64.const -1)) (f64x2.splat (f64.const 1)) (local.get $sign))
        (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero
          (f64x2.add (f64x2.mul (f64x2.splat (f64.const 1.44269504088896338700e+00)) (local.get $x))
            (v128.bitselect (f64x2.splat (f64.const -0.5)) (f64x2.splat (f64.const 0.5)) (local.get $sign)))))
        (i64x2.lt_s (local.get $hx) (i64x2.splat (i64.const 0x3FF0A2B2))))))
    (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $tk) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
    (local.set $lo (f64x2.mul (local.get $tk) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
    (local.set $xr (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $t (f64x2.mul (local.get $xr) (local.get $xr)))
    (local.set $c (f64x2.sub (local.get $xr) (f64x2.mul (local.get $t)
      (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01)) (f64x2.mul (local.get $t)
        (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03)) (f64x2.mul (local.get $t)
          (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05)) (f64x2.mul (local.get $t)
            (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06)) (f64x2.mul (local.get $t) (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
    (local.set $y (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.sub (f64x2.sub (local.get $lo)
      (f64x2.div (f64x2.mul (local.get $xr) (local.get $c)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c)))) (local.get $hi))))
    (local.set $twopk (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $tk))) (i64x2.splat (i64.const 1023)))
      (i32.const 52)))
    (v128.bitselect
      (f64x2.add (f64x2.splat (f64.const 1)) (local.get $x))
      (f64x2.mul (local.get $y) (local.get $twopk))
      (i64x2.lt_s (local.get $hx) (i64x2.splat (i64.const 0x3e300000)))))

  ;; The logistic loss's per-row gradients for rows [r0, r1) (lib/trees/logistic.ts, operation for
  ;; operation): p = 1 / (1 + exp(−raw)), g = w·(p − y), h = w·max(p·(1 − p), 1e-16), stored as the float32
  ;; (g, h) pairs the histogram kernel reads. raw and w float64, y uint8.
  ;; With `sums` (not 0), the float64 sums of the stored g and h of these rows, in row order, are added to
  ;; the two float64 at `sums` (the root's sums of the grower, as its loop adds them).
  (func (export "logistic") (param $raw i32) (param $y i32) (param $w i32) (param $gh i32) (param $r0 i32) (param $r1 i32) (param $sums i32)
    (local $i i32) (local $p f64) (local $wi f64) (local $o i32) (local $g f32) (local $h f32) (local $sg f64) (local $sh f64)
    (local $x2 v128) (local $p2 v128) (local $w2 v128) (local $y2 v128) (local $gh2 v128)
    (if (local.get $sums) (then
      (local.set $sg (f64.load (local.get $sums)))
      (local.set $sh (f64.load offset=8 (local.get $sums)))))
    (local.set $i (local.get $r0))
    (block $done
      (loop $rows
        ;; Two rows at a time (f64x2) while both arguments lie in exp's ordinary range (see $exp2), else one.
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $r1)))
            (local.set $x2 (f64x2.neg (v128.load (i32.add (local.get $raw) (i32.shl (local.get $i) (i32.const 3))))))
            (br_if $pairs_done (i32.eqz (call $exp2ok (local.get $x2))))
            (local.set $p2 (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (call $exp2 (local.get $x2)))))
            (local.set $w2 (v128.load (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $y2 (f64x2.convert_low_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
              (v128.load16_splat (i32.add (local.get $y) (local.get $i)))))))
            ;; lanes 0, 1: g of rows i, i + 1; lanes 2, 3: their h; stored as (g, h) pairs.
            (local.set $gh2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $w2) (f64x2.sub (local.get $p2) (local.get $y2))))
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $w2)
                (f64x2.max (f64x2.mul (local.get $p2) (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $p2))) (f64x2.splat (f64.const 1e-16)))))))
            (v128.store (i32.add (local.get $gh) (i32.shl (local.get $i) (i32.const 3))) (local.get $gh2))
            (local.set $sg (f64.add (local.get $sg) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $gh2)))))
            (local.set $sh (f64.add (local.get $sh) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $gh2)))))
            (local.set $sg (f64.add (local.get $sg) (f64.promote_f32 (f32x4.extract_lane 2 (local.get $gh2)))))
            (local.set $sh (f64.add (local.get $sh) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $gh2)))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $pairs)))
        (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
        ;; one row on its own (the last one, or the first of a pair outside the ordinary range), then pairs again
        (local.set $p (f64.div (f64.const 1) (f64.add (f64.const 1)
          (call $exp (f64.neg (f64.load (i32.add (local.get $raw) (i32.shl (local.get $i) (i32.const 3)))))))))
        (local.set $wi (f64.load (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $o (i32.add (local.get $gh) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $g (f32.demote_f64 (f64.mul (local.get $wi)
          (f64.sub (local.get $p) (f64.convert_i32_u (i32.load8_u (i32.add (local.get $y) (local.get $i))))))))
        (local.set $h (f32.demote_f64 (f64.mul (local.get $wi)
          (f64.max (f64.mul (local.get $p) (f64.sub (f64.const 1) (local.get $p))) (f64.const 1e-16)))))
        (f32.store (local.get $o) (local.get $g))
        (f32.store offset=4 (local.get $o) (local.get $h))
        (local.set $sg (f64.add (local.get $sg) (f64.promote_f32 (local.get $g))))
        (local.set $sh (f64.add (local.get $sh) (f64.promote_f32 (local.get $h))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (if (local.get $sums) (then
      (f64.store (local.get $sums) (local.get $sg))
      (f64.store offset=8 (local.get $sums) (local.get $sh)))))

  ;; Adds the g and h of rows [r0, r1) of `gh`, in row order, to the two float64 at `sums` (see logistic).
  (func (export "sumGH") (param $gh i32) (param $r0 i32) (param $r1 i32) (param $sums i32)
    (local $i i32) (local $sg f64) (local $sh f64) (local $o i32)
    (local.set $sg (f64.load (local.get $sums)))
    (local.set $sh (f64.load offset=8 (local.get $sums)))
    (local.set $i (local.get $r0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
        (local.set $o (i32.add (local.get $gh) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $sg (f64.add (local.get $sg) (f64.promote_f32 (f32.load (local.get $o)))))
        (local.set $sh (f64.add (local.get $sh) (f64.promote_f32 (f32.load offset=4 (local.get $o)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (f64.store (local.get $sums) (local.get $sg))
    (f64.store offset=8 (local.get $sums) (local.get $sh)))

;; Appends the values of columns [f0, f1) of `n` row-major float32 rows at `raw` (`cols` a row) to the
  ;; columns of `vals` (column f at vals + 4·f·stride, lens[f] values so far, int32), skipping NaN and, when
  ;; hasSentinel, the sentinel: FeatureBinner's gather before the sort (each column's values in row order).
  (func (export "gatherColumns") (param $raw i32) (param $n i32) (param $cols i32) (param $f0 i32) (param $f1 i32)
    (param $vals i32) (param $stride i32) (param $lens i32) (param $hasSentinel i32) (param $sentinel f64)
    (local $f i32) (local $r i32) (local $p i32) (local $col i32) (local $len i32) (local $v f32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $f (local.get $f0))
    (block $fdone
      (loop $feats
        (br_if $fdone (i32.ge_u (local.get $f) (local.get $f1)))
        (local.set $col (i32.add (local.get $vals) (i32.shl (i32.mul (local.get $f) (local.get $stride)) (i32.const 2))))
        (local.set $len (i32.load (i32.add (local.get $lens) (i32.shl (local.get $f) (i32.const 2)))))
        (local.set $p (i32.add (local.get $raw) (i32.shl (local.get $f) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rdone
          (loop $rows
            (br_if $rdone (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $v (f32.load (local.get $p)))
            ;; always store, advance only when kept (branch-free)
            (f32.store (i32.add (local.get $col) (i32.shl (local.get $len) (i32.const 2))) (local.get $v))
            (local.set $len (i32.add (local.get $len)
              (i32.and (f32.eq (local.get $v) (local.get $v))
                (i32.eqz (i32.and (local.get $hasSentinel) (f64.eq (f64.promote_f32 (local.get $v)) (local.get $sentinel)))))))
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        (i32.store (i32.add (local.get $lens) (i32.shl (local.get $f) (i32.const 2))) (local.get $len))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $feats))))

  ;; Sorts the float32 columns [f0, f1) of `vals` (column f at vals + 4·f·stride, lens[f] values, no NaN)
  ;; ascending in place: the LSD radix sort of FeatureBinner's sortFloat32 (order-preserving keys, three
  ;; passes of 11 bits), with `tmp` (4·stride bytes) and `cnt` (8192 bytes) as scratch.
  (func (export "sortColumns") (param $vals i32) (param $lens i32) (param $stride i32) (param $f0 i32) (param $f1 i32)
    (param $tmp i32) (param $cnt i32)
    (local $f i32) (local $n i32) (local $src i32) (local $dst i32) (local $t i32) (local $i i32) (local $u i32)
    (local $shift i32) (local $sum i32) (local $c i32) (local $a i32) (local $col i32)
    (local.set $f (local.get $f0))
    (block $fdone
      (loop $cols
        (br_if $fdone (i32.ge_u (local.get $f) (local.get $f1)))
        (local.set $n (i32.load (i32.add (local.get $lens) (i32.shl (local.get $f) (i32.const 2)))))
        (local.set $col (i32.add (local.get $vals) (i32.shl (i32.mul (local.get $f) (local.get $stride)) (i32.const 2))))
        ;; keys: sign bit flipped for positives, all bits for negatives
        (local.set $i (i32.const 0))
        (block $kdone
          (loop $keys
            (br_if $kdone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $a (i32.add (local.get $col) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $u (i32.load (local.get $a)))
            (i32.store (local.get $a) (select (i32.xor (local.get $u) (i32.const -1)) (i32.or (local.get $u) (i32.const 0x80000000))
              (i32.lt_s (local.get $u) (i32.const 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $keys)))
        (local.set $src (local.get $col))
        (local.set $dst (local.get $tmp))
        (local.set $shift (i32.const 0))
        (loop $passes
          (memory.fill (local.get $cnt) (i32.const 0) (i32.const 8192))
          (local.set $i (i32.const 0))
          (block $cdone
            (loop $count
              (br_if $cdone (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $a (i32.add (local.get $cnt) (i32.shl (i32.and (i32.shr_u
                (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
              (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $count)))
          (local.set $sum (i32.const 0))
          (local.set $i (i32.const 0))
          (loop $prefix
            (local.set $a (i32.add (local.get $cnt) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $c (i32.load (local.get $a)))
            (i32.store (local.get $a) (local.get $sum))
            (local.set $sum (i32.add (local.get $sum) (local.get $c)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $prefix (i32.lt_u (local.get $i) (i32.const 2048))))
          (local.set $i (i32.const 0))
          (block $sdone
            (loop $scatter
              (br_if $sdone (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $u (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
              (local.set $a (i32.add (local.get $cnt) (i32.shl (i32.and (i32.shr_u (local.get $u) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
              (local.set $c (i32.load (local.get $a)))
              (i32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))) (local.get $u))
              (i32.store (local.get $a) (i32.add (local.get $c) (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $scatter)))
          (local.set $t (local.get $src))
          (local.set $src (local.get $dst))
          (local.set $dst (local.get $t))
          (local.set $shift (i32.add (local.get $shift) (i32.const 11)))
          (br_if $passes (i32.lt_u (local.get $shift) (i32.const 32))))
        ;; three passes: the keys are in tmp; back to float bits, into the column
        (local.set $i (i32.const 0))
        (block $bdone
          (loop $back
            (br_if $bdone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $u (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
            (i32.store (i32.add (local.get $col) (i32.shl (local.get $i) (i32.const 2)))
              (select (i32.and (local.get $u) (i32.const 0x7fffffff)) (i32.xor (local.get $u) (i32.const -1))
                (i32.lt_s (local.get $u) (i32.const 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $back)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $cols))))

  ;; A split's score (higher is better), as lib/trees/histogram.ts computes it, operation for operation:
  ;; newton G²/(H+λ); gini −2·A·(W−A)/W (0 for W = 0).
  (func $score (param $g f64) (param $h f64) (param $gini i32) (param $lambda f64) (result f64)
    (if (result f64) (local.get $gini)
      (then
        (if (result f64) (f64.gt (local.get $h) (f64.const 0))
          (then (f64.div (f64.mul (f64.mul (f64.const -2) (local.get $g)) (f64.sub (local.get $h) (local.get $g))) (local.get $h)))
          (else (f64.const 0))))
      (else (f64.div (f64.mul (local.get $g) (local.get $g)) (f64.add (local.get $h) (local.get $lambda))))))

  ;; The best split over features [f0, f1) of histogram `hist` (findBestSplit of histogram.ts without row
  ;; counts: same scan order, same arithmetic, same ties: the first strictly better split wins).
  ;; The score is written out twice (inline: V8 does not inline wasm calls). `nbins`: uint16 ordinary bins per feature. Writes to `out`: gain f64 @0, gL f64 @8, hL f64 @16,
  ;; feature i32 @24 (-1: none), bin i32 @28, defaultLeft i32 @32.
  (func $best (export "best")
    (param $hist i32) (param $nbins i32) (param $f0 i32) (param $f1 i32) (param $sumG f64) (param $sumH f64)
    (param $gini i32) (param $lambda f64) (param $minChild f64) (param $minGain f64) (param $rootW f64) (param $out i32)
    (local $parent f64) (local $eps f64) (local $norm f64) (local $bestGain f64)
    (local $f i32) (local $nb i32) (local $base i32) (local $gM f64) (local $hM f64) (local $hasM i32)
    (local $gL f64) (local $hL f64) (local $b i32) (local $k i32) (local $side i32) (local $sides i32)
    (local $gl f64) (local $hl f64) (local $hr f64) (local $gr f64) (local $gain f64)
    (local $bf i32) (local $bb i32) (local $bdl i32) (local $bgl f64) (local $bhl f64) (local $outGain f64)
    (local $acc v128) (local $rest v128) (local $tot v128) (local $v v128) (local $w v128) (local $q v128)
    (local $lam2 v128) (local $eps2 v128) (local $mc2 v128)
    (local.set $parent (call $score (local.get $sumG) (local.get $sumH) (local.get $gini) (local.get $lambda)))
    (local.set $eps (f64.mul (f64.const 1e-10) (local.get $sumH)))
    (local.set $tot (f64x2.replace_lane 1 (f64x2.splat (local.get $sumG)) (local.get $sumH)))
    (local.set $lam2 (f64x2.splat (local.get $lambda)))
    (local.set $eps2 (f64x2.splat (local.get $eps)))
    (local.set $mc2 (f64x2.splat (local.get $minChild)))
    (local.set $norm (if (result f64) (local.get $gini)
      (then (f64.div (f64.const 1) (local.get $rootW))) (else (f64.const 0.5))))
    (local.set $bestGain (f64.max (local.get $minGain) (f64.const 0)))
    (local.set $bf (i32.const -1))
    (local.set $f (local.get $f0))
    (block $fdone
      (loop $feat
        (br_if $fdone (i32.ge_s (local.get $f) (local.get $f1)))
        (local.set $nb (i32.load16_u (i32.add (local.get $nbins) (i32.shl (local.get $f) (i32.const 1)))))
        (if (i32.ge_u (local.get $nb) (i32.const 2))
          (then
            (local.set $base (i32.add (local.get $hist) (i32.shl (local.get $f) (i32.const 12))))
            (local.set $gM (f64.load offset=4080 (local.get $base)))
            (local.set $hM (f64.load offset=4088 (local.get $base)))
            (local.set $hasM (f64.gt (local.get $hM) (f64.const 0)))
            (local.set $sides (i32.add (local.get $hasM) (i32.const 1)))
            (local.set $gL (f64.const 0))
            (local.set $hL (f64.const 0))
            (local.set $b (i32.const 0))
            (local.set $k (local.get $base))
            ;; Newton without missing rows (the common case): both sides' scores in one f64x2 division,
            ;; lane for lane the scalar code's operations (the same bits), and no inner branches.
            (if (i32.eqz (i32.or (local.get $gini) (local.get $hasM)))
              (then
                (local.set $acc (v128.const f64x2 0 0))
                (block $fdoneN
                  (loop $binsN
                    (br_if $fdoneN (i32.ge_s (local.get $b) (i32.sub (local.get $nb) (i32.const 1))))
                    ;; acc = (gL, hL); rest = (sumG - gL, sumH - hL); v = (gL, gR), w = (hL, hR)
                    (local.set $acc (f64x2.add (local.get $acc) (v128.load (local.get $k))))
                    (local.set $rest (f64x2.sub (local.get $tot) (local.get $acc)))
                    (local.set $w (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $acc) (local.get $rest)))
                    (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $acc) (local.get $rest)))
                    (local.set $q (f64x2.div (f64x2.mul (local.get $v) (local.get $v)) (f64x2.add (local.get $w) (local.get $lam2))))
                    (local.set $gain (f64.mul (local.get $norm)
                      (f64.sub (f64.add (f64x2.extract_lane 0 (local.get $q)) (f64x2.extract_lane 1 (local.get $q))) (local.get $parent))))
                    (if (i32.and
                          (f64.gt (local.get $gain) (local.get $bestGain))
                          (i64x2.all_true (v128.and (f64x2.gt (local.get $w) (local.get $eps2)) (f64x2.ge (local.get $w) (local.get $mc2)))))
                      (then
                        (local.set $hl (f64x2.extract_lane 0 (local.get $w)))
                        (local.set $hr (f64x2.extract_lane 1 (local.get $w)))
                        (local.set $bestGain (local.get $gain))
                        (local.set $outGain (local.get $gain))
                        (local.set $bf (local.get $f))
                        (local.set $bb (local.get $b))
                        (local.set $bdl (f64.ge (local.get $hl) (local.get $hr)))
                        (local.set $bgl (f64x2.extract_lane 0 (local.get $v)))
                        (local.set $bhl (local.get $hl))))
                    (local.set $b (i32.add (local.get $b) (i32.const 1)))
                    (local.set $k (i32.add (local.get $k) (i32.const 16)))
                    (br $binsN)))
                ;; skip the general loop below
                (local.set $b (local.get $nb))))
            (block $bdone
              (loop $bins
                (br_if $bdone (i32.ge_s (local.get $b) (i32.sub (local.get $nb) (i32.const 1))))
                (local.set $gL (f64.add (local.get $gL) (f64.load (local.get $k))))
                (local.set $hL (f64.add (local.get $hL) (f64.load offset=8 (local.get $k))))
                (local.set $side (i32.const 0))
                (loop $sidel
                  (if (local.get $side)
                    (then
                      (local.set $gl (f64.add (local.get $gL) (local.get $gM)))
                      (local.set $hl (f64.add (local.get $hL) (local.get $hM))))
                    (else
                      (local.set $gl (local.get $gL))
                      (local.set $hl (local.get $hL))))
                  (local.set $hr (f64.sub (local.get $sumH) (local.get $hl)))
                  (local.set $gr (f64.sub (local.get $sumG) (local.get $gl)))
                  (if (i32.and
                        (i32.and (f64.gt (local.get $hl) (local.get $eps)) (f64.gt (local.get $hr) (local.get $eps)))
                        (i32.and (f64.ge (local.get $hl) (local.get $minChild)) (f64.ge (local.get $hr) (local.get $minChild))))
                    (then
                      (local.set $gain (f64.mul (local.get $norm)
                        (f64.sub
                          (f64.add
                            (if (result f64) (local.get $gini)
                              (then (if (result f64) (f64.gt (local.get $hl) (f64.const 0))
                                (then (f64.div (f64.mul (f64.mul (f64.const -2) (local.get $gl)) (f64.sub (local.get $hl) (local.get $gl))) (local.get $hl)))
                                (else (f64.const 0))))
                              (else (f64.div (f64.mul (local.get $gl) (local.get $gl)) (f64.add (local.get $hl) (local.get $lambda)))))
                            (if (result f64) (local.get $gini)
                              (then (if (result f64) (f64.gt (local.get $hr) (f64.const 0))
                                (then (f64.div (f64.mul (f64.mul (f64.const -2) (local.get $gr)) (f64.sub (local.get $hr) (local.get $gr))) (local.get $hr)))
                                (else (f64.const 0))))
                              (else (f64.div (f64.mul (local.get $gr) (local.get $gr)) (f64.add (local.get $hr) (local.get $lambda))))))
                          (local.get $parent))))
                      (if (f64.gt (local.get $gain) (local.get $bestGain))
                        (then
                          (local.set $bestGain (local.get $gain))
                          (local.set $outGain (local.get $gain))
                          (local.set $bf (local.get $f))
                          (local.set $bb (local.get $b))
                          (local.set $bdl (if (result i32) (local.get $hasM)
                            (then (local.get $side))
                            (else (f64.ge (local.get $hl) (local.get $hr)))))
                          (local.set $bgl (local.get $gl))
                          (local.set $bhl (local.get $hl))))))
                  (local.set $side (i32.add (local.get $side) (i32.const 1)))
                  (br_if $sidel (i32.lt_s (local.get $side) (local.get $sides))))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $bins)))))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $feat)))
    (f64.store (local.get $out) (local.get $outGain))
    (f64.store offset=8 (local.get $out) (local.get $bgl))
    (f64.store offset=16 (local.get $out) (local.get $bhl))
    (i32.store offset=24 (local.get $out) (local.get $bf))
    (i32.store offset=28 (local.get $out) (local.get $bb))
    (i32.store offset=32 (local.get $out) (local.get $bdl)))
  ;; Bins rows [r0, r1) of row-major float32 data (`cols` features) into row-major uint8 bins, the
  ;; FeatureBinner's transform: per feature a branch-free binary search over its cuts (float64, padded with
  ;; +Infinity to 256 entries at tables + f * 2048); NaN, and `sentinel` when `hasSentinel`, give bin 255.
  ;; Blocks of 64 rows, feature by feature (its table stays in cache), four rows' searches interleaved.
  (func (export "binRows")
    (param $data i32) (param $cols i32) (param $r0 i32) (param $r1 i32) (param $tables i32)
    (param $hasSentinel i32) (param $sentinel f64) (param $out i32)
    (local $k0 i32) (local $k1 i32) (local $f i32) (local $r i32) (local $t i32) (local $stride i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $v0 f64) (local $v1 f64) (local $v2 f64) (local $v3 f64) (local $b0 i32)
    (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $k0 (local.get $r0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $k0) (local.get $r1)))
        (local.set $k1 (i32.add (local.get $k0) (i32.const 64)))
        (if (i32.gt_u (local.get $k1) (local.get $r1)) (then (local.set $k1 (local.get $r1))))
        (local.set $f (i32.const 0))
        (loop $feats
          (local.set $t (i32.add (local.get $tables) (i32.shl (local.get $f) (i32.const 11))))
          (local.set $r (local.get $k0))
          (block $quadsDone
            (loop $quads
              (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $k1)))
              (local.set $q0 (i32.add (i32.add (local.get $data) (i32.mul (local.get $r) (local.get $stride))) (i32.shl (local.get $f) (i32.const 2))))
              (local.set $q1 (i32.add (local.get $q0) (local.get $stride)))
              (local.set $q2 (i32.add (local.get $q1) (local.get $stride)))
              (local.set $q3 (i32.add (local.get $q2) (local.get $stride)))
              (local.set $o0 (i32.add (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $cols))) (local.get $f)))
              (local.set $o1 (i32.add (local.get $o0) (local.get $cols)))
              (local.set $o2 (i32.add (local.get $o1) (local.get $cols)))
              (local.set $o3 (i32.add (local.get $o2) (local.get $cols)))
            (local.set $v0 (f64.promote_f32 (f32.load (local.get $q0))))
            (local.set $b0 (i32.shl (f64.gt (local.get $v0) (f64.load offset=1016 (local.get $t))) (i32.const 7)))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=504 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 6))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=248 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 5))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=120 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 4))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=56 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 3))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=24 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 2))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=8 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 1))))
            (local.set $b0 (i32.add (local.get $b0) (f64.gt (local.get $v0) (f64.load offset=0 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3)))))))
            (i32.store8 (local.get $o0) (select (i32.const 255) (local.get $b0) (i32.or (f64.ne (local.get $v0) (local.get $v0)) (i32.and (local.get $hasSentinel) (f64.eq (local.get $v0) (local.get $sentinel))))))
            (local.set $v1 (f64.promote_f32 (f32.load (local.get $q1))))
            (local.set $b1 (i32.shl (f64.gt (local.get $v1) (f64.load offset=1016 (local.get $t))) (i32.const 7)))
            (local.set $b1 (i32.add (local.get $b1) (i32.shl (f64.gt (local.get $v1) (f64.load offset=504 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3))))) (i32.const 6))))
            (local.set $b1 (i32.add (local.get $b1) (i32.shl (f64.gt (local.get $v1) (f64.load offset=248 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3))))) (i32.const 5))))
            (local.set $b1 (i32.add (local.get $b1) (i32.shl (f64.gt (local.get $v1) (f64.load offset=120 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3))))) (i32.const 4))))
            (local.set $b1 (i32.add (local.get $b1) (i32.shl (f64.gt (local.get $v1) (f64.load offset=56 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3))))) (i32.const 3))))
            (local.set $b1 (i32.add (local.get $b1) (i32.shl (f64.gt (local.get $v1) (f64.load offset=24 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3))))) (i32.const 2))))
            (local.set $b1 (i32.add (local.get $b1) (i32.shl (f64.gt (local.get $v1) (f64.load offset=8 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3))))) (i32.const 1))))
            (local.set $b1 (i32.add (local.get $b1) (f64.gt (local.get $v1) (f64.load offset=0 (i32.add (local.get $t) (i32.shl (local.get $b1) (i32.const 3)))))))
            (i32.store8 (local.get $o1) (select (i32.const 255) (local.get $b1) (i32.or (f64.ne (local.get $v1) (local.get $v1)) (i32.and (local.get $hasSentinel) (f64.eq (local.get $v1) (local.get $sentinel))))))
            (local.set $v2 (f64.promote_f32 (f32.load (local.get $q2))))
            (local.set $b2 (i32.shl (f64.gt (local.get $v2) (f64.load offset=1016 (local.get $t))) (i32.const 7)))
            (local.set $b2 (i32.add (local.get $b2) (i32.shl (f64.gt (local.get $v2) (f64.load offset=504 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3))))) (i32.const 6))))
            (local.set $b2 (i32.add (local.get $b2) (i32.shl (f64.gt (local.get $v2) (f64.load offset=248 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3))))) (i32.const 5))))
            (local.set $b2 (i32.add (local.get $b2) (i32.shl (f64.gt (local.get $v2) (f64.load offset=120 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3))))) (i32.const 4))))
            (local.set $b2 (i32.add (local.get $b2) (i32.shl (f64.gt (local.get $v2) (f64.load offset=56 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3))))) (i32.const 3))))
            (local.set $b2 (i32.add (local.get $b2) (i32.shl (f64.gt (local.get $v2) (f64.load offset=24 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3))))) (i32.const 2))))
            (local.set $b2 (i32.add (local.get $b2) (i32.shl (f64.gt (local.get $v2) (f64.load offset=8 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3))))) (i32.const 1))))
            (local.set $b2 (i32.add (local.get $b2) (f64.gt (local.get $v2) (f64.load offset=0 (i32.add (local.get $t) (i32.shl (local.get $b2) (i32.const 3)))))))
            (i32.store8 (local.get $o2) (select (i32.const 255) (local.get $b2) (i32.or (f64.ne (local.get $v2) (local.get $v2)) (i32.and (local.get $hasSentinel) (f64.eq (local.get $v2) (local.get $sentinel))))))
            (local.set $v3 (f64.promote_f32 (f32.load (local.get $q3))))
            (local.set $b3 (i32.shl (f64.gt (local.get $v3) (f64.load offset=1016 (local.get $t))) (i32.const 7)))
            (local.set $b3 (i32.add (local.get $b3) (i32.shl (f64.gt (local.get $v3) (f64.load offset=504 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3))))) (i32.const 6))))
            (local.set $b3 (i32.add (local.get $b3) (i32.shl (f64.gt (local.get $v3) (f64.load offset=248 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3))))) (i32.const 5))))
            (local.set $b3 (i32.add (local.get $b3) (i32.shl (f64.gt (local.get $v3) (f64.load offset=120 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3))))) (i32.const 4))))
            (local.set $b3 (i32.add (local.get $b3) (i32.shl (f64.gt (local.get $v3) (f64.load offset=56 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3))))) (i32.const 3))))
            (local.set $b3 (i32.add (local.get $b3) (i32.shl (f64.gt (local.get $v3) (f64.load offset=24 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3))))) (i32.const 2))))
            (local.set $b3 (i32.add (local.get $b3) (i32.shl (f64.gt (local.get $v3) (f64.load offset=8 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3))))) (i32.const 1))))
            (local.set $b3 (i32.add (local.get $b3) (f64.gt (local.get $v3) (f64.load offset=0 (i32.add (local.get $t) (i32.shl (local.get $b3) (i32.const 3)))))))
            (i32.store8 (local.get $o3) (select (i32.const 255) (local.get $b3) (i32.or (f64.ne (local.get $v3) (local.get $v3)) (i32.and (local.get $hasSentinel) (f64.eq (local.get $v3) (local.get $sentinel))))))
              (local.set $r (i32.add (local.get $r) (i32.const 4)))
              (br $quads)))
          (block $restDone
            (loop $rest
              (br_if $restDone (i32.ge_u (local.get $r) (local.get $k1)))
              (local.set $q0 (i32.add (i32.add (local.get $data) (i32.mul (local.get $r) (local.get $stride))) (i32.shl (local.get $f) (i32.const 2))))
              (local.set $o0 (i32.add (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $cols))) (local.get $f)))
            (local.set $v0 (f64.promote_f32 (f32.load (local.get $q0))))
            (local.set $b0 (i32.shl (f64.gt (local.get $v0) (f64.load offset=1016 (local.get $t))) (i32.const 7)))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=504 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 6))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=248 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 5))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=120 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 4))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=56 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 3))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=24 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 2))))
            (local.set $b0 (i32.add (local.get $b0) (i32.shl (f64.gt (local.get $v0) (f64.load offset=8 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3))))) (i32.const 1))))
            (local.set $b0 (i32.add (local.get $b0) (f64.gt (local.get $v0) (f64.load offset=0 (i32.add (local.get $t) (i32.shl (local.get $b0) (i32.const 3)))))))
            (i32.store8 (local.get $o0) (select (i32.const 255) (local.get $b0) (i32.or (f64.ne (local.get $v0) (local.get $v0)) (i32.and (local.get $hasSentinel) (f64.eq (local.get $v0) (local.get $sentinel))))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $rest)))
          (local.set $f (i32.add (local.get $f) (i32.const 1)))
          (br_if $feats (i32.lt_u (local.get $f) (local.get $cols))))
        (local.set $k0 (local.get $k1))
        (br $blocks))))

  ;; Adds trees [t0, t1) of a forest in the complete layout (lib/trees/forest.ts) to out[r] (float64) for
  ;; rows [r0, r1) of row-major uint8 bins: per tree 2^depth − 1 node words (threshold bin in bits 0-7, the
  ;; missing shift in bits 8-15, feature in bits 16-31; right iff ((bin + shift) & 255) > threshold) and 2^depth
  ;; leaf values (float64, weight included). Rows go in blocks that stay in cache while every tree walks
  ;; them, eight rows at a time (independent walks overlap in the pipeline); per row the trees add in order.
  (func (export "predict")
    (param $bins i32) (param $cols i32) (param $r0 i32) (param $r1 i32) (param $nodes i32) (param $leaves i32)
    (param $t0 i32) (param $t1 i32) (param $depth i32) (param $out i32)
    (local $inner i32) (local $nodeBytes i32) (local $leafBytes i32) (local $b0 i32) (local $b1 i32)
    (local $t i32) (local $tn i32) (local $tl i32) (local $r i32) (local $lv i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $o i32)
    (local $p4 i32) (local $p5 i32) (local $p6 i32) (local $p7 i32)
    (local $n4 i32) (local $n5 i32) (local $n6 i32) (local $n7 i32)
    (local $w4 i32) (local $w5 i32) (local $w6 i32) (local $w7 i32)
    (local.set $inner (i32.sub (i32.shl (i32.const 1) (local.get $depth)) (i32.const 1)))
    (local.set $nodeBytes (i32.shl (local.get $inner) (i32.const 2)))
    (local.set $leafBytes (i32.shl (i32.add (local.get $inner) (i32.const 1)) (i32.const 3)))
    (local.set $b0 (local.get $r0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $b0) (local.get $r1)))
        (local.set $b1 (i32.add (local.get $b0) (i32.const 256)))
        (if (i32.gt_u (local.get $b1) (local.get $r1)) (then (local.set $b1 (local.get $r1))))
        (local.set $t (local.get $t0))
        (block $treesDone
          (loop $trees
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $t1)))
            (local.set $tn (i32.add (local.get $nodes) (i32.mul (local.get $t) (local.get $nodeBytes))))
            ;; leaf value of node n (n >= inner) at tl + 8n
            (local.set $tl (i32.sub (i32.add (local.get $leaves) (i32.mul (local.get $t) (local.get $leafBytes)))
              (i32.shl (local.get $inner) (i32.const 3))))
            (local.set $r (local.get $b0))
            ;; eight rows at a time (independent walks overlap in the pipeline)
            (block $quadsDone
              (loop $quads
                (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $b1)))
                (local.set $p0 (i32.add (local.get $bins) (i32.mul (local.get $r) (local.get $cols))))
                (local.set $p1 (i32.add (local.get $p0) (local.get $cols)))
                (local.set $p2 (i32.add (local.get $p1) (local.get $cols)))
                (local.set $p3 (i32.add (local.get $p2) (local.get $cols)))
                (local.set $p4 (i32.add (local.get $p3) (local.get $cols)))
                (local.set $p5 (i32.add (local.get $p4) (local.get $cols)))
                (local.set $p6 (i32.add (local.get $p5) (local.get $cols)))
                (local.set $p7 (i32.add (local.get $p6) (local.get $cols)))
                (local.set $n0 (i32.const 0))
                (local.set $n1 (i32.const 0))
                (local.set $n2 (i32.const 0))
                (local.set $n3 (i32.const 0))
                (local.set $n4 (i32.const 0))
                (local.set $n5 (i32.const 0))
                (local.set $n6 (i32.const 0))
                (local.set $n7 (i32.const 0))
                (local.set $lv (local.get $depth))
                (loop $levels
                  (local.set $w0 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n0) (i32.const 2)))))
                  (local.set $w1 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n1) (i32.const 2)))))
                  (local.set $w2 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n2) (i32.const 2)))))
                  (local.set $w3 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n3) (i32.const 2)))))
                  (local.set $w4 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n4) (i32.const 2)))))
                  (local.set $w5 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n5) (i32.const 2)))))
                  (local.set $w6 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n6) (i32.const 2)))))
                  (local.set $w7 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n7) (i32.const 2)))))
                  (local.set $n0 (i32.add (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p0) (i32.shr_u (local.get $w0) (i32.const 16))))
                      (i32.shr_u (local.get $w0) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w0) (i32.const 255)))))
                  (local.set $n1 (i32.add (i32.add (i32.shl (local.get $n1) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p1) (i32.shr_u (local.get $w1) (i32.const 16))))
                      (i32.shr_u (local.get $w1) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w1) (i32.const 255)))))
                  (local.set $n2 (i32.add (i32.add (i32.shl (local.get $n2) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p2) (i32.shr_u (local.get $w2) (i32.const 16))))
                      (i32.shr_u (local.get $w2) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w2) (i32.const 255)))))
                  (local.set $n3 (i32.add (i32.add (i32.shl (local.get $n3) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p3) (i32.shr_u (local.get $w3) (i32.const 16))))
                      (i32.shr_u (local.get $w3) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w3) (i32.const 255)))))
                  (local.set $n4 (i32.add (i32.add (i32.shl (local.get $n4) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p4) (i32.shr_u (local.get $w4) (i32.const 16))))
                      (i32.shr_u (local.get $w4) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w4) (i32.const 255)))))
                  (local.set $n5 (i32.add (i32.add (i32.shl (local.get $n5) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p5) (i32.shr_u (local.get $w5) (i32.const 16))))
                      (i32.shr_u (local.get $w5) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w5) (i32.const 255)))))
                  (local.set $n6 (i32.add (i32.add (i32.shl (local.get $n6) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p6) (i32.shr_u (local.get $w6) (i32.const 16))))
                      (i32.shr_u (local.get $w6) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w6) (i32.const 255)))))
                  (local.set $n7 (i32.add (i32.add (i32.shl (local.get $n7) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p7) (i32.shr_u (local.get $w7) (i32.const 16))))
                      (i32.shr_u (local.get $w7) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w7) (i32.const 255)))))
                  (local.set $lv (i32.sub (local.get $lv) (i32.const 1)))
                  (br_if $levels (local.get $lv)))
                (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n0) (i32.const 3))))))
                (f64.store offset=8 (local.get $o) (f64.add (f64.load offset=8 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n1) (i32.const 3))))))
                (f64.store offset=16 (local.get $o) (f64.add (f64.load offset=16 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n2) (i32.const 3))))))
                (f64.store offset=24 (local.get $o) (f64.add (f64.load offset=24 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n3) (i32.const 3))))))
                (f64.store offset=32 (local.get $o) (f64.add (f64.load offset=32 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n4) (i32.const 3))))))
                (f64.store offset=40 (local.get $o) (f64.add (f64.load offset=40 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n5) (i32.const 3))))))
                (f64.store offset=48 (local.get $o) (f64.add (f64.load offset=48 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n6) (i32.const 3))))))
                (f64.store offset=56 (local.get $o) (f64.add (f64.load offset=56 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n7) (i32.const 3))))))
                (local.set $r (i32.add (local.get $r) (i32.const 8)))
                (br $quads)))
            ;; the last rows of the block, one at a time
            (block $restDone
              (loop $rest
                (br_if $restDone (i32.ge_u (local.get $r) (local.get $b1)))
                (local.set $p0 (i32.add (local.get $bins) (i32.mul (local.get $r) (local.get $cols))))
                (local.set $n0 (i32.const 0))
                (local.set $lv (local.get $depth))
                (loop $levels1
                  (local.set $w0 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n0) (i32.const 2)))))
                  (local.set $n0 (i32.add (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 1))
                    (i32.gt_u (i32.and (i32.add (i32.load8_u (i32.add (local.get $p0) (i32.shr_u (local.get $w0) (i32.const 16))))
                      (i32.shr_u (local.get $w0) (i32.const 8))) (i32.const 255)) (i32.and (local.get $w0) (i32.const 255)))))
                  (local.set $lv (i32.sub (local.get $lv) (i32.const 1)))
                  (br_if $levels1 (local.get $lv)))
                (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n0) (i32.const 3))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rest)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $trees)))
        (local.set $b0 (local.get $b1))
        (br $blocks))))


  ;; Adds trees [t0, t1) of a forest in the complete layout (lib/trees/forest.ts) to out[r] (float64) for
  ;; rows [r0, r1) of row-major int32 keys (rawKeys below; `cols` features, row r at keys + 4·r·cols), with no
  ;; binning: per tree 2^depth − 1 node records of 8 bytes (an i32 word, the feature's byte offset f << 2 with
  ;; bit 0 set when a missing value goes right, then the threshold's key minus that bit) and 2^depth leaf values
  ;; (float64, weight included). A row goes right iff key − bit > record (signed): the missing key INT_MIN
  ;; wraps to INT_MAX with bit 1 (right) and stays the least with bit 0 (left). The threshold is the largest
  ;; float32 <= the tree's float64 one, so every float32 compares as against the float64 (forest.ts). An
  ;; integer compare, not a float one: v > t with NaN and sentinel tests at every level ran 1.6x the binned
  ;; walk's time. Blocks of rows stay in cache while every tree walks them, eight rows at a time (independent
  ;; walks overlap in the pipeline); per row the trees add in order.
  (func (export "predictRaw")
    (param $data i32) (param $cols i32) (param $r0 i32) (param $r1 i32) (param $nodes i32) (param $leaves i32)
    (param $t0 i32) (param $t1 i32) (param $depth i32) (param $out i32)
    (local $inner i32) (local $nodeBytes i32) (local $leafBytes i32) (local $b0 i32) (local $b1 i32)
    (local $t i32) (local $tn i32) (local $tl i32) (local $r i32) (local $lv i32) (local $o i32) (local $stride i32)
    (local $p0 i32) (local $n0 i32) (local $w0 i32)
    (local $p1 i32) (local $n1 i32) (local $w1 i32)
    (local $p2 i32) (local $n2 i32) (local $w2 i32)
    (local $p3 i32) (local $n3 i32) (local $w3 i32)
    (local $p4 i32) (local $n4 i32) (local $w4 i32)
    (local $p5 i32) (local $n5 i32) (local $w5 i32)
    (local $p6 i32) (local $n6 i32) (local $w6 i32)
    (local $p7 i32) (local $n7 i32) (local $w7 i32)
    (local.set $inner (i32.sub (i32.shl (i32.const 1) (local.get $depth)) (i32.const 1)))
    (local.set $nodeBytes (i32.shl (local.get $inner) (i32.const 3)))
    (local.set $leafBytes (i32.shl (i32.add (local.get $inner) (i32.const 1)) (i32.const 3)))
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $b0 (local.get $r0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $b0) (local.get $r1)))
        (local.set $b1 (i32.add (local.get $b0) (i32.const 256)))
        (if (i32.gt_u (local.get $b1) (local.get $r1)) (then (local.set $b1 (local.get $r1))))
        (local.set $t (local.get $t0))
        (block $treesDone
          (loop $trees
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $t1)))
            (local.set $tn (i32.add (local.get $nodes) (i32.mul (local.get $t) (local.get $nodeBytes))))
            ;; leaf value of node n (n >= inner) at tl + 8n
            (local.set $tl (i32.sub (i32.add (local.get $leaves) (i32.mul (local.get $t) (local.get $leafBytes)))
              (i32.shl (local.get $inner) (i32.const 3))))
            (local.set $r (local.get $b0))
            ;; eight rows at a time (independent walks overlap in the pipeline)
            (block $octsDone
              (loop $octs
                (br_if $octsDone (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $b1)))
                (local.set $p0 (i32.add (local.get $data) (i32.mul (local.get $r) (local.get $stride))))
                (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
                (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
                (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
                (local.set $p4 (i32.add (local.get $p3) (local.get $stride)))
                (local.set $p5 (i32.add (local.get $p4) (local.get $stride)))
                (local.set $p6 (i32.add (local.get $p5) (local.get $stride)))
                (local.set $p7 (i32.add (local.get $p6) (local.get $stride)))
                (local.set $n0 (i32.const 0))
                (local.set $n1 (i32.const 0))
                (local.set $n2 (i32.const 0))
                (local.set $n3 (i32.const 0))
                (local.set $n4 (i32.const 0))
                (local.set $n5 (i32.const 0))
                (local.set $n6 (i32.const 0))
                (local.set $n7 (i32.const 0))
                (local.set $lv (local.get $depth))
                (loop $levels
                  (local.set $w0 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n0) (i32.const 3)))))
                  (local.set $n0 (i32.add (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p0) (i32.and (local.get $w0) (i32.const -2)))) (i32.and (local.get $w0) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n0) (i32.const 3)))))))
                  (local.set $w1 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n1) (i32.const 3)))))
                  (local.set $n1 (i32.add (i32.add (i32.shl (local.get $n1) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p1) (i32.and (local.get $w1) (i32.const -2)))) (i32.and (local.get $w1) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n1) (i32.const 3)))))))
                  (local.set $w2 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n2) (i32.const 3)))))
                  (local.set $n2 (i32.add (i32.add (i32.shl (local.get $n2) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p2) (i32.and (local.get $w2) (i32.const -2)))) (i32.and (local.get $w2) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n2) (i32.const 3)))))))
                  (local.set $w3 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n3) (i32.const 3)))))
                  (local.set $n3 (i32.add (i32.add (i32.shl (local.get $n3) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p3) (i32.and (local.get $w3) (i32.const -2)))) (i32.and (local.get $w3) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n3) (i32.const 3)))))))
                  (local.set $w4 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n4) (i32.const 3)))))
                  (local.set $n4 (i32.add (i32.add (i32.shl (local.get $n4) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p4) (i32.and (local.get $w4) (i32.const -2)))) (i32.and (local.get $w4) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n4) (i32.const 3)))))))
                  (local.set $w5 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n5) (i32.const 3)))))
                  (local.set $n5 (i32.add (i32.add (i32.shl (local.get $n5) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p5) (i32.and (local.get $w5) (i32.const -2)))) (i32.and (local.get $w5) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n5) (i32.const 3)))))))
                  (local.set $w6 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n6) (i32.const 3)))))
                  (local.set $n6 (i32.add (i32.add (i32.shl (local.get $n6) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p6) (i32.and (local.get $w6) (i32.const -2)))) (i32.and (local.get $w6) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n6) (i32.const 3)))))))
                  (local.set $w7 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n7) (i32.const 3)))))
                  (local.set $n7 (i32.add (i32.add (i32.shl (local.get $n7) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p7) (i32.and (local.get $w7) (i32.const -2)))) (i32.and (local.get $w7) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n7) (i32.const 3)))))))
                  (local.set $lv (i32.sub (local.get $lv) (i32.const 1)))
                  (br_if $levels (local.get $lv)))
                (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n0) (i32.const 3))))))
                (f64.store offset=8 (local.get $o) (f64.add (f64.load offset=8 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n1) (i32.const 3))))))
                (f64.store offset=16 (local.get $o) (f64.add (f64.load offset=16 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n2) (i32.const 3))))))
                (f64.store offset=24 (local.get $o) (f64.add (f64.load offset=24 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n3) (i32.const 3))))))
                (f64.store offset=32 (local.get $o) (f64.add (f64.load offset=32 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n4) (i32.const 3))))))
                (f64.store offset=40 (local.get $o) (f64.add (f64.load offset=40 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n5) (i32.const 3))))))
                (f64.store offset=48 (local.get $o) (f64.add (f64.load offset=48 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n6) (i32.const 3))))))
                (f64.store offset=56 (local.get $o) (f64.add (f64.load offset=56 (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n7) (i32.const 3))))))
                (local.set $r (i32.add (local.get $r) (i32.const 8)))
                (br $octs)))
            ;; the last rows of the block, one at a time
            (block $restDone
              (loop $rest
                (br_if $restDone (i32.ge_u (local.get $r) (local.get $b1)))
                (local.set $p0 (i32.add (local.get $data) (i32.mul (local.get $r) (local.get $stride))))
                (local.set $n0 (i32.const 0))
                (local.set $lv (local.get $depth))
                (loop $levels1
                  (local.set $w0 (i32.load (i32.add (local.get $tn) (i32.shl (local.get $n0) (i32.const 3)))))
                  (local.set $n0 (i32.add (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 1))
                    (i32.gt_s (i32.sub (i32.load (i32.add (local.get $p0) (i32.and (local.get $w0) (i32.const -2)))) (i32.and (local.get $w0) (i32.const 1)))
                      (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $n0) (i32.const 3)))))))
                  (local.set $lv (i32.sub (local.get $lv) (i32.const 1)))
                  (br_if $levels1 (local.get $lv)))
                (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o))
                  (f64.load (i32.add (local.get $tl) (i32.shl (local.get $n0) (i32.const 3))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rest)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $trees)))
        (local.set $b0 (local.get $b1))
        (br $blocks))))

  ;; Turns `n` float32 values at `at` into the raw walk's int32 keys, in place (see predictRaw): the float's
  ;; bits with the magnitude bits flipped where the sign is set, so that signed integer order is the float
  ;; order (with -0 just below +0), and INT_MIN for a missing value (NaN, or `sentinel`: NaN when there is
  ;; none, so that it never matches). One cheap pass, four values at a time: no search, unlike binning.
  (func (export "rawKeys") (param $at i32) (param $n i32) (param $sentinel f32)
    (local $end i32) (local $v v128) (local $s v128) (local $min v128) (local $f f32) (local $u i32)
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $s (f32x4.splat (local.get $sentinel)))
    (local.set $min (i32x4.splat (i32.const 0x80000000)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $at)))
        (v128.store (local.get $at) (v128.bitselect (local.get $min)
          (v128.xor (local.get $v) (i32x4.shr_u (i32x4.shr_s (local.get $v) (i32.const 31)) (i32.const 1)))
          (v128.or (f32x4.ne (local.get $v) (local.get $v)) (f32x4.eq (local.get $v) (local.get $s)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $f (f32.load (local.get $at)))
        (local.set $u (i32.load (local.get $at)))
        (i32.store (local.get $at) (select (i32.const 0x80000000)
          (i32.xor (local.get $u) (i32.shr_u (i32.shr_s (local.get $u) (i32.const 31)) (i32.const 1)))
          (i32.or (f32.ne (local.get $f) (local.get $f)) (f32.eq (local.get $f) (local.get $sentinel)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $rest))))
)
