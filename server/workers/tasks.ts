/**
 * The tasks a TaskPool thread can run, by name. Each entry loads its module when a thread first
 * needs it, so a thread starts without loading pdfkit or glTF-Transform it may never use. A task is
 * a plain function of structured-clonable input to structured-clonable output (Buffers arrive as
 * Uint8Array); it throws only for bugs — expected refusals are values.
 *
 * To add one: an entry here, then `ctx.tasks.run('name', input)`.
 */
export const TASKS = {
  /** The production sheet PDF of an order, the snapshot proven and redrawn first (sales). */
  productionSheet: () => import('../exports/productionSheet.js').then((m) => m.productionSheetTask),
  /** A full check of an uploaded image (studio textures). */
  checkImage: () => import('../images/checkImage.js').then((m) => m.checkImageTask),
  /** A full check of an uploaded .glb and its embedded images, and its named parts (studio). */
  inspectGlb: () => import('../studio/inspectGlb.js').then((m) => m.inspectGlbTask),
  /** Echo, throw, spin or allocate: the pool's own tests. */
  selfTest: () => import('./selfTest.js').then((m) => m.selfTest),
};

export type TaskName = keyof typeof TASKS;
type TaskFn<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;
export type TaskInput<N extends TaskName> = Parameters<TaskFn<N>>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<TaskFn<N>>>;
