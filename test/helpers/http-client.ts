import { request } from 'node:http';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /**
   * The loopback address the request comes from (127.0.0.x). The server limits per source IP, so
   * tests that make many calls use their own address, like distinct clients.
   */
  from?: string;
}

/** One HTTP call to the local server, from a chosen loopback address. */
export function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: options.method ?? (payload ? 'POST' : 'GET'), headers, localAddress: options.from },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            // not JSON; `text` has it
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

let nextAddress = 10;
/** A fresh loopback source address per call site: a distinct client for the rate limits. */
export function freshClientAddress(): string {
  nextAddress += 1;
  return `127.0.${Math.floor(nextAddress / 250) % 250}.${(nextAddress % 250) + 2}`;
}
