import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { AT, adultIins, call, testServer } from '../../src/server/testing.js';

/**
 * A census endpoint of the tests' own, as a city's register would answer:
 * it checks the request's authentication, then answers from its table.
 */
const SECRET = 'census-test-secret-0123456789';
const [LISTED, ELSEWHERE] = adultIins(2, 900);
const REGISTERED: Record<string, { eligible: boolean; phone: string }> = {
  [LISTED!]: { eligible: true, phone: '+77017770001' },
  [ELSEWHERE!]: { eligible: false, phone: '+77017770002' },
};
let mode: 'ok' | 'slow' | 'error' | 'garbage' = 'ok';
const seen: { auth: boolean; body: string }[] = [];
let server: Server;
let url = '';

function handle(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    let auth = false;
    if (req.headers.authorization) auth = req.headers.authorization === `Bearer ${SECRET}`;
    else {
      const ts = String(req.headers['x-qala-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
      const got = String(req.headers['x-qala-signature'] ?? '');
      auth = got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
    }
    seen.push({ auth, body });
    if (!auth) return void res.writeHead(401).end();
    if (mode === 'slow') return void setTimeout(() => res.writeHead(200).end('{}'), 2000);
    if (mode === 'error') return void res.writeHead(502).end('bad gateway');
    if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"eligible":"yes"}');
    const { iin, phone } = JSON.parse(body) as { iin: string; phone: string };
    const r = REGISTERED[iin];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ eligible: !!r?.eligible, phoneMatches: r?.phone === phone }));
  });
}

before(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/census`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const censusServer = (auth: 'bearer' | 'hmac', secretEnv = 'QALA_TEST_CENSUS') => {
  process.env.QALA_TEST_CENSUS = SECRET;
  process.env.QALA_TEST_CENSUS_WRONG = 'not-the-secret';
  return testServer({ now: AT.aksu.voting, identity: { method: 'census', url, auth, secret: `env:${secretEnv}`, timeoutMs: 500 } });
};

const start = (t: ReturnType<typeof testServer>, iin: string, phone: string) => call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin, phone } });

for (const auth of ['bearer', 'hmac'] as const) {
  test(`census (${auth}): the registered phone gets a code; another phone, or an IIN not eligible here, gets none`, async () => {
    mode = 'ok';
    const t = censusServer(auth);
    try {
      const ok = await start(t, LISTED!, '8 701 777 00 01');
      assert.equal(ok.status, 201, ok.text);
      assert.equal(t.sms.sent.at(-1)!.phone, '+77017770001');
      assert.ok(seen.at(-1)!.auth, 'the request was authenticated');
      // The attack: the neighbour's IIN with the attacker's own phone.
      const attacker = await start(t, LISTED!, '+77075550000');
      assert.equal(attacker.status, 403);
      assert.deepEqual(attacker.body.details.issues, [{ path: ['phone'], message: 'phone.not_registered' }]);
      const notHere = await start(t, ELSEWHERE!, '+77017770002');
      assert.deepEqual(notHere.body.details.issues, [{ path: ['iin'], message: 'iin.not_eligible' }]);
      assert.equal(t.sms.sent.length, 1, 'no code was sent for a refused check');
    } finally {
      t.close();
    }
  });
}

test('census down, slow, garbled or refusing our credentials: 503 with a clear issue, no code, nothing said about the person', async () => {
  for (const [m, env] of [['slow', 'QALA_TEST_CENSUS'], ['error', 'QALA_TEST_CENSUS'], ['garbage', 'QALA_TEST_CENSUS'], ['ok', 'QALA_TEST_CENSUS_WRONG']] as const) {
    mode = m;
    const t = censusServer('bearer', env);
    try {
      const r = await start(t, LISTED!, '+77017770001');
      assert.equal(r.status, 503, `${m}/${env}: ${r.text}`);
      assert.equal(r.body.code, 'unavailable');
      assert.deepEqual(r.body.details.issues, [{ path: [], message: 'identity.unavailable' }]);
      assert.equal(t.sms.sent.length, 0);
      assert.ok(t.logger.lines.some((l) => l.includes('"msg":"census.unavailable"')));
      assert.ok(!t.logger.lines.join('').includes(LISTED!), 'the IIN is not logged');
    } finally {
      t.close();
    }
  }
  mode = 'ok';
});

test('census: the IIN and phone go only to the census endpoint, and a bad IIN never leaves the server', async () => {
  mode = 'ok';
  const t = censusServer('hmac');
  try {
    const before = seen.length;
    const bad = await start(t, LISTED!.slice(0, 11) + ((Number(LISTED![11]) + 1) % 10), '+77017770001');
    assert.equal(bad.status, 422);
    assert.equal(seen.length, before, 'an invalid IIN is refused before asking the census');
  } finally {
    t.close();
  }
});
