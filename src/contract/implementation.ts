import * as z from 'zod/mini';
import { Id, Instant, LocalizedName, Money } from './common.js';
import { userText } from './text.js';

/**
 * Following the winners: how each funded project is being built. The project
 * centre keeps an implementation record per project through the admin API
 * (`/admin/cities/:city/implementation/:id…`); residents read its public part
 * (`/cities/:city/progress…`) and subscribe to its Atom feeds.
 */

/** A calendar day, `2026-05-14`, in the city's own calendar. */
export const Day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'date.invalid'),
  z.refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'date.invalid'),
);
export type Day = z.infer<typeof Day>;

export const IMPLEMENTATION_STATES = ['not_started', 'in_progress', 'implemented', 'cancelled'] as const;
/** `not_started`: funded, no work recorded yet; `in_progress`; `implemented` (with its day); `cancelled` (with a public reason). */
export const ImplementationState = z.enum(IMPLEMENTATION_STATES);
export type ImplementationState = z.infer<typeof ImplementationState>;

export const PHOTO_TAGS = ['before', 'during', 'after'] as const;
export const PhotoTag = z.enum(PHOTO_TAGS);
export type PhotoTag = z.infer<typeof PhotoTag>;

/** Staff write Kazakh and Russian (both required); English is optional and falls back to Russian. */
const bilingual = (max: number, multiline = false) =>
  z.strictObject({
    kk: userText({ max, multiline }),
    ru: userText({ max, multiline }),
    en: z.optional(userText({ max, multiline })),
  });
export const StageTitle = bilingual(160);
export const PublicText = bilingual(4000, true);
export type PublicText = z.infer<typeof PublicText>;

const ordered = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a <= b;

export const StageInput = z
  .strictObject({
    id: Id,
    title: StageTitle,
    plannedStart: Day,
    plannedEnd: Day,
    actualStart: z.optional(Day),
    actualEnd: z.optional(Day),
  })
  .check(
    z.refine((s) => ordered(s.plannedStart, s.plannedEnd), { message: 'dates.order', path: ['plannedEnd'] }),
    z.refine((s) => ordered(s.actualStart, s.actualEnd), { message: 'dates.order', path: ['actualEnd'] }),
    z.refine((s) => s.actualEnd === undefined || s.actualStart !== undefined, { message: 'stage.end_without_start', path: ['actualStart'] }),
  );
export type StageInput = z.infer<typeof StageInput>;

const Percent = z.int('percent.range').check(z.minimum(0, 'percent.range'), z.maximum(100, 'percent.range'));

/**
 * The plan and the figures of one funded project, replaced whole. `version`
 * is the record's version the editor started from (0 for a new record): an
 * edit made meanwhile by someone else is refused with 409.
 */
export const ImplementationInput = z
  .strictObject({
    version: z.int().check(z.minimum(0)),
    /** The organisation or contractor responsible, shown to residents. */
    contractor: userText({ max: 200 }),
    /** A person to call at the contractor: staff only, never public. */
    contractorContact: z.optional(userText({ max: 200 })),
    plannedStart: Day,
    plannedEnd: Day,
    stages: z.array(StageInput).check(z.maxLength(30)),
    progress: Percent,
    /** Tenge under contract so far. */
    committed: Money,
    /** Tenge paid out so far. */
    spent: Money,
    /** Required, in public, when `spent` exceeds the approved cost. */
    overspendReason: z.optional(PublicText),
    /** The centre's own note: staff only. */
    internalNote: z.optional(userText({ max: 2000, multiline: true })),
  })
  .check(
    z.refine((r) => ordered(r.plannedStart, r.plannedEnd), { message: 'dates.order', path: ['plannedEnd'] }),
    z.refine((r) => new Set(r.stages.map((s) => s.id)).size === r.stages.length, { message: 'stage.duplicate', path: ['stages'] }),
    z.refine((r) => r.committed === 0 || r.spent <= r.committed || r.overspendReason !== undefined, { message: 'spent.over_committed', path: ['spent'] }),
  );
export type ImplementationInput = z.infer<typeof ImplementationInput>;

export const UpdateInput = z.strictObject({
  text: PublicText,
  /** Photos uploaded through `…/implementation/photos`, each tagged. */
  photos: z.array(z.strictObject({ id: Id, tag: PhotoTag })).check(z.maxLength(12)),
  /** false keeps the update for staff until it is published (default true). */
  public: z.optional(z.boolean()),
});
export type UpdateInput = z.infer<typeof UpdateInput>;

/** The final word: built (on a day) or cancelled (with the reason residents read). */
export const FinishInput = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('implemented'), on: Day, note: z.optional(PublicText) }),
  z.strictObject({ outcome: z.literal('cancelled'), reason: PublicText }),
]);
export type FinishInput = z.infer<typeof FinishInput>;

