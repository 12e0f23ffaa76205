export { accountFigures } from './accountFiguresOneShot.js';
export type { AccountFigures } from './AccountFigures.js';
export type { CompiledAccountHandle } from './CompiledAccountHandle.js';
export type { PreTradeCheck } from './engineFigures.js';
