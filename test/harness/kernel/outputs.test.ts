import { strict as assert } from 'node:assert';
import type { IStream } from '@jupyterlab/nbformat';
import { OutputCollector } from '../../../harness/kernel/outputs';
import type { Message } from '../../../harness/kernel/wire';

function msg(msg_type: string, content: Record<string, unknown>): Message {
  return { header: { msg_id: 'x', msg_type, session: 's', username: 'u', date: '', version: '5.3' }, parent_header: {}, metadata: {}, content } as unknown as Message;
}
const stdout = (text: string) => msg('stream', { name: 'stdout', text });

describe('harness/kernel/outputs: the per-cell output cap (issue 16.7)', () => {
  it('stores at most the cap, then one note saying how much was dropped and how to raise the cap', () => {
    const c = new OutputCollector(new Map(), { maxBytes: 1000 });
    for (let i = 0; i < 5000; i++) c.add(stdout('y'.repeat(99) + '\n')); // 500 kB
    c.add(msg('display_data', { data: { 'text/plain': 'z'.repeat(5000) }, metadata: {} }));
    const streams = c.outputs.filter((o) => o.output_type === 'stream') as IStream[];
    const all = streams.map((s) => s.text as string).join('');
    assert.equal(all.split('\n').filter((l) => /^y+$/.test(l)).length, 10, 'ten whole lines kept');
    assert.ok(!c.outputs.some((o) => o.output_type === 'display_data'), 'a display past the cap is dropped too');
    assert.match(all, /\[hepml run: output truncated: this cell produced 0\.5 MB of output; only the first 1 kB are kept\. Raise the limit with --max-output MB\.\]\n$/);
    assert.equal(c.truncated, true);
  });

  it('keeps working for a stream far past the JavaScript string limit (nothing is concatenated past the cap)', () => {
    const c = new OutputCollector(new Map(), { maxBytes: 1 << 20 });
    const chunk = 'x'.repeat(1 << 20);
    for (let i = 0; i < 600; i++) c.add(stdout(chunk)); // 600 MB announced, ~1 MB kept
    c.add(msg('stream', { name: 'stderr', text: 'Error: late\n' }));
    const kept = c.outputs.map((o) => (o as IStream).text as string).join('');
    assert.ok(kept.length < (1 << 20) + 500, String(kept.length));
    assert.match(kept, /600\.0 MB/);
    assert.equal(c.stderr, 'Error: late\n', 'stderr (the error report) is kept past the cap');
  });

  it('without a cap option, uses the default of 16 MB and keeps small output whole', () => {
    const c = new OutputCollector();
    c.add(stdout('a\n'));
    c.add(stdout('b\n'));
    assert.deepEqual(c.outputs, [{ output_type: 'stream', name: 'stdout', text: 'a\nb\n' }]);
    assert.equal(c.truncated, false);
  });
});
