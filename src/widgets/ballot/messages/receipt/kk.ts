import type { ReceiptMessages } from '../../messages.js';

/** The receipt check's texts: fetched with it, not on the first step. */
const kk: ReceiptMessages = {
  'receipt.label': 'Түбіртек коды',
  'receipt.check': 'Тексеру',
  'receipt.invalid': 'Код — XXXX-XXXX-XXXX-XXXX пішіміндегі 16 таңба.',
  'receipt.notFound': 'Мұндай кодпен дауыс жоқ. Кодты тексеріңіз.',
  'receipt.counted': ({ at, channel }) => `Дауыс есепке алынды: ${at} қабылданды, ${channel}.`,
  'receipt.replaced': ({ at }) => `Бұл бюллетень (${at}) жаңасымен ауыстырылды — жаңасы есептеледі.`,
  'receipt.online': 'онлайн',
  'receipt.paper': 'қағаз бюллетеньмен',
};

export default kk;
