import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

export const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

/** A Chart.js chart on a canvas; updated in place when `config`'s data changes. */
export function ChartView({ config, height = 220, label }: { config: ChartConfiguration; height?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    if (!canvas.current) return undefined;
    chart.current = new Chart(canvas.current, { ...config, options: { maintainAspectRatio: false, ...config.options } });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // A new chart only when its type changes; data changes update it below.
  }, [config.type]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data = config.data;
    c.update('none');
  }, [config.data]);

  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={`chart-${label}`} />
    </div>
  );
}
