/*
 * A deliberately naive model of the binary order book, for model-based tests: one flat list
 * of resting orders, searched from scratch on every step (filter + sort), plain numbers for
 * cash and shares, and a whole-model snapshot for FOK roll-back. It shares no code with the
 * engine; fees use Math.ceil on the exact quotient, affordability a count-down loop.
 */

type Outcome = 'YES' | 'NO';
type Side = 'buy' | 'sell';

export interface RefOrder {
  id: string;
  userId: string;
  outcome: Outcome;
  side: Side;
  price: number;
  quantity: number;
  filled: number;
  seq: number;
}

export interface RefUser {
  available: number;
  locked: number;
  shares: Record<Outcome, number>;
  lockedShares: Record<Outcome, number>;
}

export interface RefFill {
  price: number;
  quantity: number;
  makerOrderId: string;
  makerUserId: string;
  kind: 'transfer' | 'mint' | 'merge';
}

export interface RefPlace {
  orderId: string;
  userId: string;
  outcome: Outcome;
  side: Side;
  type: 'limit' | 'market';
  price: number | null;
  quantity: number;
  timeInForce: 'GTC' | 'IOC' | 'FOK';
  maxCost: number | null;
}

export interface RefResult {
  status: string;
  filledQuantity: number;
  fills: RefFill[];
  cancelled: string[];
}

const fee = (notional: number, bps: number) => Math.ceil((notional * bps) / 10_000);
const other = (o: Outcome): Outcome => (o === 'YES' ? 'NO' : 'YES');

export class ReferenceBook {
  orders: RefOrder[] = [];
  users: Record<string, RefUser> = {};
  escrow = 0;
  fees = 0;
  seq = 0;

  constructor(
    users: Record<string, number>,
    readonly feeBps: number,
  ) {
    for (const [id, cash] of Object.entries(users)) {
      this.users[id] = { available: cash, locked: 0, shares: { YES: 0, NO: 0 }, lockedShares: { YES: 0, NO: 0 } };
    }
  }

  private user(id: string): RefUser {
    const u = this.users[id];
    if (!u) throw new Error(`unknown ${id}`);
    return u;
  }

  credit(userId: string, amount: number): void {
    this.user(userId).available += amount;
  }

  private release(order: RefOrder): void {
    const u = this.user(order.userId);
    const left = order.quantity - order.filled;
    if (order.side === 'buy') {
      u.locked -= left * order.price;
      u.available += left * order.price;
    } else {
      u.lockedShares[order.outcome] -= left;
      u.shares[order.outcome] += left;
    }
    this.orders = this.orders.filter((o) => o.id !== order.id);
  }

  cancel(userId: string, orderId: string): boolean {
    const order = this.orders.find((o) => o.id === orderId && o.userId === userId);
    if (!order) return false;
    this.release(order);
    return true;
  }

  cancelAll(userId: string): string[] {
    const mine = this.orders.filter((o) => o.userId === userId);
    mine.forEach((o) => this.release(o));
    return mine.map((o) => o.id);
  }

