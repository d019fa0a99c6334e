// The project centre's demo console: plain DOM over the admin API of the
// reference server. Every text from the server goes in through textContent.
const PHASES = ['submission', 'review', 'voting', 'results', 'implementation'];
const STATUSES = ['under_review', 'needs_changes', 'rejected', 'withdrawn', 'winner', 'not_funded', 'in_progress', 'implemented'];
const STATUS_WORDS = {
  submitted: 'submitted',
  under_review: 'under review',
  needs_changes: 'needs changes',
  rejected: 'rejected',
  merged: 'merged',
  on_ballot: 'on the ballot',
  winner: 'winner',
  not_funded: 'not funded',
  in_progress: 'in progress',
  implemented: 'implemented',
  withdrawn: 'withdrawn',
};

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const money = (n) => `${new Intl.NumberFormat('ru-KZ').format(n)} ₸`;

let token = '';
let config = null;
let cursor = null;

class AdminError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? 'error';
    this.issues = body?.details?.issues ?? [];
  }
}

async function api(method, path, body, headers = {}) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new AdminError(response.status, data);
  return data;
}
const city = () => $('city').value;
const adminPath = (rest = '') => `/admin/cities/${encodeURIComponent(city())}${rest}`;

function say(text) {
  $('status').textContent = text;
  $('error').replaceChildren();
}

function fail(error) {
  $('status').textContent = '';
  const issues = (error.issues ?? []).map((i) => el('li', { textContent: `${(i.path ?? []).join('.') || 'body'}: ${i.message}` }));
  $('error').replaceChildren(el('p', { className: 'error', textContent: `${error.message} (${error.code ?? 'error'})` }), issues.length ? el('ul', {}, ...issues) : null);
}

/** Runs an action, says what happened, reloads what it changed. */
async function act(button, what, run) {
  button.disabled = true;
  say(`${what}…`);
  try {
    const done = await run();
    await loadCity(false);
    say(done ?? `${what}: done.`);
  } catch (error) {
    fail(error);
  } finally {
    button.disabled = false;
  }
}

// ——— sign in ———
$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  try {
    const me = await api('GET', '/admin/whoami');
    $('city').replaceChildren(...me.cities.map((slug) => el('option', { value: slug, textContent: slug })));
    $('token').value = '';
    $('sign-in').hidden = true;
    $('work').hidden = false;
    await loadCity(true);
    $('city-heading').focus();
    say(`Signed in as ${me.name}.`);
  } catch (error) {
    token = '';
    fail(error.status === 401 ? Object.assign(error, { message: 'This token is not valid: copy one that npm start printed.' }) : error);
  }
});
$('city').addEventListener('change', () => loadCity(true));
$('filter').addEventListener('change', () => loadProposals(true));
$('more').addEventListener('click', () => loadProposals(false));
$('apply').addEventListener('click', (event) =>
  act(event.currentTarget, 'Marking winners', async () => {
    const r = await api('POST', adminPath('/results/apply'), {});
    const text = `${r.winners.length} winner(s), ${r.notFunded.length} not funded, ${r.unchanged.length} left as decided before.`;
    $('applied').textContent = text;
    return `Winners marked: ${text}`;
  }),
);

async function loadCity(fresh) {
  try {
    config = await api('GET', adminPath());
    renderPhases();
    await Promise.all([loadProposals(true), loadAudit(), loadPaperForm(fresh), loadVoters(fresh)]);
    if (fresh) $('applied').textContent = '';
  } catch (error) {
    fail(error);
  }
}

