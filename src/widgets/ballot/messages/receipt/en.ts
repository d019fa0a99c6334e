import type { ReceiptMessages } from '../../messages.js';

/** The receipt check's texts: fetched with it, not on the first step. */
const en: ReceiptMessages = {
  'receipt.label': 'Receipt code',
  'receipt.check': 'Check',
  'receipt.invalid': 'The code has 16 characters: XXXX-XXXX-XXXX-XXXX.',
  'receipt.notFound': 'No vote has this code. Check the code.',
  'receipt.counted': ({ at, channel }) => `Counted: received on ${at}, ${channel}.`,
  'receipt.replaced': ({ at }) => `This ballot (${at}) was replaced by a newer one — the newer one counts.`,
  'receipt.online': 'online',
  'receipt.paper': 'on a paper ballot',
};

export default en;
