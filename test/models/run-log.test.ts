import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLog, readRunLog, HepmlError } from '../../lib';
import type { TrainContext } from '../../lib/models/callbacks';

describe('models/runLog (driven with fake logs)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-runlog-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = {} as TrainContext;

  it('writes run-log.json after every epoch with the notes, the losses and the best epoch', async () => {
    const cb = runLog({ path: join(dir, 'ckpt'), notes: { features: ['a', 'b'], seed: 3 } });
    await cb.onTrainBegin(ctx);
    const losses = [0.7, 0.5, 0.55, 0.4, 0.45];
    for (let e = 0; e < losses.length; e++) {
      await cb.onEpochEnd(e, { loss: 1 - e / 10, val_loss: losses[e] }, ctx);
      const mid = readRunLog(join(dir, 'ckpt'));
      assert.equal(mid.epochs.length, e + 1);
      assert.equal(mid.finished, null);
    }
    await cb.onTrainEnd({}, ctx);
    const log = readRunLog(join(dir, 'ckpt'));
    assert.deepEqual(log.notes, { features: ['a', 'b'], seed: 3 });
    assert.deepEqual(log.best, { epoch: 4, value: 0.4 });
    assert.deepEqual(log.epochs.map((r) => r.val_loss), losses);
    assert.ok(log.finished && log.started <= log.finished);
  });

  it('mode max for accuracy-like metrics; a missing metric names the logged ones', async () => {
    const cb = runLog({ path: dir, monitor: 'val_accuracy' });
    await cb.onTrainBegin(ctx);
    await cb.onEpochEnd(0, { val_accuracy: 0.8 }, ctx);
    await cb.onEpochEnd(1, { val_accuracy: 0.9 }, ctx);
    assert.equal(readRunLog(dir).best!.epoch, 2);
    await assert.rejects(runLog({ path: dir }).onEpochEnd(0, { loss: 1 }, ctx), /found only loss/);
  });

  it('readRunLog without a log names the file', () => {
    assert.throws(() => readRunLog(join(dir, 'nothing')), (e: Error) => e instanceof HepmlError && /run-log\.json/.test(e.message));
    assert.ok(!existsSync(join(dir, 'nothing')));
  });
});
