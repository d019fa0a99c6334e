import type * as z from 'zod/mini';
import {
  Phone,
  Photo,
  ProposalInput,
  ProposalQuery,
  type AdminProposal,
  type CityConfig,
  type ProposalEditInput,
  type Proposal,
  type ProposalPage,
  type ProposalStatus,
} from '../../contract/index.js';
import { isBallotProject } from '../../domain/ballot-projects.js';
import { costCap, costOverCap } from '../../domain/cost-cap.js';
import { cursorRefusal, decodeCursor, encodeCursor } from '../../domain/cursor.js';
import { checkPhotoBody, photoName, type PhotoRefusal } from '../../domain/photo-upload.js';
import { proposalOrder, votesHiddenRefusal } from '../../domain/proposal-order.js';
import { PHOTOS_UNAVAILABLE, photoIdsRefusal, proposalLimitRefusal } from '../../domain/proposal-refusals.js';
import { formatInstant } from '../../domain/city-time.js';
import { readListQuery } from '../../domain/list-query.js';
import { searchNeedle, searchText } from '../../domain/proposal-search.js';
import { randomId } from '../crypto.js';
import { fail, refusedFields, validationError } from '../errors.js';
import { stripMetadata } from '../images.js';
import { isStoreError } from '../store/errors.js';
import { isReferenceTaken } from '../store/authors.js';
import type { ProposalRecord } from '../store/types.js';
import { authorPhoneContext, newReference } from './author-notices.js';
import { phaseClosed, type Core, type CycleView } from './core.js';
import { countsVisible, snapshot, voteCounts } from './results.js';

export function photoUrl(origin: string, id: string): string {
  return `${origin}/api/v1/photos/${id}`;
}

/**
 * A proposal as residents read it. Its instants (history, created, updated)
 * are written in the city's offset, like every other instant a widget shows,
 * so their digits are the city's wall clock whatever zone data the resident's
 * browser carries (`domain/city-time.ts`).
 */
export function toPublic(p: ProposalRecord, origin: string, timeZone: string, votes?: number): Proposal {
  const at = (instant: string) => formatInstant(new Date(instant), timeZone);
  const out: Proposal = {
    id: p.id,
    cycleId: p.cycleId,
    title: p.title,
    description: p.description,
    category: p.category,
    ...(p.district !== undefined ? { district: p.district } : {}),
    address: p.address,
    ...(p.point ? { point: p.point } : {}),
    estimatedCost: p.estimatedCost,
    ...(p.finalCost !== undefined ? { finalCost: p.finalCost } : {}),
    photos: p.photos.map((ph) => ({ id: ph.id, url: photoUrl(origin, ph.id), width: ph.width, height: ph.height, ...(ph.name ? { name: ph.name } : {}) })),
    authorName: p.authorName,
    ...(p.reference !== undefined ? { reference: p.reference } : {}),
    status: p.status,
    ...(p.reviewNote !== undefined ? { reviewNote: p.reviewNote } : {}),
    ...(p.reviewNote !== undefined && p.reviewNotes !== undefined ? { reviewNotes: p.reviewNotes } : {}),
    ...(p.mergedInto !== undefined ? { mergedInto: p.mergedInto } : {}),
    ...(p.poolId !== undefined ? { poolId: p.poolId } : {}),
    ...(votes !== undefined ? { votes } : {}),
    history: p.history.map((h) => ({ ...h, at: at(h.at) })),
    createdAt: at(p.createdAt),
    updatedAt: at(p.updatedAt),
  };
  return out;
}

export function toAdmin(p: ProposalRecord, origin: string, timeZone: string, votes: number): AdminProposal {
  return { ...toPublic(p, origin, timeZone), votes, hidden: p.hidden, published: p.published, authorKey: p.authorHash.slice(0, 10) };
}

/**
 * A list's query string → its query schema (`ProposalQuery`, `AdminProposalQuery`, `AuditQuery`): read as
 * `domain/list-query.ts` reads it (the mock reads it so too), its refusal thrown.
 */
export function parseQuery<T>(params: URLSearchParams, schema: z.ZodMiniType<T>): T {
  const read = readListQuery(params, schema);
  if (!read.ok) throw refusedFields(read);
  return read.query;
}

