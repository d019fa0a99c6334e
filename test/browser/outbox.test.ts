import { expect, waitUntil } from '@open-wc/testing';
import { createStore, entries } from 'idb-keyval';
import { http, HttpResponse } from 'msw';
import { HttpBackend } from '../../src/client/http-backend.js';
import { Outbox, memoryOutboxStorage, outboxKey, type OutboxEntry } from '../../src/client/outbox.js';
import type { BallotInput } from '../../src/contract/index.js';
import type { MockState } from '../../src/mock/handlers.js';
import { ADULT, clearOutbox } from './support/dom.js';
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
    const box = new Outbox({ backend: backend(), city: 'aksu', cycleId: CYCLE, retryDelays: [60_000], ...o });
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
