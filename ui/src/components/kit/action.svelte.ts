// Busy state and inline error for what a button starts, so that a component
// does not write its own try/catch/finally for each. Journal problems (locked,
// damaged, unusable) are handled by `call` and the shell; what is left to show
// here is the sentence core wrote, after the component's own "Couldn't …".

import { errorMessage } from '../../lib/backend';

/** One busy flag and one error line, shared by the actions of a pane. */
export class Actions {
  busy = $state(false);
  error = $state('');

  /** Shows "`failure`: core's sentence" for work done outside `run`. */
  fail(failure: string, error: unknown): void {
    this.error = `${failure}: ${errorMessage(error)}`;
  }

  /**
   * Runs `work` unless another action is still busy. On failure the error line
   * reads "`failure`: core's sentence" (or core's sentence alone). True when it
   * succeeded.
   */
  async run(failure: string | null, work: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) {
      return false;
    }
    this.busy = true;
    this.error = '';
    try {
      await work();
      return true;
    } catch (error) {
      if (failure === null) {
        this.error = errorMessage(error);
      } else {
        this.fail(failure, error);
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Runs `work` once the user has said yes in `dialog` (a "Delete …?" question). */
  async runConfirmed(dialog: { ask(): Promise<boolean> } | undefined, failure: string, work: () => Promise<unknown>): Promise<boolean> {
    if (!(await dialog?.ask())) {
      return false;
    }
    return this.run(failure, work);
  }
}
