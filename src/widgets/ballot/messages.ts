import { plural } from '../../ui/locale.js';
import { withCommon, type CommonMessages } from '../../ui/messages/index.js';

type N = { n: number };

/** Strings of `<qala-ballot>`, in every language. */
export type BallotMessages = {
  readonly 'load.failed': string;
  readonly 'time.cityZone': (p: { city: string }) => string;
  readonly 'intro.closes': (p: { end: string; zone: string }) => string;
  readonly 'closed.beforeTitle': string;
  readonly 'closed.afterTitle': string;
  readonly 'closed.before': (p: { start: string; end: string }) => string;
  readonly 'closed.after': (p: { end: string }) => string;
  readonly 'closed.results': (p: { date: string }) => string;
  readonly 'location.title': string;
  readonly 'location.why': (p: { city: string }) => string;
  readonly 'location.privacy': string;
  readonly 'location.share': string;
  readonly 'location.locating': string;
  readonly 'location.denied': string;
  readonly 'location.unavailable': string;
  readonly 'location.unsupported': string;
  readonly 'location.outside': string;
  readonly 'identify.title': string;
  readonly 'identify.lead': (p: { minAge: number }) => string;
  readonly 'identify.iin': string;
  readonly 'identify.iinHint': string;
  readonly 'identify.iinOk': string;
  readonly 'identify.phone': string;
  readonly 'identify.phoneHint': string;
  readonly 'identify.privacy': string;
  readonly 'identify.submit': string;
  readonly 'identify.sending': string;
  readonly 'notice.sessionExpired': string;
  readonly 'code.title': string;
  readonly 'code.lead': (p: { hint: string }) => string;
  readonly 'code.label': (p: { length: number }) => string;
  readonly 'code.confirm': string;
  readonly 'code.resend': string;
  readonly 'code.resendIn': (p: { time: string }) => string;
  readonly 'code.resent': (p: { hint: string }) => string;
  readonly 'code.validUntil': (p: { time: string }) => string;
  readonly 'code.wrong': (p: { left: number }) => string;
  readonly 'code.expired': string;
  readonly 'code.locked': string;
  readonly 'code.changePhone': string;
  readonly 'voted.title': string;
  readonly 'voted.when': (p: { at: string }) => string;
  readonly 'voted.noReceipt': string;
  readonly 'voted.change': string;
  readonly 'ballot.title': string;
  readonly 'ballot.review': string;
  readonly 'rule.single': string;
  readonly 'rule.approval': (p: { min: number; max: number }) => string;
  readonly 'rule.knapsack': string;
  readonly 'rule.knapsackMin': (p: { percent: number }) => string;
  readonly 'rule.cumulative': (p: { points: number; max: number }) => string;
  readonly 'rule.ranked': (p: { max: number }) => string;
  readonly 'rule.eachPool': string;
  readonly 'filter.label': string;
  readonly 'filter.category': string;
  readonly 'filter.district': string;
  readonly 'filter.all': string;
  readonly 'filter.shown': (p: { shown: number; total: number }) => string;
  readonly 'filter.hiddenPicked': (p: { count: number }) => string;
  readonly 'pool.projects': string;
  readonly 'pool.noneShown': string;
  readonly 'pool.empty': string;
  readonly 'pool.clear': string;
  readonly 'pool.cleared': (p: { pool: string }) => string;
  readonly 'meter.singleNone': string;
  readonly 'meter.singleChosen': string;
  readonly 'meter.chosen': (p: { n: number; max: number }) => string;
  readonly 'meter.picksLeft': (p: { left: number }) => string;
  readonly 'meter.atLeast': (p: { min: number }) => string;
  readonly 'meter.ranked': (p: { n: number; max: number }) => string;
  readonly 'meter.points': (p: { left: number; total: number }) => string;
  readonly 'meter.money': (p: { spent: string; limit: string }) => string;
  readonly 'meter.moneyLeft': (p: { left: string }) => string;
  readonly 'meter.minShare': (p: { min: string }) => string;
  readonly 'block.max_picks': (p: { max: number }) => string;
  readonly 'block.does_not_fit': (p: { cost: string; remaining: string }) => string;
  readonly 'block.no_points_left': string;
  readonly 'pick.added': (p: { title: string }) => string;
  readonly 'pick.removed': (p: { title: string }) => string;
  readonly 'points.label': (p: { title: string }) => string;
  readonly 'points.less': (p: { title: string }) => string;
  readonly 'points.more': (p: { title: string }) => string;
  readonly 'points.unit': (p: N) => string;
  readonly 'points.now': (p: { points: number; left: number }) => string;
  readonly 'points.none': string;
  readonly 'points.maxPerProject': (p: { max: number }) => string;
  readonly 'rank.title': string;
  readonly 'rank.howTo': string;
  readonly 'rank.empty': string;
  readonly 'rank.place': (p: { rank: number }) => string;
  readonly 'rank.up': (p: { title: string }) => string;
  readonly 'rank.down': (p: { title: string }) => string;
  readonly 'rank.remove': (p: { title: string }) => string;
  readonly 'rank.moved': (p: { title: string; rank: number }) => string;
  readonly 'rank.removed': (p: { title: string }) => string;
  readonly 'rank.alreadyFirst': string;
  readonly 'rank.alreadyLast': string;
  readonly 'card.more': string;
  readonly 'card.address': string;
  readonly 'card.author': string;
  readonly 'card.choose': string;
  readonly 'card.pick': string;
  readonly 'card.rank': string;
  readonly 'issue.empty': string;
  readonly 'issue.too_few': (p: { min: number }) => string;
  readonly 'issue.too_many': (p: { max: number }) => string;
  readonly 'issue.under_min_share': (p: { min: string; cost: string }) => string;
  readonly 'issue.over_budget': (p: { limit: string }) => string;
  readonly 'issue.over_points': (p: { max: number }) => string;
  readonly 'review.title': string;
  readonly 'review.lead': string;
  readonly 'review.yourChoice': string;
  readonly 'review.abstain': string;
  readonly 'review.total': (p: { n: number; cost: string }) => string;
  readonly 'review.points': (p: { points: number; total: number }) => string;
  readonly 'review.revote': string;
  readonly 'review.final': string;
  readonly 'review.back': string;
  readonly 'review.submit': string;
  readonly 'review.vetoed': string;
  readonly 'status.sending': string;
  readonly 'status.sendingLead': string;
  readonly 'status.queuedTitle': string;
  readonly 'status.queued': string;
  readonly 'status.queuedMemory': string;
  readonly 'status.noStorage': string;
  readonly 'status.lastError': (p: { error: string }) => string;
  readonly 'status.retry': string;
  readonly 'status.failedTitle': string;
  readonly 'status.startOver': string;
  readonly 'done.title': string;
  readonly 'done.sent': (p: { at: string }) => string;
  readonly 'done.receiptLabel': string;
  readonly 'done.howToCheck': string;
  readonly 'done.changeable': (p: { until: string }) => string;
  readonly 'done.final': string;
  readonly 'done.nextVoter': string;
  readonly 'receipt.haveCode': string;
  readonly 'receipt.label': string;
  readonly 'receipt.check': string;
  readonly 'receipt.invalid': string;
  readonly 'receipt.notFound': string;
  readonly 'receipt.counted': (p: { at: string; channel: string }) => string;
  readonly 'receipt.replaced': (p: { at: string }) => string;
  readonly 'receipt.online': string;
  readonly 'receipt.paper': string;
};

