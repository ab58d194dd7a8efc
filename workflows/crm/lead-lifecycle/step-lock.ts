import { condition } from '@temporalio/workflow';

/**
 * Runs the process manager's steps one at a time: an update, a signal or a timer validates
 * against the state the previous step left and appends before the next one looks. Several
 * waiters may be woken in one activation; the loop lets only the first one in.
 */
export class StepLock {
  private busy = false;

  get idle(): boolean {
    return !this.busy;
  }

  async run<T>(step: () => Promise<T>): Promise<T> {
    while (this.busy) await condition(() => !this.busy);
    this.busy = true;
    try {
      return await step();
    } finally {
      this.busy = false;
    }
  }
}
