import { expect } from '@open-wc/testing';
import { createStore, entries } from 'idb-keyval';
import { http, HttpResponse } from 'msw';
import { HttpBackend } from '../../src/client/http-backend.js';
import { Outbox, memoryOutboxStorage, outboxKey, type OutboxEntry } from '../../src/client/outbox.js';
import type { BallotInput } from '../../src/contract/index.js';
import type { MockState } from '../../src/mock/handlers.js';
import { ADULT, clearOutbox, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const store = createStore('qala-outbox-v1', 'outbox');
const CYCLE = 'aksu-outbox';

async function session(state: MockState): Promise<string> {
  const backend = new HttpBackend({ baseUrl: API, city: 'aksu' });
  const challenge = await backend.startVerification({ cycleId: CYCLE, iin: ADULT, phone: '+77012345678' });
  void state;
  return (await backend.confirmCode(challenge.challengeId, { code: '123456' })).token;
}
const ballot: BallotInput = { cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-1' }, { projectId: 'aksu-2' }] }] };
const backend = () => new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });

describe('Outbox', () => {
  let state: MockState;
  let use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void;
  const boxes: Outbox[] = [];
  const make = (o: Partial<ConstructorParameters<typeof Outbox>[0]> = {}) => {
    // Random 0.5: a scheduled retry exactly on its wait (no jitter), and 20 ms after `online`.
    const box = new Outbox({ backend: backend(), city: 'aksu', cycleId: CYCLE, retryDelays: [60_000], random: () => 0.5, onlineDelayMs: 40, ...o });
    boxes.push(box);
    return box;
  };
  beforeEach(async () => {
    ({ state, use } = await mockApi());
    state.configs.get('aksu')!.cycle.id = CYCLE;
    await clearOutbox(CYCLE);
  });
  afterEach(() => boxes.splice(0).forEach((b) => b.close()));

  it('sends a ballot and keeps the receipt, dropping the token', async () => {
    const token = await session(state);
    const box = make();
    const entry = await box.submit(ballot, { token });
    expect(entry.status).to.equal('sent');
    expect(entry.receipt?.receiptCode).to.match(/^[0-9A-Z]{4}-/);
    const [key, kept] = ((await entries(store)) as [string, OutboxEntry][]).find(([k]) => k.includes(`:${CYCLE}:`))!;
    expect(key).to.equal(outboxKey('aksu', CYCLE));
    expect(key).to.equal('qala:v1:aksu:aksu-outbox:ballot');
    expect(kept.token).to.equal(null);
    expect(kept.ballot.choices).to.deep.equal([]);
    expect(JSON.stringify(kept)).not.to.contain(ADULT);
  });

  it('offline submit → back online → exactly one ballot on the server', async () => {
    const token = await session(state);
    let offline = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
    const box = make();
    const first = await box.submit(ballot, { token });
    expect(first.status).to.equal('pending');
    expect(first.error).to.deep.equal({ code: 'unavailable', retryable: true });
    expect(box.hasUnsent).to.equal(true);
    // Kept on the device with the token, never the IIN.
    const kept = ((await entries(store)) as [string, OutboxEntry][]).find(([k]) => k.includes(`:${CYCLE}:`))![1];
    expect(kept.token).to.equal(token);
    expect(JSON.stringify(kept)).not.to.contain(ADULT);
    offline = false;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => box.snapshot.entry?.status === 'sent', 'sent after online');
    // A second flush (another trigger) sends nothing more.
    await box.flush();
    expect(state.ballots.size).to.equal(1);
    expect(state.calls.get('ballots')).to.equal(1);
  });

  it('back online while an attempt is still failing: sends right after it, not at the next retry a minute later', async () => {
    const token = await session(state);
    let calls = 0;
    use(
      http.post(`${API}/cities/aksu/ballots`, async () => {
        // The first attempt is still on its way when the network comes back, and fails.
        if (++calls === 1) return new Promise<Response>((resolve) => setTimeout(() => resolve(HttpResponse.error()), 300));
        return undefined;
      }),
    );
    const box = make();
    const submitted = box.submit(ballot, { token });
    // Once the first attempt is on its way (not after a fixed 100 ms: in the full runner's WebKit the outbox's store
    // was once still opening then, so the event came before it listened).
    await waitUntil(() => calls === 1, 'the first attempt never left', { timeout: 5000 });
    window.dispatchEvent(new Event('online'));
    expect((await submitted).status).to.equal('pending');
    await waitUntil(() => box.snapshot.entry?.status === 'sent', 'not sent after coming online (waited for the next retry)', { timeout: 2000 });
    expect(state.ballots.size).to.equal(1);
  });

  it('a response lost on the way back is repeated with the same key and gives the same receipt', async () => {
    const token = await session(state);
    let lose = true;
    const keys: string[] = [];
    use(
      http.post(`${API}/cities/aksu/ballots`, async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key')!);
        if (!lose) return undefined;
        lose = false;
        // The server takes it, the answer never arrives.
        const real = await fetch(request.clone());
        void real;
        return HttpResponse.error();
      }),
    );
    const box = make();
    expect((await box.submit(ballot, { token })).status).to.equal('pending');
    const again = await box.flush();
    expect(again?.status).to.equal('sent');
    expect(new Set(keys).size).to.equal(1);
    expect(state.ballots.size).to.equal(1);
  });

  it('with two tabs open, only one sends (Web Locks), and the other sees the receipt', async () => {
    const token = await session(state);
    let offline = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
    const tabA = make();
    const tabB = make();
    await tabB.open();
    expect((await tabA.submit(ballot, { token })).status).to.equal('pending');
    state.calls.set('ballots', 0);
    offline = false;
    const [a, b] = await Promise.all([tabA.flush(), tabB.flush()]);
    expect(a?.status).to.equal('sent');
    expect(b?.status).to.equal('sent');
    expect(a?.receipt?.receiptCode).to.equal(b?.receipt?.receiptCode);
    expect(state.calls.get('ballots')).to.equal(1);
    expect(state.ballots.size).to.equal(1);
  });

  it('without a lock manager both tabs may send, and idempotency still gives one ballot', async () => {
    const token = await session(state);
    let offline = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
    const tabA = make({ locks: null });
    const tabB = make({ locks: null });
    await tabA.submit(ballot, { token });
    await tabB.open();
    offline = false;
    await Promise.all([tabA.flush(), tabB.flush()]);
    expect(state.ballots.size).to.equal(1);
  });

  it('sends what an earlier visit left, on open', async () => {
    const token = await session(state);
    let offline = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
    const before = make();
    await before.submit(ballot, { token });
    before.close();
    offline = false;
    const after = make();
    await after.open();
    await waitUntil(() => after.snapshot.entry?.status === 'sent', 'sent on load');
    expect(state.ballots.size).to.equal(1);
  });

  it('retries by itself after a wait', async () => {
    const token = await session(state);
    let offline = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
    const box = make({ retryDelays: [20] });
    await box.submit(ballot, { token });
    offline = false;
    await waitUntil(() => box.snapshot.entry?.status === 'sent', 'sent by the timer');
  });

  describe("the server's Retry-After, jitter and other tabs", () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** The ballots endpoint down (503, or `answer`) while `down.now`, counting and timing the calls that reach it. */
    function outage(answer: () => Response = () => HttpResponse.json({ code: 'unavailable', message: 'down' }, { status: 503 })) {
      const down = { now: true, calls: [] as number[] };
      use(http.post(`${API}/cities/aksu/ballots`, () => (down.calls.push(Date.now()), down.now ? answer() : undefined)));
      return down;
    }
    const busy = (seconds: number) => () => HttpResponse.json({ code: 'unavailable', message: 'down' }, { status: 503, headers: { 'Retry-After': String(seconds) } });
    /** Submits and says when this tab will try again, as `lo ≤ wait ≤ hi` around the moments the timer was set. */
    async function submitAndWait(box: Outbox, token: string): Promise<{ entry: OutboxEntry; within: (ms: number) => boolean }> {
      const before = Date.now();
      const entry = await box.submit(ballot, { token });
      const after = Date.now();
      const at = box.snapshot.nextAttemptAt!;
      return { entry, within: (ms) => at - before >= ms && at - after <= ms };
    }

    it('waits the Retry-After the server asked for, not its own shorter delay, and then sends', async () => {
      const token = await session(state);
      const down = outage(busy(1));
      const box = make({ retryDelays: [20], random: () => 0 });
      const { entry, within } = await submitAndWait(box, token);
      expect(`${entry.status} ${entry.error?.retryAfter}`).to.equal('pending 1');
      // Random 0: no jitter on top of the server's second — and never below it.
      expect(within(1000), `next attempt in 1 s, not 20 ms: ${box.snapshot.nextAttemptAt! - Date.now()}`).to.equal(true);
      const kept = ((await entries(store)) as [string, OutboxEntry][]).find(([k]) => k.includes(`:${CYCLE}:`))![1];
      expect(kept.retryAt! - Date.now() > 500, 'the wait is kept on the device for every tab').to.equal(true);
      down.now = false;
      await sleep(300);
      expect(down.calls.length, 'nothing sent before the second is up').to.equal(1);
      await waitUntil(() => box.snapshot.entry?.status === 'sent', 'sent after the wait', { timeout: 4000 });
      expect(down.calls.length).to.equal(2);
      expect(down.calls[1]! - down.calls[0]! >= 1000, `second attempt ${down.calls[1]! - down.calls[0]!} ms after the first`).to.equal(true);
    });

    it("a long Retry-After (in the body, capped at ten minutes) is cut short when the browser comes online", async () => {
      const token = await session(state);
      const down = outage(() => HttpResponse.json({ code: 'rate_limited', message: 'slow down', details: { retryAfter: 3600 } }, { status: 429 }));
      const box = make({ retryDelays: [20], random: () => 0 });
      const { entry, within } = await submitAndWait(box, token);
      expect(`${entry.status} ${entry.error?.code} ${entry.error?.retryAfter}`).to.equal('pending rate_limited 3600');
      expect(within(600_000), `next attempt in 10 min: ${box.snapshot.nextAttemptAt! - Date.now()}`).to.equal(true);
      down.now = false;
      await sleep(150);
      expect(down.calls.length, 'still waiting').to.equal(1);
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => box.snapshot.entry?.status === 'sent', 'sent once online', { timeout: 3000 });
      expect(`${down.calls.length} ${box.snapshot.nextAttemptAt}`).to.equal('2 null');
    });

    it('"Send now" does not wait for a Retry-After', async () => {
      const token = await session(state);
      const down = outage(busy(60));
      const box = make({ retryDelays: [20] });
      expect((await box.submit(ballot, { token })).status).to.equal('pending');
      await sleep(150);
      expect(down.calls.length, 'waiting a minute').to.equal(1);
      down.now = false;
      expect((await box.flush())?.status).to.equal('sent');
      expect(down.calls.length).to.equal(2);
    });

    it('jitters scheduled retries within ±30 % (a Retry-After: 0 to +30 %), each tab drawing its own', async () => {
      const token = await session(state);
      outage();
      const cases: [number, number][] = [
        [0, 700],
        [0.5, 1000],
        [0.999_999, 1300],
      ];
      const seen: string[] = [];
      for (const [r, ms] of cases) {
        const box = make({ retryDelays: [1000], random: () => r });
        const { within } = await submitAndWait(box, token);
        seen.push(`${r}: ${within(ms)}`);
        box.close();
      }
      use(http.post(`${API}/cities/aksu/ballots`, busy(1)));
      for (const [r, ms] of [[0, 1000], [0.999_999, 1300]] as const) {
        const box = make({ retryDelays: [20], random: () => r });
        const { within } = await submitAndWait(box, token);
        seen.push(`hinted ${r}: ${within(ms)}`);
        box.close();
      }
      expect(seen.join(', ')).to.equal('0: true, 0.5: true, 0.999999: true, hinted 0: true, hinted 0.999999: true');
    });

    it('back online, waits a random moment (0–2 s) before sending', async () => {
      const token = await session(state);
      const down = outage(() => HttpResponse.error());
      const box = make({ random: () => 0.5, onlineDelayMs: 1000 });
      expect((await box.submit(ballot, { token })).status).to.equal('pending');
      down.now = false;
      const online = Date.now();
      window.dispatchEvent(new Event('online'));
      await sleep(200);
      expect(down.calls.length, 'not at once').to.equal(1);
      await waitUntil(() => box.snapshot.entry?.status === 'sent', 'sent after its moment', { timeout: 3000 });
      expect(down.calls[1]! - online >= 500, `sent ${down.calls[1]! - online} ms after online`).to.equal(true);
    });

    it('back online while the store is still opening: a ballot waiting out a Retry-After is sent, not left to the wait', async () => {
      const token = await session(state);
      const down = outage(busy(60));
      const before = make();
      expect((await before.submit(ballot, { token })).status).to.equal('pending');
      before.close();
      down.now = false;
      const after = make();
      // IndexedDB answers no read at once: the event comes before this tab knows a ballot waits.
      const opening = after.open();
      window.dispatchEvent(new Event('online'));
      await opening;
      await waitUntil(() => after.snapshot.entry?.status === 'sent', 'not sent after coming online (waited out the minute)', { timeout: 3000 });
      expect(down.calls.length).to.equal(2);
    });

    it('back online while the store is still opening, with a ballot that is sent on load: sent once, not again for the event', async () => {
      const token = await session(state);
      let offline = true;
      let calls = 0;
      use(
        http.post(`${API}/cities/aksu/ballots`, async () => {
          calls++;
          if (offline) return HttpResponse.error();
          // Slow to answer, so that a second send for the event (no lock to wait for) would overlap the one on load.
          await sleep(300);
          return undefined;
        }),
      );
      const before = make();
      expect((await before.submit(ballot, { token })).status).to.equal('pending');
      before.close();
      offline = false;
      const after = make({ locks: null });
      const opening = after.open();
      window.dispatchEvent(new Event('online'));
      await opening;
      await waitUntil(() => after.snapshot.entry?.status === 'sent', 'sent on load', { timeout: 3000 });
      await sleep(150);
      expect(calls, 'the first attempt, then one send on load').to.equal(2);
    });

    it('a second tab keeps the wait, and retries by itself once the tab that sent has closed', async () => {
      const token = await session(state);
      const down = outage(busy(1));
      const tabB = make({ retryDelays: [50] });
      await tabB.open();
      const tabA = make({ retryDelays: [50] });
      expect((await tabA.submit(ballot, { token })).status).to.equal('pending');
      tabA.close();
      await waitUntil(() => tabB.snapshot.entry?.attempts === 1, 'the other tab sees the attempt');
      const b = tabB.snapshot;
      expect(`${b.entry?.status} ${b.nextAttemptAt !== null && b.nextAttemptAt >= b.entry!.retryAt!}`).to.equal('pending true');
      down.now = false;
      await sleep(300);
      expect(down.calls.length, 'the server’s second is kept in the other tab too').to.equal(1);
      await waitUntil(() => tabB.snapshot.entry?.status === 'sent', 'sent by the other tab', { timeout: 4000 });
      expect(down.calls.length).to.equal(2);
      expect(state.ballots.size).to.equal(1);
    });

    it('two tabs waiting on one ballot send each retry once, not once each', async () => {
      const token = await session(state);
      const down = outage();
      // The same random: both tabs' timers fire together, the worst case for a double send.
      const tabB = make({ retryDelays: [400] });
      await tabB.open();
      const tabA = make({ retryDelays: [400] });
      await tabA.submit(ballot, { token });
      await waitUntil(() => down.calls.length >= 3, 'two rounds of retries', { timeout: 4000 });
      await sleep(150);
      const gaps = down.calls.slice(1).map((t, i) => t - down.calls[i]!);
      expect(`${down.calls.length} ${gaps.every((g) => g > 200)}`, `gaps ${gaps.join(', ')}`).to.equal('3 true');
      // Either tab may have sent each round; with the one closed, the other goes on alone.
      tabA.close();
      down.now = false;
      await waitUntil(() => tabB.snapshot.entry?.status === 'sent', 'sent by the tab left', { timeout: 3000 });
      expect(state.ballots.size).to.equal(1);
    });
  });

  it('marks a refused ballot failed with the code and forgets the token', async () => {
    const token = await session(state);
    const box = make();
    const bad: BallotInput = { cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-1' }, { projectId: 'aksu-2' }, { projectId: 'aksu-3' }, { projectId: 'aksu-4' }] }] };
    const entry = await box.submit(bad, { token });
    expect(entry.status).to.equal('failed');
    expect(entry.error).to.deep.equal({ code: 'ballot_invalid', retryable: false });
    expect(entry.token).to.equal(null);
    expect(box.hasUnsent).to.equal(false);
  });

  it("keeps the ballot and its token when a proxy in front of the API answers 429 or 408 with a page of its own", async () => {
    const token = await session(state);
    const answers = [
      () => new HttpResponse('<html><body>Too Many Requests</body></html>', { status: 429, headers: { 'Content-Type': 'text/html' } }),
      () => new HttpResponse(null, { status: 408 }),
    ];
    let call = 0;
    use(http.post(`${API}/cities/aksu/ballots`, () => (call < answers.length ? answers[call++]!() : undefined)));
    const box = make();
    const first = await box.submit(ballot, { token });
    expect(`${first.status} ${first.token === token} ${JSON.stringify(first.error)}`).to.equal(`pending true ${JSON.stringify({ code: 'rate_limited', retryable: true })}`);
    const second = (await box.flush())!;
    expect(`${second.status} ${second.token === token} ${JSON.stringify(second.error)}`).to.equal(`pending true ${JSON.stringify({ code: 'request_timeout', retryable: true })}`);
    const sent = (await box.flush())!;
    expect(sent.status).to.equal('sent');
    expect(state.ballots.size).to.equal(1);
  });

  it('falls back to memory when IndexedDB fails, and says so', async () => {
    const token = await session(state);
    const broken = {
      get: () => Promise.reject(new Error('denied')),
      set: () => Promise.reject(new Error('denied')),
      del: () => Promise.reject(new Error('denied')),
      entries: () => Promise.reject(new Error('denied')),
    };
    const box = make({ storage: broken });
    await box.open();
    expect(box.snapshot.persistent).to.equal(false);
    expect((await box.submit(ballot, { token })).status).to.equal('sent');
  });

  it('memory storage hands out copies', async () => {
    const mem = memoryOutboxStorage();
    const entry = { key: 'k', status: 'pending' } as OutboxEntry;
    await mem.set('k', entry);
    entry.status = 'sent';
    expect((await mem.get('k'))!.status).to.equal('pending');
  });
});
