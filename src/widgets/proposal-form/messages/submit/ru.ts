import type { SubmitMessages } from '../../messages.js';

/** The texts of the parts a resident meets while submitting (photos, the place on the map, the confirmation, a refusal's words): fetched with them, not with the form's first screen. */
const ru: SubmitMessages = {
  'point.set': ({ lat, lng }) => `Точка добавлена: ${lat}, ${lng}`,
  'point.remove': 'Убрать точку',
  'point.denied': 'Доступ к местоположению не разрешён. Это необязательно — достаточно адреса.',
  'point.unavailable': 'Не удалось определить местоположение. Попробуйте ещё раз или укажите только адрес.',
  'point.unsupported': 'Этот браузер не умеет определять местоположение. Достаточно адреса.',
  'category.unknown': 'Такой категории больше нет — выберите из списка.',
  'district.unknown': 'Такого района больше нет — выберите из списка.',
  'photo.dimensions': 'В изображении слишком много пикселей — выберите фото поменьше.',
  'photo.empty': 'Файл пустой — выберите другое фото.',
  'proposal.limit_reached': ({ limit }) => `С одного номера в этом цикле можно подать не больше ${limit} ${limit % 10 === 1 && limit % 100 !== 11 ? 'заявки' : 'заявок'} — предел достигнут.`,
  'photo.alt': ({ n }) => `Фото ${n}`,
  'photo.remove': ({ n }) => `Удалить фото ${n}`,
  'photo.uploading': ({ percent }) => `Загрузка: ${percent} %`,
  'photo.progressLabel': ({ n }) => `Загрузка фото ${n}`,
  'photo.uploaded': 'Загружено',
  'photo.local': 'Загрузится при отправке',
  'photo.problem.type': 'такой тип файла не подходит. Нужен JPEG, PNG или WebP.',
  'photo.problem.size': ({ max }) => `файл больше ${max} МБ.`,
  'photo.problem.decode': 'не удалось открыть изображение.',
  'photo.problem.tooMany': ({ max }) => `можно добавить не больше ${max} фото.`,
  'photo.problem.server': 'сервер не принял это фото. Удалите его и добавьте другое.',
  'done.heading': 'Заявка отправлена',
  'done.id': 'Номер заявки:',
  'done.next': ({ date }) => `Что дальше: эксперты проектного центра рассмотрят заявку до ${date}. Их замечания и статус заявки — в разделе «Мои заявки» (по коду на ваш телефон).`,
  'done.open': 'Открыть заявку',
  'done.another': 'Подать ещё одну заявку',
  'duplicate.heading': 'Заявка уже получена',
  'duplicate.text': 'Сервер получил эту заявку ещё до обрыва связи, второй раз она не отправлялась. Её можно найти в общем списке.',
  'done.reference': 'Код заявки:',
  'notify.disabled': 'Этот город не отправляет SMS.',
};

export default ru;
