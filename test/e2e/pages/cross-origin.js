// ?qala=http://host:port — the page includes qala.js from the Qala server, as an akimat's site would.
// (bench/load.ts also sets ?script=qala.bundle.js and ?only=ballot.)
document.addEventListener('DOMContentLoaded', function () {
  var params = new URLSearchParams(location.search);
  var qala = params.get('qala');
  var only = (params.get('only') || '').split(',').filter(Boolean);
  document.querySelectorAll('main > [id]').forEach(function (el) {
    if (only.length && only.indexOf(el.id) < 0) el.remove();
  });
  var script = document.createElement('script');
  script.src = qala + '/dist/' + (params.get('script') === 'qala.bundle.js' ? 'qala.bundle.js' : 'qala.js');
  script.dataset.api = qala + '/api/v1';
  script.dataset.city = 'aksu';
  document.head.append(script);
});
