using System.Runtime.CompilerServices;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The LSTM forward pass for inference on the host, input projection fused into the recurrence: per step, a block of
/// <see cref="Rows"/> events of one direction computes z = bias + x_t W + h_prev U for one register of units of all
/// four gates at once (a 4-event x 4-gate register tile), applies the gate nonlinearities (staged through 16
/// registers' worth of stack, still in L1) and writes only c (into a per-block row of scratch) and h (into the
/// output). Nothing is kept for a backward pass, so the working set is W, U, the block's x and h rows and its cells:
/// a few KiB at the notebook shape, instead of the training forward's gates [D, B, L, 4H] written by a GEMM and
/// re-read by the recurrence.
/// </summary>
/// <remarks>
/// Blocks are fixed by the batch alone and are independent recurrences, so the result does not depend on the thread
/// count. Every z element is one chain of multiply-adds (fused or not at every width alike) from the bias over x then
/// h in index order, and the activations are element-wise IEEE formulas, so every register width gives the same bits.
/// Against the training forward (<see cref="HostLstm.Forward"/> after a GEMM) the summation order of x W + bias
/// differs, and the gates use the cheaper one-division sigmoid and tanh
/// (<see cref="HostLstmActivations.SigmoidOneDivision{TVec}"/>, <see cref="HostLstmActivations.TanhOneDivision{TVec}"/>:
/// at the notebook shape the nonlinearities are about a third of the multiply-add port's work): the outputs agree to
/// a few 1e-7, not bit for bit.
/// </remarks>
internal static unsafe class HostLstmInference
{
    /// <summary>Events one block carries through the steps in lockstep.</summary>
    public const int Rows = 4;

    /// <summary>Blocks of one call: per direction, one per group of <see cref="Rows"/> events.</summary>
    public static int Blocks(int directions, int batch) => directions * ((batch + Rows - 1) / Rows);

    /// <summary>
    /// Floats of scratch a call needs: a zero row of max(Cin, H) (the x and h_prev of block rows without an event at
    /// a step), then per block the cells of its events and one row each for the cell and output of those empty rows.
    /// </summary>
    public static long ScratchLength(int directions, int batch, int inputs, int hidden) =>
        Math.Max(inputs, hidden) + ((long)Blocks(directions, batch) * (Rows + 2) * hidden);

    /// <summary>
    /// Writes h of every event and direction into <paramref name="output"/> [B', L, D * H] from
    /// <paramref name="input"/> [B', L, Cin], 0 at padded steps (see <see cref="LstmOps.Inference"/>).
    /// <paramref name="scratch"/> holds <see cref="ScratchLength"/> floats.
    /// </summary>
    public static void Run(
        in LstmShape shape, int inputs, float* lengths, float* input, float* output, float* forwardKernel,
        float* forwardRecurrent, float* forwardBias, float* reverseKernel, float* reverseRecurrent, float* reverseBias,
        float* scratch, SimdWidth width)
    {
        new Span<float>(scratch, Math.Max(inputs, shape.Hidden)).Clear();
        var body = new HostLstmInferenceBody(
            shape, inputs, lengths, input, output, forwardKernel, forwardRecurrent, forwardBias, reverseKernel,
            reverseRecurrent, reverseBias, scratch);
        SimdDispatch.For(width, Blocks(shape.Directions, shape.Batch), body);
    }