// ——— voter list ———
const METHOD_WORDS = {
  voter_list: 'Residents prove who they are with a code sent to the phone on this voter list.',
  oidc: 'Residents prove who they are by signing in with the identity provider; no voter list is used.',
  census: 'Residents prove who they are through the register of residents (census API); no voter list is used.',
  phone_only: 'Phone only: a code goes to whatever phone a resident types. This proves a phone, not a person; the results say so.',
};
const PROBLEM_WORDS = {
  columns: 'wrong number of columns',
  'iin.format': 'the IIN is not 12 digits',
  'iin.checksum': 'the IIN check digit is wrong',
  'iin.date': 'the IIN has no real birth date',
  'phone.invalid': 'not a Kazakh mobile number',
  'district.unknown': 'unknown district',
  duplicate: 'the same IIN again',
};

async function loadVoters(fresh) {
  const method = config.identity?.method ?? 'voter_list';
  $('voters-method').textContent = METHOD_WORDS[method] ?? '';
  $('voters-form').hidden = method !== 'voter_list';
  if (fresh) $('voters-report').replaceChildren();
  if (method !== 'voter_list') {
    $('voters-summary').textContent = '';
    return;
  }
  const s = await api('GET', adminPath('/voter-list'));
  const when = new Intl.DateTimeFormat('ru-KZ', { timeZone: config.city.timeZone, dateStyle: 'short', timeStyle: 'short' });
  const districts = Object.entries(s.byDistrict).filter(([d]) => d).map(([d, n]) => `${config.city.districts.find((x) => x.id === d)?.name.en ?? d}: ${n}`);
  $('voters-summary').textContent =
    `${s.total} resident${s.total === 1 ? '' : 's'} on the list for ${s.cycleId}` +
    (districts.length ? ` (${districts.join(', ')})` : '') +
    (s.updatedAt ? `; last changed ${when.format(new Date(s.updatedAt))}` : '') +
    `. Deleted after ${when.format(new Date(s.deleteAfter))}.`;
}

$('voters-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const file = form.elements.file.files[0];
  const mode = form.elements.mode.value;
  if (!file) return;
  const button = $('voters-upload');
  act(button, 'Uploading the voter list', async () => {
    const text = await file.text();
    const path = mode === 'remove' ? '/voter-list/remove' : '/voter-list';
    const response = await fetch(`/api/v1${adminPath(path)}`, { method: mode === 'replace' ? 'PUT' : 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' }, body: text });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      renderVoterReport(data?.details?.rejected ?? [], data?.details?.rejected?.length ?? 0);
      throw new AdminError(response.status, data);
    }
    form.reset();
    renderVoterReport(data.rejected, data.rejectedTotal);
    return `Voter list: ${data.added} added, ${data.updated} updated, ${data.removed} removed; ${data.total} on the list; ${data.rejectedTotal} row${data.rejectedTotal === 1 ? '' : 's'} refused.`;
  });
});

function renderVoterReport(rejected, total) {
  if (!rejected.length) return void $('voters-report').replaceChildren();
  $('voters-report').replaceChildren(
    el('p', { textContent: `Rows refused (${total}); fix them in the spreadsheet and upload them again with “Add these residents”:` }),
    el('ul', {}, ...rejected.map((r) => el('li', { textContent: `line ${r.line}: ${PROBLEM_WORDS[r.problem] ?? r.problem}` }))),
    total > rejected.length ? el('p', { textContent: `…and ${total - rejected.length} more.` }) : null,
  );
}

// ——— phases ———
function renderPhases() {
  const { cycle, city: c, currentPhase, serverTime } = config;
  $('cycle').textContent = `${c.name.en}, ${cycle.title.en}: now ${currentPhase.replace('_', ' ')}.`;
  const when = new Intl.DateTimeFormat('ru-KZ', { timeZone: c.timeZone, dateStyle: 'short', timeStyle: 'short' });
  const now = Date.parse(serverTime);
  $('phases').tBodies[0].replaceChildren(
    ...PHASES.map((phase) => {
      const w = cycle.phases[phase];
      const state = now < Date.parse(w.start) ? 'before' : now < Date.parse(w.end) ? 'open' : 'after';
      const action = state === 'before' ? 'open' : state === 'open' ? 'close' : null;
      const button = action ? el('button', { type: 'button', textContent: `${action === 'open' ? 'Open' : 'Close'} ${phase} now` }) : null;
      button?.addEventListener('click', () => act(button, `${action === 'open' ? 'Opening' : 'Closing'} ${phase}`, () => api('POST', adminPath('/phases'), { phase, action }).then(() => undefined)));
      return el(
        'tr',
        {},
        el('th', { scope: 'row', textContent: phase }),
        el('td', { textContent: when.format(new Date(w.start)) }),
        el('td', { textContent: when.format(new Date(w.end)) }),
        el('td', { textContent: state === 'before' ? 'not yet' : state === 'open' ? 'open now' : 'over' }),
        el('td', {}, button ?? '—'),
      );
    }),
  );
}

