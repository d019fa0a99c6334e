/**
 * A part of the form kept in a module of its own (photos, the place on the
 * map): the form's page does not download it up front. It is fetched once,
 * when a resident is about to need it (`prefetch`, whose failure stays silent:
 * nobody asked yet) or needs it now (`get`, whose failure the part shows with
 * a retry). What the resident gave the part meanwhile is the part's to keep.
 */
export class LazyPart<M> {
  /** The module once it arrived. */
  module: M | undefined;
  /** A needed fetch that failed (offline): the part says so and offers a retry. */
  failed = false;
  private pending: Promise<M> | undefined;

  constructor(
    /** Fetches the module (a form property that tests replace to fail or delay it). */
    private readonly fetch: () => Promise<M>,
    /** Called when `module` or `failed` changed. */
    private readonly changed: () => void,
  ) {}

  /** Whether a fetch is on its way. */
  get loading(): boolean {
    return this.pending !== undefined && this.module === undefined;
  }

  /** Starts fetching what is likely needed soon; a failure is only remembered by the next `get`. */
  prefetch(): void {
    if (this.module || this.pending) return;
    this.start().catch(() => undefined);
  }

  /** The module, fetched now if it is not here yet; a failure shows (`failed`) and rejects. */
  async get(): Promise<M> {
    if (this.module) return this.module;
    if (this.failed) {
      this.failed = false;
      this.changed();
    }
    try {
      return await (this.pending ?? this.start());
    } catch (error) {
      this.failed = true;
      this.changed();
      throw error;
    }
  }

  private start(): Promise<M> {
    const pending = this.fetch().then(
      (module) => {
        this.module = module;
        this.pending = undefined;
        this.changed();
        return module;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    this.pending = pending;
    return pending;
  }
}

/**
 * A module fetched once for every form on the page; after a failure the next
 * call fetches again (a browser that keeps a failed module in its module map
 * fails again until the page is reloaded, as "My proposals" tells its users).
 */
export function fetchOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let pending: Promise<M> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
