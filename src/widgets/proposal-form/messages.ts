import { withCommon } from '../../ui/messages/index.js';

/** Strings of `<qala-proposal-form>`; user-written text (file names, ids) is never put inside them. */
export type ProposalFormMessages = {
  readonly heading: string;
  readonly openUntil: (p: { date: string }) => string;
  readonly required: string;
  readonly optional: string;
  readonly choose: string;
  readonly noDistrict: string;
  readonly 'field.choose': string;
  readonly 'field.invalid': string;
  readonly 'title.label': string;
  readonly 'title.hint': string;
  readonly 'description.label': string;
  readonly 'description.hint': string;
  readonly 'category.label': string;
  readonly 'district.label': string;
  readonly 'address.label': string;
  readonly 'address.hint': string;
  readonly 'point.label': string;
  readonly 'point.hint': string;
  readonly 'point.use': string;
  readonly 'point.locating': string;
  readonly 'point.set': (p: { lat: string; lng: string }) => string;
  readonly 'point.remove': string;
  readonly 'point.denied': string;
  readonly 'point.unavailable': string;
  readonly 'point.unsupported': string;
  readonly 'cost.label': string;
  readonly 'cost.hint.cap': (p: { cap: string }) => string;
  readonly 'cost.hint.noCategory': string;
  readonly 'cost.hint.plain': string;
  readonly 'photos.label': string;
  readonly 'photos.hint': (p: { max: number; side: number }) => string;
  readonly 'photos.add': string;
  readonly 'photos.count': (p: { count: number; max: number }) => string;
  readonly 'photo.alt': (p: { n: number }) => string;
  readonly 'photo.remove': (p: { n: number }) => string;
  readonly 'photo.processing': string;
  readonly 'photo.uploading': (p: { percent: number }) => string;
  readonly 'photo.progressLabel': (p: { n: number }) => string;
  readonly 'photo.uploaded': string;
  readonly 'photo.local': string;
  readonly 'photo.problem.type': string;
  readonly 'photo.problem.size': (p: { max: number }) => string;
  readonly 'photo.problem.decode': string;
  readonly 'photo.problem.tooMany': (p: { max: number }) => string;
  readonly 'photo.problem.server': string;
  readonly 'author.label': string;
  readonly 'author.hint': string;
  readonly 'phone.label': string;
  readonly 'phone.hint': string;
  readonly 'consent.label': string;
  readonly 'consent.notice': string;
  readonly submit: string;
  readonly sending: string;
  readonly summary: (p: { count: number }) => string;
  readonly 'draft.restored': (p: { date: string }) => string;
  readonly 'draft.pending': string;
  readonly 'draft.discard': string;
  readonly 'draft.discarded': string;
  readonly 'draft.notKept': string;
  readonly 'draft.kept': string;
  readonly 'wait.offline': string;
  readonly 'wait.error': string;
  readonly 'wait.retryNow': string;
  readonly 'wait.cancel': string;
  readonly 'wait.cancelled': string;
  readonly 'closed.before': (p: { date: string; zone: string }) => string;
  readonly 'closed.after': (p: { from: string; to: string }) => string;
  readonly 'closed.next': string;
  readonly 'done.heading': string;
  readonly 'done.id': string;
  readonly 'done.next': (p: { date: string }) => string;
  readonly 'done.open': string;
  readonly 'done.another': string;
  readonly 'duplicate.heading': string;
  readonly 'duplicate.text': string;
};

