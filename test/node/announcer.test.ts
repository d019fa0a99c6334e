/** The one live-region announcer the widgets share (src/ui/announcer.ts). */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { Announcer, LINGER_MS } from '../../src/ui/announcer.js';

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

test('empties the region again a while after, so old words are not found out of place on the next step', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const a = new Announcer(host());
    a.say('3 projects picked: the most');
    mock.timers.tick(30);
    assert.equal(a.current, '3 projects picked: the most');
    mock.timers.tick(LINGER_MS - 1);
    assert.equal(a.current, '3 projects picked: the most', 'long enough to be read');
    mock.timers.tick(1);
    assert.equal(a.current, '', 'then gone');
    // Words said meanwhile get their own while.
    a.say('first');
    mock.timers.tick(30);
    mock.timers.tick(LINGER_MS / 2);
    a.say('second');
    mock.timers.tick(30);
    mock.timers.tick(LINGER_MS / 2);
    assert.equal(a.current, 'second', 'not emptied by the first words\' while');
    mock.timers.tick(LINGER_MS / 2);
    assert.equal(a.current, '');
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
