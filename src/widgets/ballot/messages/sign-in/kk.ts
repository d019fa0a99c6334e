import type { SignInMessages } from '../../messages.js';

/** The texts of the sign-in with an identity provider: fetched with it (cities that verify by sign-in only). */
const kk: SignInMessages = {
  'signIn.lead': ({ provider }) => `Бұл қалада жеке басыңызды ${provider} арқылы кіріп растайсыз. Кіру жаңа терезеде ашылады, бұл бет сізді күтеді.`,
  'signIn.privacy': 'Бұл бет құпиясөзіңізді көрмейді — тек кірудің сәтті болғанын біледі.',
  'signIn.button': ({ provider }) => `${provider} арқылы кіру`,
  'signIn.opening': 'Кіру ашылуда…',
  'signIn.waitingTitle': 'Кіруді аяқтаңыз',
  'signIn.waiting': ({ provider }) => `Ашылған терезеде ${provider} арқылы кіруді аяқтаңыз. Содан кейін бұл бет өзі жалғасады.`,
  'signIn.waitingHint': 'Терезе жабылса немесе жоғалса, кіруді қайта ашыңыз. Кіріп қойсаңыз, бірақ ештеңе болмаса, «жалғастыру» түймесін басыңыз.',
  'signIn.continue': 'Мен кірдім — жалғастыру',
  'signIn.again': 'Кіруді қайта ашу',
  'signIn.pending': 'Кіру әлі аяқталған жоқ. Оны кіру терезесінде аяқтаңыз немесе қайта ашыңыз.',
  'signIn.tooLong': 'Кіру тым ұзаққа созылып, мерзімі өтті. Қайта кіріңіз.',
};

export default kk;