export type BallotKey = keyof (BallotMessages & CommonMessages) & string;

const ruN = (n: number, one: string, few: string, many: string) => plural('ru', n, { one, few, many, other: few });
const kkN = (n: number, word: string) => plural('kk', n, { one: word, other: word });
const enN = (n: number, one: string, other: string) => plural('en', n, { one, other });

const ru: BallotMessages = {
  'load.failed': 'Не удалось загрузить бюллетень',
  'time.cityZone': ({ city }) => `Время указано по часовому поясу города ${city}.`,
  'intro.closes': ({ end, zone }) => `Голосование идёт до ${end}. ${zone}`,
  'closed.beforeTitle': 'Голосование ещё не началось',
  'closed.afterTitle': 'Голосование завершено',
  'closed.before': ({ start, end }) => `Голосование откроется ${start} и продлится до ${end}.`,
  'closed.after': ({ end }) => `Голосование закрылось ${end}.`,
  'closed.results': ({ date }) => `Итоги публикуются с ${date}.`,
  'location.title': 'Подтвердите, что вы в городе',
  'location.why': ({ city }) => `Голосовать могут жители города ${city}. Чтобы это проверить, нужно ваше местоположение.`,
  'location.privacy': 'Координаты используются один раз для проверки и нигде не сохраняются.',
  'location.share': 'Поделиться местоположением',
  'location.locating': 'Определяем местоположение…',
  'location.denied': 'Доступ к местоположению запрещён. Без него проголосовать онлайн нельзя: разрешите доступ для этого сайта в настройках браузера и попробуйте снова.',
  'location.unavailable': 'Не удалось определить местоположение. Включите геолокацию и попробуйте ещё раз.',
  'location.unsupported': 'Этот браузер не умеет определять местоположение. Откройте страницу на телефоне.',
  'location.outside': 'По местоположению вы не в городе. Голосовать могут только жители, находящиеся в городе.',
  'identify.title': 'Кто голосует',
  'identify.lead': ({ minAge }) => `Голосовать могут жители с ${minAge} лет. Один человек — один голос.`,
  'identify.iin': 'ИИН',
  'identify.iinHint': '12 цифр, как в удостоверении личности.',
  'identify.iinOk': 'ИИН верный.',
  'identify.phone': 'Мобильный телефон',
  'identify.phoneHint': 'На него придёт код подтверждения. Например: +7 701 234 56 78.',
  'identify.privacy': 'ИИН и телефон отправляются только для проверки и не сохраняются на этом устройстве.',
  'identify.submit': 'Получить код',
  'identify.sending': 'Отправляем…',
  'notice.sessionExpired': 'Подтверждение истекло. Пройдите его ещё раз — ваш выбор сохранён.',
  'code.title': 'Введите код из SMS',
  'code.lead': ({ hint }) => `Мы отправили код на номер, который заканчивается на …${hint}.`,
  'code.label': ({ length }) => `Код (${length} цифр)`,
  'code.confirm': 'Подтвердить',
  'code.resend': 'Отправить новый код',
  'code.resendIn': ({ time }) => `Новый код можно запросить через ${time}`,
  'code.resent': ({ hint }) => `Новый код отправлен на номер …${hint}.`,
  'code.validUntil': ({ time }) => `Код действует ещё ${time}.`,
  'code.wrong': ({ left }) => `Неверный код. ${ruN(left, `Осталась ${left} попытка`, `Осталось ${left} попытки`, `Осталось ${left} попыток`)}.`,
  'code.expired': 'Срок действия кода истёк. Запросите новый код.',
  'code.locked': 'Слишком много неверных попыток — этот код больше не действует. Запросите новый код.',
  'code.changePhone': 'Изменить ИИН или номер',
  'voted.title': 'Вы уже проголосовали',
  'voted.when': ({ at }) => `Ваш голос принят ${at}.`,
  'voted.noReceipt': 'Ваш голос уже учтён. Проверить его можно по коду квитанции.',
  'voted.change': 'Изменить голос',
  'ballot.title': 'Ваш выбор',
  'ballot.review': 'Проверить выбор',
  'rule.single': 'Выберите один проект.',
  'rule.approval': ({ min, max }) => (min > 1 ? `Выберите от ${min} до ${max} проектов.` : `Выберите до ${max} ${ruN(max, 'проекта', 'проектов', 'проектов')}.`),
  'rule.knapsack': 'Выберите проекты, общая стоимость которых укладывается в бюджет.',
  'rule.knapsackMin': ({ percent }) => `Нужно распределить не меньше ${percent} % бюджета.`,
  'rule.cumulative': ({ points, max }) => `Распределите ${points} ${ruN(points, 'балл', 'балла', 'баллов')} между проектами, не больше ${max} на один проект.`,
  'rule.ranked': ({ max }) => `Расставьте до ${max} ${ruN(max, 'проекта', 'проектов', 'проектов')} по порядку: первый — самый важный для вас.`,
  'rule.eachPool': ' Каждый раздел — отдельный бюджет, голосуйте в каждом.',
  'filter.label': 'Фильтры проектов',
  'filter.category': 'Категория',
  'filter.district': 'Район',
  'filter.all': 'Все',
  'filter.shown': ({ shown, total }) => `Показано ${shown} из ${total}.`,
  'filter.hiddenPicked': ({ count }) => `${count} из выбранных вами скрыто фильтром, но они в бюллетене.`,
  'pool.projects': 'Проекты',
  'pool.noneShown': 'По этому фильтру проектов нет.',
  'pool.empty': 'В этом разделе нет проектов для голосования.',
  'pool.clear': 'Снять выбор',
  'pool.cleared': ({ pool }) => `Выбор в разделе «${pool}» снят.`,
  'meter.singleNone': 'Проект ещё не выбран.',
  'meter.singleChosen': 'Проект выбран.',
  'meter.chosen': ({ n, max }) => `Выбрано ${n} из ${max}`,
  'meter.picksLeft': ({ left }) => (left > 0 ? `можно выбрать ещё ${left}` : 'больше выбрать нельзя'),
  'meter.atLeast': ({ min }) => `нужно не меньше ${min}`,
  'meter.ranked': ({ n, max }) => `В рейтинге ${n} из ${max}`,
  'meter.points': ({ left, total }) => `Осталось ${left} ${ruN(left, 'балл', 'балла', 'баллов')} из ${total}`,
  'meter.money': ({ spent, limit }) => `Выбрано на ${spent} из ${limit}`,
  'meter.moneyLeft': ({ left }) => `осталось ${left}`,
  'meter.minShare': ({ min }) => `Чтобы отправить бюллетень, выберите проекты минимум на ${min} (отметка на шкале).`,
  'block.max_picks': ({ max }) => `Уже выбрано ${max} — это максимум. Снимите отметку с другого проекта, чтобы выбрать этот.`,
  'block.does_not_fit': ({ cost, remaining }) => `Не помещается: стоит ${cost}, а осталось ${remaining}.`,
  'block.no_points_left': 'Баллы закончились — заберите балл у другого проекта.',
  'pick.added': ({ title }) => `«${title}» выбран.`,
  'pick.removed': ({ title }) => `«${title}» убран.`,
  'points.label': ({ title }) => `Баллы для «${title}»`,
  'points.less': ({ title }) => `На балл меньше: «${title}»`,
  'points.more': ({ title }) => `На балл больше: «${title}»`,
  'points.unit': ({ n }) => `${n} ${ruN(n, 'балл', 'балла', 'баллов')}`,
  'points.now': ({ points, left }) => `${points} ${ruN(points, 'балл', 'балла', 'баллов')}; осталось ${left}.`,
  'points.none': 'У этого проекта нет баллов.',
  'points.maxPerProject': ({ max }) => `Одному проекту можно дать не больше ${max}.`,
  'rank.title': 'Ваш рейтинг',
  'rank.howTo': 'Меняйте порядок кнопками ↑ ↓, сочетанием Alt + стрелка или перетаскиванием.',
  'rank.empty': 'Отметьте проекты ниже — они появятся здесь по порядку.',
  'rank.place': ({ rank }) => `Место ${rank}`,
  'rank.up': ({ title }) => `Выше: «${title}»`,
  'rank.down': ({ title }) => `Ниже: «${title}»`,
  'rank.remove': ({ title }) => `Убрать из рейтинга: «${title}»`,
  'rank.moved': ({ title, rank }) => `«${title}» теперь на ${rank}-м месте.`,
  'rank.removed': ({ title }) => `«${title}» убран из рейтинга.`,
  'rank.alreadyFirst': 'Проект уже на первом месте.',
  'rank.alreadyLast': 'Проект уже на последнем месте.',
  'card.more': 'Подробнее',
  'card.address': 'Где:',
  'card.author': 'Автор:',
  'card.choose': 'Голосую за этот проект',
  'card.pick': 'Выбрать',
  'card.rank': 'Добавить в рейтинг',
  'issue.empty': 'Выберите хотя бы один проект.',
  'issue.too_few': ({ min }) => `Нужно выбрать не меньше ${min} ${ruN(min, 'проекта', 'проектов', 'проектов')}.`,
  'issue.too_many': ({ max }) => `Можно выбрать не больше ${max}.`,
  'issue.under_min_share': ({ min, cost }) => `Выбрано на ${cost}, а нужно не меньше ${min}. Добавьте проекты.`,
  'issue.over_budget': ({ limit }) => `Сумма превышает ${limit}.`,
  'issue.over_points': ({ max }) => `Баллов больше, чем ${max}.`,
  'review.title': 'Проверьте свой выбор',
  'review.lead': 'Так будет выглядеть ваш бюллетень. Если всё верно, отправьте его.',
  'review.yourChoice': 'Ваш выбор',
  'review.abstain': 'В этом разделе вы не голосуете.',
  'review.total': ({ n, cost }) => `Итого: ${n} ${ruN(n, 'проект', 'проекта', 'проектов')} на ${cost}`,
  'review.points': ({ points, total }) => `${points} из ${total} баллов`,
  'review.revote': 'До конца голосования голос можно изменить: новый бюллетень заменит этот.',
  'review.final': 'После отправки голос изменить нельзя.',
  'review.back': 'Изменить выбор',
  'review.submit': 'Отправить голос',
  'review.vetoed': 'Сайт остановил отправку бюллетеня. Ваш выбор сохранён на странице.',
  'status.sending': 'Отправляем голос…',
  'status.sendingLead': 'Не закрывайте страницу, это займёт несколько секунд.',
  'status.queuedTitle': 'Голос ещё не отправлен',
  'status.queued': 'Нет связи с сервером. Бюллетень сохранён на этом устройстве и уйдёт сам, как только появится интернет — даже если вы перезагрузите страницу.',
  'status.queuedMemory': 'Нет связи с сервером. Бюллетень отправится, как только появится интернет, — не закрывайте эту страницу.',
  'status.noStorage': 'Этот браузер не может сохранить бюллетень на устройстве: если закрыть страницу до отправки, голос будет потерян.',
  'status.lastError': ({ error }) => `Последняя попытка: ${error}`,
  'status.retry': 'Отправить сейчас',
  'status.failedTitle': 'Голос не принят',
  'status.startOver': 'Начать заново',
  'done.title': 'Ваш голос принят',
  'done.sent': ({ at }) => `Бюллетень получен сервером ${at}.`,
  'done.receiptLabel': 'Код квитанции:',
  'done.howToCheck': 'Сохраните код. По нему в любой момент можно проверить, что голос учтён (ниже или на сайте программы); как вы проголосовали, по коду узнать нельзя.',
  'done.changeable': ({ until }) => `Голос можно изменить до ${until}: пройдите подтверждение снова и проголосуйте — новый бюллетень заменит этот.`,
  'done.final': 'Голос окончательный, изменить его нельзя.',
  'done.nextVoter': 'Проголосует другой человек',
  'receipt.haveCode': 'Уже голосовали? Проверьте квитанцию',
  'receipt.label': 'Код квитанции',
  'receipt.check': 'Проверить',
  'receipt.invalid': 'Код — 16 знаков в формате XXXX-XXXX-XXXX-XXXX.',
  'receipt.notFound': 'Голоса с таким кодом нет. Проверьте код.',
  'receipt.counted': ({ at, channel }) => `Голос учтён: принят ${at}, ${channel}.`,
  'receipt.replaced': ({ at }) => `Этот бюллетень (${at}) заменён более новым — учитывается новый.`,
  'receipt.online': 'онлайн',
  'receipt.paper': 'на бумажном бюллетене',
};

