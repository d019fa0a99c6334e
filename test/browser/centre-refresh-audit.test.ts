import { expect } from '@open-wc/testing';
import { createAdminMock, MOCK_ADMIN_TOKEN } from '../../src/mock/admin-handlers.js';
import { createImplementationAdminMock } from '../../src/mock/implementation-admin-handlers.js';
import '../../src/centre/define.js';
import { $, adminMock, click, root, serve, text, signedIn, until } from './support/centre.js';

/** What someone else did meanwhile, through the same (mocked) API. */
const asCoordinator = (method: string, path: string) => fetch(`/api/v1/admin/cities/aksu${path}`, { method, headers: { Authorization: `Bearer ${MOCK_ADMIN_TOKEN}`, 'Idempotency-Key': crypto.randomUUID() } });

describe('<qala-centre>: fresh data and the action log in words (#13)', () => {
  it('"Refresh" with a review open loads its council summary again (another coordinator assigned an expert meanwhile)', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const el = await signedIn('en');
    $<HTMLButtonElement>(el, `#open-${CSS.escape(p.id)}`)!.click();
    await until('the summary', () => text(el).includes('Assigned: 0'));
    expect((await asCoordinator('PUT', `/proposals/${p.id}/assignments/st_expert1`)).status).to.equal(200);
    $<HTMLButtonElement>(el, '#act-refresh')!.click();
    await until('refreshed', () => text(el).includes('Up to date.'));
    await until('the new summary', () => text(el).includes('Assigned: 1'));
    expect($(el, '#review-heading'), 'the review stays open').to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('the action log names people, not ids, and says what they did in the page’s language', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals[0]!;
    const at = new Date().toISOString();
    state.audit.unshift(
      { id: 901, at, actor: 'staff:st_expert1', action: 'staff.accept', target: 'st_expert1', details: { by: 'Айгүл Серікқызы', method: 'sms' } },
      { id: 902, at, actor: 'aksu-centre', action: 'assessment.assign', target: p.id, details: { staffId: 'st_expert1', expert: 'Айгүл Серікқызы' } },
      { id: 903, at, actor: 'staff:st_expert1', action: 'assessment.record', target: p.id, details: { recommendation: 'needs_changes', by: 'Айгүл Серікқызы' } },
      { id: 904, at, actor: 'aksu-centre', action: 'proposal.decision', target: p.id, details: {} },
      { id: 905, at, actor: 'author', action: 'proposal.resubmitted', target: p.id, details: { version: 2, changed: ['address'] } },
      { id: 906, at, actor: 'staff:st_gone', action: 'assessment.conflict', target: p.id, details: { by: 'Бұрынғы сарапшы' } },
      { id: 907, at, actor: 'aksu-centre', action: 'phase.open', target: 'voting', details: { phase: 'voting', action: 'open' } },
      // The demo's data, as `qala serve` seeds it: no one's name, and the cycle by its name.
      { id: 908, at, actor: 'seed', action: 'seed', target: state.config.cycle.id, details: { proposals: 16, ballots: 180 } },
      { id: 909, at, actor: 'seed', action: 'assessment.assign', target: p.id, details: { staffId: 'st_expert1', expert: 'Айгүл Серікқызы', demo: true } },
    );
    const el = await signedIn('kk');
    await click(el, 'Әрекеттер журналы');
    await until('the log', () => root(el).querySelectorAll('ol.audit li').length >= 9);
    const log = [...root(el).querySelectorAll('ol.audit li')].map((li) => li.textContent!.replace(/\s+/g, ' ').replace(/^.*?· /, '').trim());
    expect(log).to.include.members([
      'Айгүл Серікқызы · Шақыру қабылданды: Айгүл Серікқызы',
      `Aksu project centre · Сарапшы тағайындалды: ${p.title} (Айгүл Серікқызы)`,
      `Айгүл Серікқызы · Баға жазылды: ${p.title}`,
      `Aksu project centre · Кеңес шешімі: ${p.title}`,
      `Автор · Автор өзгертіп, қайта жіберді: ${p.title}`,
      `Бұрынғы сарапшы · Мүдделер қақтығысы мәлімделді: ${p.title}`,
      `Демо деректер · Демо деректер жасалды: ${state.config.cycle.title.kk}`,
      `Демо деректер · Сарапшы тағайындалды: ${p.title} (Айгүл Серікқызы)`,
    ]);
    expect(log.join('\n')).to.not.match(/staff:|st_expert1|assessment\.|proposal\.decision|phase\.open|\bvoting\b|\bseed\b|aksu-2026/);
    await expect(el).to.be.accessible();
  });

  it('the action log names last cycle’s projects being built by their titles, not their ids (ru)', async () => {
    const { handlers, state } = createAdminMock({ base: '/api/v1', staff: true });
    const built = state.proposals.find((p) => p.status === 'implemented')!;
    built.cycleId = 'aksu-2025';
    const { handlers: implementation } = createImplementationAdminMock({ base: '/api/v1', admin: state });
    await serve([...implementation, ...handlers]);
    const at = new Date().toISOString();
    state.audit.unshift(
      { id: 951, at, actor: 'aksu-centre', action: 'implementation.save', target: built.id, details: { version: 2, state: 'in_progress' } },
      { id: 952, at, actor: 'aksu-centre', action: 'implementation.update', target: built.id, details: { update: 'up_1', public: true, photos: [] } },
      { id: 953, at, actor: 'aksu-centre', action: 'proposal.status', target: 'p_gone_long_ago', details: {} },
    );
    const el = await signedIn('ru');
    await click(el, 'Журнал действий');
    await until('the log', () => root(el).querySelectorAll('ol.audit li').length >= 3);
    await until('the titles', () => text(el).includes(`Сохранены данные о реализации: ${built.title}`));
    const log = [...root(el).querySelectorAll('ol.audit li')].map((li) => li.textContent!.replace(/\s+/g, ' ').replace(/^.*?· /, '').trim());
    expect(log.join('\n')).to.not.contain(built.id);
    expect(log.some((l) => l.endsWith(`Добавлена новость о реализации: ${built.title}`)), 'the update too').to.equal(true);
    // Nothing names it: its id, as before.
    expect(log.some((l) => l.endsWith(': p_gone_long_ago'))).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
