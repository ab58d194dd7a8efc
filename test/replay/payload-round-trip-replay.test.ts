import { randomBytes } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { KeyRing } from '../../shared/platform/crypto/key-ring';
import { PayloadEncryptionCodec } from '../../shared/platform/temporal';
import { recordedHistories, replay } from './replay-histories';

// Recorded once (payloadRoundTrip: input, signal, update, result) through the test API and worker,
// so every payload in it is encrypted under the test key ring (test/support/test-data-keys.ts).
describe('an encrypted recorded history replays with the production data converter', () => {
  const histories = recordedHistories('payload-round-trip');

  it('holds only encrypted payloads', () => {
    const text = JSON.stringify(histories[0]?.history);
    expect(text).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(text).not.toContain(Buffer.from('json/plain').toString('base64'));
  });

  it('replays with the codec under the key ring it was written with', async () => {
    const results = await replay(histories);
    expect(results).toEqual([{ workflowId: 'payload-round-trip/encrypted-signal-update' }]);
  });

  it('does not replay without that key (the codec is in the path)', async () => {
    const stranger = { payloadCodecs: [new PayloadEncryptionCodec(new KeyRing([{ id: 'other', key: randomBytes(32) }]))] };
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH ?? '' }, dataConverter: stranger }, histories)) results.push(r);
    expect(String((results[0]?.error as Error | undefined)?.message ?? results[0]?.error)).toMatch(/no key 'test1'/);
  });
});
