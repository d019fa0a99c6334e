import type { ErrorCode, ProposalStatus } from '../../contract/index.js';

type StatusKeys = `status.${ProposalStatus}`;
type ErrorKeys = `error.${ErrorCode}`;

/**
 * Strings every widget uses: statuses, phases, error codes, field validation
 * codes (the `message` of a contract issue), and common words. Each widget adds
 * its own catalogue next to it; both are typed, so a missing translation is a
 * type error.
 */
export type CommonMessages = { readonly [K in StatusKeys | ErrorKeys]: string } & {
  readonly loading: string;
  readonly retry: string;
  readonly close: string;
  readonly cancel: string;
  readonly back: string;
  readonly next: string;
  readonly showMore: string;
  readonly offline: string;
  readonly 'error.generic': string;
  readonly 'error.network': string;
  readonly 'error.timeout': string;
  readonly 'error.contract': string;
  readonly 'error.noBackend': string;
  readonly 'phase.upcoming': string;
  readonly 'phase.submission': string;
  readonly 'phase.review': string;
  readonly 'phase.voting': string;
  readonly 'phase.results': string;
  readonly 'phase.implementation': string;
  readonly 'phase.between': string;
  readonly 'phase.closed': string;
  readonly 'field.required': string;
  readonly 'text.required': string;
  readonly 'text.too_short': (p: { min: number }) => string;
  readonly 'text.too_long': (p: { max: number }) => string;
  readonly 'phone.invalid': string;
  readonly 'money.required': string;
  readonly 'money.invalid': string;
  readonly 'consent.required': string;
  readonly 'photos.required': string;
  readonly 'photos.too_many': (p: { max: number }) => string;
  readonly 'id.invalid': string;
  readonly 'iin.format': string;
  readonly 'iin.century': string;
  readonly 'iin.date': string;
  readonly 'iin.checksum': string;
  readonly 'iin.too_young': (p: { minAge: number }) => string;
  readonly 'code.format': (p: { length: number }) => string;
};
