export { importXcsp, optionId, kebab } from './xcsp.js';
export { tableFromCsv, type TableImportResult } from './tableFromCsv.js';
