export { snsNotifier, type Notifier, type SnsNotifierOptions } from './sns-notifier.js';
