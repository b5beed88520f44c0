export { evaluateChoices } from './evaluateChoices.js';
export { checkConfiguration } from './checkConfiguration.js';
export { count, variantCount } from './count.js';
export { adoptCompiled, compileProduct, type CompiledProduct, type CompileOptions } from './compileProduct.js';
export { engineComplexity, type EngineComplexity } from './engineComplexity.js';
export { bestCompletion, type UnaryCost } from './bestCompletion.js';
export { conditionHolds } from './condition.js';
export * from './types.js';
export { lint } from './lint.js';
