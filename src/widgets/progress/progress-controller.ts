import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend } from '../../client/backend.js';
import { QalaError, toQalaError } from '../../client/errors.js';
import { progressApi } from '../../client/progress.js';
import type { ProgressList, ProjectProgressDetail } from '../../contract/index.js';

/**
 * What `<qala-progress>` shows, as data: the list of funded projects and one
 * project's page. The last good answer of each stays on screen when a
 * refresh fails (a dropping connection), with the error beside it; the
 * browser coming back online asks again.
 */
export type Loaded<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T; stale: QalaError | null }
  | { status: 'error'; error: QalaError };

export class ProgressController implements ReactiveController {
  list: Loaded<ProgressList> = { status: 'idle' };
  detail: Loaded<ProjectProgressDetail> = { status: 'idle' };
  /** The project whose page is asked for (`detail` is its page). */
  private detailFor: string | null = null;
  private listKey: string | null = null;
  private backend: Backend | null = null;
  private readonly online = () => this.reload();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly report: (error: QalaError) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener?.('online', this.online);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('online', this.online);
  }

  /** Loads the list for this backend and cycle (once per change). */
  useList(backend: Backend | null, cycle: string): void {
    const key = `${cycle}`;
    if (backend === this.backend && key === this.listKey) return;
    if (backend !== this.backend) {
      this.detail = { status: 'idle' };
      this.detailFor = null;
    }
    this.backend = backend;
    this.listKey = key;
    this.list = { status: 'idle' };
    void this.loadList();
  }

  /** Loads one project's page (or forgets it when `id` is null). */
  useDetail(id: string | null): void {
    if (id === this.detailFor) return;
    this.detailFor = id;
    this.detail = { status: 'idle' };
    if (id) void this.loadDetail(id);
    else this.host.requestUpdate();
  }

  get shownDetail(): string | null {
    return this.detailFor;
  }

  /** Asks again for what is on screen (retry button, back online). */
  reload(): void {
    void this.loadList();
    if (this.detailFor) void this.loadDetail(this.detailFor);
  }

  private async loadList(): Promise<void> {
    const backend = this.backend;
    if (!backend) return;
    const api = progressApi(backend);
    if (!api) {
      this.list = { status: 'error', error: new QalaError('server', 'not_found', 'this backend has no progress API') };
      this.host.requestUpdate();
      return;
    }
    const key = this.listKey;
    const previous = this.list.status === 'ready' ? this.list.data : null;
    if (!previous) this.list = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const data = await api.getProgress(key ? { cycle: key } : {});
      if (backend !== this.backend || key !== this.listKey) return;
      this.list = { status: 'ready', data, stale: null };
    } catch (error) {
      if (backend !== this.backend || key !== this.listKey) return;
      const e = toQalaError(error);
      this.report(e);
      this.list = previous ? { status: 'ready', data: previous, stale: e } : { status: 'error', error: e };
    }
    this.host.requestUpdate();
  }

  private async loadDetail(id: string): Promise<void> {
    const backend = this.backend;
    const api = backend && progressApi(backend);
    if (!api) return;
    const previous = this.detail.status === 'ready' && this.detail.data.projectId === id ? this.detail.data : null;
    if (!previous) this.detail = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const data = await api.getProjectProgress(id);
      if (backend !== this.backend || id !== this.detailFor) return;
      this.detail = { status: 'ready', data, stale: null };
    } catch (error) {
      if (backend !== this.backend || id !== this.detailFor) return;
      const e = toQalaError(error);
      this.report(e);
      this.detail = previous ? { status: 'ready', data: previous, stale: e } : { status: 'error', error: e };
    }
    this.host.requestUpdate();
  }
}