  place(cmd: RefPlace): RefResult {
    const rejected = { status: 'rejected', filledQuantity: 0, fills: [], cancelled: [] };
    const snapshot = structuredClone({ orders: this.orders, users: this.users, escrow: this.escrow, fees: this.fees });
    const u = this.user(cmd.userId);
    const bps = this.feeBps;
    let budget = 0;
    if (cmd.side === 'buy') {
      const perShare = (p: number) => p + Math.ceil((p * bps) / 10_000);
      budget = cmd.type === 'limit' ? cmd.quantity * perShare(cmd.price ?? 0) : (cmd.maxCost ?? cmd.quantity * perShare(99));
      if (u.available < budget) return rejected;
      u.available -= budget;
      u.locked += budget;
    } else {
      if (u.shares[cmd.outcome] < cmd.quantity) return rejected;
      u.shares[cmd.outcome] -= cmd.quantity;
      u.lockedShares[cmd.outcome] += cmd.quantity;
    }
    this.seq += 1;
    const lim = cmd.price ?? (cmd.side === 'buy' ? 99 : 1);
    let remaining = cmd.quantity;
    const fills: RefFill[] = [];
    const cancelled: string[] = [];
    for (;;) {
      if (remaining === 0) break;
      const candidates = this.orders
        .map((r) => {
          if (cmd.side === 'buy' && r.outcome === cmd.outcome && r.side === 'sell') return { r, eff: r.price, kind: 'transfer' as const };
          if (cmd.side === 'buy' && r.outcome !== cmd.outcome && r.side === 'buy') return { r, eff: 100 - r.price, kind: 'mint' as const };
          if (cmd.side === 'sell' && r.outcome === cmd.outcome && r.side === 'buy') return { r, eff: r.price, kind: 'transfer' as const };
          if (cmd.side === 'sell' && r.outcome !== cmd.outcome && r.side === 'sell') return { r, eff: 100 - r.price, kind: 'merge' as const };
          return null;
        })
        .filter((c) => c !== null)
        .filter((c) => (cmd.side === 'buy' ? c.eff <= lim : c.eff >= lim))
        .sort((a, b) => (cmd.side === 'buy' ? a.eff - b.eff : b.eff - a.eff) || a.r.seq - b.r.seq);
      const best = candidates[0];
      if (!best) break;
      const { r, eff, kind } = best;
      if (r.userId === cmd.userId) {
        this.release(r);
        cancelled.push(r.id);
        continue;
      }
      let k = Math.min(remaining, r.quantity - r.filled);
      if (cmd.side === 'buy') while (k > 0 && k * eff + fee(k * eff, bps) > budget) k -= 1;
      if (k === 0) break;
      const m = this.user(r.userId);
      const takerFee = fee(eff * k, bps);
      if (kind === 'transfer' && cmd.side === 'buy') {
        u.locked -= r.price * k;
        m.available += r.price * k;
        m.lockedShares[cmd.outcome] -= k;
        u.shares[cmd.outcome] += k;
      } else if (kind === 'transfer') {
        m.locked -= r.price * k;
        u.available += r.price * k;
        u.lockedShares[cmd.outcome] -= k;
        m.shares[cmd.outcome] += k;
      } else if (kind === 'mint') {
        m.locked -= r.price * k;
        u.locked -= eff * k;
        this.escrow += 100 * k;
        m.shares[other(cmd.outcome)] += k;
        u.shares[cmd.outcome] += k;
      } else {
        this.escrow -= 100 * k;
        m.available += r.price * k;
        u.available += eff * k;
        m.lockedShares[other(cmd.outcome)] -= k;
        u.lockedShares[cmd.outcome] -= k;
      }
      if (cmd.side === 'buy') {
        u.locked -= takerFee;
        budget -= eff * k + takerFee;
      } else {
        u.available -= takerFee;
      }
      this.fees += takerFee;
      r.filled += k;
      if (r.filled === r.quantity) this.orders = this.orders.filter((o) => o !== r);
      remaining -= k;
      fills.push({ price: eff, quantity: k, makerOrderId: r.id, makerUserId: r.userId, kind });
    }
    if (cmd.timeInForce === 'FOK' && remaining > 0) {
      Object.assign(this, snapshot);
      this.seq -= 1;
      return rejected;
    }
    const rests = cmd.timeInForce === 'GTC' && remaining > 0;
    if (cmd.side === 'buy') {
      const keep = rests ? remaining * (cmd.price ?? 0) : 0;
      u.locked -= budget - keep;
      u.available += budget - keep;
    } else if (!rests) {
      u.lockedShares[cmd.outcome] -= remaining;
      u.shares[cmd.outcome] += remaining;
    }
    if (rests) {
      this.orders.push({ id: cmd.orderId, userId: cmd.userId, outcome: cmd.outcome, side: cmd.side, price: cmd.price ?? 0, quantity: cmd.quantity, filled: cmd.quantity - remaining, seq: this.seq });
    }
    const filledQuantity = cmd.quantity - remaining;
    let status = 'filled';
    if (remaining > 0) status = rests ? (filledQuantity > 0 ? 'partially_filled' : 'open') : 'cancelled';
    return { status, filledQuantity, fills, cancelled };
  }

  /** Depth per outcome, aggregated by price, best first. */
  depth(): Record<Outcome, { bids: { price: number; quantity: number }[]; asks: { price: number; quantity: number }[] }> {
    const levels = (outcome: Outcome, side: Side) => {
      const byPrice = new Map<number, number>();
      for (const o of this.orders) if (o.outcome === outcome && o.side === side) byPrice.set(o.price, (byPrice.get(o.price) ?? 0) + o.quantity - o.filled);
      return [...byPrice].sort((a, b) => (side === 'buy' ? b[0] - a[0] : a[0] - b[0])).map(([price, quantity]) => ({ price, quantity }));
    };
    return {
      YES: { bids: levels('YES', 'buy'), asks: levels('YES', 'sell') },
      NO: { bids: levels('NO', 'buy'), asks: levels('NO', 'sell') },
    };
  }
}
