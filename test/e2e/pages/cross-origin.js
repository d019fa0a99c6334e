// ?qala=http://host:port — the page includes qala.js from the Qala server, as an akimat's site would.
(function () {
  var qala = new URLSearchParams(location.search).get('qala');
  var script = document.createElement('script');
  script.src = qala + '/dist/qala.js';
  script.defer = true;
  script.dataset.api = qala + '/api/v1';
  script.dataset.city = 'aksu';
  document.head.append(script);
})();
