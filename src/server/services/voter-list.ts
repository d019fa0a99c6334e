import type { VoterListReport, VoterListSummary } from '../../contract/index.js';
import { parseVoterList } from '../../domain/voter-list.js';
import { fail } from '../errors.js';
import type { VoterListEntry } from '../store/identity.js';
import type { AdminActor } from './admin.js';
import type { Core, CycleView } from './core.js';

/** The context a listed phone is sealed under: a sealed phone moved to another row, city or cycle does not open. */
export const voterPhoneContext = (city: string, cycleId: string, voterHash: string) => `voter-phone:${city}:${cycleId}:${voterHash}`;

const LISTED_REJECTIONS = 500;

/**
 * The project centre's voter list: who may vote in the current cycle and the
 * phone their code goes to. Kept as keyed hashes (IIN → hash, phone → hash)
 * and the phone sealed, because a code must be sent to it; the whole list is
 * deleted when the cycle's voting ends. Uploads report refused rows by line
 * number only, never echoing an IIN or a phone.
 */
export class VoterListService {
  constructor(private readonly core: Core) {}

  private async cycleView(slug: string): Promise<CycleView> {
    const view = await this.core.view(slug);
    if (view.rt.identity.method !== 'voter_list') fail('conflict', `this city verifies voters by ${view.rt.identity.method}, not by a voter list`);
    if (Date.parse(view.cycle.phases.voting.end) <= view.now.getTime()) fail('phase_closed', 'voting in this cycle has ended; its voter list is deleted');
    return view;
  }

  async summary(slug: string): Promise<VoterListSummary> {
    const view = await this.core.view(slug);
    const s = await this.core.store.identity.voterListSummary(slug, view.cycle.id);
    return { cycleId: view.cycle.id, method: view.rt.identity.method, ...s, deleteAfter: view.cycle.phases.voting.end };
  }

  async upload(actor: AdminActor, slug: string, mode: 'replace' | 'amend' | 'remove', text: string): Promise<VoterListReport> {
    const view = await this.cycleView(slug);
    const cycleId = view.cycle.id;
    const parsed = parseVoterList(text, { columns: mode === 'remove' ? 'iin' : 'iin-phone', districts: view.rt.city.districts.map((d) => d.id) });
    if (!parsed.rows.length && mode === 'replace')
      fail('validation_failed', 'the file has no usable row; nothing was changed', { issues: [{ path: [], message: 'voter_list.empty' }], rejected: parsed.rejected.slice(0, LISTED_REJECTIONS) });
    const keys = this.core.keys;
    const at = this.core.now();
    const audit = { at, city: slug, actor: actor.id, action: `voter_list.${mode}`, target: cycleId, details: { rows: parsed.rows.length, rejected: parsed.rejected.length } };
    const store = this.core.store.identity;
    let change;
    if (mode === 'remove') {
      change = await store.removeFromVoterList(slug, cycleId, parsed.rows.map((r) => keys.voterHash(slug, r.iin)), at, audit);
    } else {
      const entries: VoterListEntry[] = parsed.rows.map((r) => {
        const voterHash = keys.voterHash(slug, r.iin);
        return { voterHash, phoneHash: keys.phoneHash(slug, r.phone), phoneSealed: keys.seal(voterPhoneContext(slug, cycleId, voterHash), r.phone), district: r.district };
      });
      change = mode === 'replace' ? await store.replaceVoterList(slug, cycleId, entries, at, audit) : await store.amendVoterList(slug, cycleId, entries, at, audit);
    }
    return {
      cycleId,
      mode,
      accepted: parsed.rows.length,
      ...change,
      rejected: parsed.rejected.slice(0, LISTED_REJECTIONS),
      rejectedTotal: parsed.rejected.length,
    };
  }

  async remove(actor: AdminActor, slug: string): Promise<{ removed: number }> {
    const view = await this.core.view(slug);
    const removed = await this.core.store.identity.deleteVoterList(slug, view.cycle.id, { at: this.core.now(), city: slug, actor: actor.id, action: 'voter_list.delete', target: view.cycle.id, details: {} });
    return { removed };
  }

  /** Deletes every list whose cycle's voting has ended (the phones are no longer needed); run by the server's hourly sweep and at start. */
  async purgeEnded(): Promise<number> {
    return this.core.purgeAfter('voting', await this.core.store.identity.voterLists(), (city, cycleId) =>
      this.core.store.identity.deleteVoterList(city, cycleId, { at: this.core.now(), city, actor: 'system', action: 'voter_list.deleted_after_voting', target: cycleId, details: {} }),
    );
  }
}