const kk: ProposalFormMessages = {
  heading: 'Өтінім беру',
  openUntil: ({ date }) => `Өтінімдер ${date} дейін қабылданады.`,
  required: 'міндетті',
  optional: 'міндетті емес',
  choose: '— таңдаңыз —',
  noDistrict: '— көрсетілмеген —',
  'field.choose': 'Тізімнен таңдаңыз.',
  'field.invalid': 'Осы өрісті тексеріңіз.',
  'title.label': 'Атауы',
  'title.hint': 'Қысқаша: не және қай жерде жасау керек.',
  'description.label': 'Сипаттамасы',
  'description.hint': 'Не ұсынасыз, ол не үшін және кімге керек.',
  'category.label': 'Санаты',
  'district.label': 'Аудан',
  'address.label': 'Мекенжайы немесе орны',
  'address.hint': 'Көше, үй, аула немесе белгілі орын.',
  'point.label': 'Картадағы нүкте',
  'point.hint': 'Міндетті емес. Жақсартқыңыз келетін жерде тұрып басыңыз. Нүкте черновикте сақталмайды.',
  'point.use': 'Менің орналасқан жерімді көрсету',
  'point.locating': 'Орналасқан жеріңіз анықталуда…',
  'point.set': ({ lat, lng }) => `Нүкте қосылды: ${lat}, ${lng}`,
  'point.remove': 'Нүктені алып тастау',
  'point.denied': 'Орналасқан жерді анықтауға рұқсат берілмеді. Бұл міндетті емес — мекенжай жеткілікті.',
  'point.unavailable': 'Орналасқан жерді анықтау мүмкін болмады. Қайталап көріңіз немесе тек мекенжайды көрсетіңіз.',
  'point.unsupported': 'Бұл браузер орналасқан жерді анықтай алмайды. Мекенжай жеткілікті.',
  'cost.label': 'Болжамды құны, ₸',
  'cost.hint.cap': ({ cap }) => `Бұл санат үшін ${cap} аспауы керек.`,
  'cost.hint.noCategory': 'Алдымен санатты таңдаңыз — әр санаттың өз шегі бар.',
  'cost.hint.plain': 'Бүтін теңгемен.',
  'photos.label': 'Фото немесе эскиз',
  'photos.hint': ({ max, side }) => `1-ден ${max}-ке дейін JPEG, PNG немесе WebP файлы. Фото ${side} пиксельге дейін кішірейтіледі, түсірілген жер туралы деректер өшіріледі.`,
  'photos.add': 'Фото қосу',
  'photos.count': ({ count, max }) => `${max} фотоның ${count} қосылды`,
  'photo.alt': ({ n }) => `${n}-фото`,
  'photo.remove': ({ n }) => `${n}-фотоны өшіру`,
  'photo.processing': 'Фото дайындалуда…',
  'photo.uploading': ({ percent }) => `Жүктелуде: ${percent} %`,
  'photo.progressLabel': ({ n }) => `${n}-фотоның жүктелуі`,
  'photo.uploaded': 'Жүктелді',
  'photo.local': 'Жіберу кезінде жүктеледі',
  'photo.problem.type': 'бұл файл түрі келмейді. JPEG, PNG немесе WebP керек.',
  'photo.problem.size': ({ max }) => `файл ${max} МБ-тан үлкен.`,
  'photo.problem.decode': 'суретті ашу мүмкін болмады.',
  'photo.problem.tooMany': ({ max }) => `${max} фотодан артық қосуға болмайды.`,
  'photo.problem.server': 'сервер бұл фотоны қабылдамады. Өшіріп, басқасын қосыңыз.',
  'author.label': 'Атыңыз',
  'author.hint': 'Өтініммен бірге барлығына көрінеді, мысалы «Айгүл С.».',
  'phone.label': 'Телефон',
  'phone.hint': 'Тек жоба орталығы сізбен байланысу үшін. Жарияланбайды және черновикте сақталмайды.',
  'consent.label': 'Дербес деректерімді өңдеуге келісемін',
  'consent.notice': 'Атыңыз өтініммен бірге жарияланады. Телефон нөміріңізді тек жоба орталығының қызметкерлері өтінім бойынша байланысу үшін көреді.',
  submit: 'Өтінімді жіберу',
  sending: 'Жіберілуде…',
  summary: ({ count }) => `Белгіленген өрістерді тексеріңіз (${count}).`,
  'draft.restored': ({ date }) => `${date} сақталған черновик қалпына келтірілді. Телефон мен келісім сақталмайды — оларды қайта көрсетіңіз.`,
  'draft.pending': 'Бұл өтінім байланыс үзілгендіктен жіберілмей қалды. Өрістерді тексеріп, телефонды көрсетіп, қайта жіберіңіз — ол екі рет келмейді.',
  'draft.discard': 'Черновикті өшіру',
  'draft.discarded': 'Черновик өшірілді.',
  'draft.notKept': 'Бұл құрылғыда черновик сақталмайды (браузер сақтауға рұқсат бермейді). Өтінімді бәрібір жіберуге болады.',
  'draft.kept': 'Черновик осы құрылғыда автоматты түрде сақталады (телефонсыз).',
  'wait.offline': 'Интернет жоқ. Өтінім сақталды және байланыс пайда болғанда өзі жіберіледі. Бетті жаппаңыз.',
  'wait.error': 'Жіберу мүмкін болмады. Біраздан кейін автоматты түрде қайталаймыз.',
  'wait.retryNow': 'Қазір жіберу',
  'wait.cancel': 'Жіберуді тоқтату',
  'wait.cancelled': 'Жіберу тоқтатылды. Черновик сақталды — түзетіп, қайта жіберуге болады.',
  'closed.before': ({ date, zone }) => `Өтінімдерді қабылдау ${date} басталады (${zone} жергілікті уақыты бойынша).`,
  'closed.after': ({ from, to }) => `Өтінімдерді қабылдау аяқталды. Өтінімдер ${from} бастап ${to} дейін қабылданды.`,
  'closed.next': 'Берілген өтінімдерді тізімнен көруге болады.',
  'done.heading': 'Өтінім жіберілді',
  'done.id': 'Өтінім нөмірі:',
  'done.next': ({ date }) => `Әрі қарай: жоба орталығының сарапшылары өтінімді ${date} дейін қарайды. Бірдеңені нақтылау керек болса, сізге хабарласады. Өтінімнің мәртебесі жалпы тізімде көрінеді.`,
  'done.open': 'Өтінімді ашу',
  'done.another': 'Тағы бір өтінім беру',
  'duplicate.heading': 'Өтінім бұрын қабылданған',
  'duplicate.text': 'Сервер бұл өтінімді байланыс үзілмей тұрып алған, ол екінші рет жіберілген жоқ. Оны жалпы тізімнен табуға болады.',
};

