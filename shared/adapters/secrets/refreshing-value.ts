/** Freshness and failure handling of a {@link RefreshingValue}. */
export interface RefreshingValueOptions {
  /** How long a loaded value is served before it is loaded again. */
  readonly ttlMs: number;
  /** After a failed reload with a value in hand: serve that value this long before trying again. Default 30 s. */
  readonly retryMs?: number;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** Told about a reload that failed while a stale value was still served (so it can be logged). */
  readonly onStaleServed?: (error: unknown) => void;
}

/**
 * A value loaded from a remote or file source and cached in the container: one load at a time,
 * reloaded after `ttlMs`, and kept (stale) if a reload fails, because a Secrets Manager blip must
 * not stop every token verification. With nothing cached yet, the load's error is thrown.
 */
export class RefreshingValue<T> {
  private value: { readonly data: T } | undefined;
  private freshUntil = 0;
  private loading: Promise<T> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: RefreshingValueOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The cached value while fresh; otherwise the result of one shared reload. */
  get(): Promise<T> {
    if (this.value && this.now() < this.freshUntil) return Promise.resolve(this.value.data);
    this.loading ??= this.reload().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async reload(): Promise<T> {
    try {
      const data = await this.load();
      this.value = { data };
      this.freshUntil = this.now() + this.options.ttlMs;
      return data;
    } catch (error) {
      if (!this.value) throw error;
      this.freshUntil = this.now() + (this.options.retryMs ?? 30_000);
      this.options.onStaleServed?.(error);
      return this.value.data;
    }
  }
}