export const ProgressPhoto = z.strictObject({
  id: Id,
  url: z.string().check(z.maxLength(2048), z.regex(/^(https?:\/\/|\/)[^\s"'<>]*$/, 'url.invalid')),
  width: z.int().check(z.minimum(1), z.maximum(10000)),
  height: z.int().check(z.minimum(1), z.maximum(10000)),
  tag: PhotoTag,
});
export type ProgressPhoto = z.infer<typeof ProgressPhoto>;

export const ProgressUpdate = z.strictObject({
  id: Id,
  at: Instant,
  text: PublicText,
  photos: z.array(ProgressPhoto),
});
export type ProgressUpdate = z.infer<typeof ProgressUpdate>;

export const StageState = z.enum(['planned', 'in_progress', 'done']);
export type StageState = z.infer<typeof StageState>;

export const ProgressStage = z.strictObject({
  id: Id,
  title: StageTitle,
  plannedStart: Day,
  plannedEnd: Day,
  actualStart: z.optional(Day),
  actualEnd: z.optional(Day),
  state: StageState,
});
export type ProgressStage = z.infer<typeof ProgressStage>;

/** One funded project as residents see it in a list: where it stands, what was spent, the latest word. */
export const ProjectProgress = z.strictObject({
  projectId: Id,
  cycleId: Id,
  cycleTitle: LocalizedName,
  title: userText({ max: 120 }),
  category: Id,
  district: z.optional(Id),
  address: z.optional(userText({ max: 300 })),
  /** The cost the project was funded with. */
  approvedCost: Money,
  state: ImplementationState,
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  committed: Money,
  spent: Money,
  overspendReason: z.optional(PublicText),
  contractor: z.optional(userText({ max: 200 })),
  plannedStart: z.optional(Day),
  plannedEnd: z.optional(Day),
  implementedOn: z.optional(Day),
  cancelReason: z.optional(PublicText),
  completionNote: z.optional(PublicText),
  latestUpdate: z.optional(ProgressUpdate),
  /** The latest `before` and `after` photos, for a card. */
  before: z.optional(ProgressPhoto),
  after: z.optional(ProgressPhoto),
  updatedAt: z.optional(Instant),
});
export type ProjectProgress = z.infer<typeof ProjectProgress>;

export const ProjectProgressDetail = z.extend(ProjectProgress, {
  stages: z.array(ProgressStage),
  /** Public updates, newest first. */
  updates: z.array(ProgressUpdate),
  /** Atom feed of this project's updates. */
  feed: z.string(),
});
export type ProjectProgressDetail = z.infer<typeof ProjectProgressDetail>;

export const ProgressList = z.strictObject({
  /** The cycles the list spans (one when asked for one), newest first. */
  cycles: z.array(z.strictObject({ id: Id, title: LocalizedName })),
  items: z.array(ProjectProgress),
  /** Atom feed of the city's implementation updates. */
  feed: z.string(),
});
export type ProgressList = z.infer<typeof ProgressList>;

/** `?cycle=` of the progress list: one cycle, or every cycle of the city when absent. */
export const ProgressQuery = z.strictObject({ cycle: z.optional(Id) });
export type ProgressQuery = z.infer<typeof ProgressQuery>;

// ——— the project centre's view ———

export const AdminUpdate = z.extend(ProgressUpdate, { public: z.boolean(), author: z.string() });
export type AdminUpdate = z.infer<typeof AdminUpdate>;

/** An implementation record as the centre sees it: everything, staff-only fields included. */
export const ImplementationRecord = z.strictObject({
  projectId: Id,
  cycleId: Id,
  title: userText({ max: 120 }),
  approvedCost: Money,
  state: ImplementationState,
  version: z.int().check(z.minimum(0)),
  contractor: z.optional(userText({ max: 200 })),
  contractorContact: z.optional(userText({ max: 200 })),
  plannedStart: z.optional(Day),
  plannedEnd: z.optional(Day),
  stages: z.array(ProgressStage),
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  committed: Money,
  spent: Money,
  overspendReason: z.optional(PublicText),
  internalNote: z.optional(userText({ max: 2000, multiline: true })),
  implementedOn: z.optional(Day),
  cancelReason: z.optional(PublicText),
  completionNote: z.optional(PublicText),
  updates: z.array(AdminUpdate),
  updatedAt: z.optional(Instant),
});
export type ImplementationRecord = z.infer<typeof ImplementationRecord>;

export const ImplementationList = z.strictObject({ items: z.array(ImplementationRecord) });
export type ImplementationList = z.infer<typeof ImplementationList>;
