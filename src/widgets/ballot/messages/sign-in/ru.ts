import type { SignInMessages } from '../../messages.js';

/** The texts of the sign-in with an identity provider: fetched with it (cities that verify by sign-in only). */
const ru: SignInMessages = {
  'signIn.lead': ({ provider }) => `В этом городе личность подтверждается входом через ${provider}. Вход откроется в новом окне, эта страница вас подождёт.`,
  'signIn.privacy': 'Эта страница не видит ваш пароль — она узнаёт только, что вход удался.',
  'signIn.button': ({ provider }) => `Войти через ${provider}`,
  'signIn.opening': 'Открываем вход…',
  'signIn.waitingTitle': 'Завершите вход',
  'signIn.waiting': ({ provider }) => `Завершите вход через ${provider} в открывшемся окне. После этого страница продолжит сама.`,
  'signIn.waitingHint': 'Если окно закрылось или потерялось, откройте вход снова. Если вы уже вошли, а ничего не произошло, нажмите «продолжить».',
  'signIn.continue': 'Я вошёл(-ла) — продолжить',
  'signIn.again': 'Открыть вход снова',
  'signIn.pending': 'Вход ещё не завершён. Завершите его в окне входа или откройте вход снова.',
  'signIn.tooLong': 'Вход длился слишком долго и истёк. Войдите снова.',
};

export default ru;
