// `progress.html?city=khromtau`: the site sets the widgets' city and last year's cycle.
// Winners on `akimat.html?city=…` link here with the same query (`#project=<id>` opens the project).
// (Loaded before qala.js, both deferred, so the widgets start with the right attributes.)
const TOWNS = { aksu: 'Аксу', rudny: 'Рудный', khromtau: 'Хромтау', lisakovsk: 'Лисаковск' };
/** Each town's previous cycle in the demo (the server's seed adds it: src/server/seed-progress.ts). */
const LAST_YEAR = { aksu: 'aksu-2025', khromtau: 'khromtau-2025', lisakovsk: 'lisakovsk-2026' };
const city = new URLSearchParams(location.search).get('city');
if (city && city in TOWNS) {
  const name = TOWNS[city];
  document.title = `${name} — как реализуются проекты-победители`;
  document.querySelector('.akimat-header .town').textContent = name;
  document.querySelector('footer .office').textContent = `Акимат города ${name}`;
  for (const a of document.querySelectorAll('a.this-year')) a.href = `/akimat.html?city=${city}`;
  const results = document.querySelector('qala-results');
  results.setAttribute('city', city);
  results.setAttribute('progress-page', `/progress.html?city=${city}`);
  if (city in LAST_YEAR) results.setAttribute('cycle', LAST_YEAR[city]);
  else {
    // No previous cycle: this year's results, once they are out.
    results.removeAttribute('cycle');
    document.querySelector('#results h2').textContent = 'Итоги';
  }
  document.querySelector('qala-progress').setAttribute('city', city);
}
