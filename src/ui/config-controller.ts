import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend } from '../client/backend.js';
import { toQalaError, type QalaError } from '../client/errors.js';
import type { CityConfig } from '../contract/index.js';

/** A city's config, and when it arrived (`Date.now()`): its `serverTime` moved on by the time since is the server's clock now. */
export interface LoadedConfig {
  config: CityConfig;
  receivedAt: number;
}

/**
 * How long an answer serves a widget that asks after it arrived: the widgets a
 * page shows at once share one request, but one a page adds later (a host app's
 * route, a tab opened in the afternoon) asks again — a phase may have opened
 * meanwhile. The server answers such a repeat with 304 (ETag).
 */
export const CONFIG_SHARED_MS = 10_000;

const cache = new WeakMap<Backend, { answer: Promise<LoadedConfig>; receivedAt: number | null }>();

/** One request per backend for the widgets that ask at once; a failure is forgotten so a retry asks again. */
export function loadConfig(backend: Backend): Promise<LoadedConfig> {
  const hit = cache.get(backend);
  if (hit && (hit.receivedAt === null || Date.now() - hit.receivedAt < CONFIG_SHARED_MS)) return hit.answer;
  const entry: { answer: Promise<LoadedConfig>; receivedAt: number | null } = {
    answer: backend.getConfig().then((config) => ({ config, receivedAt: (entry.receivedAt = Date.now()) })),
    receivedAt: null,
  };
  cache.set(backend, entry);
  entry.answer.catch(() => {
    if (cache.get(backend) === entry) cache.delete(backend);
  });
  return entry.answer;
}

export type ConfigState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; config: CityConfig; receivedAt: number }
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

  /** The server's clock now, from the config's `serverTime` and the time since it arrived (the device's own clock until then). */
  serverNow(): Date {
    const s = this.state;
    return s.status === 'ready' ? new Date(Date.parse(s.config.serverTime) + (Date.now() - s.receivedAt)) : new Date();
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
      ({ config, receivedAt }) => {
        if (this.backend !== backend) return;
        this.state = { status: 'ready', config, receivedAt };
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
