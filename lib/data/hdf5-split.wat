;; The column split of the HDF5 table reader (lib/data/hdf5-decode.ts), WebAssembly with SIMD: rows of a
;; PyTables chunk (row-major records) into columns, for runs of 4-byte fields that lie side by side in
;; the record (a pandas values_block of float32 or int32). Values move as raw 32-bit words (bit-exact,
;; NaN payloads kept), four rows x four columns per step through an in-register 4x4 transpose.
;;
;; The memory is the reader's own (not h5wasm's): the chunk is copied in, the columns come out in a
;; column-major staging area, and each staged column is copied into its typed array with one `set`.
(module
  (import "env" "memory" (memory 1))

  ;; Columns 4g .. 4g+3 for g in [0, groups): their words start at byte `src` + 16 g of the first of
  ;; `rows` records `stride` bytes apart; column c goes to `dst` + c * `ds` bytes, row r at + 4 r.
  (func (export "split4")
    (param $src i32) (param $stride i32) (param $rows i32) (param $groups i32) (param $dst i32) (param $ds i32)
    (local $g i32) (local $r i32) (local $p i32) (local $o i32) (local $s2 i32) (local $s3 i32) (local $d2 i32) (local $d3 i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local.set $s2 (i32.shl (local.get $stride) (i32.const 1)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $stride)))
    (local.set $d2 (i32.shl (local.get $ds) (i32.const 1)))
    (local.set $d3 (i32.add (local.get $d2) (local.get $ds)))
    (block $groups_done (loop $group
      (br_if $groups_done (i32.ge_u (local.get $g) (local.get $groups)))
      (local.set $p (i32.add (local.get $src) (i32.shl (local.get $g) (i32.const 4))))
      (local.set $o (i32.add (local.get $dst) (i32.mul (i32.shl (local.get $g) (i32.const 2)) (local.get $ds))))
      (local.set $r (i32.const 0))
      ;; four rows at a time: rows v0..v3 (four words each) -> columns (four rows each)
      (block $quads_done (loop $quad
        (br_if $quads_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (local.set $v0 (v128.load align=4 (local.get $p)))
        (local.set $v1 (v128.load align=4 (i32.add (local.get $p) (local.get $stride))))
        (local.set $v2 (v128.load align=4 (i32.add (local.get $p) (local.get $s2))))
        (local.set $v3 (v128.load align=4 (i32.add (local.get $p) (local.get $s3))))
        ;; a = v0.0 v1.0 v0.1 v1.1, b = v0.2 v1.2 v0.3 v1.3 (and c, d from v2, v3)
        (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
        (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
        (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
        (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
        (v128.store align=4 (local.get $o)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
        (v128.store align=4 (i32.add (local.get $o) (local.get $ds))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
        (v128.store align=4 (i32.add (local.get $o) (local.get $d2))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
        (v128.store align=4 (i32.add (local.get $o) (local.get $d3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $quad)))
      ;; the last rows one at a time
      (block $rows_done (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (i32.store (local.get $o) (i32.load (local.get $p)))
        (i32.store (i32.add (local.get $o) (local.get $ds)) (i32.load offset=4 (local.get $p)))
        (i32.store (i32.add (local.get $o) (local.get $d2)) (i32.load offset=8 (local.get $p)))
        (i32.store (i32.add (local.get $o) (local.get $d3)) (i32.load offset=12 (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $group))))
)
