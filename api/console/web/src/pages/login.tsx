import { useState } from 'preact/hooks';
import { asProblem, getJson, type ApiProblem } from '../api';
import { session, type Scope } from '../session';
import { ProblemMessage } from '../ui';

/** The key is entered once per browser tab; the API says which scopes it has. */
export function LoginPage({ problem, onSignedIn }: { problem: ApiProblem | null; onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiProblem | null>(problem);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const me = await getJson<{ keyId: string; scopes: Scope[] }>('/api-key', { key: key.trim() });
      session.signIn(key.trim(), me.keyId, me.scopes);
      onSignedIn();
    } catch (err) {
      setError(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <form class="card" onSubmit={submit} data-testid="login-form">
        <h1>Saga platform console</h1>
        <p class="muted">
          Enter an API key. It is kept in this tab only (sessionStorage) and sent to this API with every call;
          what you see depends on its scopes.
        </p>
        <label>
          API key
          <input type="password" name="api-key" autocomplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} data-testid="api-key" />
        </label>
        <button type="submit" disabled={busy || key.trim() === ''}>Sign in</button>
        <ProblemMessage problem={error} />
      </form>
    </div>
  );
}
