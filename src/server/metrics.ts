/** A minimal Prometheus text-format registry: counters and one latency histogram; enough for /metrics. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const labelText = (labels: Record<string, string>): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};

interface Histo {
  labels: Record<string, string>;
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly histos = new Map<string, Histo>();
  private readonly gauges: { name: string; help: string; read: () => number }[] = [];

  inc(name: string, help: string, by = 1, labels: Record<string, string> = {}): void {
    let c = this.counters.get(name);
    if (!c) {
      c = { help, values: new Map() };
      this.counters.set(name, c);
    }
    const key = labelText(labels);
    c.values.set(key, (c.values.get(key) ?? 0) + by);
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.push({ name, help, read });
  }

  observe(seconds: number, labels: Record<string, string>): void {
    const key = labelText(labels);
    let h = this.histos.get(key);
    if (!h) {
      h = { labels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.histos.set(key, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [labels, v] of c.values) out.push(`${name}${labels} ${v}`);
    }
    for (const g of this.gauges)
      out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.read()}`);
    const hn = "tessera_http_request_duration_seconds";
    out.push(`# HELP ${hn} HTTP request latency`, `# TYPE ${hn} histogram`);
    for (const h of this.histos.values()) {
      BUCKETS.forEach((b, i) => {
        out.push(`${hn}_bucket${labelText({ ...h.labels, le: String(b) })} ${h.counts[i]}`);
      });
      out.push(`${hn}_bucket${labelText({ ...h.labels, le: "+Inf" })} ${h.count}`);
      out.push(`${hn}_sum${labelText(h.labels)} ${h.sum}`, `${hn}_count${labelText(h.labels)} ${h.count}`);
    }
    return `${out.join("\n")}\n`;
  }
}
