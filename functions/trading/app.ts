import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';
import { getAccount, getLedger, getMyOrders, getPositions } from './me.js';
import { pauseMarket, resolveMarket, resumeMarket, voidMarket } from './lifecycle.js';
import { createMarket, getBook, getMarket, getTrades, listMarkets, searchMarkets } from './markets.js';
import { cancelAllOrders, cancelOrder, placeOrder } from './orders.js';

/** The trading area: markets, orders, the caller's account, and market lifecycle. */
export function createTradingHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler(
    'trading',
    {
      listMarkets: listMarkets(deps),
      createMarket: createMarket(deps),
      getMarket: getMarket(deps),
      searchMarkets: searchMarkets(deps),
      getBook: getBook(deps),
      getTrades: getTrades(deps),
      placeOrder: placeOrder(deps),
      cancelOrder: cancelOrder(deps),
      cancelAllOrders: cancelAllOrders(deps),
      getAccount: getAccount(deps),
      getMyOrders: getMyOrders(deps),
      getPositions: getPositions(deps),
      getLedger: getLedger(deps),
      resolveMarket: resolveMarket(deps),
      voidMarket: voidMarket(deps),
      pauseMarket: pauseMarket(deps),
      resumeMarket: resumeMarket(deps),
    },
    wiringOf(deps),
  );
}
