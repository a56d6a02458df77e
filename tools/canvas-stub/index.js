'use strict';
// hepml-course never renders through node-canvas; fail loudly if something tries.
function unavailable() {
  throw new Error('canvas is not installed in hepml-course (jsroot is used for reading only).');
}
module.exports = { createCanvas: unavailable, loadImage: unavailable, Image: unavailable };
