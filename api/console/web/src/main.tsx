import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { UNAUTHENTICATED_EVENT, type ApiProblem } from './api';
import { DeadLettersPage } from './pages/dead-letters';
import { LoginPage } from './pages/login';
import { MessagesPage } from './pages/messages';
import { ReadSidePage } from './pages/read-side';
import { ReportsPage } from './pages/reports';
import { SagasPage } from './pages/sagas';
import { StreamsPage } from './pages/streams';
import { href, useRoute, type Route } from './route';
import { session, type Scope } from './session';
import './styles.css';

interface Page {
  readonly id: string;
  readonly title: string;
  /** Shown in the menu only to keys with this scope (the API refuses the others anyway). */
  readonly scope?: Scope;
  readonly render: (route: Route) => preact.JSX.Element;
}

const PAGES: readonly Page[] = [
  { id: 'streams', title: 'Streams', render: (r) => <StreamsPage route={r} /> },
  { id: 'sagas', title: 'Sagas', render: (r) => <SagasPage route={r} /> },
  { id: 'messages', title: 'Messages', render: () => <MessagesPage /> },
  { id: 'read-side', title: 'Read side', render: () => <ReadSidePage /> },
  { id: 'dead-letters', title: 'Dead letters', scope: 'admin', render: (r) => <DeadLettersPage route={r} /> },
  { id: 'reports', title: 'Reports', render: () => <ReportsPage /> },
];

function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(() => session.key() !== null);
  const [refused, setRefused] = useState<ApiProblem | null>(null);

  useEffect(() => {
    const onRefused = (e: Event) => {
      session.signOut();
      setRefused((e as CustomEvent<ApiProblem>).detail);
      setSignedIn(false);
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, onRefused);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onRefused);
  }, []);

  if (!signedIn) return <LoginPage problem={refused} onSignedIn={() => { setRefused(null); setSignedIn(true); }} />;

  const page = PAGES.find((p) => p.id === route.page) ?? (PAGES[0] as Page);
  const scopes = session.scopes();
  return (
    <div class="layout">
      <header class="top">
        <span class="brand">Saga platform console</span>
        <nav>
          {PAGES.filter((p) => !p.scope || scopes.includes(p.scope)).map((p) => (
            <a key={p.id} href={href(p.id)} class={p.id === page.id ? 'active' : ''} data-testid={`nav-${p.id}`}>{p.title}</a>
          ))}
        </nav>
        <span class="who" data-testid="who">
          key {session.keyId()} · {scopes.join(', ')}
          <button type="button" class="link" onClick={() => { session.signOut(); setSignedIn(false); }}>Sign out</button>
        </span>
      </header>
      <main data-testid={`page-${page.id}`}>{page.render(route)}</main>
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
