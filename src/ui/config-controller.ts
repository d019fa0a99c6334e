import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend } from '../client/backend.js';
import { toQalaError, type QalaError } from '../client/errors.js';
import type { CityConfig } from '../contract/index.js';

const cache = new WeakMap<Backend, Promise<CityConfig>>();

/** One request per backend, however many widgets a page has; a failure is forgotten so a retry asks again. */
export function loadConfig(backend: Backend): Promise<CityConfig> {
  let pending = cache.get(backend);
  if (!pending) {
    pending = backend.getConfig();
    cache.set(backend, pending);
    pending.catch(() => cache.delete(backend));
  }
  return pending;
}

export type ConfigState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; config: CityConfig }
  | { status: 'error'; error: QalaError };

/** Loads the city's config for a widget and re-renders it as the state changes. */
export class ConfigController implements ReactiveController {
  state: ConfigState = { status: 'idle' };
  private backend: Backend | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onReady?: (config: CityConfig) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get config(): CityConfig | undefined {
    return this.state.status === 'ready' ? this.state.config : undefined;
  }

  /** Starts loading when the backend changed (or on retry). */
  use(backend: Backend | null, force = false): void {
    if (backend === this.backend && !force) return;
    this.backend = backend;
    if (!backend) {
      this.state = { status: 'idle' };
      return;
    }
    this.state = { status: 'loading' };
    this.host.requestUpdate();
    loadConfig(backend).then(
      (config) => {
        if (this.backend !== backend) return;
        this.state = { status: 'ready', config };
        this.onReady?.(config);
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (this.backend !== backend) return;
        this.state = { status: 'error', error: toQalaError(error) };
        this.host.requestUpdate();
      },
    );
  }

  retry(): void {
    this.use(this.backend, true);
  }
}
