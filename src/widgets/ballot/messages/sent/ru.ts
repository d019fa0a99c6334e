import type { SentMessages } from '../../messages.js';

/** The texts of the steps once a ballot is cast (sending, waiting, refused, received): fetched with the outbox, not on the first step. */
const ru: SentMessages = {
  'status.sending': 'Отправляем голос…',
  'status.sendingLead': 'Не закрывайте страницу, это займёт несколько секунд.',
  'status.queuedTitle': 'Голос ещё не отправлен',
  'status.queued': 'Нет связи с сервером. Бюллетень сохранён на этом устройстве и уйдёт сам, как только появится интернет — даже если вы перезагрузите страницу.',
  'status.queuedMemory': 'Нет связи с сервером. Бюллетень отправится, как только появится интернет, — не закрывайте эту страницу.',
  'status.noStorage': 'Этот браузер не может сохранить бюллетень на устройстве: если закрыть страницу до отправки, голос будет потерян.',
  'status.lastError': ({ error }) => `Последняя попытка: ${error}`,
  'status.nextAttempt': ({ at }) => `Следующая автоматическая попытка: ${at}`,
  'status.retry': 'Отправить сейчас',
  'status.failedTitle': 'Голос не принят',
  'status.startOver': 'Начать заново',
  'done.title': 'Ваш голос принят',
  'done.sent': ({ at }) => `Бюллетень получен сервером ${at}.`,
  'done.howToCheck': 'Сохраните код. По нему в любой момент можно проверить, что голос учтён (ниже или на сайте программы); как вы проголосовали, по коду узнать нельзя.',
};

export default ru;
