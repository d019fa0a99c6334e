import { expect } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import { offerEarly } from '../../src/client/early.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import { QalaError } from '../../src/client/errors.js';
import { mockApi } from './support/msw.js';

/** A real PNG made on a canvas (the server and the mock read a photo's kind and size from its bytes); `noise`: random pixels, which do not compress. */
async function png(w: number, h: number, noise = false): Promise<Blob> {
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(w, h);
  if (noise) for (let i = 0; i < image.data.length; i += 65_536) crypto.getRandomValues(image.data.subarray(i, i + 65_536));
  else image.data.fill(200);
  ctx.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

const API = '/api/v1';

async function rejection(promise: Promise<unknown>): Promise<QalaError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(QalaError);
    return error as QalaError;
  }
  throw new Error('expected a rejection');
}

describe('HttpBackend against msw', () => {
  it('reads the city config and validates it', async () => {
    await mockApi();
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu' });
    const config = await backend.getConfig();
    expect(config.city.slug).to.equal('aksu');
    expect(config.cycle.ballot.kind).to.equal('approval');
  });

  it('takes over a config request the script tag started early, once, and still validates it', async () => {
    await mockApi();
    const url = new URL(`${API}/cities/aksu`, document.baseURI).href;
    let asked = 0;
    const fetchImpl: typeof fetch = (...args) => {
      asked++;
      return fetch(...args);
    };
    // An early answer breaking the contract: taken over, and refused as any other answer would be.
    offerEarly(url, Promise.resolve(Response.json({ city: { slug: 'AKSU!' } })));
    const backend = new HttpBackend({ baseUrl: `${API}/`, city: 'aksu', fetch: fetchImpl });
    expect((await rejection(backend.getConfig())).kind).to.equal('validation');
    expect(asked, 'the early request was used instead of a new one').to.equal(0);
    // Used once only: the next request goes out.
    expect((await backend.getConfig()).city.slug).to.equal('aksu');
    expect(asked).to.equal(1);
    // An early request that failed on the way: asked anew.
    offerEarly(url, Promise.reject(new TypeError('network')));
    expect((await backend.getConfig()).city.slug).to.equal('aksu');
    expect(asked).to.equal(2);
    // One that never answers runs into the client's own timeout, as its own requests do.
    offerEarly(url, new Promise<Response>(() => {}));
    const patient = new HttpBackend({ baseUrl: API, city: 'aksu', fetch: fetchImpl, timeoutMs: 200, retries: 0 });
    expect((await rejection(patient.getConfig())).kind).to.equal('timeout');
  });

  it('turns a response that breaks the contract into a typed validation error', async () => {
    const { use } = await mockApi();
    use(http.get(`${API}/cities/aksu`, () => HttpResponse.json({ city: { slug: 'AKSU!' }, cycle: 42 })));
    const error = await rejection(new HttpBackend({ baseUrl: API, city: 'aksu' }).getConfig());
    expect(error.kind).to.equal('validation');
    expect(error.issues.length).to.be.greaterThan(0);
  });

  it('validates the answers whose schemas it imports when first needed: results, a receipt check, an author session', async () => {
    const { use } = await mockApi({ phase: 'results' });
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    const results = await backend.getResults();
    expect(results.mode).to.equal('final');
    expect(results.pools.length).to.be.greaterThan(0);
    use(
      http.get(`${API}/cities/aksu/results`, () => HttpResponse.json({ ...results, mode: 'draft' })),
      http.get(`${API}/cities/aksu/receipts/:code`, () => HttpResponse.json({ receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'x', status: 'counted' })),
      http.post(`${API}/cities/aksu/authors/verification/:id/confirm`, () => HttpResponse.json({ token: 'short', expiresAt: '2026-05-01T10:00:00+05:00' })),
    );
    const broken = await rejection(backend.getResults());
    expect(broken.kind).to.equal('validation');
    expect(broken.issues.map((i) => i.path.join('.'))).to.include('mode');
    expect((await rejection(backend.checkReceipt('K7QM-2HXP-9TRW-4DNB'))).kind).to.equal('validation');
    expect((await rejection(backend.confirmAuthorCode('c1', { code: '123456' }))).kind).to.equal('validation');
  });

  it('maps server error bodies to their codes', async () => {
    await mockApi();
    const error = await rejection(new HttpBackend({ baseUrl: API, city: 'nowhere' }).getConfig());
    expect(error.kind).to.equal('server');
    expect(error.code).to.equal('not_found');
    expect(error.status).to.equal(404);
    expect(error.retryable).to.equal(false);
  });

  it('gives up after the timeout with a timeout error', async () => {
    const { use } = await mockApi();
    use(http.get(`${API}/cities/aksu`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }));
    const error = await rejection(new HttpBackend({ baseUrl: API, city: 'aksu', timeoutMs: 100, retries: 0 }).getConfig());
    expect(error.kind).to.equal('timeout');
    expect(error.retryable).to.equal(true);
  });

  it('retries a GET after a 503 and succeeds', async () => {
    const { use } = await mockApi();
    let calls = 0;
    use(http.get(`${API}/cities/aksu`, () => (++calls < 3 ? HttpResponse.json({ code: 'unavailable', message: 'busy' }, { status: 503 }) : undefined)));
    const config = await new HttpBackend({ baseUrl: API, city: 'aksu', backoffMs: 5 }).getConfig();
    expect(config.city.slug).to.equal('aksu');
    expect(calls).to.equal(3);
  });

  it('never retries a POST without an Idempotency-Key', async () => {
    const { use } = await mockApi();
    let calls = 0;
    use(http.post(`${API}/cities/aksu/verification`, () => {
      calls++;
      return HttpResponse.json({ code: 'unavailable', message: 'busy' }, { status: 503 });
    }));
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu', backoffMs: 5 });
    const error = await rejection(backend.startVerification({ cycleId: 'aksu-2026', iin: '791028302728', phone: '+77011234567' }));
    expect(error.code).to.equal('unavailable');
    expect(calls).to.equal(1);
  });

  it('starts a sign-in once (no retry), validates the challenge, and knows the origin the sign-in window reports from', async () => {
    const { use } = await mockApi({ identity: 'oidc' });
    const bodies: unknown[] = [];
    let answer: unknown = { challengeId: 'ch-1', authorizationUrl: 'https://idp.example.kz/auth?x=1', expiresAt: '2026-05-01T10:00:00+05:00' };
    use(
      http.post(`${API}/cities/aksu/verification/oidc`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(answer as never, { status: 201 });
      }),
    );
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu' });
    const input = { cycleId: 'aksu-2026', returnTo: 'https://aksu.gov.kz/vote', mode: 'popup' } as const;
    expect((await backend.startSignIn(input)).challengeId).to.equal('ch-1');
    expect(bodies).to.deep.equal([input]);
    answer = { challengeId: 'ch-2' };
    expect((await rejection(backend.startSignIn(input))).kind).to.equal('validation');
    expect(backend.apiOrigin()).to.equal(location.origin);
    expect(new HttpBackend({ baseUrl: 'https://pb.example.kz/api/v1', city: 'aksu' }).apiOrigin()).to.equal('https://pb.example.kz');
  });

  it('retries a POST that carries an Idempotency-Key, with the same key each time', async () => {
    const { use } = await mockApi({ phase: 'submission' });
    const keys: string[] = [];
    use(http.post(`${API}/cities/aksu/proposals`, ({ request }) => {
      keys.push(request.headers.get('Idempotency-Key') ?? '');
      if (keys.length < 2) return HttpResponse.error();
      return undefined;
    }));
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu', backoffMs: 5 });
    const photo = await backend.uploadPhoto(await png(4, 4), 'yard.png');
    const proposal = await backend.submitProposal(
      {
        title: 'Скамейки у школы',
        description: 'Поставить десять скамеек вдоль аллеи у школы №2.',
        category: 'yards',
        address: 'ул. Абая, 10',
        estimatedCost: 1_500_000,
        photos: [photo.id],
        authorName: 'Асель',
        phone: '+77011234567',
        consent: true,
      },
      'key-0123',
    );
    expect(proposal.status).to.equal('submitted');
    expect(keys).to.deep.equal(['key-0123', 'key-0123']);
  });

  it('does not retry a 4xx answer even with an Idempotency-Key', async () => {
    const { state } = await mockApi({ phase: 'review' });
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu', backoffMs: 5 });
    const error = await rejection(
      backend.submitProposal(
        { title: 'Скамейки', description: 'Поставить десять скамеек у школы №2.', category: 'yards', address: 'ул. Абая', estimatedCost: 1, photos: ['x'], authorName: 'Асель', phone: '+77011234567', consent: true },
        'key-0009',
      ),
    );
    expect(error.code).to.equal('phase_closed');
    expect(state.calls.get('proposals')).to.equal(1);
  });

  it('reports upload progress', async () => {
    await mockApi({ phase: 'submission' });
    const seen: number[] = [];
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu' });
    const big = await png(230, 230, true);
    expect(big.size).to.be.greaterThan(150_000);
    const photo = await backend.uploadPhoto(big, 'a.png', { onProgress: (f) => seen.push(f) });
    expect(photo.id).to.match(/^ph/);
    expect(seen.at(-1)).to.equal(1);
    // Called off before it goes: nothing is sent.
    const cancelled = new AbortController();
    cancelled.abort();
    const error = await rejection(backend.uploadPhoto(new Blob([new Uint8Array(10)], { type: 'image/png' }), 'b.png', { onProgress: () => {}, signal: cancelled.signal }));
    expect(error.kind).to.equal('aborted');
  });

  it('a photo upload is given up on when nothing moves for four timeouts, not while it keeps moving', async function () {
    // timeoutMs 500: an upload with progress waits 2 s with nothing moving. The first answer takes 3.6 s, a little every
    // 400 ms (a slow connection that works: a fixed 2 s limit gave it up); the second says nothing for 4 s. Margins
    // of five times and twice: a loaded machine's WebKit once saw 1 s pass between two 400 ms ticks (with 250 ms).
    this.timeout(40_000);
    const blob = () => new Blob([new Uint8Array(20_000)], { type: 'image/png' });
    const slow = new HttpBackend({ baseUrl: '/test-slow/trickle', city: 'aksu', timeoutMs: 500, retries: 0 });
    const seen: number[] = [];
    const photo = await slow.uploadPhoto(blob(), 'a.png', { onProgress: (f) => seen.push(f) });
    expect(photo.id).to.equal('ph_slow');
    expect(seen.at(-1)).to.equal(1);
    const stalled = new HttpBackend({ baseUrl: '/test-slow/stall', city: 'aksu', timeoutMs: 500, retries: 0 });
    const error = await rejection(stalled.uploadPhoto(blob(), 'b.png', { onProgress: () => {} }));
    expect(error.kind).to.equal('timeout');
    expect(error.retryable).to.equal(true);
    // An author's photo for a proposal being corrected, alike (it went with a flat timeout of its own).
    expect((await slow.uploadAuthorPhoto('at_token', blob(), 'c.png')).id).to.equal('ph_slow');
    expect((await rejection(stalled.uploadAuthorPhoto('at_token', blob(), 'd.png'))).kind).to.equal('timeout');
  });

  describe('an error answer that is not our JSON (a proxy or CDN in front of the API)', () => {
    /** A fetch that answers `answers` in turn (the last one again), counting the calls. */
    function answering(...answers: Array<() => Response>) {
      const calls = { n: 0 };
      const fetchImpl = (async () => answers[Math.min(calls.n++, answers.length - 1)]!()) as unknown as typeof fetch;
      return { fetchImpl, calls };
    }
    const page = (status: number, headers: Record<string, string> = {}) => () =>
      new Response('<html><body><h1>Too Many Requests</h1></body></html>', { status, headers: { 'Content-Type': 'text/html', ...headers } });
    const empty = (status: number) => () => new Response('', { status });
    const ours = (status: number, code: string, headers: Record<string, string> = {}) => () =>
      new Response(JSON.stringify({ code, message: code }), { status, headers: { 'Content-Type': 'application/json', ...headers } });
    const ballot = { cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-1' }] }] };
    const cast = (fetchImpl: typeof fetch, o: { retries?: number; maxBackoffMs?: number } = {}) =>
      new HttpBackend({ baseUrl: API, city: 'aksu', backoffMs: 1, retries: 2, ...o, fetch: fetchImpl }).castBallot('tok', ballot, 'key-12345678');

    it('is classified by its status: 408, 425, 429 and 5xx are worth trying again, and are tried again', async () => {
      const cases: Array<[string, () => Response, string]> = [
        ['429 page', page(429), 'rate_limited'],
        ['429 empty', empty(429), 'rate_limited'],
        ['408 empty', empty(408), 'request_timeout'],
        ['425 empty', empty(425), 'unavailable'],
        ['502 page', page(502), 'unavailable'],
      ];
      for (const [name, answer, code] of cases) {
        const { fetchImpl, calls } = answering(answer);
        const error = await rejection(cast(fetchImpl));
        expect(`${name}: ${error.kind} ${error.code} ${error.status} retryable=${error.retryable} calls=${calls.n}`).to.equal(
          `${name}: server ${code} ${name.slice(0, 3)} retryable=true calls=3`,
        );
      }
    });

    it("keeps the code our own JSON error gives, and is not retried for any other 4xx", async () => {
      const limited = await rejection(cast(answering(ours(429, 'too_many_codes')).fetchImpl));
      expect(`${limited.code} ${limited.retryable}`).to.equal('too_many_codes true');
      const timedOut = await rejection(cast(answering(ours(408, 'request_timeout')).fetchImpl));
      expect(`${timedOut.code} ${timedOut.retryable}`).to.equal('request_timeout true');
      const { fetchImpl, calls } = answering(page(404));
      const missing = await rejection(cast(fetchImpl));
      expect(`${missing.kind} ${missing.code} ${missing.retryable} calls=${calls.n}`).to.equal('server bad_request false calls=1');
      // Only a success whose body breaks the contract is a contract (validation) error.
      const broken = await rejection(cast(answering(page(200)).fetchImpl));
      expect(`${broken.kind} ${broken.code} ${broken.retryable}`).to.equal('validation bad_request false');
    });

    it('hands a Retry-After longer than its own longest backoff to the caller at once (an outbox waits it out where it shows)', async () => {
      const { fetchImpl, calls } = answering(ours(503, 'unavailable', { 'Retry-After': '3600' }), () => Response.json({}));
      const started = performance.now();
      const error = await rejection(cast(fetchImpl, { maxBackoffMs: 50 }));
      expect(`${error.code} retryAfter=${error.retryAfter} retryable=${error.retryable} calls=${calls.n}`).to.equal('unavailable retryAfter=3600 retryable=true calls=1');
      expect(performance.now() - started).to.be.lessThan(1000);
      // A 429 page that asks for an hour: the same.
      const page429 = answering(page(429, { 'Retry-After': '3600' }));
      const limited = await rejection(cast(page429.fetchImpl));
      expect(`${limited.code} retryAfter=${limited.retryAfter} calls=${page429.calls.n}`).to.equal('rate_limited retryAfter=3600 calls=1');
      // A hint within the backoff is still waited out here, then tried again.
      const short = answering(ours(503, 'unavailable', { 'Retry-After': '1' }));
      const t0 = performance.now();
      await rejection(cast(short.fetchImpl, { retries: 1, maxBackoffMs: 2000 }));
      expect(short.calls.n).to.equal(2);
      expect(performance.now() - t0).to.be.greaterThan(900);
    });
  });
});
