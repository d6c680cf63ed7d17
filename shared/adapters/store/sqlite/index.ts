/** The SQLite ItemStore. Imported only by local and test wiring: Lambda bundles never include it. */
export { SqliteItemStore, createSqliteItemStore, type SqliteItemStoreOptions } from './store.js';