interface Cached {
  version: number;
  cycleId: string;
  records: ProposalRecord[];
}

const SearchText = new WeakMap<ProposalRecord, string>();
/** `searchText` (`domain/proposal-search.ts`) of a record, worked out once per record. */
function cachedSearchText(p: ProposalRecord): string {
  let s = SearchText.get(p);
  if (s === undefined) {
    s = searchText(p);
    SearchText.set(p, s);
  }
  return s;
}

/** 400 `cursor.invalid`: a list's cursor that this server did not give, or did not give for this list (`domain/cursor.ts`). */
export function cursorInvalid(): never {
  throw refusedFields(cursorRefusal());
}

/** A proposal whose status a write changed: what it was, and the record as written. */
export interface StatusTransition {
  from: ProposalStatus;
  proposal: ProposalRecord;
}

export class ProposalService {
  private readonly cache = new Map<string, Cached>();
  private readonly pages = new Map<string, string>();
  private readonly statusListeners: ((slug: string, changes: StatusTransition[]) => Promise<void>)[] = [];

  constructor(private readonly core: Core) {}

  /** Called after every write that changed a proposal's status (the author notices listen). */
  onStatusChange(listener: (slug: string, changes: StatusTransition[]) => Promise<void>): void {
    this.statusListeners.push(listener);
  }

