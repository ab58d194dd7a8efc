import { useState } from 'preact/hooks';
import { getJson, withQuery } from '../api';
import { href, navigate, type Route } from '../route';
import type { StoredEvent, StreamEvents, StreamRef, StreamState } from '../types';
import { formatTime, Json, ProblemMessage, Section, useApi } from '../ui';

const BY = [['', 'any key'], ['order', 'order id'], ['return', 'return id'], ['lead', 'lead id'], ['customer', 'customer id'], ['sku', 'SKU']] as const;

/** Find a stream, read its events, and step its aggregate's state back and forth in time. */
export function StreamsPage({ route }: { route: Route }) {
  const key = route.params.get('key') ?? '';
  const by = route.params.get('by') ?? '';
  const stream = route.params.get('stream');
  const [draft, setDraft] = useState(key);
  const [draftBy, setDraftBy] = useState(by);

  const results = useApi(key ? (signal) => getJson<{ items: StreamRef[] }>(withQuery('/streams', { key, by }), { signal }) : null, [key, by]);

  return (
    <>
      <Section title="Find a stream">
        <form class="row" onSubmit={(e) => { e.preventDefault(); navigate('streams', { key: draft.trim(), by: draftBy }); }} data-testid="stream-search">
          <input type="search" placeholder="stream id, order id, lead id, customer id or SKU" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} data-testid="stream-key" />
          <select value={draftBy} onChange={(e) => setDraftBy(e.currentTarget.value)} aria-label="key kind">
            {BY.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          <button type="submit">Search</button>
        </form>
        <ProblemMessage problem={results.problem} />
        {results.data && results.data.items.length === 0 && <p class="muted">No stream holds events for “{key}”.</p>}
        {results.data && results.data.items.length > 0 && (
          <ul class="chips" data-testid="stream-results">
            {results.data.items.map((s) => (
              <li key={s.streamId}>
                <a href={href('streams', { key, by, stream: s.streamId })} class={s.streamId === stream ? 'chip active' : 'chip'}>
                  {s.streamId} <span class="muted">{s.aggregate ?? 'stream'} · v{s.version}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {stream && <StreamView key={stream} route={route} streamId={stream} />}
    </>
  );
}

function StreamView({ route, streamId }: { route: Route; streamId: string }) {
  const events = useApi((signal) => getJson<StreamEvents>(`/streams/${encodeURIComponent(streamId)}/events?limit=1000`, { signal }), [streamId]);
  const v = route.params.get('v');
  const asOf = route.params.get('asOf');
  const folds = events.data?.kind != null;
  const state = useApi(
    folds ? (signal) => getJson<StreamState>(withQuery(`/streams/${encodeURIComponent(streamId)}/state`, { version: v, asOf }), { signal }) : null,
    [streamId, v, asOf, folds],
  );
  const at = (params: Record<string, string | number | undefined>) => navigate('streams', { key: route.params.get('key'), by: route.params.get('by'), stream: streamId, ...params });

  if (!events.data) return <Section title={streamId}><ProblemMessage problem={events.problem} />{!events.problem && <p class="muted">Loading…</p>}</Section>;
  const { head } = events.data;
  const shown = state.data?.version ?? head;
  return (
    <div class="split">
      <Section title={`${streamId} · ${events.data.aggregate ?? 'stream'} · ${head} event(s)`}>
        <ol class="events" data-testid="events">
          {events.data.events.map((e) => <EventRow key={e.eventId} event={e} applied={!folds || e.version <= shown} />)}
        </ol>
      </Section>
      {folds && (
        <Section title="State in time">
          <div class="time-travel" data-testid="time-travel">
            <label>
              Version <strong data-testid="state-version">{shown}</strong> of {head}
              <input type="range" min={0} max={head} step={1} value={shown} onInput={(e) => at({ v: e.currentTarget.value })} aria-label="version" data-testid="version-slider" />
            </label>
            <div class="row">
              <button type="button" disabled={shown <= 0} onClick={() => at({ v: shown - 1 })} data-testid="step-back">◀ Back</button>
              <button type="button" disabled={shown >= head} onClick={() => at({ v: shown + 1 })} data-testid="step-forward">Forward ▶</button>
              <button type="button" onClick={() => at({})}>Now</button>
            </div>
            <form class="row" onSubmit={(e) => {
              e.preventDefault();
              const value = new FormData(e.currentTarget).get('asOf');
              if (typeof value === 'string' && value) at({ asOf: new Date(value).toISOString() });
            }}>
              <label>As of <input type="datetime-local" name="asOf" step="0.001" data-testid="as-of" /></label>
              <button type="submit">Show</button>
            </form>
            <p class="muted small">
              {state.data?.version === 0 ? 'Before the first event.' : `After the event recorded ${formatTime(state.data?.at)}.`}
              {state.data?.asOf && ` As of ${formatTime(state.data.asOf)}.`}
            </p>
          </div>
          <ProblemMessage problem={state.problem} />
          {state.data && <div data-testid="state"><Json value={state.data.state} /></div>}
        </Section>
      )}
    </div>
  );
}

function EventRow({ event, applied }: { event: StoredEvent; applied: boolean }) {
  const { payload, ...envelope } = event;
  return (
    <li class={applied ? 'event applied' : 'event later'} data-testid={`event-${event.version}`} data-applied={String(applied)}>
      <details>
        <summary>
          <span class="version">v{event.version}</span> <strong>{event.type}</strong> <span class="muted">{formatTime(event.timestamp)}</span>
        </summary>
        <div class="event-body">
          <h4>Envelope</h4>
          <Json value={envelope} />
          <h4>Payload</h4>
          <Json value={payload} />
        </div>
      </details>
    </li>
  );
}