const kk: BallotMessages = {
  'load.failed': 'Бюллетеньді жүктеу мүмкін болмады',
  'time.cityZone': ({ city }) => `Уақыт ${city} қаласының уақыт белдеуі бойынша көрсетілген.`,
  'intro.closes': ({ end, zone }) => `Дауыс беру ${end} дейін жүреді. ${zone}`,
  'closed.beforeTitle': 'Дауыс беру әлі басталған жоқ',
  'closed.afterTitle': 'Дауыс беру аяқталды',
  'closed.before': ({ start, end }) => `Дауыс беру ${start} ашылып, ${end} дейін жалғасады.`,
  'closed.after': ({ end }) => `Дауыс беру ${end} жабылды.`,
  'closed.results': ({ date }) => `Қорытынды ${date} бастап жарияланады.`,
  'location.title': 'Қалада екеніңізді растаңыз',
  'location.why': ({ city }) => `${city} қаласының тұрғындары ғана дауыс бере алады. Мұны тексеру үшін орналасқан жеріңіз қажет.`,
  'location.privacy': 'Координаттар тексеру үшін бір рет қолданылады және еш жерде сақталмайды.',
  'location.share': 'Орналасқан жерімді көрсету',
  'location.locating': 'Орналасқан жер анықталуда…',
  'location.denied': 'Орналасқан жерге рұқсат берілмеді. Онсыз онлайн дауыс беру мүмкін емес: браузер баптауларында осы сайтқа рұқсат беріп, қайталап көріңіз.',
  'location.unavailable': 'Орналасқан жерді анықтау мүмкін болмады. Геолокацияны қосып, қайталап көріңіз.',
  'location.unsupported': 'Бұл браузер орналасқан жерді анықтай алмайды. Бетті телефоннан ашыңыз.',
  'location.outside': 'Орналасқан жеріңіз бойынша сіз қалада емессіз. Қалада жүрген тұрғындар ғана дауыс бере алады.',
  'identify.title': 'Кім дауыс береді',
  'identify.lead': ({ minAge }) => `${minAge} жасқа толған тұрғындар дауыс бере алады. Бір адам — бір дауыс.`,
  'identify.iin': 'ЖСН',
  'identify.iinHint': 'Жеке куәліктегідей 12 сан.',
  'identify.iinOk': 'ЖСН дұрыс.',
  'identify.phone': 'Ұялы телефон',
  'identify.phoneHint': 'Оған растау коды келеді. Мысалы: +7 701 234 56 78.',
  'identify.privacy': 'ЖСН мен телефон тек тексеру үшін жіберіледі және бұл құрылғыда сақталмайды.',
  'identify.submit': 'Код алу',
  'identify.sending': 'Жіберілуде…',
  'notice.sessionExpired': 'Растау мерзімі өтті. Оны қайта өтіңіз — таңдауыңыз сақталды.',
  'code.title': 'SMS-тегі кодты енгізіңіз',
  'code.lead': ({ hint }) => `Кодты …${hint} деп аяқталатын нөмірге жібердік.`,
  'code.label': ({ length }) => `Код (${length} сан)`,
  'code.confirm': 'Растау',
  'code.resend': 'Жаңа код жіберу',
  'code.resendIn': ({ time }) => `Жаңа кодты ${time} өткен соң сұрауға болады`,
  'code.resent': ({ hint }) => `Жаңа код …${hint} нөміріне жіберілді.`,
  'code.validUntil': ({ time }) => `Код тағы ${time} жарамды.`,
  'code.wrong': ({ left }) => `Код қате. Тағы ${left} ${kkN(left, 'әрекет')} қалды.`,
  'code.expired': 'Кодтың мерзімі өтті. Жаңа код сұраңыз.',
  'code.locked': 'Қате әрекет тым көп — бұл код енді жарамсыз. Жаңа код сұраңыз.',
  'code.changePhone': 'ЖСН немесе нөмірді өзгерту',
  'voted.title': 'Сіз дауыс бердіңіз',
  'voted.when': ({ at }) => `Дауысыңыз ${at} қабылданды.`,
  'voted.noReceipt': 'Дауысыңыз есепке алынған. Оны түбіртек коды арқылы тексеруге болады.',
  'voted.change': 'Дауысты өзгерту',
  'ballot.title': 'Сіздің таңдауыңыз',
  'ballot.review': 'Таңдауды тексеру',
  'rule.single': 'Бір жобаны таңдаңыз.',
  'rule.approval': ({ min, max }) => (min > 1 ? `Кемінде ${min}, ең көбі ${max} жоба таңдаңыз.` : `${max} жобаға дейін таңдаңыз.`),
  'rule.knapsack': 'Жалпы құны бюджетке сыятын жобаларды таңдаңыз.',
  'rule.knapsackMin': ({ percent }) => `Бюджеттің кемінде ${percent} %-ын бөлу керек.`,
  'rule.cumulative': ({ points, max }) => `${points} ұпайды жобаларға бөліңіз, бір жобаға ${max} ұпайдан аспасын.`,
  'rule.ranked': ({ max }) => `${max} жобаға дейін ретімен орналастырыңыз: біріншісі — сіз үшін ең маңыздысы.`,
  'rule.eachPool': ' Әр бөлім — жеке бюджет, әрқайсысында дауыс беріңіз.',
  'filter.label': 'Жоба сүзгілері',
  'filter.category': 'Санат',
  'filter.district': 'Аудан',
  'filter.all': 'Барлығы',
  'filter.shown': ({ shown, total }) => `${total} жобадан ${shown} жоба көрсетілді.`,
  'filter.hiddenPicked': ({ count }) => `Таңдағандарыңыздың ${count} сүзгімен жасырылған, бірақ олар бюллетеньде бар.`,
  'pool.projects': 'Жобалар',
  'pool.noneShown': 'Бұл сүзгі бойынша жоба жоқ.',
  'pool.empty': 'Бұл бөлімде дауыс беруге арналған жоба жоқ.',
  'pool.clear': 'Таңдауды алып тастау',
  'pool.cleared': ({ pool }) => `«${pool}» бөліміндегі таңдау алынды.`,
  'meter.singleNone': 'Жоба әлі таңдалған жоқ.',
  'meter.singleChosen': 'Жоба таңдалды.',
  'meter.chosen': ({ n, max }) => `${max} жобадан ${n} таңдалды`,
  'meter.picksLeft': ({ left }) => (left > 0 ? `тағы ${left} таңдауға болады` : 'енді таңдауға болмайды'),
  'meter.atLeast': ({ min }) => `кемінде ${min} керек`,
  'meter.ranked': ({ n, max }) => `Рейтингте ${n} жоба (ең көбі ${max})`,
  'meter.points': ({ left, total }) => `${total} ұпайдан ${left} ұпай қалды`,
  'meter.money': ({ spent, limit }) => `${limit} ішінен ${spent} таңдалды`,
  'meter.moneyLeft': ({ left }) => `${left} қалды`,
  'meter.minShare': ({ min }) => `Бюллетеньді жіберу үшін кемінде ${min} сомаға жоба таңдаңыз (шкаладағы белгі).`,
  'block.max_picks': ({ max }) => `${max} жоба таңдалды — бұл ең көбі. Мұны таңдау үшін басқа жобаның белгісін алыңыз.`,
  'block.does_not_fit': ({ cost, remaining }) => `Сыймайды: құны ${cost}, ал ${remaining} қалды.`,
  'block.no_points_left': 'Ұпай бітті — басқа жобадан ұпай алыңыз.',
  'pick.added': ({ title }) => `«${title}» таңдалды.`,
  'pick.removed': ({ title }) => `«${title}» алынып тасталды.`,
  'points.label': ({ title }) => `«${title}» үшін ұпай`,
  'points.less': ({ title }) => `Бір ұпай азайту: «${title}»`,
  'points.more': ({ title }) => `Бір ұпай қосу: «${title}»`,
  'points.unit': ({ n }) => `${n} ұпай`,
  'points.now': ({ points, left }) => `${points} ұпай; ${left} қалды.`,
  'points.none': 'Бұл жобада ұпай жоқ.',
  'points.maxPerProject': ({ max }) => `Бір жобаға ${max} ұпайдан артық беруге болмайды.`,
  'rank.title': 'Сіздің рейтингіңіз',
  'rank.howTo': 'Ретін ↑ ↓ батырмаларымен, Alt + көрсеткі пернелерімен немесе сүйреп өзгертіңіз.',
  'rank.empty': 'Төмендегі жобаларды белгілеңіз — олар мұнда ретімен шығады.',
  'rank.place': ({ rank }) => `${rank}-орын`,
  'rank.up': ({ title }) => `Жоғары: «${title}»`,
  'rank.down': ({ title }) => `Төмен: «${title}»`,
  'rank.remove': ({ title }) => `Рейтингтен алу: «${title}»`,
  'rank.moved': ({ title, rank }) => `«${title}» енді ${rank}-орында.`,
  'rank.removed': ({ title }) => `«${title}» рейтингтен алынды.`,
  'rank.alreadyFirst': 'Жоба бірінші орында тұр.',
  'rank.alreadyLast': 'Жоба соңғы орында тұр.',
  'card.more': 'Толығырақ',
  'card.address': 'Қайда:',
  'card.author': 'Авторы:',
  'card.choose': 'Осы жобаға дауыс беремін',
  'card.pick': 'Таңдау',
  'card.rank': 'Рейтингке қосу',
  'issue.empty': 'Кемінде бір жобаны таңдаңыз.',
  'issue.too_few': ({ min }) => `Кемінде ${min} жоба таңдау керек.`,
  'issue.too_many': ({ max }) => `${max} жобадан артық таңдауға болмайды.`,
  'issue.under_min_share': ({ min, cost }) => `${cost} сомаға таңдалды, ал кемінде ${min} керек. Жоба қосыңыз.`,
  'issue.over_budget': ({ limit }) => `Сома ${limit} шегінен асып кетті.`,
  'issue.over_points': ({ max }) => `Ұпай саны ${max} шегінен асып кетті.`,
  'review.title': 'Таңдауыңызды тексеріңіз',
  'review.lead': 'Бюллетеніңіз осылай болады. Бәрі дұрыс болса, жіберіңіз.',
  'review.yourChoice': 'Сіздің таңдауыңыз',
  'review.abstain': 'Бұл бөлімде дауыс бермейсіз.',
  'review.total': ({ n, cost }) => `Барлығы: ${n} жоба, ${cost}`,
  'review.points': ({ points, total }) => `${total} ұпайдан ${points} ұпай`,
  'review.revote': 'Дауыс беру аяқталғанға дейін дауысты өзгертуге болады: жаңа бюллетень осыны ауыстырады.',
  'review.final': 'Жібергеннен кейін дауысты өзгертуге болмайды.',
  'review.back': 'Таңдауды өзгерту',
  'review.submit': 'Дауысты жіберу',
  'review.vetoed': 'Сайт бюллетеньді жіберуді тоқтатты. Таңдауыңыз бетте сақталды.',
  'status.sending': 'Дауыс жіберілуде…',
  'status.sendingLead': 'Бетті жаппаңыз, бұл бірнеше секунд алады.',
  'status.queuedTitle': 'Дауыс әлі жіберілген жоқ',
  'status.queued': 'Сервермен байланыс жоқ. Бюллетень осы құрылғыда сақталды және интернет пайда болғанда өзі жіберіледі — бетті қайта жүктесеңіз де.',
  'status.queuedMemory': 'Сервермен байланыс жоқ. Бюллетень интернет пайда болғанда жіберіледі — бұл бетті жаппаңыз.',
  'status.noStorage': 'Бұл браузер бюллетеньді құрылғыда сақтай алмайды: жіберілмей тұрып бетті жапсаңыз, дауыс жоғалады.',
  'status.lastError': ({ error }) => `Соңғы әрекет: ${error}`,
  'status.retry': 'Қазір жіберу',
  'status.failedTitle': 'Дауыс қабылданбады',
  'status.startOver': 'Қайта бастау',
  'done.title': 'Дауысыңыз қабылданды',
  'done.sent': ({ at }) => `Бюллетень серверге ${at} жетті.`,
  'done.receiptLabel': 'Түбіртек коды:',
  'done.howToCheck': 'Кодты сақтап қойыңыз. Ол арқылы дауысыңыздың есепке алынғанын кез келген уақытта тексеруге болады (төменде немесе бағдарлама сайтында); қалай дауыс бергеніңізді код арқылы білу мүмкін емес.',
  'done.changeable': ({ until }) => `Дауысты ${until} дейін өзгертуге болады: растаудан қайта өтіп, дауыс беріңіз — жаңа бюллетень осыны ауыстырады.`,
  'done.final': 'Дауыс түпкілікті, оны өзгертуге болмайды.',
  'done.nextVoter': 'Басқа адам дауыс береді',
  'receipt.haveCode': 'Дауыс бердіңіз бе? Түбіртекті тексеріңіз',
  'receipt.label': 'Түбіртек коды',
  'receipt.check': 'Тексеру',
  'receipt.invalid': 'Код — XXXX-XXXX-XXXX-XXXX пішіміндегі 16 таңба.',
  'receipt.notFound': 'Мұндай кодпен дауыс жоқ. Кодты тексеріңіз.',
  'receipt.counted': ({ at, channel }) => `Дауыс есепке алынды: ${at} қабылданды, ${channel}.`,
  'receipt.replaced': ({ at }) => `Бұл бюллетень (${at}) жаңасымен ауыстырылды — жаңасы есептеледі.`,
  'receipt.online': 'онлайн',
  'receipt.paper': 'қағаз бюллетеньмен',
};

