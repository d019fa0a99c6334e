import { randomInt } from 'node:crypto';
import { REFERENCE_DIGITS, REFERENCE_LETTERS, type Locale, type ProposalStatus } from '../../contract/index.js';

/** `AKS-4827`: three letters and four digits without look-alikes (~50 million values); the store's unique index keeps it unique per city. */
export function newReference(): string {
  let s = '';
  for (let i = 0; i < 3; i++) s += REFERENCE_LETTERS[randomInt(REFERENCE_LETTERS.length)];
  s += '-';
  for (let i = 0; i < 4; i++) s += REFERENCE_DIGITS[randomInt(REFERENCE_DIGITS.length)];
  return s;
}

/** The context an author's phone is sealed under: a sealed phone moved to another row or city does not open. */
export const authorPhoneContext = (city: string, proposalId: string) => `author-phone:${city}:${proposalId}`;

const STATUS: Record<Locale, Record<ProposalStatus, string>> = {
  kk: {
    submitted: 'берілді',
    under_review: 'қаралуда',
    needs_changes: 'түзету керек',
    accepted: 'қабылданды',
    rejected: 'қабылданбады',
    merged: 'басқа өтініммен біріктірілді',
    on_ballot: 'дауыс беруге шығарылды',
    winner: 'жеңді',
    not_funded: 'қаржыландырылмады',
    in_progress: 'жүзеге асырылуда',
    implemented: 'жүзеге асырылды',
    cancelled: 'жобаны іске асыру тоқтатылды',
    withdrawn: 'кері қайтарылды',
  },
  ru: {
    submitted: 'подана',
    under_review: 'на рассмотрении',
    needs_changes: 'нужны изменения',
    accepted: 'принята',
    rejected: 'отклонена',
    merged: 'объединена с другой заявкой',
    on_ballot: 'вынесена на голосование',
    winner: 'победила',
    not_funded: 'не прошла',
    in_progress: 'реализуется',
    implemented: 'реализована',
    cancelled: 'реализация отменена',
    withdrawn: 'отозвана',
  },
  en: {
    submitted: 'submitted',
    under_review: 'under review',
    needs_changes: 'needs changes',
    accepted: 'accepted',
    rejected: 'rejected',
    merged: 'merged with another proposal',
    on_ballot: 'on the ballot',
    winner: 'won',
    not_funded: 'not funded',
    in_progress: 'being built',
    implemented: 'built',
    cancelled: 'cancelled (it will not be built)',
    withdrawn: 'withdrawn',
  },
};

/** The SMS an author who consented gets when the status of their proposal changes (no name, no title: only the reference). */
export function statusSmsText(locale: Locale, reference: string, status: ProposalStatus): string {
  const s = STATUS[locale][status];
  switch (locale) {
    case 'kk':
      return `Qala: ${reference} өтініміңіздің мәртебесі: ${s}. Толығырақ — «Менің өтінімдерім» бөлімінде.`;
    case 'ru':
      return `Qala: статус вашей заявки ${reference}: ${s}. Подробнее — в разделе «Мои заявки».`;
    default:
      return `Qala: your proposal ${reference} is now ${s}. Details under "My proposals".`;
  }
}
