import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { decode, encode, makeHeader, sign, DELIMITER } from '../../../harness/kernel/wire';
import { parseTslabError } from '../../../harness/kernel/tslab-error';
import { OutputCollector } from '../../../harness/kernel/outputs';
import type { Message } from '../../../harness/kernel/wire';

const KEY = 'a0b1c2d3';

describe('harness/kernel/wire', () => {
  it('signs the four JSON frames with HMAC-SHA256 (hex), as a slow obvious version does', () => {
    const frames = ['{"a":1}', '{}', '{}', '{"code":"1"}'];
    assert.equal(sign(KEY, frames), createHmac('sha256', KEY).update(frames.join('')).digest('hex'));
    assert.equal(sign('', frames), '');
  });

  it('round-trips a message with identities and buffers', () => {
    const header = makeHeader('execute_request', 's1');
    const frames = encode(KEY, { identities: [Buffer.from('id1')], header, parent_header: {}, metadata: { m: 1 }, content: { code: 'x' }, buffers: [Buffer.from([1, 2])] });
    assert.equal(frames[1].toString(), DELIMITER);
    const msg = decode(KEY, frames);
    assert.deepEqual(msg.header, header);
    assert.deepEqual(msg.content, { code: 'x' });
    assert.deepEqual(msg.metadata, { m: 1 });
    assert.deepEqual(msg.identities.map(String), ['id1']);
    assert.deepEqual([...msg.buffers[0]], [1, 2]);
  });

  it('rejects a bad signature, a tampered frame and a missing delimiter', () => {
    const frames = encode(KEY, { header: makeHeader('status', 's'), parent_header: {}, metadata: {}, content: { execution_state: 'idle' } });
    assert.throws(() => decode('other-key', frames), /signature.*rejected/);
    const tampered = [...frames];
    tampered[5] = Buffer.from('{"execution_state":"busy"}');
    assert.throws(() => decode(KEY, tampered), /signature/);
    assert.throws(() => decode(KEY, frames.slice(1)), /expected '<IDS\|MSG>'/);
  });
});

describe('harness/kernel/tslab-error', () => {
  it('turns compile diagnostics into CompileError', () => {
    const e = parseTslabError("1:5 - Cannot find name 'foo'.\n2:1 - Missing.\n");
    assert.equal(e.ename, 'CompileError');
    assert.equal(e.evalue, "1:5 - Cannot find name 'foo'. (and 1 more)");
    assert.equal(e.traceback.length, 2);
  });

  it('turns an inspected error into ename/evalue and drops tslab frames', () => {
    const stderr = 'evalmachine.<anonymous>:2\nthrow new HepmlError("x");\n^\n\nHepmlError: data.csv: expected a number, found "a".\n    at evalmachine.<anonymous>:2:7\n    at Script.runInThisContext (node:vm:135:14)\n    at Object.execute (/p/node_modules/tslab/dist/executor.js:160:38)\n';
    const e = parseTslabError(stderr);
    assert.equal(e.ename, 'HepmlError');
    assert.equal(e.evalue, 'data.csv: expected a number, found "a".');
    assert.ok(!e.traceback.some((l) => /tslab|node:vm/.test(l)), e.traceback.join('\n'));
    assert.ok(e.traceback.includes('    at evalmachine.<anonymous>:2:7'));
    assert.deepEqual(parseTslabError('Error [ERR_X]: bad\n    at f'), { ename: 'Error', evalue: 'bad', traceback: ['Error [ERR_X]: bad', '    at f'] });
    assert.equal(parseTslabError('\u001b[31mTypeError\u001b[39m: x is not a function').ename, 'TypeError');
    assert.deepEqual(parseTslabError('just text').ename, 'Error');
  });
});

describe('harness/kernel/outputs', () => {
  const m = (msg_type: string, content: object, parent = 'p'): Message => ({ identities: [], header: makeHeader(msg_type, 's'), parent_header: { msg_id: parent }, metadata: {}, content: content as Record<string, unknown>, buffers: [] });

  it('merges consecutive streams of one name, keeps order otherwise', () => {
    const c = new OutputCollector();
    for (const [name, text] of [['stdout', 'a'], ['stdout', 'b\n'], ['stderr', 'e'], ['stdout', 'c']]) c.add(m('stream', { name, text }));
    assert.deepEqual(c.outputs.map((o) => [o.name, o.text]), [['stdout', 'ab\n'], ['stderr', 'e'], ['stdout', 'c']]);
    assert.equal(c.stderr, 'e');
  });

  it('applies update_display_data in place, across collectors of one session', () => {
    const registry = new Map();
    const first = new OutputCollector(registry);
    first.add(m('display_data', { data: { 'text/plain': '0%' }, metadata: {}, transient: { display_id: 'bar' } }));
    first.add(m('update_display_data', { data: { 'text/plain': '50%' }, metadata: {}, transient: { display_id: 'bar' } }));
    const second = new OutputCollector(registry);
    second.add(m('update_display_data', { data: { 'text/plain': '100%' }, metadata: {}, transient: { display_id: 'bar' } }));
    second.add(m('update_display_data', { data: { 'text/plain': 'x' }, metadata: {}, transient: { display_id: 'unknown' } }));
    assert.deepEqual(first.outputs, [{ output_type: 'display_data', data: { 'text/plain': '100%' }, metadata: {} }]);
    assert.deepEqual(second.outputs, []);
  });

  it('records execute_result and error, and honours clear_output(wait)', () => {
    const c = new OutputCollector();
    c.add(m('stream', { name: 'stdout', text: 'old' }));
    c.add(m('clear_output', { wait: true }));
    c.add(m('execute_result', { execution_count: 3, data: { 'text/plain': '42' }, metadata: {} }));
    c.add(m('error', { ename: 'E', evalue: 'v', traceback: ['t'] }));
    assert.deepEqual(c.outputs.map((o) => o.output_type), ['execute_result', 'error']);
  });
});
