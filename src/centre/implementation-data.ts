import { Money, type FieldIssue, type FinishInput, type ImplementationInput, type ImplementationList, type ImplementationRecord, type LocalizedName, type Photo, type PhotoTag, type ProgressList, type UpdateInput } from '../contract/index.js';
import { toCentreError, type CentreApi, type CentreError } from './api.js';

/** The admin API's implementation routes (`/admin/cities/:city/implementation…`, src/server/implementation-routes.ts). */
export class ImplementationApi {
  constructor(
    private readonly api: CentreApi,
    private readonly city: string,
  ) {}

  private path(rest = ''): string {
    return `/admin/cities/${encodeURIComponent(this.city)}/implementation${rest}`;
  }

  private project(id: string, rest = ''): string {
    return this.path(`/${encodeURIComponent(id)}${rest}`);
  }

  list(): Promise<ImplementationList> {
    return this.api.request('GET', this.path());
  }

  /** The names of the city's cycles with funded projects, from the public progress list (records carry only the cycle's id). */
  async cycleNames(): Promise<Map<string, LocalizedName>> {
    const list: ProgressList = await this.api.request('GET', `/cities/${encodeURIComponent(this.city)}/progress`);
    return new Map((Array.isArray(list?.cycles) ? list.cycles : []).map((c) => [c.id, c.title]));
  }

  get(id: string): Promise<ImplementationRecord> {
    return this.api.request('GET', this.project(id));
  }

  save(id: string, input: ImplementationInput): Promise<ImplementationRecord> {
    return this.api.request('PUT', this.project(id), input);
  }

  uploadPhoto(file: Blob): Promise<Photo> {
    return this.api.request('POST', this.path('/photos'), file);
  }

  addUpdate(id: string, input: UpdateInput): Promise<ImplementationRecord> {
    return this.api.request('POST', this.project(id, '/updates'), input);
  }

  publish(id: string, updateId: string, isPublic: boolean): Promise<ImplementationRecord> {
    return this.api.request('POST', this.project(id, `/updates/${encodeURIComponent(updateId)}/publish`), { public: isPublic });
  }

  finish(id: string, input: FinishInput): Promise<ImplementationRecord> {
    return this.api.request('POST', this.project(id, '/finish'), input);
  }
}

export type ImplementationLoad =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; items: ImplementationRecord[] }
  | { status: 'error'; error: CentreError };

export interface StageDraft {
  id: string;
  titleKk: string;
  titleRu: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string;
  actualEnd: string;
}

/** What the form shows: strings as typed, kept across failed saves and re-renders. */
export interface PlanDraft {
  version: number;
  contractor: string;
  contractorContact: string;
  plannedStart: string;
  plannedEnd: string;
  progress: string;
  committed: string;
  spent: string;
  overKk: string;
  overRu: string;
  internalNote?: string;
  stages: StageDraft[];
}

export interface UpdateDraft {
  kk: string;
  ru: string;
  public: boolean;
  /** Chosen files; `uploaded` once the server has it (a retry does not send it again). */
  photos: { key: number; file: File; tag: PhotoTag; uploaded?: string }[];
}

export interface FinishDraft {
  outcome: 'implemented' | 'cancelled';
  on: string;
  reasonKk: string;
  reasonRu: string;
}

export function planDraft(r: ImplementationRecord): PlanDraft {
  return {
    version: r.version,
    contractor: r.contractor ?? '',
    contractorContact: r.contractorContact ?? '',
    plannedStart: r.plannedStart ?? '',
    plannedEnd: r.plannedEnd ?? '',
    progress: String(r.progress),
    committed: String(r.committed),
    spent: String(r.spent),
    overKk: r.overspendReason?.kk ?? '',
    overRu: r.overspendReason?.ru ?? '',
    ...(r.internalNote ? { internalNote: r.internalNote } : {}),
    stages: r.stages.map((s) => ({
      id: s.id,
      titleKk: s.title.kk,
      titleRu: s.title.ru,
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      actualStart: s.actualStart ?? '',
      actualEnd: s.actualEnd ?? '',
    })),
  };
}

/** A whole number when the field holds digits; otherwise what was typed, for the server to refuse with its own words. */
function whole(value: string): number {
  const v = value.replace(/[\s\u00a0]/g, '');
  return /^\d+$/.test(v) ? Number(v) : (v as unknown as number);
}

/**
 * The plan's money fields read by the API's own `Money` before anything is
 * sent: each refusal names its field (`1,5` or `-3` is not whole tenge),
 * where the server could only say `schema.invalid_type`.
 */
export function planMoneyIssues(d: PlanDraft): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of ['committed', 'spent'] as const) {
    const parsed = Money.safeParse(whole(d[field]));
    if (parsed.success) continue;
    const tooLarge = parsed.error.issues.some((i) => i.message === 'money.too_large');
    issues.push({ path: [field], message: `plan.${field}_${tooLarge ? 'too_large' : 'whole'}` });
  }
  return issues;
}

const optional = <K extends string>(key: K, value: string): Partial<Record<K, string>> => (value.trim() ? ({ [key]: value.trim() } as Record<K, string>) : {});

/** The draft as the API's `ImplementationInput` (the server validates it). */
export function planInput(d: PlanDraft): ImplementationInput {
  return {
    version: d.version,
    contractor: d.contractor.trim(),
    ...optional('contractorContact', d.contractorContact),
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    stages: d.stages.map((s) => ({
      id: s.id,
      title: { kk: s.titleKk.trim(), ru: s.titleRu.trim() },
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      ...optional('actualStart', s.actualStart),
      ...optional('actualEnd', s.actualEnd),
    })),
    progress: whole(d.progress),
    committed: whole(d.committed),
    spent: whole(d.spent),
    ...(d.overKk.trim() || d.overRu.trim() ? { overspendReason: { kk: d.overKk.trim(), ru: d.overRu.trim() } } : {}),
    ...(d.internalNote ? { internalNote: d.internalNote } : {}),
  };
}

/**
 * The implementation records of one city, loaded once when the section is
 * first shown and replaced record by record as the server answers actions.
 */
export class ImplementationData {
  state: ImplementationLoad = { status: 'idle' };
  /** Cycle names by id (empty when the public list did not answer: the ids are shown then). */
  cycleNames = new Map<string, LocalizedName>();
  private loadedFor = '';

  constructor(private readonly changed: () => void) {}

  get items(): ImplementationRecord[] {
    return this.state.status === 'ready' ? this.state.items : [];
  }

  reset(): void {
    this.state = { status: 'idle' };
    this.cycleNames = new Map();
    this.loadedFor = '';
  }

  /** Loads the list unless it is already loaded (or loading) for this city. */
  ensure(api: ImplementationApi, city: string): void {
    if (this.loadedFor === city && this.state.status !== 'idle') return;
    void this.load(api, city);
  }

  async load(api: ImplementationApi, city: string): Promise<void> {
    this.loadedFor = city;
    this.state = { status: 'loading' };
    this.changed();
    try {
      const [list, names] = await Promise.all([api.list(), api.cycleNames().catch(() => new Map<string, LocalizedName>())]);
      if (this.loadedFor === city) {
        this.state = { status: 'ready', items: list.items };
        this.cycleNames = names;
      }
    } catch (error) {
      if (this.loadedFor === city) this.state = { status: 'error', error: toCentreError(error) };
    }
    this.changed();
  }

  replace(record: ImplementationRecord): void {
    if (this.state.status !== 'ready') return;
    this.state = { status: 'ready', items: this.state.items.map((r) => (r.projectId === record.projectId ? record : r)) };
    this.changed();
  }
}
