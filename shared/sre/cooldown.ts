import { ConditionFailedError } from '../store/errors.js';
import type { ItemStore } from '../store/port.js';
import type { AlertRule } from './alert-rules.js';
import { alertKey, DAY_MS, SRE_ITEM_TYPE, SRE_TABLE } from './bucket-keys.js';

/**
 * Claims the right to fire `rule` at `now` (epoch ms): true for exactly one caller per cooldown
 * window, across containers, because the claim is one conditional update of the rule's item.
 * Store failures other than a lost claim are thrown, so the dispatcher can retry; a retry
 * after an ambiguous failure that did land sees the claim as taken (the alert is not repeated).
 */
export async function claimAlert(store: ItemStore, rule: Pick<AlertRule, 'id' | 'cooldownSeconds'>, now: number): Promise<boolean> {
  const cooldownMs = rule.cooldownSeconds * 1000;
  try {
    await store.write([
      {
        type: 'update',
        table: SRE_TABLE,
        key: alertKey(rule.id),
        update: {
          set: {
            type: SRE_ITEM_TYPE.alert,
            ruleId: rule.id,
            lastFiredAt: now,
            // Gone or not, an expired item lets the next claim through, which is what it should do.
            expiresAt: Math.floor((now + cooldownMs + DAY_MS) / 1000),
          },
        },
        condition: {
          kind: 'or',
          conditions: [
            { kind: 'attributeNotExists', name: 'lastFiredAt' },
            { kind: 'compare', name: 'lastFiredAt', op: '<=', value: now - cooldownMs },
          ],
        },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}
