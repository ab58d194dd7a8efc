// A short demo through the real API, so the Web UI and the views show something at once.
export interface DemoTarget {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly uiUrl: string;
  readonly namespace: string;
}

async function post(t: DemoTarget, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${t.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function runDemo(t: DemoTarget): Promise<void> {
  console.log('demo (DEMO=off skips it):');
  const smoke = await post(t, '/smoke', { note: 'demo smoke check' });
  console.log(`  smoke workflow ${String(smoke.json.workflowId)}: HTTP ${smoke.status}  ${String(smoke.json.webUiUrl ?? '')}`);
}
