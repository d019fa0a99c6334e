import type { MineMessages } from '../../messages.js';

/** The texts of "My proposals" (proving the phone, the list, correcting and resending): fetched with it, not with the form's first screen. */
const ru: MineMessages = {
  'mine.intro': 'Укажите номер телефона, с которым подавали заявку: мы пришлём на него одноразовый код.',
  'mine.phone.label': 'Телефон',
  'mine.sendCode': 'Получить код',
  'mine.code.label': 'Код из SMS',
  'mine.code.hint': ({ hint }) => `Код отправлен на номер …${hint}.`,
  'mine.confirm': 'Подтвердить',
  'mine.resend': 'Отправить код ещё раз',
  'mine.back': 'Назад',
  'mine.signOut': 'Выйти',
  'mine.empty': 'С этого номера заявок не подавали.',
  'mine.listFailed': 'Ваши заявки не загрузились.',
  'mine.status': 'Статус:',
  'mine.note': 'Замечание экспертного совета:',
  'mine.cancelReason': 'Почему проект отменён:',
  'mine.history': 'История',
  'mine.sms.on': 'О смене статуса придёт SMS.',
  'mine.edit': 'Исправить и отправить снова',
  'mine.editUntil': ({ date }) => `Исправить можно до ${date}.`,
  'mine.notEditable.phase': 'Рассмотрение завершено: исправить заявку уже нельзя.',
  'mine.resubmit': 'Отправить снова',
  'mine.cancelEdit': 'Отмена',
  'mine.editHeading': ({ reference }) => `Исправление заявки ${reference}`,
  'mine.resubmitted': 'Заявка отправлена снова и снова на рассмотрении.',
  'code.invalid': ({ attemptsLeft }) => `Код неверный. Осталось попыток: ${attemptsLeft}.`,
  'mine.error.code_invalid': 'Код неверный.',
  'mine.error.code_expired': 'Срок кода истёк. Введите телефон ещё раз, чтобы получить новый код.',
  'mine.error.code_locked': 'Слишком много неверных кодов — этот код больше не действует. Введите телефон ещё раз, чтобы получить новый код.',
  'mine.gone': 'Этот код больше нельзя отправить повторно. Введите телефон ещё раз, чтобы получить новый код.',
  'mine.error.too_many_codes': 'На этот номер отправлено слишком много кодов. Попробуйте позже.',
  'mine.error.unauthorized': 'Сеанс закончился. Подтвердите телефон ещё раз.',
  'mine.error.conflict': 'Заявку сейчас нельзя исправить: её статус изменился.',
};

export default ru;
