// ?city=aksu&lang=kk&only=form,list&sync-url=1 — read once, before the deferred bundle defines the elements.
(function () {
  var params = new URLSearchParams(location.search);
  var city = params.get('city') || 'aksu';
  var lang = params.get('lang') || 'ru';
  var only = (params.get('only') || '').split(',').filter(Boolean);
  var names = { form: 'Өтінімдер / Заявки', list: 'Тізім / Список', ballot: 'Дауыс беру / Голосование', results: 'Қорытынды / Итоги' };
  document.documentElement.lang = lang;
  document.title = 'Qala — ' + city + ' (' + lang + ')';
  document.getElementById('site-title').textContent = city === 'rudny' ? 'Рудный — Туған қала' : 'Ақсу — Туған қала';
  ['form', 'list', 'ballot', 'results'].forEach(function (id) {
    var section = document.getElementById('s-' + id);
    if (only.length && only.indexOf(id) < 0) {
      section.remove();
      return;
    }
    section.setAttribute('aria-label', names[id]);
    var el = document.getElementById(id);
    el.setAttribute('city', city);
    el.setAttribute('lang', lang);
  });
  var list = document.getElementById('list');
  if (list && params.get('sync-url')) list.setAttribute('sync-url', '');
  if (params.get('proposal-url') && document.getElementById('form')) document.getElementById('form').setAttribute('proposal-url', params.get('proposal-url'));
})();
