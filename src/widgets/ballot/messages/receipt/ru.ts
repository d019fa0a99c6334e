import type { ReceiptMessages } from '../../messages.js';

/** The receipt check's texts: fetched with it, not on the first step. */
const ru: ReceiptMessages = {
  'receipt.label': 'Код квитанции',
  'receipt.check': 'Проверить',
  'receipt.invalid': 'Код — 16 знаков в формате XXXX-XXXX-XXXX-XXXX.',
  'receipt.notFound': 'Голоса с таким кодом нет. Проверьте код.',
  'receipt.counted': ({ at, channel }) => `Голос учтён: принят ${at}, ${channel}.`,
  'receipt.replaced': ({ at }) => `Этот бюллетень (${at}) заменён более новым — учитывается новый.`,
  'receipt.online': 'онлайн',
  'receipt.paper': 'на бумажном бюллетене',
};

export default ru;
