import type { ReceiptStatus } from '../../contract/index.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { ReceiptMessages } from './messages.js';

/** What the receipt's words need from the widget's localisation. */
export type ReceiptWords = Pick<LocalizeController<ReceiptMessages>, 't' | 'dateTime'>;

/**
 * What a receipt check found: counted (online or on paper), or replaced by a
 * newer ballot; times in the city. Apart from `texts.ts` because only the
 * lazily loaded receipt check uses it: a module both it and the ballot's main
 * chunk imported would land in the chunk every widget's page downloads.
 */
export function receiptText(w: ReceiptWords, result: ReceiptStatus, timeZone: string): string {
  const at = w.dateTime(result.castAt, timeZone);
  return result.status === 'counted'
    ? w.t('receipt.counted', { at, channel: w.t(result.channel === 'paper' ? 'receipt.paper' : 'receipt.online') })
    : w.t('receipt.replaced', { at });
}
