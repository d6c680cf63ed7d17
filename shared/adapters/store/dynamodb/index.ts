/** The DynamoDB ItemStore (what Lambda uses). Imports no SQLite code, so Lambda bundles contain none. */
export { createDynamoDbClient, type DynamoDbClientOptions } from './client.js';
export { createTableInput, createTables, type CreateTablesOptions } from './create-tables.js';
export { DynamoDbItemStore, type DynamoDbItemStoreOptions } from './store.js';
