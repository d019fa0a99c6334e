import type { MineMessages } from '../../messages.js';

/** The texts of "My proposals" (proving the phone, the list, correcting and resending): fetched with it, not with the form's first screen. */
const kk: MineMessages = {
  'mine.intro': 'Өтінім берген телефон нөмірін көрсетіңіз: оған бір реттік код жібереміз.',
  'mine.phone.label': 'Телефон',
  'mine.sendCode': 'Код жіберу',
  'mine.code.label': 'SMS-тегі код',
  'mine.code.hint': ({ hint }) => `Код …${hint} нөміріне жіберілді.`,
  'mine.confirm': 'Растау',
  'mine.resend': 'Кодты қайта жіберу',
  'mine.back': 'Артқа',
  'mine.signOut': 'Шығу',
  'mine.empty': 'Бұл нөмірден берілген өтінімдер жоқ.',
  'mine.listFailed': 'Өтінімдеріңіз жүктелмеді.',
  'mine.status': 'Мәртебесі:',
  'mine.note': 'Сарапшылар кеңесінің ескертуі:',
  'mine.cancelReason': 'Жобаның тоқтатылу себебі:',
  'mine.history': 'Тарихы',
  'mine.sms.on': 'Мәртебе өзгергенде SMS келеді.',
  'mine.edit': 'Түзету және қайта жіберу',
  'mine.editUntil': ({ date }) => `Түзетуге ${date} дейін болады.`,
  'mine.notEditable.phase': 'Қарау кезеңі аяқталды: өтінімді енді түзетуге болмайды.',
  'mine.resubmit': 'Қайта жіберу',
  'mine.cancelEdit': 'Болдырмау',
  'mine.editHeading': ({ reference }) => `${reference} өтінімін түзету`,
  'mine.resubmitted': 'Өтінім қайта жіберілді және қайтадан қаралуда.',
  'code.invalid': ({ attemptsLeft }) => `Код дұрыс емес. Тағы ${attemptsLeft} әрекет қалды.`,
  'mine.error.code_invalid': 'Код дұрыс емес.',
  'mine.error.code_expired': 'Кодтың мерзімі өтті. Жаңа код алу үшін телефон нөмірін қайта енгізіңіз.',
  'mine.error.code_locked': 'Қате код тым көп — бұл код енді жарамсыз. Жаңа код алу үшін телефон нөмірін қайта енгізіңіз.',
  'mine.gone': 'Бұл кодты енді қайта жіберу мүмкін емес. Жаңа код алу үшін телефон нөмірін қайта енгізіңіз.',
  'mine.error.too_many_codes': 'Бұл нөмірге код тым көп жіберілді. Кейінірек көріңіз.',
  'mine.error.unauthorized': 'Сессия аяқталды. Телефонды қайта растаңыз.',
  'mine.error.conflict': 'Өтінімді қазір түзетуге болмайды: оның мәртебесі өзгерді.',
};

export default kk;