// ——— proposals ———
async function loadProposals(fresh) {
  if (fresh) cursor = null;
  const q = new URLSearchParams({ limit: '20' });
  if ($('filter').value) q.append('status', $('filter').value);
  if (cursor) q.set('cursor', cursor);
  const page = await api('GET', adminPath(`/proposals?${q}`));
  const items = page.items.map(renderProposal);
  if (fresh) $('proposals').replaceChildren(...items);
  else $('proposals').append(...items);
  cursor = page.nextCursor;
  $('more').hidden = !cursor;
  const shown = $('proposals').children.length;
  $('count').textContent = shown ? `${shown} shown${cursor ? ', more below' : ''}.` : 'No proposals here.';
}

function renderProposal(p) {
  const pool = config.cycle.pools.find((x) => x.id === p.poolId);
  const facts = [
    STATUS_WORDS[p.status] ?? p.status,
    p.category,
    p.finalCost !== undefined ? `${money(p.finalCost)} (final; estimated ${money(p.estimatedCost)})` : money(p.estimatedCost),
    pool ? `pool: ${pool.name.en}` : null,
    `${p.votes} vote(s)`,
    p.hidden ? 'hidden' : null,
    p.published ? null : 'not published',
  ].filter(Boolean);
  const id = `p-${p.id}`;

  const note = el('textarea', { id: `${id}-note`, rows: 2, maxLength: 2000 });
  const status = el('select', { id: `${id}-status` }, ...STATUSES.map((s) => el('option', { value: s, textContent: STATUS_WORDS[s] })));
  const setStatus = el('button', { type: 'button', textContent: 'Set status' });
  setStatus.addEventListener('click', () =>
    act(setStatus, `Setting “${p.title}” to ${STATUS_WORDS[status.value]}`, () =>
      api('POST', adminPath(`/proposals/${encodeURIComponent(p.id)}/status`), { status: status.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) }).then(() => undefined),
    ),
  );

  const poolSelect = el('select', { id: `${id}-pool` }, ...config.cycle.pools.map((x) => el('option', { value: x.id, textContent: `${x.name.en} (cap ${money(Math.min(x.costCap ?? x.budget, x.budget))})` })));
  const cost = el('input', { id: `${id}-cost`, type: 'number', min: '1', step: '1', inputMode: 'numeric', placeholder: String(p.finalCost ?? p.estimatedCost) });
  const place = el('button', { type: 'button', textContent: 'Put on the ballot' });
  place.addEventListener('click', () =>
    act(place, `Putting “${p.title}” on the ballot`, () =>
      api('POST', adminPath(`/proposals/${encodeURIComponent(p.id)}/ballot`), {
        poolId: poolSelect.value,
        ...(cost.value ? { finalCost: Number(cost.value) } : {}),
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      }).then(() => undefined),
    ),
  );

  const visibility = el('button', { type: 'button', textContent: p.hidden ? 'Show it again' : 'Hide (moderation)' });
  visibility.addEventListener('click', () =>
    act(visibility, p.hidden ? `Showing “${p.title}”` : `Hiding “${p.title}”`, () =>
      api('POST', adminPath(`/proposals/${encodeURIComponent(p.id)}/visibility`), p.hidden ? { hidden: false } : { hidden: true, ...(note.value.trim() ? { reason: note.value.trim().slice(0, 500) } : {}) }).then(() => undefined),
    ),
  );

  return el(
    'li',
    { className: 'proposal' },
    el('h3', { textContent: p.title }),
    el('p', { className: 'facts', textContent: facts.join(' · ') }),
    p.reviewNote ? el('p', { className: 'note', textContent: `Council: ${p.reviewNote}` }) : null,
    el(
      'details',
      {},
      el('summary', { textContent: 'Review' }),
      el('p', { className: 'muted', textContent: p.description }),
      el('label', { htmlFor: note.id, textContent: 'Note for the author (the reason, shown in public)' }),
      note,
      el('div', { className: 'row' }, el('label', { htmlFor: status.id, textContent: 'Status' }), status, setStatus),
      el('div', { className: 'row' }, el('label', { htmlFor: poolSelect.id, textContent: 'Pool' }), poolSelect, el('label', { htmlFor: cost.id, textContent: 'Final cost, ₸' }), cost, place),
      el('div', { className: 'row' }, visibility),
    ),
  );
}

