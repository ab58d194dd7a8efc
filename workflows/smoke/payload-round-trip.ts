import { condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const appendContentSignal = defineSignal<[string]>('appendContent');
export const finishSignal = defineSignal('finish');
export const replaceContentUpdate = defineUpdate<string, [string]>('replaceContent');
export const contentQuery = defineQuery<string>('content');

/**
 * Carries content through every kind of payload (input, signal, update argument and result,
 * query result, workflow result) to prove the data converter end to end: large ones leave the
 * history for the claim store, all of them encrypted.
 */
export async function payloadRoundTrip(initial: string): Promise<string> {
  let content = initial;
  let finished = false;
  setHandler(appendContentSignal, (more) => { content += more; });
  setHandler(replaceContentUpdate, (next) => {
    const previous = content;
    content = next;
    return previous;
  });
  setHandler(contentQuery, () => content);
  setHandler(finishSignal, () => { finished = true; });
  await condition(() => finished);
  return content;
}
