import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { asProblem, getJson, type ApiProblem } from '../api';
import { followLiveFeed, type WireMessage } from '../live-feed';
import type { CatalogEntry } from '../types';
import { formatClock, Json, ProblemMessage, Section, useApi } from '../ui';

const KEEP = 200;

/** The published language: the catalogue with kinds, versions and schemas, and the live feed with filters. */
export function MessagesPage() {
  const catalog = useApi((signal) => getJson<{ items: CatalogEntry[] }>('/catalog/messages', { signal }), []);
  return (
    <>
      <Section title="Message catalogue">
        <ProblemMessage problem={catalog.problem} />
        {catalog.data && <Catalogue items={catalog.data.items} />}
      </Section>
      <LiveView types={catalog.data?.items.map((i) => i.type) ?? []} />
    </>
  );
}

function Catalogue({ items }: { items: readonly CatalogEntry[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const schema = useApi(open ? (signal) => getJson<unknown>(open, { signal }) : null, [open]);
  return (
    <table data-testid="catalogue">
      <thead><tr><th>Message</th><th>Version</th><th>Kind</th><th>Status</th><th>Why this kind</th><th>Personal fields</th><th /></tr></thead>
      <tbody>
        {items.flatMap((m) => m.versions.map((v) => (
          <Fragment key={`${m.type}@${v.version}`}>
            <tr>
              <td><code>{m.type}</code><div class="muted small">{v.description}</div></td>
              <td>{v.version}</td>
              <td><span class={`badge ${v.kind}`}>{v.kind}{v.transfer ? ` (${v.transfer})` : ''}</span></td>
              <td>{v.status}{v.retiresOn ? ` until ${v.retiresOn}` : ''}</td>
              <td class="small">{v.why}</td>
              <td class="small">{v.personalData.length ? v.personalData.join(', ') : '–'}</td>
              <td><button type="button" class="link" onClick={() => setOpen(open === v.schema ? null : v.schema)}>{open === v.schema ? 'Hide schema' : 'Schema'}</button></td>
            </tr>
            {open === v.schema && (
              <tr><td colSpan={7}><ProblemMessage problem={schema.problem} />{schema.data !== null && <Json value={schema.data} />}</td></tr>
            )}
          </Fragment>
        )))}
      </tbody>
    </table>
  );
}

function LiveView({ types }: { types: readonly string[] }) {
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [text, setText] = useState('');
  const [running, setRunning] = useState(false);
  const [connected, setConnected] = useState(false);
  const [messages, setMessages] = useState<readonly WireMessage[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!running) return undefined;
    const controller = new AbortController();
    abort.current = controller;
    setProblem(null);
    followLiveFeed(selected, (m) => setMessages((all) => [m, ...all].slice(0, KEEP)), controller.signal, () => setConnected(true))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setProblem(asProblem(err));
        setRunning(false);
      })
      .finally(() => setConnected(false));
    return () => controller.abort();
  }, [running, selected]);

  const needle = text.trim().toLowerCase();
  const shown = needle ? messages.filter((m) => JSON.stringify(m).toLowerCase().includes(needle)) : messages;
  const toggle = (t: string) => setSelected((s) => (s.includes(t) ? s.filter((x) => x !== t) : [...s, t]));

  return (
    <Section
      title="Live messages"
      actions={
        <>
          <span class={connected ? 'badge completed' : 'badge'} data-testid="feed-state">{connected ? 'connected' : running ? 'connecting…' : 'stopped'}</span>
          <button type="button" onClick={() => setRunning(!running)} data-testid="feed-toggle">{running ? 'Stop' : 'Follow the feed'}</button>
          <button type="button" class="link" onClick={() => setMessages([])}>Clear</button>
        </>
      }
    >
      <div class="filters">
        <span class="muted small">Types (none ticked: all):</span>
        {types.map((t) => (
          <label key={t} class="check"><input type="checkbox" checked={selected.includes(t)} onChange={() => toggle(t)} /> {t}</label>
        ))}
        <input type="search" placeholder="filter: stream id, payload text…" value={text} onInput={(e) => setText(e.currentTarget.value)} data-testid="feed-filter" />
      </div>
      <ProblemMessage problem={problem} />
      <p class="muted small">{shown.length} of {messages.length} message(s) received (the newest {KEEP} are kept).</p>
      <table data-testid="live-messages">
        <thead><tr><th>Time</th><th>Type</th><th>Kind</th><th>Stream</th><th>Version</th><th>Payload</th></tr></thead>
        <tbody>
          {shown.map((m) => (
            <tr key={m['event-id']} data-testid="live-message">
              <td>{formatClock(m.timestamp)}</td>
              <td><code>{m.type}</code> v{m['schema-version']}</td>
              <td>{m.kind}</td>
              <td>{m['stream-id']}</td>
              <td>{m.version}</td>
              <td><details><summary class="small">payload</summary><Json value={m.payload} /></details></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
