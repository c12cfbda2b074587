// The first runs of a campaign planned while this process would only wait (for OMNeT++'s option
// check): the ini's scenarios expanded and the first runs' entries resolved before the runs are
// asked for, so the first simulations start as soon as the check is done.

/**
 * The runs `plan` gives, the first `limit` of them taken ahead once `start` is called (one each
 * turn of the event loop, so that nothing else waits long for it); the rest as they are asked
 * for. An error met while taking them ahead is thrown where it was met. Iterated once.
 */
export class PlanAhead<T> implements Iterable<T> {
  private readonly taken: T[] = [];
  private iterator: Iterator<T> | undefined;
  private failure: { readonly error: unknown } | undefined;
  private ended = false;
  private state: 'idle' | 'planning' | 'stopped' | 'iterated' = 'idle';

  constructor(
    private readonly plan: () => Iterator<T>,
    private readonly limit: number,
  ) {}

  /** How many runs were taken ahead so far. */
  get ahead(): number {
    return this.taken.length;
  }

  /** Starts taking runs ahead. */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'planning';
    const step = (): void => {
      if (this.state !== 'planning' || this.ended || this.failure) return;
      if (this.taken.length >= this.limit) return;
      this.take();
      setImmediate(step);
    };
    setImmediate(step);
  }

  /** Takes no more runs ahead (the campaign ends before its runs: a failed build). */
  stop(): void {
    if (this.state === 'planning' || this.state === 'idle') this.state = 'stopped';
  }

  private take(): void {
    try {
      this.iterator ??= this.plan();
      const r = this.iterator.next();
      if (r.done === true) this.ended = true;
      else this.taken.push(r.value);
    } catch (error) {
      this.failure = { error };
    }
  }

  *[Symbol.iterator](): Generator<T> {
    if (this.state === 'iterated') throw new Error('PlanAhead: iterated twice');
    this.state = 'iterated';
    const taken = this.taken.splice(0);
    for (let i = 0; i < taken.length; i++) yield taken[i] as T;
    if (this.failure) throw this.failure.error;
    if (this.ended) return;
    const it = (this.iterator ??= this.plan());
    yield* { [Symbol.iterator]: () => it };
  }
}
