import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { getJson } from '../api';
import { ChartView, PALETTE } from '../chart';
import { formatDollars, formatTime, ProblemMessage, Section, useApi } from '../ui';
import { DataProductsSection } from './data-products';

interface LeadFunnel {
  readonly freshAsOf: string | null;
  readonly totalLeads: number;
  readonly byStatus: Record<string, number>;
  readonly purchaseJourneys: { convertedLeads: number; boughtAtOnce: { leads: number }; afterLongerJourney: { leads: number } };
  readonly timeToConversion: { sampleSize: number; medianHours: number | null; p90Hours: number | null };
  readonly conversionByFollowups: readonly { followups: string; leads: number; converted: number; lost: number; open: number }[];
}

interface SalesByState {
  readonly states: readonly { state: string; amountCents: number; orders: number }[];
  readonly total: { amountCents: number; orders: number };
}

const FUNNEL_ORDER = ['NEW_LEAD', 'FOLLOWUP_SET', 'PENDING_PAYMENT', 'CONVERTED', 'PAYMENT_FAILED', 'CLOSED'];

/** The leads funnel (from the crm.lead-funnel data product) and sales by US state (a view), as charts; the data products' health. */
export function ReportsPage() {
  const funnel = useApi((signal) => getJson<LeadFunnel>('/analytics/leads', { signal }), [], 10_000);
  const sales = useApi((signal) => getJson<SalesByState>('/reports/sales-by-state', { signal }), [], 10_000);

  const statusChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: { labels: FUNNEL_ORDER, datasets: [{ label: 'leads', data: FUNNEL_ORDER.map((s) => funnel.data?.byStatus[s] ?? 0), backgroundColor: PALETTE[0] }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [funnel.data]);

  const followupChart = useMemo<ChartConfiguration>(() => {
    const rows = funnel.data?.conversionByFollowups ?? [];
    return {
      type: 'bar',
      data: {
        labels: rows.map((r) => `${r.followups} follow-up(s)`),
        datasets: [
          { label: 'converted', data: rows.map((r) => r.converted), backgroundColor: PALETTE[1] },
          { label: 'lost', data: rows.map((r) => r.lost), backgroundColor: PALETTE[2] },
          { label: 'open', data: rows.map((r) => r.open), backgroundColor: '#94a3b8' },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    };
  }, [funnel.data]);

  const salesChart = useMemo<ChartConfiguration>(() => {
    const rows = [...(sales.data?.states ?? [])].sort((a, b) => b.amountCents - a.amountCents);
    return {
      type: 'bar',
      data: { labels: rows.map((r) => r.state), datasets: [{ label: 'sales (USD)', data: rows.map((r) => r.amountCents / 100), backgroundColor: PALETTE[4] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    };
  }, [sales.data]);

  const f = funnel.data;
  return (
    <>
      <div class="split">
        <Section title="Leads funnel">
          <ProblemMessage problem={funnel.problem} />
          {f && (
            <>
              <p data-testid="funnel-summary">
                {f.totalLeads} lead(s); {f.purchaseJourneys.convertedLeads} converted ({f.purchaseJourneys.boughtAtOnce.leads} at once, {f.purchaseJourneys.afterLongerJourney.leads} after follow-ups)
                {f.timeToConversion.medianHours !== null && `; median time to conversion ${f.timeToConversion.medianHours.toFixed(1)} h`}.
                <span class="muted small"> From the crm.lead-funnel data product, counting every lead event before {formatTime(f.freshAsOf)}.</span>
              </p>
              <ChartView config={statusChart} label="leads-by-status" />
              <h3>Conversion by follow-ups</h3>
              <ChartView config={followupChart} label="conversion-by-followups" />
            </>
          )}
        </Section>
        <Section title="Sales by state">
          <ProblemMessage problem={sales.problem} />
          {sales.data && (
            <>
              <p data-testid="sales-total">{sales.data.total.orders} confirmed order(s), {formatDollars(sales.data.total.amountCents)}</p>
              <ChartView config={salesChart} label="sales-by-state" />
            </>
          )}
        </Section>
      </div>
      <DataProductsSection />
    </>
  );
}
