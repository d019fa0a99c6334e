/** The one live-region announcer the widgets share (src/ui/announcer.ts). */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { Announcer } from '../../src/ui/announcer.js';

function host() {
  const controllers: unknown[] = [];
  let updates = 0;
  return {
    controllers,
    get updates() {
      return updates;
    },
    addController: (c: unknown) => void controllers.push(c),
    removeController: () => {},
    requestUpdate: () => void updates++,
    updateComplete: Promise.resolve(true),
  };
}

test('says the words after emptying the region, so the same words twice are announced twice', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const h = host();
    const a = new Announcer(h);
    assert.equal(h.controllers[0], a);
    a.say('3 of 3 picked');
    assert.equal(a.current, '', 'emptied first');
    mock.timers.tick(30);
    assert.equal(a.current, '3 of 3 picked');
    a.say('3 of 3 picked');
    assert.equal(a.current, '');
    mock.timers.tick(30);
    assert.equal(a.current, '3 of 3 picked');
    // A newer message replaces one not yet said.
    a.say('first');
    a.say('second');
    mock.timers.tick(30);
    assert.equal(a.current, 'second');
    assert.ok(h.updates >= 6);
  } finally {
    mock.timers.reset();
  }
});

test('renders one polite, atomic status region', () => {
  const a = new Announcer(host());
  const strings = a.render().strings.join('');
  assert.match(strings, /role="status"/);
  assert.match(strings, /aria-live="polite"/);
  assert.match(strings, /aria-atomic="true"/);
});
