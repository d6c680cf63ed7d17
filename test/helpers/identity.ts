import { randomUUID } from 'node:crypto';
import { type ApiResponse, call } from './http-client.js';

export const STRONG_PASSWORD = 'plum-orbit-velvet-42';

export interface Account {
  email: string;
  password: string;
  userId: string;
}

/** Registers a fresh account over HTTP. */
export async function registerAccount(baseUrl: string, from: string, email = `trader-${randomUUID()}@example.com`): Promise<Account> {
  const response = await call(baseUrl, '/auth/register', { body: { email, password: STRONG_PASSWORD }, from });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${response.text}`);
  return { email, password: STRONG_PASSWORD, userId: response.json.userId as string };
}

export async function login(baseUrl: string, from: string, account: { email: string; password: string }, totp?: string): Promise<ApiResponse> {
  return call(baseUrl, '/auth/login', { body: { email: account.email, password: account.password, ...(totp ? { totp } : {}) }, from });
}

/** Logs in and returns the token pair, failing the test loudly otherwise. */
export async function tokensFor(baseUrl: string, from: string, account: { email: string; password: string }): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await login(baseUrl, from, account);
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${response.text}`);
  return { accessToken: response.json.accessToken as string, refreshToken: response.json.refreshToken as string };
}
