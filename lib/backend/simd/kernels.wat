;; hepml SIMD kernels (WebAssembly text). Build: `npx tsx tools/wat.ts` writes kernels-wasm.ts beside
;; this file (the binary as base64); test/backend checks that the two agree. The module works in the
;; memory of the tfjs wasm backend (imported), so tensors are read and written where they are.
(module
  (import "env" "memory" (memory 1))

  ;; Rank-4 update of a 4×8 block of a product Aᵀ·B, for the convolution filter gradient:
  ;;   out[r][o] += Σ_{p<n} f32(x + p·xs + kr) · f32(dy + p·ys + 4·o),   r < 4, o < 8
  ;; x/dy/out and the offsets kr, strides xs/ys are byte addresses in this module's memory; out is
  ;; 32 floats, row-major. One pass over n pixels reads 4 floats of x and 8 of dy per pixel.
  (func (export "acc4x8")
    (param $x i32) (param $dy i32) (param $n i32) (param $xs i32) (param $ys i32)
    (param $k0 i32) (param $k1 i32) (param $k2 i32) (param $k3 i32) (param $out i32)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128) (local $a2 v128) (local $b2 v128) (local $a3 v128) (local $b3 v128)
    (local $lo v128) (local $hi v128) (local $s v128)
    (local.set $a0 (v128.load offset=0 (local.get $out)))
    (local.set $b0 (v128.load offset=16 (local.get $out)))
    (local.set $a1 (v128.load offset=32 (local.get $out)))
    (local.set $b1 (v128.load offset=48 (local.get $out)))
    (local.set $a2 (v128.load offset=64 (local.get $out)))
    (local.set $b2 (v128.load offset=80 (local.get $out)))
    (local.set $a3 (v128.load offset=96 (local.get $out)))
    (local.set $b3 (v128.load offset=112 (local.get $out)))
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $next
        (local.set $lo (v128.load (local.get $dy)))
        (local.set $hi (v128.load offset=16 (local.get $dy)))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $k0))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $k1))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $k2))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $k3))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $x (i32.add (local.get $x) (local.get $xs)))
        (local.set $dy (i32.add (local.get $dy) (local.get $ys)))
        (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
    (v128.store offset=0 (local.get $out) (local.get $a0))
    (v128.store offset=16 (local.get $out) (local.get $b0))
    (v128.store offset=32 (local.get $out) (local.get $a1))
    (v128.store offset=48 (local.get $out) (local.get $b1))
    (v128.store offset=64 (local.get $out) (local.get $a2))
    (v128.store offset=80 (local.get $out) (local.get $b2))
    (v128.store offset=96 (local.get $out) (local.get $a3))
    (v128.store offset=112 (local.get $out) (local.get $b3))
  )

  ;; Column sums of an n × 8 block: out[o] += Σ_{p<n} f32(dy + p·ys + 4·o), o < 8 (a bias gradient).
  (func (export "sum8") (param $dy i32) (param $n i32) (param $ys i32) (param $out i32)
    (local $lo v128) (local $hi v128)
    (local.set $lo (v128.load (local.get $out)))
    (local.set $hi (v128.load offset=16 (local.get $out)))
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $next
        (local.set $lo (f32x4.add (local.get $lo) (v128.load (local.get $dy))))
        (local.set $hi (f32x4.add (local.get $hi) (v128.load offset=16 (local.get $dy))))
        (local.set $dy (i32.add (local.get $dy) (local.get $ys)))
        (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
    (v128.store (local.get $out) (local.get $lo))
    (v128.store offset=16 (local.get $out) (local.get $hi))
  )

  ;; Max-pool gradient, 2×2 windows with stride 2, one output row of one image, C a multiple of 4:
  ;; window q covers x at (2q, 2q+1) of two input rows (row stride $rs bytes); its gradient g goes to the
  ;; first pixel (row-major) equal to the window's maximum y, or to the first pixel when none is (NaN);
  ;; with $relu ≠ 0 only where y > 0 (the relu below the pool). Every pixel of the windows is written.
  (func (export "pool2x2")
    (param $x i32) (param $y i32) (param $g i32) (param $dx i32) (param $n i32) (param $c i32) (param $rs i32) (param $relu i32)
    (local $cb i32) (local $k i32) (local $p i32) (local $q i32)
    (local $m v128) (local $gv v128) (local $ta v128) (local $tb v128) (local $td v128) (local $te v128) (local $seen v128)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $window
        (local.set $k (i32.const 0))
        (loop $lanes
          ;; $p: pixel (0, 0) of the window at lanes k…k+3; $q: the same lanes of y and g
          (local.set $p (i32.add (local.get $x) (local.get $k)))
          (local.set $q (i32.add (local.get $y) (local.get $k)))
          (local.set $m (v128.load (local.get $q)))
          (local.set $gv (v128.load (i32.add (local.get $g) (local.get $k))))
          (if (local.get $relu)
            (then (local.set $gv (v128.and (local.get $gv) (f32x4.gt (local.get $m) (f32x4.splat (f32.const 0)))))))
          (local.set $ta (f32x4.eq (v128.load (local.get $p)) (local.get $m)))
          (local.set $tb (v128.andnot (f32x4.eq (v128.load (i32.add (local.get $p) (local.get $cb))) (local.get $m)) (local.get $ta)))
          (local.set $seen (v128.or (local.get $ta) (local.get $tb)))
          (local.set $td (v128.andnot (f32x4.eq (v128.load (i32.add (local.get $p) (local.get $rs))) (local.get $m)) (local.get $seen)))
          (local.set $seen (v128.or (local.get $seen) (local.get $td)))
          (local.set $te (v128.andnot (f32x4.eq (v128.load (i32.add (i32.add (local.get $p) (local.get $rs)) (local.get $cb))) (local.get $m)) (local.get $seen)))
          (local.set $seen (v128.or (local.get $seen) (local.get $te)))
          (local.set $ta (v128.or (local.get $ta) (v128.not (local.get $seen))))
          (local.set $p (i32.add (local.get $dx) (i32.sub (local.get $p) (local.get $x))))
          (v128.store (local.get $p) (v128.and (local.get $gv) (local.get $ta)))
          (v128.store (i32.add (local.get $p) (local.get $cb)) (v128.and (local.get $gv) (local.get $tb)))
          (v128.store (i32.add (local.get $p) (local.get $rs)) (v128.and (local.get $gv) (local.get $td)))
          (v128.store (i32.add (i32.add (local.get $p) (local.get $rs)) (local.get $cb)) (v128.and (local.get $gv) (local.get $te)))
          (br_if $lanes (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 16))) (local.get $cb)))
        )
        ;; next window: x and dx move two pixels, y and g one
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cb) (i32.const 1))))
        (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $cb) (i32.const 1))))
        (local.set $y (i32.add (local.get $y) (local.get $cb)))
        (local.set $g (i32.add (local.get $g) (local.get $cb)))
        (br_if $window (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
  )

  ;; max pool forward, 2×2 windows, stride 2: $n windows along one output row, $c channels (a multiple of
  ;; 4); window q covers x at (2q, 2q+1) of two input rows (row stride $rs bytes). f32x4.max: NaN propagates.
  (func (export "max2x2")
    (param $x i32) (param $y i32) (param $n i32) (param $c i32) (param $rs i32)
    (local $cb i32) (local $k i32) (local $p i32)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $window
        (local.set $k (i32.const 0))
        (loop $lanes
          (local.set $p (i32.add (local.get $x) (local.get $k)))
          (v128.store (i32.add (local.get $y) (local.get $k))
            (f32x4.max
              (f32x4.max (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (local.get $cb))))
              (f32x4.max (v128.load (i32.add (local.get $p) (local.get $rs))) (v128.load (i32.add (i32.add (local.get $p) (local.get $rs)) (local.get $cb))))))
          (br_if $lanes (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 16))) (local.get $cb)))
        )
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cb) (i32.const 1))))
        (local.set $y (i32.add (local.get $y) (local.get $cb)))
        (br_if $window (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
  )

  ;; Dense-layer gradients (dW = Xᵀ·dZ, db = Σ dZ, dX = dZ·Wᵀ), 16 or 4 columns of a product at a time:
  ;;   out[j] = Σ_{p<n} f32(x + p·xs) · f32(y + p·ys + 4·j),   j < 16 (cols16) or j < 4 (cols4)
  ;; (byte addresses and strides; xs = 0 with x pointing at a 1.0 gives column sums). Four accumulators
  ;; in cols16 keep the adds independent; cols4 has one.
  (func (export "cols16") (param $x i32) (param $y i32) (param $n i32) (param $xs i32) (param $ys i32) (param $out i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $s v128)
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $next
        (local.set $s (v128.load32_splat (local.get $x)))
        (local.set $a (f32x4.add (local.get $a) (f32x4.mul (local.get $s) (v128.load (local.get $y)))))
        (local.set $b (f32x4.add (local.get $b) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $y)))))
        (local.set $c (f32x4.add (local.get $c) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $y)))))
        (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (local.get $xs)))
        (local.set $y (i32.add (local.get $y) (local.get $ys)))
        (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
    (v128.store offset=0 (local.get $out) (local.get $a))
    (v128.store offset=16 (local.get $out) (local.get $b))
    (v128.store offset=32 (local.get $out) (local.get $c))
    (v128.store offset=48 (local.get $out) (local.get $d))
  )

  (func (export "cols4") (param $x i32) (param $y i32) (param $n i32) (param $xs i32) (param $ys i32) (param $out i32)
    (local $a v128)
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $next
        (local.set $a (f32x4.add (local.get $a) (f32x4.mul (v128.load32_splat (local.get $x)) (v128.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (local.get $xs)))
        (local.set $y (i32.add (local.get $y) (local.get $ys)))
        (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
    (v128.store (local.get $out) (local.get $a))
  )

  ;; relu gradient: out[i] = d[i] where a[i] > 0, else 0, for $n floats ($n a multiple of 4; byte addresses)
  (func (export "relumask") (param $d i32) (param $a i32) (param $out i32) (param $n i32)
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $next
        (v128.store (local.get $out) (v128.and (v128.load (local.get $d)) (f32x4.gt (v128.load (local.get $a)) (f32x4.splat (f32.const 0)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $next (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 4))) (i32.const 0)))
      )
    )
  )

  ;; A 4×8 tile of a product, written in place (dense-layer gradients):
  ;;   out[r·os + 4·o] = Σ_{p<n} f32(x + p·xs + r·rs) · f32(y + p·ys + 4·o),   r < 4, o < 8
  ;; (byte addresses, strides and row offsets; out rows $os bytes apart).
  (func (export "tile4x8")
    (param $x i32) (param $y i32) (param $n i32) (param $xs i32) (param $ys i32) (param $rs i32) (param $out i32) (param $os i32)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128) (local $a2 v128) (local $b2 v128) (local $a3 v128) (local $b3 v128)
    (local $lo v128) (local $hi v128) (local $s v128) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local.set $x1 (local.get $rs))
    (local.set $x2 (i32.shl (local.get $rs) (i32.const 1)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $rs)))
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $next
        (local.set $lo (v128.load (local.get $y)))
        (local.set $hi (v128.load offset=16 (local.get $y)))
        (local.set $s (v128.load32_splat (local.get $x)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $x1))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $x2))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $s (v128.load32_splat (i32.add (local.get $x) (local.get $x3))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (local.get $lo))))
        (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $s) (local.get $hi))))
        (local.set $x (i32.add (local.get $x) (local.get $xs)))
        (local.set $y (i32.add (local.get $y) (local.get $ys)))
        (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))
      )
    )
    (v128.store offset=0 (local.get $out) (local.get $a0))
    (v128.store offset=16 (local.get $out) (local.get $b0))
    (local.set $out (i32.add (local.get $out) (local.get $os)))
    (v128.store offset=0 (local.get $out) (local.get $a1))
    (v128.store offset=16 (local.get $out) (local.get $b1))
    (local.set $out (i32.add (local.get $out) (local.get $os)))
    (v128.store offset=0 (local.get $out) (local.get $a2))
    (v128.store offset=16 (local.get $out) (local.get $b2))
    (local.set $out (i32.add (local.get $out) (local.get $os)))
    (v128.store offset=0 (local.get $out) (local.get $a3))
    (v128.store offset=16 (local.get $out) (local.get $b3))
  )
)
