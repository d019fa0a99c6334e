import type { SentMessages } from '../../messages.js';

/** The texts of the steps once a ballot is cast (sending, waiting, refused, received): fetched with the outbox, not on the first step. */
const kk: SentMessages = {
  'status.sending': 'Дауыс жіберілуде…',
  'status.sendingLead': 'Бетті жаппаңыз, бұл бірнеше секунд алады.',
  'status.queuedTitle': 'Дауыс әлі жіберілген жоқ',
  'status.queued': 'Сервермен байланыс жоқ. Бюллетень осы құрылғыда сақталды және интернет пайда болғанда өзі жіберіледі — бетті қайта жүктесеңіз де.',
  'status.queuedMemory': 'Сервермен байланыс жоқ. Бюллетень интернет пайда болғанда жіберіледі — бұл бетті жаппаңыз.',
  'status.noStorage': 'Бұл браузер бюллетеньді құрылғыда сақтай алмайды: жіберілмей тұрып бетті жапсаңыз, дауыс жоғалады.',
  'status.lastError': ({ error }) => `Соңғы әрекет: ${error}`,
  'status.nextAttempt': ({ at }) => `Келесі автоматты әрекет: ${at}`,
  'status.retry': 'Қазір жіберу',
  'status.failedTitle': 'Дауыс қабылданбады',
  'status.startOver': 'Қайта бастау',
  'done.title': 'Дауысыңыз қабылданды',
  'done.sent': ({ at }) => `Бюллетень серверге ${at} жетті.`,
  'done.howToCheck': 'Кодты сақтап қойыңыз. Ол арқылы дауысыңыздың есепке алынғанын кез келген уақытта тексеруге болады (төменде немесе бағдарлама сайтында); қалай дауыс бергеніңізді код арқылы білу мүмкін емес.',
};

export default kk;
