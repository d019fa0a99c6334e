// `progress.html?city=khromtau`: the site sets the widgets' city and last year's cycle.
// (Loaded before qala.js, both deferred, so the widgets start with the right attributes.)
const LAST_YEAR = { aksu: ['Аксу', 'aksu-2025'], khromtau: ['Хромтау', 'khromtau-2025'], lisakovsk: ['Лисаковск', 'lisakovsk-2026'] };
const city = new URLSearchParams(location.search).get('city');
if (city && city in LAST_YEAR) {
  const [name, cycle] = LAST_YEAR[city];
  document.title = `${name} — как реализуются проекты-победители`;
  document.querySelector('.akimat-header .town').textContent = name;
  document.querySelector('footer .office').textContent = `Акимат города ${name}`;
  for (const a of document.querySelectorAll('a.this-year')) a.href = `/akimat.html?city=${city}`;
  const results = document.querySelector('qala-results');
  results.setAttribute('city', city);
  results.setAttribute('cycle', cycle);
  results.setAttribute('progress-page', `/progress.html?city=${city}`);
  document.querySelector('qala-progress').setAttribute('city', city);
}
