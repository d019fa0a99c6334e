import { PROPOSAL_SORTS, PROPOSAL_STATUSES, type ProposalQuery, type ProposalSort, type ProposalStatus } from '../../contract/index.js';

/**
 * The list's filter state as pure data: from and to attributes, the URL hash
 * (`#qala:category=sport&status=on_ballot&q=…&proposal=aksu-3`) and the
 * backend query. No DOM here.
 */
export interface ListState {
  category: string;
  district: string;
  status: ProposalStatus[];
  q: string;
  sort: ProposalSort | '';
  proposal: string;
}

export const HASH_PREFIX = '#qala:';
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function parseStatuses(value: string): ProposalStatus[] {
  const seen = new Set<ProposalStatus>();
  for (const part of value.split(',')) {
    const s = part.trim();
    if ((PROPOSAL_STATUSES as readonly string[]).includes(s)) seen.add(s as ProposalStatus);
  }
  return [...seen];
}

export function parseSort(value: string | null | undefined): ProposalSort | '' {
  return value && (PROPOSAL_SORTS as readonly string[]).includes(value) ? (value as ProposalSort) : '';
}

const cleanId = (v: string | null | undefined) => (v && ID.test(v) ? v : '');
const cleanQ = (v: string | null | undefined) => (v ?? '').slice(0, 200);

/** Our part of a URL hash, or null when the hash is not ours (then it is left alone). */
export function parseHash(hash: string): ListState | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  const params = new URLSearchParams(hash.slice(HASH_PREFIX.length));
  return {
    category: cleanId(params.get('category')),
    district: cleanId(params.get('district')),
    status: parseStatuses(params.get('status') ?? ''),
    q: cleanQ(params.get('q')),
    sort: parseSort(params.get('sort')),
    proposal: cleanId(params.get('proposal')),
  };
}

/** The hash for a state; empty string when nothing is set. */
export function toHash(state: ListState): string {
  const params = new URLSearchParams();
  if (state.category) params.set('category', state.category);
  if (state.district) params.set('district', state.district);
  if (state.status.length) params.set('status', state.status.join(','));
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.sort) params.set('sort', state.sort);
  if (state.proposal) params.set('proposal', state.proposal);
  const s = params.toString();
  return s ? `${HASH_PREFIX}${s}` : '';
}

export function toQuery(state: ListState, limit: number, cursor?: string): ProposalQuery {
  const q = state.q.trim();
  return {
    ...(cleanId(state.category) ? { category: state.category } : {}),
    ...(cleanId(state.district) ? { district: state.district } : {}),
    ...(state.status.length ? { status: state.status } : {}),
    ...(q ? { q: q.slice(0, 200) } : {}),
    ...(state.sort ? { sort: state.sort } : {}),
    ...(cursor ? { cursor } : {}),
    limit: Math.min(100, Math.max(1, Math.round(limit) || 20)),
  };
}

export function isFiltered(state: ListState): boolean {
  return !!(state.category || state.district || state.status.length || state.q.trim());
}

/** A project that was funded: its card shows how it is being built (a cancelled one too, with its reason). */
export function isFunded(status: ProposalStatus): boolean {
  return status === 'winner' || status === 'in_progress' || status === 'implemented' || status === 'cancelled';
}

export type Tone = 'info' | 'warning' | 'danger' | 'success' | 'neutral' | 'accent';

/** Colour of a status badge (always shown with its word too). */
export function statusTone(status: ProposalStatus): Tone {
  switch (status) {
    case 'submitted':
    case 'under_review':
      return 'info';
    case 'needs_changes':
      return 'warning';
    case 'rejected':
      return 'danger';
    case 'on_ballot':
      return 'accent';
    case 'winner':
    case 'in_progress':
    case 'implemented':
      return 'success';
    case 'cancelled':
      return 'warning';
    default:
      return 'neutral';
  }
}
