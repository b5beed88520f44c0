// Minimal typing of the parts of logic-solver (MiniSat in JavaScript) the engine's oracle uses.
declare module 'logic-solver' {
  type Formula = string | object;
  interface Solution {
    getTrueVars(): string[];
  }
  interface SolverInstance {
    require(...f: Formula[]): void;
    solve(): Solution | null;
    solveAssuming(f: Formula): Solution | null;
  }
  const Logic: {
    Solver: new () => SolverInstance;
    and(...f: Formula[]): Formula;
    or(...f: Formula[]): Formula;
    not(f: Formula): Formula;
    implies(a: Formula, b: Formula): Formula;
    exactlyOne(...f: Formula[]): Formula;
    TRUE: Formula;
    FALSE: Formula;
  };
  export default Logic;
}
