import type { SubmitMessages } from '../../messages.js';

/** The texts of the parts a resident meets while submitting (photos, the place on the map, the confirmation, a refusal's words): fetched with them, not with the form's first screen. */
const kk: SubmitMessages = {
  'point.set': ({ lat, lng }) => `Нүкте қосылды: ${lat}, ${lng}`,
  'point.remove': 'Нүктені алып тастау',
  'point.denied': 'Орналасқан жерді анықтауға рұқсат берілмеді. Бұл міндетті емес — мекенжай жеткілікті.',
  'point.unavailable': 'Орналасқан жерді анықтау мүмкін болмады. Қайталап көріңіз немесе тек мекенжайды көрсетіңіз.',
  'point.unsupported': 'Бұл браузер орналасқан жерді анықтай алмайды. Мекенжай жеткілікті.',
  'category.unknown': 'Мұндай санат енді жоқ — тізімнен таңдаңыз.',
  'district.unknown': 'Мұндай аудан енді жоқ — тізімнен таңдаңыз.',
  'photo.dimensions': 'Суреттің пиксель саны тым көп — кішірек фото таңдаңыз.',
  'photo.empty': 'Файл бос — басқа фото таңдаңыз.',
  'proposal.limit_reached': ({ limit }) => `Бір телефон нөмірінен осы кезеңде ${limit} өтінімнен артық беруге болмайды — шекке жеттіңіз.`,
  'photo.alt': ({ n }) => `${n}-фото`,
  'photo.remove': ({ n }) => `${n}-фотоны өшіру`,
  'photo.uploading': ({ percent }) => `Жүктелуде: ${percent} %`,
  'photo.progressLabel': ({ n }) => `${n}-фотоның жүктелуі`,
  'photo.uploaded': 'Жүктелді',
  'photo.local': 'Жіберу кезінде жүктеледі',
  'photo.problem.type': 'бұл файл түрі келмейді. JPEG, PNG немесе WebP керек.',
  'photo.problem.size': ({ max }) => `файл ${max} МБ-тан үлкен.`,
  'photo.problem.decode': 'суретті ашу мүмкін болмады.',
  'photo.problem.tooMany': ({ max }) => `${max} фотодан артық қосуға болмайды.`,
  'photo.problem.server': 'сервер бұл фотоны қабылдамады. Өшіріп, басқасын қосыңыз.',
  'done.heading': 'Өтінім жіберілді',
  'done.id': 'Өтінім нөмірі:',
  'done.next': ({ date }) => `Әрі қарай: жоба орталығының сарапшылары өтінімді ${date} дейін қарайды. Ескертулері мен мәртебесін «Менің өтінімдерім» бөлімінен көресіз (телефонға келетін кодпен).`,
  'done.open': 'Өтінімді ашу',
  'done.another': 'Тағы бір өтінім беру',
  'duplicate.heading': 'Өтінім бұрын қабылданған',
  'duplicate.text': 'Сервер бұл өтінімді байланыс үзілмей тұрып алған, ол екінші рет жіберілген жоқ. Оны жалпы тізімнен табуға болады.',
  'done.reference': 'Өтінім коды:',
  'notify.disabled': 'Бұл қала SMS жібермейді.',
};

export default kk;
