/**
 * Kernel tests need zeromq's native module (tslab talks to the runner over it). Where it does not load,
 * they are skipped with the reason, not failed.
 */
export function skipWithoutZeromq(ctx: Mocha.Context): void {
  try {
    require('zeromq');
  } catch (err) {
    console.log(`    skipped: zeromq does not load here (${(err as Error).message})`);
    ctx.skip();
  }
}