// ——— audit ———
async function loadAudit() {
  const page = await api('GET', adminPath('/audit?limit=20'));
  const when = new Intl.DateTimeFormat('ru-KZ', { timeZone: config.city.timeZone, dateStyle: 'short', timeStyle: 'medium' });
  $('audit').replaceChildren(...page.items.map((a) => el('li', { textContent: `${when.format(new Date(a.at))} · ${a.actor} · ${a.action}${a.target ? ` · ${a.target}` : ''}` })));
}

// ——— paper ballots ———
let onBallot = [];
let batch = [];
let batchKey = null;

async function loadPaperForm(fresh) {
  const page = await api('GET', adminPath('/proposals?status=on_ballot&limit=500'));
  onBallot = page.items;
  if (fresh) {
    batch = [];
    batchKey = null;
    $('paper-receipts').replaceChildren();
  }
  renderPaperForm(!fresh);
  renderBatch();
}

/** Draws the paper ballot form; `keep`: marks already made stay (another action reloads the city meanwhile). */
function renderPaperForm(keep) {
  const marks = keep ? new Map([...$('paper-ballot').querySelectorAll('input')].map((i) => [i.id, i.type === 'number' ? i.value : i.checked])) : new Map();
  const rule = config.cycle.ballot;
  const how = {
    single: 'one project per section',
    approval: `from ${rule.min ?? 1} to ${rule.max} projects`,
    knapsack: rule.limit ? `projects within ${money(rule.limit)}` : "projects within the section's budget",
    cumulative: `up to ${rule.points} points in all, at most ${rule.maxPerProject} a project`,
    ranked: `rank up to ${rule.maxRanks} projects: 1 is the first choice`,
  }[rule.kind];
  const sections = config.cycle.pools.map((pool) => {
    const projects = onBallot.filter((p) => p.poolId === pool.id);
    const inputs = projects.map((p) => {
      const id = `paper-${pool.id}-${p.id}`;
      const input =
        rule.kind === 'single'
          ? el('input', { type: 'radio', name: `paper-${pool.id}`, id, value: p.id })
          : rule.kind === 'approval' || rule.kind === 'knapsack'
            ? el('input', { type: 'checkbox', id, value: p.id })
            : el('input', { type: 'number', id, min: '1', max: String(rule.kind === 'ranked' ? rule.maxRanks : rule.maxPerProject), step: '1', inputMode: 'numeric' });
      input.dataset.project = p.id;
      return el('div', { className: 'pick' }, input, el('label', { htmlFor: id, textContent: `${p.title} — ${money(p.finalCost ?? p.estimatedCost)}` }));
    });
    return el('fieldset', {}, el('legend', { textContent: `${pool.name.en}: ${how}` }), ...(inputs.length ? inputs : [el('p', { className: 'muted', textContent: 'No projects on the ballot in this section.' })]));
  });
  $('paper-ballot').replaceChildren(...sections);
  for (const input of $('paper-ballot').querySelectorAll('input')) {
    if (!marks.has(input.id)) continue;
    if (input.type === 'number') input.value = marks.get(input.id);
    else input.checked = marks.get(input.id);
  }
  $('paper-add').disabled = onBallot.length === 0;
}