    /// <summary>
    /// Runs block <paramref name="block"/> of <paramref name="op"/> with vectors of <typeparamref name="TVec"/>.
    /// </summary>
    public static void Block<TVec>(in HostLstmInferenceBody op, int block)
        where TVec : struct, IFloatVector<TVec>
    {
        var s = op.Shape;
        int groups = (s.Batch + Rows - 1) / Rows;
        int direction = block / groups;
        int first = (block % groups) * Rows;
        int hidden = s.Hidden;
        int inputs = op.Inputs;
        float* w = direction == 0 ? op.ForwardKernel : op.ReverseKernel;
        float* u = direction == 0 ? op.ForwardRecurrent : op.ReverseRecurrent;
        float* bias = direction == 0 ? op.ForwardBias : op.ReverseBias;
        float* zeros = op.Scratch;
        float* blockCells = op.Scratch + Math.Max(inputs, hidden) + ((long)block * (Rows + 2) * hidden);
        float* spareCell = blockCells + (Rows * hidden);
        float* spareOutput = spareCell + hidden;
        new Span<float>(blockCells, (Rows + 2) * hidden).Clear();

        int events = Math.Min(Rows, s.Batch - first);
        int* lengthOf = stackalloc int[Rows];
        int longest = 0;
        for (int e = 0; e < events; e++)
        {
            lengthOf[e] = LstmKernels.EventLength(op.Lengths[first + e], s.Steps);
            longest = Math.Max(longest, lengthOf[e]);
        }

        float** x = stackalloc float*[Rows];
        float** h = stackalloc float*[Rows];
        float** c = stackalloc float*[Rows];
        float** y = stackalloc float*[Rows];
        float* z = stackalloc float[Rows * 4 * TVec.Count];
        for (int step = 0; step < longest; step++)
        {
            for (int e = 0; e < Rows; e++)
            {
                if (e < events && step < lengthOf[e])
                {
                    int b = first + e;
                    int t = direction == 0 ? step : lengthOf[e] - 1 - step;
                    x[e] = op.Input + ((((long)b * s.Steps) + t) * inputs);
                    h[e] = step == 0 ? zeros : op.Output + OutputRow(s, direction, b, direction == 0 ? t - 1 : t + 1);
                    c[e] = blockCells + (e * hidden);
                    y[e] = op.Output + OutputRow(s, direction, b, t);
                }
                else
                {
                    // No event here at this step: zeros in, results into the spare rows.
                    x[e] = zeros;
                    h[e] = zeros;
                    c[e] = spareCell;
                    y[e] = spareOutput;
                }
            }

            // h_prev = 0 at the first step: the training forward adds no h U there either.
            bool recurrent = step > 0;
            int k = 0;
            for (; k + TVec.Count <= hidden; k += TVec.Count)
            {
                Tile<TVec>(x, inputs, h, hidden, w, u, bias, c, y, k, recurrent, z);
            }

            for (; k < hidden; k++)
            {
                Tile<FloatX1>(x, inputs, h, hidden, w, u, bias, c, y, k, recurrent, z);
            }
        }

        for (int e = 0; e < events; e++)
        {
            for (int t = lengthOf[e]; t < s.Steps; t++)
            {
                new Span<float>(op.Output + OutputRow(s, direction, first + e, t), hidden).Clear();
            }
        }
    }

    // Units k .. k + lanes - 1 of the four rows at one step: z of gates i, f, g, o in 16 registers, then c and h.
    // z is room for 16 registers.
    private static void Tile<TVec>(
        float** x, int inputs, float** h, int hidden, float* w, float* u, float* bias, float** c, float** y, int k,
        bool recurrent, float* z)
        where TVec : struct, IFloatVector<TVec>
    {
        int g1 = hidden, g2 = 2 * hidden, g3 = 3 * hidden, width = 4 * hidden;
        var bi = TVec.Load(bias + k);
        var bf = TVec.Load(bias + g1 + k);
        var bg = TVec.Load(bias + g2 + k);
        var bo = TVec.Load(bias + g3 + k);
        TVec i0 = bi, f0 = bf, c0 = bg, o0 = bo;
        TVec i1 = bi, f1 = bf, c1 = bg, o1 = bo;
        TVec i2 = bi, f2 = bf, c2 = bg, o2 = bo;
        TVec i3 = bi, f3 = bf, c3 = bg, o3 = bo;

        float* a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3];
        float* row = w + k;
        for (int q = 0; q < inputs; q++, row += width)
        {
            var wi = TVec.Load(row);
            var wf = TVec.Load(row + g1);
            var wg = TVec.Load(row + g2);
            var wo = TVec.Load(row + g3);
            var v = TVec.Create(a0[q]);
            TVec.AddProduct(ref i0, v, wi); TVec.AddProduct(ref f0, v, wf);
            TVec.AddProduct(ref c0, v, wg); TVec.AddProduct(ref o0, v, wo);
            v = TVec.Create(a1[q]);
            TVec.AddProduct(ref i1, v, wi); TVec.AddProduct(ref f1, v, wf);
            TVec.AddProduct(ref c1, v, wg); TVec.AddProduct(ref o1, v, wo);
            v = TVec.Create(a2[q]);
            TVec.AddProduct(ref i2, v, wi); TVec.AddProduct(ref f2, v, wf);
            TVec.AddProduct(ref c2, v, wg); TVec.AddProduct(ref o2, v, wo);
            v = TVec.Create(a3[q]);
            TVec.AddProduct(ref i3, v, wi); TVec.AddProduct(ref f3, v, wf);
            TVec.AddProduct(ref c3, v, wg); TVec.AddProduct(ref o3, v, wo);
        }

