// One akimat page for every demo town: `akimat.html?city=rudny`. The site sets the
// widgets' `city` attribute, the page its winners link to and its own header; Qala itself needs nothing more.
// (Loaded before qala.js, both deferred, so the widgets start with the right city.)
const TOWNS = { aksu: 'Ақсу', rudny: 'Рудный', khromtau: 'Хромтау', lisakovsk: 'Лисаковск' };
const city = new URLSearchParams(location.search).get('city');
if (city && city in TOWNS) {
  const office = `${TOWNS[city]} қаласының әкімдігі`;
  document.title = `${office} — Туған қала`;
  document.querySelector('.akimat-header h1').textContent = office;
  document.querySelector('footer .office').textContent = office;
  for (const el of document.querySelectorAll('qala-ballot, qala-proposal-list, qala-proposal-form, qala-results')) el.setAttribute('city', city);
  // Winners link to the town's own progress page: the widgets keep this query and add #project=<id>.
  const progressPage = `/progress.html?city=${city}`;
  for (const el of document.querySelectorAll('qala-proposal-list, qala-results')) el.setAttribute('progress-page', progressPage);
  for (const a of document.querySelectorAll('a.progress-page')) a.href = progressPage;
}
