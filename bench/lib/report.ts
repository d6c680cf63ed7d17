import type { LoadResult } from './measure.js';

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** A table of the subject beside its peer, with the ratios that make the comparison honest. */
export function printComparison(title: string, peerName: string, peer: LoadResult, subjectName: string, subject: LoadResult): void {
  const rows: [string, string, string, string, string, string][] = [
    ['', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx'],
    [peerName, fixed(peer.requestsPerSecond, 0), fixed(peer.p50), fixed(peer.p95), fixed(peer.p99), String(peer.non2xx + peer.errors)],
    [subjectName, fixed(subject.requestsPerSecond, 0), fixed(subject.p50), fixed(subject.p95), fixed(subject.p99), String(subject.non2xx + subject.errors)],
    [
      `ratio (${subjectName.split(' ')[0]} / peer)`,
      `${fixed(subject.requestsPerSecond / peer.requestsPerSecond)}x`,
      `${fixed(subject.p50 / peer.p50)}x`,
      `${fixed(subject.p95 / peer.p95)}x`,
      `${fixed(subject.p99 / peer.p99)}x`,
      '',
    ],
  ];
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  process.stdout.write(`\n${title}\n`);
  for (const row of rows) {
    process.stdout.write(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}\n`);
  }
}