const ru: ProposalFormMessages = {
  heading: 'Подать заявку',
  openUntil: ({ date }) => `Заявки принимаются до ${date} включительно.`,
  required: 'обязательно',
  optional: 'необязательно',
  choose: '— выберите —',
  noDistrict: '— не указан —',
  'field.choose': 'Выберите из списка.',
  'field.invalid': 'Проверьте это поле.',
  'title.label': 'Название',
  'title.hint': 'Коротко: что и где сделать.',
  'description.label': 'Описание',
  'description.hint': 'Что вы предлагаете, зачем и кому это нужно.',
  'category.label': 'Категория',
  'district.label': 'Район',
  'address.label': 'Адрес или место',
  'address.hint': 'Улица, дом, двор или известное место.',
  'point.label': 'Точка на карте',
  'point.hint': 'Необязательно. Нажмите, стоя на месте, которое хотите улучшить. Точка не сохраняется в черновике.',
  'point.use': 'Указать моё местоположение',
  'point.locating': 'Определяем местоположение…',
  'point.set': ({ lat, lng }) => `Точка добавлена: ${lat}, ${lng}`,
  'point.remove': 'Убрать точку',
  'point.denied': 'Доступ к местоположению не разрешён. Это необязательно — достаточно адреса.',
  'point.unavailable': 'Не удалось определить местоположение. Попробуйте ещё раз или укажите только адрес.',
  'point.unsupported': 'Этот браузер не умеет определять местоположение. Достаточно адреса.',
  'cost.label': 'Примерная стоимость, ₸',
  'cost.hint.cap': ({ cap }) => `Не больше ${cap} для этой категории.`,
  'cost.hint.noCategory': 'Сначала выберите категорию — у каждой свой предел.',
  'cost.hint.plain': 'Целым числом тенге.',
  'photos.label': 'Фото или эскиз',
  'photos.hint': ({ max, side }) => `От 1 до ${max} файлов JPEG, PNG или WebP. Фото уменьшаются до ${side} пикселей, данные о месте съёмки удаляются.`,
  'photos.add': 'Добавить фото',
  'photos.count': ({ count, max }) => `Добавлено ${count} из ${max}`,
  'photo.alt': ({ n }) => `Фото ${n}`,
  'photo.remove': ({ n }) => `Удалить фото ${n}`,
  'photo.processing': 'Готовим фото…',
  'photo.uploading': ({ percent }) => `Загрузка: ${percent} %`,
  'photo.progressLabel': ({ n }) => `Загрузка фото ${n}`,
  'photo.uploaded': 'Загружено',
  'photo.local': 'Загрузится при отправке',
  'photo.problem.type': 'такой тип файла не подходит. Нужен JPEG, PNG или WebP.',
  'photo.problem.size': ({ max }) => `файл больше ${max} МБ.`,
  'photo.problem.decode': 'не удалось открыть изображение.',
  'photo.problem.tooMany': ({ max }) => `можно добавить не больше ${max} фото.`,
  'photo.problem.server': 'сервер не принял это фото. Удалите его и добавьте другое.',
  'author.label': 'Ваше имя',
  'author.hint': 'Будет видно всем вместе с заявкой, например «Айгуль С.».',
  'phone.label': 'Телефон',
  'phone.hint': 'Только чтобы проектный центр мог связаться с вами. Не публикуется и не сохраняется в черновике.',
  'consent.label': 'Согласен(на) на обработку персональных данных',
  'consent.notice': 'Имя публикуется вместе с заявкой. Номер телефона видят только сотрудники проектного центра — чтобы связаться с вами по заявке.',
  submit: 'Отправить заявку',
  sending: 'Отправляем…',
  summary: ({ count }) => `Проверьте отмеченные поля (${count}).`,
  'draft.restored': ({ date }) => `Восстановлен черновик от ${date}. Телефон и согласие не сохраняются — укажите их снова.`,
  'draft.pending': 'Эта заявка не была отправлена: пропала связь. Проверьте поля, укажите телефон и отправьте снова — дважды она не придёт.',
  'draft.discard': 'Удалить черновик',
  'draft.discarded': 'Черновик удалён.',
  'draft.notKept': 'Черновик на этом устройстве не сохраняется (браузер не даёт доступ к хранилищу). Заявку всё равно можно отправить.',
  'draft.kept': 'Черновик сохраняется на этом устройстве автоматически (без телефона).',
  'wait.offline': 'Нет интернета. Заявка сохранена и отправится сама, когда появится связь. Не закрывайте страницу.',
  'wait.error': 'Не удалось отправить. Повторим автоматически через некоторое время.',
  'wait.retryNow': 'Отправить сейчас',
  'wait.cancel': 'Остановить отправку',
  'wait.cancelled': 'Отправка остановлена. Черновик сохранён — можно исправить и отправить снова.',
  'closed.before': ({ date, zone }) => `Приём заявок откроется ${date} (по местному времени, ${zone}).`,
  'closed.after': ({ from, to }) => `Приём заявок завершён. Заявки принимались с ${from} по ${to}.`,
  'closed.next': 'Поданные заявки можно посмотреть в списке.',
  'done.heading': 'Заявка отправлена',
  'done.id': 'Номер заявки:',
  'done.next': ({ date }) => `Что дальше: эксперты проектного центра рассмотрят заявку до ${date}. Если нужно что-то уточнить, вам позвонят. Статус заявки виден в общем списке.`,
  'done.open': 'Открыть заявку',
  'done.another': 'Подать ещё одну заявку',
  'duplicate.heading': 'Заявка уже получена',
  'duplicate.text': 'Сервер получил эту заявку ещё до обрыва связи, второй раз она не отправлялась. Её можно найти в общем списке.',
};

