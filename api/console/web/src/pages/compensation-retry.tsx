import { useState } from 'preact/hooks';
import { asProblem, postJson, type ApiProblem } from '../api';
import { ProblemMessage } from '../ui';

interface RetryOutcome {
  readonly status: string;
  readonly compensationFailures: readonly { step: string; reason: string }[];
  readonly compensationRetries?: number;
}

/**
 * For a saga left COMPENSATION_FAILED (admin): once the cause is fixed, ask the saga to run the
 * compensations that failed again (POST /orders/{id}/compensations/retry), waiting up to 20 s for
 * the round's outcome. The operator's name goes into the saga's record of the retry. The form
 * goes once the saga has left COMPENSATION_FAILED (`canRetry`); the last outcome stays.
 */
export function CompensationRetry({ orderId, canRetry, onDone }: { orderId: string; canRetry: boolean; onDone: () => void }) {
  const [operator, setOperator] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RetryOutcome | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const retry = async () => {
    setBusy(true);
    setProblem(null);
    setOutcome(null);
    try {
      const body = { operator, ...(note.trim() ? { note } : {}) };
      setOutcome(await postJson<RetryOutcome>(`/orders/${encodeURIComponent(orderId)}/compensations/retry?wait=20`, body));
      onDone();
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="retry" data-testid="compensation-retry">
      {canRetry && (
        <form class="row" onSubmit={(e) => { e.preventDefault(); void retry(); }}>
          <input placeholder="operator" value={operator} onInput={(e) => setOperator(e.currentTarget.value)} aria-label="operator" data-testid="retry-operator" />
          <input placeholder="what was fixed (optional)" value={note} onInput={(e) => setNote(e.currentTarget.value)} aria-label="note" />
          <button type="submit" disabled={busy} data-testid="retry-compensations">{busy ? 'Retrying…' : 'Retry compensations'}</button>
        </form>
      )}
      <ProblemMessage problem={problem} />
      {outcome && (
        <p class="notice" role="status" data-testid="retry-outcome">
          Retry {outcome.compensationRetries ?? ''}: the saga is {outcome.status}
          {outcome.compensationFailures.length > 0 && `; still failing: ${outcome.compensationFailures.map((f) => `${f.step} (${f.reason})`).join(', ')}`}.
        </p>
      )}
    </div>
  );
}
