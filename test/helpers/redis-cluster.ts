import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from '../../shared/local/free-port.js';
import { findRedisServer, startRedisOnPort, type LocalRedis } from '../../shared/local/redis-server.js';

/** A real Redis Cluster of `masters` redis-server processes on loopback, slots split evenly. */
export interface RedisCluster {
  /** One node's URL: what a client is given as the configuration endpoint. */
  readonly url: string;
  readonly ports: number[];
  stop(): Promise<void>;
}

const SLOTS = 16_384;

/** A port whose cluster-bus port (+10000) is also free. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await findFreePort();
    if (port + 10_000 < 65_536) return port;
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('redis cluster did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'fundcast-cluster-'));
  const nodes: (LocalRedis & { port: number })[] = [];
  const admins: Redis[] = [];
  const stop = async (): Promise<void> => {
    for (const admin of admins) admin.disconnect();
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    while (nodes.length < masters) {
      const port = await clusterPort();
      const args = ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '2000'];
      const started = await startRedisOnPort(port, binary, 5000, args);
      if (started) nodes.push({ ...started, port });
    }
    for (const node of nodes) admins.push(new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: false }));
    const share = Math.ceil(SLOTS / masters);
    await Promise.all(
      admins.map((admin, i) => admin.call('CLUSTER', 'ADDSLOTSRANGE', String(i * share), String(Math.min(SLOTS, (i + 1) * share) - 1))),
    );
    const [first, ...others] = admins;
    if (!first) throw new Error('no cluster node started');
    for (const node of nodes.slice(1)) await first.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port));
    await waitUntil(async () => {
      const infos = await Promise.all([first, ...others].map((admin) => admin.call('CLUSTER', 'INFO') as Promise<string>));
      return infos.every((info) => info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`));
    }, 15_000);
    return { url: `redis://127.0.0.1:${nodes[0]?.port ?? 0}`, ports: nodes.map((n) => n.port), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
