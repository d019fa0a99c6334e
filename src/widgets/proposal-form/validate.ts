import {
  AuthorName,
  Phone,
  ProposalAddress,
  ProposalDescription,
  ProposalInput,
  ProposalTitle,
  type CityConfig,
  type GeoPoint,
} from '../../contract/index.js';
import { COST_OVER_CAP, costCap, costOverCap } from '../../domain/cost-cap.js';

/**
 * The form's rules as pure functions (no DOM): which contract schema checks
 * which field, the category's cost cap, mapping server issues back to fields,
 * and keeping the caret in place while the cost is reformatted.
 */

/** Fields in the order they appear, so "first invalid" means the first one on screen. */
export const FIELD_ORDER = ['title', 'description', 'category', 'district', 'address', 'point', 'estimatedCost', 'photos', 'authorName', 'phone', 'consent'] as const;
export type FieldName = (typeof FIELD_ORDER)[number];

/** Each field's element id in the form (its hint and error are `<id>-hint`, `<id>-error`). */
export const FIELD_IDS: Readonly<Record<FieldName, string>> = {
  title: 'f-title',
  description: 'f-description',
  category: 'f-category',
  district: 'f-district',
  address: 'f-address',
  point: 'f-point',
  estimatedCost: 'f-cost',
  photos: 'f-photos',
  authorName: 'f-author',
  phone: 'f-phone',
  consent: 'f-consent',
};

export interface FieldError {
  /** A catalogue key (`text.too_long`, `cost.over_cap`, …). */
  code: string;
  params?: Record<string, unknown>;
}
export type FieldErrors = Partial<Record<FieldName, FieldError>>;

export interface FormValues {
  title: string;
  description: string;
  category: string;
  district: string;
  address: string;
  point?: GeoPoint | undefined;
  estimatedCost: number | null;
  /** Uploaded ids, or local ids for photos still on the phone (the count is what matters before upload). */
  photoIds: string[];
  authorName: string;
  phone: string;
  consent: boolean;
}

/** What the form checks against: the city's lists and the cycle's pools (for the cost cap). */
export type FormScope = Pick<CityConfig, 'city' | 'cycle'>;

/** The most this proposal may cost (the smaller of its category's and its pools' caps), as the server reckons it. */
export function proposalCostCap(scope: FormScope, values: Pick<FormValues, 'category' | 'district'>): number | undefined {
  return costCap(scope.city, scope.cycle, values.category, values.district || undefined);
}

function firstIssue(result: { success: boolean; error?: { issues: readonly { message: string; params?: unknown }[] } }): FieldError | null {
  if (result.success) return null;
  const issue = result.error?.issues[0];
  if (!issue) return { code: 'field.invalid' };
  const params = issue.params && typeof issue.params === 'object' ? (issue.params as Record<string, unknown>) : undefined;
  return params ? { code: issue.message, params } : { code: issue.message };
}

/** One field on its own (on blur, or while typing once the form was submitted). */
export function validateField(name: FieldName, values: FormValues, scope: FormScope): FieldError | null {
  const city = scope.city;
  switch (name) {
    case 'title':
      return firstIssue(ProposalTitle.safeParse(values.title));
    case 'description':
      return firstIssue(ProposalDescription.safeParse(values.description));
    case 'address':
      return firstIssue(ProposalAddress.safeParse(values.address));
    case 'authorName':
      return firstIssue(AuthorName.safeParse(values.authorName));
    case 'phone':
      return firstIssue(Phone.safeParse(values.phone));
    case 'category':
      return city.categories.some((c) => c.id === values.category) ? null : { code: 'field.choose' };
    case 'district':
      return values.district === '' || city.districts.some((d) => d.id === values.district) ? null : { code: 'id.invalid' };
    case 'estimatedCost': {
      if (values.estimatedCost === null || values.estimatedCost < 1) return { code: 'money.required' };
      const overCap = costOverCap(values.estimatedCost, proposalCostCap(scope, values));
      return overCap ? { code: overCap.message, params: overCap.params } : null;
    }
    case 'photos':
      if (values.photoIds.length < 1) return { code: 'photos.required' };
      if (values.photoIds.length > 5) return { code: 'photos.too_many', params: { max: 5 } };
      return null;
    case 'consent':
      return values.consent ? null : { code: 'consent.required' };
    case 'point':
      return null;
  }
}

/** The proposal as the contract wants it (key order fixed, so every retry sends the same body). */
export function rawInput(values: FormValues): Record<string, unknown> {
  return {
    title: values.title,
    description: values.description,
    category: values.category,
    ...(values.district ? { district: values.district } : {}),
    address: values.address,
    ...(values.point ? { point: values.point } : {}),
    estimatedCost: values.estimatedCost ?? 0,
    photos: values.photoIds,
    authorName: values.authorName,
    phone: values.phone,
    consent: values.consent,
  };
}

export type Validation = { ok: true; input: ProposalInput } | { ok: false; errors: FieldErrors };

/** Every field, through the same `ProposalInput` schema the server uses, plus the city's own lists and caps. */
export function validateAll(values: FormValues, scope: FormScope): Validation {
  const errors: FieldErrors = {};
  for (const name of FIELD_ORDER) {
    const error = validateField(name, values, scope);
    if (error) errors[name] = error;
  }
  const parsed = ProposalInput.safeParse(rawInput(values));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path);
      if (field && !errors[field]) errors[field] = { code: issue.message };
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

export function fieldOfPath(path: readonly PropertyKey[]): FieldName | null {
  const head = path[0];
  return typeof head === 'string' && (FIELD_ORDER as readonly string[]).includes(head) ? (head as FieldName) : null;
}

export function firstInvalid(errors: FieldErrors): FieldName | null {
  return FIELD_ORDER.find((name) => errors[name]) ?? null;
}

/**
 * Reformats a money field as the resident types (`9000000` → `9 000 000`),
 * keeping the caret after the same digit it followed. At most 13 digits.
 */
export function formatMoneyTyping(raw: string, caret: number, format: (value: number) => string): { text: string; caret: number; value: number | null } {
  const digitsBefore = raw.slice(0, caret).replace(/\D/g, '').length;
  let digits = raw.replace(/\D/g, '');
  const leadingZeros = digits.length - digits.replace(/^0+(?=\d)/, '').length;
  digits = digits.replace(/^0+(?=\d)/, '').slice(0, 13);
  if (digits === '') return { text: '', caret: 0, value: null };
  const value = Number(digits);
  const text = format(value);
  let want = Math.min(Math.max(0, digitsBefore - leadingZeros), digits.length);
  let pos = 0;
  while (want > 0 && pos < text.length) {
    if (/\d/.test(text[pos]!)) want--;
    pos++;
  }
  return { text, caret: pos, value };
}

/** Message keys the form's own texts can be looked up in (a `LocalizeController`, or a plain object in tests). */
export interface Words {
  has(key: string): boolean;
  t(key: string, params?: Record<string, unknown>): string;
  money(amount: number): string;
}

/** A problem's words: its key when the catalogue has one, else `fallback`; the cost cap reads as money. */
export function issueWords(words: Words, issue: FieldError, fallback = 'field.invalid'): string {
  const params = { ...(issue.params ?? {}) };
  if (issue.code === COST_OVER_CAP && typeof params.cap === 'number') params.cap = words.money(params.cap);
  return words.t(words.has(issue.code) ? issue.code : fallback, params);
}

/** `aria-describedby` of a field: its hint (when it has one) and its error (when shown). */
export function describedBy(id: string, hint: boolean, error: boolean): string {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
}
