/**
 * A pairwise Markov random field over the counted attributes, learned by maximum
 * pseudo-likelihood: for every variable i, P(x_i = a | the others) ∝ exp(b_i(a) + Σ_j W_ij(a, x_j)),
 * the weights W_ij = W_jiᵀ shared by the two conditionals, with an L2 penalty on W. Trained by
 * full-batch Adam over the distinct configurations weighted by how often they were ordered (the
 * input is the table of distinct value combinations and their counts: nothing else of an order).
 */
export interface PairwiseData {
  /** Domain size of each variable (value indices 0 … size-1). */
  sizes: number[];
  /** Distinct configurations, row-major: rows[r * nVars + i] = value index of variable i. */
  rows: Int32Array;
  /** How many orders took each distinct configuration. */
  weight: Float64Array;
}

export interface PairwiseWeights {
  sizes: number[];
  /** Per variable, its bias per value. */
  bias: Float64Array[];
  /** W for i < j at pairIndex(i, j): W_ij(a, b) at a * sizes[j] + b. */
  pair: Float64Array[];
}

export interface TrainOptions {
  /** L2 penalty on the pair weights (per unit of order weight). */
  l2: number;
  /** L1 penalty on the pair weights (a subgradient step; pushes weights that matter little to 0). */
  l1?: number;
  iterations: number;
  learningRate: number;
}

export const DEFAULT_TRAIN: TrainOptions = { l2: 0.0001, iterations: 100, learningRate: 0.15 };

export function pairIndex(n: number, i: number, j: number): number {
  // Pairs (i, j), i < j, in row order.
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * The weights live in one dense symmetric value-by-value matrix W (V = Σ sizes rows and columns,
 * the blocks within one variable held at 0), so that a configuration's logits for every value
 * of every variable are a sum of its n rows of W, and the gradient n adds of one residual
 * vector: contiguous loops, no per-pair bookkeeping.
 */
export function trainPseudoLikelihood(data: PairwiseData, options: TrainOptions = DEFAULT_TRAIN): PairwiseWeights {
  const { sizes, rows, weight } = data;
  const n = sizes.length;
  const nRows = weight.length;
  const totalWeight = weight.reduce((s, w) => s + w, 0) || 1;
  const off = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) off[i + 1] = off[i]! + sizes[i]!;
  const V = off[n]!;
  const varOf = new Int32Array(V);
  for (let i = 0; i < n; i++) varOf.fill(i, off[i]!, off[i + 1]!);
  const bias = new Float64Array(V);
  const W = new Float64Array(V * V);
  const gb = new Float64Array(V);
  const G = new Float64Array(V * V);
  const mb = new Float64Array(V);
  const vb = new Float64Array(V);
  const mW = new Float64Array(V * V);
  const vW = new Float64Array(V * V);
  // Start from the smoothed log-frequencies.
  for (let r = 0; r < nRows; r++) for (let i = 0; i < n; i++) bias[off[i]! + rows[r * n + i]!]! += weight[r]!;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let v = off[i]!; v < off[i + 1]!; v++) s += bias[v]! + 0.5;
    for (let v = off[i]!; v < off[i + 1]!; v++) bias[v] = Math.log((bias[v]! + 0.5) / s);
  }
  const feat = new Int32Array(n);
  const L = new Float64Array(V);
  const b1 = 0.9;
  const b2 = 0.999;
  const l2 = 2 * options.l2;
  const l1 = options.l1 ?? 0;
  for (let it = 1; it <= options.iterations; it++) {
    gb.fill(0);
    G.fill(0);
    for (let r = 0; r < nRows; r++) {
      const w = weight[r]! / totalWeight;
      for (let i = 0; i < n; i++) feat[i] = off[i]! + rows[r * n + i]!;
      L.set(bias);
      for (let i = 0; i < n; i++) {
        const row = feat[i]! * V;
        for (let v = 0; v < V; v++) L[v]! += W[row + v]!;
      }
      // Per variable: softmax, then the residual P(v) − [v observed], times the row's weight.
      for (let i = 0; i < n; i++) {
        let mx = -Infinity;
        for (let v = off[i]!; v < off[i + 1]!; v++) if (L[v]! > mx) mx = L[v]!;
        let z = 0;
        for (let v = off[i]!; v < off[i + 1]!; v++) z += L[v] = Math.exp(L[v]! - mx);
        for (let v = off[i]!; v < off[i + 1]!; v++) L[v] = (w * L[v]!) / z;
        L[feat[i]!]! -= w;
      }
      for (let v = 0; v < V; v++) gb[v]! += L[v]!;
      for (let i = 0; i < n; i++) {
        const row = feat[i]! * V;
        for (let v = 0; v < V; v++) G[row + v]! += L[v]!;
      }
    }
    const lr = (options.learningRate * Math.sqrt(1 - b2 ** it)) / (1 - b1 ** it);
    for (let v = 0; v < V; v++) {
      const g = gb[v]!;
      mb[v] = b1 * mb[v]! + (1 - b1) * g;
      vb[v] = b2 * vb[v]! + (1 - b2) * g * g;
      bias[v]! -= (lr * mb[v]!) / (Math.sqrt(vb[v]!) + 1e-8);
    }
    // W is symmetric: the gradient of W(u, v) = W(v, u) is G(u, v) + G(v, u); one variable's own block stays 0.
    for (let u = 0; u < V; u++)
      for (let v = u + 1; v < V; v++) {
        if (varOf[u] === varOf[v]) continue;
        const q = u * V + v;
        const g = G[q]! + G[v * V + u]! + l2 * W[q]! + l1 * Math.sign(W[q]!);
        mW[q] = b1 * mW[q]! + (1 - b1) * g;
        vW[q] = b2 * vW[q]! + (1 - b2) * g * g;
        W[q] = W[v * V + u] = W[q]! - (lr * mW[q]!) / (Math.sqrt(vW[q]!) + 1e-8);
      }
  }
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const block = new Float64Array(sizes[i]! * sizes[j]!);
      for (let a = 0; a < sizes[i]!; a++)
        for (let b = 0; b < sizes[j]!; b++) block[a * sizes[j]! + b] = W[(off[i]! + a) * V + off[j]! + b]!;
      out.push(block);
    }
  return { sizes, bias: sizes.map((_, i) => bias.slice(off[i]!, off[i + 1]!)), pair: out };
}
