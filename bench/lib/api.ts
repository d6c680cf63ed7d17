/** Minimal JSON calls for benchmark setup (not measured). */
export async function api(base: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Registers, funds (as the admin) and logs in a trader; resolves its access token. */
export async function fundedTrader(base: string, adminToken: string, name: string, cents = 10_000_000_000): Promise<string> {
  const email = `${name}-${Date.now()}@example.com`;
  const password = 'bench-trader-granite-55';
  const { userId } = await api(base, '/auth/register', { body: { email, password } });
  await api(base, `/admin/accounts/${String(userId)}/credits`, { body: { amount: cents, reason: 'bench funding' }, token: adminToken });
  return (await api(base, '/auth/login', { body: { email, password } })).accessToken as string;
}
