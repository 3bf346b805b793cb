// Requests whose answers can arrive out of order (a slow search after a fast
// one, an older period after a newer one): only the newest may show its answer.

export class LatestRequest {
  busy = $state(false);
  #ticket = 0;

  /** Reads, then shows the answer or the failure, unless a newer request was made meanwhile. */
  async run<T>(read: () => Promise<T>, show: (answer: T) => void, fail: (error: unknown) => void): Promise<void> {
    const mine = ++this.#ticket;
    this.busy = true;
    try {
      const answer = await read();
      if (mine === this.#ticket) {
        show(answer);
      }
    } catch (error) {
      if (mine === this.#ticket) {
        fail(error);
      }
    } finally {
      if (mine === this.#ticket) {
        this.busy = false;
      }
    }
  }

  /** Drops the answer of the request on its way. */
  cancel(): void {
    this.#ticket += 1;
    this.busy = false;
  }
}
