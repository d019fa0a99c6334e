import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AdminProposal, CityConfig } from '../contract/index.js';
import { toCentreError, type CentreApi, type CentreError } from './api.js';

export type CityState =
  | { status: 'idle' }
  | { status: 'loading' }
  /** `stale`: the last refresh failed; what is shown is the last data that loaded. */
  | { status: 'ready'; config: CityConfig; proposals: AdminProposal[]; stale?: CentreError }
  | { status: 'error'; error: CentreError };

/**
 * One city's data for every section: its config (cycle, phases, pools,
 * categories, districts) and the proposals of the current cycle. Reloaded
 * after every action; what was shown stays on screen while it reloads, and
 * when a reload fails it stays too (marked `stale`): only a city that never
 * loaded is an error, so a failed refresh never takes away a form being typed in.
 */
export class CityController implements ReactiveController {
  state: CityState = { status: 'idle' };
  private api?: CentreApi;
  private slug = '';
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onUnauthorized: (error: CentreError) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get config(): CityConfig | undefined {
    return this.state.status === 'ready' ? this.state.config : undefined;
  }

  /** Why the last refresh failed, while the data shown is the last that loaded. */
  get stale(): CentreError | undefined {
    return this.state.status === 'ready' ? this.state.stale : undefined;
  }

  get proposals(): AdminProposal[] {
    return this.state.status === 'ready' ? this.state.proposals : [];
  }

  get city(): string {
    return this.slug;
  }

  proposal(id: string): AdminProposal | undefined {
    return this.proposals.find((p) => p.id === id);
  }

  /** Loads a city (again when `slug` is the same and `force`). */
  async use(api: CentreApi | undefined, slug: string, force = false): Promise<void> {
    if (api === this.api && slug === this.slug && !force) return;
    const fresh = api !== this.api || slug !== this.slug;
    this.api = api;
    this.slug = slug;
    if (!api || !slug) {
      this.state = { status: 'idle' };
      this.host.requestUpdate();
      return;
    }
    const generation = ++this.generation;
    if (fresh || this.state.status !== 'ready') this.state = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const [config, proposals] = await Promise.all([api.config(slug), api.allProposals(slug)]);
      if (generation !== this.generation) return;
      this.state = { status: 'ready', config, proposals };
    } catch (error) {
      if (generation !== this.generation) return;
      const e = toCentreError(error);
      if (e.code === 'unauthorized') this.onUnauthorized(e);
      // A refused credential keeps what is shown too: the person signs in again over it, and nothing typed is lost.
      if (this.state.status === 'ready') {
        const { config, proposals } = this.state;
        this.state = { status: 'ready', config, proposals, stale: e };
      } else this.state = { status: 'error', error: e };
    }
    this.host.requestUpdate();
  }

  /** The same person signed in again (a new credential): loads the same city with it, keeping what is shown meanwhile. */
  rebind(api: CentreApi): Promise<void> {
    if (!this.api || !this.slug) return Promise.resolve();
    this.api = api;
    return this.reload();
  }

  reload(): Promise<void> {
    return this.use(this.api, this.slug, true);
  }

  /** Puts a proposal the server just answered with in place, before the full reload arrives. */
  replace(proposal: AdminProposal): void {
    if (this.state.status !== 'ready') return;
    this.state = { ...this.state, proposals: this.state.proposals.map((p) => (p.id === proposal.id ? proposal : p)) };
    this.host.requestUpdate();
  }

  setConfig(config: CityConfig): void {
    if (this.state.status !== 'ready') return;
    this.state = { ...this.state, config };
    this.host.requestUpdate();
  }
}