const en: ProposalFormMessages = {
  heading: 'Submit a proposal',
  openUntil: ({ date }) => `Proposals are accepted until ${date} inclusive.`,
  required: 'required',
  optional: 'optional',
  choose: '— choose —',
  noDistrict: '— not specified —',
  'field.choose': 'Choose one from the list.',
  'field.invalid': 'Check this field.',
  'title.label': 'Title',
  'title.hint': 'In short: what to do and where.',
  'description.label': 'Description',
  'description.hint': 'What you propose, why, and who needs it.',
  'category.label': 'Category',
  'district.label': 'District',
  'address.label': 'Address or place',
  'address.hint': 'Street, building, yard or a well-known place.',
  'point.label': 'Point on the map',
  'point.hint': 'Optional. Press it while standing where you want the improvement. The point is not kept in the draft.',
  'point.use': 'Use my location',
  'point.locating': 'Finding your location…',
  'point.set': ({ lat, lng }) => `Point added: ${lat}, ${lng}`,
  'point.remove': 'Remove the point',
  'point.denied': 'Access to your location was not allowed. That is fine — the address is enough.',
  'point.unavailable': 'Your location could not be found. Try again, or give the address only.',
  'point.unsupported': 'This browser cannot find your location. The address is enough.',
  'cost.label': 'Estimated cost, ₸',
  'cost.hint.cap': ({ cap }) => `At most ${cap} in this category.`,
  'cost.hint.noCategory': 'Choose a category first — each has its own limit.',
  'cost.hint.plain': 'Whole tenge.',
  'photos.label': 'Photos or a sketch',
  'photos.hint': ({ max, side }) => `1 to ${max} JPEG, PNG or WebP files. Photos are scaled down to ${side} pixels and their location data is removed.`,
  'photos.add': 'Add photos',
  'photos.count': ({ count, max }) => `${count} of ${max} added`,
  'photo.alt': ({ n }) => `Photo ${n}`,
  'photo.remove': ({ n }) => `Remove photo ${n}`,
  'photo.processing': 'Preparing the photo…',
  'photo.uploading': ({ percent }) => `Uploading: ${percent} %`,
  'photo.progressLabel': ({ n }) => `Upload of photo ${n}`,
  'photo.uploaded': 'Uploaded',
  'photo.local': 'Uploaded when you send',
  'photo.problem.type': 'this file type does not fit. JPEG, PNG or WebP is needed.',
  'photo.problem.size': ({ max }) => `the file is larger than ${max} MB.`,
  'photo.problem.decode': 'the image could not be opened.',
  'photo.problem.tooMany': ({ max }) => `no more than ${max} photos.`,
  'photo.problem.server': 'the server did not accept this photo. Remove it and add another.',
  'author.label': 'Your name',
  'author.hint': 'Shown to everyone with the proposal, e.g. “Aigul S.”.',
  'phone.label': 'Phone',
  'phone.hint': 'Only so the project centre can contact you. Never published and not kept in the draft.',
  'consent.label': 'I agree to the processing of my personal data',
  'consent.notice': 'Your name is published with the proposal. Only the project centre staff see your phone number, to contact you about the proposal.',
  submit: 'Send the proposal',
  sending: 'Sending…',
  summary: ({ count }) => `Check the marked fields (${count}).`,
  'draft.restored': ({ date }) => `Your draft from ${date} was restored. The phone and the consent are not kept — please give them again.`,
  'draft.pending': 'This proposal was not sent: the connection dropped. Check the fields, give your phone and send again — it will not arrive twice.',
  'draft.discard': 'Discard the draft',
  'draft.discarded': 'The draft was discarded.',
  'draft.notKept': 'The draft is not kept on this device (the browser does not allow storage). You can still send the proposal.',
  'draft.kept': 'The draft is saved on this device automatically (without the phone).',
  'wait.offline': 'No internet. The proposal is kept and will be sent by itself when the connection is back. Keep this page open.',
  'wait.error': 'Could not send. We will try again automatically shortly.',
  'wait.retryNow': 'Send now',
  'wait.cancel': 'Stop sending',
  'wait.cancelled': 'Sending stopped. The draft is kept — you can correct it and send again.',
  'closed.before': ({ date, zone }) => `Submission opens on ${date} (local time in ${zone}).`,
  'closed.after': ({ from, to }) => `Submission is over. Proposals were accepted from ${from} to ${to}.`,
  'closed.next': 'The proposals are in the list.',
  'done.heading': 'Proposal sent',
  'done.id': 'Proposal number:',
  'done.next': ({ date }) => `What happens next: the project centre's experts review the proposal until ${date}. If anything needs clarifying, they will call you. The proposal's status is shown in the public list.`,
  'done.open': 'Open the proposal',
  'done.another': 'Submit another proposal',
  'duplicate.heading': 'The proposal was already received',
  'duplicate.text': 'The server received this proposal before the connection dropped; it was not sent a second time. You can find it in the public list.',
};

export const messages = withCommon<ProposalFormMessages>({ kk, ru, en });
