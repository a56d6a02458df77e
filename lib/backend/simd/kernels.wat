;; hepml SIMD kernels (WebAssembly text). Build: `npx tsx tools/wat.ts` writes kernels.wasm.ts beside
;; this file (the binary as base64); test/backend checks that the two agree.
(module
  (memory (export "memory") 1)

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
)
