/**
 * A part of a widget kept in a module of its own (the ballot's voting, ranking,
 * receipt check and sign-in; the form's photos, place on the map and outbox),
 * so the page does not download it up front. It is fetched once, when a
 * resident is about to need it (`prefetch`, whose failure stays silent: nobody
 * asked yet) or needs it now (`get`, whose failure the widget shows with a
 * retry). A failed fetch is forgotten, so the next ask calls `import()` again.
 * How the part looks until it is here is the widget's own.
 */
export class LazyPart<T> {
  /** The part, once it arrived. */
  value: T | undefined;
  /** A needed fetch failed (offline) and nobody asked again yet: the widget says so and offers a retry. */
  failed = false;
  private pending: Promise<T> | undefined;
  /** A `get` waits on the fetch in flight: its failure shows. */
  private needed = false;

  constructor(
    /** Fetches the module and makes the part from it (through a property tests replace to fail or delay it). */
    private readonly fetch: () => Promise<T>,
    /** Called when `value` or `failed` changed. */
    private readonly changed: () => void = () => {},
  ) {}

  /** Whether a fetch is on its way. */
  get loading(): boolean {
    return this.pending !== undefined && this.value === undefined;
  }

  /** Starts fetching what is likely needed soon; a failure is only remembered by the next `get`. */
  prefetch(): void {
    this.start().catch(() => undefined);
  }

  /** The part, fetched now if it is not here yet; a failure shows (`failed`) and rejects. */
  get(): Promise<T> {
    if (this.failed) {
      this.failed = false;
      this.changed();
    }
    this.needed = true;
    return this.start();
  }

  /** The part arrived (once, before `changed`): a widget that moves focus into it does so here. */
  protected arrived(_value: T): void {}

  /** The fetch on its way, or done: kept once it succeeded, forgotten when it failed. */
  private start(): Promise<T> {
    return (this.pending ??= this.fetch().then(
      (value) => {
        this.value = value;
        this.needed = false;
        this.arrived(value);
        this.changed();
        return value;
      },
      (error: unknown) => {
        // Forgotten and, if needed, failed in one step: a render in between would see a part neither on its way
        // nor failed, and ask for it again.
        this.pending = undefined;
        if (this.needed) {
          this.failed = true;
          this.changed();
        }
        this.needed = false;
        throw error;
      },
    ));
  }
}

/**
 * A module fetched once for every instance of a widget on the page; after a
 * failure the next call fetches again (a browser that keeps a failed module in
 * its module map fails again until the page is reloaded).
 */
export function fetchOnce<T>(load: () => Promise<T>): () => Promise<T> {
  const part = new LazyPart(load);
  return () => part.get();
}