/** The ballot as the form shows it, or null when nothing is marked. */
function readPaperBallot() {
  const rule = config.cycle.ballot;
  const choices = [];
  for (const pool of config.cycle.pools) {
    const marked = [...$('paper-ballot').querySelectorAll('input')].filter((i) => onBallot.find((p) => p.id === i.dataset.project)?.poolId === pool.id);
    let picks;
    if (rule.kind === 'cumulative') picks = marked.filter((i) => Number(i.value) > 0).map((i) => ({ projectId: i.dataset.project, points: Number(i.value) }));
    else if (rule.kind === 'ranked') picks = marked.filter((i) => Number(i.value) > 0).sort((a, b) => Number(a.value) - Number(b.value)).map((i) => ({ projectId: i.dataset.project }));
    else picks = marked.filter((i) => i.checked).map((i) => ({ projectId: i.dataset.project }));
    if (picks.length) choices.push({ poolId: pool.id, picks });
  }
  return choices.length ? { choices } : null;
}

function renderBatch() {
  const title = (id) => onBallot.find((p) => p.id === id)?.title ?? id;
  $('paper-batch').replaceChildren(
    ...batch.map((ballot, i) => {
      const remove = el('button', { type: 'button', textContent: 'Remove' });
      remove.setAttribute('aria-label', `Remove ballot ${i + 1}`);
      remove.addEventListener('click', () => {
        batch.splice(i, 1);
        batchKey = null;
        renderBatch();
        say(`Ballot ${i + 1} removed; ${batch.length} to send.`);
      });
      const text = ballot.choices.map((c) => c.picks.map((p) => `${title(p.projectId)}${p.points ? ` (${p.points})` : ''}`).join(', ')).join('; ');
      return el('li', {}, el('span', { textContent: `${text} ` }), remove);
    }),
  );
  $('paper-send').disabled = batch.length === 0;
  $('paper-send').textContent = batch.length ? `Send ${batch.length} ballot${batch.length === 1 ? '' : 's'}` : 'Send the ballots';
}

$('paper-ballot').addEventListener('submit', (event) => {
  event.preventDefault();
  $('paper-add').click();
});
$('paper-add').addEventListener('click', () => {
  const ballot = readPaperBallot();
  if (!ballot) return fail({ message: 'Mark at least one project on this ballot first.', code: 'empty_ballot' });
  batch.push(ballot);
  batchKey = null;
  $('paper-ballot').reset();
  renderBatch();
  say(`Ballot ${batch.length} added; ${batch.length} to send.`);
  $('paper-ballot').querySelector('input')?.focus();
});

$('paper-send').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  const desk = $('desk').value.trim();
  if (!desk) {
    fail({ message: 'Say which desk these ballots come from.', code: 'desk_required' });
    $('desk').focus();
    return;
  }
  // One key per batch: sending it again after a lost answer cannot enter the ballots twice.
  batchKey ??= crypto.randomUUID();
  await act(button, `Sending ${batch.length} paper ballot(s)`, async () => {
    const data = await api('POST', adminPath('/paper-ballots'), { cycleId: config.cycle.id, desk, ballots: batch }, { 'Idempotency-Key': batchKey });
    $('paper-receipts').replaceChildren(...data.receipts.map((r, i) => el('li', { textContent: `Ballot ${i + 1}: receipt ${r.receiptCode}` })));
    const sent = batch.length;
    batch = [];
    batchKey = null;
    return `${sent} paper ballot(s) counted. Write each receipt code on its paper.`;
  });
  renderBatch();
});
