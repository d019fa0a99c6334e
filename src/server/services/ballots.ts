import { BallotInput, ReceiptCode, type Receipt, type ReceiptStatus } from '../../contract/index.js';
import { hasDistrictPools, otherDistrictIssues, validateBallot } from '../../domain/ballot.js';
import { receiptCode, type VoterTokenPayload } from '../crypto.js';
import { HttpError, fail, validationError } from '../errors.js';
import { isStoreError } from '../store/errors.js';
import { formatInstant } from '../time.js';
import { phaseClosed, type Core, type CycleView } from './core.js';
import type { ProposalService } from './proposals.js';

/** Reads `Authorization: Bearer …` as a voter token of this city; 401 when absent or bad, 403 for another city. */
export function voterFromHeader(core: Core, slug: string, header: string | undefined): VoterTokenPayload {
  const m = /^Bearer ([A-Za-z0-9._~+/=-]{1,600})$/.exec(header ?? '');
  if (!m) fail('unauthorized', 'verify first: this needs the bearer token from the code confirmation');
  const t = core.keys.openToken(m![1]!);
  if (!t) fail('unauthorized', 'the token is not valid');
  if (t!.e <= core.clock().getTime()) fail('unauthorized', 'the token has expired; verify again');
  if (t!.c !== slug) fail('forbidden', 'this token belongs to another city');
  return t!;
}

export class BallotService {
  constructor(
    private readonly core: Core,
    private readonly proposals: ProposalService,
  ) {}

  async cast(slug: string, authorization: string | undefined, key: string | undefined, json: unknown, requireKey: (k: string | undefined) => string): Promise<{ status: number; body: unknown }> {
    this.core.cityRuntime(slug);
    const voter = voterFromHeader(this.core, slug, authorization);
    const idemKey = requireKey(key);
    const parsed = BallotInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const ballot = parsed.data;
    if (ballot.cycleId !== voter.y) fail('validation_failed', 'the ballot is for another cycle than the token', { issues: [{ path: ['cycleId'], message: 'cycle.not_current' }] });
    await this.core.rateLimit(`ballot:${voter.h}`, this.core.config.limits.ballotsPerVoterPerMinute, 60_000);
    return this.core.idempotent(`ballot:${slug}:${voter.h}`, idemKey, json, async (record) => {
      const view = await this.core.view(slug);
      if (view.cycle.id !== voter.y) fail('forbidden', 'this token is for another cycle');
      if (view.phase !== 'voting') phaseClosed('voting', view.cycle, 'voting');
      const elsewhere = otherDistrictIssues(view.cycle.pools, await this.listedDistrict(view, voter), ballot);
      if (elsewhere.length)
        fail('district_mismatch', 'the voter list puts this voter in another district: choose only in the city-wide and category pools and in the pools of that district', { issues: elsewhere });
      const projects = await this.proposals.ballotProjects(view);
      const issues = validateBallot(view.cycle, projects.map((p) => ({ id: p.id, cost: p.finalCost ?? p.estimatedCost, poolId: p.poolId! })), ballot);
      if (issues.length) throw new HttpError('ballot_invalid', 'the ballot breaks the rules of this vote', { issues });
      const mode = view.cycle.revote === 'until_close' ? 'replace' : 'final';
      if (mode === 'final' && (await this.core.store.currentBallot(slug, voter.y, voter.h))) fail('already_voted', 'this person has already voted in this cycle');
      await this.core.hooks.beforeBallotInsert?.();
      const castAt = this.core.now();
      const tz = view.rt.city.timeZone;
      const choices = ballot.choices.filter((c) => c.picks.length > 0);
      for (let attempt = 0; ; attempt++) {
        const body: Receipt = {
          receiptCode: receiptCode(),
          cycleId: voter.y,
          // Written in the city's offset: the widget shows these digits, not the browser's idea of the zone.
          castAt: formatInstant(new Date(castAt), tz),
          changeableUntil: mode === 'replace' ? formatInstant(new Date(view.cycle.phases.voting.end), tz) : null,
        };
        try {
          const result = await this.core.store.castBallot(
            { city: slug, cycleId: voter.y, voterHash: voter.h, receiptCode: body.receiptCode, channel: 'online', castAt, replacedAt: null, choices },
            mode,
            record(201, body),
          );
          if (!result.ok) fail('already_voted', 'this person has already voted in this cycle');
          this.core.bump('ballots', slug);
          return { status: 201, body };
        } catch (error) {
          // A receipt code collision (about 1 in 2^80) gets a fresh code; anything else propagates.
          if (attempt < 3 && isStoreError(error, 'receipt_taken')) continue;
          throw error;
        }
      }
    });
  }

  /**
   * The voter's row on the voter list, read when the ballot arrives, so what the project centre changed since the
   * confirmation holds at once, on every instance: a voter it removed is refused (their token is still within its
   * time), and a corrected district holds. Returns the listed district, or null: a city that does not verify by the
   * list, a cycle without district pools, a row without a district.
   */
  private async listedDistrict(view: CycleView, voter: VoterTokenPayload): Promise<string | null> {
    if (view.rt.identity.method !== 'voter_list') return null;
    const entry = await this.core.store.identity.voterListEntry(view.rt.city.slug, voter.y, voter.h);
    if (!entry)
      fail('not_eligible', 'this person is no longer on the voter list of this cycle; the project centre can add them again', {
        issues: [{ path: [], message: 'iin.not_listed' }],
      });
    return hasDistrictPools(view.cycle.pools) ? (entry!.district ?? null) : null;
  }

  async receipt(slug: string, code: string, ip: string): Promise<ReceiptStatus> {
    this.core.cityRuntime(slug);
    const parsed = ReceiptCode.safeParse(code);
    if (!parsed.success) throw validationError(parsed.error, ['code']);
    await this.core.rateLimit(`receipt-ip:${ip}`, this.core.config.limits.receiptChecksPerIpPerMinute, 60_000);
    const b = await this.core.store.findReceipt(parsed.data);
    if (!b) fail('not_found', 'no ballot has this receipt code');
    if (b!.city !== slug) fail('forbidden', 'this receipt belongs to another city');
    const castAt = formatInstant(new Date(b!.castAt), this.core.cityRuntime(slug).city.timeZone);
    return { receiptCode: b!.receiptCode, cycleId: b!.cycleId, castAt, status: b!.replacedAt ? 'replaced' : 'counted', channel: b!.channel };
  }
}
