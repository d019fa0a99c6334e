import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LazyPart } from '../../src/ui/lazy-part.js';

describe('LazyPart', () => {
  it('is on its way or failed at every moment of a needed fetch that fails: never neither, so nothing asks twice', async () => {
    const part = new LazyPart<string>(() => Promise.reject(new Error('offline')));
    const seen: string[] = [];
    let settled = false;
    const asked = part.get().then(
      () => undefined,
      () => undefined,
    );
    void asked.then(() => (settled = true));
    // Look at the part between every two microtasks until the ask has settled (a render could run in any of them).
    while (!settled) {
      seen.push(part.loading ? 'loading' : part.failed ? 'failed' : 'neither');
      await Promise.resolve();
    }
    assert.ok(!seen.includes('neither'), seen.join(' → '));
    assert.equal(part.failed, true);
  });

  it('keeps a failed prefetch silent, and a get after it asks again', async () => {
    let calls = 0;
    const part = new LazyPart<string>(() => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve('part')));
    part.prefetch();
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(part.failed, false);
    assert.equal(await part.get(), 'part');
    assert.equal(calls, 2);
  });
});