        if (recurrent)
        {
            a0 = h[0]; a1 = h[1]; a2 = h[2]; a3 = h[3];
            row = u + k;
            for (int q = 0; q < hidden; q++, row += width)
            {
                var ui = TVec.Load(row);
                var uf = TVec.Load(row + g1);
                var ug = TVec.Load(row + g2);
                var uo = TVec.Load(row + g3);
                var v = TVec.Create(a0[q]);
                TVec.AddProduct(ref i0, v, ui); TVec.AddProduct(ref f0, v, uf);
                TVec.AddProduct(ref c0, v, ug); TVec.AddProduct(ref o0, v, uo);
                v = TVec.Create(a1[q]);
                TVec.AddProduct(ref i1, v, ui); TVec.AddProduct(ref f1, v, uf);
                TVec.AddProduct(ref c1, v, ug); TVec.AddProduct(ref o1, v, uo);
                v = TVec.Create(a2[q]);
                TVec.AddProduct(ref i2, v, ui); TVec.AddProduct(ref f2, v, uf);
                TVec.AddProduct(ref c2, v, ug); TVec.AddProduct(ref o2, v, uo);
                v = TVec.Create(a3[q]);
                TVec.AddProduct(ref i3, v, ui); TVec.AddProduct(ref f3, v, uf);
                TVec.AddProduct(ref c3, v, ug); TVec.AddProduct(ref o3, v, uo);
            }
        }

        // Through memory, not as arguments: the accumulators must not be live across a call, or the JIT keeps
        // them on the stack inside the loops above.
        int lanes = TVec.Count;
        TVec.Store(i0, z); TVec.Store(f0, z + lanes); TVec.Store(c0, z + (2 * lanes)); TVec.Store(o0, z + (3 * lanes));
        TVec.Store(i1, z + (4 * lanes)); TVec.Store(f1, z + (5 * lanes));
        TVec.Store(c1, z + (6 * lanes)); TVec.Store(o1, z + (7 * lanes));
        TVec.Store(i2, z + (8 * lanes)); TVec.Store(f2, z + (9 * lanes));
        TVec.Store(c2, z + (10 * lanes)); TVec.Store(o2, z + (11 * lanes));
        TVec.Store(i3, z + (12 * lanes)); TVec.Store(f3, z + (13 * lanes));
        TVec.Store(c3, z + (14 * lanes)); TVec.Store(o3, z + (15 * lanes));
        Finish<TVec>(z, c, y, k);
    }

    // The gate nonlinearities and state update of the four rows from z [row][gate i, f, g, o][lanes]: c = f c_prev
    // + i g into the cell rows, h = o tanh c into the output rows, units k .. k + lanes - 1.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Finish<TVec>(float* z, float** c, float** y, int k)
        where TVec : struct, IFloatVector<TVec>
    {
        int lanes = TVec.Count;
        for (int e = 0; e < Rows; e++, z += 4 * lanes)
        {
            var i = HostLstmActivations.SigmoidOneDivision<TVec>(TVec.Load(z));
            var f = HostLstmActivations.SigmoidOneDivision<TVec>(TVec.Load(z + lanes));
            var g = HostLstmActivations.TanhOneDivision<TVec>(TVec.Load(z + (2 * lanes)));
            var o = HostLstmActivations.SigmoidOneDivision<TVec>(TVec.Load(z + (3 * lanes)));
            float* cell = c[e] + k;
            var state = TVec.Add(TVec.Multiply(f, TVec.Load(cell)), TVec.Multiply(i, g));
            TVec.Store(state, cell);
            TVec.Store(TVec.Multiply(o, HostLstmActivations.TanhOneDivision<TVec>(state)), y[e] + k);
        }
    }

    private static long OutputRow(in LstmShape s, int direction, int b, int t) =>
        ((((long)b * s.Steps) + t) * s.Directions * s.Hidden) + ((long)direction * s.Hidden);
}