  /**
   * Tell the listeners which of `after` changed status from what `before`
   * says. Call it after the write committed; a listener's failure is logged,
   * never the caller's.
   */
  async statusChanged(slug: string, before: ReadonlyMap<string, ProposalStatus>, after: ProposalRecord[]): Promise<void> {
    const changes = after.filter((p) => before.has(p.id) && before.get(p.id) !== p.status).map((p) => ({ from: before.get(p.id)!, proposal: p }));
    if (!changes.length) return;
    for (const listener of this.statusListeners) {
      try {
        await listener(slug, changes);
      } catch (error) {
        this.core.logger.log('error', 'proposal.status_listener', { city: slug, error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }

  /**
   * What a submission and an author's resubmission both check beyond the
   * schema: a known category and district, the cost under the cap.
   */
  checkContent(config: Pick<CityConfig, 'city' | 'cycle'>, input: Pick<ProposalEditInput, 'category' | 'district' | 'estimatedCost'>): void {
    const category = config.city.categories.find((c) => c.id === input.category);
    const issues = [];
    if (!category) issues.push({ path: ['category'], message: 'category.unknown' });
    if (input.district !== undefined && !config.city.districts.some((d) => d.id === input.district)) issues.push({ path: ['district'], message: 'district.unknown' });
    if (issues.length) fail('validation_failed', 'the request has invalid fields', { issues });
    const overCap = costOverCap(input.estimatedCost, costCap(config.city, config.cycle, input.category, input.district));
    if (overCap) fail('over_cap', `one proposal may cost at most ${overCap.params.cap} ₸`, { issues: [overCap] });
  }

  /** Every proposal of the city's current cycle, cached until the next write. */
  async all(slug: string, cycleId: string): Promise<ProposalRecord[]> {
    const version = this.core.version('proposals', slug);
    const hit = this.cache.get(slug);
    if (hit && hit.version === version && hit.cycleId === cycleId) return hit.records;
    const records = await this.core.store.listProposals(slug, cycleId);
    this.cache.set(slug, { version, cycleId, records });
    return records;
  }

  /** Projects on the ballot, as validation and counting need them. */
  async ballotProjects(view: CycleView): Promise<ProposalRecord[]> {
    return (await this.all(view.rt.city.slug, view.cycle.id)).filter(isBallotProject);
  }

  /**
   * The public list as JSON text. Pages are cached by query string until a
   * proposal or (when counts are public) a ballot changes, so a busy list
   * costs a map lookup.
   */
  async listJson(slug: string, params: URLSearchParams, origin: string): Promise<string> {
    const view = await this.core.view(slug);
    const visibleCounts = countsVisible(view);
    const snap = visibleCounts ? await snapshot(this.core, view) : null;
    const key = `${slug}|${view.cycle.id}|${this.core.version('proposals', slug)}|${snap ? `${snap.key}:${snap.at}` : '-'}|${origin}|${params.toString()}`;
    const hit = this.pages.get(key);
    if (hit !== undefined) return hit;
    const text = JSON.stringify(await this.list(slug, params, origin));
    if (this.pages.size >= 500) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, text);
    return text;
  }

  async list(slug: string, params: URLSearchParams, origin: string): Promise<ProposalPage> {
    const query = parseQuery(params, ProposalQuery);
    const view = await this.core.view(slug);
    const visibleCounts = countsVisible(view);
    if (query.sort === 'votes' && !visibleCounts) throw refusedFields(votesHiddenRefusal());
    const votes = visibleCounts ? await voteCounts(this.core, this, view) : new Map<string, number>();
    let items = (await this.all(slug, view.cycle.id)).filter((p) => p.published && !p.hidden);
    if (query.category) items = items.filter((p) => p.category === query.category);
    if (query.district) items = items.filter((p) => p.district === query.district);
    if (query.status?.length) {
      const wanted = new Set(query.status);
      items = items.filter((p) => wanted.has(p.status));
    }
    const q = searchNeedle(query.q);
    if (q) items = items.filter((p) => cachedSearchText(p).includes(q));
    const order = proposalOrder<ProposalRecord>(query.sort ?? 'newest', (p) => votes.get(p.id) ?? 0);
    items = [...items].sort(order.compare);
    const start = query.cursor ? order.start(items, decodeCursor(query.cursor) ?? cursorInvalid()) : 0;
    const limit = query.limit ?? 20;
    const page = items.slice(start, start + limit);
    const last = page[page.length - 1];
    const nextCursor = last && start + limit < items.length ? encodeCursor([order.key(last), last.id]) : null;
    return {
      items: page.map((p) => toPublic(p, origin, view.rt.city.timeZone, visibleCounts ? (votes.get(p.id) ?? 0) : undefined)),
      nextCursor,
      total: items.length,
    };
  }

  async get(slug: string, id: string, origin: string): Promise<Proposal> {
    const view = await this.core.view(slug);
    const p = await this.core.store.getProposal(slug, id);
    if (!p || !p.published || p.hidden) fail('not_found', 'no such proposal');
    const visible = countsVisible(view) && p!.cycleId === view.cycle.id;
    const votes = visible ? ((await voteCounts(this.core, this, view)).get(p!.id) ?? 0) : undefined;
    return toPublic(p!, origin, view.rt.city.timeZone, votes);
  }

  async submit(slug: string, key: string, json: unknown, ip: string, origin: string): Promise<{ status: number; body: unknown }> {
    const rt = this.core.cityRuntime(slug);
    const parsed = ProposalInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    await this.core.rateLimit(`proposal-ip:${ip}`, this.core.config.limits.proposalsPerIpPerHour, 3600_000);
    return this.core.idempotent(`proposal:${slug}`, key, json, async (record) => {
      const view = await this.core.view(slug);
      if (view.phase !== 'submission') phaseClosed('submitting a proposal', view.cycle, 'submission');
      this.checkContent({ city: rt.city, cycle: view.cycle }, input);
      if (input.notify?.sms && !rt.city.notifications?.sms)
        fail('validation_failed', 'this city does not send SMS about proposals', { issues: [{ path: ['notify', 'sms'], message: 'notify.disabled' }] });
      const photos = await this.core.store.getPhotoMeta(slug, [...new Set(input.photos)]);
      const byId = new Map(photos.map((p) => [p.id, p]));
      const photosRefused = photoIdsRefusal(input.photos, (id) => byId.get(id)?.proposalId === null);
      if (photosRefused) throw refusedFields(photosRefused);
      const authorHash = this.core.keys.phoneHash(slug, input.phone);
      if (view.cycle.proposalLimit !== undefined) {
        const mine = await this.core.store.countProposalsByAuthor(slug, view.cycle.id, authorHash);
        if (mine >= view.cycle.proposalLimit) limitReached(view.cycle.proposalLimit);
      }
      const at = this.core.now();
      const p: ProposalRecord = {
        id: randomId('p', 9),
        city: slug,
        cycleId: view.cycle.id,
        title: input.title,
        description: input.description,
        category: input.category,
        ...(input.district !== undefined ? { district: input.district } : {}),
        address: input.address,
        ...(input.point ? { point: input.point } : {}),
        estimatedCost: input.estimatedCost,
        photos: input.photos.map((id) => {
          const ph = byId.get(id)!;
          return { id, width: ph.width, height: ph.height, ...(ph.name ? { name: ph.name } : {}) };
        }),
        authorName: input.authorName,
        authorHash,
        reference: newReference(),
        status: 'submitted',
        hidden: false,
        published: view.rt.publishOnSubmit,
        history: [{ status: 'submitted', at }],
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      // With the author's consent (and only where the city sends SMS) the phone is kept sealed until the cycle ends; without it, only the keyed hash.
      const notify = input.notify?.sms ? input.notify : null;
      if (notify)
        await this.core.store.authors.saveContact({ city: slug, proposalId: p.id, cycleId: view.cycle.id, phoneSealed: this.core.keys.seal(authorPhoneContext(slug, p.id), input.phone), locale: notify.locale, createdAt: at });
      let body = toPublic(p, origin, rt.city.timeZone);
      for (let attempt = 1; ; attempt++) {
        try {
          // The limit and the photos are checked again inside the store's transaction: two submissions racing on two instances cannot both pass.
          await this.core.store.createProposal(p, record(201, body), view.cycle.proposalLimit ?? null);
          break;
        } catch (error) {
          if (isReferenceTaken(error) && attempt < 8) {
            p.reference = newReference();
            body = toPublic(p, origin, rt.city.timeZone);
            continue;
          }
          if (notify) await this.core.store.authors.deleteContact(slug, p.id).catch(() => undefined);
          if (isStoreError(error, 'limit_reached')) limitReached(view.cycle.proposalLimit!);
          if (isStoreError(error, 'photo_unavailable')) fail('validation_failed', PHOTOS_UNAVAILABLE, { issues: [{ path: ['photos'], message: 'photos.unknown' }] });
          throw error;
        }
      }
      this.core.bump('proposals', slug);
      return { status: 201, body };
    });
  }

  /** `forAuthor`: an author proven by the author service adds a photo to a proposal sent back for changes, also during review. */
  async uploadPhoto(slug: string, contentType: string | undefined, name: string | null, bytes: Uint8Array, ip: string, origin: string, forAuthor = false): Promise<Photo> {
    const view = await this.core.view(slug);
    if (view.phase !== 'submission' && !(forAuthor && view.phase === 'review')) phaseClosed('uploading a photo', view.cycle, 'submission');
    const body = checkPhotoBody(contentType, bytes);
    if (!body.ok) refuse(body);
    const { info } = body;
    const named = photoName(name);
    if (!named.ok) refuse(named);
    const cleanName = named.name;
    await this.core.rateLimit(`photo-ip:${ip}`, this.core.config.limits.photosPerIpPerHour, 3600_000);
    const id = randomId('ph', 16);
    // Served publicly: what the camera wrote about it (the GPS position among it) goes.
    const clean = stripMetadata(info.type, bytes);
    await this.core.store.savePhoto(
      { id, city: slug, type: info.type, width: info.width, height: info.height, ...(cleanName ? { name: cleanName } : {}), size: clean.length, createdAt: this.core.now(), proposalId: null },
      clean,
    );
    return { id, url: photoUrl(origin, id), width: info.width, height: info.height, ...(cleanName ? { name: cleanName } : {}) };
  }

  /** Re-export for the phone schema's normalisation in seeds and tests. */
  static normalizePhone(phone: string): string | null {
    const r = Phone.safeParse(phone);
    return r.success ? r.data : null;
  }
}

function refuse(refusal: PhotoRefusal): never {
  return fail(refusal.code, refusal.message, refusal.issues ? { issues: refusal.issues } : undefined);
}

function limitReached(limit: number): never {
  const { message, issues } = proposalLimitRefusal(limit);
  return fail('limit_reached', message, { issues });
}