const en: BallotMessages = {
  'load.failed': 'The ballot could not be loaded',
  'time.cityZone': ({ city }) => `Times are in ${city} local time.`,
  'intro.closes': ({ end, zone }) => `Voting is open until ${end}. ${zone}`,
  'closed.beforeTitle': 'Voting has not started yet',
  'closed.afterTitle': 'Voting has closed',
  'closed.before': ({ start, end }) => `Voting opens on ${start} and runs until ${end}.`,
  'closed.after': ({ end }) => `Voting closed on ${end}.`,
  'closed.results': ({ date }) => `Results are published from ${date}.`,
  'location.title': 'Confirm that you are in the city',
  'location.why': ({ city }) => `Only residents of ${city} may vote. To check this we need your location.`,
  'location.privacy': 'Your position is used once for this check and is never stored.',
  'location.share': 'Share my location',
  'location.locating': 'Finding your location…',
  'location.denied': 'Location access was denied. You cannot vote online without it: allow location for this site in your browser settings and try again.',
  'location.unavailable': 'Your location could not be found. Turn on location services and try again.',
  'location.unsupported': 'This browser cannot tell your location. Open this page on your phone.',
  'location.outside': 'Your location is outside the city. Only residents who are in the city may vote.',
  'identify.title': 'Who is voting',
  'identify.lead': ({ minAge }) => `Residents aged ${minAge} and over may vote. One person, one vote.`,
  'identify.iin': 'IIN',
  'identify.iinHint': '12 digits, as on your ID card.',
  'identify.iinOk': 'The IIN is valid.',
  'identify.phone': 'Mobile phone',
  'identify.phoneHint': 'We will text a confirmation code to it. For example: +7 701 234 56 78.',
  'identify.privacy': 'Your IIN and phone are sent only for this check and are not kept on this device.',
  'identify.submit': 'Get a code',
  'identify.sending': 'Sending…',
  'notice.sessionExpired': 'Your confirmation has expired. Please confirm again — your choices are kept.',
  'code.title': 'Enter the code from the SMS',
  'code.lead': ({ hint }) => `We sent a code to the number ending in …${hint}.`,
  'code.label': ({ length }) => `Code (${length} digits)`,
  'code.confirm': 'Confirm',
  'code.resend': 'Send a new code',
  'code.resendIn': ({ time }) => `You can ask for a new code in ${time}`,
  'code.resent': ({ hint }) => `A new code was sent to …${hint}.`,
  'code.validUntil': ({ time }) => `The code is valid for ${time} more.`,
  'code.wrong': ({ left }) => `Wrong code. ${left} ${enN(left, 'attempt', 'attempts')} left.`,
  'code.expired': 'The code has expired. Ask for a new one.',
  'code.locked': 'Too many wrong attempts — this code no longer works. Ask for a new one.',
  'code.changePhone': 'Change IIN or number',
  'voted.title': 'You have already voted',
  'voted.when': ({ at }) => `Your vote was accepted on ${at}.`,
  'voted.noReceipt': 'Your vote is already counted. You can check it with your receipt code.',
  'voted.change': 'Change my vote',
  'ballot.title': 'Your choice',
  'ballot.review': 'Review my choice',
  'rule.single': 'Choose one project.',
  'rule.approval': ({ min, max }) => (min > 1 ? `Choose ${min} to ${max} projects.` : `Choose up to ${max} ${enN(max, 'project', 'projects')}.`),
  'rule.knapsack': 'Choose projects whose total cost fits the budget.',
  'rule.knapsackMin': ({ percent }) => `You must use at least ${percent}% of it.`,
  'rule.cumulative': ({ points, max }) => `Spread ${points} points over the projects, at most ${max} on one project.`,
  'rule.ranked': ({ max }) => `Rank up to ${max} ${enN(max, 'project', 'projects')}: the first is the one that matters most to you.`,
  'rule.eachPool': ' Each section is a separate budget; vote in each.',
  'filter.label': 'Project filters',
  'filter.category': 'Category',
  'filter.district': 'District',
  'filter.all': 'All',
  'filter.shown': ({ shown, total }) => `Showing ${shown} of ${total}.`,
  'filter.hiddenPicked': ({ count }) => `${count} of your choices ${count === 1 ? 'is' : 'are'} hidden by the filter but still on your ballot.`,
  'pool.projects': 'Projects',
  'pool.noneShown': 'No projects match this filter.',
  'pool.empty': 'There are no projects to vote for in this section.',
  'pool.clear': 'Clear my choice',
  'pool.cleared': ({ pool }) => `Your choice in “${pool}” was cleared.`,
  'meter.singleNone': 'No project chosen yet.',
  'meter.singleChosen': 'Project chosen.',
  'meter.chosen': ({ n, max }) => `${n} of ${max} chosen`,
  'meter.picksLeft': ({ left }) => (left > 0 ? `${left} more possible` : 'no more can be chosen'),
  'meter.atLeast': ({ min }) => `at least ${min} needed`,
  'meter.ranked': ({ n, max }) => `${n} of ${max} ranked`,
  'meter.points': ({ left, total }) => `${left} of ${total} points left`,
  'meter.money': ({ spent, limit }) => `${spent} of ${limit} chosen`,
  'meter.moneyLeft': ({ left }) => `${left} left`,
  'meter.minShare': ({ min }) => `To send the ballot, choose projects worth at least ${min} (the mark on the bar).`,
  'block.max_picks': ({ max }) => `You have chosen ${max}, the most allowed. Unselect another project to choose this one.`,
  'block.does_not_fit': ({ cost, remaining }) => `Does not fit: it costs ${cost} and ${remaining} is left.`,
  'block.no_points_left': 'No points left — take a point from another project.',
  'pick.added': ({ title }) => `“${title}” chosen.`,
  'pick.removed': ({ title }) => `“${title}” removed.`,
  'points.label': ({ title }) => `Points for “${title}”`,
  'points.less': ({ title }) => `One point less: “${title}”`,
  'points.more': ({ title }) => `One point more: “${title}”`,
  'points.unit': ({ n }) => `${n} ${enN(n, 'point', 'points')}`,
  'points.now': ({ points, left }) => `${points} ${enN(points, 'point', 'points')}; ${left} left.`,
  'points.none': 'This project has no points.',
  'points.maxPerProject': ({ max }) => `One project can get at most ${max}.`,
  'rank.title': 'Your ranking',
  'rank.howTo': 'Change the order with the ↑ ↓ buttons, Alt + arrow keys, or by dragging.',
  'rank.empty': 'Tick projects below — they appear here in order.',
  'rank.place': ({ rank }) => `Rank ${rank}`,
  'rank.up': ({ title }) => `Move up: “${title}”`,
  'rank.down': ({ title }) => `Move down: “${title}”`,
  'rank.remove': ({ title }) => `Remove from ranking: “${title}”`,
  'rank.moved': ({ title, rank }) => `“${title}” is now number ${rank}.`,
  'rank.removed': ({ title }) => `“${title}” removed from the ranking.`,
  'rank.alreadyFirst': 'The project is already first.',
  'rank.alreadyLast': 'The project is already last.',
  'card.more': 'More details',
  'card.address': 'Where:',
  'card.author': 'Proposed by:',
  'card.choose': 'I vote for this project',
  'card.pick': 'Choose',
  'card.rank': 'Add to my ranking',
  'issue.empty': 'Choose at least one project.',
  'issue.too_few': ({ min }) => `Choose at least ${min} ${enN(min, 'project', 'projects')}.`,
  'issue.too_many': ({ max }) => `Choose at most ${max}.`,
  'issue.under_min_share': ({ min, cost }) => `You chose ${cost}; at least ${min} is needed. Add projects.`,
  'issue.over_budget': ({ limit }) => `The total is over ${limit}.`,
  'issue.over_points': ({ max }) => `More than ${max} points given.`,
  'review.title': 'Check your choice',
  'review.lead': 'This is your ballot. If everything is right, send it.',
  'review.yourChoice': 'Your choice',
  'review.abstain': 'You do not vote in this section.',
  'review.total': ({ n, cost }) => `Total: ${n} ${enN(n, 'project', 'projects')}, ${cost}`,
  'review.points': ({ points, total }) => `${points} of ${total} points`,
  'review.revote': 'You can change your vote until voting closes: a new ballot replaces this one.',
  'review.final': 'Once sent, your vote cannot be changed.',
  'review.back': 'Change my choice',
  'review.submit': 'Send my vote',
  'review.vetoed': 'The site stopped the ballot from being sent. Your choices are kept on the page.',
  'status.sending': 'Sending your vote…',
  'status.sendingLead': 'Please keep this page open; it takes a few seconds.',
  'status.queuedTitle': 'Your vote is not sent yet',
  'status.queued': 'The server cannot be reached. Your ballot is saved on this device and will be sent automatically when you are back online — even if you reload the page.',
  'status.queuedMemory': 'The server cannot be reached. Your ballot will be sent when you are back online — keep this page open.',
  'status.noStorage': 'This browser cannot save the ballot on this device: if you close the page before it is sent, the vote is lost.',
  'status.lastError': ({ error }) => `Last attempt: ${error}`,
  'status.retry': 'Send now',
  'status.failedTitle': 'Your vote was not accepted',
  'status.startOver': 'Start again',
  'done.title': 'Your vote is in',
  'done.sent': ({ at }) => `The server received your ballot on ${at}.`,
  'done.receiptLabel': 'Receipt code:',
  'done.howToCheck': 'Keep this code. With it you can check at any time that your vote is counted (below, or on the programme’s site); it never reveals how you voted.',
  'done.changeable': ({ until }) => `You can change your vote until ${until}: confirm again and vote — the new ballot replaces this one.`,
  'done.final': 'Your vote is final and cannot be changed.',
  'done.nextVoter': 'Someone else will vote',
  'receipt.haveCode': 'Already voted? Check your receipt',
  'receipt.label': 'Receipt code',
  'receipt.check': 'Check',
  'receipt.invalid': 'The code has 16 characters: XXXX-XXXX-XXXX-XXXX.',
  'receipt.notFound': 'No vote has this code. Check the code.',
  'receipt.counted': ({ at, channel }) => `Counted: received on ${at}, ${channel}.`,
  'receipt.replaced': ({ at }) => `This ballot (${at}) was replaced by a newer one — the newer one counts.`,
  'receipt.online': 'online',
  'receipt.paper': 'on a paper ballot',
};

export const messages = withCommon({ kk, ru, en });
