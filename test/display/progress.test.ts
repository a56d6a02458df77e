import { strict as assert } from 'node:assert';
import { progress, renderBar } from '../../lib/display';

describe('display/progress', () => {
  it('renders done/total, percentage, elapsed and ETA', () => {
    assert.equal(renderBar('fit', 5, 10, 2000, 'loss=0.5', 10), 'fit [#####.....] 5/10 50% 2.0s<2.0s loss=0.5');
    assert.equal(renderBar('', 10, 10, 61000, '', 4), '[####] 10/10 100% 1m01s');
  });

  it('prints a few evenly spaced plain lines outside a kernel, ending at 100%', () => {
    const lines: string[] = [];
    let t = 0;
    const bar = progress({ total: 100, label: 'x', lines: 4, mode: 'text', now: () => t, write: (l) => lines.push(l) });
    for (let i = 1; i <= 100; i++) {
      t += 10;
      bar.update(i);
    }
    bar.finish();
    assert.equal(lines.length, 5, lines.join('\n'));
    assert.match(lines[0], / 20\/100 20% /);
    assert.match(lines[lines.length - 1], / 100\/100 100% 1\.0s$/);
    assert.equal(bar.text, lines[lines.length - 1]);
  });
});
