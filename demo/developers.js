// A host's own backend: any object with the Backend interface's methods.
// This one talks to the reference server with fetch and logs every call —
// a real host would call its own API here and map its data to Qala's contract.
const log = document.getElementById('event-log');
const write = (line) => {
  log.textContent += `${new Date().toLocaleTimeString()}  ${line}\n`;
  log.scrollTop = log.scrollHeight;
};

async function call(method, path, body, headers = {}) {
  write(`backend → ${method} ${path.replace(/\?.*/, '')}`);
  const response = await fetch(`/api/v1/cities/aksu${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': body instanceof Blob ? body.type : 'application/json' } : {}), ...headers },
    body: body instanceof Blob ? body : body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json();
  if (!response.ok) {
    // Widgets understand plain objects shaped like a QalaError: { code, message, status?, issues? }.
    throw { code: data.code, message: data.message, status: response.status, issues: data.details?.issues ?? [] };
  }
  return data;
}

const query = (q) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) (Array.isArray(v) ? v : v === undefined ? [] : [v]).forEach((x) => p.append(k, x));
  return p.toString() ? `?${p}` : '';
};

const loggingBackend = {
  city: 'aksu',
  getConfig: () => call('GET', ''),
  listProposals: (q) => call('GET', `/proposals${query(q)}`),
  getProposal: (id) => call('GET', `/proposals/${encodeURIComponent(id)}`),
  uploadPhoto: (file, name) => call('POST', `/photos?name=${encodeURIComponent(name)}`, file),
  submitProposal: (input, key) => call('POST', '/proposals', input, { 'Idempotency-Key': key }),
  startVerification: (input) => call('POST', '/verification', input),
  resendCode: (id) => call('POST', `/verification/${encodeURIComponent(id)}/resend`, {}),
  confirmCode: (id, input) => call('POST', `/verification/${encodeURIComponent(id)}/confirm`, input),
  castBallot: (token, ballot, key) => call('POST', '/ballots', ballot, { Authorization: `Bearer ${token}`, 'Idempotency-Key': key }),
  checkReceipt: (code) => call('GET', `/receipts/${encodeURIComponent(code)}`),
  getResults: () => call('GET', '/results'),
  downloadUrl: (path) => new URL(path, location.href).href,
};

for (const el of document.querySelectorAll('[data-custom-backend]')) el.backend = loggingBackend;

for (const type of ['qala-proposal-submitted', 'qala-before-ballot-cast', 'qala-ballot-cast', 'qala-error']) {
  document.addEventListener(type, (event) => write(`event ${type} ${JSON.stringify(event.detail)}`));
}
write('listening to qala-* events');
