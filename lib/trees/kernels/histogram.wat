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

  ;; Stable partition of idx[s..e) (row numbers) by column `col` (uint8 bins, column-major): rows with
  ;; bin <= `bin`, or the missing bin 255 when `dl` = 1, first. `tmp` holds the right rows meanwhile.
  ;; Returns the first right position. Branch-free: a 50/50 split mispredicts half the time.
  (func (export "partition")
    (param $col i32) (param $idx i32) (param $tmp i32) (param $s i32) (param $e i32) (param $bin i32) (param $dl i32)
    (result i32)
    (local $i i32) (local $end i32) (local $l i32) (local $r i32) (local $row i32) (local $b i32) (local $go i32)
    (local.set $i (i32.add (local.get $idx) (i32.shl (local.get $s) (i32.const 2))))
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $e) (i32.const 2))))
    (local.set $l (local.get $i))
    (local.set $r (local.get $tmp))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $row (i32.load (local.get $i)))
        (local.set $b (i32.load8_u (i32.add (local.get $col) (local.get $row))))
        (local.set $go (i32.or (i32.le_u (local.get $b) (local.get $bin))
          (i32.and (i32.eq (local.get $b) (i32.const 255)) (local.get $dl))))
        (i32.store (local.get $l) (local.get $row))
        (i32.store (local.get $r) (local.get $row))
        (local.set $l (i32.add (local.get $l) (i32.shl (local.get $go) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.shl (i32.xor (local.get $go) (i32.const 1)) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    (memory.copy (local.get $l) (local.get $tmp) (i32.sub (local.get $r) (local.get $tmp)))
    (i32.shr_u (i32.sub (local.get $l) (local.get $idx)) (i32.const 2)))
)
