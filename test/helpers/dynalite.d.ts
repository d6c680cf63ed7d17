// dynalite ships no type declarations; this describes the part of its API the tests use.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** How long tables stay CREATING / DELETING / UPDATING; 0 makes them ACTIVE at once. */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    /** LevelDB directory; in memory when omitted. */
    path?: string;
  }

  /** An http.Server speaking the DynamoDB JSON API; call listen() on it. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
