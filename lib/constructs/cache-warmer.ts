import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import { Construct, type IConstruct } from 'constructs';
import { TABLES } from '../../shared/store/tables.js';
import { workerEntry } from '../project.js';
import { FundcastFunction, type FundcastFunctionProps } from './api-function.js';
import { grantColdStartAccess } from './function-access.js';
import { grantTableRead } from './table-access.js';

/** The warmer's short name: function `fundcast-<stage>-cache-warm`, entry `functions/workers/cache-warm.ts`. */
export const CACHE_WARMER_NAME = 'cache-warm';

export const CACHE_WARMER = {
  /** Fifty markets, three reads each, eight at a time: seconds when healthy, so a minute is generous. */
  timeout: Duration.seconds(60),
  /** A second warm running beside the first would only read the same markets twice. */
  reservedConcurrency: 1,
} as const;

export interface CacheWarmerProps extends Omit<FundcastFunctionProps, 'name' | 'entry' | 'purpose' | 'timeout' | 'reservedConcurrency'> {
  /** The table the markets are read from (read-only). */
  readonly table: ITable;
  /** Constructs the first warm must wait for (the cache, the table), besides the function itself. */
  readonly runAfter?: readonly IConstruct[];
}

/**
 * Fills the L2 cache with the most-read markets (`functions/workers/cache-warm.ts`). Runs after a
 * deployment that changes it (a CDK trigger) and by hand; when the low_cache_performance alarm
 * fires, the alert dispatcher runs the same warm in-process (under the rule's cooldown).
 * Read-only: the main table, the identity secrets and the cache token its cold start loads.
 */
export class CacheWarmer extends Construct {
  public readonly warmer: FundcastFunction;
  public readonly trigger: Trigger;

  constructor(scope: Construct, id: string, props: CacheWarmerProps) {
    super(scope, id);
    const { table, runAfter = [], ...common } = props;

    this.warmer = new FundcastFunction(this, 'Warmer', {
      ...common,
      name: CACHE_WARMER_NAME,
      entry: workerEntry(CACHE_WARMER_NAME),
      purpose: 'cache warmer',
      timeout: CACHE_WARMER.timeout,
      reservedConcurrency: CACHE_WARMER.reservedConcurrency,
    });
    grantTableRead(this.warmer.function, table, TABLES.main);
    grantColdStartAccess(this.warmer, props);

    // Runs on the first deployment and whenever the function's code or configuration changes (its
    // current version changes): new cache key formats, a new cache endpoint. CDK has no "every
    // deployment" mode; docs/deploy.md says how to warm by hand.
    // Asynchronous: warming is best effort, and a failed synchronous warm would fail the deployment
    // and be invoked again by the rollback, which can leave the stack in UPDATE_ROLLBACK_FAILED.
    this.trigger = new Trigger(this, 'AfterDeploy', {
      handler: this.warmer.function,
      invocationType: InvocationType.EVENT,
      executeOnHandlerChange: true,
      executeAfter: [this.warmer],
    });
    // Constructs of the data stack only add the api → data stack dependency that already exists;
    // named anyway so the trigger's ordering does not rest on that.
    this.trigger.node.addDependency(...runAfter);
  }
}
