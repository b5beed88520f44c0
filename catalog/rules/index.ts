export { evaluate } from './evaluate.js';
export { validate } from './validate.js';
export { count } from './count.js';
export { compileProduct, type CompiledProduct } from './compileProduct.js';
export { conditionHolds } from './condition.js';
export * from './types.js';
export { lint } from './lint.js';
