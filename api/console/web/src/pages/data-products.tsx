import { getJson } from '../api';
import { formatSeconds, formatTime, ProblemMessage, Section, useApi } from '../ui';

interface DataProductSummary {
  readonly name: string;
  readonly version: number;
  readonly owner: { readonly team: string };
  readonly purpose: string;
  readonly status: {
    readonly health: string;
    readonly problems: readonly string[];
    readonly freshness: { readonly objectiveSeconds: number; readonly lagSeconds: number | null; readonly objectiveMet: boolean };
    readonly lastRefreshAt: string | null;
    readonly rows: number;
  };
}

/** The analytical data products (GET /data-products): owner, health, freshness against its objective, rows. */
export function DataProductsSection() {
  const list = useApi((signal) => getJson<{ items: DataProductSummary[] }>('/data-products', { signal }), [], 10_000);
  return (
    <Section title="Data products">
      <ProblemMessage problem={list.problem} />
      {list.data && (
        <table data-testid="data-products">
          <thead><tr><th>Product</th><th>Owner</th><th>Health</th><th class="num">Lag</th><th class="num">Objective</th><th class="num">Rows</th><th>Refreshed</th></tr></thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.name} data-testid={`data-product-${p.name}`} data-health={p.status.health} title={p.purpose}>
                <td>{p.name} <span class="muted">v{p.version}</span></td>
                <td>{p.owner.team}</td>
                <td>
                  <span class={`badge ${p.status.health === 'healthy' ? 'completed' : 'failed'}`}>{p.status.health}</span>
                  {p.status.problems.length > 0 && <span class="muted small"> {p.status.problems.join('; ')}</span>}
                </td>
                <td class="num">{formatSeconds(p.status.freshness.lagSeconds)}{!p.status.freshness.objectiveMet && ' ⚠'}</td>
                <td class="num">{formatSeconds(p.status.freshness.objectiveSeconds)}</td>
                <td class="num">{p.status.rows}</td>
                <td>{formatTime(p.status.lastRefreshAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
